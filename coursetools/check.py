"""``make check``: the contributor's inner loop, on what changed since main.

``python -m coursetools.check [--base main] [--dry-run]`` runs, in order,
stopping at the first failure:

1. lint: ``ruff check``, ``ruff format --check``, ``mypy``;
2. the fast tests, two workers (pytest-xdist): every test but those marked
   ``tf``, ``slow``, ``build``, ``notebooks`` or ``browser``
   (tests/conftest.py; TensorFlow alone takes seconds to import); and beside
   them, when an English source or a catalogue changed, the Korean
   catalogues' sync check (``i18n check --sync-only``): the gettext
   extraction into ``_build/gettext-check`` is incremental (only the changed
   pages are read again) unless the extensions or the configuration changed.
   It is one process, mostly waiting on one core while the two test workers
   start and finish unevenly, so the two together take little more than the
   tests alone; its output is printed when it ends;
3. nbval of the chapters that changed, and of the chapters that use a
   changed ``cnnlib`` module (``affected_chapters``: from the notebooks'
   imports and the names they take from ``cnnlib``, through cnnlib's own
   imports).

"Changed" is ``git diff --name-only BASE`` (committed and uncommitted) plus
untracked files. ``make test`` stays the whole suite.
"""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from coursetools import ROOT

FAST = "not tf and not slow and not build and not notebooks and not browser"
NBVAL = [
    "--nbval",
    "--nbval-sanitize-with",
    "tests/nbval_sanitize.cfg",
    "--nbval-current-env",
    "-p",
    "no:randomly",
]
#: Changes that make every page's messages suspect: a full extraction.
FULL_EXTRACTION = ("_ext/", "_config.yml", "_toc.yml", "coursetools/")
#: The English sources and the catalogues (a change: the sync check runs).
PROSE = (".md", ".ipynb", "_toc.yml", "_config.yml", ".po")


def changed_files(base: str = "main", root: Path = ROOT) -> list[str]:
    """Paths (relative to ``root``) changed against ``base``, untracked too."""

    def git(*args: str) -> list[str]:
        out = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True
        ).stdout
        return [line for line in out.splitlines() if line]

    merge_base = None
    for ref in (base, f"origin/{base}"):  # a clone of a branch has no local main
        found = subprocess.run(
            ["git", "merge-base", ref, "HEAD"], cwd=root, capture_output=True, text=True
        )
        if found.returncode == 0:
            merge_base = found.stdout.strip()
            break
    if merge_base is None:
        print(
            f"check: no {base!r} or 'origin/{base}' here: "
            "only the uncommitted changes count",
            file=sys.stderr,
        )
        merge_base = "HEAD"
    files = git("diff", "--name-only", merge_base)
    files += git("ls-files", "--others", "--exclude-standard")
    return sorted(set(files))


# --- which chapters use which cnnlib module ----------------------------------


def _module_of(path: Path, package_root: Path) -> str:
    parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def cnnlib_modules(package: Path = ROOT / "cnnlib") -> dict[str, Path]:
    """Module name -> file, for every module of the cnnlib package."""
    return {_module_of(p, package): p for p in sorted(package.rglob("*.py"))}


def _imports(tree: ast.AST, modules: Iterable[str], names: dict[str, str]) -> set[str]:
    """The cnnlib modules that ``tree`` uses: imported, or reached as
    ``cnnlib.<name>`` where ``names`` says which module defines ``<name>``."""
    known = set(modules)
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "cnnlib":
                    used.add(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] != "cnnlib":
                continue
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in known:
                    used.add(full)  # from cnnlib import plots
                elif node.module == "cnnlib" and alias.name in names:
                    used.add(names[alias.name])
                else:
                    used.add(node.module)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "cnnlib"
        ):
            full = f"cnnlib.{node.attr}"
            used.add(full if full in known else names.get(node.attr, "cnnlib"))
    return {m for m in used if m in known}


