"""Convolution and pooling written as plain loops, for reading, not for speed.

Chapter 3 computes one convolution by hand; these functions are the same
loops, kept so that later cells (and Chapter 4's pooling) can reuse them.
Batches are NCHW, the from-scratch convention: ``x`` is ``(N, C, H, W)`` and
the weights are ``(FN, C, FH, FW)``. Chapter 5 replaces the loops with one
matrix product (im2col).

"Convolution" here is what every deep-learning library computes: the
cross-correlation, with the filter *not* flipped.
"""

from __future__ import annotations

import numpy as np

from cnnlib.shapes import conv_output_size, pool_output_size
from cnnlib.windows import patch

__all__ = ["conv2d_nchw", "conv2d_single", "pool2d_single", "window_coverage"]


def _as_2d(name: str, array: object) -> np.ndarray:
    array = np.asarray(array)
    if array.ndim != 2:
        raise ValueError(f"{name} must be 2-D (H, W), got shape {array.shape}")
    if not np.issubdtype(array.dtype, np.number) or np.iscomplexobj(array):
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    return array


def conv2d_single(
    x2d: np.ndarray, k2d: np.ndarray, stride: int = 1, pad: int = 0
) -> np.ndarray:
    """Slide one 2-D filter over one 2-D input (cross-correlation).

    Parameters
    ----------
    x2d : ndarray, shape (H, W)
        The input.
    k2d : ndarray, shape (FH, FW)
        The filter; it is not flipped.
    stride : int
        Step between windows (>= 1).
    pad : int
        Zeros added on every side (>= 0).

    Returns
    -------
    ndarray, shape (OH, OW)
        ``OH = (H + 2*pad - FH) // stride + 1``, likewise ``OW``.

    Examples
    --------
    >>> x = np.arange(16).reshape(4, 4)
    >>> conv2d_single(x, np.ones((3, 3)))
    array([[45., 54.],
           [81., 90.]])
    """
    x2d = _as_2d("x2d", x2d)
    k2d = _as_2d("k2d", k2d)
    H, W = x2d.shape
    FH, FW = k2d.shape
    OH = conv_output_size(H, FH, stride, pad)
    OW = conv_output_size(W, FW, stride, pad)
    padded = np.pad(x2d.astype(np.float64), pad)
    out = np.empty((OH, OW))
    for i in range(OH):
        for j in range(OW):
            out[i, j] = np.sum(padded[patch(i, j, FH, FW, stride)] * k2d)
    return out


def conv2d_nchw(
    x: np.ndarray,
    W: np.ndarray,
    b: np.ndarray | None = None,
    stride: int = 1,
    pad: int = 0,
) -> np.ndarray:
    """A convolutional layer's forward pass with loops over images and filters.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
        A batch of inputs.
    W : ndarray, shape (FN, C, FH, FW)
        ``FN`` filters, each as deep as the input (``C`` channels).
    b : ndarray, shape (FN,), optional
        One bias per filter (zeros if omitted).
    stride, pad : int
        As in :func:`conv2d_single`.

    Returns
    -------
    ndarray, shape (N, FN, OH, OW)
        Output channel ``f`` of image ``n`` is the sum over input channels
        ``c`` of ``conv2d_single(x[n, c], W[f, c])``, plus ``b[f]``.

    Examples
    --------
    >>> x = np.ones((2, 3, 4, 4))
    >>> W = np.ones((5, 3, 3, 3))
    >>> out = conv2d_nchw(x, W, b=np.arange(5.0))
    >>> out.shape, out[0, :, 0, 0]
    ((2, 5, 2, 2), array([27., 28., 29., 30., 31.]))
    """
    x = np.asarray(x)
    W = np.asarray(W)
    if x.ndim != 4 or W.ndim != 4:
        raise ValueError(
            f"x must be (N, C, H, W) and W (FN, C, FH, FW), got {x.shape} and {W.shape}"
        )
    N, C, H, _ = x.shape
    FN, WC, FH, FW = W.shape
    if WC != C:
        raise ValueError(
            f"filter depth {WC} must equal the input depth {C}: "
            f"W.shape[1] = {WC}, x.shape[1] = {C}"
        )
    b = np.zeros(FN) if b is None else np.asarray(b)
    if b.shape != (FN,):
        raise ValueError(
            f"b must have shape ({FN},), one bias per filter, got {b.shape}"
        )
    first = conv2d_single(x[0, 0], W[0, 0], stride, pad)
    out = np.empty((N, FN, *first.shape))
    for n in range(N):
        for f in range(FN):
            total = b[f]
            for c in range(C):
                total = total + conv2d_single(x[n, c], W[f, c], stride, pad)
            out[n, f] = total
    return out


def pool2d_single(
    x2d: np.ndarray, size: int = 2, stride: int | None = None, mode: str = "max"
) -> np.ndarray:
    """Max or average pooling of one 2-D feature map ('valid' padding).

    Parameters
    ----------
    x2d : ndarray, shape (H, W)
        One feature map.
    size : int
        Height and width of the pooling window.
    stride : int, optional
        Step between windows; defaults to ``size`` as in Keras.
    mode : {"max", "average"}
        Keep each window's maximum or its mean.

    Returns
    -------
    ndarray, shape (OH, OW)
        ``OH = (H - size) // stride + 1``, likewise ``OW``.

    Examples
    --------
    >>> x = np.arange(16).reshape(4, 4)
    >>> pool2d_single(x, 2)
    array([[ 5.,  7.],
           [13., 15.]])
    >>> pool2d_single(x, 2, mode="average")
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    x2d = _as_2d("x2d", x2d)
    if mode not in ("max", "average"):
        raise ValueError(f"mode must be 'max' or 'average', got {mode!r}")
    stride = size if stride is None else stride
    H, W = x2d.shape
    OH = pool_output_size(H, size, stride)
    OW = pool_output_size(W, size, stride)
    reduce = np.max if mode == "max" else np.mean
    out = np.empty((OH, OW))
    for i in range(OH):
        for j in range(OW):
            out[i, j] = reduce(x2d[patch(i, j, size, size, stride)])
    return out


def window_coverage(input_size: int, filter_size: int, stride: int = 1, pad: int = 0):
    """How many windows cover each position of the (unpadded) input, along one axis.

    Parameters
    ----------
    input_size, filter_size, stride, pad : int
        ``I``, ``F``, ``S`` and ``P`` as in :func:`cnnlib.conv_output_size`.

    Returns
    -------
    ndarray of int, shape (input_size,)
        Entry ``i`` counts the windows that include input position ``i``; a
        zero is a pixel the layer never looks at. For a 2-D input the counts
        are the outer product of the two axes' counts.

    Examples
    --------
    >>> window_coverage(7, 3, stride=1)
    array([1, 2, 3, 3, 3, 2, 1])
    >>> window_coverage(7, 3, stride=4)
    array([1, 1, 1, 0, 1, 1, 1])
    """
    out = conv_output_size(input_size, filter_size, stride, pad)
    counts = np.zeros(input_size + 2 * pad, dtype=int)
    for o in range(out):
        counts[o * stride : o * stride + filter_size] += 1
    return counts[pad : pad + input_size]
