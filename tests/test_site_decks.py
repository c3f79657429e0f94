"""The instructor decks in a real browser (Debian's chromium, Playwright).

For every deck of ``_build/html/slides`` at 1280x720 and at 1920x1080, step
through every slide with reveal.js's API and fail on a slide whose content
overflows the 1280x720 slide box, a slide with no visible text or image, a
solution, a hint or gated check code on a slide, raw Markdown on a slide
(backticks, ``**``, ``{exercise``), a slide without speaker notes, or any
console error or failed request. The right arrow and the space bar must
visit every slide in order, and the speaker view (S) must open from the
built deck with no network. ``make slides`` must have written a handout PDF
with one page per slide.

A contact sheet of each deck (a grid of slide thumbnails) is saved to
``_build/screenshots/contact-NN_topic.png`` for a person to review.
"""

from __future__ import annotations

import io
import json
import re
import statistics
import time
from dataclasses import asdict, dataclass

import pytest
from english_words import mostly_english
from pdf_frames import empty_frames
from site_browser import EDITION, SCREENSHOTS, SITE, decks, open_page, skip_or_fail

from coursetools.browser import pdf_pages

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1920, 1080)]
THUMB = (320, 180)


def manifest() -> dict:
    path = SITE / "slides" / "decks.json"
    return json.loads(path.read_text()) if path.is_file() else {}


# Everything about the slide on screen, measured in reveal's own 1280x720
# coordinates (offset sizes ignore the scaling transform).
SLIDE_REPORT = r"""() => {
  const slide = Reveal.getCurrentSlide();
  const clone = slide.cloneNode(true);
  clone.querySelectorAll("aside.notes").forEach((n) => n.remove());
  const visible = Array.from(slide.querySelectorAll("*")).filter(
    (el) => !el.closest("aside.notes") && el.getClientRects().length > 0);
  const prose = [];
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (el.closest("aside.notes, pre, code, script, style, mjx-container")) continue;
    prose.push(walker.currentNode.textContent);
  }
  const code = Array.from(slide.querySelectorAll(".jp-InputArea pre"))
    .map((el) => el.textContent);
  const notes = Array.from(slide.querySelectorAll("aside.notes"))
    .map((el) => el.textContent.trim()).join(" ");
  return {
    indices: Reveal.getIndices(),
    overflowY: slide.scrollHeight - slide.clientHeight,
    overflowX: slide.scrollWidth - slide.clientWidth,
    text: slide.innerText.trim(),
    prose: prose.join(" "),
    code: code.join("\n"),
    images: visible.filter((el) => el.matches("img, svg, mjx-container")).length,
    // The rules for a lecture slide (issue 25), measured.
    titled: visible.some((el) => el.matches("h1, h2, h3")),
    // Prose read off the screen: not code or math, nor the control labels
    // and readouts of an interactive widget (`.course-interactive`, the
    // explorer's slide), which are operated rather than read.
    words: (() => {
      const words = [];
      const walk = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
      while (walk.nextNode()) {
        const el = walk.currentNode.parentElement;
        if (el.closest("aside.notes, pre, code, script, style, mjx-container,"
            + " .course-interactive")) {
          continue;
        }
        if (!el.getClientRects().length) continue;
        words.push(...walk.currentNode.textContent.split(/\s+/)
          .filter((w) => /[\p{L}\p{N}]/u.test(w)));
      }
      return words.join(" ");
    })(),
    figureFill: (() => {
      const box = slide.getBoundingClientRect();
      const area = box.width * box.height;
      return visible
        .filter((el) => el.matches("img, svg") && !el.closest("mjx-container"))
        .map((el) => el.getBoundingClientRect())
        .reduce((sum, r) => sum + r.width * r.height, 0) / area;
    })(),
    visual: visible.some((el) => el.matches(
      "img, svg, table, mjx-container[display=true]")),
    notes: notes,
    fit: slide.dataset.courseFit || "",
    cut: visible.filter((el) => el.matches("pre, table, div")
        && getComputedStyle(el).overflowX !== "visible"
        && el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.textContent.trim().slice(0, 40)),
    smallest: Math.min(1000, ...visible.filter((el) => Array.from(el.childNodes)
        .some((n) => n.nodeType === 3 && n.textContent.trim()))
      .map((el) => parseFloat(getComputedStyle(el).fontSize)
        * (parseFloat(getComputedStyle(el.closest(".course-zoom") || el).zoom) || 1))),
    // An interactive slide's widget sizes its own text (at least 18 px:
    // tests/test_site_explorer.py).
    small: visible.filter((el) => el.matches("p, li")
        && !el.closest(".course-caption, table, aside, .course-interactive")
        && parseFloat(getComputedStyle(el).fontSize) < 28)
      .map((el) => getComputedStyle(el).fontSize + " " + el.textContent.slice(0, 30)),
  };
}"""

