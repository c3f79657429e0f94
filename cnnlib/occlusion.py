"""Occlusion sensitivity: cover part of an image, watch the class's probability.

Zeiler and Fergus (2014) slid a grey square over an image and recorded the
probability of the correct class for every position of the square: where
covering the image makes the probability drop, the network relies on what
was covered. Unlike a saliency map this needs no gradient, only the
network's predictions, and measures a large change (a whole patch gone)
rather than a pixel's infinitesimal one.

Images are channels-last (NHWC), as :class:`cnnlib.explain.SmallCNNInNumPy`
takes them. The patch positions are those of a ``patch x patch`` window with
stride ``stride`` and no padding (:func:`cnnlib.conv_output_size`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from cnnlib._validation import check_int
from cnnlib.shapes import conv_output_size

__all__ = [
    "occlusion_map",
    "occlusion_masks",
    "occlusion_to_pixels",
    "window_sums",
]


def _check_geometry(size: int, patch: int, stride: int) -> int:
    patch = check_int("patch", patch, 1)
    stride = check_int("stride", stride, 1)
    if patch > size:
        raise ValueError(f"patch {patch} is larger than the image ({size} pixels)")
    return conv_output_size(size, patch, stride)


def occlusion_masks(size: int, patch: int, stride: int) -> np.ndarray:
    """One boolean mask per patch position, row by row: True under the patch.

    Returns
    -------
    ndarray of bool, shape (OH * OW, size, size), with
    ``OH = OW = (size - patch) // stride + 1``.

    Examples
    --------
    >>> masks = occlusion_masks(4, patch=2, stride=2)
    >>> masks.shape, masks[1].astype(int).tolist()
    ((4, 4, 4), [[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]])
    """
    n = _check_geometry(size, patch, stride)
    starts = np.arange(n) * stride
    inside = (np.arange(size)[None, :] >= starts[:, None]) & (
        np.arange(size)[None, :] < starts[:, None] + patch
    )  # (n, size): pixel p lies in window i
    return (inside[:, None, :, None] & inside[None, :, None, :]).reshape(
        n * n, size, size
    )


def occlusion_map(
    predict_proba: Callable[[np.ndarray], np.ndarray],
    images: np.ndarray,
    labels,
    patch: int = 7,
    stride: int = 3,
    fill: float = 0.5,
    batch_size: int = 256,
) -> np.ndarray:
    """The drop in each label's probability when a patch covers the image.

    Parameters
    ----------
    predict_proba : callable
        ``(M, H, W, C)`` images -> ``(M, classes)`` probabilities.
    images : ndarray, shape (N, H, W, C), NHWC, square (H == W)
    labels : sequence of N ints
        The class whose probability is watched (the true one, say).
    patch, stride : int
        Side of the square patch and the step between its positions.
    fill : float
        The value the patch sets every covered pixel (and channel) to: 0.5 is
        grey on images in [0, 1].
    batch_size : int
        How many occluded images go through ``predict_proba`` at once.

    Returns
    -------
    ndarray, shape (N, OH, OW)
        ``p(label | image) - p(label | image with the patch at (i, j))``:
        positive where covering the image lowers the probability. Position
        ``(i, j)`` covers rows ``i * stride`` to ``i * stride + patch - 1``
        and the same columns.

    Examples
    --------
    >>> def brightness(x):  # "class 1" is more likely the brighter the image
    ...     p1 = x.mean(axis=(1, 2, 3))
    ...     return np.stack([1 - p1, p1], axis=1)
    >>> image = np.zeros((1, 4, 4, 1)); image[0, :2, :2] = 1.0
    >>> occlusion_map(brightness, image, [1], patch=2, stride=2, fill=0.0)
    array([[[0.25, 0.  ],
            [0.  , 0.  ]]])
    """
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[1] != images.shape[2]:
        raise ValueError(f"images must be square NHWC (N, H, H, C), got {images.shape}")
    labels = np.asarray(labels)
    N, H = images.shape[:2]
    if labels.shape != (N,) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be {N} ints, got {labels!r}")
    batch_size = check_int("batch_size", batch_size, 1)
    masks = occlusion_masks(H, patch, stride)  # (P, H, W)
    n = int(round(np.sqrt(len(masks))))
    occluded = np.where(masks[None, :, :, :, None], fill, images[:, None])
    occluded = occluded.reshape(-1, *images.shape[1:]).astype(images.dtype)
    probabilities = np.concatenate(
        [
            predict_proba(occluded[i : i + batch_size])
            for i in range(0, len(occluded), batch_size)
        ]
    ).reshape(N, len(masks), -1)
    base = np.asarray(predict_proba(images))[np.arange(N), labels]
    watched = probabilities[np.arange(N), :, labels]  # (N, P)
    return (base[:, None] - watched).reshape(N, n, n)


def occlusion_to_pixels(
    drops: np.ndarray, size: int, patch: int, stride: int
) -> np.ndarray:
    """Spread an occlusion map over the pixels: the mean drop of the patches
    covering each pixel (0 where no patch does).

    Parameters
    ----------
    drops : ndarray, shape (N, OH, OW)
    size, patch, stride : int
        The image side and the patch geometry that made ``drops``.

    Returns
    -------
    ndarray, shape (N, size, size)

    Examples
    --------
    >>> drops = np.array([[[1.0, 3.0], [1.0, 3.0]]])  # 2x2 windows of 2x2 pixels
    >>> occlusion_to_pixels(drops, 3, patch=2, stride=1)[0, 0]  # first row
    array([1., 2., 3.])
    """
    drops = np.asarray(drops, dtype=np.float64)
    masks = occlusion_masks(size, patch, stride).astype(np.float64)  # (P, H, W)
    if drops.ndim != 3 or drops.shape[1] * drops.shape[2] != len(masks):
        n = conv_output_size(size, patch, stride)
        raise ValueError(f"drops must be (N, {n}, {n}), got {drops.shape}")
    covered = masks.sum(axis=0)
    total = np.einsum("np,phw->nhw", drops.reshape(len(drops), -1), masks)
    return np.divide(total, covered, out=np.zeros_like(total), where=covered > 0)


def window_sums(maps: np.ndarray, patch: int, stride: int) -> np.ndarray:
    """Sum a per-pixel map inside every patch position (to compare it with
    an occlusion map on the same grid).

    Parameters
    ----------
    maps : ndarray, shape (N, H, H)

    Returns
    -------
    ndarray, shape (N, OH, OW)

    Examples
    --------
    >>> window_sums(np.arange(16.0).reshape(1, 4, 4), patch=2, stride=2)
    array([[[10., 18.],
            [42., 50.]]])
    """
    maps = np.asarray(maps, dtype=np.float64)
    if maps.ndim != 3 or maps.shape[1] != maps.shape[2]:
        raise ValueError(f"maps must be (N, H, H), got {maps.shape}")
    _check_geometry(maps.shape[1], patch, stride)
    windows = np.lib.stride_tricks.sliding_window_view(maps, (patch, patch), (1, 2))
    return windows[:, ::stride, ::stride].sum(axis=(3, 4))
