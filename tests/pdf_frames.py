"""Empty frames at the foot of a PDF page (issue 25).

A code cell prints as a frame (myst-nb draws its border and background on
``div.cell_input``) with the code inside. When the browser keeps the code
whole but not its frame, a page can end with the frame's top edge, empty,
while the code goes on to the next page. This module finds such pages in a
printed PDF: a filled box (not white, not black) that reaches the last
``FOOT`` points of the page's content area and holds no character and no
image. pdfplumber reads where boxes, characters and images fall on a page.

Used by ``tests/test_pdf_frames.py`` (the detector itself, on a page made to
fail) and ``tests/test_site_decks.py::test_book_pdf`` (both books: none).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

#: How close to the content area's foot a frame must reach (points).
FOOT = 40.0
#: Boxes narrower than this are rules, bullets or marks, not frames.
MIN_WIDTH = 150.0


@dataclass(frozen=True)
class EmptyFrame:
    page: int  # 1-based
    top: float  # points from the top of the page
    bottom: float
    colour: tuple


def _plain(colour) -> bool:
    """White, black or no colour: a page, a shadow, not a frame."""
    if not isinstance(colour, tuple) or len(colour) not in (1, 3):
        return True
    return all(c == 0 for c in colour) or all(c == 1 for c in colour)


def _content_foot(page) -> float:
    """The bottom of the page's content area: the lowest edge of its white
    page box if Chromium drew one, else the page's height."""
    whites = [
        r["bottom"]
        for r in page.rects
        if r.get("fill")
        and isinstance(r["non_stroking_color"], tuple)
        and len(r["non_stroking_color"]) in (1, 3)
        and all(c == 1 for c in r["non_stroking_color"])
        and r["width"] > page.width / 2
    ]
    return max(whites) if whites else float(page.height)


def empty_frames(pdf: Path, foot: float = FOOT) -> list[EmptyFrame]:
    """Every box at a page's foot with nothing in it, over the whole PDF."""
    import pdfplumber

    # pdfminer warns about every subset font without a FontBBox (harmless).
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    found = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            bottom_edge = _content_foot(page)
            boxes: dict[tuple[int, int], list[dict]] = {}
            for rect in page.rects:
                if (
                    rect.get("fill")
                    and rect["width"] >= MIN_WIDTH
                    and not _plain(rect["non_stroking_color"])
                    and rect["bottom"] <= bottom_edge + 1
                ):
                    key = (round(rect["x0"]), round(rect["top"]))
                    boxes.setdefault(key, []).append(rect)
            for (x0, top), rects in boxes.items():
                bottom = max(r["bottom"] for r in rects)
                x1 = max(r["x1"] for r in rects)
                if bottom < bottom_edge - foot or bottom - top < 2:
                    continue

                def inside(obj, x0=x0, top=top, x1=x1, bottom=bottom) -> bool:
                    return (
                        obj["top"] >= top - 1
                        and obj["bottom"] <= bottom + 1
                        and obj["x0"] >= x0 - 1
                        and obj["x1"] <= x1 + 1
                    )

                if any(map(inside, page.chars)) or any(map(inside, page.images)):
                    continue
                found.append(
                    EmptyFrame(number, top, bottom, rects[0]["non_stroking_color"])
                )
    return found
