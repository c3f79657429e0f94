"""coursetools/pages.py: the links under a chapter's title."""

from __future__ import annotations

from types import SimpleNamespace

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from coursetools import pages


def chapter_doctree() -> nodes.document:
    document = new_document("<chapter>", get_default_settings(Parser))
    section = nodes.section()
    section += nodes.title(text="Convolution")
    section += nodes.paragraph(text="First paragraph.")
    document += section
    return document


def fake_app(builder_format="html"):
    builder = SimpleNamespace(
        format=builder_format, get_target_uri=lambda docname: docname + ".html"
    )
    env = SimpleNamespace(doc2path=lambda docname: f"/book/{docname}.ipynb")
    return SimpleNamespace(builder=builder, env=env)


def test_slides_link_goes_right_under_the_title():
    doctree = chapter_doctree()
    pages.add_slides_link(fake_app(), doctree, "chapters/03_conv_layers")
    section = doctree[0]
    assert isinstance(section[1], nodes.raw)
    html = section[1].astext()
    assert 'href="../slides/03_conv_layers.html"' in html
    assert "Slides for this chapter</a>" in html
    assert section[2].astext() == "First paragraph."


def test_no_link_on_other_pages_or_builders():
    for docname, builder_format in [("intro", "html"), ("chapters/03_x", "latex")]:
        doctree = chapter_doctree()
        pages.add_slides_link(fake_app(builder_format), doctree, docname)
        assert not list(doctree.findall(nodes.raw))