def _exported_names(init: Path) -> dict[str, str]:
    """Name -> defining module, of the ``from cnnlib.x import name`` lines of
    cnnlib's ``__init__``."""
    names = {}
    for node in ast.walk(ast.parse(init.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "cnnlib."
        ):
            for alias in node.names:
                names[alias.asname or alias.name] = node.module or ""
    return names


def module_closure(package: Path = ROOT / "cnnlib") -> dict[str, set[str]]:
    """Module -> every cnnlib module it needs (itself included)."""
    modules = cnnlib_modules(package)
    names = _exported_names(package / "__init__.py")
    direct = {
        name: _imports(ast.parse(path.read_text("utf-8")), modules, names) - {name}
        for name, path in modules.items()
    }
    # A submodule's package __init__ runs first.
    for name in modules:
        parent = name.rsplit(".", 1)[0]
        if "." in name and parent in modules:
            direct[name].add(parent)
    closure = {}
    for name in modules:
        seen, todo = {name}, [name]
        while todo:
            for needed in direct[todo.pop()]:
                if needed not in seen:
                    seen.add(needed)
                    todo.append(needed)
        closure[name] = seen
    return closure


def notebook_code(path: Path) -> ast.AST:
    """The code cells of notebook ``path`` as one module (magics dropped)."""
    cells = json.loads(path.read_text("utf-8"))["cells"]
    body: list[ast.stmt] = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        lines = [
            line
            for line in source.splitlines()
            if not line.lstrip().startswith(("%", "!"))
        ]
        try:
            body += ast.parse("\n".join(lines)).body
        except SyntaxError:
            continue
    return ast.Module(body=body, type_ignores=[])


def chapter_modules(
    path: Path,
    package: Path = ROOT / "cnnlib",
    closure: dict[str, set[str]] | None = None,
) -> set[str]:
    """Every cnnlib module chapter ``path`` needs, through cnnlib's imports
    (``closure``: ``module_closure(package)``, if already computed)."""
    modules = cnnlib_modules(package)
    names = _exported_names(package / "__init__.py")
    closure = closure if closure is not None else module_closure(package)
    used = _imports(notebook_code(path), modules, names)
    return set().union(*(closure[m] for m in used)) if used else set()


def affected_chapters(changed: Iterable[str], root: Path = ROOT) -> list[Path]:
    """The chapters to check: those changed, and those that need a changed
    cnnlib module."""
    changed = list(changed)
    package = root / "cnnlib"
    modules = cnnlib_modules(package)
    by_file = {p.relative_to(root).as_posix(): m for m, p in modules.items()}
    touched = {by_file[f] for f in changed if f in by_file}
    closure = module_closure(package) if touched else {}
    chapters = []
    for path in sorted((root / "chapters").glob("*.ipynb")):
        if path.relative_to(root).as_posix() in changed:
            chapters.append(path)
        elif touched and touched & chapter_modules(path, package, closure):
            chapters.append(path)
    return chapters


# --- the steps ---------------------------------------------------------------


#: One step: its name and its command.
Step = tuple[str, list[str]]


def plan(changed: list[str], python: str = sys.executable) -> list[list[Step]]:
    """The stages for these changed files, in order: the steps of a stage
    run side by side (the first one's output live), the stages one after
    the other."""
    bin_dir = Path(python).parent
    stages: list[list[Step]] = [
        [("ruff check", [str(bin_dir / "ruff"), "check", "."])],
        [("ruff format", [str(bin_dir / "ruff"), "format", "--check", "."])],
        [("mypy", [str(bin_dir / "mypy")])],
    ]
    tests: list[Step] = [
        (
            "fast tests",
            [python, "-m", "pytest", "-q", "-m", FAST, "-n", "2", "-p", "no:randomly"],
        )
    ]
    if any(f.endswith(PROSE) or f.startswith(FULL_EXTRACTION) for f in changed):
        full = any(f.startswith(FULL_EXTRACTION) for f in changed)
        sync = [python, "-m", "coursetools.check", "--sync"]
        tests.append(("catalogue sync", sync + (["--full"] if full else [])))
    stages.append(tests)
    chapters = affected_chapters(changed)
    if chapters:
        names = [str(p.relative_to(ROOT)) for p in chapters]
        stages.append(
            [("nbval " + " ".join(names), [python, "-m", "pytest", *NBVAL, *names])]
        )
    return stages


def run_stage(stage: list[Step]) -> list[str]:
    """Run a stage's steps side by side; the names of those that failed.

    The first step prints as it goes; the others' output is held and printed
    when each ends, so that no two outputs interleave."""
    started = time.perf_counter()
    live_name, live_command = stage[0]
    held = [
        (
            name,
            subprocess.Popen(
                command,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            ),
        )
        for name, command in stage[1:]
    ]
    results = [(live_name, subprocess.run(live_command, cwd=ROOT).returncode)]
    print(f"check: {live_name}: {time.perf_counter() - started:.0f} s", flush=True)
    for name, process in held:
        output, _ = process.communicate()
        print(f"check: {name} (beside {live_name}):")
        print(output.rstrip())
        print(f"check: {name}: {time.perf_counter() - started:.0f} s", flush=True)
        results.append((name, process.returncode))
    return [name for name, status in results if status]


def sync(full: bool) -> int:
    """The catalogue sync check on an incremental extraction."""
    from coursetools import catalogues

    potdir = catalogues.BUILD / "gettext-check"
    catalogues.extract(potdir, fresh=full)
    return catalogues.check(sync_only=True, potdir=potdir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--base", default="main", help="compare with (git ref)")
    parser.add_argument("--dry-run", action="store_true", help="print the steps")
    parser.add_argument("--sync", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sync:
        return sync(args.full)
    changed = changed_files(args.base)
    stages = plan(changed)
    print(f"check: {len(changed)} files changed against {args.base}")
    started = time.perf_counter()
    for stage in stages:
        names = [name for name, _ in stage]
        print("check: " + " | ".join(names), flush=True)
        if args.dry_run:
            for _, command in stage:
                print("  " + " ".join(command))
            continue
        failed = run_stage(stage)
        if failed:
            print(f"check: FAILED at {', '.join(failed)}")
            return 1
    print(f"check: all passed in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
