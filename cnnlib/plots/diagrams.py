"""Diagrams of Chapters 3, 4, 5 and 7, drawn by code from cnnlib's own results.

Every function builds a :class:`matplotlib.figure.Figure` (no pyplot state)
at a 16:9-friendly size and returns it. The pictures carry numbers and
symbols only, no words: the words go in the notebook's caption, which is
translated, so one picture serves both editions (``tests/test_plots_diagrams.py``
checks it). Every number drawn is computed by the cnnlib function named in
the docstring, never typed in.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle

from cnnlib.conv_naive import conv2d_nchw, conv2d_single, pool2d_single, window_coverage
from cnnlib.im2col import col2im, im2col
from cnnlib.plots.conv import draw_grid
from cnnlib.shapes import (
    Conv,
    Pool,
    conv_macs,
    conv_output_size,
    conv_params,
    depthwise_conv_macs,
    receptive_fields,
    same_output_size,
    same_padding,
    shape_table,
)

__all__ = [
    "SLIDE",
    "plot_col2im",
    "plot_colour_filters",
    "plot_depthwise_separable",
    "plot_dilation",
    "plot_filter_bank",
    "plot_gemm",
    "plot_im2col_channels",
    "plot_im2col_rows",
    "plot_inception_channels",
    "plot_multichannel",
    "plot_pointwise_dense",
    "plot_pool_windows",
    "plot_receptive_field",
    "plot_residual_blocks",
    "plot_rgb_convolution",
    "plot_same_padding",
    "plot_window_sum",
]

#: Figure size of a full slide (16:9, inches).
SLIDE = (12.0, 6.75)
#: Colours that tell windows (rows of im2col, pooling windows) apart.
COLOURS = [
    "tab:red",
    "tab:blue",
    "tab:green",
    "tab:orange",
    "tab:purple",
    "tab:brown",
    "tab:pink",
    "tab:olive",
    "tab:cyan",
]


def _int_array(name: str, value: object, ndim: int) -> np.ndarray:
    array = np.asarray(value)
    if array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {array.shape}")
    return array


def _outline(
    ax,
    row: float,
    col: float,
    height: float,
    width: float,
    colour: str,
    style: str = "-",
    lw: float = 3.0,
) -> Rectangle:
    rect = Rectangle(
        (col - 0.5, row - 0.5),
        width,
        height,
        fill=False,
        edgecolor=colour,
        linewidth=lw,
        linestyle=style,
        zorder=3,
    )
    ax.add_patch(rect)
    return rect


def _row_label(ax, r: int) -> None:
    """Row ``r``'s index left of a matrix drawn by ``draw_grid``, in its colour."""
    ax.text(
        -0.9,
        r,
        f"{r}",
        color=COLOURS[r],
        ha="right",
        va="center",
        fontsize=13,
        fontweight="bold",
    )


def _symbol(fig: Figure, x: float, y: float, text: str, size: int = 22) -> None:
    """An operator between panels, in figure coordinates."""
    fig.text(x, y, text, ha="center", va="center", fontsize=size)


def _gap(ax_left, ax_right) -> float:
    """The x (figure coordinates) half way between two axes, after layout."""
    left = ax_left.get_position()
    right = ax_right.get_position()
    return (left.x1 + right.x0) / 2


# ----------------------------------------------------------------------------
# Chapter 3
# ----------------------------------------------------------------------------


def plot_window_sum(
    x2d: np.ndarray, k2d: np.ndarray, position: tuple[int, int]
) -> Figure:
    """One window of a convolution: input, filter, products, their sum.

    Panels: the input with the window at ``position`` outlined; the filter;
    the element-wise products of window and filter, titled with their sum;
    the output of :func:`cnnlib.conv_naive.conv2d_single` (stride 1, no
    padding) with the cell that sum fills outlined.

    Parameters
    ----------
    x2d : ndarray, shape (H, W)
    k2d : ndarray, shape (FH, FW)
    position : (int, int)
        ``(i, j)``, the output cell (and so the window's top-left input cell).
    """
    x2d = _int_array("x2d", x2d, 2)
    k2d = _int_array("k2d", k2d, 2)
    out = conv2d_single(x2d, k2d)
    i, j = position
    if not (0 <= i < out.shape[0] and 0 <= j < out.shape[1]):
        raise ValueError(f"position {position} is outside the {out.shape} output")
    FH, FW = k2d.shape
    products = x2d[i : i + FH, j : j + FW] * k2d
    fig = Figure(figsize=(SLIDE[0], 4.2))
    axes = fig.subplots(
        1, 4, gridspec_kw={"width_ratios": [x2d.shape[1], FW, FW, out.shape[1]]}
    )
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.05, top=0.85, wspace=0.45)
    draw_grid(axes[0], x2d)
    _outline(axes[0], i, j, FH, FW, "tab:red")
    axes[0].set_title(r"$x$", fontsize=16)
    draw_grid(axes[1], k2d, cmap="Oranges")
    axes[1].set_title(r"$k$", fontsize=16)
    draw_grid(axes[2], products, cmap="Purples")
    axes[2].set_title(rf"$\Sigma = {products.sum():g}$", fontsize=16)
    draw_grid(axes[3], out, cmap="Greens")
    _outline(axes[3], i, j, 1, 1, "tab:red")
    axes[3].set_title(rf"$y_{{{i}{j}}} = {out[i, j]:g}$", fontsize=16)
    for left, right, text in [
        (0, 1, r"$\odot$"),
        (1, 2, "="),
        (2, 3, r"$\rightarrow$"),
    ]:
        _symbol(fig, _gap(axes[left], axes[right]), 0.45, text)
    return fig


