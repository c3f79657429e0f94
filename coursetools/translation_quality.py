"""Measures of the Korean translation's quality (tests/test_i18n.py).

Prose without code and formulas (``prose``), the share of Hangul words
(``hangul_share``), entries left in English (``untranslated``), and the
glossary's Korean terms on the pages that use the English ones
(``glossary_problems``, from ``glossary.md``'s table).
"""

from __future__ import annotations

import re

from coursetools import ROOT
from coursetools.catalogues import normalise
from coursetools.korean import HANGUL_CHAR, HANGUL_WORD

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# What is not prose: code, formulas, roles' targets, link targets, URLs.
NOT_PROSE = [
    re.compile(r"`[^`]*`"),
    re.compile(r"\$\$.*?\$\$", re.DOTALL),
    re.compile(r"\$[^$]*\$"),
    re.compile(r"<[^<>]*>"),  # {doc}`text <target>` targets and raw HTML
    re.compile(r"\]\([^)]*\)"),  # Markdown link targets
    re.compile(r"https?://\S+"),
    re.compile(r"\{[\w:-]+\}"),  # role and directive names
]
COMMON_ENGLISH = set(
    "the a an of and to in is are that this it with for on as by from be we"
    " which its each one what how".split()
)


ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<text>[^`]*)`")


def _role_prose(match: re.Match) -> str:
    if match["name"] in {"math", "code", "samp", "kbd", "eq"}:
        return " "
    return match["text"].split("<")[0]


def prose(text: str) -> str:
    """``text`` (MyST) without code, formulas, link and role targets."""
    text = ROLE.sub(_role_prose, text)
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return text


def hangul_share(texts) -> float:
    """Hangul words / (Hangul + Latin words) in the prose of ``texts``."""
    hangul = latin = 0
    for text in texts:
        plain = prose(text)
        hangul += len(HANGUL_WORD.findall(plain))
        latin += len(LATIN_WORD.findall(HANGUL_WORD.sub(" ", plain)))
    return hangul / (hangul + latin) if hangul + latin else 1.0


def is_english_prose(text: str) -> bool:
    """Reads as an English sentence: five Latin words, three of them common
    function words, no Hangul (a name, a number, code or a title is not)."""
    plain = prose(text)
    if HANGUL_CHAR.search(plain):
        return False
    words = [w.lower() for w in LATIN_WORD.findall(plain)]
    return len(words) >= 5 and sum(w in COMMON_ENGLISH for w in words) >= 3


CITATION = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def untranslated(name: str, catalog) -> list[str]:
    """Entries of catalogue ``name`` with no Korean: empty, fuzzy, or the
    English prose copied as it is (a citation in ``references`` may stay)."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        if not message.string or message.fuzzy:
            found.append(message.id)
        elif (
            normalise(message.string) == normalise(message.id)
            and is_english_prose(message.id)
            and not (name == "references" and CITATION.search(message.id))
        ):
            found.append(message.id)
    return found


def glossary() -> list[tuple[list[str], list[str]]]:
    """(English forms, Korean forms) of each row of ``glossary.md``'s table.

    ``filter / kernel | 필터 / 커널`` gives both forms on each side;
    ``class activation map (CAM)`` gives the acronym too; ``특성 맵 (특징 맵)``
    gives the other Korean name.
    """
    return [(english, korean) for english, korean, _ in glossary_rows()]


def glossary_rows() -> list[tuple[list[str], list[str], set[int]]]:
    """As ``glossary()``, with the chapters that the row's last column names."""
    rows = []
    for line in (ROOT / "glossary.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not HANGUL_CHAR.search(cells[1]) or cells[0] == "English":
            continue

        def forms(cell: str) -> list[str]:
            parts = re.split(r"\s*/\s*|\s*\(\s*|\s*\)\s*|\s*,\s*", cell)
            return [p for p in (part.strip() for part in parts) if p]

        chapters = {int(n) for n in re.findall(r"\d+", cells[3])}
        rows.append((forms(cells[0]), forms(cells[1]), chapters))
    return rows


def english_term(term: str) -> re.Pattern:
    """``term`` as a whole word or phrase, plural too; acronyms keep their case."""
    flags = 0 if term.isupper() else re.IGNORECASE
    words = r"[\s-]+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", flags)


TITLE = re.compile(r'"[^"]+"|\*[^*]+\*')


def without_kept_titles(msgid: str, msgstr: str | None) -> str:
    """``msgid`` without the quoted or italic titles (a paper's, a journal's)
    that its translation keeps in English as they are."""
    return TITLE.sub(lambda m: " " if m[0] in (msgstr or "") else m[0], msgid)


def glossary_problems(name: str, catalog) -> list[str]:
    """Glossary terms page ``name`` uses in English whose Korean form its
    Korean text lacks (spaces ignored: 특성 맵 = 특성맵).

    The page uses a term when its English prose names it twice or more, or
    names it once where it is the term: in the chapter the glossary gives
    for it, or next to its Korean form ("a **bias** (편향)"). One plain
    use of an everyday word ("the window's left edge") does not count.
    """
    messages = [m for m in catalog if m.id]
    english = " ".join(prose(without_kept_titles(m.id, m.string)) for m in messages)
    korean = "".join(prose(m.string or "") for m in messages).replace(" ", "")
    chapter = re.match(r"chapters/(\d+)_", name)
    number = int(chapter[1]) if chapter else None
    problems = []
    for english_forms, korean_forms, chapters in glossary_rows():
        uses = {f: len(english_term(f).findall(english)) for f in english_forms}
        used = [f for f, n in uses.items() if n]
        if not used:
            continue
        nospace = english.replace(" ", "")
        as_term = (
            sum(uses.values()) >= 2
            or number in chapters
            or any(k.replace(" ", "") in nospace for k in korean_forms)
        )
        if not as_term:
            continue
        # An acronym or a name (CNN, ReLU, ResNet) may stay as it is.
        accepted = korean_forms + [f for f in used if f != f.lower()]
        if not any(form.replace(" ", "") in korean for form in accepted):
            problems.append(f"{name}: {used[0]!r} but never {korean_forms[0]!r}")
    return problems
