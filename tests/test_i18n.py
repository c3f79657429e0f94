"""The Korean edition: coursetools/i18n.py, coursetools/edition.py, Korean search.

Catalogue tests (no build needed): every entry translated and not fuzzy,
no English paragraph copied as it is, Hangul as most of each page's prose,
the glossary's Korean terms on the pages that use the English ones, the
catalogues up to date with the English source (drift), and the cell-metadata
catalogues extracted deterministically. While the translation is under way
these fail and list what is left; that is their job.

The tests marked ``browser`` look at the built Korean site in ``_build/html/ko``
(``make site-test`` runs them after ``make book``); tests/test_site_i18n.py
drives it in chromium.
"""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import nbformat
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from site_browser import skip_or_fail

import coursetools.catalogues
from coursetools import ROOT, edition, i18n, korean, nbtext, slides

KO_SITE = ROOT / "_build" / "html" / "ko"
PAGES = {
    name: path
    for name, path in i18n.catalogues().items()
    if not name.startswith(i18n.CELLS + "/")
}
ALL = i18n.catalogues()


def page_ids():
    return sorted(PAGES)


def write(path: Path, entries: dict[str, str | tuple[str, bool]]) -> None:
    """A .po/.pot file with msgid -> msgstr (or (msgstr, fuzzy))."""
    catalog = Catalog(fuzzy=False)
    for msgid, value in entries.items():
        string, fuzzy = value if isinstance(value, tuple) else (value, False)
        catalog.add(msgid, string, flags=["fuzzy"] if fuzzy else [])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)


# --- every page of the English book has a catalogue --------------------------


def test_every_page_and_chapter_has_catalogues():
    toc = (ROOT / "_toc.yml").read_text("utf-8")
    for page in ["intro", "glossary", "instructors", "references", "try_cnnlib"]:
        assert page in PAGES, f"no catalogue for {page}: make i18n-update"
        assert page in toc
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        assert f"chapters/{notebook.stem}" in PAGES, notebook.name
        assert f"{i18n.CELLS}/{notebook.stem}" in ALL, notebook.name


# --- translation complete -------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ALL))
def test_no_untranslated_entry(name):
    """No empty, fuzzy or English-copied entry (the count and the first few)."""
    left = i18n.untranslated(name, i18n.read(ALL[name]))
    total = sum(1 for m in i18n.read(ALL[name]) if m.id)
    shown = "\n".join(f"  {i18n.normalise(m)[:100]!r}" for m in left[:5])
    assert not left, f"{name}.po: {len(left)} of {total} entries untranslated\n{shown}"


@pytest.mark.parametrize("name", page_ids())
def test_korean_page_is_mostly_hangul(name):
    """Most words of the page's prose are Korean (code, formulas, link
    targets and entries kept as they are, such as names and paper titles,
    do not count). The references page translates only its headings."""
    catalog = i18n.read(PAGES[name])
    if name == "references":
        headings = [
            line.lstrip("#").strip()
            for line in (ROOT / "references.md").read_text("utf-8").splitlines()
            if line.startswith("#")
        ]
        strings = {m.id: m.string for m in catalog if m.id}
        for heading in headings:
            assert i18n.HANGUL_CHAR.search(strings.get(heading) or ""), (
                f"references.po: heading {heading!r} not in Korean"
            )
        return
    translated = [
        m.string
        for m in catalog
        if m.id and m.string and i18n.normalise(m.string) != i18n.normalise(m.id)
    ]
    share = i18n.hangul_share(translated)
    assert translated and share > 0.5, f"{name}: {share:.0%} of the prose is Hangul"


@pytest.mark.parametrize("name", page_ids())
def test_glossary_terms_are_used(name):
    """A page that uses a glossary term in English uses its Korean form."""
    if name == "glossary":
        pytest.skip("the glossary defines the terms")
    problems = i18n.glossary_problems(name, i18n.read(PAGES[name]))
    assert not problems, "\n".join(problems)


# --- the checks can fail ----------------------------------------------------------


def test_untranslated_and_hangul_checks_catch_english():
    catalog = Catalog()
    catalog.add(
        "Padding keeps the size of the image.", "패딩은 이미지 크기를 유지합니다."
    )
    catalog.add(
        "The stride is the step of the window.", "The stride is the step of the window."
    )
    catalog.add("Yann LeCun", "Yann LeCun")
    catalog.add("A new paragraph.", "")
    catalog.add("Changed paragraph of the chapter.", "바뀐 문단", flags=["fuzzy"])
    left = i18n.untranslated("chapters/x", catalog)
    assert left == [
        "The stride is the step of the window.",
        "A new paragraph.",
        "Changed paragraph of the chapter.",
    ]
    assert i18n.hangul_share(["패딩은 이미지 크기를 유지합니다."]) == 1.0
    assert i18n.hangul_share(["The stride is 보폭 in Korean `code here`"]) < 0.5
    assert i18n.prose("see {doc}`3장 <chapters/03>` and $O = 1$").split() == [
        "see",
        "3장",
        "and",
    ]


