"""Time each chapter's Run All, as a student's "Restart and Run All" would.

Usage: ``python scripts/time_chapters.py [chapters/NN_x.ipynb ...]`` (every
chapter by default). Each notebook runs top to bottom in a fresh kernel
(nbclient, from the chapters folder, as in JupyterLab) and is not written
back; the table gives the wall-clock seconds of the whole run and of its
slowest cell, against CONTRIBUTING's budget (item 11: 90 s on a 2-core
CPU). Timings depend on the machine and its load, which is why no test
asserts them: run this on an idle machine and quote what it prints.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbclient
import nbformat

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S = 90.0


def time_chapter(path: Path) -> tuple[float, float, int]:
    """Run ``path`` in a fresh kernel; return (total s, slowest cell s, its index)."""
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    slowest, slowest_index = 0.0, -1
    start = time.monotonic()
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            cell_start = time.monotonic()
            client.execute_cell(cell, index)
            took = time.monotonic() - cell_start
            if took > slowest:
                slowest, slowest_index = took, index
    return time.monotonic() - start, slowest, slowest_index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", type=Path)
    args = parser.parse_args(argv)
    every = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
    chapters = args.chapters or [p for p in every if ".ko." not in p.name]
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} CPUs, load average {load:.2f} at the start")
    head = f"{'chapter':<28} {'Run All':>8} {'slowest cell':>19}"
    print(f"{head}  (budget {BUDGET_S:.0f} s)")
    over = 0
    for path in chapters:
        total, slowest, index = time_chapter(path.resolve())
        mark = "" if total <= BUDGET_S else "  OVER"
        over += total > BUDGET_S
        where = f"{slowest:7.1f} s (cell {index:>2})"
        print(f"{path.stem:<28} {total:6.1f} s {where}{mark}", flush=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
