"""The two editions together, in chromium: the language switcher and Korean search.

Every page of the English site (``_build/html``) has a link to the same page
of the Korean one (``_build/html/ko``) and back, over http and from disk,
visible on a phone; the Korean search page finds a word written with a
particle (``합성곱층은`` finds the pages with ``합성곱층``). The other browser
tests run on each edition separately (``make site-test``).
"""

from __future__ import annotations

import re
from urllib.parse import quote

import english_words
import pytest
from site_browser import (
    book_pages,
    open_page,
    settle,
    skip_or_fail,
    wait_for_network_idle,
)

from coursetools import ROOT
from coursetools import browser as chromium

pytestmark = pytest.mark.browser

HTML = ROOT / "_build" / "html"
KO = HTML / "ko"
SWITCH = "a.course-language"
PHONE = (390, 844)


def english_pages() -> list[str]:
    """The English site's pages (not the redirects), once both are built."""
    if not (KO / "intro.html").is_file():
        return []
    return book_pages(skip_redirects=True, site=HTML)


@pytest.fixture(scope="module")
def both(browser):
    """Both editions on one local server: English at /, Korean at /ko/."""
    if not (KO / "intro.html").is_file():
        skip_or_fail(f"the Korean site is not built in {KO}: run `make book`")
    with chromium.served(HTML) as url:
        yield url


def follow_switch(page, record) -> None:
    page.locator(SWITCH).first.click()
    page.wait_for_load_state("load")
    # The page's own requests (favicon) finish before the next click.
    settle(page, record)


@pytest.mark.parametrize("page_path", english_pages())
def test_switcher_goes_to_the_same_page_and_back(browser, both, page_path):
    context, page, record = open_page(browser, f"{both}/{page_path}", both)
    try:
        assert page.get_attribute("html", "lang") == "en"
        follow_switch(page, record)
        assert page.url.split("#")[0] == f"{both}/ko/{page_path}"
        assert page.get_attribute("html", "lang") == "ko"
        assert page.locator(SWITCH).first.inner_text().strip() == "English"
        follow_switch(page, record)
        assert page.url.split("#")[0] == f"{both}/{page_path}"
        assert page.locator(SWITCH).first.inner_text().strip() == "한국어"
        problems = record.problems()
    finally:
        context.close()
    assert not problems, "\n".join([page_path, *problems])


def test_switcher_from_disk_and_on_a_phone(browser, both):
    chapter = next(p for p in english_pages() if p.startswith("chapters/"))
    context, page, record = open_page(
        browser, (HTML / chapter).as_uri(), None, viewport=PHONE
    )
    try:
        switch = page.locator(SWITCH).first
        box = switch.bounding_box()
        assert switch.is_visible() and box is not None
        assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE[0], box
        assert 0 <= box["y"] and box["y"] + box["height"] <= 60, (
            f"not in the header: {box}"
        )
        assert box["y"] + box["height"] <= PHONE[1], box
        follow_switch(page, record)
        assert page.url == (KO / chapter).as_uri()
        follow_switch(page, record)
        assert page.url == (HTML / chapter).as_uri()
        problems = record.problems()
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def korean_page_text(path) -> str:
    source = path.read_text("utf-8")
    # The article only: not the sidebar or the previous/next links, which
    # name other pages.
    main = re.search(r"<article.*?</article>", source, re.DOTALL)
    return re.sub(r"<[^>]+>", " ", main.group(0) if main else source)


@pytest.mark.parametrize("query", ["합성곱층은", "합성곱층"])
def test_korean_search_strips_particles(browser, both, query):
    """합성곱층은 (with the topic particle) finds the pages with 합성곱층."""
    expected = {
        p
        for p in english_pages()
        if p not in {"search.html", "genindex.html"}
        and "합성곱층" in korean_page_text(KO / p)
    }
    assert expected, "no Korean page mentions 합성곱층 (not translated yet?)"
    context, page, record = open_page(
        browser, f"{both}/ko/search.html?q={quote(query)}", both
    )
    try:
        page.wait_for_function(
            "() => /찾았습니다|문서가 없습니다/.test("
            "document.querySelector('#search-results')?.textContent || '')",
            timeout=15_000,
        )
        wait_for_network_idle(page, record)
        hrefs = page.eval_on_selector_all(
            "#search-results ul.search li > a",
            "els => els.map(e => e.getAttribute('href'))",
        )
        problems = record.problems()
    finally:
        context.close()
    found = {h.split("#")[0] for h in hrefs}
    assert expected <= found, f"{query}: not found on {sorted(expected - found)}"
    assert not problems, "\n".join(problems)


def test_korean_pages_have_korean_ui(browser, both):
    """The theme's own words in Korean (Sphinx's ko catalogue), lang="ko"."""
    context, page, record = open_page(browser, f"{both}/ko/intro.html", both)
    try:
        assert page.get_attribute("html", "lang") == "ko"
        labels = page.eval_on_selector_all(
            "[aria-label], [title], [placeholder]",
            "els => els.map(e => e.getAttribute('aria-label') || e.title"
            " || e.getAttribute('placeholder'))",
        )
        problems = record.problems()
    finally:
        context.close()
    assert any("검색" in (label or "") for label in labels), labels
    assert not problems, "\n".join(problems)


def korean_pages() -> list[str]:
    """The Korean site's pages (not the redirects, the index or search; not
    the references, a bibliography kept in its original language)."""
    if not (KO / "intro.html").is_file():
        return []
    return [
        p
        for p in book_pages(skip_redirects=True, site=KO)
        if p not in {"genindex.html", "search.html", "references.html"}
    ]


@pytest.mark.parametrize("page_path", korean_pages())
def test_korean_page_shows_no_english_word(browser, both, page_path):
    """No visible English word on a Korean page outside code, program output
    and formulas, but the glossary's terms and the reviewed names
    (tests/english_words.py, tests/english_names.txt)."""
    context, page, record = open_page(browser, f"{both}/ko/{page_path}", both)
    try:
        words = english_words.english_words(english_words.visible_text(page))
        problems = record.problems()
    finally:
        context.close()
    assert not words, (
        f"ko/{page_path}: English words {words} (translate them, or add a "
        "reviewed name to tests/english_names.txt)"
    )
    assert not problems, "\n".join(problems)
