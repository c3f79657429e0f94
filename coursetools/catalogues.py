"""The Korean edition's gettext catalogues: extract, merge, check, apply.

``python -m coursetools.i18n update|check`` (``make i18n-update``,
``make i18n-check``) runs ``update`` and ``check``; ``extract`` is the one
extraction both use: Sphinx's ``gettext`` builder for the pages
(``compat.build_book``) plus the cell metadata Sphinx does not see.

The cell metadata goes to ``locales/ko/LC_MESSAGES/cells/<chapter>.po``:
each figure's alt text (one message), the slide title, the speaker notes and
the slide text (one message per paragraph), read through ``coursetools.nbtext``. Figure
captions are in the chapter's own catalogue already (Sphinx extracts them).

``text_map(stem)`` translates a chapter's text from both catalogues
(``coursetools.myst.translate``: the one MyST parser finds the paragraphs,
headings, list items, table cells, directive titles and options);
``coursetools.slides`` applies it for the Korean decks.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coursetools import ROOT, check_messages, compat, myst, nbtext
from coursetools.pofiles import read, write_pot

LANG = "ko"
LOCALES = ROOT / "locales"
MESSAGES = LOCALES / LANG / "LC_MESSAGES"
CHAPTERS = ROOT / "chapters"
BUILD = ROOT / "_build"
GETTEXT = BUILD / "gettext"  # where ``update`` extracts (make i18n-update)
CELLS = "cells"  # the cell-metadata catalogues: cells/<chapter>.po

#: Re-exported for the callers of the former ``coursetools.i18n``.
paragraphs = nbtext.paragraphs


# --- extraction -----------------------------------------------------------------


def cell_messages(notebook: dict) -> list[tuple[str, str]]:
    """(msgid, where) of a notebook's cell metadata, in cell order."""
    messages = []
    for index, cell in enumerate(notebook["cells"]):
        alt = nbtext.field(cell, nbtext.ALT).strip()
        if alt:
            messages.append((alt, f"cell {index}: image alt"))
        for path in (nbtext.SLIDE_TITLE, nbtext.SLIDE_TEXT, nbtext.NOTES):
            for paragraph in nbtext.paragraphs(nbtext.field(cell, path)):
                messages.append((paragraph, f"cell {index}: slides {path[-1]}"))
    return messages


def extract_cells(potdir: Path) -> list[Path]:
    import json

    written = []
    for notebook in sorted(CHAPTERS.glob("*.ipynb")):
        data = json.loads(notebook.read_text("utf-8"))
        pot = potdir / CELLS / f"{notebook.stem}.pot"
        write_pot(pot, cell_messages(data))
        written.append(pot)
    return written


def extract(potdir: Path, fresh: bool = True) -> None:
    """All English messages into ``potdir``: Sphinx's pages and the cells.

    ``fresh``: every page read again into an empty ``potdir`` (an
    extension's change, what it marks translatable, must show; reading
    without executing is quick). Not fresh: only the pages changed since
    the last extraction into ``potdir`` (``make check``)."""
    if fresh:
        shutil.rmtree(potdir, ignore_errors=True)
    result = compat.build_book(
        potdir,
        builder="gettext",
        doctreedir=BUILD / f".doctrees-{potdir.name}",
        freshenv=fresh,
        quiet=True,
    )
    if result:
        raise SystemExit("i18n: the gettext build failed")
    for name in INTERFACE_TEMPLATES:  # the templates' words: locales/theme
        (potdir / f"{name}.pot").unlink(missing_ok=True)
    extract_cells(potdir)
    write_pot(potdir / f"{check_messages.NAME}.pot", check_messages.messages())


def update(potdir: Path | None = None) -> int:
    """Merge the English messages into the catalogues (extracted into
    ``_build/gettext`` first, unless ``potdir`` holds an extraction)."""
    from sphinx_intl.basic import update as intl_update

    if potdir is None:
        potdir = GETTEXT
        extract(potdir)
    # One line per message, as the catalogues are written (no diff of the
    # whole file when one paragraph changes).
    intl_update(str(LOCALES), str(potdir), (LANG,), line_width=-1, jobs=1)
    check_messages.compile_json(MESSAGES)
    stale = set(catalogues(MESSAGES)) - set(templates(potdir))
    for name in sorted(stale):
        print(f"i18n: {name}.po has no English page any more: delete it")
    return 0


# --- checks ---------------------------------------------------------------------


# The gettext builder also extracts the templates' words into sphinx.pot
# (_templates/*.html); their Korean is in locales/theme (coursetools.edition),
# not a page catalogue.
INTERFACE_TEMPLATES = {"sphinx"}


def templates(potdir: Path) -> dict[str, Path]:
    return {
        p.relative_to(potdir).with_suffix("").as_posix(): p
        for p in sorted(potdir.rglob("*.pot"))
        if p.relative_to(potdir).with_suffix("").as_posix() not in INTERFACE_TEMPLATES
    }