def test_glossary_check_catches_another_word():
    catalog = Catalog()
    catalog.add("A feature map per filter.", "필터마다 특징 지도 하나.")
    catalog.add("Each feature map is an image.", "각 특징 지도는 이미지입니다.")
    problems = i18n.glossary_problems("chapters/x", catalog)
    assert problems == ["chapters/x: 'feature map' but never '특성 맵'"]
    catalog = Catalog()
    catalog.add("A feature map per filter.", "필터마다 특성 맵 하나.")
    assert i18n.glossary_problems("chapters/x", catalog) == []
    catalog = Catalog()
    catalog.add("The CNN and its ReLU.", "CNN과 그 ReLU.")
    assert i18n.glossary_problems("chapters/x", catalog) == []
    # One everyday use of a term's word is not the term; twice, or in the
    # chapter that introduces it, or beside its Korean form, it is.
    catalog = Catalog()
    catalog.add("The window's left edge.", "윈도우의 왼쪽 끝.")
    assert i18n.glossary_problems("chapters/03_x", catalog) == []
    assert i18n.glossary_problems("chapters/06_x", catalog) == [
        "chapters/06_x: 'edge' but never '에지'"
    ]
    catalog = Catalog()
    catalog.add("An edge (에지) is a sharp change.", "급격한 변화입니다.")
    assert i18n.glossary_problems("chapters/03_x", catalog) != []


def test_glossary_rows_are_read():
    rows = dict((forms[0], korean) for forms, korean in i18n.glossary())
    assert rows["convolution"] == ["합성곱"]
    assert rows["feature map"] == ["특성 맵", "특징 맵"]
    assert rows["filter"] == ["필터", "커널"]
    assert len(rows) >= 40


def test_compare_finds_drift_fuzzy_and_empty(tmp_path):
    """What ``make i18n-check`` reports, on a scratch catalogue."""
    pot, po = tmp_path / "pot", tmp_path / "po"
    write(pot / "page.pot", {"Kept.": "", "Changed, new text.": "", "New.": ""})
    write(
        po / "page.po",
        {
            "Kept.": "유지.",
            "Changed, old text.": "바뀜.",
            "New.": ("새것.", True),
        },
    )
    write(po / "gone.po", {"Old page.": "옛 페이지."})
    write(pot / "fresh.pot", {"Fresh.": ""})
    problems = i18n.compare(pot, po)
    text = "\n".join(problems)
    assert "fresh.po: missing catalogue" in text
    assert "gone.po: no English page" in text
    assert "page.po: missing (make i18n-update): 'Changed, new text.'" in text
    assert "page.po: obsolete" in text and "'Changed, old text.'" in text
    assert "page.po: fuzzy: 'New.'" in text
    assert len(problems) == 5
    sync = i18n.compare(pot, po, sync_only=True)
    assert not any(": fuzzy:" in p for p in sync) and len(sync) == 4


def test_update_keeps_one_line_per_message(tmp_path, monkeypatch):
    """``i18n update`` merges a changed paragraph without rewrapping the
    catalogue: the diff of a one-sentence change is that entry."""
    from coursetools import catalogues, check_messages, pofiles

    long_old = "A sentence long enough to be wrapped at seventy-six columns, " * 3
    long_new = long_old + "And one more."
    kept = "Another paragraph, left as it was, also well past the width: " * 3
    pofiles.write_pot(
        tmp_path / "pot" / "page.pot", [(long_new, "page:1"), (kept, "page:2")]
    )
    messages = tmp_path / "locales" / "ko" / "LC_MESSAGES"
    catalog = Catalog(locale="ko")
    catalog.add(long_old, "옛 문장 " * 30)
    catalog.add(kept, "그대로인 문단 " * 30)
    messages.mkdir(parents=True)
    with (messages / "page.po").open("wb") as handle:
        write_po(handle, catalog, width=0)
    monkeypatch.setattr(catalogues, "LOCALES", tmp_path / "locales")
    monkeypatch.setattr(catalogues, "MESSAGES", messages)
    monkeypatch.setattr(check_messages, "compile_json", lambda *args: None)
    catalogues.update(tmp_path / "pot")
    text = (messages / "page.po").read_text("utf-8")
    assert f'msgid "{kept}"\nmsgstr "{"그대로인 문단 " * 30}"' in text
    assert f'msgid "{long_new}"' in text  # fuzzy, on one line


def test_catalogues_match_the_english_source(potdir):
    """Drift: the messages of the current English source (a gettext
    extraction, ``potdir``) are exactly the catalogues' (``make i18n-update``
    if not)."""
    problems = i18n.compare(potdir, i18n.MESSAGES, sync_only=True)
    assert not problems, "\n".join(problems[:20])


