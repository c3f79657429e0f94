"""Figures of Chapter 4: max and average pooling, and pooling under a shift.

Every function builds a :class:`matplotlib.figure.Figure` directly (no
pyplot state) and returns it.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cnnlib.conv_naive import pool2d_single
from cnnlib.plots.conv import draw_grid

__all__ = ["plot_pooling", "plot_shift_pooling"]


def _outline_windows(ax, shape: tuple[int, int], size: int) -> None:
    OH, OW = shape[0] // size, shape[1] // size
    for i in range(OH):
        for j in range(OW):
            ax.add_patch(
                Rectangle(
                    (j * size - 0.5, i * size - 0.5),
                    size,
                    size,
                    fill=False,
                    edgecolor="tab:red",
                    linewidth=2.5,
                    zorder=3,
                )
            )


def plot_pooling(x2d: np.ndarray, size: int = 2) -> Figure:
    """One feature map, its pooling windows, and the max- and average-pooled maps.

    Parameters
    ----------
    x2d : ndarray, shape (H, W)
        A small feature map (at most 8x8).
    size : int
        Pool size; the stride equals it (Keras's default).

    Returns
    -------
    matplotlib.figure.Figure
        Three axes: the input with the windows outlined, max pooling,
        average pooling.
    """
    x2d = np.asarray(x2d, dtype=float)
    if x2d.ndim != 2:
        raise ValueError(f"x2d must be 2-D (H, W), got shape {x2d.shape}")
    if max(x2d.shape) > 8:
        raise ValueError(f"x2d must be at most 8x8 to stay readable, got {x2d.shape}")
    max_out = pool2d_single(x2d, size, mode="max")
    avg_out = pool2d_single(x2d, size, mode="average")
    fig = Figure(figsize=(9, 3.3), layout="constrained")
    axes = fig.subplots(1, 3, width_ratios=[x2d.shape[1], *[max_out.shape[1]] * 2])
    draw_grid(axes[0], x2d)
    _outline_windows(axes[0], x2d.shape, size)
    axes[0].set_title(f"input {x2d.shape[0]}x{x2d.shape[1]}, windows {size}x{size}")
    draw_grid(axes[1], max_out, cmap="Greens")
    axes[1].set_title("max pooling")
    draw_grid(axes[2], avg_out, cmap="Purples", fmt="{:.2f}")
    axes[2].set_title("average pooling")
    return fig


def plot_shift_pooling(
    fmap: np.ndarray, shifted: np.ndarray, size: int = 2, cmap: str = "gray_r"
) -> Figure:
    """A feature map and a shifted copy, before and after max pooling.

    Active cells (non-zero in either map) whose value differs between the
    two are marked with a red dot and counted in the title, so the reader
    can compare how much changes before and after pooling.

    Parameters
    ----------
    fmap, shifted : ndarray, shape (H, W)
        The feature map and the same map shifted by a pixel or two.
    size : int
        Max-pooling window (and stride).
    cmap : str
        Colormap for the maps.

    Returns
    -------
    matplotlib.figure.Figure
        Four axes: ``fmap``, ``shifted``, pooled ``fmap``, pooled ``shifted``.
    """
    fmap = np.asarray(fmap, dtype=float)
    shifted = np.asarray(shifted, dtype=float)
    if fmap.ndim != 2 or fmap.shape != shifted.shape:
        raise ValueError(
            f"fmap and shifted must be 2-D of the same shape, got {fmap.shape} "
            f"and {shifted.shape}"
        )
    pooled = pool2d_single(fmap, size)
    pooled_shifted = pool2d_single(shifted, size)
    fig = Figure(figsize=(11, 3.2), layout="constrained")
    axes = fig.subplots(1, 4)
    pairs = [(fmap, shifted), (pooled, pooled_shifted)]
    titles = ["feature map", "shifted", "max-pooled", "shifted, max-pooled"]
    vmax = max(fmap.max(), shifted.max())
    for k, ax in enumerate(axes):
        a, b = pairs[k // 2]
        image = a if k % 2 == 0 else b
        ax.imshow(image, cmap=cmap, vmin=0, vmax=vmax)
        if k % 2 == 1:
            active = (a != 0) | (b != 0)
            changed = active & ~np.isclose(a, b)
            rows, cols = np.nonzero(changed)
            ax.plot(cols, rows, "o", color="tab:red", markersize=3)
            titles[k] += f"\n{changed.sum()} of {active.sum()} active cells changed"
        ax.set_title(titles[k], fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    return fig
