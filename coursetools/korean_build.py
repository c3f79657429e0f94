"""The Korean site: the English Sphinx project built with ``language = "ko"``.

``python -m coursetools.i18n build`` (``make book``) runs ``build``: the same
project as ``jupyter-book build .``, into ``_build/html/ko/`` (its own
doctrees in ``_build/.doctrees-ko``), warnings as errors. Sphinx translates
each page's prose from ``locales/ko/LC_MESSAGES/<page>.po``
(``coursetools.catalogues``); the notebooks' code and outputs are shared, and
JupyterLite is not built again (``coursetools.edition``, the Sphinx side).
``language_config`` is the Korean ``_config.yml`` of ``coursetools.book_pdf
--lang ko``.
"""

from __future__ import annotations

from pathlib import Path

from coursetools import ROOT, compat
from coursetools.catalogues import BUILD, LANG, catalogues, load, normalise


def korean_title() -> dict:
    """``html_title``: the book's title as the catalogues translate it."""
    import yaml

    title = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))["title"]
    for name in catalogues():
        korean = load(name).get(normalise(title))
        if korean:
            return {"html_title": korean}
    return {}


def build(builder: str = "html", outdir: Path | None = None) -> int:
    """Build the Korean site (``_build/html/ko``); returns Sphinx's status."""
    return compat.build_book(
        outdir or BUILD / "html" / LANG,
        builder=builder,
        doctreedir=BUILD / f".doctrees-{LANG}",
        language=LANG,
        **korean_title(),
    )


def language_config(folder: Path, lang: str = LANG) -> Path:
    """A copy of ``_config.yml`` with ``sphinx.config.language: lang`` (for a
    ``jupyter-book build --config``, e.g. the Korean book PDF)."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))
    sphinx = config.setdefault("sphinx", {})
    sphinx.setdefault("config", {})["language"] = lang
    config["title"] = korean_title().get("html_title", config["title"])
    # Jupyter Book finds local extensions relative to the config file.
    sphinx["local_extensions"] = {
        name: str((ROOT / path).resolve())
        for name, path in sphinx.get("local_extensions", {}).items()
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"_config.{lang}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path
