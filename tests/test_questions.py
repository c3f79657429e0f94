"""cnnlib.questions: seeded variants whose answers come from cnnlib's formulas."""

import numpy as np
import pytest

import cnnlib
from cnnlib import questions


@pytest.mark.parametrize("kind", questions.KINDS)
def test_the_same_seed_gives_the_same_question(kind):
    assert questions.make_question(kind, 3) == questions.make_question(kind, 3)
    texts = {questions.make_question(kind, seed).text() for seed in range(20)}
    assert len(texts) > 5


@pytest.mark.parametrize("seed", range(30))
def test_answers_agree_with_an_independent_computation(seed):
    q = questions.make_question("conv_output", seed)
    v = q.values
    assert q.answer == ((v["I"] + 2 * v["P"] - v["F"]) // v["S"] + 1,)
    q = questions.make_question("conv_params", seed)
    v = q.values
    assert q.answer == (v["F"] * v["F"] * v["C"] * v["K"] + v["K"],)
    q = questions.make_question("macs", seed)
    v = q.values
    assert q.answer == (v["H"] ** 2 * v["F"] ** 2 * v["C"] * v["K"],)
    q = questions.make_question("im2col", seed)
    v = q.values
    x = np.zeros((v["N"], v["C"], v["H"], v["H"]))
    assert q.answer == cnnlib.im2col(x, v["F"], v["F"], v["S"], v["P"]).shape
    q = questions.make_question("pool_output", seed)
    v = q.values
    assert q.answer == ((v["I"] - v["F"]) // v["S"] + 1,)
    q = questions.make_question("receptive_field", seed)
    impulse_side = 1
    jump = 1
    for kind, size in q.values["layers"]:
        impulse_side += (size - 1) * jump
        jump *= size if kind == "pool" else 1
    assert q.answer == (impulse_side,)


def test_check_says_right_or_not_yet_without_the_answer(capsys):
    q = questions.make_question("im2col", 0)
    q.check(q.answer)
    q.check((q.answer[0] + 1, q.answer[1]))
    q.check(None)
    q.check("many")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Right." and out[1].startswith("Not yet")
    assert out[2].startswith("No answer yet") and out[3].startswith("Reply with")
    assert str(q.answer[0]) not in " ".join(out) and "answer" not in repr(q)


def test_practice_prints_a_question_in_the_chosen_language(capsys):
    try:
        cnnlib.set_language("ko")
        q = cnnlib.practice("pool_output", seed=1)
    finally:
        cnnlib.set_language("en")
    out = capsys.readouterr().out
    assert "최대 풀링" in out and q.kind == "pool_output"
    assert questions.practice(seed=5).kind in questions.KINDS


def test_question_set_cycles_the_kinds_and_rejects_bad_input():
    qs = questions.question_set(1, 12)
    assert [q.kind for q in qs] == list(questions.KINDS) * 2
    assert qs == questions.question_set(1, 12)
    with pytest.raises(ValueError, match="count"):
        questions.question_set(1, 0)
    with pytest.raises(ValueError, match="kind"):
        questions.make_question("nonsense")


def test_every_text_is_translated():
    table = cnnlib.checks.catalogue("ko")
    assert set(questions.QUESTION_TEXTS.values()) <= set(table)
