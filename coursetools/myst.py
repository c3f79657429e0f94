"""MyST Markdown made plain Markdown: one parser, two renderers.

The book's markdown cells use MyST: directives (```` ```{exercise} ````,
``:::{note}``), roles (``{doc}`...` ``), targets (``(label)=``) and
comments. Two places show these cells outside Sphinx, where
plain Markdown is all there is: the reveal.js decks (``coursetools.slides``)
and the JupyterLite copies of the chapters (``coursetools.lite``).

``markdown-it-py`` with MyST's block plugins (``mdit-py-plugins``: colon
fences, targets, comments) finds the blocks, as MyST itself would; what is
outside a directive stays as it is, but for the roles. The renderers decide
what a directive becomes:

* ``SlidesRenderer`` (``slides_markdown``): exercises keep their statement,
  solutions and hints are left out (the lines between ``solution-start``
  and ``solution-end`` too, across cells, with a ``SlideState``),
  admonitions become a bold lead-in, figures embedded images;
* ``LiteRenderer`` (``lite_markdown``): exercises a bold lead-in, inline
  solutions a ``<details>`` block, other directives a bold lead-in.

Both: targets go; a role keeps its text (``role_text``).

The same parser finds what a translation replaces (``translate``, the
Korean decks' text through ``coursetools.catalogues.text_map``): each
paragraph, heading, list item, table cell, directive title and option,
in directives' bodies too; code stays as it is.

>>> print(slides_markdown(":::{note}\\nSee {doc}`the intro <intro>`.\\n:::"))
**Note.** See the intro.
>>> print(lite_markdown("```{solution} ex-1\\n:class: dropdown\\nSecret.\\n```"))
<details><summary>Solution</summary>
<BLANKLINE>
<BLANKLINE>
Secret.
<BLANKLINE>
</details>
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin

PARSER = (
    MarkdownIt("commonmark")
    .use(colon_fence_plugin)
    .use(myst_block_plugin)
    .enable("table")
)
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*)$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<text>[^`]*)`")
#: Block tokens that plain Markdown has no use for: ``(label)=``.
DROPPED = {"myst_target"}
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
# The lead-ins a slide or a browser copy shows, by language (English: as
# written). The decks (``slide_cells``) and the JupyterLite copies use them.
LABELS: dict[str, dict[str, str]] = {
    "en": {},
    "ko": {
        "Exercise": "연습 문제",
        "Solution": "풀이",
        "Note": "참고",
        "Tip": "팁",
        "Hint": "힌트",
        "Important": "중요",
        "Warning": "경고",
        "Caution": "주의",
        "Attention": "주목",
        "See also": "함께 보기",
    },
}
# A gated solution's lead-in in the browser copy, whose code follows in
# closed <details> blocks (``coursetools.lite.lite_notebook``).
FOLDED_SOLUTION = {
    "en": "**Solution** (closed below: try the exercise first, then open it)",
    "ko": "**풀이** (아래에 닫혀 있습니다: 먼저 직접 풀어 본 뒤 펼치십시오)",
}


@dataclass
class Directive:
    """One MyST directive: ``name``, its argument, options and raw body."""

    name: str
    arg: str = ""
    options: dict[str, str] = field(default_factory=dict)
    body: str = ""
    indent: str = ""


def role_text(name: str, text: str) -> str:
    """What a role shows in plain Markdown.

    >>> role_text("doc", "chapters/03_conv_layers")
    '03_conv_layers'
    >>> role_text("ref", "Exercise 1 <ex-see-diagonal>"), role_text("math", "x^2")
    ('Exercise 1', '$x^2$')
    """
    if name == "math":
        return f"${text}$"
    if "<" in text and text.endswith(">"):
        text = text[: text.index("<")].strip() or text
    elif name in {"doc", "ref", "numref", "eq", "term"}:
        text = text.split("/")[-1].replace("-", " ")
    return f"`{text}`" if name in {"code", "samp", "kbd"} else text


def replace_roles(text: str) -> str:
    return ROLE.sub(lambda match: role_text(match["name"], match["text"]), text)


class Renderer(Protocol):
    def text(self, lines: list[str]) -> list[str]: ...

    def directive(self, directive: Directive) -> str: ...

    def finish(self, text: str) -> str: ...


def _directive(token, opening_line: str) -> Directive | None:
    match = DIRECTIVE.match(token.info.strip())
    if token.type not in {"fence", "colon_fence"} or match is None:
        return None
    lines = token.content.splitlines()
    options: dict[str, str] = {}
    start = 0
    while start < len(lines) and (option := OPTION.match(lines[start].strip())):
        options[option["key"]] = option["value"]
        start += 1
    indent = opening_line[: len(opening_line) - len(opening_line.lstrip())]
    return Directive(
        match["name"], match["arg"].strip(), options, "\n".join(lines[start:]), indent
    )


def convert(source: str, renderer: Renderer) -> str:
    """``source`` with each directive rendered and each other line passed to
    ``renderer.text`` (in order: a renderer may keep state across them)."""
    lines = source.splitlines()
    out: list[str] = []
    done = 0
    for token in PARSER.parse(source):
        if token.map is None or token.map[0] < done:
            continue
        start, end = token.map
        directive = _directive(token, lines[start])
        if directive is None and token.type not in DROPPED:
            continue
        out += renderer.text(lines[done:start])
        if directive is not None:
            out.append(renderer.directive(directive))
        done = end
    out += renderer.text(lines[done:])
    return renderer.finish("\n".join(out))


# --- the decks ---------------------------------------------------------------

HINT_TITLE = re.compile(r"^\s*hint", re.IGNORECASE)


class SlideState:
    """What the cells before this one opened: an exercise, a solution.

    ``labels`` renames the lead-ins a slide shows ("Exercise" and the
    admonitions' titles of ``ADMONITIONS``) into the deck's language."""

    def __init__(self, labels: dict[str, str] | None = None) -> None:
        self.in_solution = False
        self.in_exercise = False
        self.labels = labels or {}

    def label(self, english: str) -> str:
        return self.labels.get(english, english)


class SlidesRenderer:
    """Exercises without their solutions; admonitions as a lead-in."""

    def __init__(self, state: SlideState, caption=None) -> None:
        self.state = state
        self.caption = caption  # markdown -> HTML for a figure's caption

    def text(self, lines: list[str]) -> list[str]:
        return [] if self.state.in_solution else lines

    def directive(self, directive: Directive) -> str:
        state, name, arg = self.state, directive.name, directive.arg
        body = slides_markdown(
            directive.body, SlideState(state.labels), caption=self.caption
        ).strip()
        if name == "solution-start":
            state.in_solution = True
            return ""
        if name == "solution-end":
            state.in_solution = False
            return ""
        if state.in_solution or name in {"solution", "hint"}:
            return ""
        if name == "exercise-end":
            state.in_exercise = False
            return ""
        if name == "exercise-start":
            state.in_exercise = True
            return f"**{state.label('Exercise')}.** {body}".strip()
        if name == "exercise":
            return f"**{state.label('Exercise')}.** {body}".strip()
        if name == "math":
            return f"$$\n{body}\n$$"
        if name in {"figure", "image"}:
            alt = directive.options.get("alt") or body or "figure"
            caption = ""
            if name == "figure" and body and self.caption is not None:
                caption = f"\n\n{self.caption(body)}"
            return f"![{alt}]({arg}){caption}"
        if name == "admonition" and HINT_TITLE.match(arg):
            return ""
        if name in ADMONITIONS or name == "admonition":
            title = arg if name == "admonition" else state.label(ADMONITIONS[name])
            return f"**{title}.** {body}"
        if name in {"code-cell", "code-block", "code"}:
            return f"```{arg}\n{body}\n```"
        return body

    def finish(self, text: str) -> str:
        return re.sub(r"\n{3,}", "\n\n", replace_roles(text).strip())


def slides_markdown(source: str, state: SlideState | None = None, caption=None) -> str:
    """A markdown cell as a slide shows it.

    ``state`` carries what earlier cells opened: the lines between a
    ``solution-start`` and its ``solution-end`` are left out wherever the
    two markers sit (one cell may close an exercise and open its solution).
    ``caption`` turns a figure's caption into HTML (none: no caption).
    """
    renderer = SlidesRenderer(state if state is not None else SlideState(), caption)
    return convert(source, renderer)


# --- JupyterLite -------------------------------------------------------------


class LiteRenderer:
    """Exercises as a lead-in, inline solutions folded in ``<details>``, the
    lead-ins in the copy's language (``LABELS``)."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.labels = LABELS.get(lang, {})

    def label(self, english: str) -> str:
        return self.labels.get(english, english)

    def text(self, lines: list[str]) -> list[str]:
        return lines

    def directive(self, directive: Directive) -> str:
        name, title = directive.name, directive.arg
        if name in {"exercise", "exercise-start"}:
            head, close = f"**{self.label('Exercise')}.** {title}".rstrip(), ""
        elif name == "solution":
            summary = self.label("Solution")
            head, close = f"<details><summary>{summary}</summary>\n", "\n</details>"
        elif name == "solution-start":
            head, close = FOLDED_SOLUTION.get(self.lang, FOLDED_SOLUTION["en"]), ""
        elif name in {"exercise-end", "solution-end"}:
            head, close = "", ""
        else:
            label = ADMONITIONS.get(name) or name.replace("-", " ").capitalize()
            head, close = f"**{self.label(label)}.** {title}".rstrip(), ""
        body = convert(directive.body, self).strip()
        indent = directive.indent
        lines = [head, "", *body.splitlines(), close] if body else [head, close]
        return "\n".join(indent + line if line else "" for line in lines)

    def finish(self, text: str) -> str:
        return replace_roles(text).strip()


def lite_markdown(source: str, lang: str = "en") -> str:
    """A markdown cell as the JupyterLite copy shows it (ends with a newline)."""
    return convert(source, LiteRenderer(lang)) + "\n"


# --- translation (the Korean decks) -----------------------------------------

#: Directives whose body is code or a formula: never translated.
CODE_DIRECTIVES = {"code-cell", "code-block", "code", "math"}
HEADING = re.compile(r"^(?P<lead>\s*#+\s+)(?P<text>.*?)(?P<tail>\s+#+\s*)?$")


def _translated_row(line: str, lookup: Callable[[str], str | None]) -> str:
    cells = line.split("|")
    return "|".join(
        f" {lookup(cell) or cell.strip()} "
        if cell.strip() and not set(cell.strip()) <= set("-: ")
        else cell
        for cell in cells
    )


def _translated_fence(
    token, lines: list[str], start: int, end: int, lookup
) -> list[str] | None:
    match = DIRECTIVE.match(token.info.strip())
    if match is None or match["name"] in CODE_DIRECTIVES:
        return None  # a code block, left as it is
    opening = lines[start]
    indent = opening[: len(opening) - len(opening.lstrip())]
    arg = match["arg"].strip()
    head = f"{indent}{token.markup}{{{match['name']}}}"
    head += f" {lookup(arg) or arg}" if arg else ""
    body = token.content.splitlines()
    options = []
    while body and (option := OPTION.match(body[0].strip())):
        value = option["value"]
        key = f":{option['key']}:"
        options.append(f"{key} {lookup(value) or value}" if value else key)
        body = body[1:]
    inner = translate("\n".join(body), lookup).splitlines() if body else []
    closing = lines[end - 1] if end - 1 > start else ""
    closed = closing.strip().startswith(token.markup) and not closing.strip().strip(
        token.markup[0]
    )
    return [
        head,
        *(indent + line if line.strip() else line for line in options + inner),
        *([closing] if closed else []),
    ]


def translate(source: str, lookup: Callable[[str], str | None]) -> str:
    """``source`` (MyST) with each paragraph, heading, list item, table
    cell, directive title and option value that ``lookup`` knows replaced
    by what it returns (``None``: kept as it is). A translated paragraph
    becomes one line.

    >>> korean = {"Pooling": "풀링", "A pooling layer has no weights.": "가중치 없음."}
    >>> print(translate("## Pooling\\n\\nA pooling layer\\nhas no weights.\\n"
    ...                 "```python\\nPooling = 1\\n```", korean.get))
    ## 풀링
    <BLANKLINE>
    가중치 없음.
    ```python
    Pooling = 1
    ```
    """
    lines = source.splitlines()
    edits: list[tuple[int, int, list[str]]] = []
    tokens = PARSER.parse(source)
    done = 0  # the lines up to here are translated as a whole
    for index, token in enumerate(tokens):
        if token.map and token.map[0] < done:
            continue
        if token.level == 0 and token.map:
            # A whole block as one message (a slide's text: a list, a heading).
            start, end = token.map
            whole = lookup(" ".join("\n".join(lines[start:end]).split()))
            if whole is not None:
                indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
                edits.append((start, end, [indent + whole]))
                done = end
                continue
        if token.type in {"fence", "colon_fence"} and token.map:
            start, end = token.map
            replaced = _translated_fence(token, lines, start, end, lookup)
            if replaced is not None:
                edits.append((start, end, replaced))
        elif token.type == "tr_open" and token.map:
            start, end = token.map
            edits.append((start, end, [_translated_row(lines[start], lookup)]))
        elif token.type == "inline" and token.map and index:
            opener = tokens[index - 1]
            start, end = token.map
            korean = lookup(" ".join(token.content.split()))
            if korean is None:
                continue
            if opener.type == "heading_open" and opener.markup.startswith("#"):
                heading = HEADING.match(lines[start])
                if heading:
                    edits.append((start, end, [heading["lead"] + korean]))
            elif opener.type == "paragraph_open":
                first = token.content.split("\n", 1)[0]
                lead = lines[start][: max(lines[start].find(first), 0)]
                edits.append((start, end, [lead + korean]))
    for start, end, replacement in sorted(edits, reverse=True):
        lines[start:end] = replacement
    return "\n".join(lines)
