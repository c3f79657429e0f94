import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy import signal

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


def _cell_labels(ax):
    """The numbers written in a draw_grid panel, as a 2-D array by position."""
    cells = {
        (round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
        for t in ax.texts
    }
    H = max(i for i, _ in cells) + 1
    W = max(j for _, j in cells) + 1
    return np.array([[float(cells[i, j]) for j in range(W)] for i in range(H)])


def test_plot_conv_steps_draws_the_data_unflipped_and_untransposed():
    # Asymmetric input and filter: a transposed, flipped or misplaced panel
    # changes at least one of the arrays or rectangles checked here.
    x = np.array(
        [[1, 0, 2, -1, 3], [0, 4, -2, 1, 0], [2, 1, 0, 5, -3], [1, -1, 3, 0, 2]]
    )
    k = np.array([[1, 2], [0, -1], [3, 0]])
    FH, FW = k.shape
    expected = signal.correlate2d(x, k, mode="valid")
    OH, OW = expected.shape
    fig = plot_conv_steps(x, k)
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), k)
    np.testing.assert_array_equal(_cell_labels(fig.axes[0]), k)
    np.testing.assert_array_equal(fig.axes[-1].images[0].get_array(), expected)
    np.testing.assert_array_equal(_cell_labels(fig.axes[-1]), expected)
    for step, (i, j) in enumerate(np.ndindex(OH, OW), start=1):
        ax = fig.axes[step]
        np.testing.assert_array_equal(ax.images[0].get_array(), x)
        (window,) = [p for p in ax.patches if not p.get_fill()]
        assert window.get_xy() == (j - 0.5, i - 0.5)
        assert (window.get_width(), window.get_height()) == (FW, FH)
        assert ax.get_title() == f"window ({i}, {j}): {expected[i, j]:g}"


@pytest.mark.parametrize(("size", "F", "stride", "pad"), [(7, 3, 2, 0), (6, 3, 2, 1)])
def test_plot_padding_stride_counts_each_cells_windows(size, F, stride, pad):
    fig = plot_padding_stride(size, F, [(stride, pad)])
    ax = fig.axes[0]
    # Count by brute force: every window of the padded input, every cell.
    padded = size + 2 * pad
    count = np.zeros((padded, padded), dtype=int)
    for top in range(0, padded - F + 1, stride):
        for left in range(0, padded - F + 1, stride):
            count[top : top + F, left : left + F] += 1
    inner = count[pad : pad + size, pad : pad + size]
    drawn = np.zeros_like(inner)
    for text in ax.texts:
        x, y = text.get_position()
        drawn[round(y) - pad, round(x) - pad] = int(text.get_text())
    assert len(ax.texts) == size * size
    np.testing.assert_array_equal(drawn, inner)
