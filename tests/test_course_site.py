"""Unit tests of the site extension _ext/course_site.py (no browser, no build)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
course_site = pytest.importorskip("course_site")


def test_split_hangul_marks_runs_of_korean_words():
    pieces = course_site.split_hangul("activation function (활성화 함수), ReLU")
    assert pieces == [
        ("activation function (", False),
        ("활성화 함수", True),
        ("), ReLU", False),
    ]
    assert course_site.split_hangul("no Korean") == [("no Korean", False)]
    assert course_site.split_hangul("패딩") == [("패딩", True)]


def test_search_indexes_korean_words_with_their_leading_parts():
    words = course_site.CourseSearchEnglish({}).split("합성곱은 padding 패딩을")
    assert {"합성곱은", "합성곱", "합성", "패딩을", "패딩", "padding"} <= set(words)
    assert "합" not in words  # one syllable is too short to index
    assert "곱은" not in words  # only leading parts, not any substring


def test_fontawesome_codepoints_reads_the_theme_rules():
    css = (
        '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
        '.fa-github:before{content:"\\f09b"}'
    )
    icons = course_site.fontawesome_codepoints(css)
    assert icons == {"fa-bars": [0xF0C9], "fa-navicon": [0xF0C9], "fa-github": [0xF09B]}
    # Icons drawn by stylesheets: escapes and literal private-use characters.
    assert course_site._codepoints('--x:"\\f05a";--y:"\uf0eb"') == [0xF05A, 0xF0EB]
