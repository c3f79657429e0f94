"""English words left in Korean text (for the Korean edition's tests).

A minimal detector: an English word is a run of two or more Latin letters
that is not an identifier or an acronym (``Conv2D``, ``NumPy``, ``ReLU``,
``CNN``: terms the Korean text keeps in Latin letters), and a Korean word
is a run of Hangul. Text is "mostly English" when it has at least
``MIN_ENGLISH`` English words and more English words than Korean ones.

>>> counts("합성곱 층은 filter를 slides over the input")
(4, 3)
>>> mostly_english("합성곱 층은 filter를 slides over the input")
True
>>> mostly_english("Conv2D 층과 ReLU, NumPy 배열")
False
"""

from __future__ import annotations

import re

HANGUL_WORD = re.compile(r"[\uac00-\ud7a3\u3130-\u318f]+")
LATIN_WORD = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z'-]*[A-Za-z](?![\w(])")
MIN_ENGLISH = 3


def is_identifier_or_acronym(word: str) -> bool:
    """``CNN``, ``ReLU``, ``NumPy``, ``LeNet``: capitals after the first
    letter (code, names and acronyms that a Korean text keeps as they are)."""
    return any(letter.isupper() for letter in word[1:])


def english_words(text: str) -> list[str]:
    return [
        word for word in LATIN_WORD.findall(text) if not is_identifier_or_acronym(word)
    ]


def counts(text: str) -> tuple[int, int]:
    """(English words, Korean words) in ``text``."""
    return len(english_words(text)), len(HANGUL_WORD.findall(text))


def mostly_english(text: str) -> bool:
    english, korean = counts(text)
    return english >= MIN_ENGLISH and english > korean
