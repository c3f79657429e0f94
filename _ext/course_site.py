"""Sphinx adapter: the course site's page fixes (loaded through ``_config.yml``).

The work is done in ``coursetools``; this module only connects it:

* ``coursetools.compat``: each file-less script tag once per page (Sphinx
  7.4 emits sphinx-thebe's and sphinx-togglebutton's twice);
* ``coursetools.pages``: "Slides for this chapter" under each chapter title;
* ``coursetools.korean``: Hangul marked ``lang="ko"``, found by search
  without its particle;
* ``coursetools.pageweight``: MathJax only on pages with a formula, the
  FontAwesome fonts cut to the icons the site uses (website builds only);
* ``coursetools.static``: an edited static file alone rebuilds the site.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from coursetools import compat, korean, pages, pageweight, static


def dedupe_page_scripts(app: Sphinx, pagename, templatename, context, doctree):
    """Safety net for scripts added per page (e.g. MathJax): no repeats."""
    if "script_files" in context:
        context["script_files"] = compat.dedupe_scripts(context["script_files"])


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", compat.check_theme_layout)
    app.connect("env-updated", compat.normalise_inline_scripts)
    app.connect("html-page-context", pageweight.drop_mathjax_without_math, priority=890)
    app.connect("html-page-context", dedupe_page_scripts, priority=900)
    app.connect("doctree-resolved", pages.add_slides_link)
    app.add_node(
        korean.korean, html=(korean.visit_korean_html, korean.depart_korean_html)
    )
    app.connect("doctree-read", korean.mark_korean, priority=100)
    app.connect("doctree-resolved", korean.mark_korean_resolved)
    app.add_search_language(korean.CourseSearchEnglish)
    app.add_css_file(pageweight.ICONS_CSS, priority=900)
    app.connect(
        "html-page-context", pageweight.drop_icons_css_in_single_page, priority=900
    )
    app.add_js_file("course.js", priority=900)
    app.connect("build-finished", pageweight.subset_fontawesome)
    app.connect("build-finished", pageweight.shrink_figures)
    app.connect("env-get-outdated", static.stale_static_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
