"""What a notebook cell's metadata says about its slide (one job: read it).

``slide_cells`` (what a cell shows), ``slide_layout`` (where it goes) and
``slides`` (the export) all read the same few keys; they take them from
here, so that neither of the first two imports the other's internals.
"""

from __future__ import annotations

#: ``metadata.slides.layout`` of a cell that holds a live widget (the
#: Chapter 3 explorer): it takes the whole slide body.
INTERACTIVE = "interactive"


def slide_type(cell) -> str:
    """``metadata.slideshow.slide_type``: slide, subslide, fragment, skip or -."""
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def slides_meta(cell) -> dict:
    """``metadata.slides``: title, text, notes, layout, input, output."""
    return cell.metadata.get("slides", {}) or {}
