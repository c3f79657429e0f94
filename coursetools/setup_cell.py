"""The set-up cell every chapter starts with, made from one place.

The second cell of each chapter installs ``cnnlib`` where it is missing
(Colab, Binder, a notebook downloaded from the site, JupyterLite in the
browser). Its text is made here from the repository address in
``_config.yml`` (the one place that address is written), so every chapter
gets the same cell. ``python -m coursetools.setup_cell`` rewrites the cell in
every chapter; ``--check`` only reports chapters whose cell differs
(tests/test_notebooks.py runs the same check).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
import yaml

from coursetools import ROOT, toc

SETUP_CELL_INDEX = 1

TEMPLATE = """\
# Set-up where cnnlib is missing (Colab, Binder, a downloaded notebook, the
# in-browser version): install it with what the chapters import.
try:
    import cnnlib
except ModuleNotFoundError:
    import sys

    if sys.platform == "emscripten":  # in the browser: the wheel the site ships
        %pip install cnnlib
    else:
        %pip install --quiet "cnnlib[course] @ git+{url}"
    import cnnlib"""


def repository_url(config: Path = ROOT / "_config.yml") -> str:
    """The course repository's address, from ``_config.yml``."""
    url = yaml.safe_load(config.read_text())["repository"]["url"]
    if not isinstance(url, str) or not url.startswith("https://"):
        raise ValueError(f"{config}: repository.url must be an https URL, got {url!r}")
    return url.rstrip("/")


def setup_cell_source(url: str) -> str:
    """The set-up cell's source for the repository at ``url``."""
    return TEMPLATE.format(url=url)


CONTRIBUTING = ROOT / "CONTRIBUTING.md"
BLOCK = re.compile(
    r"(<!-- setup-cell:[^\n]*-->\n)(.*?)( *<!-- /setup-cell -->)", re.DOTALL
)


def contributing_block(source: str, indent: str = "   ") -> str:
    """``source`` as CONTRIBUTING.md shows it: a fenced block in a list item."""
    lines = [indent + line if line else "" for line in source.splitlines()]
    return "\n".join([f"{indent}```python", *lines, f"{indent}```", ""])


def with_setup_cell(text: str, source: str) -> str:
    """``text`` (CONTRIBUTING.md) with its set-up cell block made from ``source``."""
    if not BLOCK.search(text):
        raise ValueError("CONTRIBUTING.md has no <!-- setup-cell: --> block")
    block = contributing_block(source)
    return BLOCK.sub(lambda m: m[1] + block + m[3], text, count=1)


def chapter_paths() -> list[Path]:
    """The chapter notebooks (``_toc.yml``), each starting with the cell."""
    return toc.chapter_notebooks()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, do not write")
    args = parser.parse_args(argv)
    source = setup_cell_source(repository_url())
    stale = []
    for path in chapter_paths():
        nb = nbformat.read(path, as_version=4)
        cell = nb.cells[SETUP_CELL_INDEX]
        if cell.cell_type != "code" or "import cnnlib" not in cell.source:
            raise ValueError(f"{path.name}: cell 2 is not the set-up cell")
        if cell.source != source:
            stale.append(path.name)
            if not args.check:
                cell.source = source
                nbformat.write(nb, path)
    text = CONTRIBUTING.read_text("utf-8")
    if with_setup_cell(text, source) != text:
        stale.append(CONTRIBUTING.name)
        if not args.check:
            CONTRIBUTING.write_text(with_setup_cell(text, source), "utf-8")
    verb = "differs in" if args.check else "rewritten in"
    print(f"set-up cell {verb}: {', '.join(stale) or 'none'}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
