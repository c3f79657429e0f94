"""The convolution explorer on the built site (issue 24), in chromium.

The explorer (assets/conv-explorer.js, embedded in Chapter 3 and its deck)
must compute what the course computes. Each case sets the page's controls
as a reader would, reads back what the page computed
(``window.convExplorer.state()``: its input, filter, padding and output map)
and compares the output map with ``cnnlib``:

- convolution: ``cnnlib.conv_naive.conv2d_nchw`` on the input padded as
  ``cnnlib.shapes.same_padding`` says (``np.pad``, because ``conv2d_nchw``
  pads every side alike and 'same' may not) with the filter dilated by
  inserting ``D - 1`` zeros between its taps (``conv2d_nchw`` has no
  dilation: a dilated filter is an ordinary filter of size ``D(F - 1) + 1``,
  as Chapter 3 says);
- pooling: ``cnnlib.conv_naive.pool2d_single`` on each channel.

The input and filter the page used are checked against the shipped data
(``cnnlib/data``), so the comparison is on the course's own numbers. Then:
phone (touch) and desktop, light and dark, no request to another host and
no console error, nothing wider than the screen, screenshots; the keyboard
steps the window, a tap moves it; the page works opened from disk. The
Chapter 3 deck runs it live on a slide of its own, at 1280x720 and
1920x1080: the same arithmetic, text of at least 18 px, nothing outside the
slide, speaker notes in words, and the right arrow still pages on. On the Korean edition
(``COURSE_SITE_DIR=_build/html/ko``) the labels are the catalogue's Korean.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest
import site_browser
from site_browser import EDITION, open_page

from cnnlib.conv_naive import conv2d_nchw, pool2d_single
from cnnlib.shapes import same_padding
from coursetools import ROOT, explorer

pytestmark = pytest.mark.browser

CHAPTER = "chapters/03_conv_layers.html"
DECK = "slides/03_conv_layers.html"
SHOTS = Path(os.environ.get("EXPLORER_SHOTS", site_browser.SCREENSHOTS / "explorer"))
HANGUL = re.compile("[\uac00-\ud7a3]")
DATA = explorer.read_script(explorer.OUT.read_text("utf-8"))
SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
EDGE = np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=float)

STATE = """() => {
  const s = window.convExplorer.state(0);
  return {input: s.spec.input, filter: s.spec.filter || null, mode: s.spec.mode,
          stride: s.spec.stride, dilation: s.spec.dilation || 1,
          size: s.spec.size || null, pad: s.result && s.result.pad,
          output: s.result && s.result.output, position: s.position,
          count: s.count};
}"""


def dilate(filters: np.ndarray, d: int) -> np.ndarray:
    """(FN, C, FH, FW) filters with ``d - 1`` zeros between taps."""
    fn, c, fh, fw = filters.shape
    out = np.zeros((fn, c, d * (fh - 1) + 1, d * (fw - 1) + 1))
    out[:, :, ::d, ::d] = filters
    return out


def reference_conv(x, w, stride, pad, dilation):
    """cnnlib's convolution of (C, H, W) with one (C, FH, FW) filter."""
    top, bottom, left, right = pad
    padded = np.pad(x, ((0, 0), (top, bottom), (left, right)))
    return conv2d_nchw(padded[None], dilate(w[None], dilation), stride=stride)[0]


def test_dilate_is_the_dilated_convolution():
    """The reference's dilation, checked by hand at one output cell."""
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(2, 9, 9)), rng.normal(size=(2, 3, 3))
    out = reference_conv(x, w, stride=1, pad=(0, 0, 0, 0), dilation=2)
    assert out.shape == (1, 5, 5)
    by_hand = sum(
        x[c, 1 + 2 * u, 2 + 2 * v] * w[c, u, v]
        for c in range(2)
        for u in range(3)
        for v in range(3)
    )
    assert out[0, 1, 2] == pytest.approx(by_hand)


