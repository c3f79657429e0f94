"""The site in a second Chromium build (``conftest.SECOND_CHROMIUM``:
Debian's ``chromium-headless-shell`` unless ``COURSE_SECOND_CHROMIUM`` names
another).

The browser tests must not depend on one build's timing. Playwright's
"networkidle" never came in the headless shell after reveal.js set a deck's
hash, with every request finished; ``site_browser.settle`` now counts the
requests itself. Here every deck and the pages with the most to load open
and settle in the second build, with no console error, failed request or
request to another host, and MathJax typesets what each has.
"""

from __future__ import annotations

import pytest
from site_browser import decks, open_page

#: The home page, the explorer's chapter and the one with the most formulas.
PAGES = ["intro.html", "chapters/03_conv_layers.html", "chapters/05_im2col.html"]
MATH = "() => document.querySelectorAll('mjx-container').length"


@pytest.mark.parametrize("deck", decks())
def test_deck_settles_in_a_second_chromium(second_browser, server, deck):
    context, page, record = open_page(second_browser, f"{server}/slides/{deck}", server)
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        slides = page.evaluate("() => Reveal.getTotalSlides()")
        math = page.evaluate(MATH)
        problems = record.problems()
    finally:
        context.close()
    assert slides > 0 and not problems, "\n".join(problems)
    assert math > 0, f"{deck}: MathJax typeset nothing"  # every deck has some


@pytest.mark.parametrize("page_path", PAGES)
def test_page_settles_in_a_second_chromium(second_browser, server, page_path):
    context, page, record = open_page(second_browser, f"{server}/{page_path}", server)
    try:
        math = page.evaluate(MATH)
        title = page.title()
        problems = record.problems()
    finally:
        context.close()
    assert title and not problems, "\n".join(problems)
    if page_path.startswith("chapters/"):
        assert math > 0, f"{page_path}: MathJax typeset nothing"
