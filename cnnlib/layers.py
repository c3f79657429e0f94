"""From-scratch layers in NumPy, NCHW (Chapter 5).

Every layer follows the contract of *Deep Learning from Scratch*:
``forward(x)`` returns the output, ``backward(dout)`` returns ``dx``;
layers with weights also set ``self.dW`` and ``self.db``. Layers keep what
backward needs on ``self``, never modify their arguments in place, and keep
the input dtype (float32 in, float32 out; float64 in, float64 out).

The weights ``W`` and ``b`` are kept by reference, not copied: an optimizer
that updates ``network.params`` in place updates the layers too.

:class:`Convolution` and :class:`Pooling` are vectorised. Convolution makes
a zero-copy sliding-window view of the input, one gather into a
channel-major column matrix of shape ``(C*FH*FW + 1, N*OH*OW)`` (the last
row is ones, so the bias rides in the same matrix product), and one large
matrix product that writes ``(FN, N*OH*OW)``; it returns that as an
``(N, FN, OH, OW)`` transposed view (no copy). The backward pass reuses the
column matrix for ``dW`` and ``db`` (one product) and sums the ``FH*FW``
filter taps for ``dx``. Few large BLAS calls, rather than one per image,
keep the speed steady when other processes share the CPU.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from cnnlib._validation import check_float_array, check_int
from cnnlib.im2col import add_taps, check_images, output_hw, window_view
from cnnlib.shapes import conv_output_size
from cnnlib.windows import crop_hw, pad_hw, tap, tap_view

__all__ = [
    "Affine",
    "AvgPooling",
    "Convolution",
    "GlobalAvgPooling",
    "Layer",
    "Pooling",
    "Relu",
    "SoftmaxWithLoss",
    "cross_entropy_error",
    "softmax",
]


class Layer(Protocol):
    """What every layer here has: ``forward(x)`` and ``backward(dout) -> dx``."""

    def forward(self, x: np.ndarray) -> np.ndarray: ...

    def backward(self, dout: np.ndarray) -> np.ndarray: ...


def _check_dout(dout: object, expected: tuple[int, ...], layer: str) -> np.ndarray:
    dout = check_float_array(dout, "dout")
    if dout.shape != tuple(expected):
        raise ValueError(
            f"{layer}.backward expected dout of the forward output's shape "
            f"{tuple(expected)}, got {dout.shape}"
        )
    return dout


def _not_run(layer: str) -> RuntimeError:
    return RuntimeError(f"{layer}.backward called before {layer}.forward")


class Relu:
    """``max(0, x)``, elementwise, any shape.

    Examples
    --------
    >>> relu = Relu()
    >>> relu.forward(np.array([-1.0, 2.0]))
    array([0., 2.])
    >>> relu.backward(np.array([5.0, 5.0]))
    array([0., 5.])
    """

    def __init__(self) -> None:
        self.mask: np.ndarray | None = None  # True where x <= 0

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Return ``max(0, x)``; same shape and dtype as ``x``."""
        x = check_float_array(x)
        self.mask = x <= 0
        return np.maximum(x, 0, dtype=x.dtype)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Return ``dout`` where ``x > 0``, else 0 (a new array; ``dout`` untouched)."""
        if self.mask is None:
            raise _not_run("Relu")
        dout = _check_dout(dout, self.mask.shape, "Relu")
        # dx takes the memory layout of x (channel-major after a Convolution),
        # so the transpose the next backward needs comes free with this pass;
        # multiplying by the mask is branch-free, faster than np.where.
        dx = np.empty_like(self.mask, dtype=dout.dtype)
        np.multiply(dout, np.logical_not(self.mask), out=dx)
        return dx


class Affine:
    """A fully connected layer ``x @ W + b``; 4-D input is flattened per sample.

    Parameters
    ----------
    W : ndarray, shape (D, M)
    b : ndarray, shape (M,)

    Examples
    --------
    >>> layer = Affine(np.ones((12, 2)), np.zeros(2))
    >>> layer.forward(np.ones((5, 3, 2, 2))).shape
    (5, 2)
    >>> layer.backward(np.ones((5, 2))).shape   # the original shape
    (5, 3, 2, 2)
    """

    def __init__(self, W: np.ndarray, b: np.ndarray) -> None:
        W = check_float_array(W, "W")
        b = check_float_array(b, "b")
        if W.ndim != 2 or b.shape != (W.shape[1],):
            raise ValueError(
                f"Affine needs W of shape (D, M) and b of shape (M,), got "
                f"{W.shape} and {b.shape}"
            )
        self.W, self.b = W, b
        self.x2d: np.ndarray | None = None
        self.original_x_shape: tuple[int, ...] | None = None
        self.dW: np.ndarray | None = None
        self.db: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """``(N, D)`` or ``(N, C, H, W)`` with ``C*H*W == D`` -> ``(N, M)``."""
        x = check_float_array(x)
        D = self.W.shape[0]
        if x.ndim < 2 or int(np.prod(x.shape[1:])) != D:
            raise ValueError(
                f"Affine expected x of shape (N, {D}) or (N, ...) with {D} "
                f"values per sample, got {x.shape}"
            )
        self.original_x_shape = x.shape
        self.x2d = x.reshape(x.shape[0], D)
        W = self.W.astype(x.dtype, copy=False)
        return self.x2d @ W + self.b.astype(x.dtype, copy=False)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Set ``dW`` (D, M), ``db`` (M,); return ``dx`` of the input's shape."""
        if self.x2d is None:
            raise _not_run("Affine")
        dout = _check_dout(dout, (self.x2d.shape[0], self.W.shape[1]), "Affine")
        self.dW = (self.x2d.T @ dout).astype(self.W.dtype, copy=False)
        self.db = dout.sum(axis=0).astype(self.b.dtype, copy=False)
        dx = dout @ self.W.T.astype(dout.dtype, copy=False)
        return dx.reshape(self.original_x_shape)