def plot_same_padding(configs: Sequence[tuple[int, int, int]]) -> Figure:
    """Where ``padding='same'`` puts its zeros, for ``(I, F, S)`` triples.

    Each panel is the padded input along both axes, with the zeros of
    :func:`cnnlib.same_padding` in grey: ``before`` rows/columns at the top
    and left, ``after`` at the bottom and right. Every cell carries the
    number of windows that cover it (:func:`cnnlib.conv_naive.window_coverage`
    on the padded size); the first window is outlined in red, the last in
    blue dashes. The title gives ``(before, after)`` and the output size
    :func:`cnnlib.same_output_size`.
    """
    if not configs:
        raise ValueError("configs must hold at least one (I, F, S) triple")
    fig = Figure(figsize=(SLIDE[0], 4.6), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(configs)))
    for ax, (size, F, S) in zip(axes, configs, strict=True):
        before, after = same_padding(size, F, stride=S)
        padded = size + before + after
        out = same_output_size(size, stride=S)
        if conv_output_size(padded, F, S) != out:
            raise AssertionError("same_padding and same_output_size disagree")
        counts = window_coverage(padded, F, stride=S)
        grid = np.outer(counts, counts)
        draw_grid(ax, grid, cmap="Blues", fmt="{:g}")
        for k in [*range(before), *range(size + before, padded)]:
            ax.add_patch(
                Rectangle((-0.5, k - 0.5), padded, 1, color="0.6", zorder=2, alpha=0.8)
            )
            ax.add_patch(
                Rectangle((k - 0.5, -0.5), 1, padded, color="0.6", zorder=2, alpha=0.8)
            )
        _outline(ax, 0, 0, F, F, "tab:red")
        last = (out - 1) * S
        _outline(ax, last, last, F, F, "tab:blue", style="--")
        ax.set_title(
            f"$I={size},\\ F={F},\\ S={S}$\n$P=({before},\\ {after}),\\ O={out}$",
            fontsize=14,
        )
    return fig


def plot_dilation(size: int, k2d: np.ndarray, dilations: Sequence[int]) -> Figure:
    """A filter's taps on the input for each dilation ``D`` (first window).

    The taps sit ``D`` pixels apart and carry the filter's weights; the
    dashed square is the span ``D(F-1)+1``. Titles give ``D``, the span and
    the output size of :func:`cnnlib.conv_output_size` with ``dilation=D``.
    """
    k2d = _int_array("k2d", k2d, 2)
    if k2d.shape[0] != k2d.shape[1]:
        raise ValueError(f"k2d must be square, got {k2d.shape}")
    if not dilations:
        raise ValueError("dilations must hold at least one value")
    F = k2d.shape[0]
    fig = Figure(figsize=(SLIDE[0], 4.6), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(dilations)))
    for ax, D in zip(axes, dilations, strict=True):
        out = conv_output_size(size, F, dilation=D)
        span = D * (F - 1) + 1
        ax.imshow(np.zeros((size, size)), cmap="Greys", vmin=0, vmax=1)
        for (a, b), w in np.ndenumerate(k2d):
            ax.add_patch(
                Rectangle(
                    (D * b - 0.5, D * a - 0.5), 1, 1, color="tab:orange", zorder=2
                )
            )
            ax.text(
                D * b, D * a, f"{w:g}", ha="center", va="center", fontsize=11, zorder=3
            )
        _outline(ax, 0, 0, span, span, "tab:red", style="--")
        ax.set_xticks(np.arange(-0.5, size, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, size, 1), minor=True)
        ax.grid(which="minor", color="0.75", linewidth=1)
        ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
        ax.set_title(f"$D={D}$: ${span}\\times{span},\\ O={out}$", fontsize=14)
    return fig


