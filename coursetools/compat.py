"""Every workaround that reaches into a library's private API, in one place.

Each one names the pinned version it was written against (``PINNED``, the
versions of ``requirements.lock``) and refuses to run on another with a clear
error (``CompatError``), so that an upgrade makes us look at the workaround
again instead of failing somewhere far away, or silently doing nothing.
``tests/test_compat.py`` checks that ``PINNED`` matches the lock and that each
workaround still finds what it patches.

The workarounds:

* ``normalise_inline_scripts`` (Sphinx's ``_JavaScript``, ``builder._js_files``):
  each file-less ``<script>`` once per page;
* ``drop_builder_css`` (``builder._css_files``): jupyterlite-sphinx's Google
  Fonts stylesheet out of an offline site;
* ``lite_node_classes`` / ``skip_lite_in_single_page_builds``
  (jupyterlite-sphinx's node classes and its ``build-finished`` listener):
  no REPL and no ``jupyter lite build`` in one-page builds;
* ``disconnect_jupyterlite_build`` (jupyterlite-sphinx's listener, through
  Sphinx's ``app.events.listeners``): the Korean edition shares the English
  site's JupyterLite instead of building its own;
* ``set_mystnb_output_folder`` (myst-nb's ``env.mystnb_config``): the Korean
  edition's notebook images outside the English site;
* ``check_theme_layout`` (pydata-sphinx-theme's ``layout.html``): the
  ``css`` and ``extrahead`` blocks that ``_templates/layout.html`` copies
  and trims must still be the ones it copied (their SHA-256 below);
* ``sphinx_english_search`` (``sphinx.search.en``): the English search
  class and JavaScript stemmer the Korean search builds on;
* ``build_book`` (Jupyter Book's ``jupyter_book.sphinx.build_sphinx``, not
  a documented API, and the overrides its CLI passes): the gettext
  extraction and the Korean site, built as ``jupyter-book build`` would;
* ``patch_playwright_for_pdfhtml`` (Jupyter Book's ``pdfhtml`` builder calls
  Playwright's ``chromium.launch()`` with no way to pass a browser): the
  book PDF from Debian's chromium.
"""

from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from coursetools import ROOT

#: The versions the workarounds were written against (from requirements.lock).
PINNED = {
    "sphinx": "7.4.7",
    "jupyterlite-sphinx": "0.23.0",
    "jupyter-book": "1.0.4.post1",
    "playwright": "1.65.2",
    "myst-nb": "1.4.0",
    "pydata-sphinx-theme": "0.17.1",
}

#: The builders that write the whole book as one page.
SINGLE_PAGE_BUILDERS = frozenset({"singlehtml", "pdfhtml"})
#: The builders that write one page per document (the website).
MULTI_PAGE_BUILDERS = frozenset({"html", "dirhtml"})


class CompatError(RuntimeError):
    """A workaround met a version of its library it was not written for."""


def installed(distribution: str) -> str:
    return importlib.metadata.version(distribution)


def require(distribution: str, workaround: str) -> None:
    """Stop unless ``distribution`` is at the version ``workaround`` knows."""
    expected = PINNED[distribution]
    found = installed(distribution)
    if found != expected:
        raise CompatError(
            f"coursetools.compat.{workaround} patches private internals of "
            f"{distribution} {expected}, but {found} is installed. Check whether "
            f"the workaround is still needed and still right for {found}, then "
            "update PINNED in coursetools/compat.py (and requirements.lock)."
        )


def is_single_page(builder: Any) -> bool:
    """Whether the Sphinx builder writes the whole book as one page."""
    return builder.name in SINGLE_PAGE_BUILDERS


def is_website(builder: Any) -> bool:
    """Whether the Sphinx builder writes the website (one page a document)."""
    return builder.name in MULTI_PAGE_BUILDERS


# --- Sphinx 7.4: file-less scripts twice on every page -----------------------


def _script_key(script: Any) -> Any:
    from sphinx.builders.html._assets import _JavaScript

    if not isinstance(script, _JavaScript):
        return script
    return (
        script.filename or "",
        script.priority,
        tuple(sorted(script.attributes.items())),
    )


def dedupe_scripts(scripts: Iterable[Any]) -> list[Any]:
    """``scripts`` without repeats, a file-less script counting once."""
    seen = set()
    unique = []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    return unique


def normalise_inline_scripts(app: Any, env: Any = None) -> None:
    """Give the builder's file-less scripts the ``''`` filename of the registry.

    Sphinx 7.4: ``app.add_js_file(None, body=...)`` after the builder exists
    (sphinx-thebe, sphinx-togglebutton) puts the script in
    ``builder._js_files`` with ``filename=None``, and ``prepare_writing``
    adds the registry's copy with ``filename=''``: the two do not compare
    equal and every page declares the same ``const`` twice. Connect at
    ``env-updated``, after every extension added its scripts.
    """
    require("sphinx", "normalise_inline_scripts")
    from sphinx.builders.html._assets import _JavaScript

    builder = app.builder
    if not hasattr(builder, "_js_files"):
        return
    normalised = [
        _JavaScript(
            script.filename or "", priority=script.priority, **script.attributes
        )
        for script in builder._js_files
    ]
    builder._js_files[:] = dedupe_scripts(normalised)


