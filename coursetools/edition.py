"""The Korean edition in Sphinx: the switcher, the shared JupyterLite, the
text the catalogues do not reach.

The Korean site is the same Sphinx project built a second time with
``language = "ko"`` into ``_build/html/ko/`` (``python -m coursetools.i18n
build``, run by ``make book``); Sphinx translates each page's prose from
``locales/ko/LC_MESSAGES/<page>.po``. Code cells and their outputs are the
notebooks' own, shared by both editions. ``_ext/course_i18n.py`` connects:

1. the language switcher in every page's header (both editions): a relative
   link to the same page in the other language
   (``_templates/course-language.html``), so it works from ``file://`` and
   over http, on a phone too;
2. Korean build only: no second JupyterLite (``coursetools.lite`` builds it
   for the English site only; jupyterlite-sphinx's step is switched off
   through ``coursetools.compat``); the Korean pages' "Run in your browser"
   links and the "Try cnnlib" console point at the English site's
   ``../lite/``; myst-nb's images go to ``_build/jupyter_execute_ko``
   (outside the English site);
3. Korean build only: the text that is not in the Sphinx catalogues, in
   Korean: figure alt text from cell metadata (the cells catalogue,
   ``coursetools.i18n``), the sidebar's captions (``_toc.yml``; the root
   page's catalogue has them), and the few sentences the course's own
   extensions write into pages as raw HTML (``UI_KO``);
4. Korean search: ``coursetools.korean.SearchKorean``.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from coursetools import catalogues, compat

KO = catalogues.LANG
KO_DIR = KO  # the Korean site, inside the English one: _build/html/ko/
LANGUAGE_NAMES = {"en": "English", KO: "한국어"}
# On a phone, where the header row is full.
SHORT_NAMES = {"en": "EN", KO: "한국어"}
SWITCHER_TEMPLATE = "course-language.html"


def is_korean(app: Sphinx) -> bool:
    return (app.config.language or "en") == KO


# --- 1. the language switcher ---------------------------------------------


def other_language_url(pagename: str, language: str, target_uri: str) -> str:
    """Relative URL of the same page in the other edition.

    >>> page = "chapters/03_conv_layers"
    >>> other_language_url(page, "en", page + ".html")
    '../ko/chapters/03_conv_layers.html'
    >>> other_language_url("intro", "ko", "intro.html")
    '../intro.html'
    """
    up = "../" * target_uri.count("/")
    if language == KO:
        return f"{up}../{target_uri}"
    return f"{up}{KO_DIR}/{target_uri}"


def add_switcher_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Give the template the other edition's URL and name."""
    if not compat.is_website(app.builder):
        return
    language = app.config.language or "en"
    other = "en" if language == KO else KO
    context["course_other_language"] = {
        "url": other_language_url(
            pagename, language, app.builder.get_target_uri(pagename)
        ),
        "name": LANGUAGE_NAMES[other],
        "short": SHORT_NAMES[other],
        "lang": other,
    }


def add_switcher_to_header(app: Sphinx, config: Any) -> None:
    """Put ``course-language.html`` before the header buttons on every page."""
    options = config.html_theme_options
    end = options.get("article_header_end", ["article-header-buttons.html"])
    if isinstance(end, str):
        end = [item.strip() for item in end.split(",") if item.strip()]
    if SWITCHER_TEMPLATE not in end:
        options["article_header_end"] = [SWITCHER_TEMPLATE, *end]


# --- 2. the Korean build shares JupyterLite ---------------------------------

# A relative link to the app: an attribute, or the string jupyterlite-sphinx's
# REPL passes to its onclick handler.
LITE_URL = re.compile(r"""(\b(?:href|src|data-[\w-]*)=["']|\(\s*')((?:\.\./)*)lite/""")


def korean_build_setup(app: Sphinx) -> None:
    """Korean website: no ``jupyter lite build``; myst-nb's images out of
    the English site (``builder-inited``, after myst-nb's)."""
    if not is_korean(app):
        return
    if compat.is_website(app.builder):
        compat.disconnect_jupyterlite_build(app)
    outdir = Path(app.outdir)
    base = outdir.parent.parent if outdir.name == KO_DIR else outdir.parent
    compat.set_mystnb_output_folder(
        app, str((base / f"jupyter_execute_{KO}").resolve())
    )