def plot_multichannel(x3: np.ndarray, k3: np.ndarray) -> Figure:
    """Three (or C) input channels into one output map.

    Row ``c``: input channel ``x[c]``, filter slice ``k[c]``, their
    :func:`cnnlib.conv_naive.conv2d_single`; the right panel is the sum over
    channels, :func:`cnnlib.conv_naive.conv2d_nchw` with one filter.

    Parameters
    ----------
    x3 : ndarray, shape (C, H, W)
    k3 : ndarray, shape (C, FH, FW)
    """
    x3 = _int_array("x3", x3, 3)
    k3 = _int_array("k3", k3, 3)
    if x3.shape[0] != k3.shape[0]:
        raise ValueError(
            f"x3 and k3 need the same depth C, got {x3.shape} and {k3.shape}"
        )
    C = x3.shape[0]
    total = conv2d_nchw(x3[np.newaxis], k3[np.newaxis])[0, 0]
    fig = Figure(figsize=SLIDE)
    grid = fig.add_gridspec(
        C,
        4,
        width_ratios=[x3.shape[2], k3.shape[2], total.shape[1], total.shape[1]],
        left=0.04,
        right=0.96,
        bottom=0.03,
        top=0.93,
        wspace=0.6,
        hspace=0.35,
    )
    cmaps = ["Reds", "Greens", "Blues"]
    for c in range(C):
        cmap = cmaps[c % 3]
        ax_x, ax_k, ax_y = (fig.add_subplot(grid[c, col]) for col in range(3))
        draw_grid(ax_x, x3[c], cmap=cmap)
        draw_grid(ax_k, k3[c], cmap="Oranges")
        draw_grid(ax_y, conv2d_single(x3[c], k3[c]), cmap=cmap)
        for ax, text in [
            (ax_x, f"$x_{c}$"),
            (ax_k, f"$k_{c}$"),
            (ax_y, f"$x_{c} * k_{c}$"),
        ]:
            ax.set_title(text, fontsize=14)
    ax_sum = fig.add_subplot(grid[C // 2, 3])
    draw_grid(ax_sum, total, cmap="Greens")
    ax_sum.set_title(r"$\sum_c\, x_c * k_c$", fontsize=14)
    fig.canvas.draw_idle()
    axes = fig.axes
    for c in range(C):
        row = axes[3 * c : 3 * c + 3]
        y = (row[0].get_position().y0 + row[0].get_position().y1) / 2
        _symbol(fig, _gap(row[0], row[1]), y, "$*$")
        _symbol(fig, _gap(row[1], row[2]), y, "=")
    mid = axes[-1].get_position()
    _symbol(fig, _gap(axes[2], axes[-1]), (mid.y0 + mid.y1) / 2, r"$\rightarrow$")
    return fig


def plot_filter_bank(x3: np.ndarray, W: np.ndarray, b: np.ndarray) -> Figure:
    """K filters on a C-channel input give a K-channel output.

    Left: the C input channels. Row ``f``: filter ``f``'s C slices, then its
    output map (:func:`cnnlib.conv_naive.conv2d_nchw`, bias ``b[f]``).

    Parameters
    ----------
    x3 : ndarray, shape (C, H, W)
    W : ndarray, shape (K, C, FH, FW)
    b : ndarray, shape (K,)
    """
    x3 = _int_array("x3", x3, 3)
    W = _int_array("W", W, 4)
    out = conv2d_nchw(x3[np.newaxis], W, np.asarray(b, dtype=float))[0]
    K, C = W.shape[:2]
    rows = C * K
    fig = Figure(figsize=SLIDE)
    grid = fig.add_gridspec(
        rows,
        C + 2,
        width_ratios=[x3.shape[2]] + [W.shape[3]] * C + [out.shape[2]],
        left=0.03,
        right=0.97,
        bottom=0.03,
        top=0.93,
        wspace=0.5,
        hspace=1.2,
    )
    cmaps = ["Reds", "Greens", "Blues"]
    for c in range(C):
        ax = fig.add_subplot(grid[c * K : (c + 1) * K, 0])
        draw_grid(ax, x3[c], cmap=cmaps[c % 3])
        ax.set_title(f"$x_{c}$", fontsize=13)
    for f in range(K):
        for c in range(C):
            ax = fig.add_subplot(grid[f * C : (f + 1) * C, 1 + c])
            draw_grid(ax, W[f, c], cmap="Oranges")
            ax.set_title(f"$W_{{{f}{c}}}$", fontsize=13)
        ax = fig.add_subplot(grid[f * C : (f + 1) * C, C + 1])
        draw_grid(ax, out[f], cmap="Greens")
        ax.set_title(f"$y_{f}\\ (b_{f}={float(b[f]):g})$", fontsize=13)
    fig.suptitle(
        f"${tuple(x3.shape)} \\rightarrow {tuple(W.shape)} \\rightarrow "
        f"{tuple(out.shape)}$",
        fontsize=14,
    )
    return fig


def plot_rgb_convolution(image_hwc: np.ndarray, kernels: np.ndarray) -> Figure:
    """A colour photo's R, G, B channels, one filter per channel, the sum.

    Top row: the channels (and the photo); middle: the filter slice per
    channel; bottom: each channel's response (:func:`conv2d_single`) and
    their sum, which is :func:`cnnlib.conv_naive.conv2d_nchw` of the whole
    image with the 3-channel filter.

    Parameters
    ----------
    image_hwc : ndarray of uint8, shape (H, W, 3)
    kernels : ndarray, shape (3, FH, FW)
    """
    image_hwc = _int_array("image_hwc", image_hwc, 3)
    kernels = _int_array("kernels", kernels, 3)
    if image_hwc.shape[2] != 3 or kernels.shape[0] != 3:
        raise ValueError(f"need 3 channels, got {image_hwc.shape} and {kernels.shape}")
    chw = image_hwc.transpose(2, 0, 1).astype(np.float64) / 255.0
    total = conv2d_nchw(chw[np.newaxis], kernels[np.newaxis])[0, 0]
    fig = Figure(figsize=SLIDE)
    grid = fig.add_gridspec(
        3,
        4,
        height_ratios=[3, 1.6, 3],
        left=0.02,
        right=0.98,
        bottom=0.02,
        top=0.94,
        wspace=0.15,
        hspace=0.3,
    )
    names = ["R", "G", "B"]
    cmaps = ["Reds_r", "Greens_r", "Blues_r"]
    for c in range(3):
        ax = fig.add_subplot(grid[0, c])
        ax.imshow(chw[c], cmap=cmaps[c], vmin=0, vmax=1)
        ax.set_title(f"${names[c]}$", fontsize=14)
        ax = fig.add_subplot(grid[1, c])
        draw_grid(ax, kernels[c], cmap="Oranges", fmt="{:g}")
        ax = fig.add_subplot(grid[2, c])
        response = conv2d_single(chw[c], kernels[c])
        limit = np.abs(response).max() or 1.0
        ax.imshow(response, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"${names[c]} * k_{names[c]}$", fontsize=14)
    ax = fig.add_subplot(grid[0, 3])
    ax.imshow(image_hwc)
    ax.set_title("$RGB$", fontsize=14)
    ax = fig.add_subplot(grid[2, 3])
    limit = np.abs(total).max() or 1.0
    ax.imshow(total, cmap="RdBu_r", vmin=-limit, vmax=limit)
    ax.set_title(r"$\sum_c$", fontsize=14)
    for ax in fig.axes:
        if not ax.texts:
            ax.set_xticks([])
            ax.set_yticks([])
    return fig


def _filter_as_colour(kernel: np.ndarray) -> np.ndarray:
    """A (3, FH, FW) filter as an (FH, FW, 3) image in [0, 1], 0.5 = weight 0."""
    limit = np.abs(kernel).max() or 1.0
    return 0.5 + 0.5 * kernel.transpose(1, 2, 0) / limit


def plot_colour_filters(image_hwc: np.ndarray, filters: np.ndarray) -> Figure:
    """Learned-looking 3-channel filters and their responses on a photo.

    Top: the photo, then each filter drawn as a colour patch (weights scaled
    to [0, 1], grey is 0), the way trained first-layer filters are shown.
    Bottom: each filter's response, :func:`cnnlib.conv_naive.conv2d_nchw`.

    Parameters
    ----------
    image_hwc : ndarray of uint8, shape (H, W, 3)
    filters : ndarray, shape (K, 3, FH, FW)
    """
    image_hwc = _int_array("image_hwc", image_hwc, 3)
    filters = _int_array("filters", filters, 4)
    chw = image_hwc.transpose(2, 0, 1).astype(np.float64) / 255.0
    maps = conv2d_nchw(chw[np.newaxis], filters)[0]
    K = len(filters)
    fig = Figure(figsize=SLIDE)
    grid = fig.add_gridspec(
        2,
        K + 1,
        height_ratios=[1, 2.2],
        left=0.02,
        right=0.98,
        bottom=0.02,
        top=0.93,
        wspace=0.1,
        hspace=0.2,
    )
    ax = fig.add_subplot(grid[:, 0])
    ax.imshow(image_hwc)
    ax.set_title("$x$", fontsize=14)
    for f in range(K):
        ax = fig.add_subplot(grid[0, f + 1])
        ax.imshow(_filter_as_colour(filters[f]), interpolation="nearest")
        ax.set_title(f"$k_{f}$", fontsize=14)
        ax = fig.add_subplot(grid[1, f + 1])
        limit = np.abs(maps[f]).max() or 1.0
        ax.imshow(maps[f], cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"$x * k_{f}$", fontsize=14)
    for ax in fig.axes:
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


# ----------------------------------------------------------------------------
# Chapter 4
# ----------------------------------------------------------------------------


def plot_pool_windows(fmap: np.ndarray, size: int, stride: int) -> Figure:
    """Overlapping pooling windows and their max and average outputs.

    Left: the map with every window outlined in its own colour, the winner
    of each max window circled. Middle: :func:`pool2d_single` max; right:
    average; each output cell framed in its window's colour.
    """
    fmap = _int_array("fmap", fmap, 2)
    high = pool2d_single(fmap, size, stride, mode="max")
    mean = pool2d_single(fmap, size, stride, mode="average")
    OH, OW = high.shape
    if OH * OW > len(COLOURS):
        raise ValueError(f"at most {len(COLOURS)} windows, got {OH * OW}")
    fig = Figure(figsize=(SLIDE[0], 4.8))
    axes = fig.subplots(1, 3, gridspec_kw={"width_ratios": [fmap.shape[1], OW, OW]})
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.04, top=0.86, wspace=0.35)
    draw_grid(axes[0], fmap, cmap="Greys")
    draw_grid(axes[1], high, cmap="Reds")
    draw_grid(axes[2], mean, cmap="Blues", fmt="{:.2f}")
    for n, (i, j) in enumerate(np.ndindex(OH, OW)):
        colour = COLOURS[n]
        shrink = 0.06 * (n % 3)
        rect = Rectangle(
            (j * stride - 0.5 + shrink, i * stride - 0.5 + shrink),
            size - 2 * shrink,
            size - 2 * shrink,
            fill=False,
            edgecolor=colour,
            linewidth=3,
            zorder=3,
        )
        axes[0].add_patch(rect)
        window = fmap[i * stride : i * stride + size, j * stride : j * stride + size]
        a, b = np.unravel_index(np.argmax(window), window.shape)
        axes[0].add_patch(
            Circle(
                (j * stride + b, i * stride + a),
                0.24 + 0.06 * n,  # nested when one value wins several windows
                fill=False,
                edgecolor=colour,
                linewidth=2.5,
                zorder=4,
            )
        )
        for ax in axes[1:]:
            _outline(ax, i, j, 1, 1, colour)
    axes[0].set_title(
        f"${fmap.shape[0]}\\times{fmap.shape[1]},\\ F={size},\\ S={stride}$",
        fontsize=14,
    )
    axes[1].set_title(r"$\max$", fontsize=14)
    axes[2].set_title(r"$\mathrm{avg}$", fontsize=14)
    return fig


def plot_receptive_field(input_size: int, layers: Sequence[object]) -> Figure:
    """The receptive field of the top-left unit after each Conv/Pool layer.

    Left: the input grid with one square per layer, its side
    ``cnnlib.receptive_fields(layers)[l].size`` (padding 'valid': the
    top-left unit's field starts at pixel 0). Right: size ``r`` and jump
    ``j`` per layer as a step plot, layers numbered from 1.
    """
    rows = receptive_fields(list(layers))
    if not rows:
        raise ValueError("layers must start with at least one Conv or Pool")
    fig = Figure(figsize=SLIDE, layout="constrained")
    ax, ax_r = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.1]})
    ax.imshow(np.zeros((input_size, input_size)), cmap="Greys", vmin=0, vmax=1)
    ax.set_xticks(np.arange(-0.5, input_size, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, input_size, 1), minor=True)
    ax.grid(which="minor", color="0.85", linewidth=0.5)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    for n, row in enumerate(rows):
        colour = COLOURS[n % len(COLOURS)]
        _outline(ax, 0, 0, row.size, row.size, colour, lw=2.5)
        ax.text(
            row.size - 0.7,
            row.size - 0.9,
            f"{n + 1}",
            color=colour,
            fontsize=13,
            ha="right",
            va="bottom",
            fontweight="bold",
        )
    ax.set_title(f"${input_size}\\times{input_size}$", fontsize=14)
    layers_axis = np.arange(0, len(rows) + 1)
    sizes = [1] + [row.size for row in rows]
    jumps = [1] + [row.jump for row in rows]
    ax_r.step(layers_axis, sizes, where="post", color="black", linewidth=2)
    ax_r.plot(layers_axis, sizes, "o", color="black")
    for n, (r, j) in enumerate(zip(sizes, jumps, strict=True)):
        colour = "black" if n == 0 else COLOURS[(n - 1) % len(COLOURS)]
        ax_r.annotate(
            f"$r={r},\\ j={j}$",
            (n, r),
            xytext=(-6, 6),
            ha="right",
            textcoords="offset points",
            color=colour,
            fontsize=12,
        )
    ax_r.set_xticks(layers_axis)
    ax_r.set_xlim(-1.3, len(rows) + 0.4)
    ax_r.set_ylim(0, max(sizes) * 1.2)
    ax_r.yaxis.get_major_locator().set_params(integer=True)
    ax_r.set_xlabel("$l$", fontsize=14)
    ax_r.set_ylabel("$r$", fontsize=14)
    ax_r.spines[["top", "right"]].set_visible(False)
    return fig


