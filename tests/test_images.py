"""The diagrams in images/ are drawn by hand: check their numbers by formula."""

import re
from pathlib import Path

import cnnlib
from cnnlib.shapes import small_cnn_specs

IMAGES = Path(__file__).resolve().parents[1] / "images"


def labels(svg: str, css_class: str) -> list[str]:
    return re.findall(rf'<text class="{css_class}"[^>]*>([^<]*)</text>', svg)


def test_small_cnn_diagram_matches_the_formulas():
    svg = (IMAGES / "small_cnn.svg").read_text(encoding="utf-8")
    rows = cnnlib.shape_table((28, 28, 1), small_cnn_specs())
    expected = [
        "x".join(map(str, s)) for s in [(28, 28, 1)] + [r.output_shape for r in rows]
    ]
    drawn = [label.replace("×", "x") for label in labels(svg, "shape")]
    assert drawn == expected
    total = sum(r.params for r in rows)
    assert f">{total:,}</text>" in svg
    # Block heights are 4 px per pixel of the map (input and feature maps).
    heights = [
        int(h) for h in re.findall(r'class="(?:img|map)"[^>]*height="(\d+)"', svg)
    ]
    sides = [28] + [r.output_shape[0] for r in rows if len(r.output_shape) == 3]
    assert heights == [4 * side for side in sides]


def test_every_image_has_a_title_for_screen_readers():
    for svg_path in IMAGES.glob("*.svg"):
        svg = svg_path.read_text(encoding="utf-8")
        assert "<title" in svg and 'role="img"' in svg, svg_path.name