def trained_filter(network: str, index: int) -> np.ndarray:
    """First-layer filter ``index`` of a trained network, from its .npz."""
    if network == "small_cnn":
        with np.load(explorer.DATA / "small_cnn.npz") as data:
            return data["w00"][:, :, 0, index]  # Keras: (FH, FW, C, FN)
    with np.load(explorer.DATA / "simple_convnet.npz") as data:
        return data["W1"][index, 0]  # NumPy: (FN, C, FH, FW)


def shipped_input(source: str) -> np.ndarray:
    entry = DATA["photo"] if source == "photo" else DATA["digits"][int(source)]
    pixels = explorer.decode(entry).astype(float) / 255
    return pixels[None] if pixels.ndim == 2 else np.transpose(pixels, (2, 0, 1))


# (controls, (the expected 2-D kernel or (network, index), channel weights)
# or (pooling mode, window))
CASES = {
    "digit, Sobel x, stride 2, uneven same": (
        {"input": "3", "kernel": "sobelx", "stride": "2", "padding": "same"},
        (SOBEL_X, [1.0]),
    ),
    "digit, trained Keras filter, stride 2, dilation 2, uneven same": (
        {
            "input": "7",
            "kernel": "small_cnn",
            "filter": "5",
            "stride": "2",
            "padding": "same",
            "dilation": "2",
        },
        (("small_cnn", 5), [1.0]),
    ),
    "photo, three channels, edge, red minus green, dilation 2, same": (
        {
            "input": "photo",
            "kernel": "edge",
            "channels": "rg",
            "stride": "1",
            "padding": "same",
            "dilation": "2",
        },
        (EDGE, [1.0, -1.0, 0.0]),
    ),
    "photo, three channels, trained 5x5 filter, stride 2, explicit padding": (
        {
            "input": "photo",
            "kernel": "simple_convnet",
            "filter": "7",
            "channels": "mean",
            "stride": "2",
            "padding": "2",
        },
        (("simple_convnet", 7), [1 / 3] * 3),
    ),
    "digit, blur, dilation 3, valid": (
        {"input": "0", "kernel": "blur", "padding": "valid", "dilation": "3"},
        (np.full((3, 3), 1 / 9), [1.0]),
    ),
    "photo, max pooling 2x2, stride 2": (
        {"input": "photo", "operation": "max", "window": "2", "stride": "2"},
        ("max", 2),
    ),
    "digit, average pooling 3x3, stride 3": (
        {"input": "9", "operation": "avg", "window": "3", "stride": "3"},
        ("average", 3),
    ),
}
ORDER = [
    "input",
    "operation",
    "kernel",
    "filter",
    "channels",
    "window",
    "stride",
    "padding",
    "dilation",
]


def set_controls(page, controls: dict) -> None:
    for name in ORDER:
        if name not in controls:
            continue
        field = page.locator(f"[data-control={name}]").first
        if name == "filter":
            field.fill(controls[name])
            field.dispatch_event("change")
        else:
            field.select_option(controls[name])


@pytest.fixture(scope="module")
def chapter(browser, server):
    context, page, record = open_page(browser, f"{server}/{CHAPTER}", server)
    page.wait_for_function(
        "() => window.convExplorer && window.convExplorer.explorers.length"
    )
    yield page, record
    context.close()


@pytest.mark.parametrize("case", list(CASES))
def test_the_page_computes_what_cnnlib_computes(chapter, case):
    page, record = chapter
    page.reload(wait_until="load")
    page.wait_for_function(
        "() => window.convExplorer && window.convExplorer.explorers.length"
    )
    controls, expected = CASES[case]
    set_controls(page, controls)
    state = page.evaluate(STATE)
    x = np.array(state["input"], dtype=float)
    np.testing.assert_array_equal(x, shipped_input(controls["input"]))
    assert state["stride"] == int(controls.get("stride", 1))
    page_out = np.array(state["output"], dtype=float)
    if state["mode"] == "conv":
        kernel, weights = expected
        if isinstance(kernel, tuple):  # a trained filter: (network, index)
            network, index = kernel
            kernel = np.array(DATA["trained"][network][index])
            np.testing.assert_allclose(
                kernel, trained_filter(network, index), atol=5e-5
            )
        w = np.array(state["filter"], dtype=float)
        np.testing.assert_allclose(
            w, np.array(weights)[:, None, None] * kernel, atol=1e-15
        )
        d = int(controls.get("dilation", 1))
        assert state["dilation"] == d
        H, W = x.shape[1:]
        if controls.get("padding") == "same":
            pad = same_padding(
                H, w.shape[1], state["stride"], dilation=d
            ) + same_padding(W, w.shape[2], state["stride"], dilation=d)
        elif controls.get("padding", "valid") == "valid":
            pad = (0, 0, 0, 0)
        else:
            pad = (int(controls["padding"]),) * 4
        assert tuple(state["pad"]) == pad
        reference = reference_conv(x, w, state["stride"], pad, d)
    else:
        mode, size = expected
        assert state["size"] == size
        reference = np.stack(
            [pool2d_single(channel, size, state["stride"], mode=mode) for channel in x]
        )
    assert page_out.shape == reference.shape
    np.testing.assert_allclose(page_out, reference, rtol=1e-12, atol=1e-12)
    assert record.problems() == []