# ----------------------------------------------------------------------------
# Chapter 5
# ----------------------------------------------------------------------------


def plot_im2col_rows(x2d: np.ndarray, FH: int, FW: int, stride: int = 1) -> Figure:
    """Which window becomes which row of :func:`cnnlib.im2col.im2col`.

    Left: the input with window ``r`` outlined in colour ``r``; right: the
    column matrix ``im2col(x[None, None], FH, FW, stride)``, row ``r``
    framed in the same colour and numbered.
    """
    x2d = _int_array("x2d", x2d, 2)
    col = im2col(x2d[np.newaxis, np.newaxis].astype(np.float64), FH, FW, stride)
    OH = conv_output_size(x2d.shape[0], FH, stride)
    OW = conv_output_size(x2d.shape[1], FW, stride)
    if len(col) > len(COLOURS):
        raise ValueError(f"at most {len(COLOURS)} windows, got {len(col)}")
    fig = Figure(figsize=(SLIDE[0], 4.6))
    axes = fig.subplots(
        1, 2, gridspec_kw={"width_ratios": [x2d.shape[1], col.shape[1]]}
    )
    fig.subplots_adjust(left=0.05, right=0.98, bottom=0.04, top=0.88, wspace=0.12)
    draw_grid(axes[0], x2d, cmap="Greys")
    draw_grid(axes[1], col, cmap="Greys")
    for r, (i, j) in enumerate(np.ndindex(OH, OW)):
        shrink = 0.07 * (r % 3)
        axes[0].add_patch(
            Rectangle(
                (j * stride - 0.5 + shrink, i * stride - 0.5 + shrink),
                FW - 2 * shrink,
                FH - 2 * shrink,
                fill=False,
                edgecolor=COLOURS[r],
                linewidth=3,
                zorder=3,
            )
        )
        _outline(axes[1], r, 0, 1, col.shape[1], COLOURS[r])
        _row_label(axes[1], r)
    axes[0].set_title(f"$x:\\ {x2d.shape[0]}\\times{x2d.shape[1]}$", fontsize=14)
    axes[1].set_title(
        f"$\\mathrm{{col}}:\\ {col.shape[0]}\\times{col.shape[1]}$", fontsize=14
    )
    return fig


