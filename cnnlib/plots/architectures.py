"""Figure of Chapter 7: a block diagram of parallel branches (Inception).

The function builds a :class:`matplotlib.figure.Figure` directly (no pyplot
state) and returns it; the notebook cell shows it. The branches are passed
in by the chapter; cnnlib holds no architecture of its own here.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

__all__ = ["plot_branches"]

_BOX_W, _BOX_H = 0.8, 0.5


def _box(ax, x: float, y: float, label: str, color: str) -> None:
    ax.add_patch(
        FancyBboxPatch(
            (x - _BOX_W / 2, y - _BOX_H / 2),
            _BOX_W,
            _BOX_H,
            boxstyle="round,pad=0.02",
            facecolor=color,
            edgecolor="0.3",
            gid=label,
        )
    )
    ax.text(x, y, label, ha="center", va="center", fontsize="small")


def _arrow(ax, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start, end, arrowstyle="-|>", mutation_scale=10, color="0.35", lw=1
        )
    )


def plot_branches(
    branches: Sequence[Sequence[str]],
    input_label: str = "input",
    output_label: str = "concatenate",
) -> Figure:
    """Parallel branches between one input box and one output box.

    Branch ``i`` is drawn as column ``i`` (left to right), its boxes from
    top to bottom in the order given; arrows run from the input to each
    branch's first box, down each branch, and from each branch's last box
    to the output. Boxes whose label starts with ``"1x1"`` are shaded
    differently (the bottlenecks of an Inception module).

    Parameters
    ----------
    branches : sequence of sequence of str
        One list of box labels per branch, each at least one box long.
    input_label, output_label : str
        Labels of the top and bottom boxes.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; its texts are the labels, top to bottom and left to right
        (input, then every branch, then output); one ``FancyBboxPatch`` per
        box (its ``gid`` is the label) and one ``FancyArrowPatch`` per arrow
        (a branch shorter than the longest one gets a plain line down to
        the last row first).

    Examples
    --------
    >>> fig = plot_branches([["1x1 conv"], ["1x1 conv", "3x3 conv"]])
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['input', '1x1 conv', '1x1 conv', '3x3 conv', 'concatenate']
    """
    if (
        isinstance(branches, str)
        or not isinstance(branches, Sequence)
        or not branches
        or any(
            isinstance(b, str) or not isinstance(b, Sequence) or not b for b in branches
        )
        or any(not isinstance(label, str) for b in branches for label in b)
    ):
        raise TypeError(
            "branches must be a non-empty list of non-empty lists of labels, "
            f"got {branches!r}"
        )
    depth = max(len(branch) for branch in branches)
    width = len(branches)
    fig = Figure(
        figsize=(2.0 * width + 0.6, 1.0 * (depth + 2) + 0.4), layout="constrained"
    )
    ax = fig.subplots()
    centre = (width - 1) / 2
    top, bottom = depth + 1, 0
    _box(ax, centre, top, input_label, "0.92")
    for column, branch in enumerate(branches):
        _arrow(ax, (centre, top - _BOX_H / 2), (column, depth + _BOX_H / 2))
        for row, label in enumerate(branch):
            y = depth - row
            color = "#cfe3f7" if label.startswith("1x1") else "#fbe3c8"
            _box(ax, column, y, label, color)
            if row:
                _arrow(ax, (column, y + 1 - _BOX_H / 2), (column, y + _BOX_H / 2))
        last = depth - (len(branch) - 1)
        if last > 1:  # a short branch: a line down to the level of the others
            ax.plot(
                [column, column],
                [last - _BOX_H / 2, 1 - _BOX_H / 2],
                color="0.35",
                lw=1,
            )
        _arrow(ax, (column, 1 - _BOX_H / 2), (centre, bottom + _BOX_H / 2))
    _box(ax, centre, bottom, output_label, "0.92")
    ax.set_xlim(-0.6, width - 0.4)
    ax.set_ylim(bottom - 0.5, top + 0.5)
    ax.set_axis_off()
    return fig