def catalogues(messages: Path = MESSAGES) -> dict[str, Path]:
    return {
        p.relative_to(messages).with_suffix("").as_posix(): p
        for p in sorted(messages.rglob("*.po"))
    }


def compare(potdir: Path, messages: Path, sync_only: bool = False) -> list[str]:
    """Problems, as ``locales/.../x.po: problem: msgid`` lines."""
    problems = []
    pots, pos = templates(potdir), catalogues(messages)

    def where(name: str) -> str:
        path = messages / f"{name}.po"
        return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)

    def short(msgid: str) -> str:
        text = " ".join(msgid.split())
        return repr(text if len(text) < 90 else text[:87] + "...")

    for name in sorted(set(pots) | set(pos)):
        if name not in pos:
            problems.append(f"{where(name)}: missing catalogue (make i18n-update)")
            continue
        if name not in pots:
            problems.append(f"{where(name)}: no English page has this catalogue")
            continue
        english = {m.id for m in read(pots[name]) if m.id}
        catalog = read(pos[name])
        korean = {m.id: m for m in catalog if m.id}
        for msgid in sorted(english - set(korean)):
            problems.append(
                f"{where(name)}: missing (make i18n-update): {short(msgid)}"
            )
        for msgid in sorted(set(korean) - english):
            problems.append(
                f"{where(name)}: obsolete (English removed or changed, "
                f"make i18n-update): {short(msgid)}"
            )
        if sync_only:
            continue
        for msgid in sorted(english & set(korean)):
            message = korean[msgid]
            if message.fuzzy:
                problems.append(f"{where(name)}: fuzzy: {short(msgid)}")
            elif not message.string:
                problems.append(f"{where(name)}: untranslated: {short(msgid)}")
    return problems


def check(sync_only: bool = False, potdir: Path | None = None) -> int:
    """Print the catalogues' problems; 1 if there are any. ``potdir``: an
    extraction to compare with (``make test`` extracts once, for this and
    the catalogue tests); none: a fresh one in a temporary folder."""
    if potdir is not None:
        problems = compare(potdir, MESSAGES, sync_only=sync_only)
    else:
        with tempfile.TemporaryDirectory(prefix="i18n-") as tmp:
            extract(Path(tmp) / "gettext")
            problems = compare(Path(tmp) / "gettext", MESSAGES, sync_only=sync_only)
    if not sync_only:
        problems += check_messages.problems(MESSAGES)
    for line in problems:
        print(line)
    if problems:
        print(f"i18n-check: {len(problems)} problems in the Korean catalogues")
        return 1
    print("i18n-check: the Korean catalogues are complete and up to date")
    return 0


# --- applying the catalogues to a notebook (the Korean decks) --------------------


def normalise(text: str) -> str:
    return " ".join(text.split())


def read_translations(path: Path) -> dict[str, str]:
    """Normalised msgid -> msgstr of the .po file ``path`` (translated, not
    fuzzy entries only; none if there is no such file)."""
    if not path.is_file():
        return {}
    return {
        normalise(m.id): m.string
        for m in read(path)
        if m.id and m.string and not m.fuzzy
    }


def load(name: str) -> dict[str, str]:
    """``read_translations`` of catalogue ``<name>.po``."""
    return read_translations(MESSAGES / f"{name}.po")


def translate_markdown(source: str, catalogue: dict[str, str]) -> str:
    """A markdown cell's MyST source with each paragraph, heading, list item,
    table cell, directive title and option text the catalogue has replaced
    (``coursetools.myst.translate``)."""
    return myst.translate(source, lambda text: catalogue.get(normalise(text)))


def chapter_catalogues(stem: str) -> list[Path]:
    """The catalogues of chapter ``stem`` that exist: its page's, its cells'."""
    names = (f"chapters/{stem}", f"{CELLS}/{stem}")
    return [MESSAGES / f"{n}.po" for n in names if (MESSAGES / f"{n}.po").is_file()]


def text_map(stem: str) -> Callable[[str], str]:
    """The translator of chapter ``stem``'s text (a markdown cell, a caption,
    alt text, speaker notes, slide text): each paragraph, heading, list item
    and table cell the chapter's catalogue or its cells catalogue has."""
    catalogue = {**load(f"{CELLS}/{stem}"), **load(f"chapters/{stem}")}
    return lambda text: translate_markdown(text, catalogue)


def translate_notebook(nb: Any, stem: str) -> Any:
    """A copy of notebook ``nb`` (chapter ``stem``) with its prose in Korean
    (``coursetools.nbtext.map_text`` with ``text_map(stem)``)."""
    return nbtext.map_text(nb, text_map(stem))
