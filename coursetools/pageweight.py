"""Page weight: MathJax only where there is a formula, FontAwesome subset,
figures as palette PNGs.

MathJax is left out of pages that have no formula themselves (Sphinx also
loads it on the root page because its toctree includes pages with math), and
the FontAwesome web fonts are cut down to the icons the site uses
(``build-finished``; the theme's 1.5 MB ``fontawesome.js`` is left out by
``_templates/layout.html``). The figures in ``_images/`` are written again
as 256-colour palette PNGs where that is smaller (``build-finished``): a
Matplotlib plot has few colours, and the palette keeps them while cutting
the bytes by about two thirds. All three only for the website: a one-page build
(the book PDF) puts every chapter on one page and is printed, not browsed.
``_ext/course_site.py`` connects these to Sphinx.
"""

from __future__ import annotations

import io
import posixpath
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from coursetools import compat

logger = logging.getLogger(__name__)


def page_has_math(app: Sphinx, pagename: str) -> bool:
    """Whether the page itself has a formula (not the pages its toctree lists)."""
    domain = app.env.get_domain("math")
    return bool(domain.data["has_equations"].get(pagename, False))


def drop_mathjax_without_math(app: Sphinx, pagename, templatename, context, doctree):
    """Leave MathJax and its configuration out of pages with no formula.

    Only for one page per document: the single-page builders (``singlehtml``,
    Jupyter Book's ``pdfhtml``) put every chapter on the root page.
    """
    if not compat.is_website(app.builder):
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
    if exception is not None or not compat.is_website(app.builder):
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
        "(written by coursetools/pageweight.py). */\n" + "\n".join(rules) + "\n"
    )


def drop_icons_css_in_single_page(
    app: Sphinx, pagename, templatename, context, doctree
) -> None:
    """One-page builds subset no icons: no link to the stylesheet they lack."""
    if compat.is_website(app.builder) or "css_files" not in context:
        return
    context["css_files"] = [
        entry
        for entry in context["css_files"]
        if not str(getattr(entry, "filename", entry) or "").endswith(ICONS_CSS)
    ]


def palette_png(data: bytes) -> bytes:
    """``data`` (a PNG) as a 256-colour palette PNG, or as it was if not smaller.

    Alpha is kept (the palette holds RGBA entries); an image that already has
    a palette is left alone.

    >>> import numpy as np
    >>> from PIL import Image
    >>> colours = np.random.default_rng(0).integers(0, 256, (50, 4), np.uint8)
    >>> pixels = colours[np.random.default_rng(1).integers(0, 50, (100, 100))]
    >>> buffer = io.BytesIO()  # 50 colours scattered at random
    >>> Image.fromarray(pixels, "RGBA").save(buffer, "PNG")
    >>> small = palette_png(buffer.getvalue())
    >>> Image.open(io.BytesIO(small)).mode, len(small) < buffer.tell()
    ('P', True)
    """
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            return data
        quantized = image.convert("RGBA").quantize(
            colors=256, method=Image.Quantize.FASTOCTREE
        )
    buffer = io.BytesIO()
    quantized.save(buffer, "PNG", optimize=True)
    return buffer.getvalue() if buffer.tell() < len(data) else data


def shrink_figures(app: Sphinx, exception) -> None:
    """Write every PNG in ``_images/`` as a palette PNG where that is smaller."""
    if exception is not None or not compat.is_website(app.builder):
        return
    for path in sorted((Path(app.outdir) / "_images").glob("*.png")):
        data = path.read_bytes()
        smaller = palette_png(data)
        if smaller is not data:
            path.write_bytes(smaller)
