"""Debian's chromium, a local server for a built site, and printing to PDF.

The decks' handouts, the book PDF and the browser tests all open the site in
the same browser: Debian's ``/usr/bin/chromium`` (``apt-get install
chromium``) through Playwright, never a browser that ``playwright install``
downloads. The site is served from 127.0.0.1 (a free port) by a thread of
this process.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
#: The arguments every launch of chromium gets (tests, handouts, book PDF).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Added where not even a DNS look-up may leave the machine (JupyterLite).
OFFLINE_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
#: File types the standard library's server does not know (Pyodide's).
MIME_TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript"}
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")

#: Waits until MathJax has typeset the page, every image is decoded and the
#: web fonts are loaded; returns the number of typeset formulas.
SETTLE_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  for (const img of document.images) { img.loading = "eager"; }
  await Promise.all(Array.from(document.images).map(
    (img) => img.decode().catch(() => null)));
  await document.fonts.ready;
  return document.querySelectorAll("mjx-container").length;
}"""


def chromium_missing() -> str | None:
    """Why the browser cannot run here, or None if it can."""
    if not CHROMIUM.is_file():
        return (
            f"Debian's chromium is not installed at {CHROMIUM} "
            "(apt-get install chromium)"
        )
    return None


def launch(playwright: Any, extra_args: Sequence[str] = ()) -> Any:
    """Debian's chromium, launched through a (sync) Playwright instance."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *extra_args]
    )


class _Server(http.server.ThreadingHTTPServer):
    #: Every path requested, in order (the lite tests check what was served).
    served: list[str]


def serve(directory: Path) -> tuple[_Server, str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) from a thread.

    Returns the server (``shutdown()`` and ``server_close()`` it, or use
    ``served``) and its URL, ``http://127.0.0.1:PORT``.
    """
    served: list[str] = []

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {
            **http.server.SimpleHTTPRequestHandler.extensions_map,
            **MIME_TYPES,
        }

        def log_message(self, format: str, *args: Any) -> None:
            served.append(self.path)

        def handle(self) -> None:
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                pass

    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = _Server(("127.0.0.1", 0), handler)
    httpd.served = served
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """``serve`` as a context manager: yields the URL, stops the server."""
    httpd, url = serve(directory)
    try:
        yield url
    finally:
        httpd.shutdown()
        httpd.server_close()


def pdf_pages(path: Path) -> int:
    """Pages of a PDF chromium wrote (its page objects are not compressed)."""
    return len(PDF_PAGE.findall(Path(path).read_bytes()))
