"""Tests for cnnlib.plots.architectures: the branch diagram (Chapter 7)."""

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from cnnlib.plots.architectures import plot_branches

INCEPTION = [
    ["1x1 conv, 64"],
    ["1x1 conv, 96", "3x3 conv, 128"],
    ["1x1 conv, 16", "5x5 conv, 32"],
    ["3x3 max pool", "1x1 conv, 32"],
]


def _boxes(ax):
    return [p for p in ax.patches if isinstance(p, FancyBboxPatch)]


def _centre(box):
    return box.get_x() + box.get_width() / 2, box.get_y() + box.get_height() / 2


def test_branches_are_columns_left_to_right_and_rows_top_to_bottom():
    fig = plot_branches(INCEPTION, "in", "out")
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["in"] + [label for b in INCEPTION for label in b] + ["out"]
    centres = {box.get_gid(): _centre(box) for box in _boxes(ax)}
    assert len(_boxes(ax)) == 1 + 7 + 1
    # each label's box sits where its text is
    for text in ax.texts:
        x, y = text.get_position()
        box = [b for b in _boxes(ax) if b.get_gid() == text.get_text()]
        assert any(_centre(b) == pytest.approx((x, y)) for b in box)
    # columns in branch order, first boxes on one row, second boxes below
    assert centres["1x1 conv, 64"][0] < centres["3x3 conv, 128"][0]
    assert centres["3x3 conv, 128"][0] < centres["5x5 conv, 32"][0]
    assert centres["5x5 conv, 32"][0] < centres["3x3 max pool"][0]
    assert centres["1x1 conv, 96"][1] > centres["3x3 conv, 128"][1]
    assert centres["3x3 max pool"][1] == centres["1x1 conv, 64"][1]
    # input on top, output at the bottom, both centred
    assert centres["in"][1] > centres["1x1 conv, 96"][1] > centres["out"][1]
    assert centres["in"][0] == pytest.approx(1.5) == centres["out"][0]


def test_arrows_and_bottleneck_shading():
    (ax,) = plot_branches(INCEPTION).axes
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    # 4 from the input, 3 inside branches, 4 into the output
    assert len(arrows) == 11
    # the short first branch gets one plain line down to the last row
    assert len(ax.lines) == 1
    colours = {b.get_gid(): b.get_facecolor() for b in _boxes(ax)}
    assert colours["1x1 conv, 16"] == colours["1x1 conv, 32"]
    assert colours["1x1 conv, 16"] != colours["5x5 conv, 32"]


@pytest.mark.parametrize("branches", [[], "conv", [[]], [["a"], "b"], [[1]]])
def test_rejects_bad_branches(branches):
    with pytest.raises(TypeError, match="non-empty list"):
        plot_branches(branches)