def test_uneven_same_padding_is_among_the_cases():
    """The cases above include an uneven 'same' split, dilation 2, stride 2
    and three channels (the issue's minimum)."""
    assert same_padding(28, 3, 2) == (0, 1)
    assert same_padding(28, 3, 2, dilation=2) == (1, 2)
    names = " ".join(CASES)
    for part in ("uneven same", "dilation 2", "stride 2", "three channels"):
        assert part in names


def test_compute_on_random_numbers(chapter):
    """window.convExplorer.compute on arbitrary (negative, odd-sized) input."""
    page, _ = chapter
    rng = np.random.default_rng(24)
    x = rng.normal(size=(3, 11, 8))
    w = rng.normal(size=(3, 2, 3))
    for stride, dilation in [(2, 2), (3, 1), (1, 3)]:
        got = page.evaluate(
            "([x, w, s, d]) => window.convExplorer.compute({input: x, filter: w,"
            " mode: 'conv', stride: s, padding: 'same', dilation: d})",
            [x.tolist(), w.tolist(), stride, dilation],
        )
        pad = same_padding(11, 2, stride, dilation=dilation) + same_padding(
            8, 3, stride, dilation=dilation
        )
        assert tuple(got["pad"]) == pad
        np.testing.assert_allclose(
            np.array(got["output"][0]),
            reference_conv(x, w, stride, pad, dilation)[0],
            rtol=1e-12,
            atol=1e-12,
        )


VIEWS = {
    "phone": {"viewport": (390, 844), "has_touch": True},
    "desktop": {"viewport": (1366, 900), "has_touch": False},
}

WIDEST = """() => {
  const root = document.querySelector('[data-conv-explorer]');
  let right = 0;
  for (const el of [root, ...root.querySelectorAll('*')]) {
    const r = el.getBoundingClientRect();
    if (r.width && !el.closest('.cx-block')) right = Math.max(right, r.right);
  }
  return {right, width: document.documentElement.clientWidth};
}"""


HIDE_HEADER = (
    ".bd-header, .bd-header-article, .skip-link, #pst-back-to-top"
    " { display: none !important; }"
)


