"""The in-browser chapters, checked without a browser (part of ``make unit``).

Each chapter that the site offers in JupyterLite (``course_lite_chapters`` in
``_config.yml``) is turned into its browser copy (``coursetools.lite``:
cells tagged ``needs-tensorflow`` become explanations) and run here with
nbclient in a kernel where TensorFlow and Keras cannot be imported, as in
Pyodide. Every remaining code cell must run without an error and print what
the stored notebook printed (the same sanitising as nbval; cells tagged
``nbval-ignore-output`` only have to run).

A failure names the cell: if it needs TensorFlow (directly or through a value
a Keras cell computed), tag it ``needs-tensorflow``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from notebook_outputs import error_of, first_line, output_text, sanitizers

from coursetools import ROOT
from coursetools.lite import (
    SOLUTION_TAG,
    TF_TAG,
    is_setup_cell,
    korean_lite_notebook,
    lite_chapters,
    lite_notebook,
    solution_cells,
)
from coursetools.myst import lite_markdown
from coursetools.translation_quality import hangul_share

CHAPTERS = Path(os.environ.get("COURSE_CHAPTERS_DIR", ROOT / "chapters"))

# Runs first in the kernel: TensorFlow and Keras cannot be imported, as in
# Pyodide (the browser copy's own set-up cell installs cnnlib instead).
NO_TENSORFLOW = """\
import importlib.abc
import sys


class _NoTensorFlow(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {"tensorflow", "keras", "tf_keras"}:
            raise ModuleNotFoundError(
                f"No module named {name!r} (blocked: as in the browser)", name=name
            )
        return None


sys.meta_path.insert(0, _NoTensorFlow())
for _name in [m for m in sys.modules if m.partition(".")[0] in {"tensorflow", "keras"}]:
    del sys.modules[_name]
import cnnlib
"""


@pytest.mark.parametrize("chapter", lite_chapters())
def test_chapter_runs_without_tensorflow(chapter, nbclient):
    nbformat = pytest.importorskip("nbformat")
    path = CHAPTERS / f"{chapter}.ipynb"
    stored = json.loads(path.read_text(encoding="utf-8"))
    lite = lite_notebook(stored, setup_source=NO_TENSORFLOW)
    lite["metadata"]["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    notebook = nbformat.reads(json.dumps(lite), as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    ran = notebook["cells"]

    rules = sanitizers()
    problems = []
    counts = {"run": 0, "tensorflow": 0}
    hidden = solution_cells(stored)
    assert len(ran) == len(stored["cells"])
    for index, (before, after) in enumerate(zip(stored["cells"], ran, strict=True)):
        if before["cell_type"] != "code":
            continue
        tags = before.get("metadata", {}).get("tags", [])
        if TF_TAG in tags:
            counts["tensorflow"] += 1
            continue
        if index in hidden:  # a closed solution: shown, never run
            continue
        counts["run"] += 1
        where = f"cell {index} ({first_line(before)!r})"
        error = error_of(after)
        if error:
            problems.append(
                f"{where} fails without TensorFlow: {error}. If it needs "
                f"TensorFlow, directly or through a Keras value, tag it {TF_TAG}."
            )
            continue
        if is_setup_cell(before) or "nbval-ignore-output" in tags:
            continue
        want, got = output_text(before, rules), output_text(after, rules)
        if want != got:
            problems.append(
                f"{where} prints differently without TensorFlow:\n"
                f"--- stored\n{want[:600]}\n--- without TensorFlow\n{got[:600]}"
            )
    print(
        f"{chapter}: {counts['run']} code cells run in the browser copy, "
        f"{counts['tensorflow']} tagged {TF_TAG}"
    )
    assert not problems, f"{chapter}:\n" + "\n".join(problems)


def test_lite_copy_replaces_tensorflow_cells():
    """A needs-tensorflow cell becomes markdown with its code and output."""
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Title"},
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": 1,
                "outputs": [],
                "source": "try:\n    import cnnlib\nexcept ModuleNotFoundError:\n"
                '    %pip install --quiet "cnnlib @ git+https://x"\n'
                "    import cnnlib",
            },
            {
                "cell_type": "code",
                "metadata": {"tags": [TF_TAG]},
                "execution_count": 2,
                "source": "model.fit(x)",
                "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": "loss 0.7\n"},
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"image/png": "iVBORw0KGgo=\n", "text/plain": "<Fig>"},
                    },
                ],
            },
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": 3,
                "outputs": [],
                "source": "1 + 1",
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    lite = lite_notebook(notebook)
    setup, note, plain = lite["cells"][1:]
    assert "%pip install cnnlib" in setup["source"] and not setup["outputs"]
    assert note["cell_type"] == "markdown"
    assert "Needs TensorFlow" in note["source"]
    assert "model.fit(x)" in note["source"] and "loss 0.7" in note["source"]
    assert note["attachments"]["output0.png"] == {"image/png": "iVBORw0KGgo="}
    assert plain == notebook["cells"][3]
    assert notebook["cells"][2]["cell_type"] == "code"  # the original is unchanged
    # A set-up cell that already handles the browser is kept as it is.
    unified = dict(
        notebook["cells"][1],
        source="import sys\ntry:\n    import cnnlib\n"
        "except ModuleNotFoundError:\n    if sys.platform == 'emscripten':\n"
        "        %pip install cnnlib\n    import cnnlib",
    )
    kept = lite_notebook({**notebook, "cells": [unified]})["cells"][0]
    assert kept["source"] == unified["source"]


def test_lite_copy_makes_myst_plain():
    """Exercise directives and roles, raw text in JupyterLab, become Markdown."""
    source = (
        "See {ref}`ex-a` and {doc}`Chapter 3 <03_conv_layers>`.\n\n"
        "````{exercise}\n:label: ex-a\n\nFlip it.\n\n```python\nx = 1\n```\n````\n\n"
        "```{solution} ex-a\n:class: dropdown\n\nBecause.\n```"
    )
    text = lite_markdown(source)
    assert "{" not in text and ":label:" not in text and ":class:" not in text
    assert text.startswith("See ex a and Chapter 3.")
    assert "**Exercise.**" in text and "```python\nx = 1\n```" in text
    assert "<details><summary>Solution</summary>" in text
    assert text.rstrip().endswith("</details>")


@pytest.mark.slow
def test_cnnlib_wheel_holds_cnnlib_only(tmp_path):
    """pip builds the wheel piplite installs: cnnlib and its data, no tooling."""
    import zipfile

    from coursetools.lite import build_cnnlib_wheel

    wheel = build_cnnlib_wheel(ROOT, tmp_path)
    assert wheel.name.startswith("cnnlib-") and wheel.name.endswith("-py3-none-any.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"cnnlib", wheel.name.split("-py3")[0] + ".dist-info"}, tops
    assert "cnnlib/__init__.py" in names and "cnnlib/data/small_cnn.npz" in names
    assert not [name for name in names if "__pycache__" in name]
    # Fashion-MNIST is used by no browser chapter: not in the wheel, nor in
    # the wheel's checksum list (so the doctor passes in the browser).
    assert "cnnlib/data/mnist_sample.npz" in names
    assert "cnnlib/data/fashion_mnist_sample.npz" not in names
    assert "cnnlib/data/LICENSE-fashion-mnist.txt" not in names
    sums = zipfile.ZipFile(wheel).read("cnnlib/data/SHA256SUMS.txt").decode()
    assert "mnist_sample.npz" in sums and "fashion_mnist" not in sums


@pytest.mark.parametrize("chapter", lite_chapters())
def test_korean_browser_copy_has_the_english_code(chapter):
    """The Korean browser copy (chapters/NN_x.ko.ipynb): the same cells in
    the same order, the code cells identical (source and stored outputs),
    the prose in Korean."""
    stored = json.loads((CHAPTERS / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    english, korean = lite_notebook(stored), korean_lite_notebook(stored, chapter)
    assert [c["cell_type"] for c in korean["cells"]] == [
        c["cell_type"] for c in english["cells"]
    ]
    for en, ko in zip(english["cells"], korean["cells"], strict=True):
        if en["cell_type"] == "code":
            assert ko["source"] == en["source"]
            assert ko.get("outputs") == en.get("outputs")
    prose = [c["source"] for c in korean["cells"] if c["cell_type"] == "markdown"]
    share = hangul_share(prose)
    assert share > 0.5, f"{chapter}.ko: {share:.0%} of the prose is Hangul"
    notes = [c for c in korean["cells"] if TF_TAG in c["metadata"].get("tags", [])]
    assert all("TensorFlow가 필요합니다" in c["source"] for c in notes)


@pytest.mark.parametrize("chapter", lite_chapters())
def test_lite_copy_closes_gated_solutions(chapter):
    """A gated solution's code cells become closed <details> notes in the
    browser copy (shown when opened, never run, no output); the exercise's
    own cells (the skeleton, the check) stay code."""
    stored = json.loads((CHAPTERS / f"{chapter}.ipynb").read_text("utf-8"))
    lite = lite_notebook(stored)
    hidden = solution_cells(stored)
    for index in hidden:
        cell = lite["cells"][index]
        assert cell["cell_type"] == "markdown", index
        assert cell["metadata"]["tags"] == [SOLUTION_TAG]
        assert cell["source"].startswith("<details><summary>Solution</summary>")
        assert "".join(stored["cells"][index]["source"]).strip() in cell["source"]
    checks = [
        i
        for i, cell in enumerate(stored["cells"])
        if cell["cell_type"] == "code" and "cnnlib.check(" in "".join(cell["source"])
    ]
    open_checks = [i for i in checks if i not in hidden]
    assert all(lite["cells"][i]["cell_type"] == "code" for i in open_checks)
    if hidden:
        assert open_checks, "no check cell is left for the student"


def test_solution_cells_follow_the_markers():
    cells = [
        {"cell_type": "markdown", "source": "```{exercise-start}\n```"},
        {"cell_type": "code", "source": "answer = None"},
        {
            "cell_type": "markdown",
            "source": "```{exercise-end}\n```\n```{solution-start} ex\n```",
        },  # fmt: skip
        {"cell_type": "code", "source": "answer = 1"},
        {"cell_type": "code", "source": "print(answer)"},
        {"cell_type": "markdown", "source": "```{solution-end}\n```"},
        {"cell_type": "code", "source": "after = 2"},
    ]
    assert solution_cells({"cells": cells}) == {3, 4}


def test_korean_lite_copy_has_korean_lead_ins():
    source = (
        "```{exercise-start}\n:label: ex-a\n```\n\nDo it.\n\n"
        "```{solution-start} ex-a\n:class: dropdown\n```"
    )
    english, korean = lite_markdown(source), lite_markdown(source, "ko")
    assert english.startswith("**Exercise.**") and "**Solution** (closed" in english
    assert korean.startswith("**연습 문제.**") and "**풀이** (아래에 닫혀" in korean
    assert "Exercise" not in korean and "Solution" not in korean


def test_korean_app_is_the_notebook_app_with_korean_menus(tmp_path):
    """lite/ko/notebooks/ (the Korean pages' "브라우저에서 실행"): the notebook
    app's own page with its relative URLs one folder up, under
    lite/ko/jupyter-lite.json, whose settings make Korean the app's default
    language; without the Korean language pack in the app, the build fails."""
    from sphinx.errors import ExtensionError

    from coursetools.lite import KO_APP, KO_LOCALE, TRANSLATION_PLUGIN, korean_app

    lite = tmp_path / "lite"
    (lite / "notebooks").mkdir(parents=True)
    (lite / "notebooks" / "index.html").write_text(
        '<link rel="manifest" href="../manifest.webmanifest" />\n'
        '<link id="jupyter-lite-main" href="../build/notebooks/bundle.js?_=1" />\n'
        '<script id="jupyter-config-data" data-jupyter-lite-root="..">{}</script>\n'
        "<script>await import(\n  '../config-utils.js?_=1'\n);</script>\n",
        "utf-8",
    )
    (lite / "notebooks" / "jupyter-lite.json").write_text(
        json.dumps(
            {
                "jupyter-config-data": {
                    "appUrl": "/notebooks",
                    "fullStaticUrl": "../build",
                    "settingsUrl": "../build/schemas",
                    "themesUrl": "./build/themes",
                }
            }
        ),
        "utf-8",
    )
    with pytest.raises(ExtensionError, match="language pack"):
        korean_app(lite)
    (lite / "api" / "translations").mkdir(parents=True)
    (lite / "api" / "translations" / f"{KO_LOCALE}.json").write_text("{}", "utf-8")

    folder = korean_app(lite)
    assert folder == lite / KO_APP
    page = (folder / "index.html").read_text("utf-8")
    for url in (
        'href="../../manifest.webmanifest"',
        'href="../../build/notebooks/bundle.js?_=1"',
        'data-jupyter-lite-root="../.."',
        "'../../config-utils.js?_=1'",
    ):
        assert url in page
    config = json.loads((folder / "jupyter-lite.json").read_text("utf-8"))
    assert config["jupyter-config-data"] == {
        "appUrl": "/notebooks",
        "fullStaticUrl": "../../build",
        "settingsUrl": "../../build/schemas",
        "themesUrl": "./build/themes",
    }
    korean = json.loads((folder.parent / "jupyter-lite.json").read_text("utf-8"))
    overrides = korean["jupyter-config-data"]["settingsOverrides"]
    assert overrides == {TRANSLATION_PLUGIN: {"locale": KO_LOCALE}}
    # config-utils.js reads every folder's page and jupyter-lite.* on its way
    # up to the root: none may be missing (a 404 fails the browser tests).
    for name in ("index.html", "jupyter-lite.ipynb"):
        assert (folder.parent / name).is_file() and (folder / name).is_file()
    assert 'id="jupyter-config-data"' in (folder.parent / "index.html").read_text()


def test_korean_language_pack_is_installed_and_locked():
    """The pack `jupyter lite build` serves is installed (the lock pins it)."""
    from importlib.metadata import entry_points

    from coursetools.lite import KO_LOCALE

    packs = {e.name for e in entry_points(group="jupyterlab.languagepack")}
    assert KO_LOCALE in packs, "pip install -r requirements.lock"
    lock = (ROOT / "requirements.lock").read_text("utf-8")
    assert "\njupyterlab-language-pack-ko-kr==" in lock
