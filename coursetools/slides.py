"""Build one reveal.js deck per chapter notebook into ``_build/html/slides/``.

The decks come from the same notebooks as the book, through nbconvert's
``SlidesExporter`` with the template in ``coursetools/slides_template/``. Each
cell's ``metadata.slideshow.slide_type`` decides where it goes (``slide``,
``subslide``, ``fragment``, ``-``, ``notes``, ``skip``). What the slides show
differs from the book (CONTRIBUTING.md, "Slides"):

* code inputs longer than ``MAX_INPUT_LINES`` lines are hidden (the output
  stays); tag a cell ``slides-show-input`` or ``slides-hide-input`` to
  decide yourself; ``slides-hide-output`` hides its outputs;
* stderr output is left out; cells tagged ``remove-cell`` are skipped,
  ``remove-input`` / ``remove-output`` hide as in the book;
* solutions (``{solution}`` blocks and the cells between ``solution-start``
  and ``solution-end``) are left out; exercises keep their statement;
* MyST markup that plain Markdown does not know is simplified by
  ``coursetools.myst`` (roles keep their text, labels go, admonitions
  become a bold lead-in, figures become images embedded in the page).

Every script, stylesheet and font comes from the built site
(``_build/html/_static/vendor/``, copied from ``assets/vendor/``), so the
decks work offline and opened from disk. Run ``python -m coursetools.slides``
(``make slides``) after ``jupyter-book build .``; it also works alone.
``--html`` and ``--out`` choose the site and the decks' folder, and
``build_deck(..., text_map=...)`` maps every markdown cell, caption, alt
text and speaker note first (an edition in another language passes its
translator). ``--lang ko`` builds the Korean decks into
``_build/html/ko/slides/``: the text through ``coursetools.i18n.text_map``,
the deck's own words (``WORDS``) in Korean, ``<html lang="ko">``, and a
Hangul syllable counted two letters wide when a slide's height is estimated.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbconvert.exporters import SlidesExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from coursetools import ROOT, browser, toc
from coursetools.myst import SlideState, slides_markdown

TEMPLATE_DIR = Path(__file__).resolve().parent / "slides_template"
HTML = ROOT / "_build" / "html"
VENDOR = ROOT / "assets" / "vendor"

MAX_INPUT_LINES = 4
REVEAL_THEME = "serif"  # the only reveal.js theme that imports no web font


def slide_type(cell) -> str:
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def simplify_myst(source: str, state: SlideState | None = None) -> str:
    """A markdown cell's MyST as a slide shows it (``coursetools.myst``)."""
    return slides_markdown(source, state, caption=caption_html)


def caption_html(markdown: str) -> str:
    """A figure's caption as one HTML block (Markdown inside HTML stays raw)."""
    html = markdown2html_mistune(simplify_myst(markdown)).replace("\n", " ")
    return f'<div class="course-caption">{html.strip()}</div>'


def slides_meta(cell) -> dict:
    return cell.metadata.get("slides", {}) or {}


def is_empty(cell) -> bool:
    """Nothing would be seen of this cell on a slide."""
    if cell.cell_type == "markdown":
        return not cell.source.strip()
    if cell.cell_type == "code":
        hidden = cell.metadata.get("transient", {}).get("remove_source")
        return (hidden or not cell.source.strip()) and not cell.outputs
    return True


def prepare_for_slides(nb, lang: str = "en"):
    """A copy of ``nb`` with what the slides should show (see module doc);
    ``lang``: the deck's language (``WORDS``)."""
    nb = copy.deepcopy(nb)
    state = SlideState()
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        was_in_solution = state.in_solution
        if cell.cell_type == "markdown":
            full = simplify_myst(cell.source, state)  # updates the state
            text = slides_meta(cell).get("text")
            if text and not was_in_solution:
                full = simplify_myst(text, SlideState())
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
            hide_input = (
                "slides-hide-input" in tags
                or "remove-input" in tags
                or (long_input and "slides-show-input" not in tags)
            )
            if hide_input:
                cell.metadata.transient = {"remove_source": True}
            else:
                fit_input(cell)
            if {"slides-hide-output", "remove-output"} & tags:
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
    layout_slides(nb, lang)
    return nb


