"""The browser, a local server for a built site, and printing to PDF.

The decks' handouts, the book PDF and the browser tests all open the site in
the same Chromium, through Playwright. Which one (``chromium()``): the file
that ``COURSE_CHROMIUM`` names if it is set (no fallback then: a wrong path
is an error, not another browser); else Debian's ``/usr/bin/chromium``
(``apt-get install chromium``); else a Chromium that ``playwright install
chromium`` downloaded; else the Chrome or Chromium the operating system has
(macOS ``/Applications``, Windows ``Program Files``, other Linux
distributions' ``google-chrome``/``chromium-browser``). The site is served
from 127.0.0.1 (a free port) by a thread of this process.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: The environment variable that names the browser to use.
ENV_VAR = "COURSE_CHROMIUM"
#: Debian's chromium: the browser of CI and of the course's own machine.
CHROMIUM = Path("/usr/bin/chromium")
#: Inside a Playwright browser folder (``chromium-<build>/``), per platform.
PLAYWRIGHT_EXECUTABLES = [
    "chrome-linux/chrome",
    "chrome-linux64/chrome",
    "chrome-mac/Chromium.app/Contents/MacOS/Chromium",
    "chrome-mac-arm64/Chromium.app/Contents/MacOS/Chromium",
    "chrome-win/chrome.exe",
    "chrome-win64/chrome.exe",
]
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


def playwright_folders(
    environ: Mapping[str, str] | None = None, platform: str = sys.platform
) -> list[Path]:
    """Where ``playwright install`` puts its browsers on ``platform``."""
    env = os.environ if environ is None else environ
    if env.get("PLAYWRIGHT_BROWSERS_PATH", "0") != "0":
        return [Path(env["PLAYWRIGHT_BROWSERS_PATH"])]
    home = Path(env.get("HOME") or env.get("USERPROFILE") or Path.home())
    if platform == "darwin":
        return [home / "Library" / "Caches" / "ms-playwright"]
    if platform == "win32":
        local = env.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return [Path(local) / "ms-playwright"]
    return [Path(env.get("XDG_CACHE_HOME") or home / ".cache") / "ms-playwright"]


def system_browsers(
    environ: Mapping[str, str] | None = None, platform: str = sys.platform
) -> list[Path]:
    """The Chrome and Chromium installations ``platform`` usually has."""
    env = os.environ if environ is None else environ
    if platform == "darwin":
        apps = [Path("/Applications"), Path(env.get("HOME", "~")) / "Applications"]
        names = [
            "Google Chrome.app/Contents/MacOS/Google Chrome",
            "Chromium.app/Contents/MacOS/Chromium",
        ]
        return [folder / name for folder in apps for name in names]
    if platform == "win32":
        roots = [
            env.get(name)
            for name in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")
        ]
        names = [
            "Google/Chrome/Application/chrome.exe",
            "Chromium/Application/chrome.exe",
        ]
        return [Path(root) / name for root in roots if root for name in names]
    return [
        Path("/usr/bin") / name
        for name in ("chromium-browser", "google-chrome", "google-chrome-stable")
    ]


def candidates(
    environ: Mapping[str, str] | None = None, platform: str = sys.platform
) -> list[Path]:
    """Every browser ``chromium()`` would try, in order (``COURSE_CHROMIUM``
    aside): Debian's, Playwright's (newest build first), the system's."""
    found = [CHROMIUM]
    for folder in playwright_folders(environ, platform):
        builds = sorted(folder.glob("chromium-*"), reverse=True)
        found += [build / name for build in builds for name in PLAYWRIGHT_EXECUTABLES]
    return found + system_browsers(environ, platform)


def chromium(environ: Mapping[str, str] | None = None) -> Path | None:
    """The browser to launch (see the module's docstring), or None."""
    env = os.environ if environ is None else environ
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR]).expanduser()
    return next((path for path in candidates(env) if path.is_file()), None)


def chromium_missing(environ: Mapping[str, str] | None = None) -> str | None:
    """Why the browser cannot run here, or None if it can."""
    env = os.environ if environ is None else environ
    path = chromium(env)
    if env.get(ENV_VAR) and (path is None or not path.is_file()):
        return f"{ENV_VAR}={env[ENV_VAR]} is not a file"
    if path is None:
        return (
            f"no Chromium found: set {ENV_VAR} to a Chrome or Chromium, or "
            "install Debian's chromium (apt-get install chromium) or "
            "Playwright's (python -m playwright install chromium)"
        )
    return None


def launch_options() -> dict[str, Any]:
    """Playwright's ``chromium.launch`` arguments (the browser found here)."""
    path = chromium()
    return {"executable_path": str(path or CHROMIUM), "args": list(CHROMIUM_ARGS)}


def launch(playwright: Any, extra_args: Sequence[str] = ()) -> Any:
    """The browser, launched through a (sync) Playwright instance."""
    options = launch_options()
    options["args"] += list(extra_args)
    return playwright.chromium.launch(**options)


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
