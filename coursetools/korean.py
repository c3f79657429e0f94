"""Korean text in the English edition: marked, broken between words, found.

Every run of Hangul in the prose, the titles and the glossary is wrapped in
``<span lang="ko">`` (no role in the sources), so that ``assets/course.css``
can break Korean lines between words (``word-break: keep-all``) and screen
readers pronounce it. The search index also lists each Hangul word's leading
parts (a word with its particle, ``패딩을``, is found by ``패딩``).
``_ext/course_site.py`` connects these to Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish

# Hangul syllables, jamo and compatibility jamo.
HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
# A run of Hangul words, with the spaces between them (one span per term).
HANGUL_RUN = re.compile(f"[{HANGUL}]+(?:[ \u00a0]+[{HANGUL}]+)*")
HANGUL_WORD = re.compile(f"[{HANGUL}]+")
# Text inside these stays as it is (code, formulas, raw HTML).
NO_LANG_PARENTS = (
    nodes.FixedTextElement,
    nodes.literal,
    nodes.raw,
    nodes.math,
    nodes.math_block,
    nodes.comment,
    nodes.substitution_definition,
)


class korean(nodes.inline):
    """Text in Korean: ``<span lang="ko">`` in HTML, plain text elsewhere.

    A subclass of ``inline``, so that builders without a visitor for it (LaTeX,
    text) treat it as an ``inline`` (Sphinx dispatches along the class's MRO).
    """


def visit_korean_html(self, node: korean) -> None:
    self.body.append('<span lang="ko">')


def depart_korean_html(self, node: korean) -> None:
    self.body.append("</span>")


def split_hangul(text: str) -> list[tuple[str, bool]]:
    """``text`` as (piece, is_korean) pieces, in order, none empty."""
    pieces, start = [], 0
    for match in HANGUL_RUN.finditer(text):
        if match.start() > start:
            pieces.append((text[start : match.start()], False))
        pieces.append((match.group(), True))
        start = match.end()
    if start < len(text):
        pieces.append((text[start:], False))
    return pieces


def mark_korean(app: Sphinx, doctree: nodes.document) -> None:
    """Wrap each run of Hangul in the document in a ``korean`` node.

    Runs first at ``doctree-read`` (priority 100), before Sphinx's collectors
    copy the titles for the sidebar, the tables of contents and the
    previous/next links, so that those carry it too. (A reader transform
    added with ``add_transform`` runs too late for notebooks and MyST pages.)
    """
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or not HANGUL_WORD.search(text):
            continue
        if isinstance(parent, korean) or any(
            isinstance(node, NO_LANG_PARENTS) for node in _ancestors(parent)
        ):
            continue
        replacement = [
            korean(piece, nodes.Text(piece)) if is_korean else nodes.Text(piece)
            for piece, is_korean in split_hangul(str(text))
        ]
        parent.replace(text, replacement)


def mark_korean_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Again once references are resolved: a ``{doc}`` link's text is the
    target page's title, put in only now."""
    mark_korean(app, doctree)


def _ancestors(node: nodes.Node | None) -> Iterator[nodes.Node]:
    while node is not None:
        yield node
        node = node.parent


class CourseSearchEnglish(SearchEnglish):
    """English search that also finds a Korean word followed by a particle.

    Korean attaches particles to the word (``패딩을``, ``패딩은``); Sphinx's
    English splitter indexes the whole run, so ``패딩`` found only the pages
    that happened to write it bare. Each Hangul word is indexed with its
    leading parts of two or more syllables as well.
    """

    lang = "en"

    def split(self, input: str) -> list[str]:
        words = super().split(input)
        extra = [
            word[:end]
            for word in words
            if HANGUL_WORD.fullmatch(word)
            for end in range(2, len(word))
        ]
        return words + extra
