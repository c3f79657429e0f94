"""Build one reveal.js deck per chapter notebook into ``_build/html/slides/``.

The decks come from the same notebooks as the book, through nbconvert's
``SlidesExporter`` with the template in ``coursetools/slides_template/``. Each
cell's ``metadata.slideshow.slide_type`` decides where it goes (``slide``,
``subslide``, ``fragment``, ``-``, ``notes``, ``skip``). The builder has
three jobs, one module each:

* ``coursetools.slide_cells`` prepares the cells: what a slide shows of each
  (its title ``metadata.slides.title``, its short text
  ``metadata.slides.text``, code and outputs; CONTRIBUTING.md, "Slides");
* ``coursetools.slide_layout`` lays them out on 1280x720 slides (its sizes
  named in ``SlideLayout``): notes joined per slide, full slides split, the
  same breaks in every edition;
* this module exports the decks, their handouts and the instructors' table,
  with each deck's time in class from its speaker notes
  (``WORDS_PER_MINUTE``).

Every script, stylesheet and font comes from the built site
(``_build/html/_static/vendor/``, copied from ``assets/vendor/``), so the
decks work offline and opened from disk; the course's own assets an
interactive slide loads (the convolution explorer's) are copied next to the
deck (``local_assets``). Run ``python -m coursetools.slides``
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
import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbconvert.exporters import SlidesExporter

from coursetools import ROOT, browser, toc
from coursetools.nbtext import map_text
from coursetools.slide_cells import deck_title, place_titles, prepare_cells
from coursetools.slide_layout import layout_slides
from coursetools.slide_meta import slide_type

TEMPLATE_DIR = Path(__file__).resolve().parent / "slides_template"
HTML = ROOT / "_build" / "html"
VENDOR = ROOT / "assets" / "vendor"

REVEAL_THEME = "serif"  # the only reveal.js theme that imports no web font


def prepare_for_slides(nb, lang: str = "en", breaks: set[int] | None = None):
    """A copy of ``nb`` as its deck shows it: the cells prepared
    (``slide_cells.prepare_cells``), laid out on slides
    (``slide_layout.layout_slides``; ``breaks``: where slides must go on, as
    in the other edition), each slide's title on its first cell."""
    slides_nb = prepare_cells(nb, lang)
    slides_nb.metadata["course_breaks"] = sorted(
        layout_slides(slides_nb, lang, WORDS[lang]["continued"], breaks)
    )
    place_titles(slides_nb)
    return slides_nb


def install_vendor(html_dir: Path) -> None:
    """Make sure the built site serves the vendored assets the decks use."""
    target = html_dir / "_static" / "vendor"
    shutil.copytree(VENDOR, target, dirs_exist_ok=True)
    favicon = ROOT / "assets" / "favicon.svg"
    shutil.copyfile(favicon, html_dir / "_static" / favicon.name)


def deck_summary(slides_nb) -> dict:
    """Slides, slides with speaker notes and the notes' spoken words, as the
    deck will have them."""
    starts = [
        cell
        for cell in slides_nb.cells
        if slide_type(cell) not in {"skip", "notes"}
        and (slide_type(cell) == "slide" or "course_notes" in cell.metadata)
    ]
    return {
        "slides": len(starts),
        "notes": sum(bool(cell.metadata.get("course_notes")) for cell in starts),
        "titles": sum(bool(cell.metadata.get("course_title")) for cell in starts),
        "note_words": sum(
            spoken_words(cell.metadata.get("course_notes", ""))
            for cell in starts
            if not cell.metadata.get("course_continued")
        ),
    }


def spoken_words(notes: str) -> int:
    """Words a speaker says reading ``notes`` (Markdown; a formula counts as
    the words of its TeX, roughly how it is read out).

    >>> spoken_words("The output is $O = (I - F) / S + 1$, **rounded** down.")
    10
    """
    text = re.sub(r"[*_`$\\{}()=+/-]", " ", notes)
    return len(re.findall(r"\w+", text))


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
            "each deck's speaker notes read at about {rate} words a minute, plus "
            "{each} minutes for each of the chapter's {exercises} in-class "
            "exercises, rounded up to 5 minutes (computed by "
            "`coursetools/slides.py` from the decks themselves)."
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
            "{minutes:02d}분입니다. 각 덱의 발표자 노트를 1분에 약 {rate}단어"
            "(영어 원문 기준)로 읽는 시간에 각 장의 수업 중 연습 문제 "
            "{exercises}개에 {each}분씩을 더하고 5분 단위로 올림한 값입니다"
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
    slides_nb, english = deck_notebooks(notebook, lang, text_map)
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
    out_dir.mkdir(parents=True, exist_ok=True)
    local_assets(slides_nb, out_dir)
    body, _ = exporter.from_notebook_node(slides_nb, resources=resources)
    deck = out_dir / f"{notebook.stem}.html"
    deck.write_text(body, encoding="utf-8")
    return deck, summarise(slides_nb, english)


