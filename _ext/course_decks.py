"""Sphinx extension: the table of decks on the instructors page.

``{course-decks}`` (a directive without arguments) writes one row per
chapter of ``_toc.yml``: the chapter, its deck and handout, the number of
slides, and the time in class. The counts come from
``scripts/make_slides.py`` (the same code that builds the decks), never from
a number typed in, and the page is rebuilt when a notebook changes. In the
Korean edition (``language = "ko"``) the table is the Korean decks', in
Korean; it is left out of the gettext catalogues.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[1]


def chapter_notebooks(srcdir: Path) -> list[Path]:
    """The chapters of ``_toc.yml``, in order, that are notebooks."""
    toc = yaml.safe_load((srcdir / "_toc.yml").read_text(encoding="utf-8"))
    files = []
    for part in toc.get("parts", [toc]):
        for chapter in part.get("chapters", []):
            path = srcdir / f"{chapter['file']}.ipynb"
            if path.is_file():
                files.append(path)
    return files


class CourseDecks(SphinxDirective):
    has_content = False

    def run(self):
        sys.path.insert(0, str(ROOT / "scripts"))
        import make_slides

        notebooks = chapter_notebooks(Path(self.env.srcdir))
        lang = self.config.language or "en"
        if lang not in make_slides.DECK_TABLE:
            lang = "en"
        lines = make_slides.deck_table(notebooks, lang)
        for notebook in notebooks:
            self.env.note_dependency(str(notebook))
            for catalogue in ("chapters", "cells"):  # the Korean decks' text
                po = Path(self.env.srcdir, "locales", lang, "LC_MESSAGES", catalogue)
                if (po / f"{notebook.stem}.po").is_file():
                    self.env.note_dependency(str(po / f"{notebook.stem}.po"))
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
