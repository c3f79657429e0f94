"""Tests for cnnlib.plots.deep_training: figure structure and error paths."""

import pytest
from matplotlib.figure import Figure

from cnnlib.plots.deep_training import (
    plot_learning_rates,
    plot_signal_scales,
    plot_transfer,
)


def test_signal_scales_two_log_panels():
    fig = plot_signal_scales(
        {"a": [1, 2, 3], "b": [1, 1, 1]}, {"a": [3, 2, 1], "b": [1, 1, 1]}
    )
    assert isinstance(fig, Figure)
    assert [ax.get_yscale() for ax in fig.axes] == ["log", "log"]
    assert [len(ax.lines) for ax in fig.axes] == [2, 2]
    with pytest.raises(ValueError, match="same labels"):
        plot_signal_scales({"a": [1]}, {"b": [1]})


def test_learning_rates_and_transfer():
    fig = plot_learning_rates([0, 1, 2], {"a": [1, 1, 1], "b": [1, 0.5, 0]})
    assert len(fig.axes[0].lines) == 2
    with pytest.raises(ValueError, match="3 steps"):
        plot_learning_rates([0, 1, 2], {"a": [1]})
    fig = plot_transfer([50, 200, 1000], {"x": [0.5, 0.7, 0.9]})
    assert list(fig.axes[0].lines[0].get_ydata()) == pytest.approx([50, 70, 90])
    with pytest.raises(ValueError, match="non-empty"):
        plot_transfer([50], {})
