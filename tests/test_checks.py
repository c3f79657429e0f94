"""cnnlib.checks: every reference passes, every typical mistake gets its hint,
no message shows the reference, both languages."""

import re

import numpy as np
import pytest

from cnnlib import checks

LABELS = sorted(checks.CHECKS)
MISTAKES = [
    (label, index)
    for label in LABELS
    for index in range(len(checks.CHECKS[label].mistakes))
]


def test_every_chapter_has_at_least_three_checks():
    chapters = [c.chapter for c in checks.CHECKS.values()]
    assert {n: chapters.count(n) >= 3 for n in range(1, 9)} == dict.fromkeys(
        range(1, 9), True
    )


@pytest.mark.parametrize("label", LABELS)
def test_the_reference_solution_passes(label, capsys):
    c = checks.CHECKS[label]
    context = c.context()
    checks.check(label, c.solution(**context), **context)
    assert capsys.readouterr().out == f"{label}: right.\n"


@pytest.mark.parametrize("label", LABELS)
def test_every_check_knows_a_typical_mistake(label):
    assert checks.CHECKS[label].mistakes


@pytest.mark.parametrize(("label", "index"), MISTAKES)
def test_a_typical_mistake_gets_its_hint(label, index):
    c = checks.CHECKS[label]
    context = c.context()
    wrong, key = c.mistakes[index]
    assert checks.hint_key(label, wrong(**context), **context) == key
    line = checks.verdict(label, wrong(**context), **context)
    hint = checks.MESSAGES[key].split("{")[0]
    assert line.startswith(f"{label}: not yet. ") and hint in line


def reference_numbers(value) -> set[str]:
    """The numbers a message must not show: each scalar of the reference."""
    if callable(value):
        return set()
    if isinstance(value, str):
        return {value}
    array = np.asarray(value, dtype=float).ravel()
    found = set()
    for number in array:
        if float(number).is_integer():
            found |= {f"{int(number)}", f"{int(number):,}"}
        else:
            found |= {
                f"{number:.2f}",
                f"{number:.3f}",
                f"{number:.4f}",
                repr(float(number)),
            }
    return found


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("label", LABELS)
def test_no_message_shows_the_reference_value(label, lang):
    c = checks.CHECKS[label]
    context = c.context()
    reference = c.solution(**context)
    if not c.unique:  # a property is checked; no number is "the" answer
        reference = np.array2string(np.asarray(reference))
    answers = [None, 0, "x", np.zeros(2), *(m(**context) for m, _ in c.mistakes)]
    lines = [checks.verdict(label, a, lang=lang, **context) for a in answers]
    for line in lines:
        body = line.removeprefix(label)
        for number in reference_numbers(reference):
            if len(number.strip("0.,")) > 1:  # one digit tells nothing
                assert not re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", body), (
                    label,
                    line,
                )


def test_a_function_answer_reports_its_error_not_a_traceback():
    def broken(x, W, dout):
        return x @ W

    assert checks.hint_key("ex-conv-backward", broken) == "raised"
    assert "ValueError" in checks.verdict("ex-conv-backward", broken)


def test_not_implemented_counts_as_no_answer():
    def stub(x):
        raise NotImplementedError

    assert checks.hint_key("ex-maxpool-numpy", stub) == "none"


def test_float32_answers_get_the_precision_hint():
    reference = checks.CHECKS["ex-conv-backward"].solution()
    x, W, dout = checks._conv_inputs()

    def float32(x, W, dout):
        return reference(
            x.astype(np.float32), W.astype(np.float32), dout.astype(np.float32)
        )

    key = checks.hint_key("ex-conv-backward", float32)
    assert key in (None, "precision")  # float32 may be within 1e-7 or just outside
    line = checks.verdict("ex-conv-backward", lambda *a: reference(*a) * (1 + 1e-5))
    assert "float64" in line


def test_korean_messages_cover_every_english_one():
    table = checks.catalogue("ko")
    assert set(checks.MESSAGES.values()) <= set(table)
    assert checks.verdict("ch1-ex-padding", 28, lang="ko").startswith(
        "ch1-ex-padding: 아직 아닙니다."
    )


def test_set_language_selects_the_edition(capsys):
    try:
        checks.set_language("ko")
        checks.check("ch1-ex-padding", None)
        assert "아직 답이 없습니다" in capsys.readouterr().out
    finally:
        checks.set_language("en")
    with pytest.raises(ValueError, match="language"):
        checks.set_language("fr")


def test_an_unknown_label_is_refused():
    with pytest.raises(ValueError, match="no check is called"):
        checks.check("ex-nonexistent", 1)


def test_wrong_types_get_a_hint():
    assert checks.hint_key("ch1-ex-alexnet-params", 5) == "not_tuple"
    assert checks.hint_key("ch1-ex-padding", "24") == "not_number"
    assert checks.hint_key(
        "ex-conv-stride-loop", [[1]], **checks._stride_loop_context()
    ) == ("not_array")
    assert checks.hint_key("ex-im2col-avgpool", 3) == "not_callable"


NUMBER_WORDS = "zero one two three four five six seven eight nine ten".split()


def test_every_chapter_has_five_exercises_and_uses_its_checks():
    """Issue 26: at least 5 exercises per chapter, and every registered
    check is called in its own chapter (so the 3 checks per chapter are
    exercises a student meets, not only entries in cnnlib)."""
    import json

    from coursetools import ROOT

    for number in range(1, 9):
        (path,) = [
            p
            for p in (ROOT / "chapters").glob(f"{number:02d}_*.ipynb")
            if not p.name.endswith(".ko.ipynb")
        ]
        cells = json.loads(path.read_text("utf-8"))["cells"]
        prose = "\n".join(
            "".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
        )
        code = "\n".join(
            "".join(c["source"]) for c in cells if c["cell_type"] == "code"
        )
        exercises = re.findall(r"^\s*[`:]{3,}\{exercise(?:-start)?\}", prose, re.M)
        assert len(exercises) >= 5, (path.name, len(exercises))
        # The Exercises slide's speaker notes, where they count the
        # exercises, count them right (they fell behind twice).
        for cell in cells:
            notes = cell.get("metadata", {}).get("slides", {}).get("notes", "")
            for word in re.findall(r"\b([A-Za-z]+) exercises\b", notes):
                if word.lower() in NUMBER_WORDS:
                    said = NUMBER_WORDS.index(word.lower())
                    assert said == len(exercises), (path.name, word, len(exercises))
        for label, c in checks.CHECKS.items():
            if c.chapter == number:
                assert f'cnnlib.check("{label}"' in code, (path.name, label)
