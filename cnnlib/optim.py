"""Optimizers for the from-scratch networks (Chapter 5).

``update(params, grads)`` changes the arrays in ``params`` **in place**
(``params[key] -= ...``), so the layers, which hold the same arrays, see
the new values. It never rebinds a key to a new array.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SGD", "Adam"]


def _check_keys(params: dict, grads: dict) -> None:
    missing = set(params) - set(grads)
    if missing:
        raise KeyError(f"grads lacks {sorted(missing)}")
    for key in params:
        if params[key].shape != grads[key].shape:
            raise ValueError(
                f"grads[{key!r}] has shape {grads[key].shape}, params[{key!r}] "
                f"{params[key].shape}"
            )


class SGD:
    """Stochastic gradient descent: ``p -= lr * g``.

    >>> params = {"W": np.array([1.0, 2.0])}
    >>> SGD(lr=0.5).update(params, {"W": np.array([2.0, 2.0])})
    >>> params["W"]
    array([0., 1.])
    """

    def __init__(self, lr: float = 0.01) -> None:
        if lr <= 0:
            raise ValueError(f"lr must be > 0, got {lr}")
        self.lr = lr

    def update(
        self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]
    ) -> None:
        """Update every ``params[key]`` in place from ``grads[key]``."""
        _check_keys(params, grads)
        for key, p in params.items():
            p -= p.dtype.type(self.lr) * grads[key].astype(p.dtype, copy=False)


class Adam:
    """Adam (Kingma and Ba, 2015) with bias correction.

    Parameters
    ----------
    lr : float
        Step size.
    beta1, beta2 : float
        Decay of the first and second moment estimates.
    eps : float
        Added to the root of the second moment.

    Examples
    --------
    >>> params = {"W": np.array([1.0, -1.0])}
    >>> Adam(lr=0.1).update(params, {"W": np.array([3.0, -0.5])})
    >>> params["W"]   # the first step is lr * sign(g)
    array([ 0.9, -0.9])
    """

    def __init__(
        self,
        lr: float = 0.001,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        if lr <= 0:
            raise ValueError(f"lr must be > 0, got {lr}")
        if not (0 <= beta1 < 1 and 0 <= beta2 < 1):
            raise ValueError(
                f"beta1 and beta2 must lie in [0, 1), got {beta1}, {beta2}"
            )
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.iter = 0
        self.m: dict[str, np.ndarray] = {}
        self.v: dict[str, np.ndarray] = {}

    def update(
        self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]
    ) -> None:
        """Update every ``params[key]`` in place from ``grads[key]``."""
        _check_keys(params, grads)
        self.iter += 1
        correction1 = 1 - self.beta1**self.iter
        correction2 = 1 - self.beta2**self.iter
        for key, p in params.items():
            g = grads[key].astype(p.dtype, copy=False)
            if key not in self.m:
                self.m[key] = np.zeros_like(p)
                self.v[key] = np.zeros_like(p)
            m, v = self.m[key], self.v[key]
            # m += (1 - beta1) * (g - m), and so on: the same arithmetic in
            # the same order, in two scratch buffers instead of new arrays.
            step, scratch = np.empty_like(p), np.empty_like(p)
            np.subtract(g, m, out=step)
            step *= 1 - self.beta1
            m += step
            np.multiply(g, g, out=step)
            step -= v
            step *= 1 - self.beta2
            v += step
            np.divide(m, correction1, out=step)
            step *= self.lr
            np.divide(v, correction2, out=scratch)
            np.sqrt(scratch, out=scratch)
            scratch += self.eps
            step /= scratch
            p -= step