def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, stable (the row max is subtracted first).

    >>> softmax(np.array([[0.0, 0.0], [0.0, np.log(3.0)]]))
    array([[0.5 , 0.5 ],
           [0.25, 0.75]])
    """
    x = check_float_array(x)
    shifted = x - x.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def _labels_to_index(t: np.ndarray, y_shape: tuple[int, ...]) -> np.ndarray:
    if not isinstance(t, np.ndarray):
        raise TypeError(f"t must be a NumPy array, got {type(t).__name__}")
    N, K = y_shape
    if t.shape == (N, K):  # one-hot
        return t.argmax(axis=1)
    if t.shape == (N,) and np.issubdtype(t.dtype, np.integer):
        if N and (t.min() < 0 or t.max() >= K):
            raise ValueError(f"labels must lie in [0, {K}), got {t.min()}..{t.max()}")
        return t
    raise ValueError(
        f"t must be integer labels of shape ({N},) or one-hot rows of shape "
        f"({N}, {K}), got {t.dtype} {t.shape}"
    )


def _check_scores(y: object) -> np.ndarray:
    y = check_float_array(y, "y")
    if y.ndim != 2:
        raise ValueError(f"expected scores of shape (N, classes), got {y.shape}")
    return y


def cross_entropy_error(y: np.ndarray, t: np.ndarray) -> float:
    """Mean cross-entropy ``-mean(log(y[n, t_n] + 1e-7))`` of probabilities ``y``.

    Parameters
    ----------
    y : ndarray, shape (N, K)
        Probabilities (rows of a softmax).
    t : ndarray, shape (N,) of int, or (N, K) one-hot

    Returns
    -------
    float

    Examples
    --------
    >>> y = np.array([[0.5, 0.5], [0.1, 0.9]])
    >>> round(cross_entropy_error(y, np.array([0, 1])), 4)
    0.3993
    """
    y = _check_scores(y)
    index = _labels_to_index(t, y.shape)
    picked = y[np.arange(y.shape[0]), index]
    return float(-np.mean(np.log(picked + 1e-7)))


class SoftmaxWithLoss:
    """Softmax followed by the mean cross-entropy loss.

    The loss is computed from the log-softmax (no ``+ 1e-7``), so its
    gradient is exactly ``(softmax(x) - t) / N``.

    Examples
    --------
    >>> layer = SoftmaxWithLoss()
    >>> round(layer.forward(np.zeros((2, 4)), np.array([0, 3])), 4)   # log 4
    1.3863
    >>> layer.backward()
    array([[-0.375,  0.125,  0.125,  0.125],
           [ 0.125,  0.125,  0.125, -0.375]])
    """

    def __init__(self) -> None:
        self.y: np.ndarray | None = None  # softmax output (N, K)
        self.t_index: np.ndarray | None = None
        self.loss: float | None = None

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        """Scores ``x`` (N, K) and labels ``t`` (N,) or one-hot (N, K) -> loss."""
        x = _check_scores(x)
        index = _labels_to_index(t, x.shape)
        shifted = x - x.max(axis=1, keepdims=True)
        log_z = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        log_y = shifted - log_z
        self.y = np.exp(log_y)
        self.t_index = index
        self.loss = float(-log_y[np.arange(x.shape[0]), index].mean())
        return self.loss

    def backward(self, dout: float = 1.0) -> np.ndarray:
        """Return ``dout * (y - t) / N``, shape (N, K)."""
        if self.y is None:
            raise _not_run("SoftmaxWithLoss")
        N = self.y.shape[0]
        dx = self.y.copy()
        dx[np.arange(N), self.t_index] -= 1
        dx *= self.y.dtype.type(dout / N)
        return dx


class Convolution:
    """2-D convolution (cross-correlation, as in every framework), NCHW.

    Parameters
    ----------
    W : ndarray, shape (FN, C, FH, FW)
        ``FN`` filters over ``C`` channels.
    b : ndarray, shape (FN,)
    stride, pad : int
        Stride, and zeros added on each side of H and W.

    Attributes
    ----------
    dW, db : ndarray
        Set by :meth:`backward`; shapes of ``W`` and ``b``.

    Examples
    --------
    >>> W = np.ones((2, 3, 3, 3)); b = np.array([0.0, 1.0])
    >>> conv = Convolution(W, b, pad=1)
    >>> y = conv.forward(np.ones((4, 3, 5, 5)))
    >>> y.shape
    (4, 2, 5, 5)
    >>> float(y[0, 1, 2, 2]), float(y[0, 1, 0, 0])   # 27 ones + bias; corner: 12
    (28.0, 13.0)
    >>> conv.backward(np.ones_like(y)).shape, conv.dW.shape, conv.db.shape
    ((4, 3, 5, 5), (2, 3, 3, 3), (2,))
    """

    def __init__(self, W: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0):
        W = check_float_array(W, "W")
        b = check_float_array(b, "b")
        if W.ndim != 4:
            raise ValueError(f"W must have shape (FN, C, FH, FW), got {W.shape}")
        if b.shape != (W.shape[0],):
            raise ValueError(
                f"b must have shape (FN,) = ({W.shape[0]},), got {b.shape}"
            )
        self.W, self.b = W, b
        self.stride = check_int("stride", stride, 1)
        self.pad = check_int("pad", pad, 0)
        self.x_shape: tuple[int, ...] | None = None
        self.col: np.ndarray | None = None  # (C*FH*FW + 1, N*OH*OW)
        self.out_shape: tuple[int, ...] | None = None
        self.dW: np.ndarray | None = None
        self.db: np.ndarray | None = None

    def _columns(self, x: np.ndarray) -> np.ndarray:
        """Channel-major columns ``(C*FH*FW + 1, N*OH*OW)``; the last row is ones."""
        FN, C, FH, FW = self.W.shape
        windows = window_view(x, FH, FW, self.stride, self.pad)
        N, C, OH, OW, FH, FW = windows.shape
        CK = C * FH * FW
        col = np.empty((CK + 1, N * OH * OW), dtype=x.dtype)
        # The one gather: (N, C, OH, OW, FH, FW) -> (C, FH, FW, N, OH, OW).
        col[:CK].reshape(C, FH, FW, N, OH, OW)[...] = windows.transpose(
            1, 4, 5, 0, 2, 3
        )
        col[CK] = 1
        return col

    def forward(self, x: np.ndarray) -> np.ndarray:
        """``(N, C, H, W)`` -> ``(N, FN, OH, OW)``, same dtype as ``x``.

        The result is a transposed view of an ``(FN, N, OH, OW)`` array
        (channel-major memory); its values and shape are NCHW as usual.
        """
        x = check_float_array(check_images(x))
        FN, C, FH, FW = self.W.shape
        N, XC, H, W = x.shape
        if XC != C:
            raise ValueError(
                f"x has {XC} channels but the filters W {self.W.shape} expect "
                f"C = {C} (x must be (N, {C}, H, W))"
            )
        OH, OW = output_hw((H, W), FH, FW, self.stride, self.pad)
        self.col = self._columns(x)
        weights = np.empty((FN, C * FH * FW + 1), dtype=x.dtype)
        weights[:, :-1] = self.W.reshape(FN, -1)
        weights[:, -1] = self.b
        out = weights @ self.col  # one GEMM: (FN, N*OH*OW)
        self.x_shape = x.shape
        self.out_shape = (N, FN, OH, OW)
        return out.reshape(FN, N, OH, OW).transpose(1, 0, 2, 3)

    def _grads(self, dout: np.ndarray) -> np.ndarray:
        """Set ``dW`` and ``db``; return ``dout`` as ``(FN, N*OH*OW)``."""
        if self.col is None or self.out_shape is None:
            raise _not_run("Convolution")
        dout = _check_dout(dout, self.out_shape, "Convolution")
        N, FN, OH, OW = self.out_shape
        # A view when dout is channel-major (as Relu.backward leaves it).
        dout_flat = dout.astype(self.col.dtype, copy=False).transpose(1, 0, 2, 3)
        dout_flat = dout_flat.reshape(FN, N * OH * OW)
        # dW and db together, one GEMM: dout @ col.T -> (FN, C*FH*FW + 1).
        grads = dout_flat @ self.col.T
        self.dW = grads[:, :-1].reshape(self.W.shape).astype(self.W.dtype)
        self.db = grads[:, -1].astype(self.b.dtype)
        return dout_flat

    def param_grads(self, dout: np.ndarray) -> None:
        """Set ``dW`` and ``db`` from ``dout`` (N, FN, OH, OW), without ``dx``.

        The part of :meth:`backward` a network's first layer needs: the
        gradient with respect to the images is never used, and skipping it
        saves a matrix product and the scatter onto ``(N, C, H, W)``.
        """
        self._grads(dout)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Set ``dW`` and ``db``; return ``dx`` of shape ``(N, C, H, W)``."""
        dout_flat = self._grads(dout)
        if self.out_shape is None or self.x_shape is None:  # set with self.col
            raise _not_run("Convolution")
        N, FN, OH, OW = self.out_shape
        FN, C, FH, FW = self.W.shape
        W_flat = self.W.reshape(FN, C * FH * FW).astype(dout_flat.dtype, copy=False)
        taps = W_flat.T @ dout_flat  # (C*FH*FW, N*OH*OW)
        taps = taps.reshape(C, FH, FW, N, OH, OW).transpose(3, 0, 1, 2, 4, 5)
        return add_taps(taps, self.x_shape, self.stride, self.pad)