def layout_slides(nb, lang: str = "en") -> None:
    """One flat row of slides; no empty slide; notes on each slide's first cell.

    Sub-slides become slides, so that the right arrow and the space bar visit
    every slide in order. A cell left empty (an ``exercise-end`` marker, say)
    hands its place as the start of a slide to the next shown cell. Speaker
    notes (``metadata.slides.notes``) of every cell of a slide are joined on
    the cell that starts it.
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
    split_full_slides(nb, lang)


def split_full_slides(nb, lang: str = "en") -> None:
    """A slide whose cells would not fit goes on over a second slide.

    The estimate (``cell_height``) is rough; the browser then shrinks what
    still overflows. The continuation gets the first slide's notes.
    """
    start, used = None, 0.0
    for cell in nb.cells:
        kind = slide_type(cell)
        if kind in {"skip", "notes"}:
            continue
        height = cell_height(cell, lang)
        if kind == "slide":
            start, used = cell, height
            continue
        if start is not None and used > 0 and used + height > SLIDE_BUDGET:
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "slide"
            notes = start.metadata.get("course_notes", "")
            cell.metadata["course_notes"] = (
                f"{WORDS[lang]['continued']}\n\n{notes}" if notes else ""
            )
            cell.metadata["course_continued"] = True
            start, used = cell, height
            continue
        used += height


# What fits on a 1280x720 slide, in lines of 30-px body text and of output
# text (0.7 em): the builder sizes each kind of content from these.
OUTPUT_LINES = 15
# A figure: 520 px at most, and the fitting shrinks it to 60% before
# anything else goes below 85%.
FIGURE_HEIGHT = 360
# What a slide holds (720 px less padding), with the slack the fitting gives.
SLIDE_BUDGET = 900
OUTPUT_CHARS = 90
INPUT_CHARS = 78
MIN_OUTPUT_SCALE = 0.6
TABLE_ROWS = 9
MIN_TABLE_SCALE = 0.55


def fit_output(output) -> None:
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
        elif rows > TABLE_ROWS:
            scale = max(MIN_TABLE_SCALE, TABLE_ROWS / rows)
            style = f"font-size: {scale:.2f}em"
    elif "text/plain" in output.get("data", {}) and not (
        {"image/png", "image/jpeg", "image/svg+xml"} & set(output.data)
    ):
        text = output.data["text/plain"]
    if text is not None:
        lines = text.rstrip("\n").splitlines() or [""]
        scale = min(1.0, OUTPUT_LINES / len(lines), OUTPUT_CHARS / max(map(len, lines)))
        if scale < MIN_OUTPUT_SCALE:
            # Too long to read at any size that fits: a scroll box, and long
            # lines wrap instead of running off the right edge.
            style = f"font-size: {MIN_OUTPUT_SCALE}em"
            output["course_class"] = "course-scroll"
        elif scale < 1:
            style = f"font-size: {scale:.2f}em"
    output["course_style"] = style
    output["course_height"] = output_height(output, text, style)


def output_height(output, text: str | None, style: str) -> float:
    """About how tall an output is on the slide, in px."""
    data = output.get("data", {})
    if {"image/png", "image/jpeg", "image/svg+xml"} & set(data):
        return FIGURE_HEIGHT
    scale = float(style.split(":")[1].strip()[:-2]) if style else 1.0
    if output.get("course_class") == "course-scroll":
        return 14 * 0.7 * 30 * scale + 10
    if text is not None:
        lines = len(text.rstrip("\n").splitlines())
        return lines * 0.7 * 30 * 1.25 * scale + 10
    rows = data.get("text/html", "").count("<tr")
    return rows * 0.8 * 30 * 1.6 * scale + 20


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


def cell_height(cell, lang: str = "en") -> float:
    """About how tall a shown cell is on a 1280x720 slide, in px."""
    if cell.cell_type == "markdown":
        height = 0.0
        for block in re.split(r"\n\s*\n", cell.source):
            if block.lstrip().startswith("#"):
                height += 70
            elif block.lstrip().startswith("|"):
                height += block.count("\n") * 0.8 * 30 * 1.6
            elif "![" in block:
                height += FIGURE_HEIGHT
            elif block.strip():
                lines = sum(
                    -(-text_width(line, lang) // 70) for line in block.splitlines()
                )
                height += lines * 30 * 1.35 + 15
        return height
    height = 0.0
    if not cell.metadata.get("transient", {}).get("remove_source"):
        height += len(cell.source.splitlines()) * 24 * 1.3 + 15
    height += sum(output.get("course_height", 0) for output in cell.outputs)
    return height


def fit_input(cell) -> None:
    """Code wider than the slide is set smaller (down to 70%), then wraps."""
    widest = max(map(len, cell.source.splitlines() or [""]))
    if widest > INPUT_CHARS:
        scale = max(0.7, INPUT_CHARS / widest)
        cell.metadata["course_input_style"] = f"font-size: {scale:.2f}em"


def fit_markdown(cell) -> None:
    """A markdown table with many rows is set smaller."""
    rows = sum(line.lstrip().startswith("|") for line in cell.source.splitlines())
    if rows > TABLE_ROWS + 2:
        scale = max(MIN_TABLE_SCALE, (TABLE_ROWS + 2) / rows)
        cell.metadata["course_style"] = f"font-size: {scale:.2f}em"


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


def deck_title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def install_vendor(html_dir: Path) -> None:
    """Make sure the built site serves the vendored assets the decks use."""
    target = html_dir / "_static" / "vendor"
    shutil.copytree(VENDOR, target, dirs_exist_ok=True)
    favicon = ROOT / "assets" / "favicon.svg"
    shutil.copyfile(favicon, html_dir / "_static" / favicon.name)


def deck_summary(slides_nb) -> dict:
    """Slides and slides with speaker notes, as the deck will have them."""
    starts = [
        cell
        for cell in slides_nb.cells
        if slide_type(cell) not in {"skip", "notes"}
        and (slide_type(cell) == "slide" or "course_notes" in cell.metadata)
    ]
    return {
        "slides": len(starts),
        "notes": sum(bool(cell.metadata.get("course_notes")) for cell in starts),
    }


def map_text(nb, text_map: Callable[[str], str]):
    """A copy of ``nb`` with ``text_map`` applied to every markdown cell, to
    the figures' captions and alt text (``metadata.mystnb``) and to the
    speaker notes and slide text (``metadata.slides``)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = text_map(cell.source)
        mystnb = cell.metadata.get("mystnb") or {}
        for section, key in (("figure", "caption"), ("image", "alt")):
            meta = mystnb.get(section) or {}
            if meta.get(key):
                meta[key] = text_map(meta[key])
        meta = cell.metadata.get("slides") or {}
        for key in ("notes", "text"):
            if meta.get(key):
                meta[key] = text_map(meta[key])
    return nb


