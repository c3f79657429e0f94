"""Tests for the timeline figure (cnnlib.plots.training, cnnlib.plots.history)."""

import pytest
from matplotlib.figure import Figure

from cnnlib.plots.history import plot_timeline

EVENTS = [(2012, "AlexNet", "ReLU, GPUs"), (1998, "LeNet-5", ""), (2014, "VGG", "3x3")]


def test_timeline_one_marker_and_label_per_event_in_year_order():
    fig = plot_timeline(EVENTS)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["1998\nLeNet-5", "2012\nAlexNet\nReLU, GPUs", "2014\nVGG\n3x3"]
    markers = [line for line in ax.lines if line.get_marker() == "o"]
    assert [line.get_xdata()[0] for line in markers] == [1998, 2012, 2014]
    # labels alternate above and below the axis
    assert [t.get_position()[1] > 0 for t in ax.texts] == [True, False, True]
    low, high = ax.get_xlim()
    assert low < 1998 and high > 2014


def test_timeline_single_event():
    fig = plot_timeline([(1998, "LeNet-5", "")])
    assert len(fig.axes[0].texts) == 1


@pytest.mark.parametrize("events", [[], "LeNet", None])
def test_timeline_rejects_non_lists(events):
    with pytest.raises(TypeError, match="non-empty list"):
        plot_timeline(events)


@pytest.mark.parametrize(
    "event",
    [(1998.0, "LeNet", ""), ("1998", "LeNet", ""), (1998, "LeNet"), [1998, "a", ""]],
)
def test_timeline_rejects_bad_events(event):
    with pytest.raises(ValueError, match="each event"):
        plot_timeline([event])


def test_timeline_places_each_event_at_its_year_in_order():
    events = [
        (2012, "AlexNet", "ReLU, GPUs"),
        (1980, "Neocognitron", ""),
        (1998, "LeNet-5", "Bell Labs"),
    ]
    fig = plot_timeline(events)
    ax = fig.axes[0]
    markers = [line for line in ax.lines if line.get_marker() == "o"]
    assert [float(m.get_xdata()[0]) for m in markers] == [1980, 1998, 2012]
    assert all(float(m.get_ydata()[0]) == 0 for m in markers)
    texts = sorted(ax.texts, key=lambda t: t.get_position()[0])
    assert [t.get_position()[0] for t in texts] == [1980, 1998, 2012]
    assert texts[0].get_text() == "1980\nNeocognitron"
    assert texts[2].get_text() == "2012\nAlexNet\nReLU, GPUs"
    # neighbours sit on opposite sides of the axis
    sides = [1 if t.get_position()[1] > 0 else -1 for t in texts]
    assert sides == [1, -1, 1]


def test_the_chapter_path_is_the_training_module_function():
    import cnnlib.plots.training

    assert plot_timeline is cnnlib.plots.training.plot_timeline
