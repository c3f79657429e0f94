"""Figures of Chapter 3: a filter sliding over a grid; padding and stride.

Every function builds a :class:`matplotlib.figure.Figure` directly (no
pyplot state) and returns it; the notebook cell that calls it shows it.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cnnlib.conv_naive import conv2d_single, window_coverage
from cnnlib.shapes import conv_output_size

__all__ = ["draw_grid", "plot_conv_steps", "plot_padding_stride"]


def draw_grid(ax, values: np.ndarray, cmap: str = "Blues", fmt: str = "{:g}") -> None:
    """Draw a small 2-D array as a grid of coloured cells with its numbers.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    values : ndarray, shape (H, W)
        The numbers to show.
    cmap : str
        Matplotlib colormap for the cell colours.
    fmt : str
        Format for each cell's label.
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 2:
        raise ValueError(f"values must be 2-D (H, W), got shape {values.shape}")
    low, high = values.min(), values.max()
    span = (high - low) or 1.0
    # Stretch the scale so that the darkest cell stays mid-dark: numbers stay legible.
    ax.imshow(values, cmap=cmap, vmin=low - 0.2 * span, vmax=high + 0.6 * span)
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=10)
    H, W = values.shape
    ax.set_xticks(np.arange(-0.5, W, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, H, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)


def plot_conv_steps(x2d: np.ndarray, k2d: np.ndarray) -> Figure:
    """Show a filter sliding over an input, one panel per window (stride 1, no padding).

    Panels, left to right: the filter, the input with each window outlined
    in turn, and the output feature map.

    Parameters
    ----------
    x2d : ndarray, shape (H, W)
        A small input (at most 6x6, so that the panels stay readable).
    k2d : ndarray, shape (FH, FW)
        The filter (not flipped: cross-correlation).

    Returns
    -------
    matplotlib.figure.Figure
        ``OH * OW + 2`` axes, with ``OH, OW`` the output size.
    """
    x2d = np.asarray(x2d)
    k2d = np.asarray(k2d)
    if x2d.ndim != 2 or k2d.ndim != 2:
        raise ValueError(f"x2d and k2d must be 2-D, got {x2d.shape} and {k2d.shape}")
    if max(x2d.shape) > 6:
        raise ValueError(f"x2d must be at most 6x6 to stay readable, got {x2d.shape}")
    out = conv2d_single(x2d, k2d)
    OH, OW = out.shape
    FH, FW = k2d.shape
    n_panels = OH * OW + 2
    fig = Figure(figsize=(2.1 * n_panels, 2.6), layout="constrained")
    axes = fig.subplots(1, n_panels)
    draw_grid(axes[0], k2d, cmap="Oranges")
    axes[0].set_title(f"filter {FH}x{FW}")
    for step, (i, j) in enumerate(np.ndindex(OH, OW), start=1):
        ax = axes[step]
        draw_grid(ax, x2d)
        ax.add_patch(
            Rectangle(
                (j - 0.5, i - 0.5),
                FW,
                FH,
                fill=False,
                edgecolor="tab:red",
                linewidth=3,
                zorder=3,
            )
        )
        ax.set_title(f"window ({i}, {j}): {out[i, j]:g}")
    draw_grid(axes[-1], out, cmap="Greens")
    axes[-1].set_title(f"output {OH}x{OW}")
    return fig


def plot_padding_stride(
    input_size: int,
    filter_size: int,
    configs: list[tuple[int, int]],
) -> Figure:
    """Padding and stride on a square input: which pixels the windows cover.

    Each panel is one ``(stride, pad)`` pair. Input cells carry the number of
    windows that cover them (red if none: information the layer never
    sees); grey cells are zero padding. The first window is outlined in
    solid red, the next one along the row (one stride later) in blue dashes.

    Parameters
    ----------
    input_size : int
        ``I``, the height and width of the input.
    filter_size : int
        ``F``, the height and width of the window.
    configs : list of (int, int)
        ``(stride, pad)`` pairs, one panel each.

    Returns
    -------
    matplotlib.figure.Figure
        ``len(configs)`` axes, titled with ``S``, ``P`` and the output size.
    """
    if not configs:
        raise ValueError("configs must hold at least one (stride, pad) pair")
    for config in configs:
        if not (isinstance(config, tuple) and len(config) == 2):
            raise TypeError(
                f"each config must be a (stride, pad) tuple, got {config!r}"
            )
    fig = Figure(figsize=(3.0 * len(configs), 3.4), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(configs)))
    for ax, (stride, pad) in zip(axes, configs, strict=True):
        out = conv_output_size(input_size, filter_size, stride, pad)
        line = window_coverage(input_size, filter_size, stride, pad)
        cover = np.outer(line, line)
        size = input_size + 2 * pad
        ax.set_xlim(-0.5, size - 0.5)
        ax.set_ylim(size - 0.5, -0.5)
        ax.set_aspect("equal")
        for i in range(size):
            for j in range(size):
                inside = pad <= i < pad + input_size and pad <= j < pad + input_size
                count = cover[i - pad, j - pad] if inside else None
                face = "0.85" if not inside else ("#f4a3a3" if count == 0 else "white")
                ax.add_patch(
                    Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=face, edgecolor="0.6")
                )
                if inside:
                    ax.text(j, i, str(count), ha="center", va="center", fontsize=8)
        ax.add_patch(
            Rectangle(
                (-0.5, -0.5),
                filter_size,
                filter_size,
                fill=False,
                edgecolor="tab:red",
                linewidth=2.5,
            )
        )
        if out > 1:
            ax.add_patch(
                Rectangle(
                    (stride - 0.5, -0.5),
                    filter_size,
                    filter_size,
                    fill=False,
                    edgecolor="tab:blue",
                    linewidth=2.5,
                    linestyle="--",
                )
            )
        ax.set_title(f"S={stride}, P={pad}: {out}x{out}")
        ax.set_xticks([])
        ax.set_yticks([])
    return fig
