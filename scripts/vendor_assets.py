r"""Refresh the browser assets the site and the slides serve themselves.

The course site works offline and from ``file://``: MathJax, reveal.js and
require.js are not loaded from a CDN but from ``assets/vendor/``, which is
committed. This script copies the few files actually used from the npm
packages pinned in ``package.json`` / ``package-lock.json`` into that folder.
``make book`` does not need npm; only refreshing the assets does::

    npm ci                             # installs node_modules/ from the lock
    python scripts/vendor_assets.py    # copies the files used into assets/vendor/

MathJax: the components the book loads one by one (``startup.js``, the
core, TeX input, CHTML output and its font data, assistive MathML: about
0.8 MB against 1.2 MB for the combined file), the combined
``tex-mml-chtml.js`` that the slides load, the CHTML woff fonts loaded at run
time and the few TeX extensions that are loaded by name (``textmacros``, for
``\texttt{W\_col}``) or fetched by the autoloader for common macros (add a
name to ``TEX_EXTENSIONS`` if a chapter uses another package, such as
``physics``: the browser tests fail on the missing file). reveal.js: the
core, the speaker-notes plugin and the ``serif`` theme, the one theme that
imports no web font. The notes plugin
(``plugin/notes/notes.js``) carries reveal's speaker-view page inside it
(it opens ``about:blank`` and writes the page there, and the page shows the
deck itself in frames), so the speaker view (**S**) needs no other file and
no network; ``tests/test_site_decks.py`` opens it.

axe-core (the accessibility checker the deck tests inject, WCAG AA) is for
the tests only: its minified file goes to ``tests/vendor/axe-core/``, not
into the site.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "assets" / "vendor"
TEST_VENDOR = ROOT / "tests" / "vendor"

# TeX packages fetched by MathJax's autoloader, beyond those built into
# tex-mml-chtml.js (ams, newcommand, noundefined, require, autoload, ...).
TEX_EXTENSIONS = ["boldsymbol", "cancel", "color", "mathtools", "textmacros"]
# The components _config.yml's mathjax3_config loads (with startup.js).
MATHJAX_COMPONENTS = [
    "startup.js",
    "core.js",
    "input/tex.js",
    "output/chtml.js",
    "output/chtml/fonts/tex.js",
    "a11y/assistive-mml.js",
]

# (npm package, file in the package, path under assets/vendor/)
FILES = [
    ("mathjax", "LICENSE", "mathjax/LICENSE"),
    ("mathjax", "es5/tex-mml-chtml.js", "mathjax/tex-mml-chtml.js"),
    *[("mathjax", f"es5/{name}", f"mathjax/{name}") for name in MATHJAX_COMPONENTS],
    *[
        (
            "mathjax",
            f"es5/input/tex/extensions/{name}.js",
            f"mathjax/input/tex/extensions/{name}.js",
        )
        for name in TEX_EXTENSIONS
    ],
    ("reveal.js", "LICENSE", "reveal.js/LICENSE"),
    ("reveal.js", "dist/reveal.js", "reveal.js/dist/reveal.js"),
    ("reveal.js", "dist/reveal.css", "reveal.js/dist/reveal.css"),
    ("reveal.js", "dist/theme/serif.css", "reveal.js/dist/theme/serif.css"),
    ("reveal.js", "plugin/notes/notes.js", "reveal.js/plugin/notes/notes.js"),
    ("requirejs", "require.js", "requirejs/require.js"),
]
# Files the browser tests inject (not served by the site), under tests/vendor/.
TEST_FILES = [
    ("axe-core", "LICENSE", "axe-core/LICENSE"),
    ("axe-core", "axe.min.js", "axe-core/axe.min.js"),
]
FONT_DIR = "es5/output/chtml/fonts/woff-v2"

# requirejs ships no LICENSE file; its licence is in package.json and in the
# header of require.js.
REQUIREJS_LICENSE = """\
RequireJS {version}
Copyright jQuery Foundation and other contributors.
Released under the MIT license: https://github.com/requirejs/requirejs/blob/master/LICENSE
The full notice is in the header comment of require.js.
"""


def package_version(package: str) -> str:
    meta = json.loads((NODE_MODULES / package / "package.json").read_text())
    return meta["version"]


def main() -> int:
    if not NODE_MODULES.is_dir():
        print("node_modules/ is missing: run `npm ci` first.", file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for package, source, target in FILES:
        destination = VENDOR / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE_MODULES / package / source, destination)
    fonts = VENDOR / "mathjax/output/chtml/fonts/woff-v2"
    fonts.mkdir(parents=True)
    for font in sorted((NODE_MODULES / "mathjax" / FONT_DIR).glob("*.woff")):
        shutil.copyfile(font, fonts / font.name)
    (VENDOR / "requirejs/LICENSE").write_text(
        REQUIREJS_LICENSE.format(version=package_version("requirejs"))
    )
    if TEST_VENDOR.exists():
        shutil.rmtree(TEST_VENDOR)
    for package, source, target in TEST_FILES:
        destination = TEST_VENDOR / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE_MODULES / package / source, destination)
    (TEST_VENDOR / "VERSIONS.txt").write_text(
        "Copied from npm by scripts/vendor_assets.py; do not edit by hand.\n"
        f"axe-core {package_version('axe-core')}\n"
    )
    versions = "".join(
        f"{package} {package_version(package)}\n"
        for package in ("mathjax", "reveal.js", "requirejs")
    )
    (VENDOR / "VERSIONS.txt").write_text(
        "Copied from npm by scripts/vendor_assets.py; do not edit by hand.\n" + versions
    )
    size = sum(path.stat().st_size for path in VENDOR.rglob("*") if path.is_file())
    print(f"assets/vendor/: {size / 1e6:.1f} MB\n{versions}", end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
