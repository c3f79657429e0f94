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
   extensions write into pages (``ui``, from the "course" domain);
   the interface words of the theme and sphinx-exercise from the project's
   catalogues for their gettext domains (``install_theme_catalogues``), and
   the words of the course's script and of the "Try cnnlib" console boxes
   from the "course" domain (``add_script_words``, ``translate_repl_prompts``);
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
    config = getattr(app, "config", None)  # a test's stand-in app has none
    return (getattr(config, "language", None) or "en") == KO


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


def korean_page(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Korean pages: the links to JupyterLite go to the English site's app.
    (Words are translated where they are made: ``ui`` and the theme
    catalogues, never in the finished HTML.)"""
    if not is_korean(app) or "body" not in context:
        return
    context["body"] = shared_lite_links(context["body"])


# --- 2b. interface words: the project's catalogues for the theme's domains ----

# Korean for the words the theme, sphinx-exercise and the course's own
# extensions put on every page: locales/theme/ko/LC_MESSAGES/<domain>.po, one
# per gettext domain (pydata-sphinx-theme's words are in Sphinx's "sphinx"
# domain, sphinx-book-theme's in "booktheme", sphinx-exercise's in
# "exercise"; "course" holds the config's author and footer and the links
# under chapter titles). They are compiled into the Korean doctrees and put
# first in each domain's chain, before the packages' own (machine-made or
# missing) Korean.
THEME_LOCALES = Path(__file__).resolve().parent.parent / "locales" / "theme"
THEME_DOMAINS = ("sphinx", "booktheme", "exercise", "course")


def compile_theme_catalogues(outdir: Path) -> Path:
    """``locales/theme/ko/LC_MESSAGES/*.po`` -> ``outdir/ko/LC_MESSAGES/*.mo``."""
    from babel.messages.mofile import write_mo

    target = outdir / KO / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    for po in sorted((THEME_LOCALES / KO / "LC_MESSAGES").glob("*.po")):
        with (target / f"{po.stem}.mo").open("wb") as handle:
            write_mo(handle, catalogues.read(po))
    return outdir


def install_theme_catalogues(app: Sphinx, config: Any) -> None:
    """Korean build (``config-inited``, before the builder loads its
    templates): the project's catalogues first in every interface domain;
    the config's author and footer in Korean."""
    if not is_korean(app):
        return
    import gettext

    from sphinx import locale

    mo_dir = compile_theme_catalogues(Path(app.doctreedir) / "theme-locale")
    for domain in THEME_DOMAINS:
        ours = gettext.translation(domain, str(mo_dir), [KO])
        theirs = locale.translators.get(("general", domain))
        if theirs is not None and theirs.__class__ is not gettext.NullTranslations:
            ours.add_fallback(theirs)
        locale.translators["general", domain] = ours
    app.translator = locale.translators["general", "sphinx"]
    config.author = ui(app, config.author)
    options = config.html_theme_options
    for key in ("extra_footer", "search_bar_text"):
        if options.get(key):
            options[key] = ui(app, options[key])


def ui(app: Sphinx, text: str) -> str:
    """``text`` in the build's language, from the "course" domain (the
    links under chapter titles, the author, the footer); itself in English.

    Whitespace is compared normalised, as in the page catalogues."""
    if not is_korean(app):
        return text
    from sphinx import locale

    translator = locale.translators.get(("general", "course"))
    if translator is None:
        return text
    catalogue = getattr(translator, "_catalog", {})
    wanted = catalogues.normalise(text)
    for msgid, msgstr in catalogue.items():
        if isinstance(msgid, str) and msgid and catalogues.normalise(msgid) == wanted:
            # Keep the source's trailing newline (the footer's YAML block).
            return msgstr
    return text


def korean_solution_titles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Korean build: a solution's title reads "연습 1.1 풀이", not
    "풀이 연습 1.1" (sphinx-exercise puts its "Solution to" first; Korean
    puts the word after the reference)."""
    if not is_korean(app):
        return
    from sphinx.locale import get_translation
    from sphinx_exercise.nodes import solution_node

    word = str(get_translation("exercise")("Solution to"))
    for node in doctree.findall(solution_node):
        title = node.children[0] if node.children else None
        if not isinstance(title, nodes.title) or len(title.children) < 2:
            continue
        first = title.children[0]
        # A Text node, or the lang="ko" span coursetools.korean wraps it in.
        if first.astext().strip() != word:
            continue
        title.remove(first)
        reference = title.children[0]
        if isinstance(reference, nodes.Element) and reference.children:
            lead = reference.children[0]
            if isinstance(lead, nodes.Text) and lead.astext() != lead.astext().lstrip():
                reference.replace(lead, nodes.Text(lead.astext().lstrip()))
        title += nodes.Text(" ")
        title += first
        node["title"] = title.astext()


# The course's own script (assets/course.js) writes its few words through
# ``word("...")``, one string literal each; the Korean build gives it their
# Korean, from the "course" domain, in a dictionary before the script.
COURSE_JS = Path(__file__).resolve().parent.parent / "assets" / "course.js"
SCRIPT_WORD = re.compile(r'\bword\(\s*"((?:[^"\\]|\\.)*)"\s*\)')


def script_words(source: str | None = None) -> list[str]:
    """The words ``assets/course.js`` writes through ``word("...")``.

    >>> script_words('a.title = word("Open it"); b = word( "Close it" );')
    ['Open it', 'Close it']
    """
    import json

    text = COURSE_JS.read_text("utf-8") if source is None else source
    return [json.loads(f'"{m[1]}"') for m in SCRIPT_WORD.finditer(text)]


def add_script_words(app: Sphinx) -> None:
    """Korean build (``builder-inited``): ``courseWords``, the Korean of
    course.js's words, in a script before it (course.js has priority 900)."""
    if not is_korean(app):
        return
    import json

    words = {text: ui(app, text) for text in script_words()}
    body = "const courseWords = " + json.dumps(words, ensure_ascii=False) + ";"
    app.add_js_file(None, body=body, priority=890)


def translate_repl_prompts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Korean build: the words on jupyterlite-sphinx's "click to start" boxes
    (the ``replite`` directive's ``:prompt:`` option, a node attribute that
    the page catalogues do not reach), from the "course" domain."""
    if not is_korean(app):
        return
    for node in doctree.findall(nodes.Element):
        prompt = node.get("prompt")
        if type(node).__module__.startswith("jupyterlite_sphinx") and isinstance(
            prompt, str
        ):
            node["prompt"] = ui(app, prompt)


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
