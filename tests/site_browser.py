"""What the browser tests share: the built site, a local server, chromium.

Used by every ``tests/test_site*.py`` (through the fixtures in
``tests/conftest.py``). The site is opened in Debian's chromium
(``/usr/bin/chromium``) through Playwright: nothing is downloaded, and every
request must stay on the local server.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("COURSE_SITE_DIR", ROOT / "_build" / "html"))
CHAPTERS = Path(os.environ.get("COURSE_CHAPTERS_DIR", ROOT / "chapters"))
# The edition under test: _build/html (English) or, with
# COURSE_SITE_DIR=_build/html/ko, the Korean one (make site-test runs both).
EDITION = "ko" if SITE.name == "ko" else "en"
SCREENSHOTS = ROOT / "_build" / "screenshots" / ("" if EDITION == "en" else EDITION)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def skip_or_fail(reason: str):
    """Skip on a laptop; fail under CI, where the browser tests must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI is set, so the browser tests must run)")
    pytest.skip(reason)


def book_pages(skip_redirects: bool = False) -> list[str]:
    """The book's HTML pages relative to the site: not the decks, not the
    JupyterLite app, not ``_static``; with ``skip_redirects``, not the
    pages that only redirect (``index.html``)."""
    if not SITE.is_dir():
        return []
    pages = []
    for path in sorted(SITE.rglob("*.html")):
        parts = path.relative_to(SITE).parts
        if parts[0] in {"slides", "lite", "ko"} or any(
            part.startswith("_") for part in parts
        ):
            continue
        text = path.read_text("utf-8", errors="ignore").lower()
        if skip_redirects and 'http-equiv="refresh"' in text:
            continue
        pages.append("/".join(parts))
    return pages


def pdf_pages(path: Path) -> int:
    """Pages of a PDF chromium wrote (its page objects are not compressed)."""
    return len(PDF_PAGE.findall(path.read_bytes()))


def serve(directory: Path):
    """A server for ``directory`` on 127.0.0.1 (a free port), in a thread."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def handle(self):
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                pass

    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


class PageRecord:
    """What went wrong while a page (and the windows it opened) loaded."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.foreign_requests: list[str] = []

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"failed request: {r}" for r in self.failed_requests]
            + [f"request to another host: {r}" for r in self.foreign_requests]
        )

    def watch(self, page) -> None:
        def on_console(message):
            if message.type == "error":
                self.console_errors.append(message.text)

        def on_request_failed(request):
            if request.url not in self.foreign_requests:  # those we blocked
                self.failed_requests.append(f"{request.url} ({request.failure})")

        def on_response(response):
            if response.status >= 400:
                self.failed_requests.append(f"{response.url} (HTTP {response.status})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("requestfailed", on_request_failed)
        page.on("response", on_response)


def new_context(browser, allowed_origin: str | None, viewport=(1280, 900)):
    """A fresh context that blocks (and records) requests to other hosts."""
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}
    )
    record = PageRecord()

    def route(route):
        request_url = route.request.url
        scheme = urlsplit(request_url).scheme
        local = (
            scheme in {"data", "blob", "about"}
            or (scheme == "file" and allowed_origin is None)
            or (allowed_origin is not None and request_url.startswith(allowed_origin))
        )
        if local:
            route.continue_()
        else:
            record.foreign_requests.append(request_url)
            route.abort()

    context.route("**/*", route)
    context.on("page", record.watch)
    return context, record


def open_page(
    browser,
    url: str,
    allowed_origin: str | None,
    viewport=(1280, 900),
    redirect_to: str | None = None,
):
    """Open ``url`` in a fresh context; returns (context, page, record).

    ``redirect_to``: the URL a redirect page (meta refresh) must lead to.
    """
    context, record = new_context(browser, allowed_origin, viewport)
    page = context.new_page()
    page.goto(url, wait_until="load")
    if redirect_to:
        page.wait_for_url(redirect_to, wait_until="load")
    settle(page)
    return context, page, record


def settle(page) -> None:
    """Wait for MathJax, web fonts and every image."""
    page.evaluate(
        """async () => {
          if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
            await MathJax.startup.promise;
          }
          for (const img of document.images) { img.loading = "eager"; }
          await Promise.all(Array.from(document.images).map(
            (img) => img.decode().catch(() => null)));
          await document.fonts.ready;
        }"""
    )
    page.wait_for_load_state("networkidle")
