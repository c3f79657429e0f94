"""Pictures of feature maps, saliency maps and top-scoring images (Chapter 6).

Feature maps come from Keras, so they are channels-last: one layer's output
for one image is ``(H, W, C)``. Every function builds a
:class:`matplotlib.figure.Figure` directly (not through ``pyplot``) and
returns it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from cnnlib._validation import check_array, check_int

__all__ = [
    "plot_feature_maps",
    "plot_heatmap_rows",
    "plot_image_rows",
    "plot_saliency",
]


def _check_image(image: object, name: str = "image") -> np.ndarray:
    return check_array(image, name, ndim=2, layout="(H, W)")


def _no_ticks(ax) -> None:
    ax.set_xticks([])
    ax.set_yticks([])


def plot_feature_maps(
    maps: Mapping[str, np.ndarray],
    n_maps: int = 8,
    image: np.ndarray | None = None,
) -> Figure:
    """Draw the first feature maps of several layers, one row per layer.

    Parameters
    ----------
    maps : mapping of str to ndarray, shape (H, W, C)
        Layer name -> that layer's output for one image (channels last, as
        Keras gives it). Rows follow the mapping's order, top to bottom.
    n_maps : int
        How many channels to show per layer (the first ``n_maps``; fewer if
        a layer has fewer channels).
    image : ndarray, shape (H, W), optional
        The input image, drawn in an extra first row.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per drawn map (plus one for ``image``). The first axes of
        each layer's row has the layer name and its shape as its y-label.
        Each map is scaled on its own (viridis: dark low, yellow high).

    Examples
    --------
    >>> fig = plot_feature_maps({"conv": np.zeros((4, 4, 3)),
    ...                          "pool": np.zeros((2, 2, 3))}, n_maps=2)
    >>> len(fig.axes), fig.axes[0].get_ylabel()
    (4, 'conv\\n4x4x3')
    """
    if not isinstance(maps, Mapping) or not maps:
        raise TypeError("maps must be a non-empty mapping of layer name -> (H, W, C)")
    n_maps = check_int("n_maps", n_maps)
    for name, layer_maps in maps.items():
        if not isinstance(layer_maps, np.ndarray) or layer_maps.ndim != 3:
            raise ValueError(
                f"maps[{name!r}] must be a 3-D array (H, W, C), got "
                f"{getattr(layer_maps, 'shape', type(layer_maps).__name__)}"
            )
    if image is not None:
        _check_image(image)
    ncols = min(n_maps, max(m.shape[2] for m in maps.values()))
    nrows = len(maps) + (image is not None)
    fig = Figure(figsize=(1.3 * ncols + 0.8, 1.35 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    row = 0
    if image is not None:
        axes[0, 0].imshow(image, cmap="gray")
        axes[0, 0].set_ylabel("input")
        _no_ticks(axes[0, 0])
        for ax in axes[0, 1:]:
            ax.remove()
        row = 1
    for name, layer_maps in maps.items():
        H, W, C = layer_maps.shape
        for col, ax in enumerate(axes[row]):
            if col >= C:
                ax.remove()
                continue
            ax.imshow(layer_maps[:, :, col], cmap="viridis")
            _no_ticks(ax)
        axes[row, 0].set_ylabel(f"{name}\n{H}x{W}x{C}")
        row += 1
    return fig


def plot_saliency(
    image: np.ndarray, saliency: np.ndarray, title: str | None = None
) -> Figure:
    """Show an image, its saliency map, and the map laid over the image.

    Parameters
    ----------
    image : ndarray, shape (H, W)
        The input image.
    saliency : ndarray, shape (H, W)
        How much each pixel matters, e.g. ``|d score / d pixel|``.
    title : str, optional
        Title above the three panels.

    Returns
    -------
    matplotlib.figure.Figure
        Three axes titled "input", "saliency" and "overlay".

    Examples
    --------
    >>> fig = plot_saliency(np.zeros((5, 5)), np.ones((5, 5)))
    >>> [ax.get_title() for ax in fig.axes]
    ['input', 'saliency', 'overlay']
    """
    _check_image(image)
    _check_image(saliency, "saliency")
    if image.shape != saliency.shape:
        raise ValueError(
            f"image {image.shape} and saliency {saliency.shape} must have the "
            "same shape"
        )
    fig = Figure(figsize=(7.5, 2.9), layout="constrained")
    axes = fig.subplots(1, 3)
    axes[0].imshow(image, cmap="gray")
    axes[0].set_title("input")
    axes[1].imshow(saliency, cmap="hot")
    axes[1].set_title("saliency")
    axes[2].imshow(image, cmap="gray")
    axes[2].imshow(saliency, cmap="hot", alpha=0.6)
    axes[2].set_title("overlay")
    for ax in axes:
        _no_ticks(ax)
    if title:
        fig.suptitle(title)
    return fig


def plot_image_rows(
    images: np.ndarray,
    row_labels: Sequence[str] | None = None,
    title: str | None = None,
) -> Figure:
    """Draw a grid of small grayscale images, with one label per row.

    Used, for example, for the digits that excite each filter most: row
    ``r`` holds the top images of filter ``r``.

    Parameters
    ----------
    images : ndarray, shape (R, K, H, W)
        ``R`` rows of ``K`` images each.
    row_labels : sequence of R str, optional
        Y-label of each row's first image.
    title : str, optional
        Title above the grid.

    Returns
    -------
    matplotlib.figure.Figure
        ``R * K`` axes, row by row.

    Examples
    --------
    >>> fig = plot_image_rows(np.zeros((2, 3, 4, 4)), row_labels=["a", "b"])
    >>> len(fig.axes), fig.axes[3].get_ylabel()
    (6, 'b')
    """
    if not isinstance(images, np.ndarray):
        raise TypeError(f"images must be a NumPy array, got {type(images).__name__}")
    if images.ndim != 4 or 0 in images.shape[:2]:
        raise ValueError(
            f"images must have shape (R, K, H, W) with R, K >= 1, got {images.shape}"
        )
    R, K = images.shape[:2]
    if row_labels is not None:
        row_labels = list(row_labels)
        if len(row_labels) != R:
            raise ValueError(f"got {R} rows but {len(row_labels)} row labels")
    fig = Figure(figsize=(0.9 * K + 0.8, 0.9 * R + 0.4), layout="constrained")
    axes = fig.subplots(R, K, squeeze=False)
    for r in range(R):
        for k in range(K):
            axes[r, k].imshow(images[r, k], cmap="gray_r")
            _no_ticks(axes[r, k])
        if row_labels is not None:
            axes[r, 0].set_ylabel(row_labels[r])
    if title:
        fig.suptitle(title)
    return fig


def plot_heatmap_rows(
    images: np.ndarray,
    heatmaps: Mapping[str, np.ndarray],
    row_labels: Sequence[str] | None = None,
    alpha: float = 0.6,
) -> Figure:
    """One row per image: the image, then each heat map laid over it.

    For example a saliency map next to a Grad-CAM map, for a few digits.

    Parameters
    ----------
    images : ndarray, shape (R, H, W)
        The inputs, drawn in grayscale.
    heatmaps : mapping of str to ndarray, shape (R, H, W)
        Name (the column's title) -> one map per image, on the image's
        pixels. Each panel is scaled on its own (hot: black low, white high)
        and drawn over the image with opacity ``alpha``.
    row_labels : sequence of R str, optional
        Y-label of each row's first panel.
    alpha : float
        Opacity of the heat maps, between 0 and 1.

    Returns
    -------
    matplotlib.figure.Figure
        ``R * (1 + len(heatmaps))`` axes, row by row. Row ``r``, column
        ``1 + m`` holds two images: ``images[r]``, then the ``m``-th heat
        map's ``[r]`` (``axes.images[-1]``).

    Examples
    --------
    >>> fig = plot_heatmap_rows(np.zeros((2, 4, 4)), {"a": np.ones((2, 4, 4))})
    >>> len(fig.axes), [ax.get_title() for ax in fig.axes[:2]]
    (4, ['input', 'a'])
    """
    if not isinstance(images, np.ndarray) or images.ndim != 3 or len(images) == 0:
        raise ValueError(
            "images must be a NumPy array of shape (R, H, W) with R >= 1, got "
            f"{getattr(images, 'shape', type(images).__name__)}"
        )
    if not isinstance(heatmaps, Mapping) or not heatmaps:
        raise TypeError("heatmaps must be a non-empty mapping of name -> (R, H, W)")
    for name, maps in heatmaps.items():
        if not isinstance(maps, np.ndarray) or maps.shape != images.shape:
            raise ValueError(
                f"heatmaps[{name!r}] must have the images' shape {images.shape}, "
                f"got {getattr(maps, 'shape', type(maps).__name__)}"
            )
    if not 0 <= alpha <= 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    R = len(images)
    if row_labels is not None:
        row_labels = list(row_labels)
        if len(row_labels) != R:
            raise ValueError(f"got {R} images but {len(row_labels)} row labels")
    ncols = 1 + len(heatmaps)
    fig = Figure(figsize=(1.6 * ncols + 0.6, 1.6 * R + 0.4), layout="constrained")
    axes = fig.subplots(R, ncols, squeeze=False)
    for r in range(R):
        axes[r, 0].imshow(images[r], cmap="gray")
        for m, maps in enumerate(heatmaps.values(), start=1):
            axes[r, m].imshow(images[r], cmap="gray")
            axes[r, m].imshow(maps[r], cmap="hot", alpha=alpha)
        for ax in axes[r]:
            _no_ticks(ax)
        if row_labels is not None:
            axes[r, 0].set_ylabel(row_labels[r])
    for m, name in enumerate(["input", *heatmaps], start=0):
        axes[0, m].set_title(name)
    return fig
