"""The chapters in the browser (JupyterLite + Pyodide), in Debian's chromium.

``make site-test`` builds the book (with ``_build/html/lite/``) and runs
these with the other browser tests. The built site is served on 127.0.0.1;
every request to another host is recorded, and chromium cannot resolve any
other host name, so nothing leaves the machine and a test fails if the app,
Pyodide or a package would come from a CDN or PyPI. The tests open the REPL
and chapter 3 in the notebook app, run ``import numpy, cnnlib`` and a cnnlib
call, run every cell of chapter 3 ("Run All") and compare what the NumPy
cells print with the stored notebook. Any kernel error fails.

Where chromium or the built site is missing the tests skip, except under CI
(``CI`` set), where they fail.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from notebook_outputs import error_of, first_line, output_text, sanitizers
from site_browser import CHAPTERS, SITE, is_local, skip_or_fail

from coursetools.lite import (
    KO_APP,
    KO_SUFFIX,
    TF_TAG,
    is_setup_cell,
    lite_chapters,
    solution_cells,
)

pytestmark = pytest.mark.browser

LITE = SITE / "lite"
# Cold start on a loaded 2-core machine can take a minute; a chapter a few.
KERNEL_TIMEOUT_MS = 240_000
RUN_ALL_TIMEOUT_S = 600


# The server and Debian's chromium (which resolves no host but the local
# server) are tests/conftest.py's ``server`` and ``browser``.
@pytest.fixture(scope="module")
def lite_site() -> Path:
    if not (LITE / "jupyter-lite.json").is_file():
        skip_or_fail(f"JupyterLite is not built in {LITE}: run `make book` first")
    return SITE


class Session:
    """A fresh browser context on the local site, recording what went wrong."""

    def __init__(self, browser, origin: str):
        self.origin = origin
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.kernel_errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.on("request", self._on_request)
        self.page = self.context.new_page()
        self.page.on("response", self._on_response)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda e: self.kernel_errors.append(str(e)))

    def _on_request(self, request):
        # Passive: the browser fixture's OFFLINE_ARGS keep other hosts from
        # resolving (see site_browser.new_context). Also sees requests a
        # worker makes; counted once.
        if not is_local(request.url, self.origin) and request.url not in self.foreign:
            self.foreign.append(request.url)

    def _on_response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _on_console(self, message):
        text = message.text
        if message.location.get("url") == f"{self.origin}/favicon.ico":
            # JupyterLite's pages name no icon, so Chromium itself asks the
            # server's root for one (no page or worker request; a routed
            # context never made it). Not an error of the app.
            return
        if message.type == "error" or "Pyodide has suffered a fatal error" in text:
            self.kernel_errors.append(text[:500])

    def wait(self, milliseconds: int) -> None:
        # Not time.sleep: Playwright delivers events only while it is called.
        self.page.wait_for_timeout(milliseconds)

    def problems(self) -> list[str]:
        return (
            [f"request to another host: {url}" for url in self.foreign]
            + [f"failed request: {item}" for item in self.failed]
            + [f"error in the browser: {item}" for item in self.kernel_errors]
        )

    def close(self) -> None:
        self.context.close()


KERNEL_OF_CURRENT = """() => {
  const app = window.jupyterapp;
  const widget = app && app.shell && app.shell.currentWidget;
  const session = widget && widget.sessionContext && widget.sessionContext.session;
  return session ? session.kernel : null;
}"""

KERNEL_IDLE = (
    "() => { const k = (" + KERNEL_OF_CURRENT + ")(); return !!k && k.status === "
    "'idle' && !!k.info; }"
)


# Each cell's outputs as nbformat-like dicts, read from the output models
# (what the page shows; toJSON() of merged stream outputs repeats text).
NOTEBOOK_OUTPUTS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  return nb.widgets.map((cell) => {
    if (cell.model.type !== 'code') return {cell_type: cell.model.type};
    const outputs = [];
    const area = cell.model.outputs;
    for (let i = 0; i < area.length; i++) {
      const item = area.get(i);
      const data = item.data;
      if (item.type === 'stream') {
        const stdout = data['application/vnd.jupyter.stdout'];
        const stderr = data['application/vnd.jupyter.stderr'];
        outputs.push({output_type: 'stream', name: stdout !== undefined
          ? 'stdout' : 'stderr', text: String(stdout !== undefined ? stdout : stderr)});
      } else if (item.type === 'error') {
        const json = item.toJSON();
        outputs.push({output_type: 'error', ename: json.ename, evalue: json.evalue});
      } else {
        const bundle = {};
        for (const key of Object.keys(data)) {
          bundle[key] = typeof data[key] === 'string' ? data[key] : '';
        }
        outputs.push({output_type: item.type, data: bundle});
      }
    }
    return {cell_type: 'code', outputs: outputs};
  });
}"""


