"""Sphinx adapter: the table of decks on the instructors page.

``{course-decks}`` (a directive without arguments) writes one row per
chapter of ``_toc.yml`` (``coursetools.toc``): the chapter, its deck and
handout, the number of slides, and the time in class. The counts come from
``coursetools.slides`` (the same code that builds the decks), never from a
number typed in, and the page is rebuilt when a notebook changes. In the
Korean edition (``language = "ko"``) the table is the Korean decks', in
Korean (``slides.WORDS``), rebuilt when a chapter's catalogues change; it is
left out of the gettext catalogues.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from coursetools import catalogues, slides, toc


class CourseDecks(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        notebooks = toc.chapter_notebooks(Path(self.env.srcdir))
        lang = self.config.language or "en"
        if lang not in slides.WORDS:
            lang = "en"
        lines = slides.deck_table(notebooks, lang)
        for notebook in notebooks:
            self.env.note_dependency(str(notebook))
            if lang != "en":  # the Korean decks' text
                for catalogue in catalogues.chapter_catalogues(notebook.stem):
                    self.env.note_dependency(str(catalogue))
        container = nodes.container()
        self.state.nested_parse(
            StringList(lines, source="course-decks"), self.content_offset, container
        )
        # Generated in the page's language, with numbers that change with
        # every deck: not for the gettext catalogues (make i18n-update).
        for node in container.findall(nodes.TextElement):
            node["translatable"] = False
        return container.children


def setup(app: Sphinx) -> dict:
    app.add_directive("course-decks", CourseDecks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
