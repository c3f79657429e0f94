"""Prepare a chapter notebook's cells for its deck: what each slide shows.

The first of the deck builder's three jobs (this module; then
``coursetools.slide_layout`` lays the cells out on slides, and
``coursetools.slides`` exports the decks). The rules (CONTRIBUTING.md,
"Slides"):

* a slide is written for the screen, beside the prose it summarises: a
  cell's ``metadata.slides.title`` is the title of the slide it is on (the
  slide's point, as a sentence or a phrase), ``metadata.slides.text``
  replaces a markdown cell's prose on the slide (a few short bullets, a
  formula; ``""`` for nothing but the title) and sends that prose to the
  speaker notes, before the cell's
  ``metadata.slides.notes`` (what the instructor adds); all three go
  through the Korean catalogues (``coursetools.i18n``);
* with a title, a markdown cell's own leading heading is left out (the
  title replaces it);
* code inputs longer than ``MAX_INPUT_LINES`` lines are hidden (the output
  stays); ``metadata.slides.input`` (``"show"`` or ``"hide"``) or the tags
  ``slides-show-input`` / ``slides-hide-input`` decide yourself (code goes
  on a slide only when the code is the point); ``metadata.slides.output``
  ``"hide"`` or the tag ``slides-hide-output`` hides its outputs;
* stderr output is left out; cells tagged ``remove-cell`` are skipped,
  ``remove-input`` / ``remove-output`` hide as in the book;
* solutions (``{solution}`` blocks and the cells between ``solution-start``
  and ``solution-end``) are left out; exercises keep their statement (or
  its ``slides.text``), with the label in the deck's language (``LABELS``);
* MyST markup that plain Markdown does not know is simplified by
  ``coursetools.myst`` (roles keep their text, labels go, admonitions
  become a bold lead-in, figures become images embedded in the page);
* an interactive cell (``metadata.slides.layout: "interactive"``, such as
  Chapter 3's convolution explorer) shows its widget live: from its first
  raw HTML block on (the widget's element, scripts and styles, and what
  the widget reads after them, such as the explorer's list of labels),
  given the slide's whole body (``course_layout``; the widget's own
  stylesheet sizes it for the slide); its heading and prose before the
  widget stay in the book, and its notes are its ``slides.notes`` alone.
"""

from __future__ import annotations

import copy
import re

from nbconvert.filters.markdown_mistune import markdown2html_mistune

from coursetools.myst import LABELS, SlideState, slides_markdown
from coursetools.slide_layout import fit_input, fit_markdown, fit_output
from coursetools.slide_meta import INTERACTIVE, slide_type, slides_meta

MAX_INPUT_LINES = 4

HEADING = re.compile(r"\A\s*#{1,6} [^\n]*\n*")


def simplify_myst(source: str, state: SlideState | None = None) -> str:
    """A markdown cell's MyST as a slide shows it (``coursetools.myst``)."""
    return slides_markdown(source, state, caption=caption_html)


def caption_html(markdown: str) -> str:
    """A figure's caption as one HTML block (Markdown inside HTML stays raw)."""
    html = markdown2html_mistune(simplify_myst(markdown)).replace("\n", " ")
    return f'<div class="course-caption">{html.strip()}</div>'


