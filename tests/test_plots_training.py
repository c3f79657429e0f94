"""Tests for cnnlib.plots.training: figure structure and error paths."""

import matplotlib.colors
import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnlib.plots.training import (
    plot_accuracy_vs_shift,
    plot_digit_grid,
    plot_flattening,
    plot_history,
)
from cnnlib.transforms import permute_pixels


class FakeHistory:
    """Stands in for keras.callbacks.History: only ``.history`` is used."""

    def __init__(self, history):
        self.history = history


LOGS = {
    "loss": [0.9, 0.5, 0.3],
    "accuracy": [0.7, 0.8, 0.9],
    "val_loss": [0.8, 0.6, 0.5],
    "val_accuracy": [0.75, 0.82, 0.85],
}


def test_history_panels_and_lines():
    fig = plot_history({"dense": LOGS, "cnn": FakeHistory(LOGS)})
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]
    # two models x (training + validation) per panel
    assert all(len(ax.lines) == 4 for ax in fig.axes)
    np.testing.assert_allclose(fig.axes[1].lines[1].get_ydata(), LOGS["val_accuracy"])
    np.testing.assert_array_equal(fig.axes[0].lines[0].get_xdata(), [1, 2, 3])
    labels = [t.get_text() for t in fig.axes[-1].get_legend().get_texts()]
    assert "cnn (validation)" in labels


def test_history_without_validation_and_one_metric():
    fig = plot_history({"net": {"loss": [1.0, 0.5]}}, metrics=["loss"])
    assert len(fig.axes) == 1 and len(fig.axes[0].lines) == 1


def test_plot_history_long_runs_get_sparse_ticks_and_no_markers():
    short = plot_history({"net": {"loss": np.linspace(1, 0.1, 12)}}, metrics=["loss"])
    assert list(short.axes[0].get_xticks()) == list(range(1, 13))
    assert short.axes[0].lines[0].get_marker() == "o"
    long = plot_history({"net": {"loss": np.linspace(1, 0.1, 40)}}, metrics=["loss"])
    assert list(long.axes[0].get_xticks()) == [1, 5, 10, 15, 20, 25, 30, 35, 40]
    assert long.axes[0].lines[0].get_marker() == "None"


def test_history_errors():
    with pytest.raises(TypeError, match="non-empty dict"):
        plot_history({})
    with pytest.raises(TypeError, match="non-empty dict"):
        plot_history([LOGS])
    with pytest.raises(TypeError, match="Keras History"):
        plot_history({"net": [0.1, 0.2]})
    with pytest.raises(ValueError, match="has no 'accuracy'"):
        plot_history({"net": {"loss": [1.0]}})
    with pytest.raises(ValueError, match="metrics"):
        plot_history({"net": LOGS}, metrics="loss")


def test_digit_grid_images_titles_and_highlight():
    images = np.random.default_rng(0).random((5, 28, 28, 1))
    fig = plot_digit_grid(
        images, titles=list("abcde"), highlight=[0, 1, 0, 0, 0], ncols=3
    )
    assert len(fig.axes) == 5  # the sixth grid cell is removed
    np.testing.assert_array_equal(fig.axes[2].images[0].get_array(), images[2, :, :, 0])
    assert fig.axes[4].get_title() == "e"
    assert fig.axes[1].title.get_color() == "tab:red"
    assert fig.axes[0].title.get_color() == "black"


def test_digit_grid_without_titles():
    fig = plot_digit_grid(np.zeros((2, 8, 8)))
    assert len(fig.axes) == 2 and fig.axes[0].get_title() == ""


def test_digit_grid_errors():
    with pytest.raises(ValueError, match=r"\(N, H, W\)"):
        plot_digit_grid(np.zeros((28, 28)))
    with pytest.raises(ValueError, match=r"\(N, H, W\)"):
        plot_digit_grid(np.zeros((0, 28, 28)))
    with pytest.raises(ValueError, match="2 titles for 3 images"):
        plot_digit_grid(np.zeros((3, 4, 4)), titles=["a", "b"])
    with pytest.raises(ValueError, match="highlight"):
        plot_digit_grid(np.zeros((3, 4, 4)), highlight=[True])
    with pytest.raises(ValueError, match="ncols"):
        plot_digit_grid(np.zeros((3, 4, 4)), ncols=0)


def test_flattening_shows_image_vector_and_shuffle():
    image = np.random.default_rng(1).random((6, 5, 1))
    permutation = np.random.default_rng(2).permutation(30)
    fig = plot_flattening(image, permutation)
    assert len(fig.axes) == 4
    img_ax, vec_ax, shuf_ax, shuf_vec_ax = fig.axes
    np.testing.assert_array_equal(img_ax.images[0].get_array(), image[:, :, 0])
    shuffled = permute_pixels(image[:, :, 0], permutation)
    np.testing.assert_array_equal(shuf_ax.images[0].get_array(), shuffled)
    heights = [bar.get_height() for bar in shuf_vec_ax.patches]
    np.testing.assert_allclose(heights, shuffled.ravel())
    assert len(vec_ax.patches) == 30
    assert "30 numbers" in vec_ax.get_title()


