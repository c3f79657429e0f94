"""An exam sheet and its answer key from the question bank (issue 26).

``python -m coursetools.exam --seed 1 --count 10 --lang ko --out DIR`` writes
``DIR/exam-<lang>-seed<seed>.html`` (the questions, with room for the
answers) and ``DIR/key-<lang>-seed<seed>.html`` (the same questions with
their answers), and each printed to PDF beside it by Debian's chromium
(``coursetools.browser``; ``--no-pdf`` skips it, and so does a machine
without chromium, with a message). The questions are
``cnnlib.questions.question_set(seed, count)``: the same seed gives the same
exam in both languages, and every answer comes from cnnlib's formulas.
"""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

from cnnlib.questions import Question, question_set, text

STYLE = """
body { font-family: "Noto Sans", "Noto Sans CJK KR", sans-serif; font-size: 12pt;
       max-width: 44em; margin: 2em auto; line-height: 1.5; color: #111; }
h1 { font-size: 18pt; margin-bottom: 0.2em; }
ol { padding-left: 1.5em; }
li { margin: 0 0 1.2em 0; break-inside: avoid; }
.answer-space { border-bottom: 1px solid #888; height: 2em; width: 60%; }
.answer { font-weight: bold; color: #0a5; }
@page { size: A4; margin: 18mm; }
"""


def page(title: str, intro: str, items: list[str], lang: str) -> str:
    body = "\n".join(f"<li>{item}</li>" for item in items)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<h1>{html.escape(title)}</h1>\n<p>{html.escape(intro)}</p>\n"
        f"<ol>\n{body}\n</ol>\n</body>\n</html>\n"
    )


def sheets(questions: list[Question], seed: int, lang: str) -> tuple[str, str]:
    """(exam sheet, answer key) as HTML."""
    intro = text("sheet_intro", lang, seed=seed, count=len(questions))
    exam = [
        f"<p>{html.escape(q.text(lang))}</p><div class='answer-space'></div>"
        for q in questions
    ]
    key = [
        f"<p>{html.escape(q.text(lang))}</p>"
        f"<p class='answer'>{html.escape(q.answer_text(lang))}</p>"
        for q in questions
    ]
    return (
        page(text("sheet_title", lang), intro, exam, lang),
        page(
            f"{text('sheet_title', lang)}: {text('key_title', lang)}", intro, key, lang
        ),
    )


def print_pdfs(paths: list[Path]) -> list[Path]:
    """Each HTML file printed to a PDF beside it (Debian's chromium)."""
    from playwright.sync_api import sync_playwright

    from coursetools import browser

    written = []
    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        try:
            page_ = chromium.new_page()
            for path in paths:
                pdf = path.with_suffix(".pdf")
                page_.goto(path.resolve().as_uri())
                page_.pdf(
                    path=str(pdf), prefer_css_page_size=True, print_background=True
                )
                written.append(pdf)
        finally:
            chromium.close()
    return written


def write(seed: int, count: int, lang: str, out: Path, pdf: bool = True) -> list[Path]:
    """Write the sheet and the key (HTML, and PDF if ``pdf``); return the paths."""
    questions = question_set(seed, count)
    exam, key = sheets(questions, seed, lang)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"exam-{lang}-seed{seed}.html", out / f"key-{lang}-seed{seed}.html"]
    for path, content in zip(paths, (exam, key), strict=True):
        path.write_text(content, "utf-8")
    written = list(paths)
    if pdf:
        from coursetools import browser

        missing = browser.chromium_missing()
        if missing:
            print(f"exam: no PDF: {missing}", file=sys.stderr)
        else:
            written += print_pdfs(paths)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--lang", choices=["en", "ko"], default="en")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--no-pdf", action="store_true", help="HTML only")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    for path in write(args.seed, args.count, args.lang, args.out, pdf=not args.no_pdf):
        print(f"exam: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