def plot_im2col_channels(x3: np.ndarray, FH: int, FW: int) -> Figure:
    """A multi-channel input's windows: columns ordered (channel, row, column).

    Left: the C channels, the first window outlined; right: the column
    matrix of :func:`cnnlib.im2col.im2col`, a band of ``FH * FW`` columns per
    channel in the channel's colour, row 0 (the first window) framed.
    """
    x3 = _int_array("x3", x3, 3)
    C = x3.shape[0]
    col = im2col(x3[np.newaxis].astype(np.float64), FH, FW)
    fig = Figure(figsize=SLIDE)
    grid = fig.add_gridspec(
        C,
        2,
        width_ratios=[x3.shape[2], col.shape[1] / 1.6],
        left=0.02,
        right=0.98,
        bottom=0.04,
        top=0.9,
        wspace=0.08,
        hspace=0.3,
    )
    cmaps = ["Reds", "Greens", "Blues"]
    band_colours = ["tab:red", "tab:green", "tab:blue"]
    for c in range(C):
        ax = fig.add_subplot(grid[c, 0])
        draw_grid(ax, x3[c], cmap=cmaps[c % 3])
        _outline(ax, 0, 0, FH, FW, "black")
        ax.set_title(f"$x_{c}$", fontsize=13)
    ax = fig.add_subplot(grid[:, 1])
    draw_grid(ax, col, cmap="Greys")
    for c in range(C):
        ax.add_patch(
            Rectangle(
                (c * FH * FW - 0.5, -0.5),
                FH * FW,
                col.shape[0],
                color=band_colours[c % 3],
                alpha=0.25,
                zorder=2,
            )
        )
        ax.text(
            c * FH * FW + (FH * FW - 1) / 2,
            -0.9,
            f"$c={c}$",
            ha="center",
            va="bottom",
            fontsize=13,
            color=band_colours[c % 3],
        )
    _outline(ax, 0, 0, 1, col.shape[1], "black")
    ax.set_title(
        f"$\\mathrm{{col}}:\\ {col.shape[0]}\\times{col.shape[1]}$", fontsize=14, pad=34
    )
    return fig


