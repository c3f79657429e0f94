"""The Korean texts of the checked exercises and the question bank (issue 26).

``cnnlib.checks.MESSAGES`` (the hints) and ``cnnlib.questions.QUESTION_TEXTS``
are English; their catalogue is ``locales/ko/LC_MESSAGES/cnnlib_checks.po``,
extracted, merged and checked with the others by ``coursetools.i18n``
(``make i18n-update``, ``make i18n-check``). cnnlib cannot read a ``.po``
file in the browser, so ``make i18n-update`` also compiles the catalogue
into ``cnnlib/data/checks_ko.json`` (msgid -> msgstr), which the wheel
ships; ``make i18n-check`` fails when that file is stale or a translation
lacks a ``{field}`` of its English.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

from coursetools import ROOT
from coursetools.pofiles import read, write_pot

NAME = "cnnlib_checks"
COMPILED = ROOT / "cnnlib" / "data" / "checks_ko.json"


def messages() -> list[tuple[str, str]]:
    """(msgid, where) of every text the checks and the question bank print."""
    from cnnlib.checks import MESSAGES
    from cnnlib.questions import QUESTION_TEXTS

    found = [(text, f"cnnlib.checks: {key}") for key, text in MESSAGES.items()]
    found += [
        (text, f"cnnlib.questions: {key}") for key, text in QUESTION_TEXTS.items()
    ]
    return found


def extract(potdir: Path) -> Path:
    pot = potdir / f"{NAME}.pot"
    write_pot(pot, messages())
    return pot


def translations(messages_dir: Path) -> dict[str, str]:
    """msgid -> msgstr of the catalogue: translated, not fuzzy entries."""
    path = messages_dir / f"{NAME}.po"
    if not path.is_file():
        return {}
    return {m.id: m.string for m in read(path) if m.id and m.string and not m.fuzzy}


def compiled_text(messages_dir: Path) -> str:
    table = translations(messages_dir)
    return json.dumps(dict(sorted(table.items())), ensure_ascii=False, indent=1) + "\n"


def compile_json(messages_dir: Path, target: Path = COMPILED) -> None:
    target.write_text(compiled_text(messages_dir), "utf-8")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def problems(messages_dir: Path, target: Path = COMPILED) -> list[str]:
    found = []
    for msgid, msgstr in translations(messages_dir).items():
        if fields(msgid) != fields(msgstr):
            found.append(
                f"{NAME}.po: the fields differ from the English: {msgid[:60]!r}"
            )
    if not target.is_file() or target.read_text("utf-8") != compiled_text(messages_dir):
        shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
        found.append(f"{shown} is out of date (make i18n-update)")
    return found
