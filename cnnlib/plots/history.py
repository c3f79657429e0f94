"""Figure of Chapter 1: a timeline of convolutional networks.

The function builds a :class:`matplotlib.figure.Figure` directly (no pyplot
state) and returns it. The events are passed in by the chapter; cnnlib holds
no history of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral

from matplotlib.figure import Figure

__all__ = ["plot_timeline"]


def plot_timeline(events: Sequence[tuple[int, str, str]]) -> Figure:
    """Milestones on a horizontal time axis, labels alternating above and below.

    Parameters
    ----------
    events : sequence of (int, str, str)
        ``(year, name, note)`` per milestone, e.g.
        ``(1998, "LeNet-5", "LeCun et al., Bell Labs")``; at least one.
        They are drawn in order of year.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with a marker per event and a text label ``year``,
        ``name`` and ``note`` for each (one ``Text`` per event).

    Examples
    --------
    >>> fig = plot_timeline([(1998, "LeNet-5", "digits"), (2012, "AlexNet", "")])
    >>> len(fig.axes[0].texts)
    2
    """
    if isinstance(events, str) or not isinstance(events, Sequence) or not events:
        raise TypeError("events must be a non-empty list of (year, name, note)")
    for event in events:
        if (
            not isinstance(event, tuple)
            or len(event) != 3
            or isinstance(event[0], bool)
            or not isinstance(event[0], Integral)
            or not all(isinstance(part, str) for part in event[1:])
        ):
            raise ValueError(
                f"each event must be (int year, str name, str note), got {event!r}"
            )
    events = sorted(events, key=lambda event: event[0])
    years = [int(year) for year, _, _ in events]
    first, last = min(years), max(years)
    span = max(last - first, 1)
    fig = Figure(figsize=(10, 4.2), layout="constrained")
    ax = fig.subplots()
    ax.axhline(0, color="0.4", linewidth=1.5, zorder=1)
    for k, (year, name, note) in enumerate(events):
        # Alternate above/below, and near/far every second pair, so that
        # labels of close years do not overlap.
        side = 1 if k % 2 == 0 else -1
        height = 0.35 if (k // 2) % 2 == 0 else 1.25
        ax.plot([year, year], [0, height * side], color="0.6", linewidth=1, zorder=1)
        ax.plot(year, 0, "o", color="C0", markersize=8, zorder=2)
        label = f"{year}\n{name}" + (f"\n{note}" if note else "")
        ax.text(
            year,
            (height + 0.05) * side,
            label,
            ha="center",
            va="bottom" if side > 0 else "top",
            fontsize="small",
            linespacing=1.2,
        )
    margin = 0.08 * span + 1
    ax.set_xlim(first - margin, last + margin)
    ax.set_ylim(-2.6, 2.6)
    ax.set_yticks([])
    for spine in ("left", "right", "top"):
        ax.spines[spine].set_visible(False)
    ax.set_xlabel("year")
    return fig