def plot_gemm(x2d: np.ndarray, W: np.ndarray) -> Figure:
    """Convolution as one matrix product, number for number.

    ``col = im2col(x[None, None], FH, FW)`` times ``W_col.T`` (each of the K
    filters flattened into a column) gives ``(OH * OW, K)``; each column,
    reshaped to ``(OH, OW)``, is one output map, equal to
    :func:`cnnlib.conv_naive.conv2d_nchw`.

    Parameters
    ----------
    x2d : ndarray, shape (H, W)
    W : ndarray, shape (K, FH, FW)
    """
    x2d = _int_array("x2d", x2d, 2)
    W = _int_array("W", W, 3)
    K, FH, FW = W.shape
    col = im2col(x2d[np.newaxis, np.newaxis].astype(np.float64), FH, FW)
    W_col = W.reshape(K, -1).astype(np.float64)
    product = col @ W_col.T
    maps = conv2d_nchw(x2d[np.newaxis, np.newaxis], W[:, np.newaxis])[0]
    OH, OW = maps.shape[1:]
    if not np.allclose(product.T.reshape(K, OH, OW), maps):
        raise AssertionError("im2col @ W_col.T differs from conv2d_nchw")
    fig = Figure(figsize=(SLIDE[0], 5.2))
    ratios = [col.shape[1], K, K] + [OW] * K
    axes = fig.subplots(1, 3 + K, gridspec_kw={"width_ratios": ratios})
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.03, top=0.86, wspace=0.5)
    draw_grid(axes[0], col, cmap="Greys")
    draw_grid(axes[1], W_col.T, cmap="Oranges")
    draw_grid(axes[2], product, cmap="Greens")
    axes[0].set_title(
        f"$\\mathrm{{col}}\\ ({col.shape[0]}\\times{col.shape[1]})$", fontsize=13
    )
    axes[1].set_title(f"$W^\\top\\ ({W_col.shape[1]}\\times{K})$", fontsize=13)
    axes[2].set_title(f"$({product.shape[0]}\\times{K})$", fontsize=13)
    for f in range(K):
        draw_grid(axes[3 + f], maps[f], cmap="Greens")
        axes[3 + f].set_title(f"$y_{f}\\ ({OH}\\times{OW})$", fontsize=13)
    fig.canvas.draw_idle()
    for left, text in [(0, r"$\times$"), (1, "="), (2, r"$\rightarrow$")]:
        _symbol(fig, _gap(axes[left], axes[left + 1]), 0.45, text)
    return fig


def plot_col2im(col: np.ndarray, x_shape: tuple[int, int], FH: int, FW: int) -> Figure:
    """The backward direction: :func:`cnnlib.im2col.col2im` adds each row back.

    Left: the gradient rows, row ``r`` framed in colour ``r``; right: the
    ``(H, W)`` sum ``col2im(col, (1, 1, H, W), FH, FW)``, each row's window
    outlined in its colour: overlapping windows add up.
    """
    col = _int_array("col", col, 2)
    H, W = x_shape
    grad = col2im(col.astype(np.float64), (1, 1, H, W), FH, FW)[0, 0]
    OH, OW = conv_output_size(H, FH), conv_output_size(W, FW)
    if len(col) > len(COLOURS):
        raise ValueError(f"at most {len(COLOURS)} rows, got {len(col)}")
    fig = Figure(figsize=(SLIDE[0], 4.6))
    axes = fig.subplots(1, 2, gridspec_kw={"width_ratios": [col.shape[1], W]})
    fig.subplots_adjust(left=0.05, right=0.98, bottom=0.04, top=0.88, wspace=0.25)
    draw_grid(axes[0], col, cmap="Greys")
    draw_grid(axes[1], grad, cmap="Purples")
    for r, (i, j) in enumerate(np.ndindex(OH, OW)):
        _outline(axes[0], r, 0, 1, col.shape[1], COLOURS[r])
        _row_label(axes[0], r)
        shrink = 0.07 * (r % 3)
        axes[1].add_patch(
            Rectangle(
                (j - 0.5 + shrink, i - 0.5 + shrink),
                FW - 2 * shrink,
                FH - 2 * shrink,
                fill=False,
                edgecolor=COLOURS[r],
                linewidth=3,
                zorder=3,
            )
        )
    axes[0].set_title(
        f"$d\\mathrm{{col}}:\\ {col.shape[0]}\\times{col.shape[1]}$", fontsize=14
    )
    axes[1].set_title(f"$dx:\\ {H}\\times{W}$", fontsize=14)
    fig.canvas.draw_idle()
    _symbol(fig, _gap(axes[0], axes[1]), 0.45, r"$\rightarrow$")
    return fig


# ----------------------------------------------------------------------------
# Chapter 7: block diagrams (boxes of symbols, arrows, numbers from cnnlib)
# ----------------------------------------------------------------------------

_BOX_COLOURS = {
    "conv": "#cfe2f3",
    "1x1": "#9fc5e8",
    "dw": "#d9ead3",
    "bn": "#fff2cc",
    "relu": "#f4cccc",
    "pool": "#ead1dc",
    "io": "#eeeeee",
}


def _box(
    ax,
    x: float,
    y: float,
    text: str,
    kind: str,
    width: float = 1.5,
    height: float = 0.55,
) -> FancyBboxPatch:
    patch = FancyBboxPatch(
        (x - width / 2, y - height / 2),
        width,
        height,
        boxstyle="round,pad=0.02,rounding_size=0.08",
        facecolor=_BOX_COLOURS[kind],
        edgecolor="0.3",
        linewidth=1.2,
    )
    ax.add_patch(patch)
    ax.text(x, y, text, ha="center", va="center", fontsize=12)
    return patch


def _arrow(ax, start: tuple[float, float], end: tuple[float, float], **kw) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=14,
            color="0.25",
            linewidth=1.4,
            **kw,
        )
    )


def _plus(ax, x: float, y: float, r: float = 0.22) -> None:
    ax.add_patch(
        Circle((x, y), r, facecolor="white", edgecolor="0.25", linewidth=1.5, zorder=3)
    )
    ax.text(x, y, "+", ha="center", va="center", fontsize=16, zorder=4)


def _canvas(ax, width: float, height: float) -> None:
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.axis("off")


