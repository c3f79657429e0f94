"""What the browser tests share: the built site, pages opened in chromium.

Used by every ``tests/test_site*.py`` (through the fixtures in
``tests/conftest.py``). The browser, its arguments and the local server are
``coursetools.browser``'s (the handouts and the book PDF use the same).
Every request must stay on the local server.

The site under test is ``_build/html`` unless ``COURSE_SITE_DIR`` names
another (an edition in another language, say); the functions that list its
pages take the site as a parameter.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from coursetools import ROOT
from coursetools.browser import SETTLE_JS

SITE = Path(os.environ.get("COURSE_SITE_DIR", ROOT / "_build" / "html"))
CHAPTERS = Path(os.environ.get("COURSE_CHAPTERS_DIR", ROOT / "chapters"))
# The edition under test: _build/html (English) or, with
# COURSE_SITE_DIR=_build/html/ko, the Korean one (make site-test runs both).
EDITION = "ko" if SITE.name == "ko" else "en"
SCREENSHOTS = ROOT / "_build" / "screenshots" / ("" if EDITION == "en" else EDITION)
IN_CI = os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}
REFRESH = re.compile(rb'http-equiv="refresh"', re.IGNORECASE)


def skip_or_fail(reason: str):
    """Skip on a laptop; fail under CI, where the browser tests must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI is set, so the browser tests must run)")
    pytest.skip(reason)


def book_pages(skip_redirects: bool = False, site: Path = SITE) -> list[str]:
    """The book's HTML pages relative to ``site``: not the decks, not the
    JupyterLite app, not ``_static``; with ``skip_redirects``, not the
    pages that only redirect (``index.html``)."""
    if not site.is_dir():
        return []
    pages = []
    for path in sorted(site.rglob("*.html")):
        parts = path.relative_to(site).parts
        if parts[0] in {"slides", "lite", "ko"} or any(
            part.startswith("_") for part in parts
        ):
            continue
        if skip_redirects and REFRESH.search(path.read_bytes()):
            continue
        pages.append("/".join(parts))
    return pages


def decks(site: Path = SITE) -> list[str]:
    """The decks' file names in ``site/slides``."""
    return sorted(p.name for p in (site / "slides").glob("*.html"))


class PageRecord:
    """What went wrong while a page (and the windows it opened) loaded."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.foreign_requests: list[str] = []
        self.responses: list = []
        #: Requests started and not yet finished or failed, and when the
        #: last one started or ended (``wait_for_network_idle``).
        self.in_flight: set = set()
        self.last_activity = time.monotonic()

    def track(self, context) -> None:
        """Follow every request of ``context``'s pages and workers."""

        def started(request):
            self.in_flight.add(request)
            self.last_activity = time.monotonic()

        def ended(request):
            self.in_flight.discard(request)
            self.last_activity = time.monotonic()

        context.on("request", started)
        context.on("requestfinished", ended)
        context.on("requestfailed", ended)

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
            if request.url not in self.foreign_requests:  # reported as foreign
                self.failed_requests.append(f"{request.url} ({request.failure})")

        def on_response(response):
            self.responses.append(response)
            if response.status >= 400:
                self.failed_requests.append(f"{response.url} (HTTP {response.status})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("requestfailed", on_request_failed)
        page.on("response", on_response)


def is_local(url: str, allowed_origin: str | None) -> bool:
    """Whether ``url`` stays on the machine: the local server
    (``allowed_origin``), or ``file://`` when there is no server, or a
    ``data:``, ``blob:`` or ``about:`` URL."""
    scheme = urlsplit(url).scheme
    return (
        scheme in {"data", "blob", "about"}
        or (scheme == "file" and allowed_origin is None)
        or (allowed_origin is not None and url.startswith(allowed_origin))
    )


def new_context(browser, allowed_origin: str | None, viewport=(1280, 900), **options):
    """A fresh context that records every request to another host.

    ``allowed_origin``: the local server's URL, or None for ``file://``;
    ``options`` go to Playwright's ``new_context`` (``color_scheme``,
    ``has_touch``).

    The recording is passive (``context.on("request")``, which also sees
    what a worker asks for); nothing is routed through Python. The
    ``browser`` fixture launches chromium with ``OFFLINE_ARGS``, so no other
    host even resolves. (A routed context never reaches network idle in
    ``chromium-headless-shell``.) tests/test_site_browser.py checks both.
    """
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, **options
    )
    record = PageRecord()

    def on_request(request):
        url = request.url
        if not is_local(url, allowed_origin) and url not in record.foreign_requests:
            record.foreign_requests.append(url)

    context.on("request", on_request)
    context.on("page", record.watch)
    record.track(context)
    return context, record


def open_page(
    browser,
    url: str,
    allowed_origin: str | None,
    viewport=(1280, 900),
    redirect_to: str | None = None,
    **options,
):
    """Open ``url`` in a fresh context; returns (context, page, record).

    ``redirect_to``: the URL a redirect page (meta refresh) must lead to.
    """
    context, record = new_context(browser, allowed_origin, viewport, **options)
    page = context.new_page()
    page.goto(url, wait_until="load")
    if redirect_to:
        page.wait_for_url(redirect_to, wait_until="load")
    settle(page, record)
    return context, page, record


def settle(page, record: PageRecord) -> None:
    """Wait for MathJax, web fonts and every image, then the network."""
    page.evaluate(SETTLE_JS)
    wait_for_network_idle(page, record)


def wait_for_network_idle(
    page, record: PageRecord, quiet_s: float = 0.5, timeout_s: float = 30
) -> None:
    """Wait until no request of ``record``'s context has been in flight for
    ``quiet_s``: Playwright's "networkidle", counted here from the requests'
    own events. (Playwright's sometimes never comes in
    ``chromium-headless-shell`` after reveal.js sets the page's hash, with
    every request finished.) Fails after ``timeout_s``, naming what is still
    loading."""
    deadline = time.monotonic() + timeout_s
    while record.in_flight or time.monotonic() - record.last_activity < quiet_s:
        if time.monotonic() > deadline:
            loading = sorted(request.url for request in record.in_flight)
            raise AssertionError(
                f"the network was not quiet for {quiet_s} s within {timeout_s} s;"
                f" still loading: {loading}"
            )
        page.wait_for_timeout(50)  # Playwright delivers events while waiting
