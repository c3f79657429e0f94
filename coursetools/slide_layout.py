"""Lay a prepared notebook out as slides: sizes, fitting and slide breaks.

The second of the deck builder's three jobs (``coursetools.slide_cells``
prepares the cells, this module lays them out on 1280x720 slides,
``coursetools.slides`` exports the decks). Every size it uses is a field of
``SlideLayout`` (``LAYOUT``): px of the 1280x720 canvas unless the name says
otherwise. The template (``coursetools/slides_template``) sets the same body
size (30 px) and image height; the browser then shrinks what still overflows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coursetools.slide_meta import INTERACTIVE, slide_type, slides_meta


@dataclass(frozen=True)
class SlideLayout:
    """What fits on a 1280x720 slide, and how content is sized to fit."""

    body_px: float = 30.0  # body text
    body_line: float = 1.35  # its line height, in em
    body_chars: int = 70  # Latin letters on one line of body text
    heading_px: float = 70.0  # a heading with its margin
    code_px: float = 24.0  # code input
    code_line: float = 1.3
    output_em: float = 0.7  # text output, relative to the body
    output_line: float = 1.25
    output_lines: int = 15  # output lines set at full size
    output_chars: int = 90  # output letters on one line at full size
    input_chars: int = 78  # code letters on one line at full size
    min_input_scale: float = 0.7
    min_output_scale: float = 0.6  # below this an output scrolls instead
    scroll_lines: int = 14  # the scroll box's height, in output lines
    table_row_em: float = 0.8 * 1.6  # a table row, in body em
    table_rows: int = 9  # rows set at full size
    min_table_scale: float = 0.55
    # A figure as the estimate counts it (the template allows 520 px; the
    # browser's fitting shrinks it to 60% before text goes below 85%).
    figure_px: float = 360.0
    # What a slide holds (720 px less padding), with the slack the fitting gives.
    slide_budget: float = 900.0
    block_gap: float = 15.0  # between paragraphs / under code


LAYOUT = SlideLayout()

HANGUL = re.compile("[\uac00-\ud7a3\u3130-\u318f]")


def text_width(line: str, lang: str = "en") -> int:
    """A line's width in Latin letters. A Hangul syllable is about two
    letters wide in the slides' fonts: a Korean deck counts it twice (the
    English decks count their few Korean terms once).

    >>> text_width("합성곱 layer", "ko"), text_width("합성곱 layer")
    (12, 9)
    """
    wide = len(HANGUL.findall(line)) if lang == "ko" else 0
    return len(line) + wide


def fit_output(output, layout: SlideLayout = LAYOUT) -> None:
    """Give a long text output a smaller font, or a scroll box; tables scale."""
    style = ""
    text = None
    if output.output_type == "stream":
        text = output.text
    elif "text/html" in output.get("data", {}):
        html = output.data["text/html"]
        rows = html.count("<tr")
        if "<pre" in html and not rows:  # a console's HTML (Keras' summary)
            text = output.data.get("text/plain") or re.sub(r"<[^>]+>", "", html)
        elif rows > layout.table_rows:
            scale = max(layout.min_table_scale, layout.table_rows / rows)
            style = f"font-size: {scale:.2f}em"
    elif "text/plain" in output.get("data", {}) and not (
        {"image/png", "image/jpeg", "image/svg+xml"} & set(output.data)
    ):
        text = output.data["text/plain"]
    if text is not None:
        lines = text.rstrip("\n").splitlines() or [""]
        scale = min(
            1.0,
            layout.output_lines / len(lines),
            layout.output_chars / max(map(len, lines)),
        )
        if scale < layout.min_output_scale:
            # Too long to read at any size that fits: a scroll box, and long
            # lines wrap instead of running off the right edge.
            style = f"font-size: {layout.min_output_scale}em"
            output["course_class"] = "course-scroll"
        elif scale < 1:
            style = f"font-size: {scale:.2f}em"
    output["course_style"] = style
    output["course_height"] = output_height(output, text, style, layout)


def output_height(
    output, text: str | None, style: str, layout: SlideLayout = LAYOUT
) -> float:
    """About how tall an output is on the slide, in px."""
    data = output.get("data", {})
    if {"image/png", "image/jpeg", "image/svg+xml"} & set(data):
        return layout.figure_px
    scale = float(style.split(":")[1].strip()[:-2]) if style else 1.0
    line = layout.output_em * layout.body_px * scale
    if output.get("course_class") == "course-scroll":
        return layout.scroll_lines * line + 10
    if text is not None:
        lines = len(text.rstrip("\n").splitlines())
        return lines * line * layout.output_line + 10
    rows = data.get("text/html", "").count("<tr")
    return rows * layout.table_row_em * layout.body_px * scale + 20


def cell_height(cell, lang: str = "en", layout: SlideLayout = LAYOUT) -> float:
    """About how tall a shown cell is on a 1280x720 slide, in px. An
    interactive cell (``slide_meta.INTERACTIVE``) takes the whole slide."""
    if cell.metadata.get("course_layout") == INTERACTIVE:
        return layout.slide_budget
    if cell.cell_type == "markdown":
        height = 0.0
        for block in re.split(r"\n\s*\n", cell.source):
            if block.lstrip().startswith("#"):
                height += layout.heading_px
            elif block.lstrip().startswith("|"):
                height += block.count("\n") * layout.table_row_em * layout.body_px
            elif "![" in block:
                height += layout.figure_px
            elif block.strip():
                lines = sum(
                    -(-text_width(line, lang) // layout.body_chars)
                    for line in block.splitlines()
                )
                height += lines * layout.body_px * layout.body_line + layout.block_gap
        return height
    height = 0.0
    if not cell.metadata.get("transient", {}).get("remove_source"):
        lines = len(cell.source.splitlines())
        height += lines * layout.code_px * layout.code_line + layout.block_gap
    height += sum(output.get("course_height", 0) for output in cell.outputs)
    return height


def fit_input(cell, layout: SlideLayout = LAYOUT) -> None:
    """Code wider than the slide is set smaller (down to 70%), then wraps."""
    widest = max(map(len, cell.source.splitlines() or [""]))
    if widest > layout.input_chars:
        scale = max(layout.min_input_scale, layout.input_chars / widest)
        cell.metadata["course_input_style"] = f"font-size: {scale:.2f}em"


def fit_markdown(cell, layout: SlideLayout = LAYOUT) -> None:
    """A markdown table with many rows is set smaller."""
    rows = sum(line.lstrip().startswith("|") for line in cell.source.splitlines())
    if rows > layout.table_rows + 2:
        scale = max(layout.min_table_scale, (layout.table_rows + 2) / rows)
        cell.metadata["course_style"] = f"font-size: {scale:.2f}em"


def is_empty(cell) -> bool:
    """Nothing would be seen of this cell on a slide."""
    if cell.cell_type == "markdown":
        return not cell.source.strip()
    if cell.cell_type == "code":
        hidden = cell.metadata.get("transient", {}).get("remove_source")
        return (hidden or not cell.source.strip()) and not cell.outputs
    return True


def layout_slides(
    nb, lang: str = "en", continued: str = "", breaks: set[int] | None = None
) -> set[int]:
    """One flat row of slides; no empty slide; notes on each slide's first cell.

    Sub-slides become slides, so that the right arrow and the space bar visit
    every slide in order. A cell left empty (an ``exercise-end`` marker, say)
    hands its place as the start of a slide to the next shown cell. Speaker
    notes (``metadata.slides.notes``) of every cell of a slide are joined on
    the cell that starts it. Then full slides go on over a second one
    (``split_full_slides``; ``continued`` heads the continuation's notes).
    ``breaks``: cell indices where a slide must go on anyway (the other
    edition's; see ``split_full_slides``). Returns the continuations' indices.
    """
    pending_start = False
    start = None
    pending_notes: list[str] = []
    for cell in nb.cells:
        kind = slide_type(cell)
        notes = slides_meta(cell).get("notes")
        removed = cell.metadata.get("course_removed")
        if kind == "skip" or kind == "notes":
            if notes and not removed:
                (start.metadata["course_notes"] if start else pending_notes).append(
                    notes
                )
            continue
        if is_empty(cell):
            if kind in {"slide", "subslide"} or start is None:
                pending_start = True
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "skip"
            if notes:
                pending_notes.append(notes)
            continue
        if kind in {"slide", "subslide"} or pending_start or start is None:
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "slide"
            start = cell
            start.metadata["course_notes"] = pending_notes
            pending_notes = []
            pending_start = False
        if notes:
            start.metadata["course_notes"].append(notes)
    for cell in nb.cells:
        if "course_notes" in cell.metadata:
            cell.metadata["course_notes"] = "\n\n".join(cell.metadata["course_notes"])
    return split_full_slides(nb, lang, continued, breaks or set())


def split_full_slides(
    nb,
    lang: str = "en",
    continued: str = "",
    breaks: set[int] = frozenset(),  # type: ignore[assignment]
    layout: SlideLayout = LAYOUT,
) -> set[int]:
    """A slide whose cells would not fit goes on over a second slide.

    The estimate (``cell_height``) is rough; the browser then shrinks what
    still overflows. The continuation gets the first slide's notes. A cell in
    ``breaks`` starts a continuation too: the decks of both editions take
    the union of their breaks, so that they have the same slides one for one
    (a Korean line is wider than the English one, and breaks elsewhere).
    Returns the indices of the cells that start a continuation.
    """
    start, used = None, 0.0
    split: set[int] = set()
    for index, cell in enumerate(nb.cells):
        kind = slide_type(cell)
        if kind in {"skip", "notes"}:
            continue
        height = cell_height(cell, lang, layout)
        if kind == "slide":
            start, used = cell, height
            continue
        full = used > 0 and used + height > layout.slide_budget
        if start is not None and (full or index in breaks):
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "slide"
            notes = start.metadata.get("course_notes", "")
            cell.metadata["course_notes"] = (
                f"{continued}\n\n{notes}" if notes and continued else notes
            )
            cell.metadata["course_continued"] = True
            split.add(index)
            start, used = cell, height
            continue
        used += height
    return split