RAW_MARKDOWN = ["`", "**", "{exercise", "{solution", ":::", "```", "](", "{doc}"]
SOLUTION_WORDS = re.compile(r"\b(Solution|Hint)\b")
# A slide the builder had to zoom below this to fit is not readable: it needs
# a shorter `slides.text`, fewer outputs or a slide of its own.
MIN_ZOOM = 0.8
# Nor is text smaller than this (px at 1280x720; the body is 30 px).
MIN_TEXT_PX = 10


@dataclass(frozen=True)
class DeckRules:
    """What a deck must reach (issue 25), in numbers over its slides."""

    untitled: int  # slides without a title (the title slide may be one)
    max_words: int  # words on the busiest slide (not code, not math)
    median_words: float
    figure_fill: float  # median share of the slide a figure fills, figure slides
    visual_share: float  # slides showing a figure, diagram, formula or table
    english_slides: int  # Korean slides that are mostly English (outside code)


# The lecture's bar: the decks rewritten for the screen (slides.title,
# slides.text, the prose in the notes) are held to it.
BAR = DeckRules(
    untitled=1,
    max_words=40,
    median_words=20,
    figure_fill=0.40,
    visual_share=0.5,
    english_slides=0,
)
# Each deck's rules; the decks rewritten for the screen (all of them, both
# editions) are held to BAR.
RULES: dict[str, DeckRules] = {
    "01_lenet_history": BAR,
    "02_cnn_vs_dense": BAR,
    "03_conv_layers": BAR,
    "04_pooling_dense": BAR,
    "05_im2col": BAR,
    "06_what_cnns_learn": BAR,
    "07_cnns_after_vgg": BAR,
    "08_training_deep_cnns": BAR,
}
# A deck not yet written for the screen gets a row here with what it
# measures now (English at 1280x720, both editions); a ratchet: tighten the
# row when the deck improves, move the deck to RULES/BAR when rewritten.
# Every deck meets BAR today.
RATCHET: dict[str, DeckRules] = {}


def deck_numbers(reports: list[dict]) -> DeckRules:
    """The rules' numbers, measured on a deck's slides."""
    words = [len(r["words"].split()) for r in reports]
    fills = [r["figureFill"] for r in reports if r["figureFill"] > 0]
    return DeckRules(
        untitled=sum(not r["titled"] for r in reports),
        max_words=max(words),
        median_words=statistics.median(words),
        figure_fill=round(statistics.median(fills), 3) if fills else 1.0,
        visual_share=round(sum(r["visual"] for r in reports) / len(reports), 3),
        english_slides=sum(
            EDITION == "ko" and mostly_english(r["words"]) for r in reports
        ),
    )


def rule_problems(numbers: DeckRules, rules: DeckRules) -> list[str]:
    problems = []
    for name in ("untitled", "max_words", "median_words", "english_slides"):
        if getattr(numbers, name) > getattr(rules, name):
            problems.append(
                f"{name}: {getattr(numbers, name)} (at most {getattr(rules, name)})"
            )
    for name in ("figure_fill", "visual_share"):
        if getattr(numbers, name) < getattr(rules, name) - 1e-9:
            problems.append(
                f"{name}: {getattr(numbers, name)} (at least {getattr(rules, name)})"
            )
    return problems


