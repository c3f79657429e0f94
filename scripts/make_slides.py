"""Build one reveal.js deck per chapter notebook into ``_build/html/slides/``.

The decks come from the same notebooks as the book, through nbconvert's
``SlidesExporter`` with the template in ``scripts/slides_template/``. Each
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
* MyST markup that plain Markdown does not know is simplified (roles keep
  their text, labels go, admonitions become a bold lead-in, figures become
  images embedded in the page).

Every script, stylesheet and font comes from the built site
(``_build/html/_static/vendor/``, copied from ``assets/vendor/``), so the
decks work offline and opened from disk. Run ``python scripts/make_slides.py``
(``make slides``) after ``jupyter-book build .``; it also works alone.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert.exporters import SlidesExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = Path(__file__).resolve().parent / "slides_template"
CHAPTERS = ROOT / "chapters"
HTML = ROOT / "_build" / "html"
VENDOR = ROOT / "assets" / "vendor"

MAX_INPUT_LINES = 4
REVEAL_THEME = "serif"  # the only reveal.js theme that imports no web font

ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<text>[^`]*)`")
LABEL = re.compile(r"^\(\s*[\w:.-]+\s*\)=\s*$", re.MULTILINE)
FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}(?P<arg>.*)$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
ADMONITIONS = {
    "note": "Note",
    "tip": "Tip",
    "hint": "Hint",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
    "attention": "Attention",
    "seealso": "See also",
}


def slide_type(cell) -> str:
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def _role_text(match: re.Match) -> str:
    name, text = match["name"], match["text"]
    if name == "math":
        return f"${text}$"
    if "<" in text and text.endswith(">"):
        text = text[: text.index("<")].strip()
    elif name in {"doc", "ref", "numref", "eq", "term"}:
        text = text.split("/")[-1].replace("-", " ")
    return f"`{text}`" if name in {"code", "samp", "kbd"} else text


HINT_TITLE = re.compile(r"^\s*hint", re.IGNORECASE)


class SlideState:
    """What the cells before this one opened: an exercise, a solution."""

    def __init__(self):
        self.in_solution = False
        self.in_exercise = False


def _render_directive(
    name: str, arg: str, options: dict, body: str, state: SlideState
) -> str:
    """Plain Markdown for one MyST directive (empty: leave it out)."""
    if name == "solution-start":
        state.in_solution = True
        return ""
    if name == "solution-end":
        state.in_solution = False
        return ""
    if state.in_solution or name in {"solution", "hint"}:
        return ""
    if name == "exercise-end":
        state.in_exercise = False
        return ""
    if name == "exercise-start":
        state.in_exercise = True
        return f"**Exercise.** {body}".strip()
    if name == "exercise":
        return f"**Exercise.** {body}".strip()
    if name in {"math"}:
        return f"$$\n{body}\n$$"
    if name in {"figure", "image"}:
        alt = options.get("alt") or body.strip() or "figure"
        caption = (
            f"\n\n{caption_html(body)}" if name == "figure" and body.strip() else ""
        )
        return f"![{alt}]({arg.strip()}){caption}"
    if name == "admonition" and HINT_TITLE.match(arg):
        return ""
    if name in ADMONITIONS or name == "admonition":
        title = arg.strip() if name == "admonition" else ADMONITIONS[name]
        return f"**{title}.** {body}"
    if name in {"code-cell", "code-block", "code"}:
        return f"```{arg.strip()}\n{body}\n```"
    return body


def simplify_myst(source: str, state: SlideState | None = None) -> str:
    """Turn the MyST markup of a markdown cell into plain Markdown.

    ``state`` carries what earlier cells opened: the lines between a
    ``solution-start`` and its ``solution-end`` are left out wherever the
    two markers sit (one cell may close an exercise and open its solution).
    """
    state = state if state is not None else SlideState()
    source = LABEL.sub("", source)
    lines = source.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = FENCE_OPEN.match(lines[i].strip())
        if not match:
            if not state.in_solution:
                out.append(lines[i])
            i += 1
            continue
        fence, name, arg = match["fence"], match["name"], match["arg"]
        i += 1
        options: dict[str, str] = {}
        while i < len(lines) and OPTION.match(lines[i].strip()):
            option = OPTION.match(lines[i].strip())
            options[option["key"]] = option["value"]
            i += 1
        body: list[str] = []
        depth = 0
        while i < len(lines):
            stripped = lines[i].strip()
            if FENCE_OPEN.match(stripped) and stripped.startswith(fence[0]):
                depth += 1
            elif stripped == fence or (
                stripped and set(stripped) == {fence[0]} and len(stripped) >= 3
            ):
                if depth == 0:
                    i += 1
                    break
                depth -= 1
            body.append(lines[i])
            i += 1
        inner = simplify_myst("\n".join(body)).strip()
        out.append(_render_directive(name, arg, options, inner, state))
    text = ROLE.sub(_role_text, "\n".join(out)).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


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


def prepare_for_slides(nb):
    """A copy of ``nb`` with what the slides should show (see module doc)."""
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
    layout_slides(nb)
    return nb


def layout_slides(nb) -> None:
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
    split_full_slides(nb)


def split_full_slides(nb) -> None:
    """A slide whose cells would not fit goes on over a second slide.

    The estimate (``cell_height``) is rough; the browser then shrinks what
    still overflows. The continuation gets the first slide's notes.
    """
    start, used = None, 0.0
    for cell in nb.cells:
        kind = slide_type(cell)
        if kind in {"skip", "notes"}:
            continue
        height = cell_height(cell)
        if kind == "slide":
            start, used = cell, height
            continue
        if start is not None and used > 0 and used + height > SLIDE_BUDGET:
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "slide"
            notes = start.metadata.get("course_notes", "")
            cell.metadata["course_notes"] = (
                f"{CONTINUED[DECK_LANG]}\n\n{notes}" if notes else ""
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


# The language of the deck being built (``build_deck(lang=...)``). A Hangul
# syllable is about two Latin letters wide in the slides' fonts: the Korean
# decks count it twice when they estimate a slide's height (the English
# decks count their few Korean terms once, as they always did).
DECK_LANG = "en"
HANGUL = re.compile("[\uac00-\ud7a3\u3130-\u318f]")
CONTINUED = {
    "en": "(Continued from the previous slide.)",
    "ko": "(앞 슬라이드에서 이어짐)",
}


def text_width(line: str) -> int:
    """A line's width in Latin letters (Hangul twice in a Korean deck)."""
    wide = len(HANGUL.findall(line)) if DECK_LANG == "ko" else 0
    return len(line) + wide


