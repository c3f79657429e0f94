"""The Korean edition's style sheet and term table, as checks on the catalogues.

CONTRIBUTING ("The Korean edition") states the rules; this module counts what
can be counted, and ``tests/test_korean_style.py`` runs it over every
catalogue in ``locales/ko/LC_MESSAGES`` (pages, speaker notes, slide text,
alt text). Each problem is one line, ``FILE: msgid '...': problem``, so that a
failure says where to look and what to write instead.

- one imperative form: "…하십시오", never "…하세요" (:func:`imperative_problems`);
- "et al." is "등" (:func:`et_al_problems`);
- no nested brackets, "(순전파와 역전파(backward pass))" (:func:`nested_problems`);
- an English term in brackets only for a glossary term, and only once per
  catalogue, that is once per chapter page and once per deck
  (:func:`gloss_problems`);
- book titles in their Korean editions (:func:`book_problems`);
- one Korean term per idea: :data:`FORBIDDEN` lists the second forms that
  the term table ruled out (:func:`term_problems`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from coursetools import translation_quality as quality

# (forbidden pattern, the form to write, what it is)
FORBIDDEN: list[tuple[str, str, str]] = [
    (r"평범한", "플레인 신경망", "plain network"),
    (r"밑바닥부터 훈련", "처음부터 훈련", "training from scratch (random weights)"),
    (r"국소(?!적인 (?:1차|관점))", "지역 (지역 연결성)", "local (connectivity)"),
    (r"지름길", "스킵 연결", "shortcut / skip connection"),
    (r"워밍업", "웜업", "warm-up"),
    (r"복사해 고정하|(?:층|가중치|합성곱)[을를은는만]? 고정하", "동결하", "freeze"),
    (r"점프", "간격", "jump (receptive field)"),
    (r"수치 기울기|수치적 기울기|수치 그래디언트", "수치 미분", "numerical gradient"),
    (r"계층", "층", "layer"),
    (r"완전 연결층|완전 연결 층|완전연결 층", "완전연결층", "fully connected layer"),
    (
        r"(?:배열|커널|필터의|\)) 배치(?:를|에)|배치를 (?:변환|되돌려)|행 배치를",
        "레이아웃",
        "layout (배치 means only batch)",
    ),
    # The speaker notes' "Pitfall:" label (함정 stays a word: 대표적인 함정).
    (r"(?:^|\n|\*)함정:", "주의:", "Pitfall: (the notes' label)"),
]

HANGUL = "\uac00-\ud7a3"
IMPERATIVE = re.compile(r"[" + HANGUL + r"]세요(?![" + HANGUL + r"])")
ET_AL = re.compile(r"\bet\s+al\b|[" + HANGUL + r"A-Za-z]\s외(?:\s|,|\))")
# An English gloss after a Korean word: 합성곱(convolution), **밀집층**(dense layer).
GLOSS = re.compile(r"(?<=[" + HANGUL + r"*])\(([A-Za-z][A-Za-z0-9 '’/-]*)[),;]")
BOOKS = {"Deep Learning from Scratch": "『밑바닥부터 시작하는 딥러닝』"}
PUBLISHERS = {"Hanbit Media": "한빛미디어"}


def _where(name: str) -> str:
    return f"locales/ko/LC_MESSAGES/{name}.po"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) < 70 else text[:67] + "...")


def _messages(catalog) -> Iterable:
    return [m for m in catalog if m.id and isinstance(m.string, str) and m.string]


def term_problems(name: str, catalog) -> list[str]:
    """A second Korean form of a term in the term table (``FORBIDDEN``)."""
    problems = []
    for message in _messages(catalog):
        text = quality.prose(message.string)
        for pattern, right, idea in FORBIDDEN:
            for found in re.finditer(pattern, text):
                problems.append(
                    f"{_where(name)}: msgid {_short(message.id)}: "
                    f"{found[0]!r} for {idea}: write {right!r}"
                )
    return problems


def imperative_problems(name: str, catalog) -> list[str]:
    """The imperative is "…하십시오", never "…하세요"."""
    return [
        f"{_where(name)}: msgid {_short(m.id)}: {found[0]!r}: write '…십시오'"
        for m in _messages(catalog)
        for found in IMPERATIVE.finditer(m.string)
    ]


def et_al_problems(name: str, catalog) -> list[str]:
    """The et al. of a citation is "등" (LeCun 등, 1989), never "et al." or "외"."""
    return [
        f"{_where(name)}: msgid {_short(m.id)}: {found[0]!r}: write '등'"
        for m in _messages(catalog)
        if m.string != m.id
        for found in ET_AL.finditer(quality.prose(m.string))
    ]


# A bracket's content that is words (Korean, or English of two letters or
# more), not a formula or a call: "(x)", "(m/(m-1))", "model.eval()" are not.
WORDS = re.compile(r"^[^=*/+^_]*(?:[" + HANGUL + r"]|[A-Za-z]{2,})[^=*/+^_]*$")


def nested(text: str) -> list[str]:
    """Bracketed runs of words inside another bracket, in ``text``'s prose:
    "(순전파와 역전파(backward pass))" gives "(backward pass)"."""
    found, opened = [], []
    for i, char in enumerate(text):
        if char == "(":
            opened.append(i)
        elif char == ")" and opened:
            start = opened.pop()
            inner = text[start + 1 : i]
            if opened and WORDS.match(inner):
                found.append(text[start : i + 1])
    return found


def nested_problems(name: str, catalog) -> list[str]:
    """No bracket inside a bracket (code, formulas and links aside)."""
    return [
        f"{_where(name)}: msgid {_short(m.id)}: nested brackets {run!r}"
        for m in _messages(catalog)
        if m.string != m.id
        for run in nested(quality.prose(m.string))
    ]


def glossary_english() -> set[str]:
    """Every English form of every glossary row, lower case."""
    return {form.lower() for english, _ in quality.glossary() for form in english}


def _singular(term: str) -> str:
    for ending in ("es", "s"):
        if term.endswith(ending):
            return term[: -len(ending)]
    return term


def gloss_problems(name: str, catalog) -> list[str]:
    """An English term in brackets is a glossary term, once per catalogue.

    A gloss is a lower-case English phrase in brackets right after a Korean
    word ("합성곱(convolution)"); names ("(Bell Labs)", "(ReLU)") are not
    glosses. The glossary page itself is the list of terms.
    """
    if name == "glossary":
        return []
    terms = glossary_english()
    seen: set[str] = set()
    problems = []
    for message in _messages(catalog):
        for found in GLOSS.finditer(quality.prose(message.string)):
            term = found[1].lower().strip()
            key = term if term in terms else _singular(term)
            if found[1][0].isupper() and key not in terms:
                continue  # a name: (Bell Labs), (MobileNet)
            if key not in terms:
                problems.append(
                    f"{_where(name)}: msgid {_short(message.id)}: {found[0]!r} "
                    "is not a glossary term: drop the English"
                )
            elif key in seen:
                problems.append(
                    f"{_where(name)}: msgid {_short(message.id)}: {found[0]!r} "
                    "again: the English only at the first use"
                )
            seen.add(key)
    return problems


def book_problems(name: str, catalog) -> list[str]:
    """A book by its Korean edition's title; its publisher in Korean."""
    problems = []
    for message in _messages(catalog):
        for english, korean in BOOKS.items():
            if english in message.id and korean not in message.string:
                problems.append(
                    f"{_where(name)}: msgid {_short(message.id)}: {english!r} "
                    f"without {korean!r}"
                )
            if english in message.string and name != "references":
                problems.append(
                    f"{_where(name)}: msgid {_short(message.id)}: {english!r}: "
                    f"write {korean!r}"
                )
        for english, korean in PUBLISHERS.items():
            if english in message.string:
                problems.append(
                    f"{_where(name)}: msgid {_short(message.id)}: {english!r}: "
                    f"write {korean!r}"
                )
    return problems


CHECKS = {
    "terms": term_problems,
    "imperative": imperative_problems,
    "et al": et_al_problems,
    "nested brackets": nested_problems,
    "glosses": gloss_problems,
    "books": book_problems,
}


def problems(name: str, catalog) -> list[str]:
    """Every style problem of one catalogue."""
    return [line for check in CHECKS.values() for line in check(name, catalog)]
