"""Sphinx extension for the course site (loaded through ``_config.yml``).

Two things Jupyter Book 1.0.4 does not do on its own:

1. Script tags without a file (``<script>const THEBE_JS_URL = ...</script>``
   from sphinx-thebe, ``togglebuttonSelector`` from sphinx-togglebutton) are
   emitted twice on every page, and the browser reports a redeclaration
   error for the ``const``. The cause is in Sphinx 7.4: an extension that
   calls ``app.add_js_file(None, body=...)`` after the builder exists adds
   the script to the builder with ``filename=None``, and
   ``StandaloneHTMLBuilder.prepare_writing`` adds the registry's copy again
   with ``filename=''``; the two no longer compare equal. We normalise the
   builder's list once, before the pages are written, so each script is
   emitted once.
2. Each chapter page links to its reveal.js deck in ``slides/`` (built by
   ``scripts/make_slides.py``), under the page title.
3. Korean text is marked as Korean: every run of Hangul in the prose, the
   titles and the glossary is wrapped in ``<span lang="ko">`` (no role in
   the sources), so that ``assets/course.css`` can break Korean lines between
   words (``word-break: keep-all``) and screen readers pronounce it. The
   search index also lists each Hangul word's leading parts (a word with its
   particle, ``패딩을``, is found by ``패딩``).
4. Page weight: MathJax only on pages that have a formula themselves (Sphinx
   also loads it on the root page because its toctree includes pages with
   math), and the FontAwesome web fonts cut down to the icons the site
   uses (``build-finished``; the theme's 1.5 MB ``fontawesome.js`` is left
   out by ``_templates/layout.html``).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.search.en import SearchEnglish
from sphinx.util import logging

logger = logging.getLogger(__name__)

SLIDES_DIR = "slides"
CHAPTERS_DIR = "chapters"


def _script_key(script: _JavaScript) -> tuple:
    return (
        script.filename or "",
        script.priority,
        tuple(sorted(script.attributes.items())),
    )


def dedupe_scripts(scripts: list) -> list:
    """Return ``scripts`` without repeats, a file-less script counting once."""
    seen = set()
    unique = []
    for script in scripts:
        key = _script_key(script) if isinstance(script, _JavaScript) else script
        if key not in seen:
            seen.add(key)
            unique.append(script)
    return unique


def normalise_inline_scripts(app: Sphinx, env) -> None:
    """Give file-less scripts the ``''`` filename that Sphinx's registry uses.

    Runs at ``env-updated``, after every extension has added its scripts and
    before ``prepare_writing`` merges in the registry's copies, which then
    compare equal and are not added a second time.
    """
    builder = app.builder
    if not hasattr(builder, "_js_files"):
        return
    normalised = [
        _JavaScript(
            script.filename or "", priority=script.priority, **script.attributes
        )
        for script in builder._js_files
    ]
    builder._js_files[:] = dedupe_scripts(normalised)


def dedupe_page_scripts(app: Sphinx, pagename, templatename, context, doctree):
    """Safety net for scripts added per page (e.g. MathJax): no repeats."""
    if "script_files" in context:
        context["script_files"] = dedupe_scripts(list(context["script_files"]))


def chapter_deck(app: Sphinx, docname: str) -> str | None:
    """The deck's file name for a chapter notebook, or None for other pages."""
    if not docname.startswith(CHAPTERS_DIR + "/"):
        return None
    if Path(app.env.doc2path(docname)).suffix != ".ipynb":
        return None
    return posixpath.basename(docname) + ".html"


def add_slides_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put "Slides for this chapter" under the title of each chapter page."""
    if app.builder.format != "html":
        return
    deck = chapter_deck(app, docname)
    if deck is None:
        return
    page_dir = posixpath.dirname(app.builder.get_target_uri(docname))
    href = posixpath.relpath(posixpath.join(SLIDES_DIR, deck), page_dir or ".")
    link = nodes.raw(
        "",
        '<p class="course-slides-link">'
        f'<a class="reference external" href="{href}">'
        '<i class="fa-solid fa-person-chalkboard" aria-hidden="true"></i> '
        "Slides for this chapter</a> (reveal.js; press <kbd>S</kbd> for "
        "speaker notes)</p>",
        format="html",
    )
    insert_after_title(doctree, link)


def insert_after_title(doctree: nodes.document, node: nodes.Node) -> None:
    """Put ``node`` right under the page's first title (the chapter links)."""
    for section in doctree.findall(nodes.section):
        title = next(iter(section.findall(nodes.title)), None)
        if title is not None:
            title.parent.insert(title.parent.index(title) + 1, node)
            return


# --- Korean text ---------------------------------------------------------

