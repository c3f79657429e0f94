"""``make test``'s runner (``coursetools.suite``): the plan leaves nothing
out, and the scheduler keeps the order the needs set, stops at a failure,
and reports every step."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coursetools import ROOT, suite


@pytest.mark.slow
def test_every_browser_test_file_is_in_a_browser_step():
    """Every file with a test marked ``browser`` (the rest run in ``unit``)."""
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "tests", "--collect-only", "-q"]
        + ["-m", "browser", "-p", "no:randomly"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert collected.returncode == 0, collected.stdout[-2000:]
    files = {
        line.split("::")[0] for line in collected.stdout.splitlines() if "::" in line
    }
    assert len(files) >= 8, files
    planned = {
        arg for step in suite.STEPS for arg in step.command if arg.startswith("tests/")
    }
    assert files <= planned, f"browser tests in no step: {sorted(files - planned)}"


def test_the_plan_runs_every_kind_of_check_and_both_editions():
    names = [step.name for step in suite.STEPS]
    assert len(names) == len(set(names))
    for must in ["lint", "i18n-check", "unit", "nbval", "book", "pdf-en", "pdf-ko"]:
        assert must in names
    korean = [s.name for s in suite.STEPS if s.env.get("COURSE_SITE_DIR")]
    assert sorted(korean) == ["decks-ko", "pages-ko"]
    unit = next(s for s in suite.STEPS if s.name == "unit")
    assert unit.env["COURSE_POTDIR"] == str(suite.POTDIR)
    for step in suite.STEPS:
        assert set(step.needs) <= set(names), step


def test_plan_of_named_steps_drops_the_others_needs():
    steps = suite.plan(["decks-en", "pdf-en"])
    assert [s.name for s in steps] == ["pdf-en", "decks-en"]
    assert steps[1].needs == ("pdf-en",)
    with pytest.raises(ValueError, match="unknown step"):
        suite.plan(["deck-en"])


def _step(name: str, code: str, needs: tuple[str, ...] = ()) -> suite.Step:
    return suite.Step(name, [sys.executable, "-c", code], needs)


@pytest.fixture
def logs(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(suite, "LOGS", tmp_path / "logs")
    monkeypatch.setattr(suite, "ROOT", tmp_path)
    return tmp_path / "logs"


def test_needs_wait_and_results_are_reported(logs, capsys):
    order = logs.parent / "order.txt"
    write = f"open({str(order)!r}, 'a').write"
    steps = [
        _step("slow", f"import time; time.sleep(0.6); {write}('slow ')"),
        _step("after", f"{write}('after '); print('3 passed in 0.1s')", ("slow",)),
        _step("free", f"{write}('free '); print('2 passed')"),
    ]
    assert suite.run(steps, cores=2) == 0
    assert order.read_text().split() == ["free", "slow", "after"]
    out = capsys.readouterr().out
    assert "after: passed" in out and "3 passed in 0.1s" in out
    assert (logs / "free.log").read_text().splitlines()[-1] == "2 passed"


def test_a_failure_stops_the_rest_and_prints_its_log(logs, capsys):
    steps = [
        _step("bad", "import sys; print('the reason'); sys.exit(3)"),
        _step("later", "print('ran')", ("bad",)),
        _step("other", "import time; time.sleep(30)"),
    ]
    assert suite.run(steps, cores=2) == 1
    out = capsys.readouterr().out
    assert "bad: FAILED (exit 3)" in out and "the reason" in out
    assert "FAIL later" in out and "FAIL other" in out
    assert not (logs / "later.log").exists()


def test_keep_going_runs_what_does_not_need_the_failure(logs, capsys):
    steps = [
        _step("bad", "import sys; sys.exit(1)"),
        _step("later", "print('ran')", ("bad",)),
        _step("other", "print('1 passed')"),
    ]
    assert suite.run(steps, cores=1, keep_going=True) == 1
    out = capsys.readouterr().out
    assert "not run: a need failed" in out
    assert "ok   other" in out


def test_cores_must_be_positive(logs):
    with pytest.raises(ValueError, match="at least 1"):
        suite.run([], cores=0)


def test_a_two_core_step_runs_alone_and_its_cpu_time_is_counted(logs, capsys):
    events = logs.parent / "events.txt"

    def timed(name: str, cores: int, work: str) -> suite.Step:
        code = (
            f"log = open({str(events)!r}, 'a'); log.write('{name}+ '); log.flush()\n"
            f"{work}\nlog.write('{name}- ')"
        )
        return suite.Step(name, [sys.executable, "-c", code], cores=cores)

    burn = (
        "import time\nt = time.process_time()\nwhile time.process_time() < t + 1.6: 0"
    )
    steps = [
        timed("b", 1, "import time; time.sleep(0.8)"),
        timed("two", 2, burn),
        timed("c", 1, "import time; time.sleep(0.8)"),
    ]
    assert suite.run(steps, cores=2) == 0
    order = events.read_text().split()
    # b and c share the two cores; the 2-core step waits until both ended.
    assert order.index("c+") < order.index("b-"), order
    assert order.index("two+") > max(order.index("b-"), order.index("c-")), order
    out = capsys.readouterr().out
    if hasattr(os, "wait4"):
        row = next(line for line in out.splitlines() if " two " in line)
        assert float(row.split()[3].rstrip("s")) >= 1, row


def test_the_hosted_workflow_runs_every_browser_step():
    """.github/workflows/tests.yml splits the browser steps by edition."""
    workflow = (ROOT / ".github" / "workflows" / "tests.yml").read_text("utf-8")
    named = {
        word
        for line in workflow.splitlines()
        if "coursetools.suite" in line
        for word in line.split("coursetools.suite", 1)[1].split()
        if not word.startswith("-")
    }
    browser = {step.name for step in suite.STEPS if "browser" in step.command}
    assert browser <= named, f"not in the workflow: {sorted(browser - named)}"


def test_summary_line_is_the_last_printed_line(tmp_path):
    log = tmp_path / "step.log"
    log.write_text("$ pytest\n===== 3 passed in 1.0s =====\n\n")
    assert suite.summary_line(log) == "3 passed in 1.0s"
    log.write_text("$ python -m coursetools.i18n extract\n")
    assert suite.summary_line(log) == "(no output)"
