"""The text of a notebook: the one helper that reads and maps it.

A notebook's text is its markdown cells and five metadata fields
(``TEXT_FIELDS``): a figure's caption and alt text (``metadata.mystnb``),
the speaker notes, the slide text and title (``metadata.slides``). The gettext
catalogues (``coursetools.catalogues``), the Korean decks
(``coursetools.slides``) and the JupyterLite copies (``coursetools.lite``)
all read it through here. Works on plain JSON dicts and on nbformat's
``NotebookNode`` (a dict too).

>>> text(["a\\n", "b"]), text(None), text("c")
('a\\nb', '', 'c')
>>> paragraphs("One.\\n\\n  Two\\nlines.\\n\\n")
['One.', 'Two\\nlines.']
>>> nb = {"cells": [{"cell_type": "markdown", "source": "hi",
...        "metadata": {"slides": {"notes": "note"}}}]}
>>> mapped = map_text(nb, str.upper)
>>> mapped["cells"][0]["source"], mapped["cells"][0]["metadata"]["slides"]["notes"]
('HI', 'NOTE')
>>> nb["cells"][0]["source"]
'hi'
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from typing import Any

#: The metadata that holds text, as (section, ..., key) paths.
CAPTION = ("mystnb", "figure", "caption")
ALT = ("mystnb", "image", "alt")
NOTES = ("slides", "notes")
SLIDE_TEXT = ("slides", "text")
SLIDE_TITLE = ("slides", "title")
TEXT_FIELDS = (CAPTION, ALT, NOTES, SLIDE_TEXT, SLIDE_TITLE)


def text(value: Any) -> str:
    """A notebook string field as one string (a list of lines is joined)."""
    if isinstance(value, list):
        return "".join(value)
    return "" if value is None else str(value)


def source(cell: dict) -> str:
    """A cell's source as one string."""
    return text(cell.get("source", ""))


def paragraphs(value: Any) -> list[str]:
    """Blank-line separated paragraphs of ``value``, stripped, none empty."""
    return [p.strip() for p in re.split(r"\n\s*\n", text(value)) if p.strip()]


def _parent(cell: dict, path: tuple[str, ...]) -> dict | None:
    """The dict that holds ``path``'s last key in ``cell.metadata``, if any."""
    node = cell.get("metadata") or {}
    for key in path[:-1]:
        node = node.get(key) or {}
        if not isinstance(node, dict):
            return None
    return node


def field(cell: dict, path: tuple[str, ...]) -> str:
    """The text of metadata field ``path`` of ``cell`` ("" if it has none)."""
    parent = _parent(cell, path)
    return text(parent.get(path[-1])) if parent else ""


def fields(cell: dict) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path, text) of each metadata text field ``cell`` has, in
    ``TEXT_FIELDS`` order."""
    for path in TEXT_FIELDS:
        value = field(cell, path)
        if value:
            yield path, value


def map_text(nb: Any, text_map: Callable[[str], str]) -> Any:
    """A copy of notebook ``nb`` with ``text_map`` applied to every markdown
    cell and every metadata text field (``TEXT_FIELDS``)."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = text_map(source(cell))
        for path, value in list(fields(cell)):
            parent = _parent(cell, path)
            assert parent is not None  # fields() found it there
            parent[path[-1]] = text_map(value)
    return nb
