"""Visible English words on a page of the Korean edition (a reusable detector).

``visible_text(page)`` runs in chromium (Playwright) and returns the text a
reader sees, without code, program output, formulas, hidden elements and
icons; ``english_words(texts)`` lists the Latin-script words in it that are
not allowed. Allowed are the glossary's English terms (they appear in
brackets beside their Korean form) and the reviewed names in
``tests/english_names.txt`` (people, networks, libraries, data sets,
file formats, units). ``tests/test_site_i18n.py`` runs it on every Korean
page; the decks' tests (``tests/test_site_decks.py``) can run it on the
Korean decks with ``visible_text(page, DECK_SKIP)``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from coursetools import translation_quality

NAMES = Path(__file__).with_name("english_names.txt")

# What is not prose on a page: code, program output, formulas, the
# JupyterLite/console frames, icons, screen-reader-only and hidden text, and
# italics (the titles of journals and books, a term's Latin name: *atrous*).
PAGE_SKIP = (
    "script, style, noscript, code, pre, kbd, samp, tt, svg, math, iframe, em, cite, "
    "mjx-container, .math, .MathJax, .highlight, .cell_output, .output, "
    ".sd-badge, .fa, .fa-solid, .fa-brands, .fa-regular, [aria-hidden='true'], "
    ".visually-hidden, .sr-only, .headerlink, .course-language-short"
)
# On a reveal.js deck: the same, and the speaker notes (not shown).
DECK_SKIP = PAGE_SKIP + ", aside.notes, .speaker-notes"
# The site's own interface inside program output: the link that
# assets/course.js puts around each output figure (its tooltip is checked).
CHROME = ".course-image-link"

VISIBLE_TEXT_JS = """
([skip, chrome]) => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip)) continue;
    const style = getComputedStyle(parent);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (!parent.getClientRects().length) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  // Words a reader meets outside the text: tooltips, labels, placeholders.
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
    if (el.closest(skip) && !el.matches(chrome)) continue;
    if (!el.getClientRects().length) continue;
    for (const name of ['title', 'aria-label', 'placeholder']) {
      const value = el.getAttribute(name);
      if (value) out.push(value.trim());
    }
  }
  return out;
}
"""

QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def visible_text(page, skip: str = PAGE_SKIP) -> list[str]:
    """The visible text runs (and tooltips, labels) of a Playwright ``page``."""
    return page.evaluate(VISIBLE_TEXT_JS, [skip, CHROME])


@cache
def allowed_words() -> frozenset[str]:
    """Lower-case words allowed on a Korean page: every word of the
    glossary's English forms, and the reviewed names file."""
    words: set[str] = set()
    for english, _ in translation_quality.glossary():
        for form in english:
            words.update(w.lower() for w in WORD.findall(form))
    for line in NAMES.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.update(w.lower() for w in WORD.findall(line))
    return frozenset(words)


def english_words(texts, allowed: frozenset[str] | None = None) -> list[str]:
    """The not-allowed Latin-script words of ``texts`` (sorted, once each).

    Single letters (variables: x, N, W) and words with digits or an inner
    capital run of code (``im2col``, ``conv_1``) are not prose and pass.

    >>> english_words(["합성곱(convolution)은 Keras의 Conv2D입니다.", "Back to top"],
    ...               frozenset({"convolution", "keras"}))
    ['Back', 'to', 'top']
    >>> english_words(['논문 "Deep Residual Learning"(He 등, 2016)'], frozenset({"he"}))
    []
    """
    allowed = allowed_words() if allowed is None else allowed
    found = set()
    for text in texts:
        # A quoted title or phrase kept as it is ("Backpropagation Applied to
        # Handwritten Zip Code Recognition", "image to columns") is a citation.
        plain = QUOTED.sub(" ", text)
        # Identifiers (conv_1, x.shape, Conv2D, im2col) are code, not words.
        plain = re.sub(r"\S*(?:[_./\\=\d]|[a-z][A-Z])\S*", " ", plain)
        for word in WORD.findall(plain):
            if len(word) < 2 or word.lower().strip("'’-") in allowed:
                continue
            found.add(word)
    return sorted(found)


# --- whole slides: is a Korean slide mostly English? (the deck tests) -------

#: A run of Hangul: one Korean word.
HANGUL_RUN = re.compile(r"[\uac00-\ud7a3\u3130-\u318f]+")
#: A run of two or more Latin letters not glued to code (``x.shape``, ``f(``).
LATIN_RUN = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z'-]*[A-Za-z](?![\w(])")
#: A slide is judged only from this many English words on.
MIN_ENGLISH = 3


def is_identifier_or_acronym(word: str) -> bool:
    """``CNN``, ``ReLU``, ``NumPy``, ``LeNet``: capitals after the first
    letter (code, names and acronyms that a Korean text keeps as they are)."""
    return any(letter.isupper() for letter in word[1:])


def counts(text: str) -> tuple[int, int]:
    """(English words, Korean words) in ``text``.

    >>> counts("합성곱 층은 filter를 slides over the input")
    (4, 3)
    """
    english = [w for w in LATIN_RUN.findall(text) if not is_identifier_or_acronym(w)]
    return len(english), len(HANGUL_RUN.findall(text))


def mostly_english(text: str) -> bool:
    """At least ``MIN_ENGLISH`` English words and more English than Korean.

    >>> mostly_english("합성곱 층은 filter를 slides over the input")
    True
    >>> mostly_english("Conv2D 층과 ReLU, NumPy 배열")
    False
    """
    english, korean = counts(text)
    return english >= MIN_ENGLISH and english > korean
