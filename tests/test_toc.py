"""coursetools/toc.py: the chapter list comes from _toc.yml."""

from __future__ import annotations

import pytest

from coursetools import toc


def test_chapters_in_the_order_of_the_toc(tmp_path):
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: start\nparts:\n"
        "  - caption: Chapters\n    chapters:\n"
        "      - file: chapters/02_b\n      - file: chapters/01_a\n"
        "      - file: notes\n"
    )
    (tmp_path / "chapters").mkdir()
    for name in ("01_a", "02_b", "03_not_listed"):
        (tmp_path / "chapters" / f"{name}.ipynb").write_text("{}")
    (tmp_path / "notes.md").write_text("# Notes")
    assert toc.root_page(tmp_path) == "start"
    assert toc.docnames(tmp_path) == ["chapters/02_b", "chapters/01_a", "notes"]
    assert [p.stem for p in toc.chapter_notebooks(tmp_path)] == ["02_b", "01_a"]


def test_a_toc_without_root_is_refused(tmp_path):
    (tmp_path / "_toc.yml").write_text("chapters: []\n")
    with pytest.raises(ValueError, match="root"):
        toc.load(tmp_path)
