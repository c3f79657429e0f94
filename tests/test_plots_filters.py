"""Tests for cnnlib.plots.filters."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnlib.plots.filters import (
    minmax_scale,
    plot_filter_grid,
    plot_filter_grids,
    plot_filter_responses,
)


def test_minmax_scale_maps_min_to_zero_and_max_to_one():
    scaled = minmax_scale(np.array([[3.0, -1.0], [1.0, 0.0]]))
    assert scaled.min() == 0.0 and scaled.max() == 1.0
    np.testing.assert_allclose(scaled, [[1.0, 0.0], [0.5, 0.25]])


def test_minmax_scale_constant_is_grey():
    np.testing.assert_array_equal(minmax_scale(np.full((2, 2), 7.0)), 0.5)


@pytest.mark.parametrize("bad", [np.array([]), np.array([1.0, np.nan])])
def test_minmax_scale_rejects_empty_and_nan(bad):
    with pytest.raises(ValueError):
        minmax_scale(bad)


def test_filter_grid_one_axes_per_filter_scaled_per_filter():
    rng = np.random.default_rng(0)
    filters = rng.normal(size=(30, 1, 5, 5))
    fig = plot_filter_grid(filters, ncols=10, title="learned")
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 30
    assert fig._suptitle.get_text() == "learned"
    for ax, f in zip(fig.axes, filters, strict=True):
        data = ax.images[0].get_array()
        assert data.shape == (5, 5)
        np.testing.assert_allclose(data, minmax_scale(f[0]))
        assert ax.images[0].get_cmap().name == "gray"


def test_filter_grid_removes_unused_cells_and_accepts_3d():
    fig = plot_filter_grid(np.ones((7, 3, 3)), ncols=4)
    assert len(fig.axes) == 7


@pytest.mark.parametrize(
    ("filters", "error"),
    [
        ([[1.0]], TypeError),
        (np.ones((2, 3, 5, 5)), ValueError),  # three channels
        (np.ones((5, 5)), ValueError),
        (np.ones((0, 3, 3)), ValueError),
    ],
)
def test_filter_grid_rejects_bad_filters(filters, error):
    with pytest.raises(error):
        plot_filter_grid(filters)


@pytest.mark.parametrize(("ncols", "error"), [(0, ValueError), (2.5, TypeError)])
def test_filter_grid_rejects_bad_ncols(ncols, error):
    with pytest.raises(error):
        plot_filter_grid(np.ones((4, 3, 3)), ncols=ncols)


def test_filter_grids_side_by_side():
    rng = np.random.default_rng(1)
    grids = {
        "before": rng.normal(size=(6, 1, 3, 3)),
        "after": rng.normal(size=(6, 3, 3)),
    }
    fig = plot_filter_grids(grids, ncols=3)
    assert [sub._suptitle.get_text() for sub in fig.subfigs] == ["before", "after"]
    assert len(fig.axes) == 12
    assert all(len(sub.axes) == 6 for sub in fig.subfigs)


def test_filter_grids_rejects_empty_mapping():
    with pytest.raises(TypeError):
        plot_filter_grids({})


def test_filter_responses_layout_and_data():
    image = np.arange(36.0).reshape(6, 6)
    filters = np.stack([np.eye(3), -np.eye(3)])
    responses = np.stack([np.full((4, 4), 2.0), np.full((4, 4), -2.0)])
    fig = plot_filter_responses(image, filters, responses, names=["a", "b"])
    assert len(fig.axes) == 5
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0] == "input"
    assert "a" in titles and "b" in titles and titles.count("response") == 2
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), image)


@pytest.mark.parametrize(
    ("image", "responses", "names"),
    [
        (np.zeros(6), np.zeros((2, 4, 4)), None),  # image not 2-D
        (np.zeros((6, 6)), np.zeros((3, 4, 4)), None),  # count mismatch
        (np.zeros((6, 6)), np.zeros((4, 4)), None),  # responses not 3-D
        (np.zeros((6, 6)), np.zeros((2, 4, 4)), ["only one"]),
    ],
)
def test_filter_responses_rejects_mismatches(image, responses, names):
    with pytest.raises(ValueError):
        plot_filter_responses(image, np.ones((2, 3, 3)), responses, names=names)


def test_filter_grid_draws_each_filter_in_order_untransposed():
    rng = np.random.default_rng(4)
    filters = rng.normal(size=(7, 1, 3, 2))  # FH != FW
    fig = plot_filter_grid(filters, ncols=4)
    for ax, kernel in zip(fig.axes, filters[:, 0], strict=True):
        drawn = ax.images[0]
        np.testing.assert_allclose(drawn.get_array(), minmax_scale(kernel))
        assert drawn.get_clim() == (0.0, 1.0)


def test_filter_grids_draw_each_stack_in_its_own_subfigure():
    rng = np.random.default_rng(5)
    grids = {"before": rng.normal(size=(3, 2, 4)), "after": rng.normal(size=(3, 2, 4))}
    fig = plot_filter_grids(grids, ncols=3)
    for subfig, (name, stack) in zip(fig.subfigs, grids.items(), strict=True):
        assert subfig._suptitle.get_text() == name
        for ax, kernel in zip(subfig.axes, stack, strict=True):
            np.testing.assert_allclose(ax.images[0].get_array(), minmax_scale(kernel))


def test_filter_responses_draw_each_response_under_its_filter():
    rng = np.random.default_rng(6)
    image = rng.random((6, 7))
    filters = rng.normal(size=(2, 3, 2))
    responses = rng.normal(size=(2, 4, 6))  # OH != OW: a transpose fails
    fig = plot_filter_responses(image, filters, responses, names=["a", "b"])
    by_title = {}
    for ax in fig.axes:
        by_title.setdefault(ax.get_title(), []).append(ax)
    np.testing.assert_array_equal(by_title["input"][0].images[0].get_array(), image)
    for k, name in enumerate(["a", "b"]):
        (filter_ax,) = by_title[name]
        np.testing.assert_allclose(
            filter_ax.images[0].get_array(), minmax_scale(filters[k])
        )
        response = by_title["response"][k].images[0]
        np.testing.assert_array_equal(response.get_array(), responses[k])
        # a diverging scale centred on zero: the largest magnitude at each end
        limit = np.abs(responses[k]).max()
        np.testing.assert_allclose(response.get_clim(), (-limit, limit))
        # the response sits in the filter's column, one row below it
        assert response.axes.get_subplotspec().colspan == (
            filter_ax.get_subplotspec().colspan
        )