# --- cell metadata --------------------------------------------------------------


def test_cell_messages_are_extracted_deterministically(tmp_path):
    first = i18n.extract_cells(tmp_path / "a")
    second = i18n.extract_cells(tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    notebook = sorted((ROOT / "chapters").glob("*.ipynb"))[0]
    data = json.loads(notebook.read_text("utf-8"))
    ids = {msgid for msgid, _ in i18n.cell_messages(data)}
    for cell in data["cells"]:
        notes = cell["metadata"].get("slides", {}).get("notes")
        for paragraph in i18n.paragraphs(notes):
            assert paragraph in ids
        alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt")
        if alt:
            assert nbtext.text(alt).strip() in ids


def test_translate_notebook_for_the_decks(monkeypatch):
    page = {
        "Pooling": "풀링",
        "A pooling layer has no weights.": "풀링층에는 가중치가 없습니다.",
        "first item": "첫째 항목",
        "Layer": "층",
        "A caption.": "캡션.",
        "Tip title": "팁 제목",
    }
    cells = {"The notes.": "노트입니다.", "Alt text.": "대체 텍스트."}
    catalogues = {"chapters/x": page, "cells/x": cells}
    monkeypatch.setattr(coursetools.catalogues, "load", lambda n: catalogues.get(n, {}))
    nb = nbformat.v4.new_notebook()
    markdown = nbformat.v4.new_markdown_cell(
        "## Pooling\n\nA pooling layer\nhas no weights.\n\n- first\n  item\n\n"
        "| Layer |\n|---|\n| Layer |\n\n```{admonition} Tip title\nA pooling layer "
        "has no weights.\n```\n\n```python\nPooling = 1\n```"
    )
    markdown.metadata["slides"] = {"notes": "The notes.\n\nUnknown."}
    code = nbformat.v4.new_code_cell("x = 1")
    code.metadata["mystnb"] = {
        "figure": {"caption": "A caption."},
        "image": {"alt": "Alt text."},
    }
    nb.cells = [markdown, code]
    korean = i18n.translate_notebook(nb, "x")
    assert korean.cells[0].source == (
        "## 풀링\n\n풀링층에는 가중치가 없습니다.\n\n- 첫째 항목\n\n"
        "| 층 |\n|---|\n| 층 |\n\n```{admonition} 팁 제목\n"
        "풀링층에는 가중치가 없습니다.\n```\n\n```python\nPooling = 1\n```"
    )
    assert korean.cells[0].metadata["slides"]["notes"] == "노트입니다.\n\nUnknown."
    assert korean.cells[1].metadata["mystnb"]["figure"]["caption"] == "캡션."
    assert korean.cells[1].metadata["mystnb"]["image"]["alt"] == "대체 텍스트."
    assert nb.cells[0].source.startswith("## Pooling")  # the original is untouched


# --- the Sphinx side --------------------------------------------------------------


def test_edition_doctests():
    failures, tried = doctest.testmod(edition)
    assert tried >= 4 and failures == 0


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("합성곱층은", "합성곱층"),
        ("합성곱층을", "합성곱층"),
        ("합성곱층에서", "합성곱층"),
        ("패딩으로", "패딩"),
        ("풀링과", "풀링"),
        ("합성곱", "합성곱"),
        ("층", "층"),
    ],
)
def test_korean_search_strips_particles(word, stem):
    assert korean.strip_particle(word) == stem
    language = korean.SearchKorean({})
    assert language.stem(word) == stem
    assert language.stem("convolutions") == language.stem("convolution")


def test_korean_stemmer_js_lists_the_same_particles():
    js = korean.SearchKorean.js_stemmer_code
    assert "var Stemmer = function" in js and "CourseEnglishStemmer" in js
    for suffix in korean.KO_SUFFIXES:
        assert f'"{suffix}"' in js


def test_course_script_words_and_console_prompts_have_korean():
    """The words assets/course.js writes (``word("...")``: the toggle
    buttons' name, the figure links' tooltip, the search note) and the "Try
    cnnlib" console boxes' prompts are in the "course" catalogue, in Korean
    (``edition.add_script_words``, ``edition.translate_repl_prompts``)."""
    course = i18n.read_translations(
        edition.THEME_LOCALES / "ko" / "LC_MESSAGES" / "course.po"
    )
    words = edition.script_words()
    assert "Toggle hidden content" in words and "Open the image full size" in words
    prompts = re.findall(r"^:prompt: (.+)$", (ROOT / "try_cnnlib.md").read_text(), re.M)
    assert len(prompts) == 3
    for text in [*words, *prompts]:
        korean = course.get(i18n.normalise(text))
        assert korean and re.search("[\uac00-\ud7a3]", korean), (
            f"{text!r}: no Korean in locales/theme/ko/LC_MESSAGES/course.po"
        )


