"""Build the whole book as one PDF: ``_build/html/book.pdf`` (``make pdf``).

Jupyter Book's ``pdfhtml`` builder renders the book as one HTML page
(Sphinx's ``singlehtml``) and prints it with Playwright
(``jupyter_book/pdf.py``), which launches ``p.chromium.launch()``: a browser
Playwright downloads with ``playwright install``. We never download one.
This wrapper runs the same builder with two patches to Playwright's async
API, made before Jupyter Book imports it:

* ``BrowserType.launch`` defaults to Debian's ``/usr/bin/chromium``
  (``executable_path``), the browser the tests use (``apt-get install
  chromium``);
* ``Page.pdf`` first waits until MathJax has typeset every formula and the
  fonts (the CJK font for the Korean terms: Debian's ``fonts-noto-cjk``)
  are loaded, adds ``assets/print.css`` (long outputs wrap), and prints with
  A4 pages and margins.

The single-page HTML goes to ``_build/pdf-html/`` so that the website in
``_build/html`` is left alone; the PDF is copied into the site as
``_build/html/book.pdf``, which the intro page links.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))
from site_browser import serve  # noqa: E402  (a local HTTP server, a thread)

CHROMIUM = "/usr/bin/chromium"
PRINT_CSS = ROOT / "assets" / "print.css"
WORK = ROOT / "_build" / "pdf-html"
TARGET = ROOT / "_build" / "html" / "book.pdf"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

WAIT_FOR_MATH = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
    if (MathJax.typesetPromise) { await MathJax.typesetPromise(); }
  }
  await Promise.all(Array.from(document.images).map(
    (img) => img.decode().catch(() => null)));
  await document.fonts.ready;
  return document.querySelectorAll("mjx-container").length;
}"""


def root_page() -> str:
    """The book's root page (``root:`` in _toc.yml)."""
    for line in (ROOT / "_toc.yml").read_text().splitlines():
        if line.startswith("root:"):
            return line.split(":", 1)[1].strip()
    return "intro"


def patch_playwright() -> None:
    from playwright.async_api import BrowserType, Page

    launch, pdf = BrowserType.launch, Page.pdf

    async def launch_debian_chromium(self, *args, **kwargs):
        kwargs.setdefault("executable_path", CHROMIUM)
        kwargs.setdefault("args", CHROMIUM_ARGS)
        return await launch(self, *args, **kwargs)

    async def pdf_after_math(self, *args, **kwargs):
        # Jupyter Book opened index.html from file://, a redirect to the root
        # page; chromium loads no web font (MathJax's) from file://. Print
        # the root page from a local server instead.
        html = WORK / "_build" / "html"
        httpd, url = serve(html)
        try:
            await self.goto(f"{url}/{root_page()}.html", wait_until="networkidle")
            formulas = await self.evaluate(WAIT_FOR_MATH)
            await self.add_style_tag(path=str(PRINT_CSS))
            await self.emulate_media(media="print")
            print(f"book PDF: {formulas} formulas typeset before printing")
            kwargs.update(
                format="A4",
                print_background=True,
                margin={
                    "top": "15mm",
                    "bottom": "15mm",
                    "left": "12mm",
                    "right": "12mm",
                },
            )
            return await pdf(self, *args, **kwargs)
        finally:
            httpd.shutdown()
            httpd.server_close()

    BrowserType.launch = launch_debian_chromium
    Page.pdf = pdf_after_math


def korean_paths(lang: str) -> None:
    """``--lang ko``: the Korean book, ``_build/html/ko/book.pdf``, built from
    a copy of ``_config.yml`` with ``language: ko`` (scripts/i18n.py)."""
    global WORK, TARGET
    WORK = ROOT / "_build" / f"pdf-html-{lang}"
    TARGET = ROOT / "_build" / "html" / lang / "book.pdf"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en", choices=["en", "ko"])
    args = parser.parse_args(argv)
    extra = []
    if args.lang != "en":
        import i18n

        korean_paths(args.lang)
        extra = ["--config", str(i18n.language_config(WORK, args.lang))]
    if not Path(CHROMIUM).is_file():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 1
    patch_playwright()
    from jupyter_book.cli.main import main as jupyter_book

    started = time.perf_counter()
    try:
        jupyter_book(
            [
                "build",
                str(ROOT),
                "--builder",
                "pdfhtml",
                "--path-output",
                str(WORK),
                *extra,
            ],
            standalone_mode=False,
        )
    except SystemExit as exit:
        if exit.code:
            return int(exit.code)
    built = WORK / "_build" / "pdf" / "book.pdf"
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built, TARGET)
    size = TARGET.stat().st_size / 1e6
    print(
        f"book PDF: {TARGET.relative_to(ROOT)}, {size:.1f} MB, "
        f"built in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
