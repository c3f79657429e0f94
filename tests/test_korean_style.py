"""The Korean edition's style sheet and term table (coursetools/korean_style.py).

Every catalogue in locales/ko/LC_MESSAGES (pages, speaker notes, slide text,
alt text) is checked for: one imperative form ("…하십시오"), "등" for et al.,
no nested brackets, bracketed English only for glossary terms and only at
the first use in a catalogue, books by their Korean titles, and no second
Korean form of a term (the table of forbidden variants). A failure names
the file, the entry and the form to write instead.
"""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog

from coursetools import catalogues, korean_style, translation_quality

ALL = catalogues.catalogues()


@pytest.mark.parametrize("check", sorted(korean_style.CHECKS))
@pytest.mark.parametrize("name", sorted(ALL))
def test_catalogue_follows_the_style_sheet(name, check):
    problems = korean_style.CHECKS[check](name, catalogues.read(ALL[name]))
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:20])


def catalog(*pairs: tuple[str, str]) -> Catalog:
    result = Catalog()
    for msgid, msgstr in pairs:
        result.add(msgid, msgstr)
    return result


@pytest.mark.parametrize(
    ("english", "korean", "expected"),
    [
        ("A plain network.", "평범한 신경망입니다.", "write '플레인 신경망'"),
        ("Add a shortcut.", "지름길을 더합니다.", "write '스킵 연결'"),
        ("Warm-up first.", "먼저 워밍업합니다.", "write '웜업'"),
        ("Freeze conv_1.", "`conv_1`을 복사해 고정하고", "write '동결하'"),
        ("The jump grows.", "점프가 커집니다.", "write '간격'"),
        ("Numerical gradient.", "수치 기울기입니다.", "write '수치 미분'"),
        ("A dense layer.", "완전연결 계층입니다.", "write '층'"),
        ("Local windows.", "국소 윈도우입니다.", "write '지역 (지역 연결성)'"),
        ("Train from scratch.", "밑바닥부터 훈련합니다.", "write '처음부터 훈련'"),
        ("Convert the layouts.", "커널 배치를 바꿉니다.", "write '레이아웃'"),
    ],
)
def test_term_check_names_file_entry_and_form(english, korean, expected):
    problems = korean_style.term_problems("chapters/x", catalog((english, korean)))
    assert len(problems) == 1, problems
    assert problems[0].startswith(
        f"locales/ko/LC_MESSAGES/chapters/x.po: msgid {english!r}"
    )
    assert problems[0].endswith(expected)


def test_term_check_passes_the_chosen_forms():
    good = catalog(
        ("A plain network.", "플레인 신경망입니다."),
        ("Fixed seed, fixed order.", "시드를 고정하고 고정된 순서로 섞습니다."),
        ("Batch and layout.", "배치 정규화와 배치 크기, 그리고 레이아웃."),
        ("Local, first-order.", "기울기는 국소적인 관점입니다."),
        ("Implement from scratch.", "밑바닥부터 구현합니다."),
    )
    assert korean_style.term_problems("chapters/x", good) == []


def test_imperative_and_et_al_checks():
    bad = catalog(
        ("Compute it.", "계산하세요."), ("He et al. (2016)", "He et al.(2016)")
    )
    assert len(korean_style.imperative_problems("chapters/x", bad)) == 1
    assert len(korean_style.et_al_problems("chapters/x", bad)) == 1
    good = catalog(
        ("Compute it.", "계산하십시오."), ("He et al. (2016)", "He 등(2016)")
    )
    assert korean_style.imperative_problems("chapters/x", good) == []
    assert korean_style.et_al_problems("chapters/x", good) == []
    # 외우다 (memorise) is not et al.
    assert (
        korean_style.et_al_problems("x", catalog(("memorise", "외우기 쉽습니다.")))
        == []
    )


def test_nested_bracket_check():
    assert korean_style.nested("(순전파와 역전파(backward pass))") == [
        "(backward pass)"
    ]
    assert korean_style.nested("(m/(m-1)) and (ReLU(x)) and model.eval()") == []
    bad = catalog(("(forward and backward pass)", "(순전파와 역전파(backward pass))"))
    assert len(korean_style.nested_problems("chapters/x", bad)) == 1


def test_gloss_check_keeps_glossary_terms_once():
    pages = catalog(
        ("Convolution.", "합성곱(convolution)입니다."),
        ("Convolution again.", "다시 합성곱(convolution)입니다."),
        ("Bell Labs, ZIP codes.", "벨 연구소(Bell Labs), 우편번호(zip code)."),
    )
    problems = korean_style.gloss_problems("chapters/x", pages)
    assert len(problems) == 2
    assert "'(convolution)' again" in problems[0]
    assert "'(zip code)' is not a glossary term" in problems[1]
    assert korean_style.gloss_problems("glossary", pages) == []


def test_book_check():
    bad = catalog(
        (
            "The network of *Deep Learning from Scratch*.",
            "*Deep Learning from Scratch*의 신경망.",
        ),
    )
    assert len(korean_style.book_problems("chapters/x", bad)) == 2
    good = catalog(
        (
            "The network of *Deep Learning from Scratch*.",
            "『밑바닥부터 시작하는 딥러닝』의 신경망.",
        ),
    )
    assert korean_style.book_problems("chapters/x", good) == []
    assert (
        len(korean_style.book_problems("x", catalog(("Hanbit Media", "Hanbit Media"))))
        == 1
    )


def test_glossary_has_the_chosen_terms():
    rows = {english[0]: korean for english, korean in translation_quality.glossary()}
    assert rows["plain network"] == ["플레인 신경망"]
    assert rows["fully connected layer"] == ["완전연결층"]
    assert rows["local connectivity"] == ["지역 연결성"]
    assert rows["numerical gradient"] == ["수치 미분"]
    assert rows["warm-up"] == ["웜업"]
    assert rows["training from scratch"] == ["처음부터 훈련"]