def shared_lite_links(body: str) -> str:
    """``lite/...`` (relative) -> ``../lite/...``: the English site's app.

    >>> shared_lite_links('<a href="../lite/notebooks/index.html">')
    '<a href="../../lite/notebooks/index.html">'
    >>> shared_lite_links("Params('lite/repl/index.html?x=1', false)")
    "Params('../lite/repl/index.html?x=1', false)"
    """
    return LITE_URL.sub(lambda m: f"{m[1]}{m[2]}../lite/", body)


# The sentences coursetools.pages and coursetools.lite write into pages as
# raw HTML (not in the catalogues), in Korean.
UI_KO = {
    "Slides for this chapter</a> (reveal.js; press <kbd>S</kbd> for speaker notes)": (
        "이 장의 슬라이드</a> (reveal.js, <kbd>S</kbd> 키를 누르면 발표자 노트)"
    ),
    "Run in your browser</a> (JupyterLite: the NumPy cells run; cells that need "
    "TensorFlow show their stored output. Needs the site served over http, not "
    "opened as a file: see ": (
        "브라우저에서 실행</a> (JupyterLite: NumPy 셀이 실행되고, TensorFlow가 "
        "필요한 셀은 저장된 출력을 보여 줍니다. 파일로 연 사이트가 아니라 http로 "
        "제공되는 사이트에서만 동작합니다. 다음을 보십시오: "
    ),
    ">Try cnnlib</a>.)": ">브라우저에서 cnnlib 써 보기</a>.)",
}


def korean_page(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Korean pages: the shared JupyterLite, the extensions' sentences."""
    if not is_korean(app) or "body" not in context:
        return
    body = shared_lite_links(context["body"])
    for english, korean in UI_KO.items():
        body = body.replace(english, korean)
    context["body"] = body


# --- 3. alt text from cell metadata, the sidebar's captions -------------------


def cells_catalogue(app: Sphinx, docname: str) -> Path:
    """``<locale_dir>/ko/LC_MESSAGES/cells/<chapter>.po`` of page ``docname``."""
    locale_dir = app.config.locale_dirs[0] if app.config.locale_dirs else "locales"
    name = f"{posixpath.basename(docname)}.po"
    return Path(app.srcdir, locale_dir, KO, "LC_MESSAGES", catalogues.CELLS, name)


def note_cells_catalogue(app: Sphinx, doctree: nodes.document) -> None:
    """A chapter is read again when its cells catalogue changes."""
    if is_korean(app) and app.env.docname.startswith("chapters/"):
        path = cells_catalogue(app, app.env.docname)
        if path.is_file():
            app.env.note_dependency(str(path))


def translate_alt_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Korean build: figures' alt text from the cells catalogue.

    At ``doctree-resolved``: myst-nb turns a cell's outputs into images only
    in a post-transform, after the page has been read."""
    if not is_korean(app) or not docname.startswith("chapters/"):
        return
    catalogue = catalogues.read_translations(cells_catalogue(app, docname))
    if not catalogue:
        return
    for image in doctree.findall(nodes.image):
        alt = image.get("alt")
        if alt and catalogues.normalise(alt) in catalogue:
            image["alt"] = catalogue[catalogues.normalise(alt)]


def translate_toctree_captions(app: Sphinx, doctree: nodes.document) -> None:
    """Korean build: the sidebar's section captions (``_toc.yml``'s
    ``caption:``). sphinx-external-toc adds the toctrees after Sphinx has
    translated the page, so their captions are translated here, from the
    root page's catalogue (where ``make i18n-update`` puts them)."""
    if not is_korean(app):
        return
    toctrees = [t for t in doctree.findall(addnodes.toctree) if t.get("caption")]
    if not toctrees:
        return
    from sphinx.locale import init as init_locale
    from sphinx.util.i18n import docname_to_domain

    domain = docname_to_domain(app.env.docname, app.config.gettext_compact)
    dirs = [str(Path(app.srcdir, d)) for d in app.config.locale_dirs]
    catalog, found = init_locale(dirs, app.config.language, domain)
    if not found:
        return
    for toctree in toctrees:
        caption = catalog.gettext(toctree["caption"])
        toctree["caption"] = caption
        toctree["rawcaption"] = caption
