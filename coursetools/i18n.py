"""The Korean edition's commands (issue 17); the work is done by three modules.

``python -m coursetools.i18n COMMAND`` (the Makefile runs them):

``build`` (``make book``)
    The Korean site into ``_build/html/ko/`` (``coursetools.korean_build``).
``extract [DIR]``
    The English messages into ``DIR`` (default ``_build/gettext``): Sphinx's
    ``gettext`` builder plus the cell metadata (``coursetools.catalogues``).
    ``make test`` extracts once and hands the folder to ``check --potdir``
    and to the catalogue test (``COURSE_POTDIR``).
``update [--potdir DIR]`` (``make i18n-update``)
    Merge the English messages into ``locales/ko/LC_MESSAGES/`` with
    ``sphinx-intl update``: new paragraphs are added empty, changed ones
    come back ``#, fuzzy`` with the old translation, removed ones become
    obsolete (``#~``).
``check [--sync-only] [--potdir DIR]`` (``make i18n-check``)
    Compare a fresh extraction (or ``DIR``'s) with the catalogues: fails,
    listing ``file: problem: msgid``, on an entry missing from a catalogue
    (run ``make i18n-update``), a catalogue entry the English no longer has,
    and on a fuzzy or empty entry (not with ``--sync-only``).

Where the code is: ``coursetools.catalogues`` (extract, merge, check, and
apply the catalogues to a notebook: ``text_map``), ``coursetools.korean_build``
(the Korean Sphinx build, ``language_config``), ``coursetools.translation_quality``
(Hangul share, untranslated entries, glossary terms). The names below are
re-exported so that ``coursetools.i18n.X`` keeps working.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coursetools.catalogues import (
    BUILD,
    CELLS,
    CHAPTERS,
    FIXED_DATE,
    GETTEXT,
    LANG,
    LOCALES,
    MESSAGES,
    catalogues,
    cell_messages,
    chapter_catalogues,
    check,
    compare,
    extract,
    extract_cells,
    load,
    normalise,
    paragraphs,
    read,
    read_translations,
    templates,
    text_map,
    translate_markdown,
    translate_notebook,
    update,
    write_pot,
)
from coursetools.compat import book_overrides as config_overrides
from coursetools.korean_build import build, korean_title, language_config
from coursetools.translation_quality import (
    HANGUL_CHAR,
    HANGUL_WORD,
    LATIN_WORD,
    english_term,
    glossary,
    glossary_problems,
    glossary_rows,
    hangul_share,
    is_english_prose,
    prose,
    untranslated,
    without_kept_titles,
)

__all__ = [
    "BUILD",
    "CELLS",
    "CHAPTERS",
    "FIXED_DATE",
    "GETTEXT",
    "HANGUL_CHAR",
    "HANGUL_WORD",
    "LANG",
    "LATIN_WORD",
    "LOCALES",
    "MESSAGES",
    "build",
    "catalogues",
    "cell_messages",
    "chapter_catalogues",
    "check",
    "compare",
    "config_overrides",
    "english_term",
    "extract",
    "extract_cells",
    "glossary",
    "glossary_problems",
    "glossary_rows",
    "hangul_share",
    "is_english_prose",
    "korean_title",
    "language_config",
    "load",
    "main",
    "normalise",
    "paragraphs",
    "prose",
    "read",
    "read_translations",
    "templates",
    "text_map",
    "translate_markdown",
    "translate_notebook",
    "untranslated",
    "update",
    "without_kept_titles",
    "write_pot",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="the Korean site into _build/html/ko")
    extractor = sub.add_parser("extract", help="the English messages into DIR")
    extractor.add_argument("folder", nargs="?", type=Path, default=GETTEXT)
    updater = sub.add_parser("update", help="merge the English into the catalogues")
    updater.add_argument("--potdir", type=Path, help="an extraction to use")
    checker = sub.add_parser("check", help="catalogues complete and up to date?")
    checker.add_argument("--sync-only", action="store_true")
    checker.add_argument("--potdir", type=Path, help="an extraction to use")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build()
    if args.command == "extract":
        extract(args.folder)
        return 0
    if args.command == "update":
        return update(args.potdir)
    return check(sync_only=args.sync_only, potdir=args.potdir)


if __name__ == "__main__":
    sys.exit(main())
