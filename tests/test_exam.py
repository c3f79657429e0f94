"""coursetools.exam: a 10-question sheet and its key, in English and Korean."""

import re

import pytest

from cnnlib.questions import question_set
from coursetools import browser, exam


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_ten_questions_sheet_and_key_as_html(tmp_path, lang):
    paths = exam.write(1, 10, lang, tmp_path, pdf=False)
    sheet, key = (p.read_text("utf-8") for p in paths)
    questions = question_set(1, 10)
    assert sheet.count("<li>") == key.count("<li>") == 10
    for q in questions:
        assert re.escape(q.text(lang)) and q.text(lang).replace("'", "&#x27;") in sheet
        assert q.answer_text(lang).replace("'", "&#x27;") in key
    assert "class='answer'" not in sheet and key.count("class='answer'") == 10
    assert f'lang="{lang}"' in sheet
    if lang == "ko":
        assert "시험" in sheet and "정답" in key and "답:" in key


def test_the_same_seed_gives_the_same_exam_in_both_languages(tmp_path):
    en = exam.write(7, 10, "en", tmp_path / "en", pdf=False)
    ko = exam.write(7, 10, "ko", tmp_path / "ko", pdf=False)
    answers = [
        [
            re.findall(r"\d[\d,]*", a)
            for a in re.findall(r"class='answer'>(.*?)<", p.read_text("utf-8"))
        ]
        for p in (en[1], ko[1])
    ]
    assert answers[0] == answers[1] and len(answers[0]) == 10


@pytest.mark.browser
@pytest.mark.slow
def test_the_command_prints_both_languages_to_pdf(tmp_path):
    missing = browser.chromium_missing()
    if missing:
        pytest.skip(missing)
    for lang in ("en", "ko"):
        assert (
            exam.main(
                ["--seed", "1", "--count", "10", "--lang", lang, "--out", str(tmp_path)]
            )
            == 0
        )
        for name in (f"exam-{lang}-seed1.pdf", f"key-{lang}-seed1.pdf"):
            pdf = tmp_path / name
            assert pdf.read_bytes().startswith(b"%PDF") and browser.pdf_pages(pdf) >= 1