def drop_builder_css(app: Any, unwanted: Callable[[Any], bool]) -> None:
    """Remove the stylesheets ``unwanted`` picks from the registry and builder.

    Sphinx 7.4 keeps what ``add_css_file`` added after the builder existed in
    ``builder._css_files`` (no public way to remove one).
    """
    app.registry.css_files[:] = [e for e in app.registry.css_files if not unwanted(e)]
    if hasattr(app.builder, "_css_files"):
        require("sphinx", "drop_builder_css")
        app.builder._css_files[:] = [
            e for e in app.builder._css_files if not unwanted(e)
        ]


# --- jupyterlite-sphinx 0.23 in one-page builds -------------------------------


def lite_node_classes() -> list[type]:
    """jupyterlite-sphinx's iframe and tab nodes (its module names them only
    by class; there is no list of them)."""
    require("jupyterlite-sphinx", "lite_node_classes")
    from docutils import nodes
    from jupyterlite_sphinx import jupyterlite_sphinx as lite

    found = [
        node
        for name, node in vars(lite).items()
        if isinstance(node, type)
        and issubclass(node, nodes.Element)
        and (name.endswith("Iframe") or name.endswith("Tab"))
    ]
    if not found:
        raise CompatError("jupyterlite_sphinx defines no *Iframe or *Tab nodes")
    return found


def _skip_node(translator: Any, node: Any) -> None:
    from docutils import nodes

    raise nodes.SkipNode


def skip_lite_nodes_in_single_page_builds(app: Any) -> None:
    """Leave jupyterlite-sphinx's live consoles out of a one-page build.

    It gives its nodes a visitor for the ``html`` builder only; ``singlehtml``
    (and ``pdfhtml``) have handlers of their own, so Sphinx does not fall
    back to the ``html`` ones and fails on the REPL of the "Try cnnlib" page.
    Call from ``setup()``.
    """
    for node in lite_node_classes():
        app.add_node(node, override=True, singlehtml=(_skip_node, None))


def disconnect_lite_build(app: Any) -> None:
    """No ``jupyter lite build`` for a one-page build (``builder-inited``).

    jupyterlite-sphinx builds the app at ``build-finished`` whenever the
    builder's format is ``html``, which ``singlehtml`` shares: every book PDF
    wrote a 75 MB ``lite/`` nobody opens.
    """
    if is_single_page(app.builder):
        disconnect_jupyterlite_build(app)


def disconnect_jupyterlite_build(app: Any) -> None:
    """Switch jupyterlite-sphinx's ``build-finished`` step (``jupyter lite
    build``) off for this build."""
    require("jupyterlite-sphinx", "disconnect_jupyterlite_build")
    from jupyterlite_sphinx.jupyterlite_sphinx import jupyterlite_build

    listeners = [
        listener
        for listener in app.events.listeners.get("build-finished", [])
        if listener.handler is jupyterlite_build
    ]
    if not listeners:
        raise CompatError("jupyterlite_sphinx's build-finished listener not found")
    for listener in listeners:
        app.disconnect(listener.id)


# --- myst-nb: where the notebooks' images go ---------------------------------


def set_mystnb_output_folder(app: Any, folder: str) -> None:
    """Write the notebooks' output files (images) to ``folder``.

    myst-nb puts them in ``jupyter_execute`` beside the output folder, which
    for the Korean site (``_build/html/ko``) is inside the English one; its
    ``output_folder`` option is set from the output folder at
    ``builder-inited`` and cannot be configured. Call after myst-nb's own
    ``builder-inited`` listener.
    """
    require("myst-nb", "set_mystnb_output_folder")
    config = getattr(app.env, "mystnb_config", None)
    if config is None:
        raise CompatError("myst-nb's env.mystnb_config not found")
    app.env.mystnb_config = config.copy(output_folder=folder)


# --- pydata-sphinx-theme: the layout.html blocks _templates/ copies ----------

#: SHA-256 of each block of the theme's ``layout.html`` that
#: ``_templates/layout.html`` overrides with a trimmed copy (pinned version).
THEME_BLOCKS = {
    "css": "1436267ac153f48c3c4c90ad2d083623d0f9118523d4144536aa5e38cf83e9fd",
    "extrahead": "e607f7742f3bd264200d1ecf26396d928985dad0079c0485dda992ec79010d9e",
}