class _Pool2d:
    """What max and average pooling share: the checked window and its taps.

    Parameters
    ----------
    pool_h, pool_w : int
        Window size.
    stride : int, optional
        Defaults to the window (``pool_h``; ``pool_w`` across), as in Keras.
    pad : int

    """

    def __init__(
        self, pool_h: int, pool_w: int, stride: int | None = None, pad: int = 0
    ) -> None:
        self.pool_h = check_int("pool_h", pool_h, 1)
        self.pool_w = check_int("pool_w", pool_w, 1)
        if stride is None:
            self.stride_h, self.stride_w = self.pool_h, self.pool_w
        else:
            self.stride_h = self.stride_w = check_int("stride", stride, 1)
        self.pad = check_int("pad", pad, 0)
        self.x_shape: tuple[int, ...] | None = None

    def _out_hw(self, H: int, W: int) -> tuple[int, int]:
        return (
            conv_output_size(H, self.pool_h, self.stride_h, self.pad),
            conv_output_size(W, self.pool_w, self.stride_w, self.pad),
        )

    def _tap(self, a: np.ndarray, i: int, j: int, OH: int, OW: int) -> np.ndarray:
        """Cell ``(i, j)`` of every window of ``a`` (N, C, H, W): (N, C, OH, OW)."""
        return tap_view(a, i, j, OH, OW, self.stride_h, self.stride_w)


