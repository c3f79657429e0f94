"""What the site adds to the chapter pages: links under the title.

Each chapter page links to its reveal.js deck in ``slides/`` (built by
``coursetools.slides``) under its title; ``coursetools.lite`` puts the "Run
in your browser" link there too (``insert_after_title``).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

SLIDES_DIR = "slides"
CHAPTERS_DIR = "chapters"


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
    insert_after_title(doctree, link)


def insert_after_title(doctree: nodes.document, node: nodes.Node) -> None:
    """Put ``node`` right under the page's first title (the chapter links)."""
    for section in doctree.findall(nodes.section):
        title = next(iter(section.findall(nodes.title)), None)
        if title is not None:
            title.parent.insert(title.parent.index(title) + 1, node)
            return