def plot_residual_blocks(channels: int) -> Figure:
    """Post-activation and pre-activation residual blocks, side by side.

    Each box carries its parameter count: :func:`cnnlib.conv_params` of a
    3x3 convolution without bias (``channels`` in and out, as
    ``cnnlib.residual_block``) and 4 per channel for batch normalisation;
    the total under each block is their sum.
    """
    conv = conv_params(3, 3, channels, channels, bias=False)
    bn = 4 * channels
    blocks = {
        "post": [
            ("conv", conv),
            ("bn", bn),
            ("relu", 0),
            ("conv", conv),
            ("bn", bn),
            ("add", 0),
            ("relu", 0),
        ],
        "pre": [
            ("bn", bn),
            ("relu", 0),
            ("conv", conv),
            ("bn", bn),
            ("relu", 0),
            ("conv", conv),
            ("add", 0),
        ],
    }
    labels = {"conv": "$3\\times3$", "bn": "BN", "relu": "ReLU"}
    fig = Figure(figsize=SLIDE, layout="constrained")
    axes = fig.subplots(1, 2)
    for ax, (name, layers) in zip(axes, blocks.items(), strict=True):
        height = len(layers) + 1.6
        _canvas(ax, 4.8, height)
        y = height - 0.5
        _box(ax, 2.2, y, "$x$", "io", width=0.9)
        top = y
        total = 0
        for kind, params in layers:
            y_next = y - 1
            _arrow(ax, (2.2, y - 0.3), (2.2, y_next + (0.24 if kind == "add" else 0.3)))
            y = y_next
            if kind == "add":
                _plus(ax, 2.2, y)
                add_y = y
            else:
                _box(ax, 2.2, y, labels[kind], kind)
                if params:
                    ax.text(
                        3.1,
                        y,
                        f"{params:,}",
                        ha="left",
                        va="center",
                        fontsize=11,
                        color="0.35",
                    )
            total += params
        _arrow(
            ax, (2.2, y - 0.3 if layers[-1][0] != "add" else y - 0.24), (2.2, y - 0.75)
        )
        ax.text(2.2, y - 0.95, "$y$", ha="center", va="center", fontsize=14)
        ax.add_patch(
            FancyArrowPatch(
                (1.75, top),
                (1.98, add_y),
                connectionstyle="arc3,rad=0.35",
                arrowstyle="-|>",
                mutation_scale=14,
                color="tab:green",
                linewidth=2.2,
            )
        )
        ax.text(
            4.7,
            height - 0.5,
            f"\u03a3 = {total:,}",
            ha="right",
            va="center",
            fontsize=13,
        )
        ax.set_title(
            "$y = \\mathrm{ReLU}(x + F(x))$" if name == "post" else "$y = x + F(x)$",
            fontsize=14,
        )
    return fig


def plot_depthwise_separable(
    size: int, channels_in: int, channels_out: int, kernel: int = 3
) -> Figure:
    """An ordinary convolution against its depthwise-separable split.

    Top: input → ``kernel x kernel`` convolution → output; bottom: input →
    depthwise ``kernel x kernel`` (one filter per channel) → pointwise 1x1
    → output. Parameters (:func:`cnnlib.conv_params`, the depthwise step
    ``kernel**2 * C``) and multiply-adds (:func:`cnnlib.conv_macs`,
    :func:`cnnlib.depthwise_conv_macs`) are written under the boxes; shapes
    are ``(H, W, C)`` (Keras layout, 'same' padding).
    """
    C, K, F = channels_in, channels_out, kernel
    full_p = conv_params(F, F, C, K)
    full_m = conv_macs(size, size, F, F, C, K)
    dw_p = F * F * C
    dw_m = depthwise_conv_macs(size, size, F, F, C)
    pw_p = conv_params(1, 1, C, K)
    pw_m = conv_macs(size, size, 1, 1, C, K)
    fig = Figure(figsize=SLIDE)
    ax = fig.add_axes((0.01, 0.02, 0.98, 0.96))
    _canvas(ax, 16, 9)
    shape_in = f"${size}\\times{size}\\times{C}$"
    shape_out = f"${size}\\times{size}\\times{K}$"
    rows = [
        (
            6.6,
            [
                ("io", shape_in, None),
                ("conv", f"${F}\\times{F}\\times{C},\\ {K}$", (full_p, full_m)),
                ("io", shape_out, None),
            ],
        ),
        (
            2.4,
            [
                ("io", shape_in, None),
                ("dw", f"${F}\\times{F}\\times1,\\ {C}$", (dw_p, dw_m)),
                ("io", shape_in, None),
                ("1x1", f"$1\\times1\\times{C},\\ {K}$", (pw_p, pw_m)),
                ("io", shape_out, None),
            ],
        ),
    ]
    for y, boxes in rows:
        xs = np.linspace(1.6, 14.4, len(boxes))
        for n, (x, (kind, text, cost)) in enumerate(zip(xs, boxes, strict=True)):
            _box(ax, x, y, text, kind, width=2.6, height=1.0)
            if cost:
                ax.text(
                    x, y - 0.95, f"{cost[0]:,}", ha="center", va="center", fontsize=12
                )
                ax.text(
                    x,
                    y - 1.45,
                    f"{cost[1]:,}",
                    ha="center",
                    va="center",
                    fontsize=12,
                    color="0.35",
                )
            if n:
                _arrow(ax, (xs[n - 1] + 1.3, y), (x - 1.3, y))
    ax.text(
        0.2, 4.5 + 0.1, f"{full_p:,} \u2192 {dw_p + pw_p:,}", fontsize=14, va="center"
    )
    ax.text(
        15.8,
        4.5 + 0.1,
        f"{full_m:,} \u2192 {dw_m + pw_m:,}",
        fontsize=14,
        va="center",
        ha="right",
        color="0.35",
    )
    return fig


