"""``make test``: the whole suite, its independent steps side by side.

``python -m coursetools.suite [--cores N] [--keep-going] [--dry-run] [STEP ...]``
runs the steps of ``STEPS`` (or only the named ones, without the steps they
need) as separate processes. A step starts once the steps it ``needs`` have
passed and its ``cores`` fit into the ``--cores`` not yet taken (default:
the machine's, at least 2): the unit tests and nbval take two (two
pytest-xdist workers) and so run alone on a 2-core machine; two browser or
build steps share it. Among the ready steps, the first in ``STEPS`` goes
first. Filling more cores than there are does not help: the steps are
bound by CPU, and TensorFlow's thread pools lose much more than they gain
when they share a core (measured: ``unit`` took 1,470 s beside two browser
steps, 256 s alone).

Each step's output goes to ``_build/test-logs/STEP.log``; its last line
(pytest's summary) is printed when it ends, the whole log if it fails. A
line every minute says what is still running. The first failure stops the
rest (``--keep-going`` lets the steps that do not need it finish); the exit
status is non-zero if any step failed. At the end a table gives each step's
time and CPU time (``os.wait4``, not on Windows: the step's processes and
those they waited for; Chromium's processes, which nothing in the step
waits for, are not in it): the numbers of a closing note.

Nothing is left out of ``make test``: lint; one gettext extraction shared by
``i18n check`` and the catalogue test (``COURSE_POTDIR``); the unit tests and
the notebooks (nbval); the book, its decks and handouts, and both book
PDFs; then every browser test, on both editions.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from coursetools import ROOT

LOGS = ROOT / "_build" / "test-logs"
#: ``make test``'s one gettext extraction (``tests/conftest.py``'s ``potdir``).
POTDIR = ROOT / "_build" / "gettext-test"
KOREAN_SITE = ROOT / "_build" / "html" / "ko"
#: The cores to fill: this machine's (at least 2, the suite's own minimum).
CORES = max(2, os.cpu_count() or 2)
MAKE = ["make", "--no-print-directory", "NO_INSTALL=1"]
PYTEST = [sys.executable, "-m", "pytest", "-p", "no:randomly"]
#: The browser tests of one edition (``COURSE_SITE_DIR`` picks it): the
#: decks and handouts, and the pages, search and the convolution explorer.
DECK_TESTS = ["tests/test_site_decks.py"]
PAGE_TESTS = [
    "tests/test_site.py",
    "tests/test_site_pages.py",
    "tests/test_site_explorer.py",
    "tests/test_site_second_chromium.py",
]
#: Browser tests that need no built site: once, not per edition.
BROWSER_TESTS = [
    "tests/test_browser.py",
    "tests/test_pdf_frames.py",
    "tests/test_site_browser.py",
]


@dataclass
class Step:
    name: str
    command: list[str]
    needs: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    #: The cores the step keeps busy (two for pytest-xdist's two workers).
    cores: int = 1


def _browser(tests: Sequence[str]) -> list[str]:
    # The ten slowest tests end each log: where a browser step's time goes.
    return [*PYTEST, *tests, "-m", "browser", "--durations=10"]


#: In priority order (see the module's docstring): the cheap checks that
#: fail most often, the build, the browser steps, then the two 2-core steps.
STEPS = [
    Step("lint", [*MAKE, "lint"]),
    Step(
        "gettext",
        [sys.executable, "-m", "coursetools.i18n", "extract", str(POTDIR)],
    ),
    Step(
        "i18n-check",
        [sys.executable, "-m", "coursetools.i18n", "check", "--potdir", str(POTDIR)],
        needs=("gettext",),
    ),
    Step("book", [*MAKE, "book"]),
    Step("pdf-en", [sys.executable, "-m", "coursetools.book_pdf"]),
    Step("pdf-ko", [sys.executable, "-m", "coursetools.book_pdf", "--lang", "ko"]),
    Step("decks-en", _browser(DECK_TESTS), needs=("book", "pdf-en")),
    Step(
        "decks-ko",
        _browser(DECK_TESTS),
        needs=("book", "pdf-ko"),
        env={"COURSE_SITE_DIR": str(KOREAN_SITE)},
    ),
    Step("pages-en", _browser(PAGE_TESTS + BROWSER_TESTS), needs=("book",)),
    Step(
        "pages-ko",
        _browser(PAGE_TESTS),
        needs=("book",),
        env={"COURSE_SITE_DIR": str(KOREAN_SITE)},
    ),
    # The switcher and Korean search across the two editions, and the
    # built-site checks of the catalogues.
    Step(
        "editions",
        _browser(["tests/test_site_i18n.py", "tests/test_i18n.py"]),
        needs=("book", "pdf-ko"),
    ),
    Step("lite", _browser(["tests/test_site_lite.py"]), needs=("book",)),
    Step("exam", _browser(["tests/test_exam.py"])),
    Step(
        "unit",
        [*MAKE, "unit"],
        needs=("gettext",),
        env={"COURSE_POTDIR": str(POTDIR)},
        cores=2,
    ),
    Step("nbval", [*MAKE, "nbval"], cores=2),
]


def plan(names: Sequence[str] = ()) -> list[Step]:
    """The steps to run: all, or only those named (their needs dropped)."""
    if not names:
        return list(STEPS)
    known = {step.name: step for step in STEPS}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"unknown step(s) {unknown}; the steps are {list(known)}")
    return [
        replace(s, needs=tuple(n for n in s.needs if n in names))
        for s in STEPS
        if s.name in names
    ]


def summary_line(log: Path) -> str:
    """The last line a step printed (pytest's summary), not its commands."""
    lines = [line.strip() for line in log.read_text("utf-8", "replace").splitlines()]
    lines = [line.strip("= ") for line in lines if line.strip("= ")]
    lines = [line for line in lines if not line.startswith("$ ")]  # commands
    return lines[-1] if lines else "(no output)"


@dataclass
class Running:
    step: Step
    process: subprocess.Popen
    started: float
    log: Path
    cpu: float = 0.0


@dataclass
class Result:
    ok: bool
    seconds: float = 0.0
    cpu: float = 0.0
    line: str = "not run"


def _start(step: Step, log: Path) -> subprocess.Popen:
    with log.open("w", encoding="utf-8") as out:
        out.write(f"$ {' '.join(step.command)}\n")
        out.flush()
        return subprocess.Popen(
            step.command,
            cwd=ROOT,
            env={**os.environ, **step.env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _poll(run: Running) -> int | None:
    """The exit status of the step's command, or None while it runs.
    Where the OS reports it (``os.wait4``), the CPU time of the command and
    of the processes it waited for is added to ``run.cpu``."""
    if not hasattr(os, "wait4") or run.process.returncode is not None:
        return run.process.poll()
    pid, status, usage = os.wait4(run.process.pid, os.WNOHANG)
    if pid == 0:
        return None
    run.cpu += usage.ru_utime + usage.ru_stime
    run.process.returncode = os.waitstatus_to_exitcode(status)
    return run.process.returncode


def _stop(running: list[Running]) -> None:
    """Stop the running steps, with their children (pytest's workers, the
    browser) where the OS has process groups."""
    for run in running:
        try:
            if hasattr(os, "killpg"):
                os.killpg(run.process.pid, signal.SIGTERM)
            else:
                run.process.terminate()
        except ProcessLookupError:
            pass
    for run in running:
        run.process.wait()


def run(steps: list[Step], cores: int = CORES, keep_going: bool = False) -> int:
    """Run ``steps``, ``cores`` cores' worth at a time; print their results.
    Returns 0 if every step passed."""
    if cores < 1:
        raise ValueError(f"cores must be at least 1, got {cores}")
    LOGS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    waiting = list(steps)
    running: list[Running] = []
    results: dict[str, Result] = {}
    failed = False
    last_beat = started

    def clock() -> str:
        return f"[{time.monotonic() - started:5.0f} s]"

    try:
        while waiting or running:
            for step in list(waiting) if not failed or keep_going else []:
                needs = [results.get(n) for n in step.needs]
                if any(r is not None and not r.ok for r in needs):
                    waiting.remove(step)
                    results[step.name] = Result(False, line="not run: a need failed")
                    continue
                busy = sum(r.step.cores for r in running)
                if any(r is None for r in needs) or (
                    running and busy + step.cores > cores
                ):
                    continue
                waiting.remove(step)
                log = LOGS / f"{step.name}.log"
                process = _start(step, log)
                running.append(Running(step, process, time.monotonic(), log))
                print(f"{clock()} {step.name}: started", flush=True)
            if failed and not keep_going:
                for step in waiting:
                    results[step.name] = Result(False, line="not run: a step failed")
                waiting.clear()
            time.sleep(0.5)
            for run_ in list(running):
                code = _poll(run_)
                if code is None:
                    continue
                running.remove(run_)
                result = Result(
                    code == 0,
                    time.monotonic() - run_.started,
                    run_.cpu,
                    summary_line(run_.log),
                )
                results[run_.step.name] = result
                mark = "passed" if result.ok else f"FAILED (exit {code})"
                print(
                    f"{clock()} {run_.step.name}: {mark} in {result.seconds:.0f} s:"
                    f" {result.line}",
                    flush=True,
                )
                if not result.ok:
                    print(f"----- {run_.log.relative_to(ROOT)} -----")
                    print(run_.log.read_text("utf-8", "replace")[-60000:], flush=True)
                    failed = True
                    if not keep_going:
                        _stop(running)
                        for other in running:
                            results[other.step.name] = Result(False, line="stopped")
                        running.clear()
                        break
            if running and time.monotonic() - last_beat >= 60:
                last_beat = time.monotonic()
                now = ", ".join(
                    f"{r.step.name} ({last_beat - r.started:.0f} s)" for r in running
                )
                print(f"{clock()} running: {now}", flush=True)
    finally:
        _stop(running)  # interrupted (Ctrl-C, SIGTERM): no step left behind
    report(steps, results, time.monotonic() - started, cores)
    return 0 if all(results.get(s.name, Result(False)).ok for s in steps) else 1


def report(
    steps: list[Step], results: dict[str, Result], total: float, cores: int
) -> None:
    """The table at the end: each step's time, CPU time and last line."""
    cpu = sum(r.cpu for r in results.values())
    print(
        f"\nmake test: {total:.0f} s on {cores} cores; the steps used {cpu:.0f} s of"
        f" CPU time (logs in {LOGS.relative_to(ROOT)}/)"
    )
    print(f"       {'step':<11} {'time':>6} {'CPU':>6}")
    for step in steps:
        r = results.get(step.name, Result(False))
        mark = "ok  " if r.ok else "FAIL"
        print(f"  {mark} {step.name:<11} {r.seconds:5.0f}s {r.cpu:5.0f}s  {r.line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("steps", nargs="*", help="only these steps (default: all)")
    parser.add_argument(
        "--cores", type=int, default=CORES, help=f"cores to fill (default {CORES})"
    )
    parser.add_argument("--keep-going", action="store_true")
    parser.add_argument("--dry-run", action="store_true", help="print the plan")
    args = parser.parse_args(argv)
    steps = plan(args.steps)
    if args.dry_run:
        for step in steps:
            needs = f" (after {', '.join(step.needs)})" if step.needs else ""
            env = "".join(f"{k}={v} " for k, v in step.env.items())
            print(f"{step.name}{needs}: {env}{' '.join(step.command)}")
        return 0
    # A SIGTERM (CI's time limit, kill) stops the steps too (run's finally).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    return run(steps, args.cores, args.keep_going)


if __name__ == "__main__":
    sys.exit(main())
