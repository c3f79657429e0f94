"""What a notebook printed, compared the way nbval compares it.

Shared by the in-browser chapter tests: ``test_lite_chapters.py`` (run with
nbclient, without TensorFlow) and ``test_site_lite.py`` (run in JupyterLite).
"""

from __future__ import annotations

import configparser
import re

from coursetools import ROOT


def sanitizers() -> list[tuple[re.Pattern, str]]:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "tests" / "nbval_sanitize.cfg", encoding="utf-8")
    return [
        (re.compile(parser[section]["regex"]), parser[section]["replace"])
        for section in parser.sections()
    ]


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def output_text(cell: dict, rules) -> str:
    """What a cell printed (stdout and text results), sanitised like nbval."""
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream" and output.get("name") == "stdout":
            parts.append(_text(output["text"]))
        elif output["output_type"] in {"execute_result", "display_data"}:
            data = output.get("data", {})
            if "image/png" in data:
                parts.append("<image>")
            elif "text/plain" in data:
                parts.append(_text(data["text/plain"]) + "\n")
    text = "".join(parts)
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def error_of(cell: dict) -> str | None:
    for output in cell.get("outputs", []):
        if output["output_type"] == "error":
            return f"{output['ename']}: {output['evalue']}"
    return None


def first_line(cell: dict) -> str:
    lines = _text(cell["source"]).strip().splitlines()
    return lines[0][:70] if lines else ""
