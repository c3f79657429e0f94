"""coursetools/pageweight.py: the FontAwesome subset's code points."""

from __future__ import annotations

from coursetools import pageweight


def test_fontawesome_codepoints_reads_the_theme_rules():
    css = (
        '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
        '.fa-github:before{content:"\\f09b"}'
    )
    icons = pageweight.fontawesome_codepoints(css)
    assert icons == {"fa-bars": [0xF0C9], "fa-navicon": [0xF0C9], "fa-github": [0xF09B]}
    # Icons drawn by stylesheets: escapes and literal private-use characters.
    assert pageweight._codepoints('--x:"\\f05a";--y:"\uf0eb"') == [0xF05A, 0xF0EB]


def test_palette_png_keeps_a_plots_pixels_and_cuts_its_bytes():
    import io

    import numpy as np
    from matplotlib.figure import Figure
    from PIL import Image

    figure = Figure(figsize=(3, 2), dpi=80)
    axes = figure.add_subplot()
    axes.plot([0, 1, 2], [0, 2, 1], color="tab:blue")
    axes.scatter([0.5, 1.5], [1.5, 0.5], color="tab:orange")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    original = buffer.getvalue()
    smaller = pageweight.palette_png(original)
    assert len(smaller) < len(original)
    before = np.asarray(Image.open(io.BytesIO(original)).convert("RGBA"), float)
    after = np.asarray(Image.open(io.BytesIO(smaller)).convert("RGBA"), float)
    assert before.shape == after.shape
    # A plot has few colours: the palette reproduces it almost exactly.
    assert np.abs(before - after).mean() < 1.0
    assert np.abs(before - after).max() <= 64


def test_palette_png_leaves_a_palette_image_alone():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("P", (4, 4)).save(buffer, "PNG")
    assert pageweight.palette_png(buffer.getvalue()) == buffer.getvalue()