# Hangul syllables, jamo and compatibility jamo.
HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
# A run of Hangul words, with the spaces between them (one span per term).
HANGUL_RUN = re.compile(f"[{HANGUL}]+(?:[ \u00a0]+[{HANGUL}]+)*")
HANGUL_WORD = re.compile(f"[{HANGUL}]+")
# Text inside these stays as it is (code, formulas, raw HTML).
NO_LANG_PARENTS = (
    nodes.FixedTextElement,
    nodes.literal,
    nodes.raw,
    nodes.math,
    nodes.math_block,
    nodes.comment,
    nodes.substitution_definition,
)


class korean(nodes.inline):
    """Text in Korean: ``<span lang="ko">`` in HTML, plain text elsewhere.

    A subclass of ``inline``, so that builders without a visitor for it (LaTeX,
    text) treat it as an ``inline`` (Sphinx dispatches along the class's MRO).
    """


def visit_korean_html(self, node: korean) -> None:
    self.body.append('<span lang="ko">')


def depart_korean_html(self, node: korean) -> None:
    self.body.append("</span>")


def split_hangul(text: str) -> list[tuple[str, bool]]:
    """``text`` as (piece, is_korean) pieces, in order, none empty."""
    pieces, start = [], 0
    for match in HANGUL_RUN.finditer(text):
        if match.start() > start:
            pieces.append((text[start : match.start()], False))
        pieces.append((match.group(), True))
        start = match.end()
    if start < len(text):
        pieces.append((text[start:], False))
    return pieces


def mark_korean(app: Sphinx, doctree: nodes.document) -> None:
    """Wrap each run of Hangul in the document in a ``korean`` node.

    Runs first at ``doctree-read`` (priority 100), before Sphinx's collectors
    copy the titles for the sidebar, the tables of contents and the
    previous/next links, so that those carry it too. (A reader transform
    added with ``add_transform`` runs too late for notebooks and MyST pages.)
    """
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or not HANGUL_WORD.search(text):
            continue
        if isinstance(parent, korean) or any(
            isinstance(node, NO_LANG_PARENTS) for node in _ancestors(parent)
        ):
            continue
        replacement = [
            korean(piece, nodes.Text(piece)) if is_korean else nodes.Text(piece)
            for piece, is_korean in split_hangul(str(text))
        ]
        parent.replace(text, replacement)


def mark_korean_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Again once references are resolved: a ``{doc}`` link's text is the
    target page's title, put in only now."""
    mark_korean(app, doctree)


def _ancestors(node: nodes.Node):
    while node is not None:
        yield node
        node = node.parent


class CourseSearchEnglish(SearchEnglish):
    """English search that also finds a Korean word followed by a particle.

    Korean attaches particles to the word (``패딩을``, ``패딩은``); Sphinx's
    English splitter indexes the whole run, so ``패딩`` found only the pages
    that happened to write it bare. Each Hangul word is indexed with its
    leading parts of two or more syllables as well.
    """

    lang = "en"

    def split(self, input: str) -> list[str]:
        words = super().split(input)
        extra = [
            word[:end]
            for word in words
            if HANGUL_WORD.fullmatch(word)
            for end in range(2, len(word))
        ]
        return words + extra


# --- Page weight --------------------------------------------------------------


def page_has_math(app: Sphinx, pagename: str) -> bool:
    """Whether the page itself has a formula (not the pages its toctree lists)."""
    domain = app.env.get_domain("math")
    return bool(domain.data["has_equations"].get(pagename, False))


def drop_mathjax_without_math(app: Sphinx, pagename, templatename, context, doctree):
    """Leave MathJax and its configuration out of pages with no formula.

    Only for one page per document: the single-page builders (``singlehtml``,
    Jupyter Book's ``pdfhtml``) put every chapter on the root page.
    """
    if app.builder.name not in {"html", "dirhtml"}:
        return
    if "script_files" not in context or page_has_math(app, pagename):
        return
    # The builder files it under _static/ (mathjax_path is relative to it).
    mathjax_path = posixpath.join("_static", app.config.mathjax_path)

    def is_mathjax(script) -> bool:
        filename = str(getattr(script, "filename", script) or "")
        body = getattr(script, "attributes", {}).get("body", "")
        return filename == mathjax_path or body.startswith("window.MathJax")

    context["script_files"] = [s for s in context["script_files"] if not is_mathjax(s)]


# FontAwesome as the theme ships it: which font each icon style uses.
FA_FONTS = {
    "fa-solid": "fa-solid-900",
    "fa-regular": "fa-regular-400",
    "fa-brands": "fa-brands-400",
}
FA_FACES = {
    "fa-solid-900": ("Font Awesome 6 Free", 900),
    "fa-regular-400": ("Font Awesome 6 Free", 400),
    "fa-brands-400": ("Font Awesome 6 Brands", 400),
}
FA_ICON = re.compile(r"\bfa-[a-z0-9-]+")
ICONS_CSS = "course-icons.css"


ICON_RULE = re.compile(
    r"((?:\.fa-[a-z0-9-]+:(?:before|after),?)+)\{content:\"([^\"]+)\"\}"
)
PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]|\\([ef][0-9a-fA-F]{3})\b")