def labels(page) -> list[str]:
    return page.locator(".cx label, .cx-caption, .cx-help").all_inner_texts()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_on_screen(browser, server, view, scheme):
    options = VIEWS[view]
    context, page, record = open_page(
        browser,
        f"{server}/{CHAPTER}",
        server,
        options["viewport"],
        color_scheme=scheme,
        has_touch=options["has_touch"],
    )
    try:
        root = page.locator("[data-conv-explorer]")
        root.scroll_into_view_if_needed()
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        background = page.evaluate(
            "() => getComputedStyle(document.querySelector('.cx')).backgroundColor"
        )
        level = sum(int(v) for v in re.findall(r"\d+", background)[:3]) / 3
        assert (level < 100) if scheme == "dark" else (level > 200), background
        # The labels list became the explorer's labels, in the edition's language.
        assert page.locator(".cx-labels").is_hidden()
        texts = labels(page)
        assert len(texts) >= 8
        if EDITION == "ko":
            assert all(HANGUL.search(t) for t in texts if t.strip()), texts
        else:
            assert "Stride" in texts and "Padding" in texts and "Dilation" in texts
        assert "{" not in page.locator(".cx").inner_text()
        widest = page.evaluate(WIDEST)
        assert widest["right"] <= widest["width"] + 1, widest
        set_controls(
            page, {"input": "photo", "stride": "2", "padding": "same", "dilation": "2"}
        )
        page.locator("[data-action=step]").click()
        page.locator("[data-action=step]").click()
        assert page.evaluate(STATE)["position"] == 2
        # The picture: the map filled up to its middle row.
        page.evaluate("() => window.convExplorer.explorers[0].go(60)")
        SHOTS.mkdir(parents=True, exist_ok=True)
        suffix = "" if EDITION == "en" else f"-{EDITION}"
        # The theme's sticky header would cover the top of the picture.
        page.add_style_tag(content=HIDE_HEADER)
        root.screenshot(path=str(SHOTS / f"explorer-{view}-{scheme}{suffix}.png"))
        assert record.problems() == []
    finally:
        context.close()


def test_keyboard_steps_and_plays(browser, server):
    context, page, record = open_page(browser, f"{server}/{CHAPTER}", server)
    try:
        set_controls(page, {"input": "2", "stride": "2", "padding": "same"})
        state = page.evaluate(STATE)
        ow = len(state["output"][0][0])
        out = page.locator("[data-view=output]")
        out.focus()
        for key in ("ArrowRight", "ArrowRight", "ArrowDown", "ArrowLeft"):
            page.keyboard.press(key)
        assert page.evaluate(STATE)["position"] == 1 + ow
        page.keyboard.press("End")
        assert page.evaluate(STATE)["position"] == state["count"] - 1
        page.keyboard.press("Home")
        assert page.evaluate(STATE)["position"] == 0
        page.keyboard.press("Space")
        page.wait_for_function("() => window.convExplorer.state(0).position >= 3")
        page.keyboard.press("Space")
        stopped = page.evaluate(STATE)["position"]
        page.wait_for_timeout(500)
        assert page.evaluate(STATE)["position"] == stopped
        # The buttons are in the Tab order and work from the keyboard.
        page.locator("[data-action=start]").focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # the "step" button
        assert page.evaluate(STATE)["position"] == 1
        assert record.problems() == []
    finally:
        context.close()


def test_a_tap_moves_the_window(browser, server):
    options = VIEWS["phone"]
    context, page, record = open_page(
        browser, f"{server}/{CHAPTER}", server, options["viewport"], has_touch=True
    )
    try:
        out = page.locator("[data-view=output]")
        out.scroll_into_view_if_needed()
        state = page.evaluate(STATE)
        oh, ow = len(state["output"][0]), len(state["output"][0][0])
        box = out.bounding_box()
        cell = box["width"] / ow
        row, col = oh // 2, ow // 3
        out.tap(position={"x": (col + 0.5) * cell, "y": (row + 0.5) * cell})
        assert page.evaluate(STATE)["position"] == row * ow + col
        assert record.problems() == []
    finally:
        context.close()


def test_it_works_opened_from_disk(browser, site):
    context, page, record = open_page(browser, (site / CHAPTER).as_uri(), None)
    try:
        assert page.evaluate("() => window.convExplorer.explorers.length") == 1
        set_controls(page, {"input": "photo", "operation": "max"})
        assert len(page.evaluate(STATE)["output"]) == 3
        assert record.problems() == []
    finally:
        context.close()


# The deck (an interactive slide, coursetools/slide_cells.py): the explorer
# live on a slide of its own, stepped with its buttons, its arithmetic
# checked as on the page, its text at least 18 px of the 1280x720 slide.
DECK_SIZES = [(1280, 720), (1920, 1080)]
DECK_TEXT_PX = 18
DECK_CASES = [
    "digit, Sobel x, stride 2, uneven same",
    "photo, three channels, edge, red minus green, dilation 2, same",
    # The most the explorer shows: three 5x5 grids of products.
    "photo, three channels, trained 5x5 filter, stride 2, explicit padding",
    "photo, max pooling 2x2, stride 2",
]
DECK_TITLE = {"en": "Explore it live", "ko": "직접 움직여 보기"}

