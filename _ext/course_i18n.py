"""Sphinx adapter: the Korean edition (loaded through ``_config.yml``).

The work is done in ``coursetools``; this module only connects it:

* ``coursetools.edition``: the language switcher (both editions); in the
  Korean build, the English site's JupyterLite, figure alt text and sidebar
  captions from the catalogues, the extensions' sentences and the theme's
  and sphinx-exercise's words from the project's catalogues
  (``locales/theme/ko/LC_MESSAGES``), the course script's words and the
  console boxes' prompts from its "course" domain;
* ``coursetools.korean``: the Korean search language (particles stripped).

The Korean build itself, the catalogues and their checks are
``coursetools.i18n`` (``python -m coursetools.i18n build|update|check``).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from coursetools import edition, korean


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", edition.add_switcher_to_header)
    app.connect("config-inited", edition.install_theme_catalogues, priority=900)
    app.connect("builder-inited", edition.korean_build_setup, priority=900)
    app.connect("builder-inited", edition.add_script_words, priority=900)
    app.connect("html-page-context", edition.add_switcher_context)
    app.connect("html-page-context", edition.korean_page, priority=950)
    app.connect("doctree-read", edition.note_cells_catalogue)
    app.connect("doctree-resolved", edition.translate_alt_text)
    app.connect("doctree-resolved", edition.korean_solution_titles)
    app.connect("doctree-resolved", edition.translate_repl_prompts)
    app.connect("doctree-read", edition.translate_toctree_captions, priority=200)
    app.add_search_language(korean.SearchKorean)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