def slide_problems(number: int, report: dict) -> list[str]:
    where = f"slide {number}"
    problems = []
    if report["overflowY"] > 1 or report["overflowX"] > 1:
        problems.append(
            f"{where}: content overflows the slide by "
            f"{report['overflowY']} px down, {report['overflowX']} px right"
        )
    if report["smallest"] < MIN_TEXT_PX:
        problems.append(
            f"{where}: text of {report['smallest']:.0f} px (under {MIN_TEXT_PX})"
        )
    problems += [f"{where}: cut off at the right: {text!r}" for text in report["cut"]]
    if not report["fit"] and report["small"]:
        problems.append(f"{where}: body text under 28 px: {report['small'][:2]}")
    if not report["text"] and not report["images"]:
        problems.append(f"{where}: nothing visible (no text, no image)")
    for match in SOLUTION_WORDS.finditer(report["text"]):
        at = match.start()
        problems.append(
            f"{where}: shows a {match[1].lower()}: "
            f"{report['text'][max(0, at - 30) : at + 50]!r}"
        )
    zoom = re.search(r"zoom ([0-9.]+)", report["fit"])
    if zoom and float(zoom[1]) < MIN_ZOOM:
        title = report["text"].splitlines()[0][:60] if report["text"] else ""
        problems.append(
            f"{where} ({title!r}): too much to read; zoomed to {zoom[1]} "
            "to fit (give its cells `slides.text`, or skip some)"
        )
    if "Exercise" in report["text"] and "assert" in report["code"]:
        problems.append(f"{where}: an exercise slide shows check code")
    for marker in RAW_MARKDOWN:
        if marker in report["prose"]:
            at = report["prose"].index(marker)
            problems.append(
                f"{where}: raw Markdown {marker!r}: "
                f"{report['prose'][max(0, at - 30) : at + 30]!r}"
            )
    if not report["notes"]:
        problems.append(f"{where}: no speaker notes")
    return problems


def contact_sheet(shots: list[bytes], path) -> None:
    """A grid of thumbnails, 5 across, each numbered."""
    from PIL import Image, ImageDraw

    columns = 5
    rows = (len(shots) + columns - 1) // columns
    pad = 6
    sheet = Image.new(
        "RGB",
        (columns * (THUMB[0] + pad) + pad, rows * (THUMB[1] + pad) + pad),
        "#777",
    )
    draw = ImageDraw.Draw(sheet)
    for i, png in enumerate(shots):
        thumb = Image.open(io.BytesIO(png)).convert("RGB").resize(THUMB)
        x = pad + (i % columns) * (THUMB[0] + pad)
        y = pad + (i // columns) * (THUMB[1] + pad)
        sheet.paste(thumb, (x, y))
        draw.rectangle((x + THUMB[0] - 26, y, x + THUMB[0], y + 16), fill="#000")
        draw.text((x + THUMB[0] - 23, y + 3), str(i + 1), fill="#fff")
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path)


