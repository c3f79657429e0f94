"""Build one reveal.js deck per chapter notebook into ``_build/html/slides/``.

The decks come from the same notebooks as the book, through nbconvert's
``SlidesExporter`` with the template in ``scripts/slides_template/``. Each
cell's ``metadata.slideshow.slide_type`` decides where it goes (``slide``,
``subslide``, ``fragment``, ``-``, ``notes``, ``skip``). What the slides show
differs from the book (CONTRIBUTING.md, "Slides"):

* code inputs longer than ``MAX_INPUT_LINES`` lines are hidden (the output
  stays); tag a cell ``slides-show-input`` or ``slides-hide-input`` to
  decide yourself; ``slides-hide-output`` hides its outputs;
* stderr output is left out; cells tagged ``remove-cell`` are skipped,
  ``remove-input`` / ``remove-output`` hide as in the book;
* solutions (``{solution}`` blocks and the cells between ``solution-start``
  and ``solution-end``) are left out; exercises keep their statement;
* MyST markup that plain Markdown does not know is simplified (roles keep
  their text, labels go, admonitions become a bold lead-in, figures become
  images embedded in the page).

Every script, stylesheet and font comes from the built site
(``_build/html/_static/vendor/``, copied from ``assets/vendor/``), so the
decks work offline and opened from disk. Run ``python scripts/make_slides.py``
(``make slides``) after ``jupyter-book build .``; it also works alone.
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert.exporters import SlidesExporter

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = Path(__file__).resolve().parent / "slides_template"
CHAPTERS = ROOT / "chapters"
HTML = ROOT / "_build" / "html"
VENDOR = ROOT / "assets" / "vendor"

MAX_INPUT_LINES = 4
REVEAL_THEME = "serif"  # the only reveal.js theme that imports no web font

ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<text>[^`]*)`")
LABEL = re.compile(r"^\(\s*[\w:.-]+\s*\)=\s*$", re.MULTILINE)
FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}(?P<arg>.*)$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
ADMONITIONS = {
    "note": "Note",
    "tip": "Tip",
    "hint": "Hint",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
    "attention": "Attention",
    "seealso": "See also",
}


def slide_type(cell) -> str:
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def _role_text(match: re.Match) -> str:
    name, text = match["name"], match["text"]
    if name == "math":
        return f"${text}$"
    if "<" in text and text.endswith(">"):
        text = text[: text.index("<")].strip()
    elif name in {"doc", "ref", "numref", "eq", "term"}:
        text = text.split("/")[-1].replace("-", " ")
    return f"`{text}`" if name in {"code", "samp", "kbd"} else text


def _render_directive(name: str, arg: str, options: dict, body: str) -> str:
    """Plain Markdown for one MyST directive (empty: leave it out)."""
    if name in {"solution", "solution-start", "solution-end", "exercise-end"}:
        return ""
    if name in {"exercise", "exercise-start"}:
        return f'<div class="course-exercise">\n\n**Exercise.** {body}\n\n</div>'
    if name in {"math"}:
        return f"$$\n{body}\n$$"
    if name in {"figure", "image"}:
        alt = options.get("alt") or body.strip() or "figure"
        caption = f"\n\n{body}" if name == "figure" and body.strip() else ""
        return f"![{alt}]({arg.strip()}){caption}"
    if name in ADMONITIONS or name == "admonition":
        title = arg.strip() if name == "admonition" else ADMONITIONS[name]
        return f"**{title}.** {body}"
    if name in {"code-cell", "code-block", "code"}:
        return f"```{arg.strip()}\n{body}\n```"
    return body


def simplify_myst(source: str) -> str:
    """Turn the MyST markup of a markdown cell into plain Markdown."""
    source = LABEL.sub("", source)
    lines = source.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = FENCE_OPEN.match(lines[i].strip())
        if not match:
            out.append(lines[i])
            i += 1
            continue
        fence, name, arg = match["fence"], match["name"], match["arg"]
        i += 1
        options: dict[str, str] = {}
        while i < len(lines) and OPTION.match(lines[i].strip()):
            option = OPTION.match(lines[i].strip())
            options[option["key"]] = option["value"]
            i += 1
        body: list[str] = []
        depth = 0
        while i < len(lines):
            stripped = lines[i].strip()
            if FENCE_OPEN.match(stripped) and stripped.startswith(fence[0]):
                depth += 1
            elif stripped == fence or (
                stripped and set(stripped) == {fence[0]} and len(stripped) >= 3
            ):
                if depth == 0:
                    i += 1
                    break
                depth -= 1
            body.append(lines[i])
            i += 1
        inner = simplify_myst("\n".join(body)).strip()
        out.append(_render_directive(name, arg, options, inner))
    return ROLE.sub(_role_text, "\n".join(out)).strip()


def _directive_name(cell) -> str | None:
    match = FENCE_OPEN.match(cell.source.strip().splitlines()[0] if cell.source else "")
    return match["name"] if match else None


def prepare_for_slides(nb):
    """A copy of ``nb`` with what the slides should show (see module doc)."""
    nb = copy.deepcopy(nb)
    in_solution = False
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        directive = _directive_name(cell) if cell.cell_type == "markdown" else None
        if directive == "solution-start":
            in_solution = True
        if in_solution or "remove-cell" in tags:
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "skip"
        if directive == "solution-end":
            in_solution = False
        if slide_type(cell) == "skip":
            continue
        if cell.cell_type == "markdown":
            cell.source = simplify_myst(cell.source)
        elif cell.cell_type == "code":
            long_input = len(cell.source.strip().splitlines()) > MAX_INPUT_LINES
            hide_input = (
                "slides-hide-input" in tags
                or "remove-input" in tags
                or (long_input and "slides-show-input" not in tags)
            )
            if hide_input:
                cell.metadata.transient = {"remove_source": True}
            if {"slides-hide-output", "remove-output"} & tags:
                cell.outputs = []
            cell.outputs = merge_streams(
                output
                for output in cell.outputs
                if not (output.output_type == "stream" and output.name == "stderr")
            )
    return nb


def merge_streams(outputs) -> list:
    """Join consecutive stdout chunks into one output (one block on the slide).

    The kernel splits printed text into chunks as it flushes; shown one block
    per chunk, a training log gets gaps between its lines.
    """
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def deck_title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def install_vendor(html_dir: Path) -> None:
    """Make sure the built site serves the vendored assets the decks use."""
    target = html_dir / "_static" / "vendor"
    shutil.copytree(VENDOR, target, dirs_exist_ok=True)


def build_deck(notebook: Path, out_dir: Path) -> Path:
    nb = nbformat.read(notebook, as_version=4)
    slides_nb = prepare_for_slides(nb)
    slides_nb.metadata["title"] = deck_title(nb, notebook.stem)
    exporter = SlidesExporter(
        extra_template_basedirs=[str(TEMPLATE_DIR.parent)],
        template_name=TEMPLATE_DIR.name,
        reveal_url_prefix="../_static/vendor/reveal.js",
        reveal_theme=REVEAL_THEME,
        reveal_transition="none",
        reveal_number="c/t",
        embed_images=True,
    )
    resources = {
        "metadata": {"name": notebook.stem, "path": str(notebook.parent)},
        "course": {
            "vendor_url": "../_static/vendor",
            "chapter_url": f"../chapters/{notebook.stem}.html",
        },
    }
    body, _ = exporter.from_notebook_node(slides_nb, resources=resources)
    deck = out_dir / f"{notebook.stem}.html"
    deck.write_text(body, encoding="utf-8")
    return deck


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help="default: chapters/*.ipynb"
    )
    parser.add_argument("--html", type=Path, default=HTML, help="the built site")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted(CHAPTERS.glob("*.ipynb"))
    out_dir = args.html / "slides"
    out_dir.mkdir(parents=True, exist_ok=True)
    install_vendor(args.html)
    for notebook in notebooks:
        deck = build_deck(notebook, out_dir)
        shown = deck.relative_to(ROOT) if deck.is_relative_to(ROOT) else deck
        print(f"slides: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
