"""The chapter notebooks as files: the set-up cell and the table of contents."""

import importlib.util
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "setup_cell", ROOT / "scripts" / "setup_cell.py"
)
setup_cell = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(setup_cell)
CHAPTERS = setup_cell.chapter_paths()


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_setup_cell_is_the_one_made_from_the_config(path):
    # Run `python scripts/setup_cell.py` after changing the template or the
    # repository address in _config.yml.
    cell = nbformat.read(path, as_version=4).cells[setup_cell.SETUP_CELL_INDEX]
    assert cell.source == setup_cell.setup_cell_source(setup_cell.repository_url())


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
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    listed = {
        entry["file"]
        for part in toc["parts"]
        for entry in part["chapters"]
        if entry["file"].startswith("chapters/")
    }
    assert listed == {f"chapters/{p.stem}" for p in CHAPTERS}
