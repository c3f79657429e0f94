"""Batch normalization from scratch in NumPy (Chapter 8).

:class:`BatchNormalization` normalises each channel of an NCHW batch
``(N, C, H, W)`` over ``N``, ``H`` and ``W`` (or each feature of a dense
batch ``(N, D)`` over ``N``), then scales by ``gamma`` and shifts by
``beta``. It follows Keras 3's conventions (``keras.layers.
BatchNormalization``): the biased batch variance (divided by the number of
values, not one less) both for normalising and for the moving variance,
``moving = moving * momentum + batch * (1 - momentum)`` with ``momentum``
0.99 and ``epsilon`` 1e-3 by default, moving mean 0 and variance 1 at the
start. In training mode (``train_flg=True``) it normalises with the batch's
statistics and updates the moving ones; in inference mode it uses the
moving statistics and changes nothing.
"""

from __future__ import annotations

import numpy as np

__all__ = ["BatchNormalization"]


def _check_float_array(x: object, name: str) -> np.ndarray:
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array, got {type(x).__name__}")
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            f"{name} must be a floating-point array, got dtype {x.dtype}; "
            f"convert it with {name}.astype(np.float32)"
        )
    return x


class BatchNormalization:
    """Batch normalization for ``(N, C, H, W)`` or ``(N, D)`` input.

    Parameters
    ----------
    gamma, beta : ndarray, shape (C,) or (D,)
        Scale and shift, kept by reference (an optimizer that updates them
        in place updates the layer).
    momentum : float in [0, 1)
        Weight of the old moving statistics in each update.
    epsilon : float > 0
        Added to the variance before the square root.

    Attributes
    ----------
    running_mean, running_var : ndarray, shape (C,)
        The moving statistics (Keras: ``moving_mean``, ``moving_variance``).
    dgamma, dbeta : ndarray, shape (C,)
        Set by :meth:`backward`.

    Examples
    --------
    >>> bn = BatchNormalization(np.ones(2), np.zeros(2))
    >>> x = np.array([[1.0, 10.0], [3.0, 30.0]])
    >>> bn.forward(x, train_flg=True)
    array([[-0.9995..., -0.9999...],
           [ 0.9995...,  0.9999...]])
    >>> bn.running_mean
    array([0.02, 0.2 ])
    >>> bn.backward(np.ones((2, 2))).shape
    (2, 2)
    """

    def __init__(
        self,
        gamma: np.ndarray,
        beta: np.ndarray,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
    ) -> None:
        gamma = _check_float_array(gamma, "gamma")
        beta = _check_float_array(beta, "beta")
        if gamma.ndim != 1 or beta.shape != gamma.shape:
            raise ValueError(
                "gamma and beta must be 1-D arrays of the same length (one value "
                f"per channel), got {gamma.shape} and {beta.shape}"
            )
        if isinstance(momentum, bool) or not isinstance(momentum, int | float):
            raise TypeError(f"momentum must be a number, got {momentum!r}")
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must lie in [0, 1), got {momentum}")
        if isinstance(epsilon, bool) or not isinstance(epsilon, int | float):
            raise TypeError(f"epsilon must be a number, got {epsilon!r}")
        if not epsilon > 0:
            raise ValueError(f"epsilon must be > 0, got {epsilon}")
        self.gamma = gamma
        self.beta = beta
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.running_mean = np.zeros_like(gamma)
        self.running_var = np.ones_like(gamma)
        self.dgamma: np.ndarray | None = None
        self.dbeta: np.ndarray | None = None
        self._cache: tuple | None = None

    def _axes(self, x: np.ndarray) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Reduction axes and the shape that broadcasts a (C,) vector."""
        C = self.gamma.shape[0]
        if x.ndim not in (2, 4):
            raise ValueError(
                "BatchNormalization expects (N, C, H, W) or (N, D) input, "
                f"got {x.shape}"
            )
        if x.shape[1] != C:
            raise ValueError(
                f"input has {x.shape[1]} channels on axis 1 (NCHW), "
                f"gamma has {C}: expected {C}"
            )
        if x.shape[0] == 0:
            raise ValueError("the batch is empty")
        if x.ndim == 2:
            return (0,), (1, C)
        return (0, 2, 3), (1, C, 1, 1)

    def forward(self, x: np.ndarray, train_flg: bool = True) -> np.ndarray:
        """Normalise ``x`` (not modified); same shape and dtype.

        ``train_flg=True``: batch statistics, and the moving ones are
        updated. ``train_flg=False``: the moving statistics.
        """
        x = _check_float_array(x, "x")
        axes, shape = self._axes(x)
        if not isinstance(train_flg, bool | np.bool_):
            raise TypeError(f"train_flg must be True or False, got {train_flg!r}")
        if train_flg:
            mean = x.mean(axis=axes)
            var = x.var(axis=axes)  # biased, as Keras
            m = self.momentum
            self.running_mean = self.running_mean * m + mean * (1 - m)
            self.running_var = self.running_var * m + var * (1 - m)
        else:
            mean, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.epsilon)
        xhat = (x - mean.reshape(shape)) / std.reshape(shape)
        out = self.gamma.reshape(shape) * xhat + self.beta.reshape(shape)
        self._cache = (bool(train_flg), xhat, std, axes, shape, x.shape)
        return out.astype(x.dtype, copy=False)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Return ``dx``; set ``dgamma`` and ``dbeta`` (``dout`` untouched)."""
        if self._cache is None:
            raise RuntimeError(
                "BatchNormalization.backward called before BatchNormalization.forward"
            )
        train, xhat, std, axes, shape, x_shape = self._cache
        dout = _check_float_array(dout, "dout")
        if dout.shape != x_shape:
            raise ValueError(
                "BatchNormalization.backward expected dout of the forward output's "
                f"shape {x_shape}, got {dout.shape}"
            )
        self.dbeta = dout.sum(axis=axes)
        self.dgamma = (dout * xhat).sum(axis=axes)
        dxhat = dout * self.gamma.reshape(shape)
        if not train:  # the statistics are constants
            return (dxhat / std.reshape(shape)).astype(dout.dtype, copy=False)
        # mean and variance depend on x: the three-term formula
        dx = (
            dxhat
            - dxhat.mean(axis=axes, keepdims=True)
            - xhat * (dxhat * xhat).mean(axis=axes, keepdims=True)
        ) / std.reshape(shape)
        return dx.astype(dout.dtype, copy=False)
