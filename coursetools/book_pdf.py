"""Build the whole book as one PDF: ``_build/html/book.pdf`` (``make pdf``).

Jupyter Book's ``pdfhtml`` builder renders the book as one HTML page
(Sphinx's ``singlehtml``) and prints it with Playwright. Run through
``python -m coursetools.book_pdf``, the same builder prints with Debian's
chromium (``coursetools.compat.patch_playwright_for_pdfhtml``), and before
printing waits until MathJax has typeset every formula and the fonts (the CJK
font for the Korean terms: Debian's ``fonts-noto-cjk``) are loaded, adds
``assets/print.css`` (long outputs wrap), and prints A4 pages with margins.
The page is printed from a local server (``coursetools.browser``), not from
``file://``, where chromium loads no web font (MathJax's).

The single-page HTML goes to ``_build/pdf-html/`` so that the website in
``_build/html`` is left alone (and, being a one-page build, it has no
JupyterLite and no icon subsetting); the PDF is copied into the site as
``_build/html/book.pdf``, which the intro page links.

``--lang ko``: the Korean book, ``_build/html/ko/book.pdf``, from
``_build/pdf-html-ko/``, built with a copy of ``_config.yml`` that sets
``language: ko`` (``coursetools.korean_build.language_config``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from coursetools import ROOT, browser, compat, korean_build, toc

PRINT_CSS = ROOT / "assets" / "print.css"
WORK = ROOT / "_build" / "pdf-html"
TARGET = ROOT / "_build" / "html" / "book.pdf"
TYPESET_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
    if (MathJax.typesetPromise) { await MathJax.typesetPromise(); }
  }
}"""
# The page's MathJax script has run (window.MathJax is only its configuration
# until then): on a busy machine "networkidle" can come first.
MATHJAX_READY_JS = """() => !document.querySelector('script[src*="mathjax"]')
  || Boolean(window.MathJax && MathJax.startup && MathJax.startup.promise)"""
PDF_OPTIONS = {
    "format": "A4",
    "print_background": True,
    "margin": {"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
}


def printer(url: str, print_css: Path = PRINT_CSS):
    """What to do with the page before ``pdf()``: open ``url``, settle, style."""

    async def before_pdf(page: Any) -> dict[str, Any]:
        await page.goto(url, wait_until="networkidle")
        await page.wait_for_function(MATHJAX_READY_JS, timeout=120_000)
        await page.evaluate(TYPESET_JS)
        formulas = await page.evaluate(browser.SETTLE_JS)
        if not formulas and await page.evaluate(
            "document.querySelectorAll('.math').length"
        ):
            raise RuntimeError("MathJax typeset no formula: the PDF would show TeX")
        await page.add_style_tag(path=str(print_css))
        await page.emulate_media(media="print")
        print(f"book PDF: {formulas} formulas typeset before printing")
        return dict(PDF_OPTIONS)

    return before_pdf


def build(srcdir: Path, work: Path, target: Path, config: Path | None = None) -> int:
    """Run Jupyter Book's pdfhtml builder on ``srcdir`` (with the
    configuration file ``config``, if given); copy the PDF to ``target``.
    Returns an exit status."""
    from jupyter_book.cli.main import main as jupyter_book

    html = work / "_build" / "html"
    with browser.served(html) as url:
        restore = compat.patch_playwright_for_pdfhtml(
            browser.launch_options(),
            printer(f"{url}/{toc.root_page(srcdir)}.html"),
        )
        try:
            jupyter_book(
                [
                    "build",
                    str(srcdir),
                    "--builder",
                    "pdfhtml",
                    "--path-output",
                    str(work),
                    *(["--config", str(config)] if config else []),
                ],
                standalone_mode=False,
            )
        except SystemExit as exit:
            if exit.code:
                return int(exit.code)
        finally:
            restore()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(work / "_build" / "pdf" / "book.pdf", target)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT, help="the book")
    parser.add_argument("--work", type=Path, help="one-page HTML")
    parser.add_argument("--target", type=Path, help="the PDF")
    parser.add_argument(
        "--lang", default="en", choices=["en", korean_build.LANG], help="the edition"
    )
    args = parser.parse_args(argv)
    missing = browser.chromium_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 1
    config = None
    if args.lang == "en":
        args.work = args.work or WORK
        args.target = args.target or TARGET
    else:
        args.work = args.work or WORK.with_name(f"{WORK.name}-{args.lang}")
        args.target = args.target or TARGET.parent / args.lang / TARGET.name
        config = korean_build.language_config(args.work, args.lang)
    started = time.perf_counter()
    status = build(args.source, args.work, args.target, config)
    if status:
        return status
    size = args.target.stat().st_size / 1e6
    shown = (
        args.target.relative_to(ROOT)
        if args.target.is_relative_to(ROOT)
        else args.target
    )
    seconds = time.perf_counter() - started
    print(f"book PDF: {shown}, {size:.1f} MB, built in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
