"""The built site and slides in a real browser (Debian's chromium, Playwright).

``make site-test`` builds the book and runs these; ``make unit`` leaves them
out (``-m "not browser"``). Every page of ``_build/html`` and every deck in
``_build/html/slides`` is opened from a local server and must load with no
console error, no failed request and no request to any other host; every
formula must be typeset and every image loaded with alt text. Screenshots of
each chapter page go to ``_build/screenshots/`` for review. The decks slide by
slide: ``tests/test_site_decks.py``.

Where chromium or the built site is missing the tests skip, except under CI
(``CI`` set), where they fail: CI must run them.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from site_browser import (
    SCREENSHOTS,
    SITE,
    PageRecord,
    book_pages,
    decks,
    open_page,
    skip_or_fail,
)

pytestmark = pytest.mark.browser

REFRESH = re.compile(r'http-equiv="refresh"[^>]*url=([^"]+)"', re.IGNORECASE)


def site_pages() -> list[str]:
    """Every HTML page of the book (not the decks), relative to the site."""
    return book_pages()


MATH_REPORT = """() => {
  const raw = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const inlineTex = /\\$[^$\\n]*[\\\\^_][^$\\n]*\\$/;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || el.closest(
        "pre, code, script, style, textarea, mjx-container, .highlight, kbd")) {
      continue;
    }
    const text = node.textContent;
    if (text.includes("$$") || text.includes("\\\\(") || text.includes("\\\\[")
        || text.includes("\\\\begin{") || inlineTex.test(text)) {
      raw.push(text.trim().slice(0, 80));
    }
  }
  return {
    raw: raw,
    errors: document.querySelectorAll("mjx-merror, [data-mjx-error]").length,
    math: document.querySelectorAll("span.math, div.math").length,
    typeset: document.querySelectorAll("mjx-container").length,
  };
}"""

IMAGE_REPORT = """() => Array.from(document.images)
  .filter((img) => !img.complete || img.naturalWidth === 0
                   || !(img.getAttribute("alt") || "").trim())
  .map((img) => `${img.src.slice(0, 80)} (loaded: ${img.naturalWidth > 0}, `
                + `alt: ${JSON.stringify(img.getAttribute("alt"))})`)"""


def check_page(page, record: PageRecord) -> list[str]:
    """Everything every page and deck must satisfy; returns the problems."""
    problems = record.problems()
    math = page.evaluate(MATH_REPORT)
    problems += [f"formula not typeset: {text!r}" for text in math["raw"]]
    if math["errors"]:
        problems.append(f"{math['errors']} MathJax error node(s)")
    if math["math"] and not math["typeset"]:
        problems.append(f"{math['math']} formula(s) and none typeset")
    problems += [f"image: {problem}" for problem in page.evaluate(IMAGE_REPORT)]
    return problems


def test_site_is_built():
    if not site_pages():
        skip_or_fail(f"no pages in {SITE}: run `make book` first")
    assert "intro.html" in site_pages()
    assert decks(), "no slide decks: `make book` runs `make slides`"


@pytest.mark.parametrize("page_path", site_pages())
def test_page(browser, server, page_path):
    # Jupyter Book's index.html redirects to the root page: check where it goes.
    refresh = REFRESH.search((SITE / page_path).read_text(encoding="utf-8"))
    target = urljoin(f"{server}/{page_path}", refresh[1]) if refresh else None
    context, page, record = open_page(
        browser, f"{server}/{page_path}", server, redirect_to=target
    )
    try:
        problems = check_page(page, record)
        # Inline scripts (e.g. sphinx-thebe's `const THEBE_JS_URL`) once each.
        inline = page.eval_on_selector_all(
            "head script:not([src])", "els => els.map((el) => el.textContent)"
        )
        problems += [
            f"inline script repeated: {body[:60]!r}"
            for body in {b for b in inline if inline.count(b) > 1}
        ]
        footer = page.inner_text(".bd-footer-content")
        if "2026" not in footer or "MIT" not in footer:
            problems.append(f"footer lacks year or licence: {footer!r}")
        if not page.query_selector("link[rel~='icon']"):
            problems.append("no favicon link")
        if page_path.startswith("chapters/"):
            problems += check_chapter_page(page, page_path)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = Path(page_path).stem
            page.screenshot(path=str(SCREENSHOTS / f"page-{name}.png"))
    finally:
        context.close()
    assert not problems, "\n".join([page_path, *problems])


def check_chapter_page(page, page_path: str) -> list[str]:
    """Launch, download and slides links of a chapter page."""
    problems = []
    stem = Path(page_path).stem
    hrefs = page.eval_on_selector_all(
        "a[href]", "els => els.map((el) => el.getAttribute('href'))"
    )
    if not any("mybinder.org" in h and f"{stem}.ipynb" in h for h in hrefs):
        problems.append("no Binder launch button")
    if not any(
        "colab.research.google.com" in h and f"{stem}.ipynb" in h for h in hrefs
    ):
        problems.append("no Colab launch button")
    if not any(h.endswith(f"_sources/chapters/{stem}.ipynb") for h in hrefs):
        problems.append("no .ipynb download button")
    slides = [h for h in hrefs if h.endswith(f"slides/{stem}.html")]
    if not slides:
        problems.append("no link to the chapter's slides")
    elif not (SITE / "chapters" / slides[0]).resolve().is_file():
        problems.append(f"slides link is broken: {slides[0]}")
    return problems


def test_search_finds_a_word(browser, server):
    context, page, record = open_page(
        browser, f"{server}/search.html?q=convolution", server
    )
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=15_000)
        results = page.eval_on_selector_all("#search-results ul.search li", "e => e")
        assert results, "the search page found nothing for 'convolution'"
        assert not record.problems(), "\n".join(record.problems())
    finally:
        context.close()


def test_math_renders_from_disk(browser, site):
    """Opened straight from disk (file://), the site and a deck still work."""
    with_math = [
        p for p in site_pages() if 'class="math' in (site / p).read_text("utf-8")
    ]
    if not with_math:
        skip_or_fail("no page of the site has a formula yet")
    context, page, record = open_page(browser, (site / with_math[0]).as_uri(), None)
    try:
        problems = check_page(page, record)
        math = page.evaluate(MATH_REPORT)
        assert math["typeset"] > 0, "no formula typeset from file://"
    finally:
        context.close()
    assert not problems, "\n".join([with_math[0], *problems])
