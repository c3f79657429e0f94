import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnlib.plots.pooling import plot_pooling, plot_shift_pooling


def test_plot_pooling_structure():
    x = np.arange(16).reshape(4, 4)
    fig = plot_pooling(x, 2)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 3
    assert [ax.get_title() for ax in fig.axes[1:]] == ["max pooling", "average pooling"]
    np.testing.assert_array_equal(fig.axes[1].images[0].get_array(), [[5, 7], [13, 15]])
    np.testing.assert_array_equal(
        fig.axes[2].images[0].get_array(), [[2.5, 4.5], [10.5, 12.5]]
    )


def test_plot_pooling_errors():
    with pytest.raises(ValueError, match="2-D"):
        plot_pooling(np.ones((1, 4, 4)))
    with pytest.raises(ValueError, match="at most 8x8"):
        plot_pooling(np.ones((10, 10)))


def test_plot_shift_pooling_structure():
    fmap = np.zeros((8, 8))
    fmap[2, 2] = 1.0
    shifted = np.roll(fmap, 1, axis=1)  # 2,2 -> 2,3: same 2x2 window
    fig = plot_shift_pooling(fmap, shifted)
    assert len(fig.axes) == 4
    assert fig.axes[1].get_title().endswith("2 of 2 active cells changed")
    assert fig.axes[3].get_title().endswith("0 of 1 active cells changed")
    assert fig.axes[2].images[0].get_array().shape == (4, 4)


def test_plot_shift_pooling_errors():
    with pytest.raises(ValueError, match="same shape"):
        plot_shift_pooling(np.ones((4, 4)), np.ones((4, 6)))


def _max_pool(x, size):
    H, W = x.shape
    return (
        x[: H // size * size, : W // size * size]
        .reshape(H // size, size, W // size, size)
        .max(axis=(1, 3))
    )


def test_plot_pooling_draws_input_and_both_poolings_untransposed():
    x = np.array(
        [
            [1, 9, 2, 0, 4, 4],
            [3, 0, 8, 1, 2, 7],
            [5, 6, 0, 3, 1, 0],
            [2, 1, 4, 9, 6, 5],
        ],
        dtype=float,
    )
    fig = plot_pooling(x, 2)
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), x)
    np.testing.assert_array_equal(fig.axes[1].images[0].get_array(), _max_pool(x, 2))
    average = x.reshape(2, 2, 3, 2).mean(axis=(1, 3))
    np.testing.assert_allclose(fig.axes[2].images[0].get_array(), average)


def test_plot_shift_pooling_draws_maps_pooled_maps_and_changed_cells():
    rng = np.random.default_rng(3)
    fmap = np.where(rng.random((6, 8)) > 0.6, rng.random((6, 8)), 0.0)
    shifted = np.roll(fmap, 1, axis=1)
    fig = plot_shift_pooling(fmap, shifted)
    expected = [fmap, shifted, _max_pool(fmap, 2), _max_pool(shifted, 2)]
    for ax, array in zip(fig.axes, expected, strict=True):
        np.testing.assert_array_equal(ax.images[0].get_array(), array)
    # The red dots sit on the active cells that changed, at (column, row).
    for ax, (a, b) in zip(fig.axes[1::2], [expected[:2], expected[2:]], strict=True):
        changed = ((a != 0) | (b != 0)) & ~np.isclose(a, b)
        rows, cols = np.nonzero(changed)
        (dots,) = ax.lines
        np.testing.assert_array_equal(dots.get_xdata(), cols)
        np.testing.assert_array_equal(dots.get_ydata(), rows)