DECK_SLIDE = """() => {
  const slides = [...document.querySelectorAll('.reveal .slides > section')];
  const explorers = [...document.querySelectorAll('[data-conv-explorer]')];
  return {
    index: slides.findIndex((s) => s.querySelector('.cx')),
    explorers: explorers.length,
    inNotes: explorers.filter((e) => e.closest('aside.notes')).length,
    scripts: [...document.querySelectorAll('script[src*=conv-explorer],'
      + ' link[href*=conv-explorer]')].map((e) => e.getAttribute('src')
      || e.getAttribute('href')),
  };
}"""

# What the slide shows, in reveal's 1280x720 px (offset sizes and computed
# fonts ignore reveal's scaling): overflow, anything of the explorer outside
# the slide's box, the smallest text, and the notes.
DECK_REPORT = """(minimum) => {
  const slide = Reveal.getCurrentSlide();
  const box = slide.getBoundingClientRect();
  const root = slide.querySelector('.cx');
  const shown = [root, ...root.querySelectorAll('*')]
    .filter((el) => el.getClientRects().length);
  const outside = shown.filter((el) => {
    const r = el.getBoundingClientRect();
    return r.right > box.right + 1 || r.bottom > box.bottom + 1
      || r.left < box.left - 1 || r.top < box.top - 1;
  }).map((el) => el.tagName + '.' + el.className);
  const texts = shown.filter((el) => [...el.childNodes]
    .some((n) => n.nodeType === 3 && n.textContent.trim()));
  const sizes = texts.map((el) => parseFloat(getComputedStyle(el).fontSize));
  const notes = slide.querySelector('aside.notes');
  return {
    overflowY: slide.scrollHeight - slide.clientHeight,
    overflowX: slide.scrollWidth - slide.clientWidth,
    outside: outside,
    smallest: Math.min(...sizes),
    small: texts.filter((el, i) => sizes[i] < minimum)
      .map((el) => getComputedStyle(el).fontSize + ' ' + el.textContent.slice(0, 30)),
    fit: slide.dataset.courseFit || '',
    title: ((slide.querySelector('h2.course-title') || {}).textContent || '').trim(),
    labels: [...root.querySelectorAll('label, .cx-caption')].map((e) => e.textContent),
    status: root.querySelector('.cx-status').textContent,
    notesTags: notes ? [...notes.querySelectorAll('*')].map((e) => e.tagName) : null,
    notesText: notes ? notes.textContent : '',
  };
}"""

# Every control back to its first choice (the page's state when it opens).
RESET = """() => {
  const e = window.convExplorer.explorers[0];
  Object.values(e.controls).forEach((c) => {
    c.field.value = c.field.tagName === 'SELECT' ? c.field.options[0].value
      : c.field.defaultValue;
  });
  e.update(true);
}"""

# Markdown's own formatting is all the notes may hold: words for the speaker.
NOTE_TAGS = {"P", "EM", "STRONG", "CODE", "UL", "OL", "LI", "A", "BR"}


def shown_number(value: float) -> str:
    """A value as the explorer prints it (conv-explorer.js, ``num``)."""
    text = "0" if abs(value) < 0.005 else f"{value:.2f}"
    return text.replace("-", "\u2212")


def deck_problems(report: dict, where: str) -> list[str]:
    problems = []
    if report["overflowY"] > 1 or report["overflowX"] > 1 or report["outside"]:
        problems.append(
            f"{where}: overflows the slide by {report['overflowY']} px down, "
            f"{report['overflowX']} px right: {report['outside'][:4]}"
        )
    if report["smallest"] < DECK_TEXT_PX:
        problems.append(f"{where}: text under {DECK_TEXT_PX} px: {report['small'][:3]}")
    if report["fit"]:
        problems.append(f"{where}: the slide was shrunk to fit ({report['fit']})")
    return problems


