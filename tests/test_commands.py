"""The README's commands: each one's recipe is sound, and the benchmark runs.

Every ``make X`` in the README's tables must be a Makefile target whose
recipe (``make -n``) names only Python modules that exist; the ones cheap
enough to run here run in a small mode: ``make bench`` with ``--quick``,
``make check`` and ``make test`` with ``--dry-run``. The others run in full
in ``make test`` and CI (book, site-test, nbval, unit) or need the network
(lock, platforms, vendor).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys

import pytest

from coursetools import ROOT

README = (ROOT / "README.md").read_text("utf-8")
TARGETS = sorted(set(re.findall(r"`make ([a-z0-9-]+)", README)))
MODULE = re.compile(r"python3? -m ([\w.]+)")


def test_the_readme_names_the_commands():
    assert {"book", "test", "check", "bench", "fast", "unit", "nbval"} <= set(TARGETS)


@pytest.mark.skipif(shutil.which("make") is None, reason="no make here")
@pytest.mark.parametrize("target", TARGETS)
def test_every_readme_target_has_a_sound_recipe(target):
    recipe = subprocess.run(
        ["make", "-n", "NO_INSTALL=1", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert recipe.returncode == 0, recipe.stderr
    for module in MODULE.findall(recipe.stdout):
        if module in {"venv", "pip", "pytest", "playwright", "zipfile"}:
            continue
        assert importlib.util.find_spec(module) is not None, (target, module)


def dry_run(module: str) -> str:
    run = subprocess.run(
        [sys.executable, "-m", module, "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_check_plans_its_steps():
    out = dry_run("coursetools.check")
    assert "check: ruff check" in out and "check: fast tests" in out


def test_make_test_plans_every_step():
    """``make test`` (``coursetools.suite``): one line per step."""
    from coursetools import suite

    started = [
        line.split(":")[0].split(" (")[0]
        for line in dry_run("coursetools.suite").splitlines()
    ]
    assert started == [step.name for step in suite.STEPS]


@pytest.mark.slow
@pytest.mark.tf
def test_bench_runs_to_the_end_in_its_quick_mode():
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--quick", "--no-book-epoch"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout
    assert "Chapter 5's timing claims (1 repeats" in out
    assert len(re.findall(r"^  [01]/1  ", out, re.MULTILINE)) == 4
    assert "SimpleConvNet, one epoch on 1,000 digits" in out
    assert re.search(r"cnnlib [\d.]+ s +Keras [\d.]+ s", out)


@pytest.mark.skipif(shutil.which("make") is None, reason="no make here")
def test_variations_plans_every_variation_and_takes_a_chapter_filter():
    """``make variations`` in its dry-run mode: six variations, each the unit
    tests and nbval; with a chapter filter, only those chapters' nbval."""

    def plan(*args: str) -> list[str]:
        run = subprocess.run(
            ["make", "--no-print-directory", "variations", "DRY_RUN=1", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
        # The lines the script prints, not make's echo of its recipe.
        return [x for x in run.stdout.splitlines() if not x.startswith("bash ")]

    everything = plan()
    unit_and_nbval = [x for x in everything if x.endswith("NO_INSTALL=1 unit nbval")]
    assert len(unit_and_nbval) == 5
    assert (
        "python3.13: make VENV=.venv-py3.13 PYTHON=python3.13 unit nbval" in everything
    )
    chapter = "chapters/06_what_cnns_learn.ipynb"
    filtered = plan(f"CHAPTERS={chapter}", "VARIATIONS=threads-4 prescott")
    assert filtered == [
        f"each variation runs: make nbval (CHAPTERS={chapter})",
        "threads-4: CNNLIB_TF_THREADS=4 make NO_INSTALL=1 nbval",
        "prescott: OPENBLAS_CORETYPE=Prescott make NO_INSTALL=1 nbval",
    ]
    unknown = subprocess.run(
        ["bash", "scripts/test_variations.sh", "threads-5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DRY_RUN": "1"},
    )
    assert unknown.returncode == 2 and "unknown variation 'threads-5'" in unknown.stderr