class Pooling(_Pool2d):
    """Max pooling over ``pool_h x pool_w`` windows, NCHW, channel by channel.

    Padding, if any, is with ``-inf``: padded cells never win the max.
    In the backward pass each window sends its gradient to the first cell
    (in row-major order) that holds the max, like ``argmax``.

    Parameters: ``pool_h, pool_w, stride=None, pad=0``, as for the base class.

    Examples
    --------
    >>> pool = Pooling(2, 2)
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> pool.forward(x)
    array([[[[ 5.,  7.],
             [13., 15.]]]])
    >>> pool.backward(np.ones((1, 1, 2, 2)))[0, 0]
    array([[0., 0., 0., 0.],
           [0., 1., 0., 1.],
           [0., 0., 0., 0.],
           [0., 1., 0., 1.]])
    """

    # Set by forward (class defaults until then).
    x: np.ndarray | None = None  # padded input
    out: np.ndarray | None = None
    _choice: np.ndarray | None = None  # column maxima, 2x2 case

    def _is_tiled_2x2(self, H: int, W: int) -> bool:
        sizes = (self.pool_h, self.pool_w, self.stride_h, self.stride_w)
        return sizes == (2, 2, 2, 2) and self.pad == 0 and H % 2 == 0 == W % 2

    def forward(self, x: np.ndarray) -> np.ndarray:
        """``(N, C, H, W)`` -> ``(N, C, OH, OW)``, same dtype as ``x``."""
        x = check_float_array(check_images(x))
        N, C, H, W = x.shape
        OH, OW = self._out_hw(H, W)
        padded = pad_hw(x, self.pad, -np.inf)
        self._choice = None
        if self._is_tiled_2x2(H, W):
            # The common case (2x2 windows, stride 2, no padding, even sizes):
            # the max of each pair of columns, then of each pair of rows.
            # Backward works out which side of each pair won, sending ties
            # left and up: the first max in row-major order, like argmax.
            cols = np.maximum(x[..., 0::2], x[..., 1::2])  # (N, C, H, OW)
            out = np.maximum(cols[:, :, 0::2], cols[:, :, 1::2])  # (N, C, OH, OW)
            self._choice = cols  # backward works out which side won
            self.x, self.x_shape, self.out = x, x.shape, out
            return out
        # Max over the rows of each window, then over its columns: two short
        # loops of whole-array maxima with long inner loops.
        sh, sw = self.stride_h, self.stride_w

        def row_tap(i):  # (N, C, OH, W + 2P)
            return padded[:, :, tap(i, OH, sh)]

        def col_tap(j):  # (N, C, OH, OW)
            return rows[..., tap(j, OW, sw)]

        rows = row_tap(0) if self.pool_h == 1 else np.maximum(row_tap(0), row_tap(1))
        for i in range(2, self.pool_h):
            np.maximum(rows, row_tap(i), out=rows)
        out = (
            col_tap(0).copy()
            if self.pool_w == 1
            else np.maximum(col_tap(0), col_tap(1))
        )
        for j in range(2, self.pool_w):
            np.maximum(out, col_tap(j), out=out)
        self.x, self.x_shape, self.out = padded, x.shape, out
        return out.copy()

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Route each gradient to its window's max; return ``dx`` (N, C, H, W)."""
        if self.out is None or self.x is None or self.x_shape is None:
            raise _not_run("Pooling")
        dout = _check_dout(dout, self.out.shape, "Pooling")
        N, C, OH, OW = self.out.shape
        dout = dout.astype(self.x.dtype, copy=False)
        if self._choice is not None:
            # Undo the two pairwise maxima of forward: the winner of each pair
            # gets the gradient, the loser zero (written as dout - winner's).
            cols, x = self._choice, self.x
            right_wins = x[..., 1::2] > x[..., 0::2]  # (N, C, H, OW)
            bottom_wins = cols[:, :, 1::2] > cols[:, :, 0::2]  # (N, C, OH, OW)
            dcols = np.empty(right_wins.shape, dtype=self.x.dtype)  # (N, C, H, OW)
            np.multiply(dout, bottom_wins, out=dcols[:, :, 1::2])
            np.subtract(dout, dcols[:, :, 1::2], out=dcols[:, :, 0::2])
            dx = np.empty(self.x_shape, dtype=self.x.dtype)
            np.multiply(dcols, right_wins, out=dx[..., 1::2])
            np.subtract(dcols, dx[..., 1::2], out=dx[..., 0::2])
            return dx
        Hp, Wp = self.x.shape[2:]
        # Windows that tile the input exactly write every cell of dx once.
        tiled = (self.stride_h, self.stride_w) == (self.pool_h, self.pool_w) and (
            OH * self.pool_h, OW * self.pool_w) == (Hp, Wp)  # fmt: skip
        dx = (np.empty if tiled else np.zeros)(self.x.shape, dtype=self.x.dtype)
        pending = None  # True where the window's max has not been met yet
        hit = np.empty(self.out.shape, dtype=bool)
        taps = [(i, j) for i in range(self.pool_h) for j in range(self.pool_w)]
        for k, (i, j) in enumerate(taps):
            np.equal(self._tap(self.x, i, j, OH, OW), self.out, out=hit)
            if pending is None:
                pending = ~hit
            else:
                hit &= pending
                if k < len(taps) - 1:
                    np.greater(pending, hit, out=pending)  # pending and not hit
            dx_tap = self._tap(dx, i, j, OH, OW)
            # Multiplying by the mask is branch-free, faster than masked copies.
            if tiled:
                np.multiply(dout, hit, out=dx_tap)
            else:
                dx_tap += dout * hit
        return crop_hw(dx, self.pad)