# The decks' own words, per language: the continuation note, the link back
# to the chapter (text, title), the instructors page's table of decks.
WORDS = {
    "en": {
        "continued": "(Continued from the previous slide.)",
        "back": "chapter page",
        "back_title": "The chapter page this deck comes from",
        "header": "| Chapter | Deck | Handout | Slides | Time in class |",
        "minutes": "{} min",
        "summary": (
            "{slides} slides in all, about {hours} h {minutes:02d} min in class: "
            "{per_slide:g} minutes per slide plus {exercises} minutes for each "
            "chapter's two in-class exercises, rounded up to 5 minutes (computed "
            "by `coursetools/slides.py` from the decks themselves)."
        ),
    },
    "ko": {
        "continued": "(앞 슬라이드에서 이어짐)",
        "back": "장 페이지",
        "back_title": "이 슬라이드의 원래 장 페이지",
        "header": "| 장 | 슬라이드 덱 | 유인물 | 슬라이드 수 | 수업 시간 |",
        "minutes": "{}분",
        "summary": (
            "슬라이드는 모두 {slides}장이며, 수업 시간으로는 약 {hours}시간 "
            "{minutes:02d}분입니다. 슬라이드당 {per_slide:g}분에 각 장의 수업 중 "
            "연습 문제 두 개에 {exercises}분을 더하고 5분 단위로 올림한 값입니다"
            "(`coursetools/slides.py`가 덱에서 직접 계산합니다)."
        ),
    },
}


