"""Fixtures of the browser tests (``-m browser``): see tests/site_browser.py."""

from __future__ import annotations

import pytest
from site_browser import CHROMIUM, CHROMIUM_ARGS, SITE, serve, skip_or_fail


@pytest.fixture(scope="session")
def site():
    if not (SITE / "intro.html").is_file():
        skip_or_fail(f"the site is not built in {SITE}: run `make book` first")
    return SITE


@pytest.fixture(scope="session")
def server(site):
    """The built site on a local server (http://127.0.0.1:PORT)."""
    httpd, url = serve(site)
    yield url
    httpd.shutdown()
    httpd.server_close()


# Module scope: one Playwright session at a time (a test module may define
# its own browser fixture; two sync sessions cannot run at once).
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        skip_or_fail(
            f"Debian's chromium is not installed at {CHROMIUM} "
            "(apt-get install chromium; .ci/run does this)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
