"""Numerical gradients, to check the backward passes (Chapter 5).

Central differences ``(f(x + eps) - f(x - eps)) / (2 eps)``, one element at
a time. Use float64: with float32 the rounding error swamps ``eps``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from cnnlib._validation import check_float_array

if TYPE_CHECKING:
    from cnnlib.layers import Layer

__all__ = ["check_layer_gradient", "numerical_gradient", "relative_error"]


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """Gradient of the scalar ``f(x)`` with respect to ``x`` by central differences.

    Each element of ``x`` is nudged in place by ``+eps`` and ``-eps`` and put
    back exactly afterwards (also if ``f`` raises), so ``x`` is unchanged on
    return. ``f`` may ignore its argument and read ``x`` some other way
    (for example a layer's weights).

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x : ndarray of float, any shape
        The point; modified during the call, restored after.
    eps : float
        The step.

    Returns
    -------
    ndarray, same shape and dtype as ``x``

    Examples
    --------
    >>> x = np.array([1.0, -2.0])
    >>> g = numerical_gradient(lambda v: float(np.sum(v ** 2)), x)
    >>> np.allclose(g, [2.0, -4.0]), x
    (True, array([ 1., -2.]))
    """
    x = check_float_array(x, "x")
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index].copy()
        try:
            x[index] = original + eps
            f_plus = float(f(x))
            x[index] = original - eps
            f_minus = float(f(x))
        finally:
            x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """``||a - b|| / (||a|| + ||b||)`` (Euclidean norms); 0 if both are zero.

    Around 1e-7 or less in float64 means the gradients agree.

    >>> relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    0.0
    >>> round(relative_error(np.array([1.0]), np.array([3.0])), 3)
    0.5
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominator)


def check_layer_gradient(
    layer: Layer, x: np.ndarray, seed: int = 0, eps: float = 1e-6
) -> dict[str, float]:
    """Compare a layer's backward pass with numerical gradients.

    The scalar checked is ``sum(forward(x) * dout)`` with a fixed random
    ``dout``, so ``backward(dout)`` must return its gradient. Weights named
    ``W`` and ``b`` (if the layer has them) are checked against ``dW`` and
    ``db``. ``x`` and the weights are left unchanged.

    Parameters
    ----------
    layer : object
        With ``forward(x)`` and ``backward(dout)`` (a :mod:`cnnlib.layers` layer).
    x : ndarray of float64
    seed : int
        Seeds ``np.random.default_rng`` for ``dout``.
    eps : float

    Returns
    -------
    dict
        ``{"x": error, "W": error, "b": error}`` of :func:`relative_error`s
        (only the names the layer has).

    Examples
    --------
    >>> from cnnlib.layers import Affine
    >>> rng = np.random.default_rng(0)
    >>> layer = Affine(rng.standard_normal((3, 2)), rng.standard_normal(2))
    >>> errors = check_layer_gradient(layer, rng.standard_normal((4, 3)))
    >>> sorted(errors), max(errors.values()) < 1e-7
    (['W', 'b', 'x'], True)
    """
    x = x.copy()
    out = layer.forward(x)
    dout = np.random.default_rng(seed).standard_normal(out.shape).astype(out.dtype)

    def objective(_: np.ndarray) -> float:
        return float(np.sum(layer.forward(x) * dout))

    layer.forward(x)
    dx = layer.backward(dout)
    analytic = {"x": dx}
    for name in ("W", "b"):
        if hasattr(layer, name):
            analytic[name] = getattr(layer, "d" + name).copy()
    errors = {"x": relative_error(dx, numerical_gradient(objective, x, eps))}
    for name in ("W", "b"):
        if name in analytic:
            numeric = numerical_gradient(objective, getattr(layer, name), eps)
            errors[name] = relative_error(analytic[name], numeric)
    return errors