def theme_layout_blocks(names: Iterable[str] = THEME_BLOCKS) -> dict[str, str]:
    """The text of the blocks ``names`` of pydata-sphinx-theme's layout.html."""
    import re
    from pathlib import Path

    import pydata_sphinx_theme

    layout = Path(pydata_sphinx_theme.__file__).parent / "theme"
    text = (layout / "pydata_sphinx_theme" / "layout.html").read_text("utf-8")
    blocks = {}
    for name in names:
        match = re.search(
            rf"{{%-? block {name} %}}(.*?){{%-? endblock {name} %}}", text, re.DOTALL
        )
        if match is None:
            raise CompatError(f"pydata-sphinx-theme's layout.html has no {name} block")
        blocks[name] = match[1]
    return blocks


def check_theme_layout(app: Any = None, config: Any = None) -> None:
    """Stop unless the theme's blocks that ``_templates/layout.html`` copies
    are the ones it copied (``builder-inited``/``config-inited``)."""
    import hashlib

    require("pydata-sphinx-theme", "check_theme_layout")
    for name, text in theme_layout_blocks().items():
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest != THEME_BLOCKS[name]:
            raise CompatError(
                f"pydata-sphinx-theme's `{name}` block changed: copy it again "
                "into _templates/layout.html (with the course's trim), then "
                "update coursetools.compat.THEME_BLOCKS"
            )


# --- Sphinx's English search (a private module) ------------------------------


def sphinx_english_search() -> tuple[Any, str]:
    """``sphinx.search.en``'s ``SearchEnglish`` and ``js_porter_stemmer``
    (the JavaScript Porter stemmer ``coursetools.korean`` renames and reuses
    for the Korean search): not a documented API."""
    require("sphinx", "sphinx_english_search")
    from sphinx.search.en import SearchEnglish, js_porter_stemmer

    return SearchEnglish, js_porter_stemmer


# --- Jupyter Book: a Sphinx build as its CLI runs it --------------------------


def book_overrides(**extra: Any) -> dict[str, Any]:
    """What ``jupyter-book build . --nitpick`` passes to Sphinx, and ``extra``."""
    return {
        "external_toc_path": (ROOT / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,
        **extra,
    }


def build_book(
    outdir: Any,
    builder: str,
    doctreedir: Any,
    freshenv: bool = False,
    quiet: bool = False,
    **overrides: Any,
) -> int:
    """Build the book in the checkout with ``builder`` into ``outdir``, as
    ``jupyter-book build`` does, warnings as errors (``overrides``: Sphinx
    settings, e.g. ``language``). Returns the status (0: built)."""
    require("jupyter-book", "build_book")
    from jupyter_book.sphinx import build_sphinx

    result = build_sphinx(
        str(ROOT),
        str(outdir),
        path_config=str(ROOT / "_config.yml"),
        noconfig=True,
        confoverrides=book_overrides(**overrides),
        doctreedir=str(doctreedir),
        builder=builder,
        freshenv=freshenv,
        warningiserror=True,
        keep_going=True,
        quiet=quiet,
    )
    if isinstance(result, Exception):
        return 1
    return int(result or 0)


# --- Jupyter Book's pdfhtml builder and Playwright ----------------------------


def patch_playwright_for_pdfhtml(
    launch_defaults: dict[str, Any],
    before_pdf: Callable[[Any], Awaitable[dict[str, Any]]],
) -> Callable[[], None]:
    """Patch Playwright's async API before Jupyter Book's ``pdfhtml`` uses it.

    ``jupyter_book/pdf.py`` calls ``p.chromium.launch()`` (a browser that
    ``playwright install`` downloads) and ``page.pdf(path=...)`` at once.
    Here ``BrowserType.launch`` gets ``launch_defaults`` (Debian's chromium),
    and ``Page.pdf`` first awaits ``before_pdf(page)``, whose dictionary is
    added to the ``pdf()`` arguments. Returns a function that undoes both.
    """
    require("jupyter-book", "patch_playwright_for_pdfhtml")
    require("playwright", "patch_playwright_for_pdfhtml")
    from playwright.async_api import BrowserType, Page

    launch, pdf = BrowserType.launch, Page.pdf

    @functools.wraps(launch)
    async def launch_with_defaults(self: Any, *args: Any, **kwargs: Any) -> Any:
        for key, value in launch_defaults.items():
            kwargs.setdefault(key, value)
        return await launch(self, *args, **kwargs)

    @functools.wraps(pdf)
    async def pdf_after(self: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs.update(await before_pdf(self))
        return await pdf(self, *args, **kwargs)

    BrowserType.launch = launch_with_defaults  # type: ignore[method-assign]
    Page.pdf = pdf_after  # type: ignore[method-assign]

    def restore() -> None:
        BrowserType.launch = launch  # type: ignore[method-assign]
        Page.pdf = pdf  # type: ignore[method-assign]

    return restore
