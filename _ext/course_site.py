"""Sphinx extension for the course site (loaded through ``_config.yml``).

Two things Jupyter Book 1.0.4 does not do on its own:

1. Script tags without a file (``<script>const THEBE_JS_URL = ...</script>``
   from sphinx-thebe, ``togglebuttonSelector`` from sphinx-togglebutton) are
   emitted twice on every page, and the browser reports a redeclaration
   error for the ``const``. The cause is in Sphinx 7.4: an extension that
   calls ``app.add_js_file(None, body=...)`` after the builder exists adds
   the script to the builder with ``filename=None``, and
   ``StandaloneHTMLBuilder.prepare_writing`` adds the registry's copy again
   with ``filename=''``; the two no longer compare equal. We normalise the
   builder's list once, before the pages are written, so each script is
   emitted once.
2. Each chapter page links to its reveal.js deck in ``slides/`` (built by
   ``scripts/make_slides.py``), under the page title.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript

SLIDES_DIR = "slides"
CHAPTERS_DIR = "chapters"


def _script_key(script: _JavaScript) -> tuple:
    return (
        script.filename or "",
        script.priority,
        tuple(sorted(script.attributes.items())),
    )


def dedupe_scripts(scripts: list) -> list:
    """Return ``scripts`` without repeats, a file-less script counting once."""
    seen = set()
    unique = []
    for script in scripts:
        key = _script_key(script) if isinstance(script, _JavaScript) else script
        if key not in seen:
            seen.add(key)
            unique.append(script)
    return unique


def normalise_inline_scripts(app: Sphinx, env) -> None:
    """Give file-less scripts the ``''`` filename that Sphinx's registry uses.

    Runs at ``env-updated``, after every extension has added its scripts and
    before ``prepare_writing`` merges in the registry's copies, which then
    compare equal and are not added a second time.
    """
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


def dedupe_page_scripts(app: Sphinx, pagename, templatename, context, doctree):
    """Safety net for scripts added per page (e.g. MathJax): no repeats."""
    if "script_files" in context:
        context["script_files"] = dedupe_scripts(list(context["script_files"]))


def chapter_deck(app: Sphinx, docname: str) -> str | None:
    """The deck's file name for a chapter notebook, or None for other pages."""
    if not docname.startswith(CHAPTERS_DIR + "/"):
        return None
    if Path(app.env.doc2path(docname)).suffix != ".ipynb":
        return None
    return posixpath.basename(docname) + ".html"


def add_slides_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put "Slides for this chapter" under the title of each chapter page."""
    if app.builder.format != "html":
        return
    deck = chapter_deck(app, docname)
    if deck is None:
        return
    page_dir = posixpath.dirname(app.builder.get_target_uri(docname))
    href = posixpath.relpath(posixpath.join(SLIDES_DIR, deck), page_dir or ".")
    link = nodes.raw(
        "",
        '<p class="course-slides-link">'
        f'<a class="reference external" href="{href}">'
        '<i class="fa-solid fa-person-chalkboard" aria-hidden="true"></i> '
        "Slides for this chapter</a> (reveal.js; press <kbd>S</kbd> for "
        "speaker notes)</p>",
        format="html",
    )
    for section in doctree.findall(nodes.section):
        title = next(iter(section.findall(nodes.title)), None)
        if title is not None:
            title.parent.insert(title.parent.index(title) + 1, link)
            return


def setup(app: Sphinx) -> dict:
    app.connect("env-updated", normalise_inline_scripts)
    app.connect("html-page-context", dedupe_page_scripts, priority=900)
    app.connect("doctree-resolved", add_slides_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
