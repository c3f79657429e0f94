"""Figures of Chapter 8: signal scale through depth, schedules, transfer.

Every function builds a :class:`matplotlib.figure.Figure` directly (no
pyplot state) and returns it; the notebook cell shows it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

__all__ = ["plot_learning_rates", "plot_signal_scales", "plot_transfer"]


def _check_curves(curves: Mapping[str, Sequence[float]], name: str) -> None:
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError(f"{name} must be a non-empty mapping of label -> values")


def plot_signal_scales(
    activations: Mapping[str, Sequence[float]], gradients: Mapping[str, Sequence[float]]
) -> Figure:
    """Standard deviation per layer, log scale: activations left, gradients right.

    >>> fig = plot_signal_scales({"he": [1.0, 1.1]}, {"he": [1.0, 0.9]})
    >>> len(fig.axes), len(fig.axes[0].lines)
    (2, 1)
    """
    _check_curves(activations, "activations")
    _check_curves(gradients, "gradients")
    if set(activations) != set(gradients):
        raise ValueError("activations and gradients must have the same labels")
    fig = Figure(figsize=(9, 3.4), layout="constrained")
    panels = fig.subplots(1, 2, sharey=True)
    for ax, curves, title in zip(
        panels,
        (activations, gradients),
        ("activations (forward)", "gradients (backward)"),
        strict=True,
    ):
        for label, values in curves.items():
            ax.plot(
                np.arange(1, len(values) + 1), values, marker="o", ms=3, label=label
            )
        ax.set_yscale("log")
        ax.set_xlabel("layer")
        ax.set_title(title)
    panels[0].set_ylabel("standard deviation")
    panels[0].legend()
    return fig


def _plot_curves(
    x: Sequence[float],
    curves: Mapping[str, Sequence[float]],
    name: str,
    x_name: str,
    figsize: tuple[float, float],
    scale: float = 1.0,
    marker: str | None = None,
):
    """One line per curve over ``x`` (each as long as ``x``); the Figure and Axes."""
    _check_curves(curves, name)
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.subplots()
    for label, values in curves.items():
        if len(values) != len(x):
            raise ValueError(
                f"{label!r} has {len(values)} {name} for {len(x)} {x_name}"
            )
        ax.plot(x, scale * np.asarray(values), marker=marker, label=label)
    return fig, ax


def plot_learning_rates(steps: Sequence[int], rates: Mapping[str, Sequence[float]]):
    """Learning rate against training step, one line per schedule.

    >>> fig = plot_learning_rates([0, 1], {"constant": [0.1, 0.1]})
    >>> len(fig.axes[0].lines)
    1
    """
    fig, ax = _plot_curves(steps, rates, "rates", "steps", figsize=(6, 3))
    ax.set_xlabel("training step")
    ax.set_ylabel("learning rate")
    ax.legend()
    return fig


def plot_transfer(
    sizes: Sequence[int],
    accuracies: Mapping[str, Sequence[float]],
    xlabel: str = "training digits (5 to 9)",
):
    """Test accuracy against the number of training images, one line per method.

    >>> fig = plot_transfer([50, 200], {"scratch": [0.5, 0.8]})
    >>> len(fig.axes[0].lines)
    1
    """
    fig, ax = _plot_curves(
        sizes, accuracies, "values", "sizes", (6, 3.4), scale=100, marker="o"
    )
    ax.set_xscale("log")
    ax.set_xticks(list(sizes), [f"{n:,}" for n in sizes])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("test accuracy (%)")
    ax.legend()
    return fig
