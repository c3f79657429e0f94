"""The Korean edition (issue 17): Sphinx-side hooks (loaded through ``_config.yml``).

The Korean site is the same Sphinx project built a second time with
``language = "ko"`` into ``_build/html/ko/`` (``scripts/i18n.py build``, run by
``make book``); Sphinx translates each page's prose from the gettext
catalogue ``locales/ko/LC_MESSAGES/<page>.po``. Code cells and their outputs
are the notebooks' own, shared by both editions. This extension:

1. Puts a language switcher in every page's header (both editions): a
   relative link to the same page in the other language
   (``_templates/course-language.html``), so it works from ``file://`` and
   over http, on a phone too.
2. Korean build only: JupyterLite is not built a second time (jupyterlite-
   sphinx's and ``course_lite``'s ``build-finished`` steps are switched off);
   the Korean pages' "Run in your browser" links and the "Try cnnlib"
   console point at the English site's ``../lite/``. myst-nb writes the
   notebooks' images to ``_build/jupyter_execute_ko`` (it would otherwise
   write into ``_build/html/jupyter_execute``, inside the English site).
3. Korean build only: the text that is not in the Sphinx catalogues is put
   in Korean: figure alt text from cell metadata
   (``metadata.mystnb.image.alt``, catalogue
   ``locales/ko/LC_MESSAGES/cells/<chapter>.po``, written by
   ``scripts/i18n.py``), the sidebar's captions (``_toc.yml``; the root
   page's catalogue has them), and the few sentences the course's own
   extensions add to pages (``UI_KO``).
4. Korean search: Sphinx has no search language for Korean. ``SearchKorean``
   indexes each word without its particle or ending (``합성곱층은`` ->
   ``합성곱층``) and English words with the Porter stemmer, and the search
   page's JavaScript stems the query the same way.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import snowballstemmer
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage
from sphinx.search.en import js_porter_stemmer
from sphinx.util import logging

logger = logging.getLogger(__name__)

KO = "ko"
KO_DIR = "ko"  # the Korean site, inside the English one: _build/html/ko/
LANGUAGE_NAMES = {"en": "English", KO: "한국어"}
# On a phone, where the header row is full.
SHORT_NAMES = {"en": "EN", KO: "한국어"}
CELLS_DOMAIN = "cells"  # locales/ko/LC_MESSAGES/cells/<chapter>.po

# --- 1. the language switcher ---------------------------------------------


def other_language_url(pagename: str, language: str, target_uri: str) -> str:
    """Relative URL of the same page in the other edition.

    >>> page = "chapters/03_conv_layers"
    >>> other_language_url(page, "en", page + ".html")
    '../ko/chapters/03_conv_layers.html'
    >>> other_language_url("intro", "ko", "intro.html")
    '../intro.html'
    """
    depth = target_uri.count("/")
    up = "../" * depth
    if language == KO:
        return f"{up}../{target_uri}"
    return f"{up}{KO_DIR}/{target_uri}"


def add_switcher_context(app: Sphinx, pagename, templatename, context, doctree):
    """Give the template the other edition's URL and name."""
    if app.builder.name not in {"html", "dirhtml"}:
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


def add_switcher_to_header(app: Sphinx, config) -> None:
    """Put ``course-language.html`` before the header buttons on every page."""
    options = config.html_theme_options
    end = options.get("article_header_end", ["article-header-buttons.html"])
    if isinstance(end, str):
        end = [item.strip() for item in end.split(",") if item.strip()]
    if "course-language.html" not in end:
        options["article_header_end"] = ["course-language.html", *end]


# --- 2. the Korean build shares JupyterLite ---------------------------------

# build-finished steps that make the JupyterLite app (English build only).
LITE_BUILD_STEPS = {"jupyterlite_build", "stage_lite", "check_lite"}
# A relative link to the app: an attribute, or the string jupyterlite-sphinx's
# REPL passes to its onclick handler.
LITE_URL = re.compile(r"""(\b(?:href|src|data-[\w-]*)=["']|\(\s*')((?:\.\./)*)lite/""")


def is_korean(app: Sphinx) -> bool:
    return (app.config.language or "en") == KO


def korean_build_setup(app: Sphinx) -> None:
    """Switch off the JupyterLite build; myst-nb's images out of the English site."""
    if not is_korean(app):
        return
    listeners = app.events.listeners.get("build-finished", [])
    listeners[:] = [
        listener
        for listener in listeners
        if getattr(listener.handler, "__name__", "") not in LITE_BUILD_STEPS
    ]
    config = getattr(app.env, "mystnb_config", None)
    if config is not None:
        outdir = Path(app.outdir)
        folder = outdir.parent / f"jupyter_execute_{KO}"
        if outdir.name == KO_DIR:  # _build/html/ko -> _build/jupyter_execute_ko
            folder = outdir.parent.parent / f"jupyter_execute_{KO}"
        app.env.mystnb_config = config.copy(output_folder=str(folder.resolve()))


def shared_lite_links(body: str) -> str:
    """``lite/...`` (relative) -> ``../lite/...``: the English site's app.

    >>> shared_lite_links('<a href="../lite/notebooks/index.html">')
    '<a href="../../lite/notebooks/index.html">'
    >>> shared_lite_links("Params('lite/repl/index.html?x=1', false)")
    "Params('../lite/repl/index.html?x=1', false)"
    """
    return LITE_URL.sub(lambda m: f"{m[1]}{m[2]}../lite/", body)


