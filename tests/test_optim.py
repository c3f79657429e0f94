"""Tests for cnnlib.optim."""

import numpy as np
import pytest

from cnnlib.optim import SGD, Adam


def test_sgd_step_in_place():
    W = np.array([1.0, 2.0])
    params = {"W": W}
    SGD(lr=0.1).update(params, {"W": np.array([10.0, -10.0])})
    np.testing.assert_allclose(W, [0.0, 3.0])
    assert params["W"] is W  # same array: the layers see the update


def test_adam_matches_the_formula():
    p0, g1, g2 = np.array([0.5, -1.0]), np.array([0.2, -3.0]), np.array([-0.4, 1.0])
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    params = {"W": p0.copy()}
    adam = Adam(lr, b1, b2, eps)
    adam.update(params, {"W": g1})
    adam.update(params, {"W": g2})
    m = v = 0.0
    p = p0.copy()
    for t, g in enumerate((g1, g2), start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p = p - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    np.testing.assert_allclose(params["W"], p, rtol=1e-12)


@pytest.mark.parametrize("optimizer", [SGD(0.1), Adam(0.1)])
def test_minimises_a_quadratic(optimizer):
    params = {"w": np.array([3.0, -2.0])}
    for _ in range(300):
        optimizer.update(params, {"w": 2 * params["w"]})
    assert np.abs(params["w"]).max() < 1e-2


@pytest.mark.parametrize("cls", [SGD, Adam])
def test_keeps_float32(cls):
    params = {"W": np.ones(3, dtype=np.float32)}
    cls(0.1).update(params, {"W": np.ones(3)})
    assert params["W"].dtype == np.float32


def test_grads_unchanged():
    grads = {"W": np.array([1.0, 2.0])}
    Adam().update({"W": np.zeros(2)}, grads)
    SGD().update({"W": np.zeros(2)}, grads)
    np.testing.assert_array_equal(grads["W"], [1.0, 2.0])


def test_errors():
    with pytest.raises(ValueError, match="lr must be > 0"):
        SGD(0)
    with pytest.raises(ValueError, match="lr must be > 0"):
        Adam(lr=-1.0)
    with pytest.raises(ValueError, match=r"beta1 and beta2 must lie in \[0, 1\)"):
        Adam(beta1=1.0)
    with pytest.raises(KeyError, match="grads lacks"):
        SGD().update({"W": np.zeros(2)}, {})
    with pytest.raises(ValueError, match=r"grads\['W'\] has shape \(3,\)"):
        Adam().update({"W": np.zeros(2)}, {"W": np.zeros(3)})
