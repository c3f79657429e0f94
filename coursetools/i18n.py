"""The Korean edition's catalogues and build (issue 17).

Commands (``python -m coursetools.i18n COMMAND``; the Makefile runs them):

``build``
    The Korean site: the same Sphinx project as ``jupyter-book build .``, with
    ``language = "ko"``, into ``_build/html/ko/`` (its own doctrees in
    ``_build/.doctrees-ko``), warnings as errors. Sphinx translates each
    page's prose from ``locales/ko/LC_MESSAGES/<page>.po``; the notebooks'
    code and outputs are shared. JupyterLite is not built again
    (``coursetools.edition``).
``update`` (``make i18n-update``)
    Extract the English messages (Sphinx's ``gettext`` builder into
    ``_build/gettext/``, plus the cell-metadata messages below) and merge
    them into ``locales/ko/LC_MESSAGES/`` with ``sphinx-intl update``: new
    paragraphs are added empty, changed ones come back ``#, fuzzy`` with the
    old translation, removed ones become obsolete (``#~``).
``check`` (``make i18n-check``, part of ``make test``)
    Extract the messages again into a temporary folder and compare: fails,
    listing ``file: problem: msgid``, on an entry missing from a catalogue
    (the English changed: run ``make i18n-update``), a catalogue entry the
    English no longer has, and on a fuzzy or empty entry. ``--sync-only``
    checks only that the catalogues are up to date with the English.

The cell metadata the Sphinx catalogues do not hold goes to
``locales/ko/LC_MESSAGES/cells/<chapter>.po``: each figure's alt text
(``metadata.mystnb.image.alt``, one message), the speaker notes
(``metadata.slides.notes``), the slide text and title
(``metadata.slides.text``, ``metadata.slides.title``),
one message per paragraph. Figure captions (``metadata.mystnb.figure.caption``)
are in the chapter's own catalogue already (Sphinx extracts them).
``text_map(stem)`` is the translator of a chapter's text from both
catalogues; ``coursetools.slides`` applies it for the Korean decks
(``python -m coursetools.slides --lang ko``), and
``coursetools.book_pdf --lang ko`` builds from ``language_config()``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coursetools import ROOT
from coursetools.korean import HANGUL_SYLLABLES

LANG = "ko"
LOCALES = ROOT / "locales"
MESSAGES = LOCALES / LANG / "LC_MESSAGES"
CHAPTERS = ROOT / "chapters"
BUILD = ROOT / "_build"
CELLS = "cells"  # the cell-metadata catalogues: cells/<chapter>.po
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)  # deterministic .pot headers


# --- the Korean build ------------------------------------------------------


def config_overrides(**extra) -> dict:
    """What ``jupyter-book build . --nitpick`` passes to Sphinx, and ``extra``."""
    return {
        "external_toc_path": (ROOT / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,
        **extra,
    }


def korean_title() -> dict:
    """``html_title``: the book's title as the catalogues translate it."""
    import yaml

    title = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))["title"]
    for name in catalogues():
        korean = load(name).get(normalise(title))
        if korean:
            return {"html_title": korean}
    return {}


def build(builder: str = "html", outdir: Path | None = None) -> int:
    """Build the Korean site (``_build/html/ko``); returns Sphinx's status."""
    from jupyter_book.sphinx import build_sphinx

    outdir = outdir or BUILD / "html" / LANG
    result = build_sphinx(
        str(ROOT),
        str(outdir),
        path_config=str(ROOT / "_config.yml"),
        noconfig=True,
        confoverrides=config_overrides(language=LANG, **korean_title()),
        doctreedir=str(BUILD / f".doctrees-{LANG}"),
        builder=builder,
        warningiserror=True,
        keep_going=True,
    )
    if isinstance(result, Exception):
        return 1
    return int(result or 0)