# A markdown cell's reference to one of the course's own assets as the
# chapter pages make it (``../_static/NAME``, NAME a file of ``assets/``).
STATIC_REF = re.compile(r'(src|href)="\.\./_static/([\w.-]+)"')


def local_assets(slides_nb, out_dir: Path) -> list[str]:
    """Copy the course's own assets that the deck's markdown cells load (an
    interactive slide's script, style and data: ``../_static/NAME`` with NAME
    in ``assets/``) next to the deck, and point the cells at those copies, so
    that the deck runs the current widget whatever the site's ``_static``
    holds, opened from disk too. Returns the names copied."""
    copied = []

    def local(match: re.Match) -> str:
        source = ROOT / "assets" / match[2]
        if not source.is_file():
            return match[0]
        shutil.copyfile(source, out_dir / source.name)
        copied.append(source.name)
        return f'{match[1]}="{source.name}"'

    for cell in slides_nb.cells:
        if cell.cell_type == "markdown" and slide_type(cell) != "skip":
            cell.source = STATIC_REF.sub(local, cell.source)
    return sorted(set(copied))


def deck_notebooks(
    notebook: Path, lang: str = "en", text_map: Callable[[str], str] | None = None
):
    """The deck of ``notebook`` in ``lang`` as prepared cells, and the English
    deck's (the lecture's length comes from its notes).

    Both editions break their slides at the same cells: each edition's
    layout decides where a full slide goes on, and every edition takes the
    union of those breaks (repeated until no edition adds one), so the
    Korean deck has the English deck's slides one for one. ``text_map``
    translates ``lang``'s text (default: ``translator``).
    """
    source = nbformat.read(notebook, as_version=4)
    editions = {}
    for code in WORDS:
        mapping = text_map if code == lang and text_map else None
        mapping = mapping or translator(notebook.stem, code)
        editions[code] = map_text(source, mapping) if mapping else source
    breaks: set[int] = set()
    for _ in range(10):
        decks = {
            code: prepare_for_slides(nb, code, breaks) for code, nb in editions.items()
        }
        found = set().union(*(d.metadata["course_breaks"] for d in decks.values()))
        if found <= breaks:
            break
        breaks |= found
    slides_nb = decks[lang]
    slides_nb.metadata["title"] = deck_title(editions[lang], notebook.stem)
    return slides_nb, decks["en"]


# Minutes in class: the speaker notes read at this rate (the English notes,
# which the Korean ones translate), plus the chapter's two in-class
# exercises (instructors.md, "Exercises for class": about ten minutes each).
WORDS_PER_MINUTE = 130
CLASS_EXERCISES = 2
MINUTES_PER_EXERCISE = 10


def class_minutes(note_words: int) -> int:
    """A deck's time in class from its notes' spoken words, rounded up to
    5 minutes."""
    minutes = note_words / WORDS_PER_MINUTE + CLASS_EXERCISES * MINUTES_PER_EXERCISE
    return int(-(-minutes // 5) * 5)


def summarise(slides_nb, english) -> dict:
    """A deck's summary: title, counts, and minutes in class."""
    summary = {"title": slides_nb.metadata["title"], **deck_summary(slides_nb)}
    summary["note_words"] = deck_summary(english)["note_words"]
    summary["minutes"] = class_minutes(summary["note_words"])
    return summary


def notebook_summary(notebook: Path, lang: str = "en") -> dict:
    """Title, slides, slides with notes and minutes of a notebook's deck (no
    export); ``lang``: of its deck in that language."""
    return summarise(*deck_notebooks(notebook, lang))


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
        minutes = summary["minutes"]
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
        rate=WORDS_PER_MINUTE,
        exercises=CLASS_EXERCISES,
        each=MINUTES_PER_EXERCISE,
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
            f"{summary[notebook.stem]['notes']} with notes, "
            f"{summary[notebook.stem]['titles']} with titles, "
            f"{summary[notebook.stem]['minutes']} min"
        )
    missing = browser.chromium_missing()
    if pdf and not missing:
        for stem, count in print_handouts(decks).items():
            summary[stem]["handout_pages"] = count
            print(f"handout: {out_dir.name}/{stem}.pdf: {count} pages")
    elif pdf:
        print(f"handouts: {missing}; no PDFs written", file=sys.stderr)
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
