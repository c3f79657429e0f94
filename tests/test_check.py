"""coursetools/check.py: which chapters a change reaches, and the steps."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from coursetools import ROOT, check


def notebook(path: Path, *sources: str) -> None:
    cells = [
        {"cell_type": "code", "metadata": {}, "source": s, "outputs": []}
        for s in sources
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cells": cells}), "utf-8")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def small_repo(root: Path) -> Path:
    write(root / "cnnlib/__init__.py", "from cnnlib.a import f\n")
    write(root / "cnnlib/a.py", "def f():\n    return 1\n")
    write(root / "cnnlib/b.py", "import cnnlib.a\n\ndef g():\n    return 2\n")
    write(root / "cnnlib/plots/__init__.py", "")
    write(root / "cnnlib/plots/p.py", "from cnnlib.b import g\n")
    notebook(
        root / "chapters/x.ipynb", "%matplotlib inline\nimport cnnlib", "cnnlib.f()"
    )
    notebook(root / "chapters/y.ipynb", "from cnnlib.b import g")
    notebook(root / "chapters/z.ipynb", "import numpy as np")
    notebook(root / "chapters/w.ipynb", "from cnnlib.plots import p")
    return root


def names(paths):
    return [p.stem for p in paths]


def test_a_changed_chapter_is_checked(tmp_path):
    root = small_repo(tmp_path)
    assert names(check.affected_chapters(["chapters/z.ipynb"], root)) == ["z"]
    assert check.affected_chapters(["README.md"], root) == []


def test_chapters_that_use_a_changed_module_are_checked(tmp_path):
    root = small_repo(tmp_path)
    # x reaches a through cnnlib.f; y through b, which imports a; w
    # through plots.p -> b -> a; z uses no cnnlib.
    assert names(check.affected_chapters(["cnnlib/a.py"], root)) == ["w", "x", "y"]
    assert names(check.affected_chapters(["cnnlib/b.py"], root)) == ["w", "y"]
    assert names(check.affected_chapters(["cnnlib/plots/p.py"], root)) == ["w"]


def test_the_real_chapters_import_what_they_use():
    im2col = check.chapter_modules(ROOT / "chapters" / "05_im2col.ipynb")
    assert {"cnnlib.im2col", "cnnlib.layers", "cnnlib.network"} <= im2col
    changed = ["cnnlib/im2col.py"]
    assert "05_im2col" in names(check.affected_chapters(changed))


def stage_names(changed):
    return [[name for name, _ in stage] for stage in check.plan(changed)]


def test_the_steps_follow_what_changed():
    code_only = stage_names(["cnnlib/im2col.py"])
    assert code_only[:4] == [["ruff check"], ["ruff format"], ["mypy"], ["fast tests"]]
    assert len(code_only) == 5 and code_only[4][0].startswith("nbval")
    prose = stage_names(["intro.md"])
    # The sync check runs beside the fast tests; no chapter to run.
    assert prose[3] == ["fast tests", "catalogue sync"] and len(prose) == 4
    sync = dict(check.plan(["intro.md"])[3])["catalogue sync"]
    assert "--full" not in sync
    assert "--full" in dict(check.plan(["_config.yml"])[3])["catalogue sync"]


def test_a_stage_runs_side_by_side_and_names_what_failed(capsys):
    """The held step's output comes whole, after the live one's; a failure
    of either is reported by name; side by side, not one after the other."""
    python = sys.executable
    wait = "import time; time.sleep(1.5); "
    stage = [
        ("live", [python, "-c", wait + "print('live out')"]),
        ("held", [python, "-c", wait + "print('held out'); raise SystemExit(3)"]),
    ]
    started = time.perf_counter()
    failed = check.run_stage(stage)
    elapsed = time.perf_counter() - started
    out = capsys.readouterr().out
    assert failed == ["held"]
    assert out.index("check: held (beside live):") < out.index("held out")
    assert elapsed < 2.9, f"{elapsed:.1f} s: the steps ran one after the other"
    assert check.run_stage([("ok", [python, "-c", "pass"])]) == []


def test_changed_files_without_a_main_branch(tmp_path, capsys):
    """A clone of another branch has no local main: the origin's main counts,
    and without one the uncommitted changes alone (never a crash)."""
    import subprocess

    def git(*args: str, cwd: Path) -> None:
        subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)

    origin = tmp_path / "origin"
    write(origin / "a.txt", "a\n")
    git("init", "-q", "-b", "main", cwd=origin)
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", ".", cwd=origin)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a", cwd=origin)
    git("branch", "topic", cwd=origin)
    clone = tmp_path / "clone"
    git("clone", "-q", "-b", "topic", str(origin), str(clone), cwd=tmp_path)
    write(clone / "b.txt", "b\n")
    assert check.changed_files("main", clone) == ["b.txt"]  # origin/main
    lonely = tmp_path / "lonely"
    write(lonely / "a.txt", "a\n")
    git("init", "-q", "-b", "topic", cwd=lonely)
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", ".", cwd=lonely)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a", cwd=lonely)
    write(lonely / "a.txt", "changed\n")
    assert check.changed_files("main", lonely) == ["a.txt"]
    assert "only the uncommitted changes count" in capsys.readouterr().err