def translator(stem: str, lang: str) -> Callable[[str], str] | None:
    """The ``text_map`` of chapter ``stem`` in ``lang`` (none for English):
    the catalogues' translation (``coursetools.i18n``)."""
    if lang == "en":
        return None
    from coursetools import i18n

    return i18n.text_map(stem)


def build_deck(
    notebook: Path,
    out_dir: Path,
    text_map: Callable[[str], str] | None = None,
    chapter_url: str | None = None,
    lang: str = "en",
) -> tuple[Path, dict]:
    """Write ``out_dir/<notebook stem>.html``; returns it and its summary.

    ``text_map`` maps the markdown and the notes first (a translator);
    ``lang`` is the deck's language (its own words, ``<html lang>``);
    ``chapter_url`` is the chapter page's URL relative to the deck (by
    default ``../chapters/<stem>.html``). The deck loads the site's
    ``_static/`` from ``out_dir/..``.
    """
    nb = nbformat.read(notebook, as_version=4)
    if text_map is not None:
        nb = map_text(nb, text_map)
    slides_nb = prepare_for_slides(nb, lang)
    slides_nb.metadata["title"] = deck_title(nb, notebook.stem)
    exporter = SlidesExporter(
        extra_template_basedirs=[str(TEMPLATE_DIR.parent)],
        template_name=TEMPLATE_DIR.name,
        reveal_url_prefix="../_static/vendor/reveal.js",
        reveal_theme=REVEAL_THEME,
        reveal_transition="none",
        reveal_number="c/t",
        embed_images=True,
        language_code=lang,
    )
    resources = {
        "metadata": {"name": notebook.stem, "path": str(notebook.parent)},
        "course": {
            "vendor_url": "../_static/vendor",
            "static_url": "../_static",
            "chapter_url": chapter_url or f"../chapters/{notebook.stem}.html",
            "back": WORDS[lang]["back"],
            "back_title": WORDS[lang]["back_title"],
        },
    }
    body, _ = exporter.from_notebook_node(slides_nb, resources=resources)
    out_dir.mkdir(parents=True, exist_ok=True)
    deck = out_dir / f"{notebook.stem}.html"
    deck.write_text(body, encoding="utf-8")
    summary = {"title": slides_nb.metadata["title"], **deck_summary(slides_nb)}
    return deck, summary


# Minutes in class: this much per slide, plus the two in-class exercises of
# each chapter (instructors.md, "Exercises for class").
MINUTES_PER_SLIDE = 1.5
EXERCISE_MINUTES = 20