# --- the built Korean site --------------------------------------------------------


def korean_pages() -> list[Path]:
    if not (KO_SITE / "intro.html").is_file():
        skip_or_fail(f"the Korean site is not built in {KO_SITE}: run `make book`")
    return [
        p
        for p in sorted(KO_SITE.rglob("*.html"))
        if p.relative_to(KO_SITE).parts[0] not in {"slides", "_static", "_sources"}
        and "http-equiv" not in p.read_text("utf-8")
    ]


@pytest.mark.browser
def test_korean_site_is_korean_and_shares_jupyterlite():
    pages = korean_pages()
    assert len(pages) >= 10
    for page in pages:
        html = page.read_text("utf-8")
        assert '<html lang="ko"' in html, page
        assert 'class="btn btn-sm course-language"' in html, f"{page}: no switcher"
        depth = len(page.relative_to(KO_SITE).parts) - 1
        assert f'href="{"../" * depth}../{page.relative_to(KO_SITE).as_posix()}"' in (
            html
        ), f"{page}: the switcher does not lead to the English page"
    assert not (KO_SITE / "lite").exists(), "JupyterLite built twice"
    chapter = (KO_SITE / "chapters" / "03_conv_layers.html").read_text("utf-8")
    # The Korean page opens the Korean browser copy of its chapter.
    # (In lite/ko/notebooks/, the notebook app with JupyterLab's Korean menus.)
    assert (
        'href="../../lite/ko/notebooks/index.html?path=chapters/03_conv_layers.ko.ipynb"'
        in chapter
    )
    assert "브라우저에서 실행" in chapter and "이 장의 슬라이드" in chapter
    # The interface words come from the project's catalogues for the theme's
    # domains (locales/theme), not from the finished HTML: Korean footer,
    # author, header buttons; the solution reads "연습 3.1 풀이".
    assert "CNN 강의 저자들" in chapter and "MIT 라이선스" in chapter
    for english in ("Skip to main content", "Back to top", "Text and code under"):
        assert english not in chapter, f"{english!r} on the Korean page"
    text = re.sub(r"<[^>]+>", "", chapter)
    assert re.search(r"연습 3\.\d+ 풀이", text), "no '연습 3.x 풀이' title"
    assert not re.search(r"(풀이|해답) 연습 3", text)
    console = (KO_SITE / "try_cnnlib.html").read_text("utf-8")
    assert "'../lite/repl/index.html" in console
    assert "'lite/repl" not in console
    index = (KO_SITE / "searchindex.js").read_text("utf-8")
    assert json.dumps("합성곱") in index, "the Korean index has no 합성곱"


@pytest.mark.browser
def test_korean_decks_and_pdf_are_built():
    korean_pages()
    decks = sorted((KO_SITE / "slides").glob("*.html"))
    english = sorted((ROOT / "_build" / "html" / "slides").glob("*.html"))
    assert [d.name for d in decks] == [d.name for d in english]
    for deck in decks:
        html = deck.read_text("utf-8")
        assert '<html lang="ko">' in html, deck.name
        assert deck.with_suffix(".pdf").is_file(), f"no handout for {deck.name}"
    if not (KO_SITE / "book.pdf").is_file():
        skip_or_fail("no _build/html/ko/book.pdf: run `make pdf`")


@pytest.mark.browser
def test_korean_figures_have_korean_alt_text():
    """Each alt text the cells catalogue translates is the Korean page's."""
    import html

    korean_pages()
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        page = (KO_SITE / "chapters" / f"{notebook.stem}.html").read_text("utf-8")
        alts = {html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', page)}
        catalogue = i18n.load(f"{i18n.CELLS}/{notebook.stem}")
        data = json.loads(notebook.read_text("utf-8"))
        for msgid, where in i18n.cell_messages(data):
            korean = catalogue.get(i18n.normalise(msgid))
            if where.endswith("image alt") and korean:
                assert korean in alts, f"{notebook.stem}: alt {msgid[:50]!r} not Korean"


def test_deck_table_in_korean_is_not_in_the_catalogues():
    """The instructors page's table of decks is generated in the page's
    language (its counts change with every deck), never a catalogue entry."""
    notebooks = sorted((ROOT / "chapters").glob("*.ipynb"))
    korean = slides.deck_table(notebooks[:1], "ko")
    english = slides.deck_table(notebooks, "en")
    assert korean[0].startswith("| 장 |") and english[0].startswith("| Chapter |")
    assert "분 |" in korean[2] and korean[-1].startswith("슬라이드는 모두")
    instructors = {i18n.normalise(m.id) for m in i18n.read(PAGES["instructors"])}
    assert i18n.normalise(english[-1]) not in instructors, (
        "the table's summary is in instructors.po: run make i18n-update"
    )
