"""The chapter notebooks as files: the set-up cell and the table of contents."""

import nbformat
import pytest

from coursetools import ROOT, setup_cell, toc

CHAPTERS = setup_cell.chapter_paths()


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_setup_cell_is_the_one_made_from_the_config(path):
    # Run `python -m coursetools.setup_cell` after changing the template or the
    # repository address in _config.yml.
    cell = nbformat.read(path, as_version=4).cells[setup_cell.SETUP_CELL_INDEX]
    assert cell.source == setup_cell.setup_cell_source(setup_cell.repository_url())


def test_contributing_shows_the_real_setup_cell():
    # CONTRIBUTING.md's copy is written by `python -m coursetools.setup_cell`.
    text = setup_cell.CONTRIBUTING.read_text("utf-8")
    source = setup_cell.setup_cell_source(setup_cell.repository_url())
    assert setup_cell.with_setup_cell(text, source) == text
    assert (
        setup_cell.contributing_block("a\n\nb")
        == "   ```python\n   a\n\n   b\n   ```\n"
    )


def test_setup_cell_installs_the_course_extras_from_the_configured_repository():
    url = setup_cell.repository_url()
    source = setup_cell.setup_cell_source(url)
    assert f'"cnnlib[course] @ git+{url}"' in source
    assert source.count(url) == 1


def test_repository_url_must_be_https(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("repository:\n  url: git@example.org:course.git\n")
    with pytest.raises(ValueError, match="https URL"):
        setup_cell.repository_url(config)


def test_every_chapter_is_in_the_table_of_contents_and_back():
    listed = [name for name in toc.docnames() if name.startswith("chapters/")]
    on_disk = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
    assert listed == [f"chapters/{p.stem}" for p in on_disk]
    assert [p.stem for p in CHAPTERS] == [p.stem for p in on_disk]
