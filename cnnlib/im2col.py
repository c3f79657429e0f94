"""im2col and col2im: convolution as one matrix product (Chapter 5).

Everything here is NCHW. :func:`im2col` unrolls every filter window of a
batch ``x`` of shape ``(N, C, H, W)`` into one row of a matrix of shape
``(N * OH * OW, C * FH * FW)``; rows are ordered ``(n, oh, ow)`` and
columns ``(c, fh, fw)``, as in *Deep Learning from Scratch*.
:func:`col2im` is its adjoint: it scatters such a matrix back onto the
input, summing where windows overlap (the backward pass of im2col).

:func:`im2col_loop` and :func:`col2im_loop` are the same operations as
plain Python loops: slow, but easy to read, and the reference the fast
versions are tested against. :func:`conv_transpose` is col2im used as a
layer: the transposed convolution (upsampling) of Keras'
``Conv2DTranspose``. Output sizes come from
:func:`cnnlib.shapes.conv_output_size` and nowhere else.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from cnnlib._validation import check_array
from cnnlib.shapes import conv_output_size
from cnnlib.windows import crop_hw, pad_hw, patch, tap, tap_view

__all__ = [
    "col2im",
    "col2im_loop",
    "conv_transpose",
    "im2col",
    "im2col_loop",
    "output_hw",
    "window_view",
]


def check_images(x: object, name: str = "x") -> np.ndarray:
    """Return ``x`` if it is a 4-D ``(N, C, H, W)`` ndarray; raise otherwise.

    Raises ``TypeError`` for a non-array and ``ValueError`` for a wrong rank.
    """
    return check_array(x, name, ndim=4, layout="(N, C, H, W)")


def output_hw(
    input_hw: tuple[int, int],
    filter_h: int,
    filter_w: int,
    stride: int = 1,
    pad: int = 0,
) -> tuple[int, int]:
    """Output height and width ``(OH, OW)`` of a window sliding over ``(H, W)``.

    A thin wrapper over :func:`cnnlib.shapes.conv_output_size` (the one place
    the formula lives), applied to both axes.

    >>> output_hw((28, 28), 5, 5)
    (24, 24)
    >>> output_hw((7, 7), 3, 3, stride=2, pad=1)
    (4, 4)
    """
    H, W = input_hw
    return (
        conv_output_size(H, filter_h, stride, pad),
        conv_output_size(W, filter_w, stride, pad),
    )


def window_view(
    x: np.ndarray,
    filter_h: int,
    filter_w: int,
    stride: int = 1,
    pad: int = 0,
    pad_value: float = 0.0,
) -> np.ndarray:
    """All filter windows of ``x`` as a view of shape ``(N, C, OH, OW, FH, FW)``.

    ``view[n, c, oh, ow]`` is the ``(FH, FW)`` patch of channel ``c`` that the
    window at output position ``(oh, ow)`` sees. No data is copied (except
    the padded input when ``pad > 0``); the view is read-only.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
    filter_h, filter_w : int
        ``FH``, ``FW``.
    stride, pad : int
        Stride and zeros added on each side of H and W.
    pad_value : float
        The value padded in (0 for convolution, ``-inf`` for max pooling).

    Returns
    -------
    ndarray, shape (N, C, OH, OW, FH, FW)

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> v = window_view(x, 2, 2, stride=2)
    >>> v.shape
    (1, 1, 2, 2, 2, 2)
    >>> v[0, 0, 1, 0]
    array([[ 8.,  9.],
           [12., 13.]])
    """
    check_images(x)
    N, C, H, W = x.shape
    OH, OW = output_hw((H, W), filter_h, filter_w, stride, pad)
    padded = pad_hw(x, pad, pad_value)
    windows = sliding_window_view(padded, (filter_h, filter_w), axis=(2, 3))
    return windows[:, :, tap(0, OH, stride), tap(0, OW, stride)]


def im2col(
    x: np.ndarray, filter_h: int, filter_w: int, stride: int = 1, pad: int = 0
) -> np.ndarray:
    """Unroll every filter window of ``x`` into one row of a matrix.

    Vectorised: a zero-copy :func:`window_view` of the padded input, then one
    copy into the row layout.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
        A batch of images.
    filter_h, filter_w : int
        ``FH``, ``FW``: the window size.
    stride : int
        Step between windows (>= 1).
    pad : int
        Zeros added on each side of H and W (>= 0).

    Returns
    -------
    ndarray, shape (N * OH * OW, C * FH * FW)
        Row ``(n * OH + oh) * OW + ow`` holds the window at ``(oh, ow)`` of
        image ``n``, its columns ordered ``(c, fh, fw)``. Same dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not an ndarray.
    ValueError
        If ``x`` is not 4-D, or the filter is larger than the padded input.

    Examples
    --------
    >>> im2col(np.zeros((1, 3, 7, 7)), 5, 5).shape
    (9, 75)
    >>> im2col(np.zeros((10, 3, 7, 7)), 5, 5).shape
    (90, 75)
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> im2col(x, 2, 2)
    array([[0., 1., 3., 4.],
           [1., 2., 4., 5.],
           [3., 4., 6., 7.],
           [4., 5., 7., 8.]])
    """
    windows = window_view(x, filter_h, filter_w, stride, pad)
    N, C, OH, OW, FH, FW = windows.shape
    # (N, C, OH, OW, FH, FW) -> (N, OH, OW, C, FH, FW): the one copy.
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(N * OH * OW, C * FH * FW)


def im2col_loop(
    x: np.ndarray, filter_h: int, filter_w: int, stride: int = 1, pad: int = 0
) -> np.ndarray:
    """:func:`im2col` written as plain loops over images and output positions.

    Slow but readable: the reference the vectorised version is tested
    against. Same parameters and result as :func:`im2col`.

    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> np.array_equal(im2col_loop(x, 2, 2), im2col(x, 2, 2))
    True
    """
    check_images(x)
    N, C, H, W = x.shape
    OH, OW = output_hw((H, W), filter_h, filter_w, stride, pad)
    padded = pad_hw(x, pad)
    col = np.empty((N * OH * OW, C * filter_h * filter_w), dtype=x.dtype)
    row = 0
    for n in range(N):
        for oh in range(OH):
            for ow in range(OW):
                rows, cols = patch(oh, ow, filter_h, filter_w, stride)
                col[row] = padded[n, :, rows, cols].reshape(-1)  # (c, fh, fw)
                row += 1
    return col


def _check_col(
    col: object,
    input_shape: tuple[int, ...],
    filter_h: int,
    filter_w: int,
    stride: int,
    pad: int,
) -> tuple[int, int, int, int, int, int]:
    if not isinstance(col, np.ndarray):
        raise TypeError(f"col must be a NumPy array, got {type(col).__name__}")
    if len(input_shape) != 4:
        raise ValueError(f"input_shape must be (N, C, H, W), got {tuple(input_shape)}")
    N, C, H, W = (int(s) for s in input_shape)
    OH, OW = output_hw((H, W), filter_h, filter_w, stride, pad)
    expected = (N * OH * OW, C * filter_h * filter_w)
    if col.shape != expected:
        raise ValueError(
            f"col must have shape (N*OH*OW, C*FH*FW) = {expected} for input "
            f"{(N, C, H, W)} and a {filter_h}x{filter_w} filter, got {col.shape}"
        )
    return N, C, H, W, OH, OW


def col2im(
    col: np.ndarray,
    input_shape: tuple[int, int, int, int],
    filter_h: int,
    filter_w: int,
    stride: int = 1,
    pad: int = 0,
) -> np.ndarray:
    """Scatter rows of windows back onto the images: the adjoint of :func:`im2col`.

    Where windows overlap their values are summed, so that
    ``<im2col(x), y> == <x, col2im(y)>`` for all ``x`` and ``y``; this is the
    backward pass of im2col. (It is *not* its inverse: an overlapped pixel
    comes back multiplied by the number of windows that saw it.)

    The loop runs over the ``FH * FW`` filter taps, each one strided add of
    a whole ``(N, C, OH, OW)`` block, never over pixels.

    Parameters
    ----------
    col : ndarray, shape (N * OH * OW, C * FH * FW)
    input_shape : tuple of int
        ``(N, C, H, W)`` of the images ``col`` was made from.
    filter_h, filter_w, stride, pad : int
        As given to :func:`im2col`.

    Returns
    -------
    ndarray, shape (N, C, H, W)
        Same dtype as ``col``.

    Examples
    --------
    >>> col2im(np.ones((4, 4)), (1, 1, 3, 3), 2, 2)
    array([[[[1., 2., 1.],
             [2., 4., 2.],
             [1., 2., 1.]]]])
    """
    N, C, H, W, OH, OW = _check_col(col, input_shape, filter_h, filter_w, stride, pad)
    # (N*OH*OW, C*FH*FW) -> (N, C, FH, FW, OH, OW), a view.
    taps = col.reshape(N, OH, OW, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    return add_taps(taps, (N, C, H, W), stride, pad)


def add_taps(
    taps: np.ndarray, input_shape: tuple[int, ...], stride: int, pad: int
) -> np.ndarray:
    """Sum window taps of shape ``(N, C, FH, FW, OH, OW)`` onto ``(N, C, H, W)``.

    The core of :func:`col2im`, shared with the backward pass of
    :class:`cnnlib.layers.Convolution`.
    """
    N, C, H, W = input_shape
    _, _, FH, FW, OH, OW = taps.shape
    padded = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=taps.dtype)
    for fh in range(FH):
        for fw in range(FW):
            tap_view(padded, fh, fw, OH, OW, stride, stride)[...] += taps[:, :, fh, fw]
    return crop_hw(padded, pad)


def col2im_loop(
    col: np.ndarray,
    input_shape: tuple[int, int, int, int],
    filter_h: int,
    filter_w: int,
    stride: int = 1,
    pad: int = 0,
) -> np.ndarray:
    """:func:`col2im` written as plain loops over rows (the readable reference).

    >>> col = np.arange(16.0).reshape(4, 4)
    >>> np.array_equal(col2im_loop(col, (1, 1, 3, 3), 2, 2),
    ...                col2im(col, (1, 1, 3, 3), 2, 2))
    True
    """
    N, C, H, W, OH, OW = _check_col(col, input_shape, filter_h, filter_w, stride, pad)
    padded = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    row = 0
    for n in range(N):
        for oh in range(OH):
            for ow in range(OW):
                rows, cols = patch(oh, ow, filter_h, filter_w, stride)
                padded[n, :, rows, cols] += col[row].reshape(C, filter_h, filter_w)
                row += 1
    return crop_hw(padded, pad)


def conv_transpose(
    x: np.ndarray,
    W: np.ndarray,
    b: np.ndarray | None = None,
    stride: int = 1,
    pad: int = 0,
) -> np.ndarray:
    """Transposed convolution (upsampling) of ``x``, built from :func:`col2im`.

    Every input pixel is multiplied by the whole filter, an ``(FN, FH, FW)``
    block per input channel summed over the channels, and the blocks are
    added onto the output ``stride`` pixels apart, summing where they
    overlap: one matrix product, then :func:`col2im`. This is exactly the
    backward pass ``dx`` of a :class:`cnnlib.layers.Convolution` with the
    same ``W``, stride and padding (its adjoint), which is why ``W`` has the
    shape of that convolution's filters.

    The output size is ``(H - 1) * stride + FH - 2 * pad`` (and the same for
    the width): the inverse of :func:`cnnlib.shapes.conv_output_size`. With
    ``pad=0`` and ``FH, FW >= stride`` it equals Keras'
    ``Conv2DTranspose(FN, (FH, FW), strides=stride, padding="valid")``,
    whose kernel is ``W.transpose(2, 3, 1, 0)``, shape ``(FH, FW, FN, C)``
    (Keras is NHWC; transpose at the boundary).

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
    W : ndarray, shape (C, FN, FH, FW)
        ``C`` input channels (the filters of the convolution this one
        transposes), ``FN`` output channels.
    b : ndarray, shape (FN,), optional
    stride, pad : int
        The stride of the upsampling, and the rows and columns cropped from
        each border of the result.

    Returns
    -------
    ndarray, shape (N, FN, (H - 1) * stride + FH - 2 * pad, ...)
        Same dtype as ``x``.

    Examples
    --------
    A 2x2 filter of ones with stride 2 repeats every pixel in a 2x2 block
    (nearest-neighbour upsampling):

    >>> x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    >>> conv_transpose(x, np.ones((1, 1, 2, 2)), stride=2)[0, 0]
    array([[1., 1., 2., 2.],
           [1., 1., 2., 2.],
           [3., 3., 4., 4.],
           [3., 3., 4., 4.]])
    >>> conv_transpose(x, np.ones((1, 3, 3, 3)), stride=2).shape   # overlaps add
    (1, 3, 5, 5)
    """
    check_images(x)
    if not isinstance(W, np.ndarray) or W.ndim != 4:
        raise ValueError(f"W must be an ndarray of shape (C, FN, FH, FW), got {W!r}")
    N, C, H, W_in = x.shape
    WC, FN, FH, FW = W.shape
    if WC != C:
        raise ValueError(
            f"x has {C} channels but W {W.shape} expects C = {WC} "
            f"(W must be (C, FN, FH, FW))"
        )
    if isinstance(stride, bool) or not isinstance(stride, int) or stride < 1:
        raise ValueError(f"stride must be an integer >= 1, got {stride!r}")
    if isinstance(pad, bool) or not isinstance(pad, int) or pad < 0:
        raise ValueError(f"pad must be an integer >= 0, got {pad!r}")
    OH = (H - 1) * stride + FH - 2 * pad
    OW = (W_in - 1) * stride + FW - 2 * pad
    if OH < 1 or OW < 1:
        raise ValueError(
            f"pad={pad} crops the whole {(H - 1) * stride + FH}x"
            f"{(W_in - 1) * stride + FW} output"
        )
    # Each input pixel times every filter: (N*H*W, C) @ (C, FN*FH*FW).
    rows = x.transpose(0, 2, 3, 1).reshape(N * H * W_in, C)
    col = rows @ W.reshape(C, FN * FH * FW).astype(x.dtype, copy=False)
    out = col2im(col, (N, FN, OH, OW), FH, FW, stride, pad)
    if b is not None:
        out += np.asarray(b, dtype=out.dtype).reshape(1, FN, 1, 1)
    return out