def merge_streams(outputs) -> list:
    """Join consecutive stdout chunks into one output (one block on the slide).

    The kernel splits printed text into chunks as it flushes; shown one block
    per chunk, a training log gets gaps between its lines.
    """
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def prepare_cells(nb, lang: str = "en"):
    """A copy of ``nb`` with what the slides should show (see module doc);
    ``lang``: the deck's language (``LABELS``). Slide breaks are not
    decided yet (``coursetools.slide_layout``)."""

    nb = copy.deepcopy(nb)
    labels = LABELS.get(lang, {})
    state = SlideState(labels)
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        was_in_solution = state.in_solution
        title = slides_meta(cell).get("title")
        if title and not was_in_solution:
            cell.metadata["course_title_source"] = simplify_myst(title).strip()
        if cell.cell_type == "markdown":
            full = simplify_myst(cell.source, state)  # updates the state
            text = slides_meta(cell).get("text")
            if slides_meta(cell).get("layout") == INTERACTIVE:
                if text is not None:
                    raise ValueError(
                        f"cell {cell.get('id')}: an interactive slide shows its "
                        "widget, not a slides.text"
                    )
                full = interactive_part(full, cell.get("id", ""))
                cell.metadata["course_layout"] = INTERACTIVE
            if text is not None and not was_in_solution:
                book_to_notes(cell, full)
                lead = f"**{state.label('Exercise')}.**"
                exercise = full.lstrip().startswith(lead)
                full = simplify_myst(text, SlideState(labels))
                if exercise and not full.lstrip().startswith(lead):
                    full = f"{lead} {full.lstrip()}"
            if title:
                full = HEADING.sub("", full)
            cell.source = full
        hidden = (
            (was_in_solution and state.in_solution)
            or (cell.cell_type == "code" and (state.in_solution or state.in_exercise))
            or "remove-cell" in tags
        )
        if hidden:
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "skip"
            cell.metadata["course_removed"] = True
        if slide_type(cell) == "skip":
            continue
        if cell.cell_type == "code":
            long_input = len(cell.source.strip().splitlines()) > MAX_INPUT_LINES
            shown = slides_meta(cell).get("input")  # "show", "hide" or none
            hide_input = (
                "slides-hide-input" in tags
                or "remove-input" in tags
                or shown == "hide"
                or (long_input and "slides-show-input" not in tags and shown != "show")
            )
            if hide_input:
                cell.metadata.transient = {"remove_source": True}
            else:
                fit_input(cell)
            hide_output = slides_meta(cell).get("output") == "hide"
            if {"slides-hide-output", "remove-output"} & tags or hide_output:
                cell.outputs = []
            cell.outputs = merge_streams(
                output
                for output in cell.outputs
                if not (output.output_type == "stream" and output.name == "stderr")
            )
            for output in cell.outputs:
                fit_output(output)
            caption = cell.metadata.get("mystnb", {}).get("figure", {}).get("caption")
            if caption:
                cell.metadata["course_caption"] = caption_html(caption)
        else:
            fit_markdown(cell)
    return nb


def interactive_part(markdown: str, cell_id: str = "") -> str:
    """What an interactive cell's slide shows: its Markdown from the first
    raw HTML block (a paragraph that starts with a tag) to its end.

    >>> interactive_part("## Try\\n\\nProse.\\n\\n<div data-x></div>\\n\\n- `a`: A")
    '<div data-x></div>\\n\\n- `a`: A'
    """
    blocks = re.split(r"\n\s*\n", markdown.strip())
    for index, block in enumerate(blocks):
        if block.lstrip().startswith("<"):
            return "\n\n".join(blocks[index:])
    raise ValueError(f"cell {cell_id}: an interactive cell has no HTML block")


def book_to_notes(cell, book: str) -> None:
    """The book's prose of a cell whose slide shows its ``slides.text``
    instead goes to the speaker notes, before the instructor's own notes."""
    if not book.strip():
        return
    meta = cell.metadata.setdefault("slides", {})
    notes = meta.get("notes", "")
    meta["notes"] = f"{book.strip()}\n\n{notes}" if notes else book.strip()


def place_titles(nb) -> None:
    """Each slide's title on the cell that starts it (``course_title``): the
    first title given on any of its cells, or on an empty cell just before
    it (a heading-only cell whose heading the title replaced); a
    continuation keeps the title of the slide it continues."""
    start, previous, pending = None, "", ""
    for cell in nb.cells:
        kind = slide_type(cell)
        title = cell.metadata.get("course_title_source")
        if kind in {"skip", "notes"}:
            if title and not cell.metadata.get("course_removed"):
                pending = pending or title
            continue
        if kind == "slide":
            start = cell
            if cell.metadata.get("course_continued") and previous:
                cell.metadata["course_title"] = previous
            elif pending:
                cell.metadata["course_title"] = pending
            pending = ""
        if title and start is not None and not start.metadata.get("course_title"):
            start.metadata["course_title"] = title
        if start is not None:
            previous = start.metadata.get("course_title", "")


def deck_title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback
