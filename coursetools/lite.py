"""The chapters in the browser: JupyterLite with Pyodide, served by the site.

``_ext/course_lite.py`` connects these to Sphinx, next to
``jupyterlite_sphinx`` (which embeds the REPL and runs ``jupyter lite build``
at ``build-finished``), for the website builders only (one-page builds, such
as the book PDF's, have no JupyterLite):

1. Before that build (``stage_lite``, ``build-finished`` priority 400),
   everything it needs is staged in ``_build/lite-src/`` from scratch, so
   the build is always clean (an incremental ``jupyter lite build`` once
   dropped the local Pyodide URL and fell back to a CDN):
   * ``static/pyodide/``: the Pyodide bundle that ``coursetools.pyodide``
     fetched once and verified into ``.cache/pyodide/``;
   * a ``cnnlib`` wheel built from this checkout by pip, which piplite
     installs;
   * ``jupyter_lite_config.json`` / ``jupyter-lite.json``: no PyPI fallback,
     no source maps;
   * the lite-able chapters (``course_lite_chapters``), transformed
     (``lite_notebook``): a cell tagged ``needs-tensorflow`` becomes a
     markdown cell that says so and shows the code and the output the book
     stored; the set-up cell installs cnnlib from the site's wheel; MyST
     becomes plain Markdown (``coursetools.myst``).
2. After it: ``lite/ko/notebooks/``, the notebook app once more with
   JupyterLab's menus in Korean (``add_korean_app``, priority 550; the
   Korean pages' "브라우저에서 실행" opens the Korean copies there); then
   (``check_lite``, priority 600) the kernel loads Pyodide from the site
   itself, nothing in the lite app points to a CDN, and the Korean language
   pack is in the app.
3. jupyterlite-sphinx's Google Fonts stylesheet leaves every page, and its
   script and stylesheet every page without a REPL.
4. "Run in your browser" goes under the title of each lite-able chapter.
"""

from __future__ import annotations

import copy
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from coursetools import ROOT, compat, edition, nbtext, pages, pyodide
from coursetools.myst import LABELS, lite_markdown

LITE_DIR = "lite"  # jupyterlite_sphinx.JUPYTERLITE_DIR: where the app is built
STAGING = Path("_build") / "lite-src"
CONTENTS = Path("_build") / "lite-contents"  # jupyterlite_content_dir
TF_TAG = "needs-tensorflow"
PYODIDE_KERNEL = "@jupyterlite/pyodide-kernel-extension:kernel"
# The tag of a gated solution's code in the browser copy (a <details> note).
SOLUTION_TAG = "course-solution"
# The set-up cell of the browser copy: cnnlib comes from the wheel the site
# ships (piplite finds it in the site's own index; PyPI is switched off).
LITE_SETUP = (
    "# Set-up in the browser (JupyterLite): install cnnlib from the wheel\n"
    "# this site ships (nothing is fetched from anywhere else).\n"
    "%pip install cnnlib\n"
    "import cnnlib"
)
TF_NOTE = (
    "**Needs TensorFlow.** This cell uses Keras/TensorFlow, which cannot run "
    "in the browser (Pyodide). Below are its code and the output stored when "
    "the book was built; run the notebook on your own machine, Colab or "
    "Binder to execute it."
)
# JupyterLab's Korean (the language pack jupyterlab-language-pack-ko-KR, in
# the lock): `jupyter lite build` serves every installed pack as
# api/translations/<locale>.json, and the app's language is the setting
# "locale" of TRANSLATION_PLUGIN. A jupyter-lite.json's settingsOverrides
# sets its default for the app pages in and below its folder, so the Korean
# entry is the notebook app's page one folder deeper, under lite/ko/.
KO_LOCALE = "ko_KR"
KO_APP = "ko/notebooks"
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
FOREIGN = re.compile(r"https?://(cdn\.jsdelivr\.net|unpkg\.com|fonts\.googleapis)")


# --- the browser copy of a chapter -------------------------------------------


def is_setup_cell(cell: dict) -> bool:
    source = nbtext.source(cell)
    return (
        cell["cell_type"] == "code"
        and "import cnnlib" in source
        and "%pip install" in source
    )


def _fence(text: str, info: str = "") -> str:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return f"{ticks}{info}\n{text.rstrip()}\n{ticks}"


TF_NOTE_KO = (
    "**TensorFlow가 필요합니다.** 이 셀은 브라우저(Pyodide)에서 실행할 수 없는 "
    "Keras/TensorFlow를 씁니다. 아래는 이 셀의 코드와 책을 빌드할 때 저장한 "
    "출력입니다. 실행하려면 노트북을 내 컴퓨터, Colab 또는 Binder에서 여십시오."
)
STORED_OUTPUT = {"en": "Stored output of the cell", "ko": "셀의 저장된 출력"}
# The Korean browser copy of chapter NN_x: chapters/NN_x.ko.ipynb, beside the
# English one (so that its relative image links work the same).
KO_SUFFIX = ".ko"


def tensorflow_note(cell: dict, lang: str = "en") -> dict:
    """A markdown cell in place of a ``needs-tensorflow`` code cell."""
    note_text = TF_NOTE_KO if lang == "ko" else TF_NOTE
    parts = [note_text, _fence(nbtext.text(cell["source"]), "python")]
    attachments: dict[str, dict[str, str]] = {}
    for output in cell.get("outputs", []):
        kind = output["output_type"]
        if kind == "stream" and output.get("name") == "stdout":
            parts.append(_fence(nbtext.text(output["text"]), "text"))
        elif kind in {"execute_result", "display_data"}:
            data = output.get("data", {})
            if "image/png" in data:
                name = f"output{len(attachments)}.png"
                attachments[name] = {
                    "image/png": nbtext.text(data["image/png"]).strip()
                }
                parts.append(f"![{STORED_OUTPUT[lang]}](attachment:{name})")
            elif "text/plain" in data:
                parts.append(_fence(nbtext.text(data["text/plain"]), "text"))
        elif kind == "error":
            parts.append(_fence(f"{output['ename']}: {output['evalue']}", "text"))
    note = {
        "cell_type": "markdown",
        "metadata": {"tags": [TF_TAG]},
        "source": "\n\n".join(parts),
    }
    if "id" in cell:
        note["id"] = cell["id"]
    if attachments:
        note["attachments"] = attachments
    return note


def solution_cells(notebook: dict) -> set[int]:
    """Indices of the code cells between a ``solution-start`` marker and its
    ``solution-end`` (a gated solution), wherever the markers sit."""
    inside, found = False, set()
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "markdown":
            text = nbtext.source(cell)
            opened = text.rfind("{solution-start}")
            closed = text.rfind("{solution-end}")
            if opened >= 0 or closed >= 0:
                inside = opened > closed
        elif inside:
            found.add(index)
    return found


def solution_note(cell: dict, summary: str) -> dict:
    """A solution's code cell as a closed ``<details>`` markdown cell."""
    code = nbtext.source(cell).rstrip("\n")
    return {
        **({"id": cell["id"]} if "id" in cell else {}),
        "cell_type": "markdown",
        "metadata": {"tags": [SOLUTION_TAG]},
        "source": f"<details><summary>{summary}</summary>\n\n"
        f"```python\n{code}\n```\n\n</details>\n",
    }


def lite_notebook(
    notebook: dict, setup_source: str | None = None, lang: str = "en"
) -> dict:
    """The browser copy of a chapter notebook (the original is not changed).

    A gated solution's code cells (between ``solution-start`` and
    ``solution-end``) become closed ``<details>`` blocks that show the code
    when opened and never run (``solution_note``), as the book's dropdown
    hides them.

    ``setup_source``: the set-up cell's new text. By default the set-up cell
    is kept if it already installs cnnlib in the browser (it tests
    ``sys.platform == "emscripten"``) and replaced by ``LITE_SETUP`` if not.
    ``lang``: the language of the notes this function writes (``"ko"`` for
    the Korean copy, whose prose ``korean_lite_notebook`` translates).
    """
    result = copy.deepcopy(notebook)
    cells = []
    hidden = solution_cells(notebook)
    summary = LABELS.get(lang, {}).get("Solution", "Solution")
    for index, cell in enumerate(result["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "markdown":
            cell["source"] = lite_markdown(nbtext.source(cell), lang)
        if index in hidden:
            # A gated solution's code becomes a closed <details> block: the
            # student opens it to read it; Run All does not run it, so its
            # answer never prints (JupyterLab shows a cell's outputs again
            # whenever it runs, folded or not).
            cells.append(solution_note(cell, summary))
            continue
        if cell["cell_type"] == "code" and TF_TAG in tags:
            cells.append(tensorflow_note(cell, lang))
            continue
        source = nbtext.source(cell)
        if is_setup_cell(cell) and (setup_source or "emscripten" not in source):
            cell["source"] = setup_source or LITE_SETUP
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    result["cells"] = cells
    metadata = result.setdefault("metadata", {})
    metadata["kernelspec"] = {
        "display_name": "Python (Pyodide)",
        "language": "python",
        "name": "python",
    }
    return result


def korean_lite_notebook(notebook: dict, stem: str) -> dict:
    """The Korean browser copy of chapter ``stem``: prose, exercise text,
    captions and alt text from the Korean catalogues
    (``catalogues.translate_notebook``), the code cells identical."""
    from coursetools import catalogues

    return lite_notebook(catalogues.translate_notebook(notebook, stem), lang="ko")


# --- the cnnlib wheel --------------------------------------------------------

#: What a wheel of cnnlib is built from (the checkout without the tooling).
WHEEL_SOURCES = ["pyproject.toml", "README.md", "LICENSE", "cnnlib"]
#: Data files of cnnlib/data that no browser chapter uses: left out of the
#: wheel (every visitor of the browser copy downloads it) and of its
#: SHA256SUMS.txt, so that ``python -m cnnlib.doctor`` still passes there.
WHEEL_EXCLUDED_DATA = ["fashion_mnist_sample.npz", "LICENSE-fashion-mnist.txt"]


def build_cnnlib_wheel(root: Path, dest: Path) -> Path:
    """A wheel of cnnlib from the checkout at ``root``, built by pip.

    ``pip wheel --no-deps --no-build-isolation`` (no network; setuptools from
    the environment) on a copy of ``WHEEL_SOURCES``: the same files ``pip
    install .`` installs, without the tooling the checkout also declares,
    and without ``WHEEL_EXCLUDED_DATA``.
    """
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "cnnlib-src"
        source.mkdir()
        for name in WHEEL_SOURCES:
            path = root / name
            if path.is_dir():
                shutil.copytree(
                    path, source / name, ignore=shutil.ignore_patterns("__pycache__")
                )
            else:
                shutil.copy2(path, source / name)
        data = source / "cnnlib" / "data"
        for name in WHEEL_EXCLUDED_DATA:
            (data / name).unlink(missing_ok=True)
        sums = data / "SHA256SUMS.txt"
        if sums.is_file():
            kept = [
                line
                for line in sums.read_text().splitlines()
                if line.split()[-1:] not in ([name] for name in WHEEL_EXCLUDED_DATA)
            ]
            sums.write_text("\n".join(kept) + "\n")
        before = set(dest.glob("*.whl"))
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--wheel-dir",
                str(dest),
                str(source),
            ],
            check=True,
        )
    wheels = sorted(set(dest.glob("cnnlib-*.whl")) - before) or sorted(
        dest.glob("cnnlib-*.whl")
    )
    if len(wheels) != 1:
        raise ExtensionError(f"course_lite: expected one cnnlib wheel, got {wheels}")
    return wheels[0]


# --- the build ---------------------------------------------------------------


def _pyodide_bundle() -> Path:
    try:
        return pyodide.ensure_bundle()
    except pyodide.BundleError as error:
        raise ExtensionError(
            f"course_lite: no Pyodide bundle for the in-browser chapters: {error} "
            "(run `python -m coursetools.pyodide` once with network access)"
        ) from error


def _link_tree(source: Path, target: Path) -> None:
    """Hard-link (or copy) every file of ``source`` under ``target``."""
    for path in source.iterdir():
        if path.is_file() and path.name != "VERIFIED":
            try:
                os.link(path, target / path.name)
            except OSError:
                shutil.copy2(path, target / path.name)


def lite_chapter_names(app: Sphinx) -> list[str]:
    return list(app.config.course_lite_chapters)


def lite_chapters(srcdir: Path = ROOT) -> list[str]:
    """The chapters offered in the browser (``course_lite_chapters`` in
    ``_config.yml``), outside Sphinx."""
    config = yaml.safe_load((Path(srcdir) / "_config.yml").read_text("utf-8"))
    return list(config["sphinx"]["config"].get("course_lite_chapters", []))


def builds_lite(app: Sphinx) -> bool:
    """Whether this build makes the JupyterLite app: the English website.
    Another edition (``language = "ko"``) links to the English site's app
    (``coursetools.edition``)."""
    return compat.is_website(app.builder) and (app.config.language or "en") == "en"


def stage_lite(app: Sphinx, exception) -> None:
    """Prepare a clean JupyterLite build (runs before jupyterlite_sphinx's)."""
    if exception is not None or not builds_lite(app):
        return
    srcdir = Path(app.srcdir)
    staging = srcdir / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(Path(app.outdir) / LITE_DIR, ignore_errors=True)
    for stale in (srcdir / ".jupyterlite.doit.db", Path(".jupyterlite.doit.db")):
        stale.unlink(missing_ok=True)

    pyodide = staging / "static" / "pyodide"
    pyodide.mkdir(parents=True)
    bundle = _pyodide_bundle()
    _link_tree(bundle, pyodide)
    wheels = [build_cnnlib_wheel(srcdir, staging / "wheels")]
    wheels += sorted((bundle / "piplite").glob("*.whl"))  # comm, for the kernel

    (staging / "jupyter_lite_config.json").write_text(
        json.dumps(
            {
                "LiteBuildConfig": {"no_sourcemaps": True},
                "PipliteAddon": {"piplite_urls": [str(w) for w in wheels]},
            },
            indent=2,
        ),
        "utf-8",
    )
    (staging / "jupyter-lite.json").write_text(
        json.dumps(
            {
                "jupyter-lite-schema-version": 0,
                "jupyter-config-data": {
                    "appName": "CNN course in the browser",
                    # window.jupyterapp: the browser tests drive the app.
                    "exposeAppInBrowser": True,
                    # nbdime (the repository's notebook diff tool, in the
                    # lock) installs a JupyterLab extension that fails to
                    # activate in JupyterLite's REPL: the browser copy
                    # leaves it off.
                    "disabledExtensions": ["nbdime-jupyterlab"],
                    "litePluginSettings": {
                        PYODIDE_KERNEL: {"disablePyPIFallback": True}
                    },
                },
            },
            indent=2,
        ),
        "utf-8",
    )

    contents = srcdir / app.config.jupyterlite_content_dir
    contents.mkdir(parents=True, exist_ok=True)
    chapters = contents / "chapters"
    chapters.mkdir(exist_ok=True)
    for name in lite_chapter_names(app):
        source = srcdir / "chapters" / f"{name}.ipynb"
        notebook = json.loads(source.read_text("utf-8"))
        for target, copy_ in [
            (source.name, lite_notebook(notebook)),
            (f"{name}{KO_SUFFIX}.ipynb", korean_lite_notebook(notebook, name)),
        ]:
            (chapters / target).write_text(
                json.dumps(copy_, indent=1, ensure_ascii=False) + "\n", "utf-8"
            )
    if (srcdir / "images").is_dir():
        shutil.copytree(srcdir / "images", contents / "images", dirs_exist_ok=True)


def _deeper(value: str) -> str:
    """A relative URL of the notebook app's folder, from one folder deeper."""
    return "../" + value if value.startswith("../") or value == ".." else value


def korean_app(lite: Path) -> Path:
    """``lite/ko/notebooks/``: the notebook app's page (``lite/notebooks/``)
    one folder deeper, under ``lite/ko/jupyter-lite.json``, which makes
    Korean the default language of the app pages below it. Returns the
    folder. Runs after ``jupyter lite build`` (``add_korean_app``).

    The page is the app's own ``index.html`` with its relative URLs one
    level up; nothing else changes (the same bundle, contents and browser
    storage: a notebook a student edits in one is the same file in the
    other)."""
    if not (lite / "api" / "translations" / f"{KO_LOCALE}.json").is_file():
        raise ExtensionError(
            f"course_lite: no {KO_LOCALE} language pack in the app "
            "(pip install -r requirements.lock: jupyterlab-language-pack-ko-KR)"
        )
    source = lite / "notebooks"
    target = lite / KO_APP
    shutil.rmtree(target.parent, ignore_errors=True)
    target.mkdir(parents=True)
    page = (source / "index.html").read_text("utf-8")
    # The app's relative URLs: its bundle, config-utils.js, the manifest and
    # the JupyterLite root ("..").
    page, count = re.subn(
        r"""((?:href|src)=["']|import\(\s*['"]|data-jupyter-lite-root=["'])(\.\.)""",
        r"\1../\2",
        page,
    )
    if count < 3:
        raise ExtensionError(
            f"course_lite: {source / 'index.html'} has {count} relative URLs, "
            "expected the bundle, config-utils.js and the root (a new layout?)"
        )
    (target / "index.html").write_text(page, "utf-8")
    config = json.loads((source / "jupyter-lite.json").read_text("utf-8"))
    data = config.get("jupyter-config-data", {})
    for key, value in data.items():
        if isinstance(value, str):
            data[key] = _deeper(value)
    (target / "jupyter-lite.json").write_text(json.dumps(config, indent=2), "utf-8")
    if (source / "favicon.ico").is_file():
        shutil.copy2(source / "favicon.ico", target / "favicon.ico")
    # lite/ko/: the Korean default, and the page config-utils.js reads on its
    # way up to the root (it must have a #jupyter-config-data).
    korean = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "settingsOverrides": {TRANSLATION_PLUGIN: {"locale": KO_LOCALE}}
        },
    }
    (target.parent / "jupyter-lite.json").write_text(
        json.dumps(korean, indent=2), "utf-8"
    )
    (target.parent / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="ko">\n<head>\n<meta charset="utf-8">\n'
        '<script id="jupyter-config-data" type="application/json" '
        'data-jupyter-lite-root="..">{}</script>\n'
        '<meta http-equiv="refresh" content="0; url=notebooks/index.html">\n'
        "</head>\n</html>\n",
        "utf-8",
    )
    # config-utils.js also asks each folder for a jupyter-lite.ipynb.
    stub = {"cells": [], "metadata": {"jupyter-lite": {}}, "nbformat": 4}
    stub["nbformat_minor"] = 5
    for folder in (target.parent, target):
        (folder / "jupyter-lite.ipynb").write_text(json.dumps(stub), "utf-8")
    return target


def add_korean_app(app: Sphinx, exception) -> None:
    """After jupyterlite-sphinx's ``jupyter lite build``: ``korean_app``."""
    if exception is not None or not builds_lite(app):
        return
    korean_app(Path(app.outdir) / LITE_DIR)


def check_lite(app: Sphinx, exception) -> None:
    """The app must load Pyodide and the wheels from the site itself."""
    if exception is not None or not builds_lite(app):
        return
    lite = Path(app.outdir) / LITE_DIR
    config = json.loads((lite / "jupyter-lite.json").read_text("utf-8"))
    settings = config["jupyter-config-data"]["litePluginSettings"][PYODIDE_KERNEL]
    problems = []
    if settings.get("pyodideUrl") != "./static/pyodide/pyodide.js":
        problems.append(f"pyodideUrl is {settings.get('pyodideUrl')!r}")
    if not settings.get("disablePyPIFallback"):
        problems.append("the PyPI fallback is on")
    if not (lite / "static" / "pyodide" / "pyodide.asm.wasm").is_file():
        problems.append("no static/pyodide/pyodide.asm.wasm")
    if not (lite / KO_APP / "index.html").is_file():
        problems.append(f"no {KO_APP}/index.html (the Korean app)")
    for path in [*lite.rglob("jupyter-lite.json"), *lite.rglob("jupyter-lite.ipynb")]:
        if FOREIGN.search(path.read_text("utf-8", errors="replace")):
            problems.append(f"{path.relative_to(lite)} names a CDN")
    if problems:
        raise ExtensionError("course_lite: " + "; ".join(problems))


# --- the pages ---------------------------------------------------------------


def _is_foreign_css(entry) -> bool:
    filename = entry[0] if isinstance(entry, tuple) else getattr(entry, "filename", "")
    return "fonts.googleapis.com" in str(filename or "")


def drop_google_fonts(app: Sphinx) -> None:
    """jupyterlite_sphinx adds a Google Fonts stylesheet: the site is offline."""
    compat.drop_builder_css(app, _is_foreign_css)


def drop_page_fonts(app: Sphinx, pagename, templatename, context, doctree):
    if "css_files" in context:
        context["css_files"] = [
            e for e in context["css_files"] if not _is_foreign_css(e)
        ]


def drop_lite_assets_without_lite(
    app: Sphinx, pagename, templatename, context, doctree
) -> None:
    """jupyterlite_sphinx adds its script and stylesheet to every page; only a
    page with one of its iframes (the REPL of "Try cnnlib") uses them. The
    chapters' "Run in your browser" links are plain links."""
    if not compat.is_website(app.builder):
        return
    if doctree is not None and any(
        type(node).__module__.startswith("jupyterlite_sphinx")
        for node in doctree.findall(nodes.Element)
    ):
        return

    def lite_asset(entry) -> bool:
        return "jupyterlite_sphinx" in str(getattr(entry, "filename", entry) or "")

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [e for e in context[key] if not lite_asset(e)]


def lite_url(app: Sphinx, docname: str) -> str | None:
    """Relative URL of a chapter in JupyterLite, or None if it has none."""
    if not docname.startswith("chapters/"):
        return None
    name = posixpath.basename(docname)
    if name not in lite_chapter_names(app):
        return None
    korean = edition.is_korean(app)
    folder = KO_APP if korean else "notebooks"
    app_url = pages.page_url(app, docname, f"{LITE_DIR}/{folder}/index.html")
    suffix = KO_SUFFIX if korean else ""
    return f"{app_url}?path=chapters/{name}{suffix}.ipynb"


def add_lite_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put "Run in your browser" under the title of each lite-able chapter."""
    try_page = posixpath.relpath("try_cnnlib.html", posixpath.dirname(docname))
    pages.link_under_title(
        app,
        doctree,
        lite_url(app, docname),
        "course-lite-link",
        ("fa-play", edition.ui(app, "Run in your browser")),
        edition.ui(
            app,
            "(JupyterLite: the NumPy cells run; cells that need TensorFlow show "
            "their stored output. Needs the site served over http, not opened as "
            'a file: see <a href="{try_page}">Try cnnlib</a>.)',
        ).format(try_page=try_page),
    )
