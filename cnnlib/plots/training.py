"""Figures of Chapters 1 and 2: learning curves, digits, flattening, shifts,
and the timeline of convolutional networks (whose events the chapter passes
in; cnnlib holds no history of its own).

Every function builds a :class:`matplotlib.figure.Figure` directly (no
pyplot state) and returns it; the notebook cell shows it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from cnnlib._validation import is_int
from cnnlib.transforms import permute_pixels

__all__ = [
    "plot_accuracy_vs_shift",
    "plot_digit_grid",
    "plot_flattening",
    "plot_history",
    "plot_timeline",
]


def _as_history(label: str, history: object) -> Mapping[str, Sequence[float]]:
    """A Keras ``History`` or a dict of per-epoch lists, as the dict."""
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping):
        raise TypeError(
            f"history {label!r} must be a dict of per-epoch lists or a Keras "
            f"History, got {type(history).__name__}"
        )
    return logs


#: Up to this many epochs, plot_history marks and labels every epoch; longer
#: runs get plain lines and a tick every 5 epochs.
MARKED_EPOCHS = 12


def plot_history(
    histories: Mapping[str, object],
    metrics: Sequence[str] = ("loss", "accuracy"),
) -> Figure:
    """Learning curves: one panel per metric, training solid, validation dashed.

    Parameters
    ----------
    histories : mapping of str to dict or keras.callbacks.History
        Model label -> per-epoch logs, e.g. ``{"LeNet-5": model.fit(...)}``.
        Each log maps a metric name to a list of length ``epochs``; the
        validation curve ``"val_" + metric`` is drawn when present.
    metrics : sequence of str
        The metrics to plot, one panel each.

    Returns
    -------
    matplotlib.figure.Figure
        ``len(metrics)`` axes, x axis the epoch (1, 2, ...; beyond
        :data:`MARKED_EPOCHS` epochs, ticks at 1, 5, 10, ... and no markers).

    Examples
    --------
    >>> fig = plot_history({"net": {"loss": [0.9, 0.5], "accuracy": [0.7, 0.8]}})
    >>> [ax.get_title() for ax in fig.axes]
    ['loss', 'accuracy']
    """
    if not isinstance(histories, Mapping) or not histories:
        raise TypeError(
            "histories must be a non-empty dict {label: history}, "
            f"got {type(histories).__name__}"
        )
    if isinstance(metrics, str) or not metrics:
        raise ValueError(f"metrics must be a non-empty list of names, got {metrics!r}")
    logs = {label: _as_history(label, h) for label, h in histories.items()}
    for label, log in logs.items():
        for metric in metrics:
            if metric not in log:
                raise ValueError(
                    f"history {label!r} has no {metric!r}; it has {sorted(log)}"
                )
    fig = Figure(figsize=(4.2 * len(metrics), 3.3), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(metrics)))
    colors = [f"C{i}" for i in range(10)]
    longest = max(len(log[metrics[0]]) for log in logs.values())
    marker = "-o" if longest <= MARKED_EPOCHS else "-"  # long runs: lines only
    for ax, metric in zip(axes, metrics, strict=True):
        for (label, log), color in zip(logs.items(), colors, strict=False):
            train = np.asarray(log[metric], dtype=float)
            epochs = np.arange(1, len(train) + 1)
            ax.plot(epochs, train, marker, color=color, label=f"{label} (training)")
            if f"val_{metric}" in log:
                val = np.asarray(log[f"val_{metric}"], dtype=float)
                ax.plot(epochs, val, "--s" if marker else "--", color=color,
                        label=f"{label} (validation)")  # fmt: skip
        ax.set_title(metric)
        ax.set_xlabel("epoch")
        ax.set_xticks(np.arange(1, longest + 1) if longest <= MARKED_EPOCHS
                      else [1, *range(5, longest + 1, 5)])  # fmt: skip
        ax.grid(alpha=0.3)
    axes[-1].legend(fontsize="small")
    return fig


def plot_digit_grid(
    images: np.ndarray,
    titles: Sequence[str] | None = None,
    highlight: Sequence[bool] | None = None,
    ncols: int = 8,
) -> Figure:
    """A grid of grayscale digits, each with an optional title.

    Parameters
    ----------
    images : numpy.ndarray
        ``(N, H, W)`` or ``(N, H, W, 1)`` (channels last), ``N >= 1``.
    titles : sequence of str, optional
        ``N`` titles, e.g. ``"pred 7"``.
    highlight : sequence of bool, optional
        ``N`` flags; a flagged digit gets a red title and frame (e.g. a
        wrong prediction).
    ncols : int
        Digits per row.

    Returns
    -------
    matplotlib.figure.Figure
        ``N`` image axes (empty grid cells are removed).

    Examples
    --------
    >>> fig = plot_digit_grid(np.zeros((3, 28, 28)), titles=["a", "b", "c"])
    >>> len(fig.axes), fig.axes[1].get_title()
    (3, 'b')
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(
            f"images must be (N, H, W) or (N, H, W, 1) with N >= 1, got {images.shape}"
        )
    N = len(images)
    if titles is not None and len(titles) != N:
        raise ValueError(f"got {len(titles)} titles for {N} images")
    if highlight is not None and len(highlight) != N:
        raise ValueError(f"got {len(highlight)} highlight flags for {N} images")
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive integer, got {ncols!r}")
    ncols = min(ncols, N)
    nrows = -(-N // ncols)
    fig = Figure(figsize=(1.1 * ncols, 1.3 * nrows), layout="constrained")
    axes = np.asarray(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for k, ax in enumerate(axes):
        if k >= N:
            fig.delaxes(ax)
            continue
        ax.imshow(images[k], cmap="gray_r", vmin=0, vmax=max(1.0, images.max()))
        ax.set_xticks([])
        ax.set_yticks([])
        flagged = bool(highlight[k]) if highlight is not None else False
        if titles is not None:
            ax.set_title(
                titles[k], fontsize="small", color="tab:red" if flagged else "black"
            )
        if flagged:
            for spine in ax.spines.values():
                spine.set_edgecolor("tab:red")
                spine.set_linewidth(2)
    return fig


def plot_flattening(image: np.ndarray, permutation: np.ndarray) -> Figure:
    """A digit and its flat vector, before and after a fixed pixel shuffle.

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W)`` or ``(H, W, 1)``, one grayscale digit.
    permutation : numpy.ndarray
        ``(H * W,)``, a permutation of the pixel indices (see
        :func:`cnnlib.transforms.permute_pixels`).

    Returns
    -------
    matplotlib.figure.Figure
        Four axes in two rows: the image and its ``H * W`` vector, then the
        shuffled image and its vector.
    """
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.ndim != 2:
        raise ValueError(f"image must be (H, W) or (H, W, 1), got {image.shape}")
    shuffled = permute_pixels(image, permutation)
    H, W = image.shape
    fig = Figure(figsize=(10, 4.6), layout="constrained")
    axes = fig.subplots(2, 2, width_ratios=[1, 3.2])
    rows = (("original", image), ("same pixels, shuffled", shuffled))
    for (name, picture), (ax_img, ax_vec) in zip(rows, axes, strict=True):
        ax_img.imshow(picture, cmap="gray_r")
        ax_img.set_title(f"{name} ({H}x{W})")
        ax_img.set_xticks([])
        ax_img.set_yticks([])
        vector = picture.reshape(-1)
        ax_vec.bar(np.arange(H * W), vector, width=1.0, color="black")
        ax_vec.set_xlim(-0.5, H * W - 0.5)
        ax_vec.set_title(f"what a dense layer sees: a vector of {H * W} numbers")
        ax_vec.set_xlabel("input index")
        ax_vec.set_ylabel("pixel value")
    return fig


def plot_accuracy_vs_shift(
    shifts: Sequence[int],
    accuracies: Mapping[str, Sequence[float]],
    spreads: Mapping[str, Sequence[float]] | None = None,
) -> Figure:
    """Test accuracy against the number of pixels the digits were moved.

    Parameters
    ----------
    shifts : sequence of int
        ``S`` shift sizes in pixels, e.g. ``[0, 1, 2, 3, 4]``.
    accuracies : mapping of str to sequence of float
        Model label -> ``S`` accuracies in [0, 1], one per shift.
    spreads : mapping of str to sequence of float, optional
        Model label -> ``S`` non-negative spreads (e.g. the sample standard
        deviations over seeds), in the units of ``accuracies``; each is
        drawn as an error bar of plus and minus that spread around its
        model's point. Labels left out get no error bars.

    Returns
    -------
    matplotlib.figure.Figure
        One axes, one line per model, accuracy in percent; with ``spreads``
        one error-bar collection per model given a spread.

    Examples
    --------
    >>> fig = plot_accuracy_vs_shift([0, 1], {"a": [0.9, 0.8], "b": [0.95, 0.9]})
    >>> len(fig.axes[0].lines)
    2
    """
    steps = np.asarray(shifts)
    if steps.ndim != 1 or len(steps) == 0:
        raise ValueError(f"shifts must be a non-empty 1-D sequence, got {shifts!r}")
    if not isinstance(accuracies, Mapping) or not accuracies:
        raise TypeError(
            "accuracies must be a non-empty dict {label: accuracies}, "
            f"got {type(accuracies).__name__}"
        )
    spreads = {} if spreads is None else spreads
    if not isinstance(spreads, Mapping):
        raise TypeError(
            f"spreads must be a dict {{label: spreads}}, got {type(spreads).__name__}"
        )
    unknown = set(spreads) - set(accuracies)
    if unknown:
        raise ValueError(f"spreads for labels without accuracies: {sorted(unknown)}")
    fig = Figure(figsize=(5.5, 3.6), layout="constrained")
    ax = fig.subplots()
    for (label, given), marker in zip(accuracies.items(), "osd^v<>", strict=False):
        values = np.asarray(given, dtype=float)
        if values.shape != steps.shape:
            raise ValueError(
                f"{label!r} has {values.size} accuracies for {steps.size} shifts"
            )
        if np.any((values < 0) | (values > 1)):
            raise ValueError(f"accuracies of {label!r} must lie in [0, 1]")
        (line,) = ax.plot(steps, 100 * values, marker=marker, label=label)
        if label in spreads:
            spread = np.asarray(spreads[label], dtype=float)
            if spread.shape != steps.shape:
                raise ValueError(
                    f"{label!r} has {spread.size} spreads for {steps.size} shifts"
                )
            if not np.all(np.isfinite(spread) & (spread >= 0)):
                raise ValueError(f"spreads of {label!r} must be finite and >= 0")
            ax.errorbar(steps, 100 * values, yerr=100 * spread, fmt="none",
                        ecolor=line.get_color(), capsize=4)  # fmt: skip
    ax.set_xticks(steps)
    ax.set_xlabel("shift (pixels)")
    ax.set_ylabel("test accuracy (%)")
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


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
            or not is_int(event[0])
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
