"""Fixtures of the browser tests (``-m browser``): see tests/site_browser.py."""

from __future__ import annotations

import pytest
from site_browser import SITE, skip_or_fail

from coursetools import browser as chromium


@pytest.fixture(scope="session")
def site():
    if not (SITE / "intro.html").is_file():
        skip_or_fail(f"the site is not built in {SITE}: run `make book` first")
    return SITE


@pytest.fixture(scope="session")
def server(site):
    """The built site on a local server (http://127.0.0.1:PORT)."""
    with chromium.served(site) as url:
        yield url


# Module scope: one Playwright session at a time (two sync sessions cannot
# run at once in one process).
@pytest.fixture(scope="module")
def browser():
    missing = chromium.chromium_missing()
    if missing:
        skip_or_fail(f"{missing}; .ci/run installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        # No host but the local server even resolves, whatever a page or a
        # worker asks for (routes see only what Playwright intercepts).
        browser = chromium.launch(playwright, chromium.OFFLINE_ARGS)
        yield browser
        browser.close()