# The sentences _ext/course_site.py and _ext/course_lite.py write into pages
# as raw HTML (not in the catalogues), in Korean.
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


def korean_page(app: Sphinx, pagename, templatename, context, doctree):
    """Korean pages: the shared JupyterLite, the extensions' sentences."""
    if not is_korean(app) or "body" not in context:
        return
    body = shared_lite_links(context["body"])
    for english, korean in UI_KO.items():
        body = body.replace(english, korean)
    context["body"] = body


# --- 3. alt text from cell metadata ------------------------------------------


def load_catalogue(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file (translated, not fuzzy entries only)."""
    if not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {
        message.id: message.string
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def cells_catalogue_path(app: Sphinx, docname: str) -> Path:
    locale_dir = app.config.locale_dirs[0] if app.config.locale_dirs else "locales"
    name = f"{posixpath.basename(docname)}.po"
    return Path(app.srcdir, locale_dir) / KO / "LC_MESSAGES" / CELLS_DOMAIN / name


def note_cells_catalogue(app: Sphinx, doctree: nodes.document) -> None:
    """A chapter is read again when its cells catalogue changes."""
    if is_korean(app) and app.env.docname.startswith("chapters/"):
        path = cells_catalogue_path(app, app.env.docname)
        if path.is_file():
            app.env.note_dependency(str(path))


def translate_alt_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Korean build: figures' alt text from the cells catalogue.

    At ``doctree-resolved``: myst-nb turns a cell's outputs into images only
    in a post-transform, after the page has been read."""
    if not is_korean(app) or not docname.startswith("chapters/"):
        return
    catalogue = load_catalogue(cells_catalogue_path(app, docname))
    if not catalogue:
        return
    for image in doctree.findall(nodes.image):
        alt = image.get("alt")
        if alt and alt.strip() in catalogue:
            image["alt"] = catalogue[alt.strip()]


# --- 4. Korean search ---------------------------------------------------------

# Particles and endings stripped from the end of a Hangul word, longest first.
KO_SUFFIXES = sorted(
    """
    으로부터 에서부터 이라는 이라고 으로서 으로써 에게서 이었다 였다
    입니다 합니다 됩니다 에서는 에서도 으로는 으로도 에게는 까지는 부터는
    이라 라는 라고 처럼 보다 마다 까지 부터 에서 에게 한테 으로 이나 이며
    이고 이다 이란 하는 하고 하여 해서 했다 한다 된다 되는
    와는 과는 에는 에도 로는 로도 은 는 이 가 을 를 의 에 로 와 과 도 만 나 며 란 고
    """.split(),
    key=len,
    reverse=True,
)
HANGUL_WORD = re.compile("^[\uac00-\ud7a3]+$")


def strip_particle(word: str) -> str:
    """A Hangul word without its particle or ending (one syllable at least stays).

    >>> [strip_particle(w) for w in ("합성곱층은", "합성곱층에서", "층")]
    ['합성곱층', '합성곱층', '층']
    """
    if not HANGUL_WORD.match(word):
        return word
    for suffix in KO_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


JS_KOREAN_STEMMER = (
    js_porter_stemmer.replace("var Stemmer =", "var CourseEnglishStemmer =")
    + """
// Korean (_ext/course_i18n.py, SearchKorean): a Hangul word without its
// particle or ending, an English word through the Porter stemmer.
var CourseKoreanSuffixes = %s;
var Stemmer = function() {
  var english = new CourseEnglishStemmer();
  this.stemWord = function (word) {
    if (/^[\\uac00-\\ud7a3]+$/.test(word)) {
      for (var i = 0; i < CourseKoreanSuffixes.length; i++) {
        var suffix = CourseKoreanSuffixes[i];
        if (word.length > suffix.length && word.endsWith(suffix)) {
          return word.slice(0, word.length - suffix.length);
        }
      }
      return word;
    }
    return english.stemWord(word);
  };
};
"""
    % ("[" + ",".join(f'"{s}"' for s in KO_SUFFIXES) + "]")
)


class SearchKorean(SearchLanguage):
    """Korean search: Hangul words without particles, English ones stemmed."""

    lang = KO
    language_name = "Korean"
    js_stemmer_code = JS_KOREAN_STEMMER
    stopwords: set[str] = set()

    def init(self, options: dict[str, str]) -> None:
        self.english = snowballstemmer.stemmer("porter")

    def split(self, input: str) -> list[str]:
        """The words, and each Hangul word's leading parts of two syllables
        or more (a compound, 합성곱층, is found by its first part, 합성곱)."""
        words = super().split(input)
        return words + [
            word[:end]
            for word in words
            if HANGUL_WORD.match(word)
            for end in range(2, len(word))
        ]

    def stem(self, word: str) -> str:
        if HANGUL_WORD.match(word):
            return strip_particle(word)
        return self.english.stemWord(word.lower())

    def word_filter(self, word: str) -> bool:
        return bool(word) and not word.isdigit()


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


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_switcher_to_header)
    app.connect("builder-inited", korean_build_setup, priority=900)
    app.connect("html-page-context", add_switcher_context)
    app.connect("html-page-context", korean_page, priority=950)
    app.connect("doctree-read", note_cells_catalogue)
    app.connect("doctree-resolved", translate_alt_text)
    app.connect("doctree-read", translate_toctree_captions, priority=200)
    app.add_search_language(SearchKorean)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
