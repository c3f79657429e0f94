"""coursetools/compat.py: the workarounds of private APIs, and their guard."""

from __future__ import annotations

import asyncio
import re
from types import SimpleNamespace

import pytest

from coursetools import ROOT, compat


def locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.MULTILINE))


def test_pinned_versions_are_the_locked_ones():
    lock = {name.lower(): version for name, version in locked().items()}
    assert {name: lock[name] for name in compat.PINNED} == compat.PINNED


def test_guard_refuses_another_version(monkeypatch):
    monkeypatch.setattr(compat, "installed", lambda name: "99.0")
    with pytest.raises(compat.CompatError, match=r"sphinx 7\.4\.7.*99\.0"):
        compat.require("sphinx", "normalise_inline_scripts")
    app = SimpleNamespace(builder=SimpleNamespace(_js_files=[]))
    with pytest.raises(compat.CompatError, match="normalise_inline_scripts"):
        compat.normalise_inline_scripts(app)


def test_guard_passes_the_installed_versions():
    for name in compat.PINNED:
        compat.require(name, "test")


def test_inline_scripts_are_emitted_once():
    from sphinx.builders.html._assets import _JavaScript

    builder = SimpleNamespace(
        _js_files=[
            _JavaScript(None, priority=500, body="const X = 1;"),
            _JavaScript("", priority=500, body="const X = 1;"),
            _JavaScript("a.js", priority=500),
            _JavaScript("b.js", priority=500),
        ]
    )
    compat.normalise_inline_scripts(SimpleNamespace(builder=builder))
    assert [s.filename for s in builder._js_files] == ["", "a.js", "b.js"]
    assert compat.dedupe_scripts(["x", "x", "y"]) == ["x", "y"]


def test_builder_css_is_filtered():
    builder = SimpleNamespace(_css_files=["a.css", "https://fonts.googleapis.com/x"])
    app = SimpleNamespace(
        registry=SimpleNamespace(css_files=[("https://fonts.googleapis.com/y", {})]),
        builder=builder,
    )
    compat.drop_builder_css(app, lambda entry: "googleapis" in str(entry))
    assert builder._css_files == ["a.css"]
    assert app.registry.css_files == []


def test_lite_nodes_are_found():
    names = {node.__name__ for node in compat.lite_node_classes()}
    assert {"RepliteIframe", "JupyterLiteIframe", "NotebookLiteTab"} <= names


def test_lite_build_is_disconnected_only_for_one_page_builds():
    from jupyterlite_sphinx.jupyterlite_sphinx import jupyterlite_build

    listener = SimpleNamespace(id=7, handler=jupyterlite_build)
    other = SimpleNamespace(id=8, handler=print)
    disconnected: list[int] = []

    def app(name):
        return SimpleNamespace(
            builder=SimpleNamespace(name=name),
            events=SimpleNamespace(listeners={"build-finished": [listener, other]}),
            disconnect=disconnected.append,
        )

    compat.disconnect_lite_build(app("html"))
    assert disconnected == []
    compat.disconnect_lite_build(app("singlehtml"))
    assert disconnected == [7]


def test_playwright_patch_sets_defaults_and_restores(monkeypatch):
    from playwright.async_api import BrowserType, Page

    calls = []

    async def fake_launch(self, *args, **kwargs):
        calls.append(("launch", kwargs))

    async def fake_pdf(self, *args, **kwargs):
        calls.append(("pdf", kwargs))

    async def before_pdf(page):
        calls.append(("before", page))
        return {"format": "A4"}

    monkeypatch.setattr(BrowserType, "launch", fake_launch)
    monkeypatch.setattr(Page, "pdf", fake_pdf)
    restore = compat.patch_playwright_for_pdfhtml({"executable_path": "/x"}, before_pdf)
    try:
        asyncio.run(BrowserType.launch("browser-type", headless=True))
        asyncio.run(Page.pdf("page", path="book.pdf"))
    finally:
        restore()
    assert calls == [
        ("launch", {"headless": True, "executable_path": "/x"}),
        ("before", "page"),
        ("pdf", {"path": "book.pdf", "format": "A4"}),
    ]
    assert (BrowserType.launch, Page.pdf) == (fake_launch, fake_pdf)


def test_the_theme_blocks_the_template_copies_are_unchanged():
    compat.check_theme_layout()
    template = (ROOT / "_templates" / "layout.html").read_text("utf-8")
    for name in compat.THEME_BLOCKS:
        assert f"{{%- block {name} %}}" in template, name


def test_a_changed_theme_block_stops_the_build(monkeypatch):
    monkeypatch.setattr(compat, "theme_layout_blocks", lambda: {"css": "other"})
    with pytest.raises(compat.CompatError, match="`css` block changed"):
        compat.check_theme_layout()


def test_the_english_search_is_guarded(monkeypatch):
    english, stemmer = compat.sphinx_english_search()
    assert english.lang == "en" and "Stemmer" in stemmer
    monkeypatch.setattr(compat, "installed", lambda name: "99.0")
    with pytest.raises(compat.CompatError, match="sphinx_english_search"):
        compat.sphinx_english_search()