def _codepoints(text: str) -> list[int]:
    """The private-use code points (FontAwesome's) written in CSS ``text``."""
    return [int(esc, 16) if esc else ord(char) for char, esc in _pua(text)]


def _pua(text: str):
    for match in PRIVATE_USE.finditer(text):
        yield match.group(0), match.group(1)


def fontawesome_codepoints(theme_css: str) -> dict[str, list[int]]:
    """Icon class -> code points, from the theme's ``.fa-x:before`` rules."""
    icons: dict[str, list[int]] = {}
    for selectors, content in ICON_RULE.findall(theme_css):
        for name in re.findall(r"\.(fa-[a-z0-9-]+):", selectors):
            icons.setdefault(name, []).extend(_codepoints(content))
    return icons


def subset_fontawesome(app: Sphinx, exception) -> None:
    """Cut the FontAwesome fonts down to the icons the built site uses.

    Scans the written pages and the theme's scripts for ``fa-*`` classes,
    keeps those glyphs (plus a few the theme's scripts switch to), and writes
    ``_static/course-icons.css``, whose ``@font-face`` rules come after the
    theme's and so replace its fonts (273 kB -> a few kB).
    """
    if exception is not None or app.builder.format != "html":
        return
    try:
        from fontTools import subset
    except ImportError:  # the site still works, with the theme's full fonts
        logger.warning("fontTools is missing: FontAwesome is not subset")
        return
    out = Path(app.outdir)
    static = out / "_static"
    theme_css = (static / "styles" / "pydata-sphinx-theme.css").read_text("utf-8")
    fonts_dir = static / "vendor" / "fontawesome" / "webfonts"
    codepoints = fontawesome_codepoints(theme_css)
    used: set[str] = set()
    sources = [*out.rglob("*.html"), *static.glob("scripts/*.js")]
    for source in sources:
        if source.name == "fontawesome.js" or "slides" in source.parts:
            continue
        used.update(FA_ICON.findall(source.read_text("utf-8", errors="ignore")))
    wanted = {p for name in used for p in codepoints.get(name, [])}
    # Icons the stylesheets draw themselves (admonition titles, dropdown
    # chevrons: pydata's --pst-icon-* variables), not through an fa-* class.
    for sheet in static.rglob("*.css"):
        if sheet.name == ICONS_CSS:
            continue
        css = sheet.read_text("utf-8", errors="ignore")
        wanted.update(_codepoints(ICON_RULE.sub("", css)))
    unicodes = sorted(wanted)
    target = static / "fonts"
    target.mkdir(exist_ok=True)
    rules = []
    for font in sorted(set(FA_FONTS.values())):
        ttf = fonts_dir / f"{font}.ttf"
        if not ttf.is_file():
            continue
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = ["*"]
        subsetter = subset.Subsetter(options)
        face = subset.load_font(str(ttf), options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(face)
        subset.save_font(face, str(target / f"{font}.woff"), options)
        family, weight = FA_FACES[font]
        rules.append(
            f'@font-face{{font-family:"{family}";font-style:normal;'
            f"font-weight:{weight};font-display:block;"
            f'src:url(fonts/{font}.woff) format("woff")}}'
        )
    (static / ICONS_CSS).write_text(
        "/* FontAwesome cut to the icons this site uses "
        "(written by _ext/course_site.py). */\n" + "\n".join(rules) + "\n"
    )


def stale_static_files(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Rebuild the root page when a static file changed and no page did.

    Sphinx copies ``html_static_path`` only when it writes a page, so an edit
    to ``assets/course.css`` alone left the old copy in ``_build/html``.
    """
    if app.builder.format != "html" or added or changed or removed:
        return []
    static = Path(app.outdir) / "_static"
    for folder in app.config.html_static_path:
        source_root = Path(app.confdir) / folder
        for source in source_root.rglob("*"):
            if (
                not source.is_file()
                or "vendor" in source.relative_to(source_root).parts
            ):
                continue
            copy = static / source.relative_to(source_root)
            if not copy.is_file() or copy.read_bytes() != source.read_bytes():
                return [app.config.root_doc]
    return []


def setup(app: Sphinx) -> dict:
    app.connect("env-updated", normalise_inline_scripts)
    app.connect("html-page-context", drop_mathjax_without_math, priority=890)
    app.connect("html-page-context", dedupe_page_scripts, priority=900)
    app.connect("doctree-resolved", add_slides_link)
    app.add_node(korean, html=(visit_korean_html, depart_korean_html))
    app.connect("doctree-read", mark_korean, priority=100)
    app.connect("doctree-resolved", mark_korean_resolved)
    app.add_search_language(CourseSearchEnglish)
    app.add_css_file(ICONS_CSS, priority=900)
    app.add_js_file("course.js", priority=900)
    app.connect("build-finished", subset_fontawesome)
    app.connect("env-get-outdated", stale_static_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
