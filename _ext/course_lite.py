"""Sphinx adapter: the chapters in the browser (JupyterLite, Pyodide).

Loaded through ``_config.yml`` next to ``jupyterlite_sphinx``; the work is
done in ``coursetools.lite`` (what is staged, built and checked) and
``coursetools.compat`` (jupyterlite-sphinx in one-page builds: no REPL, no
``jupyter lite build``).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from coursetools import compat, lite


def setup(app: Sphinx) -> dict:
    compat.skip_lite_nodes_in_single_page_builds(app)
    app.add_config_value("course_lite_chapters", [], "html")
    app.connect("builder-inited", compat.disconnect_lite_build)
    app.connect("builder-inited", lite.drop_google_fonts)
    app.connect("html-page-context", lite.drop_page_fonts, priority=900)
    app.connect("html-page-context", lite.drop_lite_assets_without_lite, priority=900)
    app.connect("doctree-resolved", lite.add_lite_link)
    app.connect("build-finished", lite.stage_lite, priority=400)
    app.connect("build-finished", lite.add_korean_app, priority=550)
    app.connect("build-finished", lite.check_lite, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