def class_minutes(slides: int) -> int:
    """A deck's time in class, rounded up to 5 minutes."""
    minutes = slides * MINUTES_PER_SLIDE + EXERCISE_MINUTES
    return int(-(-minutes // 5) * 5)


def notebook_summary(notebook: Path, lang: str = "en") -> dict:
    """Title, slides and slides with notes of a notebook's deck (no export);
    ``lang``: of its deck in that language."""
    nb = nbformat.read(notebook, as_version=4)
    text_map = translator(notebook.stem, lang)
    if text_map is not None:
        nb = map_text(nb, text_map)
    return {
        "title": deck_title(nb, notebook.stem),
        **deck_summary(prepare_for_slides(nb, lang)),
    }


def deck_table(notebooks: list[Path], lang: str = "en") -> list[str]:
    """The instructors page's table of decks, as Markdown lines.

    Used by ``_ext/course_decks.py`` (the ``{course-decks}`` directive), so
    the slide counts and times are the decks' own. ``lang="ko"``: the Korean
    decks' counts, in Korean (the table is not in the catalogues: its
    numbers change with every deck).
    """
    words = WORDS[lang]
    lines = [words["header"], "|---|---|---|---:|---:|"]
    total_slides = total_minutes = 0
    for number, notebook in enumerate(notebooks, start=1):
        summary = notebook_summary(notebook, lang)
        minutes = class_minutes(summary["slides"])
        total_slides += summary["slides"]
        total_minutes += minutes
        stem = notebook.stem
        lines.append(
            f"| {number}. {{doc}}`chapters/{stem}` "
            f'| <a href="slides/{stem}.html">{summary["title"]}</a> '
            f'| <a href="slides/{stem}.pdf">PDF</a> '
            f"| {summary['slides']} | {words['minutes'].format(minutes)} |"
        )
    hours, minutes = divmod(total_minutes, 60)
    summary_line = words["summary"].format(
        slides=total_slides,
        hours=hours,
        minutes=minutes,
        per_slide=MINUTES_PER_SLIDE,
        exercises=EXERCISE_MINUTES,
    )
    return [*lines, "", summary_line]


def print_handouts(decks: list[Path]) -> dict[str, int]:
    """Print each deck (``?print-pdf``) to ``NN_topic.pdf`` beside it.

    Debian's chromium through Playwright (``coursetools.browser``): the same
    browser the tests use. The decks are served from the site that holds
    their folder. Returns the page count of each PDF.
    """
    from playwright.sync_api import sync_playwright

    html_dir = decks[0].parent.parent
    pages = {}
    with browser.served(html_dir) as url, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        page = chromium.new_page(viewport={"width": 1280, "height": 720})
        for deck in decks:
            path = deck.relative_to(html_dir).as_posix()
            page.goto(f"{url}/{path}?print-pdf", wait_until="load")
            page.wait_for_selector("html.course-pdf-ready", state="attached")
            page.evaluate("() => document.fonts.ready")
            pdf = deck.with_suffix(".pdf")
            page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
            pages[deck.stem] = browser.pdf_pages(pdf)
        chromium.close()
    return pages


def build_decks(
    notebooks: list[Path],
    html: Path,
    out_dir: Path,
    pdf: bool = True,
    text_map: Callable[[str], str] | None = None,
    lang: str = "en",
) -> dict[str, dict]:
    """Every deck into ``out_dir`` (inside the site ``html``), the handouts
    beside them (with chromium), and ``decks.json``; returns the summary.
    ``text_map`` maps every deck's text; by default, with ``lang`` other
    than English, each chapter's translator (``translator``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    install_vendor(html)
    decks, summary = [], {}
    for notebook in notebooks:
        deck, summary[notebook.stem] = build_deck(
            notebook,
            out_dir,
            text_map or translator(notebook.stem, lang),
            lang=lang,
        )
        decks.append(deck)
        shown = deck.relative_to(ROOT) if deck.is_relative_to(ROOT) else deck
        print(
            f"slides: {shown}: {summary[notebook.stem]['slides']} slides, "
            f"{summary[notebook.stem]['notes']} with notes"
        )
    missing = browser.chromium_missing()
    if pdf and not missing:
        for stem, count in print_handouts(decks).items():
            summary[stem]["handout_pages"] = count
            print(f"handout: {out_dir.name}/{stem}.pdf: {count} pages")
    elif pdf:
        print(f"handouts: {missing}; no PDFs written", file=sys.stderr)
    for entry in summary.values():
        entry["minutes"] = class_minutes(entry["slides"])
    (out_dir / "decks.json").write_text(json.dumps(summary, indent=1) + "\n")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help="default: the chapters of _toc.yml"
    )
    parser.add_argument(
        "--html", type=Path, help="the built site (default: _build/html[/LANG])"
    )
    parser.add_argument(
        "--out", type=Path, help="the decks' folder (default: HTML/slides)"
    )
    parser.add_argument(
        "--no-pdf", action="store_true", help="skip the handout PDFs (no chromium)"
    )
    parser.add_argument(
        "--lang",
        default="en",
        choices=sorted(WORDS),
        help="the decks' language (ko: from locales/ko, into _build/html/ko)",
    )
    args = parser.parse_args(argv)
    notebooks = args.notebooks or toc.chapter_notebooks()
    html = args.html or (HTML if args.lang == "en" else HTML / args.lang)
    build_decks(
        notebooks, html, args.out or html / "slides", not args.no_pdf, lang=args.lang
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