def deck_reference(state: dict, controls: dict, expected) -> np.ndarray:
    """cnnlib's output for what the deck's explorer used (as in
    test_the_page_computes_what_cnnlib_computes, which checks the inputs)."""
    x = np.array(state["input"], dtype=float)
    np.testing.assert_array_equal(x, shipped_input(controls["input"]))
    if state["mode"] == "conv":
        kernel, weights = expected
        if isinstance(kernel, tuple):
            kernel = trained_filter(*kernel)
        w = np.array(state["filter"], dtype=float)
        np.testing.assert_allclose(
            w, np.array(weights)[:, None, None] * kernel, atol=5e-5
        )
        d = int(controls.get("dilation", 1))
        H, W = x.shape[1:]
        if controls.get("padding") == "same":
            pad = same_padding(H, w.shape[1], state["stride"], dilation=d)
            pad += same_padding(W, w.shape[2], state["stride"], dilation=d)
        elif controls.get("padding", "valid") == "valid":
            pad = (0, 0, 0, 0)
        else:
            pad = (int(controls["padding"]),) * 4
        assert tuple(state["pad"]) == pad
        return reference_conv(x, w, state["stride"], pad, d)
    mode, size = expected
    return np.stack(
        [pool2d_single(channel, size, state["stride"], mode=mode) for channel in x]
    )