def plot_pointwise_dense(
    x3: np.ndarray, W: np.ndarray, pixel: tuple[int, int]
) -> Figure:
    """A 1x1 convolution is the same dense layer applied at every pixel.

    Left: the C input channels with one pixel framed; middle: that pixel's
    channel vector, the ``(K, C)`` weight matrix and their product; right:
    the K output maps of :func:`cnnlib.conv_naive.conv2d_nchw` with a 1x1
    filter, the same pixel framed: it holds the product.

    Parameters
    ----------
    x3 : ndarray, shape (C, H, W)
    W : ndarray, shape (K, C)
    pixel : (int, int)
    """
    x3 = _int_array("x3", x3, 3)
    W = _int_array("W", W, 2)
    C, H, Wd = x3.shape
    K = W.shape[0]
    if W.shape[1] != C:
        raise ValueError(f"W must be (K, {C}), got {W.shape}")
    i, j = pixel
    maps = conv2d_nchw(x3[np.newaxis], W[:, :, np.newaxis, np.newaxis])[0]
    vector = x3[:, i, j]
    dense = W @ vector
    fig = Figure(figsize=SLIDE)
    rows = C * K
    grid = fig.add_gridspec(
        rows,
        5,
        width_ratios=[Wd, 1, C, 1, Wd],
        left=0.02,
        right=0.98,
        bottom=0.04,
        top=0.92,
        wspace=0.6,
        hspace=1.0,
    )
    cmaps = ["Reds", "Greens", "Blues", "Purples"]
    for c in range(C):
        ax = fig.add_subplot(grid[c * K : (c + 1) * K, 0])
        draw_grid(ax, x3[c], cmap=cmaps[c % 4])
        _outline(ax, i, j, 1, 1, "black")
        ax.set_title(f"$x_{c}$", fontsize=13)
    middle = slice(rows // 2 - max(C, K) // 2 - 1, rows // 2 + max(C, K) // 2 + 1)
    ax_v = fig.add_subplot(grid[middle, 1])
    draw_grid(ax_v, vector[:, np.newaxis], cmap="Greys")
    ax_v.set_title(f"$x_{{\\cdot,{i}{j}}}$", fontsize=13)
    ax_w = fig.add_subplot(grid[middle, 2])
    draw_grid(ax_w, W, cmap="Oranges")
    ax_w.set_title(f"$W\\ ({K}\\times{C})$", fontsize=13)
    ax_d = fig.add_subplot(grid[middle, 3])
    draw_grid(ax_d, dense[:, np.newaxis], cmap="Greys")
    ax_d.set_title("$Wx$", fontsize=13)
    for f in range(K):
        ax = fig.add_subplot(grid[f * C : (f + 1) * C, 4])
        draw_grid(ax, maps[f], cmap="Greens")
        _outline(ax, i, j, 1, 1, "black")
        ax.set_title(f"$y_{f}$", fontsize=13)
    fig.canvas.draw_idle()
    y = (ax_w.get_position().y0 + ax_w.get_position().y1) / 2
    _symbol(fig, _gap(ax_v, ax_w), y, r"$\leftarrow$", size=18)
    _symbol(fig, _gap(ax_w, ax_d), y, "=", size=18)
    return fig


def plot_inception_channels(
    input_shape: tuple[int, int, int],
    branches: Sequence[Sequence[tuple[str, int, int]]],
) -> Figure:
    """An Inception module's branches and the channels their concatenation stacks.

    ``branches`` lists, per branch, ``("conv", F, K)`` or ``("pool", F, 0)``
    steps ('same' padding, stride 1). Each branch's output shape comes from
    :func:`cnnlib.shape_table`; the bar on the right stacks the branches'
    channels, which add up to the module's output depth.
    """
    H, W, C = input_shape
    outs = []
    for steps in branches:
        specs = [
            Conv(k, f, padding="same")
            if kind == "conv"
            else Pool(f, stride=1, padding="same")
            for kind, f, k in steps
        ]
        outs.append(shape_table((H, W, C), specs)[-1].output_shape)
    depths = [shape[-1] for shape in outs]
    fig = Figure(figsize=SLIDE)
    ax = fig.add_axes((0.01, 0.02, 0.98, 0.96))
    _canvas(ax, 16, 9)
    _box(ax, 6, 8.3, f"${H}\\times{W}\\times{C}$", "io", width=2.8)
    xs = np.linspace(1.6, 10.4, len(branches))
    for n, (x, steps) in enumerate(zip(xs, branches, strict=True)):
        colour = COLOURS[n]
        _arrow(ax, (6, 8.0), (x, 7.35))
        y = 7.0
        for m, (kind, f, k) in enumerate(steps):
            text = (
                f"${f}\\times{f},\\ {k}$"
                if kind == "conv"
                else f"$\\max\\ {f}\\times{f}$"
            )
            box_kind = "pool" if kind == "pool" else ("1x1" if f == 1 else "conv")
            _box(ax, x, y, text, box_kind, width=2.0, height=0.7)
            if m:
                _arrow(ax, (x, y + 1.25), (x, y + 0.35))
            y -= 1.6
        _arrow(ax, (x, y + 1.25), (x, y + 0.45))
        _box(
            ax,
            x,
            y + 0.1,
            f"${outs[n][0]}\\times{outs[n][1]}\\times{depths[n]}$",
            "io",
            width=2.0,
            height=0.6,
        )
        ax.add_patch(Rectangle((x - 1.0, y - 0.25), 2.0, 0.12, color=colour))
    # the concatenation: one bar, a segment per branch, heights proportional to depth
    total = sum(depths)
    bottom = 0.6
    scale = 7.0 / total
    for n, depth in enumerate(depths):
        ax.add_patch(
            Rectangle((13.0, bottom), 1.0, depth * scale, color=COLOURS[n], alpha=0.8)
        )
        ax.text(14.2, bottom + depth * scale / 2, f"{depth}", va="center", fontsize=13)
        bottom += depth * scale
    ax.text(
        13.5, bottom + 0.35, f"${H}\\times{W}\\times{total}$", ha="center", fontsize=14
    )
    ax.text(12.2, 4.0, r"$\Vert$", ha="center", va="center", fontsize=28)
    return fig