# The app's menu bar (File, Edit, ...; 파일, 편집, ... in Korean).
MENU_LABELS = (
    "() => [...document.querySelectorAll('.lm-MenuBar-itemLabel')]"
    ".map((e) => e.textContent)"
)


def open_notebook(session: Session, path: str, app: str = "notebooks") -> float:
    """Open ``path`` in the notebook app (``app``: its folder in lite/, the
    Korean one ``KO_APP``); seconds until its kernel is idle."""
    start = time.monotonic()
    session.page.goto(
        f"{session.origin}/lite/{app}/index.html?path={quote(path)}",
        wait_until="load",
    )
    session.page.wait_for_function(KERNEL_IDLE, timeout=KERNEL_TIMEOUT_MS)
    return time.monotonic() - start


def test_bundle_is_the_verified_one(lite_site):
    """Pyodide and every wheel in the site match the official lock's sha256."""
    pyodide = LITE / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text("utf-8"))
    assert lock["info"]["version"] == "0.27.7"
    for entry in lock["packages"].values():
        data = (pyodide / entry["file_name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file_name"]
    config = json.loads((LITE / "jupyter-lite.json").read_text("utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"
    ]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert kernel["disablePyPIFallback"] is True
    index = json.loads((LITE / "pypi" / "all.json").read_text("utf-8"))
    assert "cnnlib" in index, sorted(index)


def test_repl_imports_cnnlib(lite_site, browser, server):
    """The REPL page's console: install cnnlib from the site, call it."""
    session = Session(browser, server)
    try:
        code = [
            "%pip install cnnlib",
            "import numpy, cnnlib",
            "print('cnnlib-ok', cnnlib.conv_output_size(28, 5, stride=1, pad=2), "
            "numpy.__version__)",
        ]
        query = "&".join(f"code={quote(line)}" for line in code)
        start = time.monotonic()
        session.page.goto(
            f"{server}/lite/repl/index.html?kernel=python&toolbar=1&{query}",
            wait_until="load",
        )
        session.page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))"
            ".some((el) => el.textContent.includes('cnnlib-ok'))",
            timeout=KERNEL_TIMEOUT_MS,
        )
        seconds = time.monotonic() - start
        texts = session.page.eval_on_selector_all(
            ".jp-OutputArea-output", "els => els.map((el) => el.textContent)"
        )
        line = next(t for t in texts if "cnnlib-ok" in t)
        assert line.split()[:2] == ["cnnlib-ok", "28"], line
        assert line.split()[2].startswith("2.0"), line  # Pyodide 0.27's NumPy
        print(f"REPL: cnnlib answered {seconds:.1f} s after opening the page")
        assert not [t for t in texts if "Error" in t], texts
    finally:
        problems = session.problems()
        session.close()
    assert not problems, "\n".join(problems)


# Every checked exercise under Pyodide (issue 26): each reference solution is
# "right", each typical mistake gets its hint, in English and in Korean.
CHECKS_IN_PYODIDE = """\
from cnnlib import checks
failed, korean = [], 0
for label, c in sorted(checks.CHECKS.items()):
    context = c.context()
    if checks.verdict(label, c.solution(**context), **context) != f"{label}: right.":
        failed.append(label)
    for wrong, key in c.mistakes:
        answer = wrong(**context)
        if checks.hint_key(label, answer, **context) != key:
            failed.append(f"{label}/{key}")
        line = checks.verdict(label, answer, lang="ko", **context)
        korean += any("\\uac00" <= ch <= "\\ud7a3" for ch in line)
mistakes = sum(len(c.mistakes) for c in checks.CHECKS.values())
print("checks-done", len(checks.CHECKS), mistakes, korean, "failed", failed)
"""


