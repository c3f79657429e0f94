"""coursetools/korean.py: Hangul marked and found (no browser, no build)."""

from __future__ import annotations

from coursetools import korean


def test_split_hangul_marks_runs_of_korean_words():
    pieces = korean.split_hangul("activation function (활성화 함수), ReLU")
    assert pieces == [
        ("activation function (", False),
        ("활성화 함수", True),
        ("), ReLU", False),
    ]
    assert korean.split_hangul("no Korean") == [("no Korean", False)]
    assert korean.split_hangul("패딩") == [("패딩", True)]


def test_search_indexes_korean_words_with_their_leading_parts():
    words = korean.CourseSearchEnglish({}).split("합성곱은 padding 패딩을")
    assert {"합성곱은", "합성곱", "합성", "패딩을", "패딩", "padding"} <= set(words)
    assert "합" not in words  # one syllable is too short to index
    assert "곱은" not in words  # only leading parts, not any substring
