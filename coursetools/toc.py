"""The book's structure, read from ``_toc.yml`` (the one place it is written).

Everything that needs the chapter list (the decks, the instructors' table of
decks, the set-up cell, the tests) asks this module.

>>> [path.stem for path in chapter_notebooks()][:2]
['01_lenet_history', '02_cnn_vs_dense']
>>> root_page()
'intro'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from coursetools import ROOT

TOC = "_toc.yml"


def load(srcdir: Path = ROOT) -> dict[str, Any]:
    """``_toc.yml`` of the book in ``srcdir``, parsed."""
    toc = yaml.safe_load((Path(srcdir) / TOC).read_text(encoding="utf-8"))
    if not isinstance(toc, dict) or "root" not in toc:
        raise ValueError(f"{Path(srcdir) / TOC}: expected a mapping with a 'root'")
    return toc


def root_page(srcdir: Path = ROOT) -> str:
    """The docname of the book's first page (``root:``)."""
    return str(load(srcdir)["root"])


def docnames(srcdir: Path = ROOT) -> list[str]:
    """Every page the table of contents lists after the root, in order."""
    toc = load(srcdir)
    names = []
    for part in toc.get("parts", [toc]):
        for chapter in part.get("chapters", []):
            names.append(str(chapter["file"]))
    return names


def chapter_notebooks(srcdir: Path = ROOT) -> list[Path]:
    """The chapters of the table of contents that are notebooks, in order."""
    srcdir = Path(srcdir)
    paths = [srcdir / f"{name}.ipynb" for name in docnames(srcdir)]
    return [path for path in paths if path.is_file()]
