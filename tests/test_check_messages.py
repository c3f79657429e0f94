"""coursetools.check_messages: the hints' catalogue and its compiled JSON."""

import json

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from cnnlib.checks import MESSAGES
from coursetools import check_messages, i18n


def test_every_text_is_extracted_once_with_its_key(tmp_path):
    pot = check_messages.extract(tmp_path)
    ids = {m.id for m in i18n.read(pot) if m.id}
    assert set(MESSAGES.values()) <= ids


def test_the_shipped_json_is_the_compiled_catalogue():
    assert check_messages.problems(i18n.MESSAGES) == []
    table = json.loads(check_messages.COMPILED.read_text("utf-8"))
    assert table == check_messages.translations(i18n.MESSAGES)


def write_catalogue(folder, msgstr):
    catalog = Catalog(locale="ko")
    catalog.add("{label}: right.", msgstr)
    with (folder / f"{check_messages.NAME}.po").open("wb") as handle:
        write_po(handle, catalog)


def test_a_stale_json_or_a_lost_field_is_a_problem(tmp_path):
    write_catalogue(tmp_path, "{label}: 맞았습니다.")
    target = tmp_path / "checks_ko.json"
    assert any("out of date" in p for p in check_messages.problems(tmp_path, target))
    check_messages.compile_json(tmp_path, target)
    assert check_messages.problems(tmp_path, target) == []
    write_catalogue(tmp_path, "맞았습니다.")
    check_messages.compile_json(tmp_path, target)
    assert any("fields differ" in p for p in check_messages.problems(tmp_path, target))
