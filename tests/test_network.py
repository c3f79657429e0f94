"""Tests for cnnlib.network.SimpleConvNet."""

import numpy as np
import pytest

from cnnlib.gradcheck import numerical_gradient, relative_error
from cnnlib.network import SimpleConvNet


def tiny_net(dtype=np.float64, seed=0):
    return SimpleConvNet(
        input_dim=(2, 7, 7),
        conv_param={"filter_num": 3, "filter_size": 3, "pad": 1, "stride": 1},
        hidden_size=5,
        output_size=4,
        weight_init_std=0.3,
        seed=seed,
        dtype=dtype,
    )


def test_param_shapes_of_the_book_network():
    net = SimpleConvNet()
    shapes = {k: v.shape for k, v in net.params.items()}
    assert shapes == {
        "W1": (30, 1, 5, 5), "b1": (30,), "W2": (4320, 100), "b2": (100,),
        "W3": (100, 10), "b3": (10,),
    }  # fmt: skip
    assert all(v.dtype == np.float32 for v in net.params.values())


def test_seeded_and_independent_of_global_rng():
    state = np.random.get_state()[1].copy()  # noqa: NPY002
    a = SimpleConvNet(seed=1).params["W2"]
    b = SimpleConvNet(seed=1).params["W2"]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, SimpleConvNet(seed=2).params["W2"])
    # the global RNG is neither seeded nor consumed
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # noqa: NPY002


def test_gradient_matches_numerical_gradient():
    net = tiny_net()
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 2, 7, 7))
    t = np.array([0, 3, 1])
    grads = net.gradient(x, t)
    for key, param in net.params.items():
        numeric = numerical_gradient(lambda _: net.loss(x, t), param)
        assert relative_error(grads[key], numeric) < 1e-6, key


def test_predict_and_loss_values():
    net = tiny_net()
    x = np.random.default_rng(2).standard_normal((3, 2, 7, 7))
    scores = net.predict(x)
    assert scores.shape == (3, 4)
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    t = np.array([1, 2, 0])
    assert net.loss(x, t) == pytest.approx(-log_p[[0, 1, 2], t].mean(), rel=1e-12)


def test_accuracy_is_independent_of_batch_size():
    net = tiny_net()
    rng = np.random.default_rng(3)
    x = rng.standard_normal((10, 2, 7, 7))
    t = rng.integers(0, 4, 10)
    expected = np.mean(net.predict(x).argmax(axis=1) == t)
    assert net.accuracy(x, t, batch_size=3) == pytest.approx(expected)
    assert net.accuracy(x, np.eye(4)[t], batch_size=10) == pytest.approx(expected)


def test_float32_end_to_end():
    net = tiny_net(np.float32)
    x = np.random.default_rng(4).standard_normal((2, 2, 7, 7)).astype(np.float32)
    grads = net.gradient(x, np.array([0, 1]))
    assert net.predict(x).dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())


def test_save_and_load_params(tmp_path):
    path = tmp_path / "params.npz"
    net = tiny_net(seed=0)
    net.save_params(path)
    other = tiny_net(seed=5)
    W1 = other.params["W1"]
    other.load_params(path)
    for key in net.params:
        np.testing.assert_array_equal(other.params[key], net.params[key])
    assert other.params["W1"] is W1  # loaded in place: the layers see it
    x = np.random.default_rng(6).standard_normal((2, 2, 7, 7))
    np.testing.assert_array_equal(other.predict(x), net.predict(x))


def test_load_params_errors(tmp_path):
    path = tmp_path / "wrong.npz"
    SimpleConvNet(hidden_size=7).save_params(path)
    with pytest.raises(ValueError, match=r"W2 in .* has shape \(4320, 7\)"):
        SimpleConvNet().load_params(path)
    np.savez(tmp_path / "partial.npz", W1=np.zeros(1))
    with pytest.raises(ValueError, match="lacks parameters"):
        SimpleConvNet().load_params(tmp_path / "partial.npz")


def test_constructor_errors():
    with pytest.raises(
        ValueError, match="filter_size 30 is larger than the padded input"
    ):
        SimpleConvNet(conv_param={"filter_num": 2, "filter_size": 30})
    with pytest.raises(ValueError, match=r"unknown conv_param keys \['size'\]"):
        SimpleConvNet(conv_param={"size": 3})
    with pytest.raises(ValueError, match=r"input_dim must be \(C, H, W\)"):
        SimpleConvNet(input_dim=(28, 28))
