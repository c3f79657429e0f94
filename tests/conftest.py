"""Shared fixtures, and the markers they imply.

A test's markers follow from the fixtures it asks for
(``pytest_collection_modifyitems`` below, ``FIXTURE_MARKERS``), so that a
new test is selected right without remembering a decorator:

========== ====================================================== ===========
marker     what the test needs                                    fixtures
========== ====================================================== ===========
tf         TensorFlow/Keras (or its code names them, ``TF_CODE``) ``keras``
notebooks  a Jupyter kernel that runs notebooks (nbclient)        ``nbclient``
build      a Sphinx build: the gettext extraction, the built site ``potdir``,
                                                                  ``site``
browser    a Chromium (``coursetools.browser``)                    ``browser``,
                                                                  ``server``
slow       more than a few seconds                                ``nbclient``,
                                                                  ``potdir``
========== ====================================================== ===========

(``second_browser``, another Chromium build, implies ``browser`` too.)

``make fast`` deselects ``tf``, ``slow``, ``build``, ``notebooks`` and
``browser``;
``make unit`` runs all but ``browser``. The browser fixtures use
tests/site_browser.py.
"""

from __future__ import annotations

import inspect
import os
import re
from pathlib import Path

import pytest
from site_browser import SITE, skip_or_fail

from coursetools import browser as chromium

#: The markers each fixture implies.
FIXTURE_MARKERS = {
    "keras": ("tf",),
    "nbclient": ("notebooks", "slow"),
    "potdir": ("build", "slow"),
    "site": ("build", "browser"),
    "server": ("build", "browser"),
    "browser": ("browser",),
    "second_browser": ("browser",),
}


#: A test whose own code names these needs TensorFlow (``tf``), whatever
#: fixture it uses: ``cnnlib.import_keras``, ``keras.``, ``tensorflow``.
TF_CODE = re.compile(r"\bimport_keras\b|\bkeras\.|\btensorflow\b|\btf\.")


def _source(item) -> str:
    doctest = getattr(item, "dtest", None)
    if doctest is not None:
        return "".join(example.source for example in doctest.examples)
    try:
        return inspect.getsource(item.function)
    except (AttributeError, OSError, TypeError):
        return ""


def pytest_collection_modifyitems(config, items):
    for item in items:
        if TF_CODE.search(_source(item)):
            item.add_marker("tf")
        names = set(getattr(item, "fixturenames", ()))
        for fixture, markers in FIXTURE_MARKERS.items():
            if fixture in names:
                for marker in markers:
                    item.add_marker(marker)


@pytest.fixture(scope="session")
def potdir(tmp_path_factory) -> Path:
    """The English messages (``coursetools.catalogues.extract``): the folder
    ``COURSE_POTDIR`` names (``make test`` extracts once, for this and
    ``i18n-check``), else a fresh extraction."""
    if os.environ.get("COURSE_POTDIR"):
        folder = Path(os.environ["COURSE_POTDIR"])
        if not any(folder.rglob("*.pot")):
            pytest.fail(f"COURSE_POTDIR={folder} holds no .pot file")
        return folder
    from coursetools import catalogues

    folder = tmp_path_factory.mktemp("gettext") / "gettext"
    catalogues.extract(folder)
    return folder


@pytest.fixture(scope="session")
def nbclient():
    """The nbclient module (notebooks run in a Jupyter kernel)."""
    return pytest.importorskip("nbclient")


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


#: Another Chromium build than ``browser``'s (tests/test_site_second_chromium.py).
SECOND_CHROMIUM = Path(
    os.environ.get(
        "COURSE_SECOND_CHROMIUM", "/usr/lib/chromium/chromium-headless-shell"
    )
)


@pytest.fixture(scope="module")
def second_browser():
    """``SECOND_CHROMIUM``, launched as ``browser`` is (Debian's
    ``chromium-headless-shell`` unless ``COURSE_SECOND_CHROMIUM`` names
    another): the site must not depend on one build's timing."""
    first = chromium.chromium()
    if not SECOND_CHROMIUM.is_file():
        skip_or_fail(
            f"no second Chromium at {SECOND_CHROMIUM} (apt-get install "
            "chromium-headless-shell, or set COURSE_SECOND_CHROMIUM)"
        )
    if first is not None and first.resolve() == SECOND_CHROMIUM.resolve():
        pytest.fail(f"COURSE_SECOND_CHROMIUM is the first browser, {first}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(SECOND_CHROMIUM),
            args=[*chromium.CHROMIUM_ARGS, *chromium.OFFLINE_ARGS],
        )
        yield browser
        browser.close()
