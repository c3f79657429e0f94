"""Moving and shuffling the pixels of images (Chapter 2).

Both functions work on one image ``(H, W)``, a batch ``(N, H, W)``, or a
Keras batch ``(N, H, W, C)`` (channels last); they never modify their
input and return a new array of the same shape and dtype.
"""

from __future__ import annotations

import numpy as np

from cnnlib._validation import check_int

__all__ = ["permute_pixels", "shift_images"]


def _check_images(images: object) -> tuple[np.ndarray, int, int]:
    """Checked ``images`` and its (height, width) axes: (0, 1) or (1, 2)."""
    if not isinstance(images, np.ndarray):
        raise TypeError(f"images must be a NumPy array, got {type(images).__name__}")
    if images.ndim not in (2, 3, 4):
        raise ValueError(
            "images must be (H, W), (N, H, W) or (N, H, W, C), "
            f"got an array of shape {images.shape}"
        )
    return (images, 0, 1) if images.ndim == 2 else (images, 1, 2)


def shift_images(images: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """Shift images by whole pixels, filling the uncovered border with zeros.

    Pixels pushed past the edge are lost; nothing wraps around.

    Parameters
    ----------
    images : numpy.ndarray
        ``(H, W)``, ``(N, H, W)`` or ``(N, H, W, C)`` (channels last).
    dx : int
        Pixels to move right (negative: left); ``|dx| < W``.
    dy : int
        Pixels to move down (negative: up); ``|dy| < H``.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``images``.

    Examples
    --------
    >>> image = np.arange(9).reshape(3, 3)
    >>> shift_images(image, dx=1, dy=0)
    array([[0, 0, 1],
           [0, 3, 4],
           [0, 6, 7]])
    >>> shift_images(image, dx=0, dy=-1)
    array([[3, 4, 5],
           [6, 7, 8],
           [0, 0, 0]])
    """
    images, h_axis, w_axis = _check_images(images)
    H, W = images.shape[h_axis], images.shape[w_axis]
    for name, value, size, axis in (("dx", dx, W, "width"), ("dy", dy, H, "height")):
        value = check_int(name, value)
        if abs(value) >= size:
            raise ValueError(
                f"|{name}| must be smaller than the image {axis} {size}, got {value}: "
                "the image would move out of view"
            )
    dx, dy = int(dx), int(dy)
    shifted = np.zeros_like(images)
    # Source and destination slices along one axis for a shift by `d`.
    src_h = slice(max(0, -dy), H - max(0, dy))
    dst_h = slice(max(0, dy), H - max(0, -dy))
    src_w = slice(max(0, -dx), W - max(0, dx))
    dst_w = slice(max(0, dx), W - max(0, -dx))
    lead = () if images.ndim == 2 else (slice(None),)
    shifted[(*lead, dst_h, dst_w)] = images[(*lead, src_h, src_w)]
    return shifted


def permute_pixels(images: np.ndarray, permutation: np.ndarray) -> np.ndarray:
    """Move every pixel to a new place, the same way in every image.

    Pixel ``k`` of the output (in row-major order over ``H * W``) is pixel
    ``permutation[k]`` of the input; channels move together.

    Parameters
    ----------
    images : numpy.ndarray
        As for :func:`shift_images`.
    permutation : numpy.ndarray
        ``(H * W,)`` integers, a permutation of ``0 .. H * W - 1``, for
        example ``np.random.default_rng(0).permutation(H * W)``.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``images``. Reversing the four pixels of
        a 2x2 image:

    >>> image = np.arange(4).reshape(2, 2)
    >>> permute_pixels(image, np.array([3, 2, 1, 0]))
    array([[3, 2],
           [1, 0]])
    """
    images, h_axis, w_axis = _check_images(images)
    H, W = images.shape[h_axis], images.shape[w_axis]
    permutation = np.asarray(permutation)
    if (
        permutation.shape != (H * W,)
        or not np.issubdtype(permutation.dtype, np.integer)
        or not np.array_equal(np.sort(permutation), np.arange(H * W))
    ):
        raise ValueError(
            f"permutation must hold each of 0 .. {H * W - 1} exactly once "
            f"(shape ({H * W},), integers), got {permutation.dtype} "
            f"of shape {permutation.shape}"
        )
    lead = images.shape[:h_axis]
    trail = images.shape[w_axis + 1 :]
    flat = images.reshape(*lead, H * W, *trail)
    return np.take(flat, permutation, axis=h_axis).reshape(images.shape)