def test_every_check_runs_under_pyodide(lite_site, browser, server):
    """The checks of every chapter, in the browser copy's Python: every
    reference passes and every typical mistake gets its hint (the same
    cases as tests/test_checks.py), and the Korean hints are in the wheel."""
    from cnnlib import checks

    expected_mistakes = sum(len(c.mistakes) for c in checks.CHECKS.values())
    session = Session(browser, server)
    try:
        code = ["%pip install cnnlib", CHECKS_IN_PYODIDE]
        query = "&".join(f"code={quote(cell)}" for cell in code)
        session.page.goto(
            f"{server}/lite/repl/index.html?kernel=python&toolbar=1&{query}",
            wait_until="load",
        )
        session.page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))"
            ".some((el) => /checks-done|Error/.test(el.textContent))",
            timeout=KERNEL_TIMEOUT_MS,
        )
        texts = session.page.eval_on_selector_all(
            ".jp-OutputArea-output", "els => els.map((el) => el.textContent)"
        )
        line = next((t for t in texts if "checks-done" in t), "\n".join(texts))
        assert line.split() == [
            "checks-done",
            str(len(checks.CHECKS)),
            str(expected_mistakes),
            str(expected_mistakes),
            "failed",
            "[]",
        ], line
    finally:
        problems = session.problems()
        session.close()
    assert not problems, "\n".join(problems)


def run_all(session: Session) -> None:
    """Run > Run All Cells, then wait until no cell is queued or running.

    (After an error JupyterLab stops: the cells after it never run.)
    """
    session.page.evaluate(
        "() => window.jupyterapp.commands.execute('notebook:run-all-cells')"
    )
    deadline = time.monotonic() + RUN_ALL_TIMEOUT_S
    quiet = 0
    state = None
    while time.monotonic() < deadline:
        session.wait(1000)
        state = session.page.evaluate(
            """() => {
              const nb = window.jupyterapp.shell.currentWidget;
              const busy = nb.content.widgets.filter((c) => c.model.type === 'code'
                 && c.promptNode && c.promptNode.textContent.includes('*'));
              const kernel = nb.sessionContext.session.kernel;
              return {busy: busy.length, idle: kernel.status === 'idle'};
            }"""
        )
        quiet = quiet + 1 if state["busy"] == 0 and state["idle"] else 0
        if quiet >= 3:
            return
    pytest.fail(f"Run All did not finish in {RUN_ALL_TIMEOUT_S} s: {state}")


# Chapter 3 by default (CI time); COURSE_LITE_CHAPTERS="03_conv_layers
# 05_im2col ..." or "all" runs others too.
_chosen = os.environ.get("COURSE_LITE_CHAPTERS", "03_conv_layers").split()
BROWSER_CHAPTERS = lite_chapters() if _chosen == ["all"] else _chosen


# And the first one's Korean copy (chapters/NN_x.ko.ipynb, the Korean pages'
# "브라우저에서 실행", in lite/ko/notebooks/: JupyterLab's menus in Korean):
# the same code, so the same outputs.
BROWSER_RUNS = [(c, "") for c in BROWSER_CHAPTERS] + [(BROWSER_CHAPTERS[0], ".ko")]


@pytest.mark.parametrize(
    ("chapter", "suffix"), BROWSER_RUNS, ids=[c + s for c, s in BROWSER_RUNS]
)
def test_chapter_runs_in_the_browser(lite_site, browser, server, chapter, suffix):
    """Every NumPy cell of the chapter (or of its Korean copy) runs in
    Pyodide and prints what the English notebook stored."""
    stored = json.loads((CHAPTERS / f"{chapter}.ipynb").read_text("utf-8"))
    session = Session(browser, server)
    problems = []
    try:
        korean = suffix == KO_SUFFIX
        cold = open_notebook(
            session,
            f"chapters/{chapter}{suffix}.ipynb",
            KO_APP if korean else "notebooks",
        )
        menus = session.page.evaluate(MENU_LABELS)
        if korean:
            assert "파일" in menus and "File" not in menus, menus
            assert session.page.evaluate("document.documentElement.lang") == "ko-KR"
        else:
            assert "File" in menus, menus
        start = time.monotonic()
        run_all(session)
        seconds = time.monotonic() - start
        cells = session.page.evaluate(NOTEBOOK_OUTPUTS)
        assert len(cells) == len(stored["cells"])
        rules = sanitizers()
        compared = 0
        hidden = solution_cells(stored)  # closed solutions: never run
        for index, (before, after) in enumerate(
            zip(stored["cells"], cells, strict=True)
        ):
            tags = before.get("metadata", {}).get("tags", [])
            if before["cell_type"] != "code" or TF_TAG in tags or index in hidden:
                continue
            where = f"cell {index} ({first_line(before)!r})"
            error = error_of(after)
            if error:
                problems.append(f"{where}: kernel error {error}")
                continue
            if is_setup_cell(before) or "nbval-ignore-output" in tags:
                continue
            want, got = output_text(before, rules), output_text(after, rules)
            if want != got:
                problems.append(f"{where}:\n--- stored\n{want}\n--- browser\n{got}")
            compared += 1
        print(
            f"{chapter}{suffix}: kernel idle {cold:.1f} s after opening, Run All "
            f"{seconds:.1f} s, {compared} cells compared"
        )
        assert compared >= 10, f"only {compared} cells compared"
    finally:
        problems += session.problems()
        session.close()
    assert not problems, "\n".join(problems)


