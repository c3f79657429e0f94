"""Reading and writing gettext files: one ``.po``/``.pot`` reader and writer
(babel), shared by the catalogues and the checks' messages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)  # deterministic .pot headers


def read(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle)


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
