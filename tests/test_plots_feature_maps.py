"""Tests for cnnlib.plots.feature_maps."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnlib.plots.feature_maps import (
    plot_feature_maps,
    plot_heatmap_rows,
    plot_image_rows,
    plot_saliency,
)


def _maps():
    rng = np.random.default_rng(0)
    return {
        "conv_1": rng.random((26, 26, 32)),
        "pool_1": rng.random((13, 13, 32)),
        "conv_3": rng.random((3, 3, 4)),
    }


def test_feature_maps_rows_and_labels():
    maps = _maps()
    fig = plot_feature_maps(maps, n_maps=6)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 6 + 6 + 4  # the last layer has only four channels
    labels = [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()]
    assert labels == ["conv_1\n26x26x32", "pool_1\n13x13x32", "conv_3\n3x3x4"]
    np.testing.assert_array_equal(
        fig.axes[1].images[0].get_array(), maps["conv_1"][:, :, 1]
    )


def test_feature_maps_with_input_image():
    image = np.eye(28)
    fig = plot_feature_maps(_maps(), n_maps=3, image=image)
    assert len(fig.axes) == 1 + 3 * 3
    assert fig.axes[0].get_ylabel() == "input"
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), image)


@pytest.mark.parametrize(
    ("maps", "kwargs", "error"),
    [
        ({}, {}, TypeError),
        ([np.zeros((2, 2, 2))], {}, TypeError),
        ({"a": np.zeros((2, 2))}, {}, ValueError),
        ({"a": np.zeros((2, 2, 2))}, {"n_maps": 0}, ValueError),
        ({"a": np.zeros((2, 2, 2))}, {"n_maps": "8"}, TypeError),
        ({"a": np.zeros((2, 2, 2))}, {"image": np.zeros((1, 2, 2))}, ValueError),
    ],
)
def test_feature_maps_rejects_bad_input(maps, kwargs, error):
    with pytest.raises(error):
        plot_feature_maps(maps, **kwargs)


def test_saliency_three_panels():
    image = np.zeros((5, 5))
    saliency = np.arange(25.0).reshape(5, 5)
    fig = plot_saliency(image, saliency, title="digit 7")
    assert [ax.get_title() for ax in fig.axes] == ["input", "saliency", "overlay"]
    assert len(fig.axes[2].images) == 2
    np.testing.assert_array_equal(fig.axes[1].images[0].get_array(), saliency)
    assert fig._suptitle.get_text() == "digit 7"


def test_saliency_rejects_shape_mismatch_and_non_arrays():
    with pytest.raises(ValueError):
        plot_saliency(np.zeros((5, 5)), np.zeros((4, 4)))
    with pytest.raises(TypeError):
        plot_saliency([[0.0]], np.zeros((1, 1)))


def test_image_rows_grid_and_labels():
    images = np.random.default_rng(0).random((3, 4, 6, 6))
    fig = plot_image_rows(images, row_labels=["f0", "f1", "f2"], title="top")
    assert len(fig.axes) == 12
    assert [fig.axes[4 * r].get_ylabel() for r in range(3)] == ["f0", "f1", "f2"]
    np.testing.assert_array_equal(fig.axes[5].images[0].get_array(), images[1, 1])


@pytest.mark.parametrize(
    ("images", "labels", "error"),
    [
        ([[[[0.0]]]], None, TypeError),
        (np.zeros((3, 6, 6)), None, ValueError),
        (np.zeros((0, 2, 6, 6)), None, ValueError),
        (np.zeros((2, 2, 6, 6)), ["one"], ValueError),
    ],
)
def test_image_rows_rejects_bad_input(images, labels, error):
    with pytest.raises(error):
        plot_image_rows(images, row_labels=labels)


def test_heatmap_rows_draw_each_map_over_its_image():
    rng = np.random.default_rng(1)
    images = rng.random((2, 5, 7))  # not square: a transposed map would fail
    heat = {"saliency": rng.random((2, 5, 7)), "Grad-CAM": rng.random((2, 5, 7))}
    fig = plot_heatmap_rows(images, heat, row_labels=["a", "b"])
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2 * 3
    assert [ax.get_title() for ax in fig.axes[:3]] == ["input", "saliency", "Grad-CAM"]
    assert [fig.axes[3 * r].get_ylabel() for r in range(2)] == ["a", "b"]
    for r in range(2):
        np.testing.assert_array_equal(fig.axes[3 * r].images[0].get_array(), images[r])
        for m, maps in enumerate(heat.values(), start=1):
            drawn = fig.axes[3 * r + m].images
            assert len(drawn) == 2
            np.testing.assert_array_equal(drawn[0].get_array(), images[r])
            np.testing.assert_array_equal(drawn[1].get_array(), maps[r])


@pytest.mark.parametrize(
    ("images", "heat", "kwargs", "error"),
    [
        (np.zeros((4, 4)), {"a": np.zeros((4, 4))}, {}, ValueError),
        (np.zeros((1, 4, 4)), {}, {}, TypeError),
        (np.zeros((1, 4, 4)), {"a": np.zeros((1, 4, 5))}, {}, ValueError),
        (np.zeros((1, 4, 4)), {"a": np.zeros((1, 4, 4))}, {"alpha": 2}, ValueError),
        (
            np.zeros((1, 4, 4)),
            {"a": np.zeros((1, 4, 4))},
            {"row_labels": ["x", "y"]},
            ValueError,
        ),
    ],
)
def test_heatmap_rows_rejects_bad_input(images, heat, kwargs, error):
    with pytest.raises(error):
        plot_heatmap_rows(images, heat, **kwargs)


def test_saliency_overlay_lays_the_map_over_the_image_untransposed():
    rng = np.random.default_rng(7)
    image, saliency = rng.random((5, 7)), rng.random((5, 7))
    fig = plot_saliency(image, saliency)
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), image)
    under, over = fig.axes[2].images
    np.testing.assert_array_equal(under.get_array(), image)
    np.testing.assert_array_equal(over.get_array(), saliency)
    assert 0 < over.get_alpha() < 1
