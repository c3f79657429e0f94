"""Pictures for Chapter 6's second half: feature space, FGSM, sanity checks.

Every function builds a :class:`matplotlib.figure.Figure` directly (not
through ``pyplot``) and returns it. Images are ``(H, W)`` grayscale arrays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

__all__ = ["plot_fgsm", "plot_projections", "plot_randomization"]


def _no_ticks(ax) -> None:
    ax.set_xticks([])
    ax.set_yticks([])


def plot_projections(
    projections: Mapping[str, np.ndarray], labels: np.ndarray, size: float = 4.0
) -> Figure:
    """Scatter plots of 2-D projections side by side, coloured by class.

    Parameters
    ----------
    projections : mapping of str to ndarray, shape (N, 2)
        Title -> each point's two coordinates (x = first column).
    labels : ndarray of int, shape (N,)
        The class of each point (0 to 9: matplotlib's ``tab10`` colours).
    size : float
        Height of each panel in inches.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per projection; in axes ``a``, collection ``c`` holds the
        points of class ``c`` (``axes[a].collections[c].get_offsets()``),
        and the last axes carries the legend.

    Examples
    --------
    >>> fig = plot_projections({"a": np.zeros((4, 2))}, np.array([0, 1, 1, 0]))
    >>> len(fig.axes), len(fig.axes[0].collections)
    (1, 2)
    """
    if not isinstance(projections, Mapping) or not projections:
        raise TypeError("projections must be a non-empty mapping of name -> (N, 2)")
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError("labels must be a 1-D array of ints")
    for name, points in projections.items():
        if not isinstance(points, np.ndarray) or points.shape != (len(labels), 2):
            raise ValueError(
                f"projections[{name!r}] must have shape ({len(labels)}, 2), got "
                f"{getattr(points, 'shape', type(points).__name__)}"
            )
    classes = np.unique(labels)
    fig = Figure(figsize=(size * len(projections) + 1.2, size), layout="constrained")
    axes = fig.subplots(1, len(projections), squeeze=False)[0]
    colours = [f"C{c % 10}" for c in classes]
    for ax, (name, points) in zip(axes, projections.items(), strict=True):
        for c, colour in zip(classes, colours, strict=True):
            chosen = points[labels == c]
            ax.scatter(chosen[:, 0], chosen[:, 1], s=4, color=colour, label=str(c))
        ax.set_title(name)
        ax.set_xlabel("component 1")
        ax.set_ylabel("component 2")
    axes[-1].legend(
        title="digit", loc="center left", bbox_to_anchor=(1.0, 0.5), markerscale=3
    )
    return fig


def plot_fgsm(
    image: np.ndarray,
    adversarial: np.ndarray,
    labels: tuple[int, int],
    epsilons: Sequence[float],
    accuracy: Sequence[float],
) -> Figure:
    """A digit, its FGSM perturbation, the result, and accuracy against epsilon.

    Parameters
    ----------
    image, adversarial : ndarray, shape (H, W)
        The clean digit and the perturbed one.
    labels : (int, int)
        What the network says for each.
    epsilons, accuracy : sequences of one length
        The curve drawn in the fourth panel: at each epsilon, the share of
        the digits not yet fooled at it or at any smaller epsilon of the grid
        (the y-axis says so), or a plain accuracy.

    Returns
    -------
    matplotlib.figure.Figure
        Four axes: "clean" (``image``), "perturbation" (``adversarial -
        image``, blue negative, red positive, symmetric scale), "adversarial",
        and the curve (``axes[3].lines[0]``, y-axis "share not yet fooled").

    Examples
    --------
    >>> fig = plot_fgsm(np.zeros((3, 3)), np.ones((3, 3)), (1, 2), [0, 1], [1, 0])
    >>> [ax.get_title() for ax in fig.axes][:3]
    ['clean: 1', 'perturbation', 'adversarial: 2']
    """
    for name, a in (("image", image), ("adversarial", adversarial)):
        if not isinstance(a, np.ndarray) or a.ndim != 2:
            raise ValueError(f"{name} must be a 2-D array (H, W)")
    if image.shape != adversarial.shape:
        raise ValueError(f"image {image.shape} and adversarial {adversarial.shape}")
    eps = np.asarray(epsilons, dtype=float)
    acc = np.asarray(accuracy, dtype=float)
    if eps.ndim != 1 or eps.shape != acc.shape:
        raise ValueError("epsilons and accuracy must be 1-D of one length")
    fig = Figure(figsize=(10, 2.7), layout="constrained")
    axes = fig.subplots(1, 4, width_ratios=[1, 1, 1, 1.6])
    difference = adversarial - image
    limit = max(float(np.abs(difference).max()), 1e-12)
    axes[0].imshow(image, cmap="gray_r", vmin=0, vmax=1)
    axes[0].set_title(f"clean: {labels[0]}")
    axes[1].imshow(difference, cmap="RdBu_r", vmin=-limit, vmax=limit)
    axes[1].set_title("perturbation")
    axes[2].imshow(adversarial, cmap="gray_r", vmin=0, vmax=1)
    axes[2].set_title(f"adversarial: {labels[1]}")
    for ax in axes[:3]:
        _no_ticks(ax)
    axes[3].plot(eps, acc, marker="o")
    axes[3].set_xlabel("epsilon")
    axes[3].set_ylabel("share not yet fooled")
    axes[3].set_ylim(-0.03, 1.03)
    axes[3].grid(alpha=0.3)
    return fig


def plot_randomization(
    stages: Sequence[str],
    correlations: Mapping[str, np.ndarray],
    maps: Mapping[str, np.ndarray],
) -> Figure:
    """Adebayo et al.'s cascade: rank correlation per stage, and one digit's maps.

    Parameters
    ----------
    stages : sequence of S str
        "trained", then the layer re-initialised last (e.g. "logits", ...).
    correlations : mapping of str to ndarray, shape (S,)
        Method -> mean Spearman correlation with the trained map, per stage.
    maps : mapping of str to ndarray, shape (S, h, w)
        Method -> one image's map at every stage (same keys, same order).

    Returns
    -------
    matplotlib.figure.Figure
        First axes: one line per method (``axes[0].lines[m]``, y = the
        correlations). Then one row of S axes per method, its maps in order.

    Examples
    --------
    >>> fig = plot_randomization(["trained", "logits"], {"a": np.array([1.0, 0.5])},
    ...                          {"a": np.zeros((2, 4, 4))})
    >>> len(fig.axes)
    3
    """
    stages = list(stages)
    S = len(stages)
    if not isinstance(correlations, Mapping) or not correlations:
        raise TypeError("correlations must be a non-empty mapping")
    if not isinstance(maps, Mapping) or list(maps) != list(correlations):
        raise ValueError("maps must have the keys of correlations, in order")
    for name in correlations:
        if np.shape(correlations[name]) != (S,):
            raise ValueError(f"correlations[{name!r}] must have shape ({S},)")
        if np.ndim(maps[name]) != 3 or len(maps[name]) != S:
            raise ValueError(f"maps[{name!r}] must have shape ({S}, h, w)")
    fig = Figure(figsize=(1.35 * S + 1.6, 2.4 + 1.25 * len(maps)), layout="constrained")
    grid = fig.add_gridspec(1 + len(maps), S, height_ratios=[2.0] + [1] * len(maps))
    curve = fig.add_subplot(grid[0, :])
    for name, values in correlations.items():
        curve.plot(range(S), values, marker="o", label=name)
    curve.set_xticks(range(S), stages)
    curve.set_ylabel("Spearman with trained")
    curve.set_xlabel("re-initialised down to")
    curve.axhline(0, color="grey", lw=0.8)
    curve.legend(loc="lower left", fontsize="small")
    for row, (name, stage_maps) in enumerate(maps.items(), start=1):
        for s in range(S):
            ax = fig.add_subplot(grid[row, s])
            ax.imshow(stage_maps[s], cmap="hot")
            _no_ticks(ax)
            if s == 0:
                ax.set_ylabel(name, fontsize="small")
    return fig
