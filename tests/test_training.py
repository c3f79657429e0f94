"""Tests for cnnlib.training.train on the bundled MNIST digits."""

import numpy as np
import pytest

from cnnlib.datasets import load_mnist
from cnnlib.network import SimpleConvNet
from cnnlib.optim import SGD, Adam
from cnnlib.training import train


@pytest.fixture(scope="module")
def digits():
    (x_train, t_train), (x_test, t_test) = load_mnist()
    return x_train[:1000], t_train[:1000], x_test[:300], t_test[:300]


def small_net():
    return SimpleConvNet(conv_param={"filter_num": 8, "filter_size": 5}, hidden_size=32)


@pytest.mark.slow
def test_training_reduces_the_loss(digits):
    net = small_net()
    lines = []
    history = train(net, *digits, epochs=2, batch_size=50, optimizer=Adam(0.002),
                    seed=0, log=lines.append)  # fmt: skip
    assert (
        len(history["loss"])
        == len(history["train_acc"])
        == len(history["test_acc"])
        == 2
    )
    assert history["loss"][1] < history["loss"][0] < np.log(10)
    assert history["test_acc"][-1] > 0.7
    assert len(lines) == 2
    assert lines[0].startswith("epoch 1/2  loss ")
    assert "train acc" in lines[0] and "test acc" in lines[0]


@pytest.mark.slow
def test_training_is_deterministic(digits):
    x, t = digits[0][:200], digits[1][:200]
    logs = []
    for _ in range(2):
        lines = []
        train(small_net(), x, t, x[:50], t[:50], epochs=1, batch_size=40,
              optimizer=SGD(0.1), seed=3, log=lines.append)  # fmt: skip
        logs.append(lines)
    assert logs[0] == logs[1]


def test_eval_sample_and_partial_batch(digits):
    x, t = digits[0][:90], digits[1][:90]
    history = train(small_net(), x, t, x, t, epochs=1, batch_size=40,
                    optimizer=SGD(0.1), log=None, eval_sample=30)  # fmt: skip
    # accuracy over 30 images is a multiple of 1/30
    assert round(history["test_acc"][0] * 30, 6) == int(
        round(history["test_acc"][0] * 30)
    )


def test_errors(digits):
    x, t = digits[0][:10], digits[1][:10]
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        train(small_net(), x, t, x, t, epochs=0)
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        train(small_net(), x, t, x, t, batch_size=0)
    with pytest.raises(ValueError, match="images and labels differ in length"):
        train(small_net(), x, t[:5], x, t)


def test_eval_name_and_no_evaluation_set(digits):
    x, t = digits[0][:100], digits[1][:100]
    lines = []
    history = train(small_net(), x, t, x[:50], t[:50], epochs=1, batch_size=50,
                    optimizer=SGD(0.1), log=lines.append, eval_name="val")  # fmt: skip
    assert sorted(history) == ["loss", "train_acc", "val_acc"]
    assert "  val acc " in lines[0] and "test acc" not in lines[0]
    lines = []
    history = train(small_net(), x, t, None, None, epochs=1, batch_size=50,
                    optimizer=SGD(0.1), log=lines.append)  # fmt: skip
    assert sorted(history) == ["loss", "train_acc"]
    assert lines[0].endswith(f"train acc {history['train_acc'][0]:.4f}")
    with pytest.raises(ValueError, match="give both x_test and t_test"):
        train(small_net(), x, t, x, None)