def language_config(folder: Path, lang: str = LANG) -> Path:
    """A copy of ``_config.yml`` with ``sphinx.config.language: lang`` (for a
    ``jupyter-book build --config``, e.g. the Korean book PDF)."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))
    sphinx = config.setdefault("sphinx", {})
    sphinx.setdefault("config", {})["language"] = lang
    config["title"] = korean_title().get("html_title", config["title"])
    # Jupyter Book finds local extensions relative to the config file.
    sphinx["local_extensions"] = {
        name: str((ROOT / path).resolve())
        for name, path in sphinx.get("local_extensions", {}).items()
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"_config.{lang}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


# --- extraction -----------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs of ``text``, stripped, none empty."""
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def cell_messages(notebook: dict) -> list[tuple[str, str]]:
    """(msgid, where) of a notebook's cell metadata, in cell order."""
    messages = []
    for index, cell in enumerate(notebook["cells"]):
        meta = cell.get("metadata", {})
        alt = meta.get("mystnb", {}).get("image", {}).get("alt")
        if alt:
            messages.append((_text(alt).strip(), f"cell {index}: image alt"))
        slides = meta.get("slides", {}) or {}
        for key in ("title", "text", "notes"):
            for paragraph in paragraphs(_text(slides.get(key))):
                messages.append((paragraph, f"cell {index}: slides {key}"))
    return messages


def write_pot(path: Path, messages: list[tuple[str, str]]) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(
        project="CNN course",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
    )
    for msgid, where in messages:
        if msgid in catalog:
            catalog[msgid].auto_comments.append(where)
        else:
            catalog.add(msgid, auto_comments=[where])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=76, omit_header=False)


def extract_cells(potdir: Path) -> list[Path]:
    import json

    written = []
    for notebook in sorted(CHAPTERS.glob("*.ipynb")):
        data = json.loads(notebook.read_text("utf-8"))
        pot = potdir / CELLS / f"{notebook.stem}.pot"
        write_pot(pot, cell_messages(data))
        written.append(pot)
    return written


def extract(potdir: Path) -> None:
    """All English messages into ``potdir``: Sphinx's pages and the cells."""
    from jupyter_book.sphinx import build_sphinx

    shutil.rmtree(potdir, ignore_errors=True)
    result = build_sphinx(
        str(ROOT),
        str(potdir),
        path_config=str(ROOT / "_config.yml"),
        noconfig=True,
        confoverrides=config_overrides(),
        doctreedir=str(BUILD / ".doctrees-gettext"),
        builder="gettext",
        # Every page read again: an extension's change (what it marks
        # translatable) must show, and reading without executing is quick.
        freshenv=True,
        warningiserror=True,
        keep_going=True,
        quiet=True,
    )
    if isinstance(result, Exception) or result:
        raise SystemExit("i18n: the gettext build failed")
    extract_cells(potdir)


def update() -> int:
    from sphinx_intl.basic import update as intl_update

    potdir = BUILD / "gettext"
    extract(potdir)
    intl_update(str(LOCALES), str(potdir), (LANG,), jobs=1)
    stale = set(catalogues(MESSAGES)) - set(templates(potdir))
    for name in sorted(stale):
        print(f"i18n: {name}.po has no English page any more: delete it")
    return 0


# --- checks ---------------------------------------------------------------------


def templates(potdir: Path) -> dict[str, Path]:
    return {
        p.relative_to(potdir).with_suffix("").as_posix(): p
        for p in sorted(potdir.rglob("*.pot"))
    }


def catalogues(messages: Path = MESSAGES) -> dict[str, Path]:
    return {
        p.relative_to(messages).with_suffix("").as_posix(): p
        for p in sorted(messages.rglob("*.po"))
    }


def read(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle)


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


def check(sync_only: bool = False) -> int:
    with tempfile.TemporaryDirectory(prefix="i18n-") as tmp:
        potdir = Path(tmp) / "gettext"
        extract(potdir)
        problems = compare(potdir, MESSAGES, sync_only=sync_only)
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


