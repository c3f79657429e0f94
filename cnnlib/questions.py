"""A question bank: random variants of the course's computations, from a seed.

Six kinds of question, each answered by cnnlib's own formulas
(:mod:`cnnlib.shapes`): a convolution's output size, a layer's parameter
count, a stack's receptive field, a convolution's multiply-adds (MACs),
im2col's column-matrix shape and a pooling's output size.

>>> q = make_question("conv_output", seed=0)
>>> q.kind, isinstance(q.text(), str), len(q.answer)
('conv_output', True, 1)
>>> q.is_right(q.answer), q.is_right(tuple(a + 1 for a in q.answer))
(True, False)

In a notebook, :func:`practice` prints a question and ``question.check(reply)``
says right or not yet (never the answer). For instructors,
``python -m coursetools.exam`` writes an exam sheet and its key.
The texts go through the Korean catalogue like the checks' hints
(:mod:`cnnlib.checks`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cnnlib import checks
from cnnlib.shapes import (
    Conv,
    Pool,
    conv_macs,
    conv_output_size,
    conv_params,
    pool_output_size,
    receptive_fields,
)

__all__ = [
    "KINDS",
    "QUESTION_TEXTS",
    "Question",
    "make_question",
    "practice",
    "question_set",
]

#: English texts (catalogue msgids); ``{...}`` are filled in per variant.
QUESTION_TEXTS: dict[str, str] = {
    "conv_output": (
        "A convolution with {F}x{F} filters, stride {S} and padding {P} is "
        "applied to a {I}x{I} input. What is the height (= width) of its output?"
    ),
    "conv_params": (
        "A convolutional layer has {K} filters of {F}x{F} over {C} input "
        "channels, with biases. How many parameters does it have?"
    ),
    "receptive_field": (
        "A network starts with these layers: {layers}. How large (in input "
        "pixels, one side) is the receptive field of a unit of the last layer?"
    ),
    "macs": (
        "A {F}x{F} convolution with {K} filters, stride 1 and 'same' padding "
        "maps a {H}x{H}x{C} input to a {H}x{H}x{K} output. How many "
        "multiply-adds (MACs) does it take for one image?"
    ),
    "im2col": (
        "im2col unrolls a batch of {N} images of shape ({C}, {H}, {H}) (NCHW) "
        "for {F}x{F} filters with stride {S} and padding {P}. How many rows "
        "and how many columns does the column matrix have?"
    ),
    "pool_output": (
        "A {F}x{F} max pooling with stride {S} is applied to a {I}x{I} map. "
        "What is the height (= width) of its output?"
    ),
    "layer_conv": "{F}x{F} convolution (stride 1)",
    "layer_pool": "{F}x{F} max pooling (stride {F})",
    "answer_one": "Answer: {a}",
    "answer_two": "Answer: {a} rows, {b} columns",
    "practice_prompt": "Reply with question.check(your_answer).",
    "practice_two": "Reply with question.check((rows, columns)).",
    "right": "Right.",
    "not_yet": "Not yet: work it out again with the formula of the chapter.",
    "not_number": "Reply with a whole number (for im2col: a tuple (rows, columns)).",
    "no_reply": "No answer yet: put your answer in question.check(...).",
    "sheet_title": "Exam: computations on CNNs",
    "key_title": "Answer key",
    "sheet_intro": (
        "Seed {seed}, {count} questions. Write each answer as a whole number."
    ),
    "question_label": "Question {n}",
}

KINDS = (
    "conv_output",
    "conv_params",
    "receptive_field",
    "macs",
    "im2col",
    "pool_output",
)


def text(key: str, lang: str | None = None, **values: Any) -> str:
    """``QUESTION_TEXTS[key]`` in ``lang`` (default: ``checks.language()``)."""
    english = QUESTION_TEXTS[key]
    translated = checks.catalogue(lang or checks.language()).get(english, english)
    return translated.format(**values)


@dataclass(frozen=True, repr=False)
class Question:
    """One variant: its ``kind``, its numbers and its ``answer`` (ints).

    Its repr leaves the answer out (a notebook shows it).
    """

    kind: str
    values: dict[str, Any]
    answer: tuple[int, ...]

    def __repr__(self) -> str:
        return f"Question({self.kind!r}, {self.values!r})"

    def text(self, lang: str | None = None) -> str:
        """The question in ``lang`` (English or Korean)."""
        values = dict(self.values)
        if self.kind == "receptive_field":
            parts = [
                text("layer_conv" if kind == "conv" else "layer_pool", lang, F=size)
                for kind, size in self.values["layers"]
            ]
            values["layers"] = ", ".join(parts)
        return text(self.kind, lang, **values)

    def answer_text(self, lang: str | None = None) -> str:
        """The answer, for the key."""
        if len(self.answer) == 2:
            return text(
                "answer_two", lang, a=f"{self.answer[0]:,}", b=f"{self.answer[1]:,}"
            )
        return text("answer_one", lang, a=f"{self.answer[0]:,}")

    def is_right(self, reply: Any) -> bool:
        """Whether ``reply`` (a number, or a pair for im2col) is the answer."""
        try:
            got = tuple(int(r) for r in np.atleast_1d(np.asarray(reply, dtype=float)))
            exact = np.allclose(np.atleast_1d(np.asarray(reply, dtype=float)), got)
        except (TypeError, ValueError):
            return False
        return exact and got == self.answer

    def check(self, reply: Any) -> None:
        """Print right or not yet (never the answer)."""
        if reply is None:
            print(text("no_reply"))
            return
        try:
            np.asarray(reply, dtype=float)
        except (TypeError, ValueError):
            print(text("not_number"))
            return
        print(text("right") if self.is_right(reply) else text("not_yet"))


def _conv_output(rng: np.random.Generator) -> Question:
    F = int(rng.choice([1, 3, 5, 7]))
    S = int(rng.choice([1, 2, 3]))
    P = int(rng.integers(0, F // 2 + 2))
    I = int(rng.integers(F + 2, 65))  # noqa: E741 (the chapters' name for the input size)
    return Question(
        "conv_output", {"F": F, "S": S, "P": P, "I": I}, (conv_output_size(I, F, S, P),)
    )


def _conv_params(rng: np.random.Generator) -> Question:
    F = int(rng.choice([1, 3, 5, 7]))
    C = int(rng.choice([1, 3, 16, 32, 64, 128]))
    K = int(rng.choice([8, 16, 32, 64, 96, 128, 256]))
    return Question("conv_params", {"F": F, "C": C, "K": K}, (conv_params(F, F, C, K),))


def _receptive_field(rng: np.random.Generator) -> Question:
    layers: list[tuple[str, int]] = []
    for index in range(int(rng.integers(3, 6))):
        if index > 0 and layers[-1][0] == "conv" and rng.random() < 0.4:
            layers.append(("pool", 2))
        else:
            layers.append(("conv", int(rng.choice([3, 5]))))
    specs: list[object] = [
        Conv(8, size) if kind == "conv" else Pool(size) for kind, size in layers
    ]
    field = receptive_fields(specs)[-1].size
    return Question("receptive_field", {"layers": tuple(layers)}, (field,))


def _macs(rng: np.random.Generator) -> Question:
    F = int(rng.choice([1, 3, 5]))
    H = int(rng.choice([7, 14, 28, 32, 56]))
    C = int(rng.choice([3, 16, 32, 64]))
    K = int(rng.choice([16, 32, 64, 128]))
    return Question(
        "macs", {"F": F, "H": H, "C": C, "K": K}, (conv_macs(H, H, F, F, C, K),)
    )


def _im2col(rng: np.random.Generator) -> Question:
    N = int(rng.choice([1, 2, 8, 10, 32]))
    C = int(rng.choice([1, 3, 16]))
    H = int(rng.choice([5, 7, 8, 28, 32]))
    F = int(rng.choice([2, 3, 5]))
    S = int(rng.choice([1, 2]))
    P = int(rng.integers(0, F // 2 + 1))
    side = conv_output_size(H, F, S, P)
    return Question(
        "im2col",
        {"N": N, "C": C, "H": H, "F": F, "S": S, "P": P},
        (N * side * side, C * F * F),
    )


def _pool_output(rng: np.random.Generator) -> Question:
    F = int(rng.choice([2, 3]))
    S = int(rng.choice([1, 2, 3]))
    I = int(rng.integers(F + 1, 57))  # noqa: E741
    return Question(
        "pool_output", {"F": F, "S": S, "I": I}, (pool_output_size(I, F, S),)
    )


_MAKERS: dict[str, Callable[[np.random.Generator], Question]] = {
    "conv_output": _conv_output,
    "conv_params": _conv_params,
    "receptive_field": _receptive_field,
    "macs": _macs,
    "im2col": _im2col,
    "pool_output": _pool_output,
}


def make_question(kind: str, seed: int | None = None) -> Question:
    """One variant of ``kind`` (one of :data:`KINDS`) from ``seed`` (None: fresh)."""
    if kind not in _MAKERS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return _MAKERS[kind](np.random.default_rng(seed))


def question_set(seed: int, count: int, kinds: Sequence[str] = KINDS) -> list[Question]:
    """``count`` questions from ``seed``, the kinds in turn (an exam)."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"count must be a positive integer, got {count!r}")
    for kind in kinds:
        if kind not in _MAKERS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    rng = np.random.default_rng(seed)
    return [_MAKERS[kinds[i % len(kinds)]](rng) for i in range(count)]


def practice(kind: str | None = None, seed: int | None = None) -> Question:
    """Print a question (``kind`` or a random one; ``seed=None``: a fresh one).

    Reply with ``question.check(answer)``.
    """
    rng = np.random.default_rng(seed)
    chosen = kind or str(rng.choice(KINDS))
    question = _MAKERS[chosen](rng) if chosen in _MAKERS else make_question(chosen)
    prompt = "practice_two" if len(question.answer) == 2 else "practice_prompt"
    print(question.text())
    print(text(prompt))
    return question
