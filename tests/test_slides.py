"""coursetools/slides.py: what reaches a slide (no browser needed)."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from coursetools import slides as make_slides
from coursetools.slide_layout import HANGUL


def md(source, kind="-", **slides):
    cell = new_markdown_cell(source)
    cell.metadata["slideshow"] = {"slide_type": kind}
    if slides:
        cell.metadata["slides"] = slides
    return cell


def code(source, kind="-", text="", tags=()):
    cell = new_code_cell(source)
    cell.metadata["slideshow"] = {"slide_type": kind}
    cell.metadata["tags"] = list(tags)
    if text:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    return cell


def shown(nb):
    """(slide number, cell source) of every cell the deck shows."""
    out, number = [], 0
    for cell in make_slides.prepare_for_slides(nb).cells:
        if make_slides.slide_type(cell) == "skip":
            continue
        number += make_slides.slide_type(cell) == "slide"
        out.append((number, cell))
    return out


def exercise_notebook():
    return new_notebook(
        cells=[
            md("# Title", notes="Say hello."),
            md(
                "## Exercises\n\n```{exercise-start}\n:label: ex-a\n```\n\nDo A.",
                "slide",
            ),
            code("answer = None  # your code\nassert answer == 3", "fragment"),
            md("```{exercise-end}\n```", "subslide"),
            md("```{solution-start} ex-a\n:class: dropdown\n```", "subslide"),
            code("answer = 3", "fragment", text="3\n"),
            md("```{solution-end}\n```", "subslide"),
            md("```{exercise-start}\n:label: ex-b\n```\n\nDo B.", "slide", notes="B."),
            md(
                "```{exercise-end}\n```\n\n```{solution-start} ex-b\n```\n\nSECRET B",
                "subslide",
            ),
            code("print('secret')", "fragment", text="secret\n"),
            md("More SECRET B.\n\n```{solution-end}\n```", "subslide"),
            md(
                ":::{exercise}\n:label: ex-c\nDo C.\n:::\n\n"
                ":::{solution} ex-c\n:class: dropdown\nSECRET C\n:::\n\n"
                "```{hint}\nSECRET HINT\n```",
                "subslide",
            ),
        ]
    )


def test_exercises_are_questions_only():
    cells = shown(exercise_notebook())
    text = "\n".join(cell.source for _, cell in cells)
    assert "Do A." in text and "Do B." in text and "Do C." in text
    assert "SECRET" not in text and "secret" not in text
    assert "assert" not in text, "the gated check code reached a slide"
    assert "{exercise" not in text and "{solution" not in text
    assert all(cell.source.strip() for _, cell in cells), "an empty cell is shown"


def test_no_empty_slides_and_one_flat_row():
    nb = make_slides.prepare_for_slides(exercise_notebook())
    kinds = [make_slides.slide_type(c) for c in nb.cells]
    assert "subslide" not in kinds
    # title, exercise A, exercise B, exercise C: four slides, none empty
    assert make_slides.deck_summary(nb)["slides"] == 4


def test_notes_and_slide_text():
    nb = new_notebook(
        cells=[
            md("# Title", notes="Open with a question."),
            code("x = 1", "skip"),
            md(
                "## Part\n\nLong prose " * 20,
                "slide",
                text="## Part\n\nShort.",
                notes="N",
            ),
            md("more", "fragment", notes="and more"),
        ]
    )
    cells = make_slides.prepare_for_slides(nb).cells
    assert cells[0].metadata["course_notes"] == "Open with a question."
    assert cells[2].source == "## Part\n\nShort."
    # The book's prose, replaced on the slide, goes to the notes first.
    book, rest = cells[2].metadata["course_notes"].split("\n\n", 1)
    assert book.startswith("## Part") and "Long prose" in rest
    assert rest.endswith("Long prose\n\nN\n\nand more")


def test_title_replaces_heading_and_continues():
    long = "".join(f"line {i}\n" for i in range(25))
    nb = new_notebook(
        cells=[
            md("# Deck", notes="n"),
            md("## Old heading\n\nProse.", "slide", title="The point", notes="m"),
            code("print(a)", "fragment", text=long),
            code("print(b)", "fragment", text=long),
            code("print(c)", "fragment", text=long),
        ]
    )
    cells = make_slides.prepare_for_slides(nb).cells
    assert cells[1].source == "Prose."
    assert cells[1].metadata["course_title"] == "The point"
    starts = [c for c in cells if make_slides.slide_type(c) == "slide"]
    assert len(starts) == 3 and "course_title" not in starts[0].metadata
    assert starts[2].metadata["course_title"] == "The point"  # a continuation
    assert make_slides.deck_summary(make_slides.prepare_for_slides(nb))["titles"] == 2


def interactive_notebook(**slides):
    return new_notebook(
        cells=[
            md("# Deck", notes="n"),
            md(
                "## Try it\n\nThe book's prose about the tool.\n\n"
                '<div data-tool></div>\n<script src="../_static/conv-explorer.js">'
                "</script>\n\n- `input`: Input\n- `stride`: Stride",
                "slide",
                **{
                    "layout": "interactive",
                    "title": "Live",
                    "notes": "Demo.",
                    **slides,
                },
            ),
            md("A line after it.", "fragment"),
        ]
    )


def test_an_interactive_cell_shows_its_widget_on_a_slide_of_its_own():
    cells = make_slides.prepare_for_slides(interactive_notebook()).cells
    live = cells[1]
    # The widget and what it reads (its labels); the heading and prose stay
    # in the book, and the notes are the instructor's words alone.
    assert live.source.startswith("<div data-tool></div>")
    assert live.source.endswith("- `stride`: Stride")
    assert "prose" not in live.source and "Try it" not in live.source
    assert live.metadata["course_notes"] == "Demo."
    assert live.metadata["course_layout"] == "interactive"
    assert live.metadata["course_title"] == "Live"
    # It has the whole slide: the next cell goes on a slide of its own.
    assert make_slides.slide_type(cells[2]) == "slide"
    assert (
        make_slides.deck_summary(
            make_slides.prepare_for_slides(interactive_notebook())
        )["slides"]
        == 3
    )


def test_an_interactive_cell_has_no_slide_text():
    nb = interactive_notebook(text="Short.")
    with pytest.raises(ValueError, match="slides.text"):
        make_slides.prepare_for_slides(nb)


def test_an_interactive_slides_assets_lie_next_to_the_deck(tmp_path):
    nb = make_slides.prepare_for_slides(interactive_notebook())
    copied = make_slides.local_assets(nb, tmp_path)
    assert copied == ["conv-explorer.js"]
    assert (tmp_path / "conv-explorer.js").read_bytes() == (
        make_slides.ROOT / "assets" / "conv-explorer.js"
    ).read_bytes()
    assert '<script src="conv-explorer.js">' in nb.cells[1].source
    # A file that is not one of the course's assets is left alone.
    nb.cells[1].source = '<img src="../_static/missing.png">'
    assert make_slides.local_assets(nb, tmp_path) == []
    assert nb.cells[1].source == '<img src="../_static/missing.png">'


def test_exercise_label_in_the_decks_language():
    nb = new_notebook(cells=[md("```{exercise}\n:label: e\nDo A.\n```", "slide")])
    assert "연습 문제" in make_slides.prepare_for_slides(nb, "ko").cells[0].source
    assert "Exercise" in make_slides.prepare_for_slides(nb).cells[0].source


def test_long_output_is_set_smaller_and_a_full_slide_goes_on():
    long = "".join(f"line {i}\n" for i in range(25))  # 15 fit at full size
    nb = new_notebook(
        cells=[
            md("# Title", notes="n"),
            code("print(a)", "fragment", text=long),
            code("print(b)", "fragment", text=long),
            code("print(c)", "fragment", text=long),
        ]
    )
    out = make_slides.prepare_for_slides(nb)
    assert out.cells[1].outputs[0]["course_style"] == "font-size: 0.60em"
    # The title and two such outputs do not fit on one slide: the second
    # starts another, with the first slide's notes, and the third joins it.
    assert [make_slides.slide_type(c) for c in out.cells] == [
        "slide",
        "fragment",
        "slide",
        "fragment",
    ]
    assert out.cells[2].metadata["course_notes"].endswith("n")


def test_class_minutes_round_up():
    rate, exercises = make_slides.WORDS_PER_MINUTE, 2 * 10  # two of ten minutes
    assert make_slides.class_minutes(10 * rate) == 10 + exercises
    assert make_slides.class_minutes(10 * rate + 1) == 10 + exercises + 5


def test_spoken_words():
    assert make_slides.spoken_words("**One** two, `three`.") == 3


def test_both_editions_break_slides_alike(tmp_path):
    """The Korean deck of a chapter has the English deck's slides one for
    one, though its lines are wider (slide_layout.split_full_slides)."""
    from coursetools import toc

    for notebook in toc.chapter_notebooks():
        english = make_slides.notebook_summary(notebook, "en")
        korean = make_slides.notebook_summary(notebook, "ko")
        assert english["slides"] == korean["slides"], notebook.stem
        assert english["minutes"] == korean["minutes"], notebook.stem


def test_korean_deck_titles_are_translated():
    from pathlib import Path

    from coursetools import ROOT

    notebook = Path(ROOT / "chapters" / "03_conv_layers.ipynb")
    deck, _ = make_slides.deck_notebooks(notebook, "ko")
    titles = [
        c.metadata["course_title"] for c in deck.cells if "course_title" in c.metadata
    ]
    assert titles and all(HANGUL.search(t) for t in titles), titles