FENCE = re.compile(r"^(\s*)(`{3,}|:{3,})(\{[\w:-]+\})?(.*)$")
HEADING = re.compile(r"^(\s*#+\s+)(.*)$")
ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$")
OPTION = re.compile(r"^(\s*:[\w-]+:\s*)(.*)$")


def translate_markdown(source: str, catalogue: dict[str, str]) -> str:
    """A markdown cell's MyST source with each paragraph, heading, list item,
    table cell, directive title and option text the catalogue has replaced."""

    def tr(text: str) -> str:
        return catalogue.get(normalise(text), text)

    out: list[str] = []
    lines = source.splitlines()
    i = 0
    code_fence = None
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if code_fence is not None:
            out.append(line)
            if line.strip().startswith(code_fence) and not line.strip().strip(
                code_fence[0]
            ):
                code_fence = None
            i += 1
            continue
        if fence:
            indent, marks, name, arg = fence.groups()
            if name is None and marks.startswith("`"):
                code_fence = marks  # a code block: left as it is
            elif name in {"{code-cell}", "{code-block}", "{code}", "{math}"}:
                code_fence = marks
            elif arg.strip():
                arg = " " + tr(arg.strip())
            out.append(f"{indent}{marks}{name or ''}{arg}")
            i += 1
            continue
        option = OPTION.match(line)
        if (
            option
            and option.group(2)
            and out
            and (FENCE.match(out[-1]) or OPTION.match(out[-1]))
        ):
            out.append(option.group(1) + tr(option.group(2)))
            i += 1
            continue
        if not line.strip():
            out.append(line)
            i += 1
            continue
        # A block: consecutive lines up to a blank line or a fence.
        block = []
        while i < len(lines) and lines[i].strip() and not FENCE.match(lines[i]):
            block.append(lines[i])
            i += 1
        out.extend(translate_block(block, tr, catalogue))
    return "\n".join(out)


def translate_block(block: list[str], tr, catalogue) -> list[str]:
    whole = normalise("\n".join(block))
    if whole in catalogue:
        indent = block[0][: len(block[0]) - len(block[0].lstrip())]
        return [indent + catalogue[whole]]
    out: list[str] = []
    j = 0
    while j < len(block):
        line = block[j]
        heading = HEADING.match(line)
        item = ITEM.match(line)
        if heading:
            out.append(heading.group(1) + tr(heading.group(2)))
            j += 1
        elif line.lstrip().startswith("|"):
            cells = line.split("|")
            out.append(
                "|".join(
                    c if not c.strip() or set(c.strip()) <= set("-: ") else f" {tr(c)} "
                    for c in cells
                )
            )
            j += 1
        elif item:
            text = [item.group(2)]
            j += 1
            width = len(item.group(1))
            while (
                j < len(block)
                and not ITEM.match(block[j])
                and block[j].startswith(" " * width)
            ):
                text.append(block[j].strip())
                j += 1
            out.append(item.group(1) + tr(" ".join(text)))
        else:
            text = [line]
            j += 1
            while (
                j < len(block)
                and not ITEM.match(block[j])
                and not HEADING.match(block[j])
                and not block[j].lstrip().startswith("|")
            ):
                text.append(block[j])
                j += 1
            joined = normalise(" ".join(text))
            if joined in catalogue:
                out.append(catalogue[joined])
            else:
                out.extend(text)
    return out


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
    (``coursetools.slides.map_text`` with ``text_map(stem)``)."""
    from coursetools.slides import map_text

    return map_text(nb, text_map(stem))


# --- quality: prose, Hangul, untranslated entries, glossary ------------------------

HANGUL_CHAR = HANGUL_WORD = HANGUL_SYLLABLES
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="the Korean site into _build/html/ko")
    sub.add_parser("update", help="merge the English messages into the catalogues")
    checker = sub.add_parser("check", help="catalogues complete and up to date?")
    checker.add_argument("--sync-only", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build()
    if args.command == "update":
        return update()
    return check(sync_only=args.sync_only)


if __name__ == "__main__":
    sys.exit(main())