def cell_height(cell) -> float:
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
                lines = sum(-(-text_width(line) // 70) for line in block.splitlines())
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
    merged = []
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


# The deck's link back to its chapter page: (text, title) per language.
BACK_LINK = {
    "en": ("chapter page", "The chapter page this deck comes from"),
    "ko": ("장 페이지", "이 슬라이드의 원래 장 페이지"),
}


def build_deck(notebook: Path, out_dir: Path, lang: str = "en") -> tuple[Path, dict]:
    """The deck of ``notebook`` in ``out_dir``; ``lang="ko"``: in Korean."""
    global DECK_LANG
    DECK_LANG = lang
    try:
        return _build_deck(notebook, out_dir, lang)
    finally:
        DECK_LANG = "en"


def _build_deck(notebook: Path, out_dir: Path, lang: str = "en") -> tuple[Path, dict]:
    nb = nbformat.read(notebook, as_version=4)
    if lang != "en":  # the Korean deck: the notebook's prose from the catalogues
        import i18n

        nb = i18n.translate_notebook(nb, notebook.stem)
    slides_nb = prepare_for_slides(nb)
    slides_nb.metadata["title"] = deck_title(nb, notebook.stem)
    exporter = SlidesExporter(
        extra_template_basedirs=[str(TEMPLATE_DIR.parent)],
        template_name=TEMPLATE_DIR.name,
        reveal_url_prefix="../_static/vendor/reveal.js",
        reveal_theme=REVEAL_THEME,
        reveal_transition="none",
        reveal_number="c/t",
        embed_images=True,
        language_code=lang,  # <html lang="ko"> on the Korean decks
    )
    resources = {
        "metadata": {"name": notebook.stem, "path": str(notebook.parent)},
        "course": {
            "vendor_url": "../_static/vendor",
            "static_url": "../_static",
            "chapter_url": f"../chapters/{notebook.stem}.html",
            "back": BACK_LINK[lang],
        },
    }
    body, _ = exporter.from_notebook_node(slides_nb, resources=resources)
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
    ``lang="ko"``: of its Korean deck."""
    global DECK_LANG
    nb = nbformat.read(notebook, as_version=4)
    if lang != "en":
        import i18n

        nb = i18n.translate_notebook(nb, notebook.stem)
    DECK_LANG = lang
    try:
        return {
            "title": deck_title(nb, notebook.stem),
            **deck_summary(prepare_for_slides(nb)),
        }
    finally:
        DECK_LANG = "en"


# The words of the instructors page's table of decks, per language.
DECK_TABLE = {
    "en": {
        "header": "| Chapter | Deck | Handout | Slides | Time in class |",
        "minutes": "{} min",
        "summary": (
            "{slides} slides in all, about {hours} h {minutes:02d} min in class: "
            "{per_slide:g} minutes per slide plus {exercises} minutes for each "
            "chapter's two in-class exercises, rounded up to 5 minutes (computed "
            "by `scripts/make_slides.py` from the decks themselves)."
        ),
    },
    "ko": {
        "header": "| 장 | 슬라이드 덱 | 유인물 | 슬라이드 수 | 수업 시간 |",
        "minutes": "{}분",
        "summary": (
            "슬라이드는 모두 {slides}장이며, 수업 시간으로는 약 {hours}시간 "
            "{minutes:02d}분입니다. 슬라이드당 {per_slide:g}분에 각 장의 수업 중 "
            "연습 문제 두 개에 {exercises}분을 더하고 5분 단위로 올림한 값입니다"
            "(`scripts/make_slides.py`가 덱에서 직접 계산합니다)."
        ),
    },
}


def deck_table(notebooks: list[Path], lang: str = "en") -> list[str]:
    """The instructors page's table of decks, as Markdown lines.

    Used by ``_ext/course_decks.py`` (the ``{course-decks}`` directive), so
    the slide counts and times are the decks' own. ``lang="ko"``: the Korean
    decks' counts, in Korean (the table is not in the catalogues: its
    numbers change with every deck).
    """
    words = DECK_TABLE[lang]
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

    Debian's chromium through Playwright (never ``playwright install``): the
    same browser the tests use. Returns the page count of each PDF.
    """
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from site_browser import CHROMIUM_ARGS, pdf_pages, serve

    html_dir = decks[0].parent.parent
    httpd, url = serve(html_dir)
    pages = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            for deck in decks:
                page.goto(f"{url}/slides/{deck.name}?print-pdf", wait_until="load")
                page.wait_for_selector("html.course-pdf-ready", state="attached")
                page.evaluate("() => document.fonts.ready")
                pdf = deck.with_suffix(".pdf")
                page.pdf(
                    path=str(pdf), prefer_css_page_size=True, print_background=True
                )
                pages[deck.stem] = pdf_pages(pdf)
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return pages


CHROMIUM = "/usr/bin/chromium"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help="default: chapters/*.ipynb"
    )
    parser.add_argument("--html", type=Path, default=None, help="the built site")
    parser.add_argument(
        "--lang",
        default="en",
        choices=["en", "ko"],
        help="ko: the Korean decks (scripts/i18n.py) into _build/html/ko/slides/",
    )
    parser.add_argument(
        "--no-pdf", action="store_true", help="skip the handout PDFs (no chromium)"
    )
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted(CHAPTERS.glob("*.ipynb"))
    if args.html is None:
        args.html = HTML if args.lang == "en" else HTML / args.lang
    out_dir = args.html / "slides"
    out_dir.mkdir(parents=True, exist_ok=True)
    install_vendor(args.html)
    decks, summary = [], {}
    for notebook in notebooks:
        deck, summary[notebook.stem] = build_deck(notebook, out_dir, args.lang)
        decks.append(deck)
        shown = deck.relative_to(ROOT) if deck.is_relative_to(ROOT) else deck
        print(
            f"slides: {shown}: {summary[notebook.stem]['slides']} slides, "
            f"{summary[notebook.stem]['notes']} with notes"
        )
    if not args.no_pdf and Path(CHROMIUM).is_file():
        for stem, count in print_handouts(decks).items():
            summary[stem]["handout_pages"] = count
            print(f"handout: slides/{stem}.pdf: {count} pages")
    elif not args.no_pdf:
        print(f"handouts: {CHROMIUM} is missing, no PDFs written", file=sys.stderr)
    for entry in summary.values():
        entry["minutes"] = class_minutes(entry["slides"])
    (out_dir / "decks.json").write_text(json.dumps(summary, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
