"""Window arithmetic shared by convolution and pooling, NCHW (Chapter 5).

A filter or pooling window of ``FH x FW`` slides over a padded input with a
stride; the output has ``OH x OW`` positions. Two views of the same grid are
used across cnnlib:

* a *tap* ``(i, j)`` is one cell of the window; the input cells it sees at
  every output position form the strided slice
  ``i, i + s, ..., i + (OH - 1) * s`` (:func:`tap`, :func:`tap_view`), which
  lets the fast code loop over the ``FH * FW`` taps instead of the pixels;
* a *patch* is the whole window at one output position ``(oh, ow)``
  (:func:`patch`), which the readable loop versions use.

Padding and cropping the border live here too (:func:`pad_hw`,
:func:`crop_hw`). Output sizes come from :func:`cnnlib.shapes.conv_output_size`.

>>> x = np.arange(16.0).reshape(1, 1, 4, 4)
>>> tap_view(x, 1, 0, 2, 2, 2, 2)[0, 0]      # cell (1, 0) of each 2x2 window
array([[ 4.,  6.],
       [12., 14.]])
>>> x[(0, 0, *patch(1, 0, 2, 2, 2))]          # the window at output (1, 0)
array([[ 8.,  9.],
       [12., 13.]])
"""

from __future__ import annotations

import numpy as np

__all__ = ["crop_hw", "pad_hw", "patch", "tap", "tap_view"]


def tap(offset: int, count: int, stride: int) -> slice:
    """The strided slice ``offset, offset + stride, ...`` of ``count`` cells.

    >>> tap(1, 3, 2)
    slice(1, 6, 2)
    """
    return slice(offset, offset + (count - 1) * stride + 1, stride)


def tap_view(
    a: np.ndarray, i: int, j: int, OH: int, OW: int, stride_h: int, stride_w: int
) -> np.ndarray:
    """The cells of ``a`` (N, C, H, W) that tap ``(i, j)`` sees: ``(N, C, OH, OW)``.

    A view (writable when ``a`` is), so ``tap_view(dx, ...)[...] += g``
    scatters a gradient back.
    """
    return a[:, :, tap(i, OH, stride_h), tap(j, OW, stride_w)]


def patch(
    oh: int, ow: int, filter_h: int, filter_w: int, stride: int
) -> tuple[slice, slice]:
    """Row and column slices of the window at output position ``(oh, ow)``.

    >>> patch(1, 2, 3, 3, 2)
    (slice(2, 5, None), slice(4, 7, None))
    """
    top, left = oh * stride, ow * stride
    return slice(top, top + filter_h), slice(left, left + filter_w)


def pad_hw(x: np.ndarray, pad: int, value: float = 0.0) -> np.ndarray:
    """``x`` (..., H, W) with ``pad`` cells of ``value`` on each side of H and W.

    Returns ``x`` itself when ``pad`` is 0.

    >>> pad_hw(np.ones((1, 1, 1, 1)), 1, -np.inf)[0, 0]
    array([[-inf, -inf, -inf],
           [-inf,   1., -inf],
           [-inf, -inf, -inf]])
    """
    if pad == 0:
        return x
    widths = [(0, 0)] * (x.ndim - 2) + [(pad, pad), (pad, pad)]
    return np.pad(x, widths, mode="constant", constant_values=value)


def crop_hw(x: np.ndarray, pad: int) -> np.ndarray:
    """Undo :func:`pad_hw`: a copy of ``x`` without ``pad`` cells on each side.

    Returns ``x`` itself when ``pad`` is 0.
    """
    if pad == 0:
        return x
    H, W = x.shape[-2] - 2 * pad, x.shape[-1] - 2 * pad
    return x[..., pad : pad + H, pad : pad + W].copy()
