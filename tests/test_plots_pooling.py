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
