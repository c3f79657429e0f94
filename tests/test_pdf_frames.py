"""The empty-frame detector (tests/pdf_frames.py) on pages made for it.

A code cell is placed so that its frame starts just above the foot of the
first printed page, with code too long to fit under it. Printed with the
theme's rule alone (a ``<pre>`` is kept whole), the frame's top stays
behind, empty: the detector must find it. Printed with the course's
``assets/print.css`` as well, the frame moves with its code: it must find
nothing. The real books are checked in ``test_site_decks.py::test_book_pdf``.
"""

from __future__ import annotations

from pdf_frames import empty_frames

from coursetools import ROOT

# What the theme does that matters here (myst-nb's frame on div.cell_input,
# a <pre> never split), and something without text above the code inside
# the frame (a spacer), where the browser may break; the page is white.
THEME = """
html, body { margin: 0; background: #fff; font: 16px/1.4 sans-serif; }
div.cell_input { border: 1px solid #ccc; background: #f5f5f5;
                 padding: 10px; margin: 0; }
pre { break-inside: avoid; margin: 0; }
div.spacer { height: 20px; }
"""
PAGE = """<!doctype html><html><head><meta charset="utf-8">
<style>{theme}</style><style>{course}</style></head><body>
<p style="height: {filler}px; margin: 0">A paragraph that fills the page.</p>
<div class="cell docutils container"><div class="cell_input docutils container">
<div class="spacer"></div><div class="highlight"><pre>{code}</pre></div></div></div>
<p>After the cell.</p></body></html>"""
CODE = "\n".join(f"value_{i} = {i} * {i}  # line {i}" for i in range(12))
# A4 at 96 px per inch, less the 40 px margins: 1043 px of content. The
# frame starts 40 px above the foot: its border, padding and spacer fit,
# its code (12 lines) does not.
A4_CONTENT_PX = 1123 - 2 * 40
FILLER_PX = A4_CONTENT_PX - 40


def print_page(browser, tmp_path, course_css: str):
    html = PAGE.format(theme=THEME, course=course_css, filler=FILLER_PX, code=CODE)
    page = browser.new_page()
    try:
        page.set_content(html)
        pdf = tmp_path / "page.pdf"
        page.pdf(
            path=str(pdf),
            format="A4",
            margin={"top": "40px", "bottom": "40px", "left": "40px", "right": "40px"},
            print_background=True,
        )
    finally:
        page.close()
    return pdf


def test_the_frame_left_behind_is_found(browser, tmp_path):
    pdf = print_page(browser, tmp_path, course_css="")
    found = empty_frames(pdf)
    assert [frame.page for frame in found] == [1], found


def test_the_course_print_css_keeps_the_frame_with_its_code(browser, tmp_path):
    course_css = (ROOT / "assets" / "print.css").read_text(encoding="utf-8")
    pdf = print_page(browser, tmp_path, course_css=course_css)
    assert empty_frames(pdf) == []


def test_a_frame_with_code_in_it_is_not_empty(browser, tmp_path):
    """The same cell higher up the page: its frame reaches the foot with
    code inside, so nothing is reported (no false alarm on full frames)."""
    pdf = print_page(browser, tmp_path, course_css="")
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        second = document.pages[1]
        assert any("value_0" in w["text"] for w in second.extract_words()), (
            "the code did not move to page 2: the page is not laid out as meant"
        )
    assert all(frame.page != 2 for frame in empty_frames(pdf))
