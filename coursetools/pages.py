"""What the site adds to the chapter pages: links under the title.

Each chapter page links to its reveal.js deck in ``slides/`` (built by
``coursetools.slides``) under its title; ``coursetools.lite`` puts the "Run
in your browser" link there too (``link_under_title``).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from coursetools import edition

SLIDES_DIR = "slides"
CHAPTERS_DIR = "chapters"


def chapter_deck(app: Sphinx, docname: str) -> str | None:
    """The deck's file name for a chapter notebook, or None for other pages."""
    if not docname.startswith(CHAPTERS_DIR + "/"):
        return None
    if Path(app.env.doc2path(docname)).suffix != ".ipynb":
        return None
    return posixpath.basename(docname) + ".html"


def page_url(app: Sphinx, docname: str, target: str) -> str:
    """``target`` (a path in the built site) relative to ``docname``'s page."""
    page_dir = posixpath.dirname(app.builder.get_target_uri(docname))
    return posixpath.relpath(target, page_dir or ".")


def link_under_title(
    app: Sphinx,
    doctree: nodes.document,
    href: str | None,
    css_class: str,
    icon_text: tuple[str, str],
    note: str,
) -> None:
    """A paragraph with one link (a FontAwesome icon and its text) and an
    HTML ``note`` after it, right under the page title; nothing where
    ``href`` is None or the builder writes no HTML."""
    if app.builder.format != "html" or href is None:
        return
    icon, text = icon_text
    link = nodes.raw(
        "",
        f'<p class="{css_class}">'
        f'<a class="reference external" href="{href}">'
        f'<i class="fa-solid {icon}" aria-hidden="true"></i> {text}</a> {note}</p>',
        format="html",
    )
    insert_after_title(doctree, link)


def add_slides_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put "Slides for this chapter" under the title of each chapter page."""
    deck = chapter_deck(app, docname)
    link_under_title(
        app,
        doctree,
        page_url(app, docname, f"{SLIDES_DIR}/{deck}") if deck else None,
        "course-slides-link",
        ("fa-person-chalkboard", edition.ui(app, "Slides for this chapter")),
        edition.ui(app, "(reveal.js; press <kbd>S</kbd> for speaker notes)"),
    )


def insert_after_title(doctree: nodes.document, node: nodes.Node) -> None:
    """Put ``node`` right under the page's first title (the chapter links)."""
    for section in doctree.findall(nodes.section):
        title = next(iter(section.findall(nodes.title)), None)
        if title is not None:
            title.parent.insert(title.parent.index(title) + 1, node)
            return