def test_decks_are_built(site):
    assert decks(), "no slide decks: `make book` runs `make slides`"
    built = manifest()
    assert sorted(built) == [d.removesuffix(".html") for d in decks()], (
        "slides/decks.json does not list every deck: rerun `make slides`"
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("deck", decks())
def test_deck(browser, server, deck, size):
    started = time.perf_counter()
    context, page, record = open_page(
        browser, f"{server}/slides/{deck}", server, viewport=size
    )
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        page.add_style_tag(content=".reveal .fragment { transition: none !important; }")
        problems = []
        total = page.evaluate("() => Reveal.getTotalSlides()")
        expected = manifest().get(deck.removesuffix(".html"), {}).get("slides")
        if total != expected:
            problems.append(f"{total} slides, but the deck builder counted {expected}")
        if page.evaluate("() => Reveal.getVerticalSlides().length") != total:
            problems.append("sub-slides: the right arrow would skip some slides")
        shots, smallest, reports = [], [], []
        for index in range(total):
            page.evaluate(
                f"() => {{ Reveal.slide({index}, 0, -1);"
                " while (Reveal.nextFragment()); }"
            )
            report = page.evaluate(SLIDE_REPORT)
            problems += slide_problems(index + 1, report)
            smallest.append(round(report["smallest"]))
            reports.append(report)
            if size == SIZES[0]:
                shots.append(page.screenshot(type="png"))
        if shots:
            contact_sheet(shots, SCREENSHOTS / f"contact-{deck[:-5]}.png")
        if size == SIZES[0]:  # the keys do not depend on the window size
            problems += check_keys(page, total)
            problems += check_rules(deck[:-5], reports)
        problems += record.problems()
    finally:
        context.close()
    # For the reviewer (-s): the smallest text on each slide, in px of 1280x720.
    print(
        f"{deck} at {size}: {total} slides in {time.perf_counter() - started:.1f} s;"
        f" smallest text per slide (px): {smallest}"
    )
    assert not problems, "\n".join([f"{deck} at {size[0]}x{size[1]}", *problems])


def check_rules(stem: str, reports: list[dict]) -> list[str]:
    """The deck's numbers against its row of ``RULES`` (or ``RATCHET``);
    the numbers go to ``_build/screenshots/[ko/]rules-NN_topic.json``."""
    numbers = deck_numbers(reports)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"rules-{stem}.json").write_text(
        json.dumps(asdict(numbers), indent=1) + "\n"
    )
    print(f"{stem} ({EDITION}): {numbers}")
    rules = RULES.get(stem) or RATCHET.get(stem)
    if rules is None:
        return [f"{stem}: no row in RULES or RATCHET ({numbers})"]
    return [f"rules: {p}" for p in rule_problems(numbers, rules)]


def check_keys(page, total: int) -> list[str]:
    """Right arrow and space bar each visit every slide, in order."""
    problems = []
    for key in ["ArrowRight", "Space"]:
        page.evaluate("() => Reveal.slide(0, 0, -1)")
        page.focus("body")
        seen = [page.evaluate("() => Reveal.getIndices().h")]
        for _ in range(4 * total + 200):
            if page.evaluate(
                "() => Reveal.isLastSlide() && !Reveal.availableFragments().next"
            ):
                break
            page.keyboard.press(key)
            now = page.evaluate("() => Reveal.getIndices().h")
            if now != seen[-1]:
                seen.append(now)
        if seen != list(range(total)):
            problems.append(f"{key} visits slides {seen[:12]}..., not 0..{total - 1}")
    return problems


@pytest.mark.parametrize("deck", decks()[:1])
def test_speaker_view_opens_offline(browser, server, deck):
    """S opens reveal's speaker view, from the vendored notes plugin."""
    context, page, record = open_page(browser, f"{server}/slides/{deck}", server)
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        page.focus("body")
        with context.expect_page() as popup_info:
            page.keyboard.press("s")
        notes = popup_info.value
        notes.wait_for_selector("#current-slide iframe", timeout=10_000)
        notes.wait_for_function(
            "() => document.querySelector('.speaker-controls-notes .value')"
            " && document.querySelector('.speaker-controls-notes .value')"
            ".textContent.trim().length > 0",
            timeout=10_000,
        )
        text = notes.inner_text(".speaker-controls-notes")
        problems = record.problems()
    finally:
        context.close()
    assert text.strip(), "the speaker view shows no notes"
    assert not problems, "\n".join([deck, *problems])


MATH_AND_KOREAN = r"""() => {
  const hangul = /[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]/;
  const unmarked = [];
  // The slides themselves (reveal's aria-live status copies slide text).
  const root = document.querySelector(".reveal .slides");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!hangul.test(node.data) || el.closest("script, style")) continue;
    const marked = el.closest("[lang=ko]");
    if (!marked || getComputedStyle(marked).wordBreak !== "keep-all") {
      unmarked.push(node.data.trim().slice(0, 40));
    }
  }
  const slides = document.querySelector(".reveal .slides");
  const clone = slides.cloneNode(true);
  clone.querySelectorAll("aside.notes, mjx-container, pre, code, script")
    .forEach((n) => n.remove());
  return {
    unmarked: unmarked,
    errors: document.querySelectorAll("mjx-merror").length,
    formulas: document.querySelectorAll("mjx-container").length,
    tex: (clone.textContent.match(/\\(texttt|frac|_)|\$\$/g) || []).length,
  };
}"""


