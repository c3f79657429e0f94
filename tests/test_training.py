"""Tests for cnnlib.training.train on the bundled MNIST digits."""

import numpy as np
import pytest

from cnnlib.datasets import balanced_indices, load_mnist
from cnnlib.network import SimpleConvNet
from cnnlib.optim import SGD, Adam
from cnnlib.training import train


@pytest.fixture(scope="module")
def digits():
    # Balanced, seeded samples: 100 training and 30 test digits of each class.
    (x_train, t_train), (x_test, t_test) = load_mnist()
    train_idx = balanced_indices(t_train, 100, seed=0)
    test_idx = balanced_indices(t_test, 30, seed=0)
    return x_train[train_idx], t_train[train_idx], x_test[test_idx], t_test[test_idx]


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
    # 300 test digits, 30 of each class: far above chance (0.1) after two
    # short epochs on 1,000 digits
    assert history["test_acc"][-1] > 0.5
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


def test_eval_per_class_and_partial_batch(digits):
    x, t = digits[0][:90], digits[1][:90]
    assert np.bincount(t, minlength=10).min() >= 3
    history = train(small_net(), x, t, x, t, epochs=1, batch_size=40,
                    optimizer=SGD(0.1), log=None, eval_per_class=3)  # fmt: skip
    # accuracy over 3 x 10 = 30 images is a multiple of 1/30
    assert round(history["test_acc"][0] * 30, 6) == int(
        round(history["test_acc"][0] * 30)
    )


def test_eval_per_class_measures_a_balanced_seeded_sample():
    # A stand-in network that records which labels it is scored on.
    class Recorder:
        def __init__(self):
            self.params, self.seen = {"w": np.zeros(1)}, []
            self.last_layer = type("L", (), {"loss": 0.0})()

        def gradient(self, x, t):
            return {"w": np.zeros(1)}

        def accuracy(self, x, t):
            self.seen.append(np.asarray(t).copy())
            return 0.5

    t = np.repeat(np.arange(4), 25)  # sorted by class: the first 8 are all 0
    x = np.zeros((100, 1, 2, 2))
    net = Recorder()
    train(net, x, t, x, t, epochs=2, optimizer=SGD(0.1), log=None, seed=5,
          eval_per_class=2)  # fmt: skip
    assert len(net.seen) == 4
    for labels in net.seen:
        np.testing.assert_array_equal(np.bincount(labels, minlength=4), [2] * 4)
    np.testing.assert_array_equal(net.seen[0], net.seen[2])  # same each epoch
    with pytest.raises(ValueError, match="have only"):
        train(Recorder(), x, t, x, t, log=None, eval_per_class=26)


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
