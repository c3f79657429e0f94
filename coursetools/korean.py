"""Korean text: marked, broken between words, found by search.

Every run of Hangul in the prose, the titles and the glossary is wrapped in
``<span lang="ko">`` (no role in the sources), so that ``assets/course.css``
can break Korean lines between words (``word-break: keep-all``) and screen
readers pronounce it. The search index also lists each Hangul word's leading
parts (a word with its particle, ``패딩을``, is found by ``패딩``).
``_ext/course_site.py`` connects these to Sphinx.

The Korean edition (``language = "ko"``, ``coursetools.i18n``) searches with
``SearchKorean`` (Sphinx has no Korean search language): each Hangul word
without its particle or ending, and its leading parts; ``_ext/course_i18n.py``
registers it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import snowballstemmer
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

from coursetools import compat

# Sphinx's English search and its JavaScript stemmer (a private module).
SearchEnglish, js_porter_stemmer = compat.sphinx_english_search()

# The project's one Hangul character class: syllables, jamo and
# compatibility jamo (the decks' widths, the translation measures and the
# marking below all use it).
SYLLABLES = "\uac00-\ud7a3"
HANGUL = SYLLABLES + "\u1100-\u11ff\u3130-\u318f"
HANGUL_CHAR = re.compile(f"[{HANGUL}]")
HANGUL_WORD = re.compile(f"[{HANGUL}]+")
# A run of Hangul words, with the spaces between them (one span per term).
HANGUL_RUN = re.compile(f"[{HANGUL}]+(?:[ \u00a0]+[{HANGUL}]+)*")
# Whole syllables only: what the search splits into words and stems.
HANGUL_SYLLABLES = re.compile(f"[{SYLLABLES}]+")
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


def leading_parts(words: list[str]) -> list[str]:
    """Each Hangul word's leading parts of two syllables or more.

    >>> leading_parts(["합성곱층은", "CNN"])
    ['합성', '합성곱', '합성곱층']
    """
    return [
        word[:end]
        for word in words
        if HANGUL_WORD.fullmatch(word)
        for end in range(2, len(word))
    ]


class CourseSearchEnglish(SearchEnglish):  # type: ignore[misc, valid-type]
    """English search that also finds a Korean word followed by a particle.

    Korean attaches particles to the word (``패딩을``, ``패딩은``); Sphinx's
    English splitter indexes the whole run, so ``패딩`` found only the pages
    that happened to write it bare. Each Hangul word is indexed with its
    leading parts of two or more syllables as well.
    """

    lang = "en"

    def split(self, input: str) -> list[str]:
        words = super().split(input)
        return words + leading_parts(words)


# --- the Korean edition's search (language = "ko") --------------------------

# Particles and endings stripped from the end of a Hangul word, longest first.
KO_SUFFIXES = sorted(
    """
    으로부터 에서부터 이라는 이라고 으로서 으로써 에게서 이었다 였다
    입니다 합니다 됩니다 에서는 에서도 으로는 으로도 에게는 까지는 부터는
    이라 라는 라고 처럼 보다 마다 까지 부터 에서 에게 한테 으로 이나 이며
    이고 이다 이란 하는 하고 하여 해서 했다 한다 된다 되는
    와는 과는 에는 에도 로는 로도 은 는 이 가 을 를 의 에 로 와 과 도 만 나 며 란 고
    """.split(),
    key=len,
    reverse=True,
)


def strip_particle(word: str) -> str:
    """A Hangul word without its particle or ending (one syllable at least stays).

    >>> [strip_particle(w) for w in ("합성곱층은", "합성곱층에서", "층")]
    ['합성곱층', '합성곱층', '층']
    """
    if not HANGUL_SYLLABLES.fullmatch(word):
        return word
    for suffix in KO_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


JS_KOREAN_STEMMER = (
    js_porter_stemmer.replace("var Stemmer =", "var CourseEnglishStemmer =")
    + """
// Korean (coursetools/korean.py, SearchKorean): a Hangul word without its
// particle or ending, an English word through the Porter stemmer.
var CourseKoreanSuffixes = %s;
var Stemmer = function() {
  var english = new CourseEnglishStemmer();
  this.stemWord = function (word) {
    if (/^[\\uac00-\\ud7a3]+$/.test(word)) {
      for (var i = 0; i < CourseKoreanSuffixes.length; i++) {
        var suffix = CourseKoreanSuffixes[i];
        if (word.length > suffix.length && word.endsWith(suffix)) {
          return word.slice(0, word.length - suffix.length);
        }
      }
      return word;
    }
    return english.stemWord(word);
  };
};
"""
    % ("[" + ",".join(f'"{s}"' for s in KO_SUFFIXES) + "]")
)


class SearchKorean(SearchLanguage):
    """Korean search (Sphinx has none): each Hangul word indexed without its
    particle or ending (``합성곱층은`` -> ``합성곱층``) and with its leading
    parts (a compound, 합성곱층, is found by its first part, 합성곱), English
    words through the Porter stemmer; the search page's JavaScript stems the
    query the same way (``JS_KOREAN_STEMMER``)."""

    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = JS_KOREAN_STEMMER
    stopwords: set[str] = set()

    def init(self, options: dict[str, str]) -> None:
        self.english = snowballstemmer.stemmer("porter")

    def split(self, input: str) -> list[str]:
        words = super().split(input)
        return words + leading_parts(words)

    def stem(self, word: str) -> str:
        if HANGUL_SYLLABLES.fullmatch(word):
            return strip_particle(word)
        return self.english.stemWord(word.lower())

    def word_filter(self, word: str) -> bool:
        return bool(word) and not word.isdigit()
