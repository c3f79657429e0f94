import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnlib.plots.conv import plot_conv_steps, plot_padding_stride


def test_plot_conv_steps_structure():
    x = np.arange(16).reshape(4, 4)
    k = np.eye(3)
    fig = plot_conv_steps(x, k)
    assert isinstance(fig, Figure)
    axes = fig.axes
    assert len(axes) == 2 + 4
    assert axes[0].get_title() == "filter 3x3"
    assert axes[1].get_title() == "window (0, 0): 15"
    assert axes[-1].get_title() == "output 2x2"
    np.testing.assert_array_equal(axes[-1].images[0].get_array(), [[15, 18], [27, 30]])


def test_plot_conv_steps_errors():
    with pytest.raises(ValueError, match="2-D"):
        plot_conv_steps(np.ones(4), np.ones((3, 3)))
    with pytest.raises(ValueError, match="at most 6x6"):
        plot_conv_steps(np.ones((7, 7)), np.ones((3, 3)))


def test_plot_padding_stride_structure():
    fig = plot_padding_stride(7, 3, [(1, 0), (1, 1), (4, 0)])
    assert len(fig.axes) == 3
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["S=1, P=0: 5x5", "S=1, P=1: 7x7", "S=4, P=0: 2x2"]
    # stride 4 leaves row 3 and column 3 unvisited: 13 zero labels on 7x7
    zeros = [t for t in fig.axes[2].texts if t.get_text() == "0"]
    assert len(zeros) == 13


def test_plot_padding_stride_errors():
    with pytest.raises(ValueError, match="at least one"):
        plot_padding_stride(7, 3, [])
    with pytest.raises(TypeError, match=r"\(stride, pad\) tuple"):
        plot_padding_stride(7, 3, [2])
    with pytest.raises(ValueError, match="larger than the padded input"):
        plot_padding_stride(2, 3, [(1, 0)])
