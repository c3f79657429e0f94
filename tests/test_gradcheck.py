"""Tests for cnnlib.gradcheck."""

import numpy as np
import pytest

from cnnlib.gradcheck import check_layer_gradient, numerical_gradient, relative_error
from cnnlib.layers import Affine


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = numerical_gradient(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8)


def test_numerical_gradient_leaves_x_unchanged():
    x = np.random.default_rng(0).standard_normal((3, 4))
    before = x.copy()
    numerical_gradient(lambda v: float(np.sum(np.sin(v))), x)
    np.testing.assert_array_equal(x, before)  # bit for bit


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0])

    def f(v):
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_rejects_non_float():
    with pytest.raises(TypeError, match="x must be a floating-point array"):
        numerical_gradient(lambda v: 0.0, np.array([1, 2]))
    with pytest.raises(TypeError, match="x must be a NumPy array"):
        numerical_gradient(lambda v: 0.0, [1.0])


def test_relative_error():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0]), np.array([3.0])) == pytest.approx(0.5)
    assert relative_error(np.array([1.0, 1.0]), np.array([1.0, 1.0 + 1e-9])) < 1e-9
    with pytest.raises(ValueError, match="shapes differ"):
        relative_error(np.zeros(2), np.zeros(3))


class WrongAffine(Affine):
    """Backward with a deliberate bug: db off by a factor 2."""

    def backward(self, dout):
        dx = super().backward(dout)
        self.db = 2 * self.db
        return dx


def test_check_layer_gradient_catches_a_bug():
    rng = np.random.default_rng(1)
    W, b, x = (
        rng.standard_normal((3, 2)),
        rng.standard_normal(2),
        rng.standard_normal((4, 3)),
    )
    good = check_layer_gradient(Affine(W.copy(), b.copy()), x)
    bad = check_layer_gradient(WrongAffine(W.copy(), b.copy()), x)
    assert max(good.values()) < 1e-8
    assert bad["b"] > 0.1 and bad["W"] < 1e-8 and bad["x"] < 1e-8


def test_check_layer_gradient_leaves_inputs_unchanged():
    rng = np.random.default_rng(2)
    W, b, x = (
        rng.standard_normal((3, 2)),
        rng.standard_normal(2),
        rng.standard_normal((4, 3)),
    )
    copies = W.copy(), b.copy(), x.copy()
    check_layer_gradient(Affine(W, b), x)
    for array, copy in zip((W, b, x), copies, strict=True):
        np.testing.assert_array_equal(array, copy)
