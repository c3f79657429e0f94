"""Sphinx adapter: the table of decks on the instructors page.

``{course-decks}`` (a directive without arguments) writes one row per
chapter of ``_toc.yml`` (``coursetools.toc``): the chapter, its deck and
handout, the number of slides, and the time in class. The counts come from
``coursetools.slides`` (the same code that builds the decks), never from a
number typed in, and the page is rebuilt when a notebook changes.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from coursetools import slides, toc


class CourseDecks(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        notebooks = toc.chapter_notebooks(Path(self.env.srcdir))
        lines = slides.deck_table(notebooks)
        for notebook in notebooks:
            self.env.note_dependency(str(notebook))
        container = nodes.container()
        self.state.nested_parse(
            StringList(lines, source="course-decks"), self.content_offset, container
        )
        return container.children


def setup(app: Sphinx) -> dict:
    app.add_directive("course-decks", CourseDecks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