class AvgPooling(_Pool2d):
    """Average pooling over ``pool_h x pool_w`` windows, NCHW, channel by channel.

    Each output is the mean of its window; in the backward pass each window
    spreads its gradient evenly, ``dout / (pool_h * pool_w)`` to every cell
    it covers, summed where windows overlap. Padding, if any, is with zeros
    that count in the mean (PyTorch's default ``count_include_pad=True``;
    Keras' ``padding="same"`` leaves them out instead).

    Parameters: ``pool_h, pool_w, stride=None, pad=0``, as for the base class.

    Examples
    --------
    Overlapping 2x2 windows (stride 1): the centre cell gets four shares.

    >>> avg = AvgPooling(2, 2, stride=1)
    >>> avg.forward(np.arange(9.0).reshape(1, 1, 3, 3))[0, 0]
    array([[2., 3.],
           [5., 6.]])
    >>> avg.backward(np.ones((1, 1, 2, 2)))[0, 0]
    array([[0.25, 0.5 , 0.25],
           [0.5 , 1.  , 0.5 ],
           [0.25, 0.5 , 0.25]])
    """

    out_shape: tuple[int, ...] | None = None  # set by forward

    def forward(self, x: np.ndarray) -> np.ndarray:
        """``(N, C, H, W)`` -> ``(N, C, OH, OW)``, same dtype as ``x``."""
        x = check_float_array(check_images(x))
        N, C, H, W = x.shape
        OH, OW = self._out_hw(H, W)
        padded = pad_hw(x, self.pad)
        out = np.zeros((N, C, OH, OW), dtype=x.dtype)
        for i in range(self.pool_h):  # one whole-array add per window cell
            for j in range(self.pool_w):
                out += self._tap(padded, i, j, OH, OW)
        out /= self.pool_h * self.pool_w
        self.x_shape, self.out_shape = x.shape, out.shape
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Spread each gradient evenly over its window; return ``dx`` (N, C, H, W)."""
        if self.out_shape is None or self.x_shape is None:
            raise _not_run("AvgPooling")
        dout = _check_dout(dout, self.out_shape, "AvgPooling")
        N, C, H, W = self.x_shape
        OH, OW = self.out_shape[2:]
        p = self.pad
        dx = np.zeros((N, C, H + 2 * p, W + 2 * p), dtype=dout.dtype)
        share = dout / (self.pool_h * self.pool_w)
        for i in range(self.pool_h):
            for j in range(self.pool_w):
                self._tap(dx, i, j, OH, OW)[...] += share
        return crop_hw(dx, p)


class GlobalAvgPooling:
    """Global average pooling: the mean of each channel, ``(N, C, H, W) -> (N, C)``.

    Like Keras' ``GlobalAveragePooling2D`` (which is NHWC). The backward
    pass hands every pixel of a channel the same share, ``dout / (H * W)``.

    Examples
    --------
    >>> gap = GlobalAvgPooling()
    >>> x = np.arange(8.0).reshape(1, 2, 2, 2)
    >>> gap.forward(x)
    array([[1.5, 5.5]])
    >>> gap.backward(np.array([[4.0, 8.0]]))[0]
    array([[[1., 1.],
            [1., 1.]],
    <BLANKLINE>
           [[2., 2.],
            [2., 2.]]])
    """

    def __init__(self) -> None:
        self.x_shape: tuple[int, ...] | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """``(N, C, H, W)`` -> ``(N, C)``, same dtype as ``x``."""
        x = check_float_array(check_images(x))
        self.x_shape = x.shape
        return x.mean(axis=(2, 3), dtype=x.dtype)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """``(N, C)`` -> ``dx`` of shape ``(N, C, H, W)``, ``dout / (H*W)`` each."""
        if self.x_shape is None:
            raise _not_run("GlobalAvgPooling")
        N, C, H, W = self.x_shape
        dout = _check_dout(dout, (N, C), "GlobalAvgPooling")
        share = dout / (H * W)
        return np.broadcast_to(share[:, :, None, None], self.x_shape).copy()