@pytest.mark.parametrize("size", DECK_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_deck_runs_it(browser, server, site, size):
    """The Chapter 3 deck carries the explorer live: on its slide, stepped
    with its buttons, its output map cnnlib's, its text at least 18 px at
    1280x720, nothing outside the slide, notes in words; the keys it uses
    stay with it and the right arrow pages on after it was used."""
    if not (site / DECK).is_file():
        site_browser.skip_or_fail(f"no {DECK}: `make slides` builds it")
    context, page, record = open_page(
        browser, f"{server}/{DECK}", server, viewport=size
    )
    try:
        page.wait_for_function(
            "() => window.Reveal && Reveal.isReady() && window.convExplorer"
            " && window.convExplorer.explorers.length"
        )
        found = page.evaluate(DECK_SLIDE)
        assert found["explorers"] == 1 and found["inNotes"] == 0, found
        # Its script, style and data lie next to the deck (slides.local_assets).
        assert sorted(found["scripts"]) == [
            "conv-explorer-data.js",
            "conv-explorer.css",
            "conv-explorer.js",
        ], found["scripts"]
        index = found["index"]
        page.evaluate(f"() => Reveal.slide({index}, 0, -1)")
        report = page.evaluate(DECK_REPORT, DECK_TEXT_PX)
        problems = deck_problems(report, "as it opens")
        assert report["title"] == DECK_TITLE[EDITION]
        if EDITION == "ko":
            assert all(HANGUL.search(t) for t in report["labels"]), report["labels"]
        else:
            assert "Stride" in report["labels"] and "Dilation" in report["labels"]
        # The notes: what to demonstrate and the keys, in words (no HTML).
        assert set(report["notesTags"]) <= NOTE_TAGS, report["notesTags"]
        assert not re.search(r"<\s*/?\s*[a-zA-Z]", report["notesText"])
        assert re.search(r"Esc", report["notesText"]), report["notesText"]
        for case in DECK_CASES:
            controls, expected = CASES[case]
            page.evaluate(RESET)
            set_controls(page, controls)
            step = page.locator("[data-action=step]")
            for _ in range(3):
                step.click()
            page.locator("[data-action=back]").click()
            state = page.evaluate(STATE)
            assert state["position"] == 2, case
            reference = deck_reference(state, controls, expected)
            shown = np.array(state["output"], dtype=float)
            assert shown.shape == reference.shape, case
            np.testing.assert_allclose(shown, reference, rtol=1e-12, atol=1e-12)
            # The line under the maps shows the value at the window.
            ow = reference.shape[2]
            value = reference[0, 2 // ow, 2 % ow]
            status = page.evaluate(DECK_REPORT, DECK_TEXT_PX)["status"]
            assert status.endswith(f" = {shown_number(value)}") or (
                state["mode"] != "conv" and shown_number(value) in status
            ), (case, status)
            page.locator("[data-action=all]").click()
            assert page.evaluate(STATE)["position"] == state["count"] - 1
            problems += deck_problems(page.evaluate(DECK_REPORT, DECK_TEXT_PX), case)
        # A tap on the output map moves the window there (the slide is
        # scaled: at 1920x1080 reveal.js zooms it).
        state = page.evaluate(STATE)
        oh, ow = len(state["output"][0]), len(state["output"][0][0])
        out = page.locator("[data-view=output]")
        box = out.bounding_box()
        out.click(
            position={
                "x": (ow // 3 + 0.5) * box["width"] / ow,
                "y": (oh // 2 + 0.5) * box["height"] / oh,
            }
        )
        assert page.evaluate(STATE)["position"] == (oh // 2) * ow + ow // 3
        # Focus on a map: the arrows move the window, not the slide.
        at = page.evaluate(STATE)["position"]
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowDown")
        assert page.evaluate(STATE)["position"] == at + 1 + ow
        assert page.evaluate("() => Reveal.getIndices().h") == index
        # Esc leaves the explorer; then the right arrow pages on.
        page.keyboard.press("Escape")
        assert page.evaluate(
            "() => !document.activeElement.closest('[data-conv-explorer]')"
        )
        assert not page.evaluate("() => Reveal.isOverview()")
        page.keyboard.press("ArrowRight")
        assert page.evaluate("() => Reveal.getIndices().h") == index + 1
        # After a click on a button (which keeps the focus), too.
        page.evaluate(f"() => Reveal.slide({index}, 0, -1)")
        step.click()
        assert page.evaluate(
            "() => document.activeElement.matches('[data-action=step]')"
        )
        page.keyboard.press("Space")  # Space presses the button ...
        assert page.evaluate("() => Reveal.getIndices().h") == index
        page.keyboard.press("ArrowRight")  # ... the right arrow pages on
        assert page.evaluate("() => Reveal.getIndices().h") == index + 1
        if size == DECK_SIZES[0]:
            page.evaluate(f"() => Reveal.slide({index}, 0, -1)")
            page.evaluate(RESET)
            set_controls(page, CASES[DECK_CASES[1]][0])
            page.evaluate("() => window.convExplorer.explorers[0].go(200)")
            SHOTS.mkdir(parents=True, exist_ok=True)
            suffix = "" if EDITION == "en" else f"-{EDITION}"
            page.screenshot(path=str(SHOTS / f"explorer-deck{suffix}.png"))
            problems += accessibility_problems(page)
        problems += record.problems()
    finally:
        context.close()
    assert not problems, "\n".join([f"{DECK} at {size[0]}x{size[1]}", *problems])


AXE_RUN = """async () => {
  const result = await axe.run(Reveal.getCurrentSlide(), {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  });
  return result.violations.map((v) => ({
    id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}"""


def accessibility_problems(page) -> list[str]:
    """WCAG 2.1 A and AA on the explorer's slide, by the vendored axe-core
    (as tests/test_site_decks.py runs it on each deck's first and middle
    slides), with the window on the padding's zeros."""
    axe = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
    if not axe.is_file():
        site_browser.skip_or_fail("tests/vendor/axe-core/axe.min.js: make vendor")
    page.evaluate("() => window.convExplorer.explorers[0].go(0)")
    page.add_script_tag(path=str(axe))
    return [f"axe: {v}" for v in page.evaluate(AXE_RUN)]


def test_the_deck_runs_it_from_disk(browser, site):
    """Opened from disk (file://), the deck's explorer loads its copies."""
    if not (site / DECK).is_file():
        site_browser.skip_or_fail(f"no {DECK}: `make slides` builds it")
    context, page, record = open_page(browser, (site / DECK).as_uri(), None)
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        assert page.evaluate("() => window.convExplorer.explorers.length") == 1
        index = page.evaluate(DECK_SLIDE)["index"]
        page.evaluate(f"() => Reveal.slide({index}, 0, -1)")
        set_controls(page, {"input": "photo", "operation": "max"})
        assert len(page.evaluate(STATE)["output"]) == 3
        assert record.problems() == []
    finally:
        context.close()