def test_flattening_errors():
    with pytest.raises(ValueError, match=r"\(H, W\)"):
        plot_flattening(np.zeros((2, 4, 4)), np.arange(16))
    with pytest.raises(ValueError, match="permutation"):
        plot_flattening(np.zeros((4, 4)), np.arange(15))


def test_accuracy_vs_shift_lines():
    fig = plot_accuracy_vs_shift(
        [0, 1, 2], {"dense": [0.9, 0.7, 0.4], "cnn": [1, 0.9, 0.8]}
    )
    (ax,) = fig.axes
    assert len(ax.lines) == 2
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [90, 70, 40])
    assert ax.get_xlabel() == "shift (pixels)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["dense", "cnn"]


def test_accuracy_vs_shift_errors():
    with pytest.raises(ValueError, match="shifts"):
        plot_accuracy_vs_shift([], {"a": []})
    with pytest.raises(TypeError, match="non-empty dict"):
        plot_accuracy_vs_shift([0, 1], {})
    with pytest.raises(ValueError, match="1 accuracies for 2 shifts"):
        plot_accuracy_vs_shift([0, 1], {"a": [0.5]})
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        plot_accuracy_vs_shift([0, 1], {"a": [50, 40]})


def test_digit_grid_draws_each_digit_in_order_untransposed():
    rng = np.random.default_rng(0)
    images = rng.random((5, 6, 4))  # H != W: a transpose changes the shape
    fig = plot_digit_grid(images[..., None], highlight=[0, 1, 0, 0, 1], ncols=3)
    for ax, image in zip(fig.axes, images, strict=True):
        np.testing.assert_array_equal(ax.images[0].get_array(), image)
    assert [ax.spines["top"].get_linewidth() == 2 for ax in fig.axes] == [
        False,
        True,
        False,
        False,
        True,
    ]


def test_flattening_bars_are_the_row_major_pixels_before_and_after_shuffle():
    image = np.arange(12.0).reshape(3, 4) ** 2
    permutation = np.random.default_rng(1).permutation(12)
    fig = plot_flattening(image, permutation)
    shuffled = permute_pixels(image, permutation)
    img0, vec0, img1, vec1 = fig.axes
    np.testing.assert_array_equal(img0.images[0].get_array(), image)
    np.testing.assert_array_equal(img1.images[0].get_array(), shuffled)
    heights = [[bar.get_height() for bar in ax.patches] for ax in (vec0, vec1)]
    np.testing.assert_array_equal(heights[0], image.reshape(-1))
    np.testing.assert_array_equal(heights[1], shuffled.reshape(-1))


def test_accuracy_vs_shift_plots_percent_per_shift_per_model():
    fig = plot_accuracy_vs_shift(
        [0, 2, 4], {"dense": [0.9, 0.5, 0.2], "cnn": [0.95, 0.8, 0.4]}
    )
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["dense", "cnn"]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [0, 2, 4])
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [90, 50, 20])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [95, 80, 40])


def test_accuracy_vs_shift_draws_spreads_as_error_bars():
    fig = plot_accuracy_vs_shift(
        [0, 2, 4],
        {"flatten": [0.9, 0.5, 0.2], "gap": [0.95, 0.8, 0.4]},
        spreads={"gap": [0.01, 0.02, 0.0]},
    )
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["flatten", "gap"]
    (bars,) = ax.collections  # one model given spreads: one collection
    segments = [segment.tolist() for segment in bars.get_segments()]
    np.testing.assert_allclose(
        segments, [[[0, 94], [0, 96]], [[2, 78], [2, 82]], [[4, 40], [4, 40]]]
    )
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [95, 80, 40])
    assert bars.get_colors()[0].tolist() == list(
        matplotlib.colors.to_rgba(ax.lines[1].get_color())
    )


def test_accuracy_vs_shift_spread_errors():
    acc = {"a": [0.5, 0.4]}
    with pytest.raises(TypeError, match="spreads must be a dict"):
        plot_accuracy_vs_shift([0, 1], acc, spreads=[0.1, 0.1])
    with pytest.raises(ValueError, match="without accuracies"):
        plot_accuracy_vs_shift([0, 1], acc, spreads={"b": [0.1, 0.1]})
    with pytest.raises(ValueError, match="1 spreads for 2 shifts"):
        plot_accuracy_vs_shift([0, 1], acc, spreads={"a": [0.1]})
    with pytest.raises(ValueError, match=">= 0"):
        plot_accuracy_vs_shift([0, 1], acc, spreads={"a": [0.1, -0.1]})