@pytest.mark.parametrize("deck", decks())
def test_deck_math_typeset_and_korean_marked(browser, server, deck):
    """Every formula typesets (textmacros: ``\\texttt{W\\_col}``); Hangul is
    marked ``lang="ko"`` with ``word-break: keep-all``, as in the book."""
    context, page, record = open_page(browser, f"{server}/slides/{deck}", server)
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise"
        )
        page.evaluate("() => MathJax.startup.promise")
        report = page.evaluate(MATH_AND_KOREAN)
        problems = record.problems()
    finally:
        context.close()
    assert report["errors"] == 0, f"{deck}: {report['errors']} MathJax errors"
    assert report["tex"] == 0, f"{deck}: literal TeX left on the slides"
    assert report["unmarked"] == [], f"{deck}: Korean not marked {report['unmarked']}"
    assert not problems, "\n".join([deck, *problems])


@pytest.mark.parametrize("deck", decks())
def test_handout_pdf(site, deck):
    """``make slides`` printed the deck: one page per slide."""
    pdf = site / "slides" / deck.replace(".html", ".pdf")
    if not pdf.is_file():
        skip_or_fail(f"no handout {pdf.name}: `make slides` writes it")
    slides = manifest()[deck.removesuffix(".html")]["slides"]
    pages = pdf_pages(pdf)
    assert pages == slides, f"{pdf.name}: {pages} pages for {slides} slides"


def test_deck_from_disk(browser, site):
    """Opened straight from disk (file://), a deck still works."""
    deck = site / "slides" / decks()[0]
    context, page, record = open_page(browser, deck.as_uri(), None)
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        typeset = page.evaluate(
            "() => document.querySelectorAll('mjx-container').length"
        )
        problems = record.problems()
    finally:
        context.close()
    assert typeset or "$" not in deck.read_text(encoding="utf-8")
    assert not problems, "\n".join([deck.name, *problems])


def test_book_pdf(site):
    """``make pdf``: the whole book, Korean and formulas in their own fonts."""
    pdf = site / "book.pdf"
    if not pdf.is_file():
        skip_or_fail("no _build/html/book.pdf: run `make pdf`")
    data = pdf.read_bytes()
    fonts = set(re.findall(rb"/FontName /[A-Z]{6}\+([\w-]+)", data))
    assert pdf_pages(pdf) > 50, f"{pdf_pages(pdf)} pages: the book is missing"
    assert any(b"CJK" in font for font in fonts), f"no Korean font: {fonts}"
    assert any(font.startswith(b"MathJax_") for font in fonts), (
        f"formulas not typeset by MathJax: {fonts}"
    )
    intro = (site / "intro.html").read_text(encoding="utf-8")
    assert 'href="book.pdf"' in intro, "the intro page does not link the PDF"
    # No page ends with an empty code-cell frame whose code went on to the
    # next page (issue 25; the detector is tested in test_pdf_frames.py).
    left_behind = empty_frames(pdf)
    assert not left_behind, (
        f"{len(left_behind)} pages end with an empty frame: "
        f"{[frame.page for frame in left_behind]} (assets/print.css)"
    )


AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}"""


@pytest.mark.parametrize("deck", decks())
def test_deck_accessible(browser, server, deck):
    """WCAG 2.1 A and AA by axe-core (vendored from npm, tests/vendor/), once
    per deck at 1280x720, on its first slide and on one from its middle:
    the slide number, controls and link back, a slide's text and images."""
    from coursetools import ROOT

    axe = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
    if not axe.is_file():
        skip_or_fail("tests/vendor/axe-core/axe.min.js missing: make vendor")
    context, page, record = open_page(
        browser, f"{server}/slides/{deck}", server, viewport=SIZES[0]
    )
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        page.evaluate("() => MathJax.startup.promise")
        page.add_script_tag(path=str(axe))
        violations = page.evaluate(AXE_RUN)
        page.evaluate("() => Reveal.slide(Math.floor(Reveal.getTotalSlides() / 2))")
        violations += page.evaluate(AXE_RUN)
        problems = record.problems()
    finally:
        context.close()
    assert not violations, f"{deck}: {violations}"
    assert not problems, "\n".join([deck, *problems])
