"""Pictures of convolution filters and of what they respond to (Chapter 6).

Filters come in the from-scratch layout ``(FN, C, FH, FW)`` (NCHW weights,
``C`` must be 1 to draw a filter as one grayscale image) or already
squeezed to ``(FN, FH, FW)``. Each filter is scaled on its own: its
smallest weight is drawn black and its largest white, so the picture shows
the filter's pattern, not its overall size.

Every function builds a :class:`matplotlib.figure.Figure` directly (not
through ``pyplot``) and returns it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from cnnlib._validation import check_int

__all__ = [
    "minmax_scale",
    "plot_filter_grid",
    "plot_filter_grids",
    "plot_filter_responses",
]


def minmax_scale(array: np.ndarray) -> np.ndarray:
    """Scale ``array`` linearly so that its minimum is 0 and its maximum 1.

    A constant array (no range to stretch) becomes 0.5 everywhere.

    Parameters
    ----------
    array : array_like, any shape

    Returns
    -------
    ndarray of float64, same shape as ``array``

    Examples
    --------
    >>> minmax_scale(np.array([-2.0, 0.0, 2.0]))
    array([0. , 0.5, 1. ])
    >>> minmax_scale(np.ones(2))
    array([0.5, 0.5])
    """
    values = np.asarray(array, dtype=np.float64)
    if values.size == 0:
        raise ValueError("cannot scale an empty array")
    if not np.all(np.isfinite(values)):
        raise ValueError("array must hold finite numbers only")
    low, high = values.min(), values.max()
    if high == low:
        return np.full_like(values, 0.5)
    return (values - low) / (high - low)


def _as_filter_stack(filters: object) -> np.ndarray:
    """``(FN, 1, FH, FW)`` or ``(FN, FH, FW)`` -> float ``(FN, FH, FW)``."""
    if not isinstance(filters, np.ndarray):
        raise TypeError(
            "filters must be a NumPy array of shape (FN, C, FH, FW) or "
            f"(FN, FH, FW), got {type(filters).__name__}"
        )
    if filters.ndim == 4:
        if filters.shape[1] != 1:
            raise ValueError(
                "filters of shape (FN, C, FH, FW) must have C == 1 to be drawn "
                f"as grayscale images, got shape {filters.shape}; pick one "
                "input channel, e.g. filters[:, :1]"
            )
        filters = filters[:, 0]
    if filters.ndim != 3:
        raise ValueError(
            "filters must have shape (FN, C, FH, FW) or (FN, FH, FW), got "
            f"{filters.ndim}-D shape {filters.shape}"
        )
    if filters.shape[0] == 0:
        raise ValueError("filters must hold at least one filter")
    return np.asarray(filters, dtype=np.float64)


def _draw_grid(fig_or_subfig, stack: np.ndarray, ncols: int, title: str | None):
    count = len(stack)
    ncols = min(ncols, count)
    nrows = -(-count // ncols)
    axes = fig_or_subfig.subplots(nrows, ncols, squeeze=False)
    for index, ax in enumerate(axes.flat):
        if index >= count:
            ax.remove()
            continue
        ax.imshow(minmax_scale(stack[index]), cmap="gray", vmin=0.0, vmax=1.0)
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        fig_or_subfig.suptitle(title)


def plot_filter_grid(
    filters: np.ndarray, ncols: int = 10, title: str | None = None
) -> Figure:
    """Draw each filter as a small grayscale image, min black and max white.

    Parameters
    ----------
    filters : ndarray, shape (FN, 1, FH, FW) or (FN, FH, FW)
        The weights of one convolutional layer with a single input channel.
    ncols : int
        Filters per row of the grid.
    title : str, optional
        Title above the grid.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per filter, in order, each showing ``minmax_scale`` of it.

    Raises
    ------
    TypeError
        If ``filters`` is not an ndarray or ``ncols`` not an int.
    ValueError
        If ``filters`` has the wrong rank, more than one channel, or no filter.

    Examples
    --------
    >>> fig = plot_filter_grid(np.arange(24.0).reshape(6, 1, 2, 2), ncols=3)
    >>> len(fig.axes)
    6
    """
    stack = _as_filter_stack(filters)
    ncols = check_int("ncols", ncols, 1)
    nrows = -(-len(stack) // min(ncols, len(stack)))
    fig = Figure(figsize=(0.8 * min(ncols, len(stack)) + 0.4, 0.8 * nrows + 0.6))
    _draw_grid(fig, stack, ncols, title)
    return fig


def plot_filter_grids(
    grids: Mapping[str, np.ndarray], ncols: int = 6, figsize_per_grid: float = 4.0
) -> Figure:
    """Draw several filter grids side by side, e.g. before and after training.

    Parameters
    ----------
    grids : mapping of str to ndarray, shape (FN, 1, FH, FW) or (FN, FH, FW)
        Title of each grid -> its filters. Grids are drawn left to right in
        the mapping's order.
    ncols : int
        Filters per row within each grid.
    figsize_per_grid : float
        Width in inches given to each grid.

    Returns
    -------
    matplotlib.figure.Figure
        One subfigure per grid (``fig.subfigs``), titled with its key, holding
        one axes per filter.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> fig = plot_filter_grids({"a": rng.normal(size=(4, 3, 3)),
    ...                          "b": rng.normal(size=(4, 3, 3))}, ncols=2)
    >>> [sub._suptitle.get_text() for sub in fig.subfigs], len(fig.axes)
    (['a', 'b'], 8)
    """
    if not isinstance(grids, Mapping) or not grids:
        raise TypeError("grids must be a non-empty mapping of title -> filters")
    ncols = check_int("ncols", ncols, 1)
    stacks = {str(name): _as_filter_stack(f) for name, f in grids.items()}
    rows = max(-(-len(s) // min(ncols, len(s))) for s in stacks.values())
    height = figsize_per_grid * rows / ncols + 0.6
    fig = Figure(figsize=(figsize_per_grid * len(stacks), height), layout="constrained")
    subfigs = fig.subfigures(1, len(stacks), squeeze=False)[0]
    for subfig, (name, stack) in zip(subfigs, stacks.items(), strict=True):
        _draw_grid(subfig, stack, ncols, name)
    return fig


def plot_filter_responses(
    image: np.ndarray,
    filters: np.ndarray,
    responses: np.ndarray,
    names: Sequence[str] | None = None,
) -> Figure:
    """Show an image, some filters, and the feature map each filter makes of it.

    The top row shows the input image, then each filter (min black, max
    white); the bottom row shows each response on a diverging colour map
    centred on zero: red where the filter's pattern is found, blue where its
    opposite is.

    Parameters
    ----------
    image : ndarray, shape (H, W)
        One grayscale image.
    filters : ndarray, shape (K, FH, FW) or (K, 1, FH, FW)
        ``K`` filters.
    responses : ndarray, shape (K, OH, OW)
        The response (cross-correlation) of ``image`` with each filter.
    names : sequence of K str, optional
        A title for each filter.

    Returns
    -------
    matplotlib.figure.Figure
        ``2 * (K + 1) - 1`` axes: the image, then ``K`` filters on the top row
        and ``K`` responses below them (the bottom-left cell is left out).

    Examples
    --------
    >>> fig = plot_filter_responses(np.zeros((6, 6)), np.ones((2, 3, 3)),
    ...                             np.zeros((2, 4, 4)), names=["a", "b"])
    >>> len(fig.axes)
    5
    """
    if not isinstance(image, np.ndarray) or image.ndim != 2:
        raise ValueError(
            f"image must be a 2-D array (H, W), got {getattr(image, 'shape', image)!r}"
        )
    stack = _as_filter_stack(filters)
    if not isinstance(responses, np.ndarray) or responses.ndim != 3:
        raise ValueError(
            "responses must be a 3-D array (K, OH, OW), got "
            f"{getattr(responses, 'shape', responses)!r}"
        )
    count = len(stack)
    if len(responses) != count:
        raise ValueError(
            f"got {count} filters but {len(responses)} responses; they must match"
        )
    if names is None:
        names = [f"filter {k}" for k in range(count)]
    names = list(names)
    if len(names) != count:
        raise ValueError(f"got {count} filters but {len(names)} names")
    fig = Figure(figsize=(1.7 * (count + 1), 3.6), layout="constrained")
    axes = fig.subplots(2, count + 1, squeeze=False)
    axes[0, 0].imshow(image, cmap="gray")
    axes[0, 0].set_title("input")
    axes[1, 0].remove()
    for k in range(count):
        axes[0, k + 1].imshow(minmax_scale(stack[k]), cmap="gray", vmin=0, vmax=1)
        axes[0, k + 1].set_title(names[k])
        limit = float(np.max(np.abs(responses[k]))) or 1.0
        axes[1, k + 1].imshow(responses[k], cmap="RdBu_r", vmin=-limit, vmax=limit)
        axes[1, k + 1].set_title("response")
    for ax in fig.axes:
        ax.set_xticks([])
        ax.set_yticks([])
    return fig
