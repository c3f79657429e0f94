"""Check that requirements.lock installs, from wheels only, on every platform
and Python version the course supports (needs the network).

pip's ``--platform`` dry run evaluates environment markers for the machine it
runs on, not the target, so it can pass a lock that fails elsewhere. uv
resolves for a named target platform and Python version with the target's
markers; with ``--only-binary :all:`` a package without a wheel there fails
the check, as it would fail a student without a compiler.

Prints a Markdown table and exits 1 if a supported combination fails or an
unsupported one (kept in the table to show why) unexpectedly passes.

The supported range is ``requires-python`` in ``pyproject.toml`` (the one
place it is written): its floor, each minor version below its ceiling, and
one version on either side of it.

Run: ``python scripts/check_platforms.py`` (``make platforms``); ``UV`` names
the uv binary (default: ``uv`` on PATH; ``make lock`` installs a pinned one).
``--floor`` prints the oldest supported Python (``scripts/lock.sh`` resolves
for it).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"


def python_range(pyproject: Path = ROOT / "pyproject.toml") -> tuple[str, str]:
    """``(floor, ceiling)`` of ``requires-python``, written ``>=F,<C``."""
    spec = tomllib.loads(pyproject.read_text("utf-8"))["project"]["requires-python"]
    match = re.fullmatch(r">=\s*([\d.]+)\s*,\s*<\s*(\d+\.\d+)", spec.strip())
    if match is None:
        raise ValueError(f"requires-python {spec!r}: expected '>=X.Y.Z,<X.W'")
    return match[1], match[2]


def supported_pythons(floor: str, ceiling: str) -> list[str]:
    """The floor, then every minor version up to the ceiling (excluded)."""
    major, low = map(int, floor.split(".")[:2])
    high = int(ceiling.split(".")[1])
    return [floor, *(f"{major}.{minor}" for minor in range(low + 1, high))]


#: (uv target, what a reader calls it)
PLATFORMS = [
    ("x86_64-manylinux_2_28", "Linux x86_64"),
    ("aarch64-manylinux_2_28", "Linux aarch64"),
    ("aarch64-apple-darwin", "macOS arm64 (Apple silicon)"),
    ("x86_64-pc-windows-msvc", "Windows amd64"),
    ("x86_64-apple-darwin", "macOS x86_64 (Intel)"),
]
#: From requires-python in pyproject.toml (its comment says why those ends).
FLOOR, CEILING = python_range()
PYTHONS = supported_pythons(FLOOR, CEILING)
#: Combinations known not to work, with the reason the table gives.
UNSUPPORTED = {
    ("x86_64-apple-darwin", python): "no TensorFlow 2.21 wheels for Intel Macs"
    for python in PYTHONS
}
#: Versions outside the supported range, checked to show the range is true:
#: Debian 12's Python (below the floor) and the ceiling.
BELOW_FLOOR = "3.11.2"
OUTSIDE = [("x86_64-manylinux_2_28", BELOW_FLOOR), ("x86_64-manylinux_2_28", CEILING)]


def resolve(uv: str, platform: str, python: str) -> tuple[bool, str]:
    """Resolve the lock for one target; return (ok, first error line)."""
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [
                uv,
                "pip",
                "compile",
                "--quiet",
                "--no-header",
                "--only-binary",
                ":all:",
                "--python-platform",
                platform,
                "--python-version",
                python,
                str(LOCK),
                "-o",
                str(Path(tmp) / "resolved.txt"),
            ],
            capture_output=True,
            text=True,
        )
    if result.returncode == 0:
        return True, ""
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    cause = next((line for line in lines if line.startswith("cause:")), "")
    return False, (cause or (lines[0] if lines else "failed"))[:160]


def main() -> int:
    if sys.argv[1:] == ["--floor"]:
        print(FLOOR)
        return 0
    uv = os.environ.get("UV", "uv")
    failures = 0
    print("| platform | Python | installs from wheels | note |")
    print("|---|---|---|---|")
    for platform, name in PLATFORMS:
        for python in PYTHONS:
            ok, error = resolve(uv, platform, python)
            expected = (platform, python) not in UNSUPPORTED
            note = UNSUPPORTED.get((platform, python), "")
            if ok != expected:
                failures += 1
                note = f"UNEXPECTED: {error or 'passed'}"
            print(f"| {name} | {python} | {'yes' if ok else 'no'} | {note} |")
    for platform, python in OUTSIDE:
        ok, error = resolve(uv, platform, python)
        if ok:
            failures += 1
        label = dict(PLATFORMS)[platform]
        note = "outside the supported range" if not ok else "UNEXPECTED: passed"
        print(f"| {label} | {python} | {'yes' if ok else 'no'} | {note} |")
    if failures:
        print(f"\n{failures} combination(s) not as declared", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