# --- a checked exercise in the browser (issue 26) -----------------------------

CHECKED_CHAPTER = "03_conv_layers"
CHECKED_LABEL = "ex-conv-stride-loop"
WRONG_ANSWER = (
    "x5 = np.arange(25).reshape(5, 5)\nmy_out = conv2d_single(x5, k, stride=2)"
)
RIGHT_ANSWER = (
    "x5 = np.arange(25).reshape(5, 5)\nmy_out = conv2d_single(x5, k, stride=2, pad=1)"
)

RUN_CELL = """([index, source]) => {
  const panel = window.jupyterapp.shell.currentWidget;
  const nb = panel.content;
  if (source !== null) nb.widgets[index].model.sharedModel.setSource(source);
  nb.activeCellIndex = index;
  return window.jupyterapp.commands.execute('notebook:run-cell');
}"""


def run_cell(session: Session, index: int, source: str | None = None) -> None:
    session.page.evaluate(RUN_CELL, [index, source])
    session.page.wait_for_function(KERNEL_IDLE, timeout=KERNEL_TIMEOUT_MS)
    session.wait(500)


def test_checked_exercise_wrong_then_right_in_the_browser(lite_site, browser, server):
    """A student's wrong answer gets the padding hint, the fixed one "right".

    The chapter runs first (Run All), as a student would; then the exercise's
    starting cell gets a wrong answer, and its check cell runs, then the
    right answer. ``COURSE_SHOTS_DIR`` set: a screenshot of each attempt.
    """
    stored = json.loads((CHAPTERS / f"{CHECKED_CHAPTER}.ipynb").read_text("utf-8"))
    sources = ["".join(cell["source"]) for cell in stored["cells"]]
    check = next(
        i for i, s in enumerate(sources) if f'cnnlib.check("{CHECKED_LABEL}"' in s
    )
    start = check - 1
    assert "my_out = None" in sources[start]
    solution = next(  # the solution's first code cell, after the check
        i
        for i in range(check + 1, len(sources))
        if stored["cells"][i]["cell_type"] == "code"
    )
    shots = os.environ.get("COURSE_SHOTS_DIR")
    session = Session(browser, server)
    try:
        open_notebook(session, f"chapters/{CHECKED_CHAPTER}.ipynb")
        shown = session.page.evaluate(
            "(i) => { const c = window.jupyterapp.shell.currentWidget.content"
            ".widgets[i]; return [c.model.type, !!c.node.querySelector("
            "'details:not([open])')]; }",
            solution,
        )
        assert shown == ["markdown", True], "the solution is not a closed block"
        run_all(session)
        lines = []
        for name, answer in (("wrong", WRONG_ANSWER), ("right", RIGHT_ANSWER)):
            run_cell(session, start, answer)
            run_cell(session, check)
            cells = session.page.evaluate(NOTEBOOK_OUTPUTS)
            lines.append(output_text(cells[check], []).strip())
            if shots:  # the notebook renders only the cells in view
                session.page.evaluate(
                    "(i) => window.jupyterapp.shell.currentWidget.content"
                    ".scrollToItem(i, 'center')",
                    check,
                )
                session.wait(1000)
                session.page.screenshot(path=f"{shots}/lite-{name}.png")
        assert lines[0].startswith(f"{CHECKED_LABEL}: not yet."), lines
        assert "padding" in lines[0], lines
        assert lines[1] == f"{CHECKED_LABEL}: right.", lines
    finally:
        problems = session.problems()
        session.close()
    assert not problems, "\n".join(problems)
