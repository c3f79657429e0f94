"""coursetools/pageweight.py: the FontAwesome subset's code points."""

from __future__ import annotations

from coursetools import pageweight


def test_fontawesome_codepoints_reads_the_theme_rules():
    css = (
        '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
        '.fa-github:before{content:"\\f09b"}'
    )
    icons = pageweight.fontawesome_codepoints(css)
    assert icons == {"fa-bars": [0xF0C9], "fa-navicon": [0xF0C9], "fa-github": [0xF09B]}
    # Icons drawn by stylesheets: escapes and literal private-use characters.
    assert pageweight._codepoints('--x:"\\f05a";--y:"\uf0eb"') == [0xF05A, 0xF0EB]
