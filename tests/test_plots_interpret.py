"""Tests for cnnlib.plots.interpret: the figures draw the data they are given."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnlib.plots.interpret import plot_fgsm, plot_projections, plot_randomization


def test_projections_draw_each_class_where_it_is():
    rng = np.random.default_rng(0)
    labels = np.array([0, 1, 1, 2, 0, 2, 1])
    pixels = rng.normal(size=(7, 2))
    features = np.column_stack([np.arange(7.0), 10 + np.arange(7.0) ** 2])
    fig = plot_projections({"pixels": pixels, "features": features}, labels)
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in fig.axes] == ["pixels", "features"]
    for ax, points in zip(fig.axes, [pixels, features], strict=True):
        assert len(ax.collections) == 3
        for c in range(3):
            np.testing.assert_array_equal(
                ax.collections[c].get_offsets(), points[labels == c]
            )
    assert fig.axes[1].get_legend() is not None


@pytest.mark.parametrize(
    ("projections", "labels", "error"),
    [
        ({}, np.zeros(2, int), TypeError),
        ({"a": np.zeros((2, 3))}, np.zeros(2, int), ValueError),
        ({"a": np.zeros((2, 2))}, np.zeros(3, int), ValueError),
        ({"a": np.zeros((2, 2))}, np.zeros(2), ValueError),
    ],
)
def test_projections_reject_bad_input(projections, labels, error):
    with pytest.raises(error):
        plot_projections(projections, labels)


def test_fgsm_panels_and_curve():
    image = np.zeros((4, 6))
    image[1, 4] = 1.0
    adversarial = np.clip(image + 0.2 * np.sign(np.arange(24).reshape(4, 6) - 11), 0, 1)
    fig = plot_fgsm(image, adversarial, (7, 3), [0.0, 0.1, 0.2], [1.0, 0.6, 0.1])
    axes = fig.axes
    assert [ax.get_title() for ax in axes[:3]] == [
        "clean: 7",
        "perturbation",
        "adversarial: 3",
    ]
    np.testing.assert_array_equal(axes[0].images[0].get_array(), image)
    np.testing.assert_allclose(axes[1].images[0].get_array(), adversarial - image)
    assert axes[3].get_ylabel() == "share not yet fooled"
    np.testing.assert_array_equal(axes[2].images[0].get_array(), adversarial)
    x, y = axes[3].lines[0].get_data()
    assert list(x) == [0.0, 0.1, 0.2] and list(y) == [1.0, 0.6, 0.1]
    low, high = axes[1].images[0].get_clim()
    assert low == -high  # symmetric: white is "unchanged"
    with pytest.raises(ValueError):
        plot_fgsm(image, adversarial.T, (7, 3), [0.0], [1.0])
    with pytest.raises(ValueError):
        plot_fgsm(image, adversarial, (7, 3), [0.0, 0.1], [1.0])


def test_randomization_curve_and_maps():
    stages = ["trained", "logits", "dense"]
    correlations = {"saliency": np.array([1.0, 0.7, 0.5]), "cam": np.array([1, 0, 0.1])}
    rng = np.random.default_rng(1)
    maps = {"saliency": rng.random((3, 5, 7)), "cam": rng.random((3, 2, 3))}
    fig = plot_randomization(stages, correlations, maps)
    assert len(fig.axes) == 1 + 2 * 3
    curve = fig.axes[0]
    for line, values in zip(curve.lines, correlations.values(), strict=False):
        np.testing.assert_array_equal(line.get_ydata(), values)
    assert [t.get_text() for t in curve.get_xticklabels()] == stages
    np.testing.assert_array_equal(
        fig.axes[2].images[0].get_array(), maps["saliency"][1]
    )
    np.testing.assert_array_equal(fig.axes[6].images[0].get_array(), maps["cam"][2])
    assert fig.axes[4].get_ylabel() == "cam"
    with pytest.raises(ValueError):
        plot_randomization(stages, correlations, {"cam": maps["cam"]})
    with pytest.raises(ValueError):
        plot_randomization(stages[:2], correlations, maps)
