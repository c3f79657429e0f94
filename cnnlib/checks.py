"""Checked exercises: ``check(label, answer)`` says right or wrong, with a hint.

Every checked exercise of the chapters ends with a cell such as::

    cnnlib.check("ex-conv-stride-loop", my_out, x=x5, kernel=k)

which prints one line: the label, "right" or "not yet", and for a wrong
answer a hint aimed at the usual mistake (a wrong shape, an off-by-one
padding, transposed axes, a flipped kernel, a forgotten bias, a gradient
of the wrong sign, float32 precision). The reference answer is computed
here from cnnlib's own formulas and is never printed. Pure NumPy, so the
checks run in the browser copy of the chapters (Pyodide) too.

The messages are English; ``set_language("ko")`` (or the environment
variable ``CNNLIB_LANG=ko``) selects the Korean edition's, which
``coursetools.check_messages`` compiles from the catalogue
``locales/ko/LC_MESSAGES/cnnlib_checks.po`` into ``cnnlib/data/checks_ko.json``.

Answers are NumPy arrays in NCHW for the from-scratch code, plain numbers,
tuples of numbers, or functions, which are called on test inputs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from cnnlib.gradcheck import numerical_gradient, relative_error
from cnnlib.im2col import im2col
from cnnlib.shapes import (
    Conv,
    Dense,
    GlobalPool,
    Pool,
    conv_macs,
    conv_output_size,
    conv_params,
    dense_params,
    pool_output_size,
    receptive_fields,
    shape_table,
)

__all__ = ["CHECKS", "MESSAGES", "check", "language", "set_language", "message"]

DATA = Path(__file__).parent / "data"
LANGUAGES = ("en", "ko")

#: Every text a check prints: key -> English (the catalogue's msgid).
MESSAGES: dict[str, str] = {
    "right": "{label}: right.",
    "wrong": "{label}: not yet. {hint}",
    "none": (
        "No answer yet: replace the None (or the NotImplementedError) above "
        "with your answer and run this cell again."
    ),
    "raised": "Your code raised {error}; fix it and run this cell again.",
    "not_number": "Expected a number, got {got}.",
    "not_tuple": "Expected {count} numbers in a tuple, in the order the exercise asks.",
    "not_array": "Expected a NumPy array, got {got}.",
    "not_callable": "Expected a function (def ...), got {got}.",
    "generic": (
        "The value is not right. Work it out again step by step, with the "
        "formula of the chapter."
    ),
    "shape": (
        "Wrong shape: yours is {got}. Count the output positions along each "
        "axis again: (I + 2P - F) // S + 1."
    ),
    "off_by_one": (
        "Off by one. Did you forget the + 1 in (I + 2P - F) // S + 1, or count "
        "the padding on one side only?"
    ),
    "padding": "Did you forget the padding? It adds P zeros on each side.",
    "stride": "Did you forget the stride? The window moves S pixels at a time.",
    "transposed": (
        "The numbers are right but the axes are swapped: check the layout "
        "(NCHW for the NumPy code, NHWC for Keras) and the order of your axes."
    ),
    "order": (
        "The numbers are right but in the wrong "
        "order: give them in the order the exercise asks."
    ),
    "flipped": (
        "You flipped the kernel: that is a true convolution. The course, like "
        "Keras, computes cross-correlation: slide the kernel as it is."
    ),
    "bias": "Close: you forgot the biases (one per filter or per unit).",
    "extra_bias": "Close: this exercise counts weights without biases.",
    "channels": (
        "Did you forget the input channels? Each filter is as deep as its "
        "input: FH * FW * C weights."
    ),
    "sign": (
        "The sign is wrong: your gradient points the other way. Check the "
        "sign of each term."
    ),
    "precision": (
        "Close, but only to about float32 precision (relative error {error:.1e}). "
        "Compute in float64: float32 keeps about 7 significant digits."
    ),
    "gradient": (
        "Your gradient does not match the numerical gradient (relative error "
        "{error:.1e}; below 1e-7 is right). Check each step of the chain rule."
    ),
    "strides_formula": (
        "A stride tiles the input exactly when it divides I - F, not I: the "
        "last window must end on the last pixel."
    ),
    "c3_full": (
        "That is the fully connected C3: in the paper each map sees only some "
        "of S2's maps, so each filter is only as deep as the maps it sees."
    ),
    "pool_average": (
        "Your pooling averages: max pooling keeps the largest value of each window."
    ),
    "pool_max": (
        "Your pooling keeps the maximum: average pooling takes the mean of each window."
    ),
    "window_layout": (
        "Your windows mix the channels or the images: pool each channel of "
        "each image on its own (reshape to (N * C, 1, H, W) first)."
    ),
    "rows_cols": (
        "Rows and columns swapped: the column matrix has one row per output "
        "position of every image and one column per value in a window."
    ),
    "jump": (
        "Each 3x3 layer adds (F - 1) times the jump, and after two poolings "
        "the jump is no longer 1."
    ),
    "bottleneck_1x1": (
        "Did you forget the 1x1 convolution? The bottleneck branch costs both "
        "convolutions."
    ),
    "separable_rounded": (
        "The equation has an exact solution; do not round K to a whole number."
    ),
    "fan_out": (
        "That is the fan-out (filters x window). He initialisation uses the "
        "fan-in: the values one unit sums, FH * FW * C."
    ),
    "lecun_std": (
        "That is sqrt(1 / fan_in), LeCun's initialisation (and Glorot's when "
        "fan-in equals fan-out); He's doubles the variance for ReLU: "
        "sqrt(2 / fan_in)."
    ),
    "bn_trainable": (
        "Of the four vectors per channel, only gamma and beta are trained; "
        "the moving mean and variance are updated, not trained."
    ),
    "bn_batch_stats": (
        "You normalised with the batch's own mean and variance: in inference "
        "mode BatchNorm uses the stored moving statistics."
    ),
    "bn_epsilon": "Add epsilon to the variance before the square root.",
    "warmup_off_by_one": (
        "Off by one: warm-up starts at 0 at step 0 and reaches its target at "
        "step warmup_steps, so step s gets target * s / warmup_steps."
    ),
    "softmax_pw": (
        "The derivative of p_w with respect to z_j is p_w (delta_wj - p_j): "
        "did you leave out the factor p_w?"
    ),
    "diagonal_range": "Keep every weight between -1 and 1.",
    "diagonal_other": (
        "Your filter answers the other diagonal (/) more strongly: flip it "
        "left to right."
    ),
    "diagonal_weak": (
        "Your filter responds as strongly to the other diagonal: give the "
        "off-diagonal positions negative weights."
    ),
    "projection_kernel": "A projection shortcut is a 1x1 convolution, not a 3x3 one.",
    "same_size": (
        "With padding 'same' the output keeps the input's size only at stride "
        "1; this layer has no padding."
    ),
}

_language = os.environ.get("CNNLIB_LANG", "en")
_catalogues: dict[str, dict[str, str]] = {}


def set_language(lang: str) -> None:
    """Print the checks' messages in ``lang``: ``"en"`` or ``"ko"``."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
    _language = lang


def language() -> str:
    """The language the checks print in (``set_language``)."""
    return _language if _language in LANGUAGES else "en"


def catalogue(lang: str) -> dict[str, str]:
    """English msgid -> translation of ``cnnlib/data/checks_<lang>.json``."""
    if lang == "en":
        return {}
    if lang not in _catalogues:
        path = DATA / f"checks_{lang}.json"
        _catalogues[lang] = json.loads(path.read_text("utf-8"))
    return _catalogues[lang]


def message(key: str, lang: str | None = None, **values: Any) -> str:
    """The text ``MESSAGES[key]`` in ``lang`` (default: ``language()``), filled in."""
    english = MESSAGES[key]
    text = catalogue(lang or language()).get(english, english)
    return text.format(**values)


# --- answers -----------------------------------------------------------------


class Wrong(Exception):
    """A wrong answer: ``key`` names the hint in MESSAGES."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def _short(value: Any) -> str:
    text = type(value).__name__
    return text


def _number(answer: Any) -> float:
    if answer is None:
        raise Wrong("none")
    if isinstance(answer, bool) or not isinstance(answer, int | float | np.number):
        raise Wrong("not_number", got=_short(answer))
    return float(answer)


def _numbers(answer: Any, count: int) -> list[float]:
    if answer is None or (
        isinstance(answer, tuple | list) and any(a is None for a in answer)
    ):
        raise Wrong("none")
    if count == 1:
        return [_number(answer)]
    if not isinstance(answer, tuple | list) or len(answer) != count:
        raise Wrong("not_tuple", count=count)
    return [_number(a) for a in answer]


def _array(answer: Any) -> np.ndarray:
    if answer is None:
        raise Wrong("none")
    if not isinstance(answer, np.ndarray):
        raise Wrong("not_array", got=_short(answer))
    return answer


def _call(function: Any, *args: Any) -> Any:
    if function is None:
        raise Wrong("none")
    if not callable(function):
        raise Wrong("not_callable", got=_short(function))
    try:
        return function(*(a.copy() if isinstance(a, np.ndarray) else a for a in args))
    except NotImplementedError:
        raise Wrong("none") from None
    except Exception as error:  # the student's code: report it, as a hint
        raise Wrong("raised", error=type(error).__name__) from None


def _same(a: list[float], b: list[float], rtol: float = 1e-9) -> bool:
    return len(a) == len(b) and bool(np.allclose(a, b, rtol=rtol, atol=0))


def compare_numbers(
    answer: Any,
    reference: list[float],
    mistakes: list[tuple[list[float], str]] = (),  # type: ignore[assignment]
    rtol: float = 1e-9,
) -> None:
    """Raise :class:`Wrong` unless ``answer`` equals ``reference`` (in order).

    ``mistakes``: (the values a typical mistake gives, its hint key); a
    value off by one in a single place gives ``off_by_one``; the right
    values in another order give ``order``.
    """
    got = _numbers(answer, len(reference))
    if _same(got, reference, rtol):
        return
    for values, key in mistakes:
        if _same(got, values, rtol):
            raise Wrong(key)
    if sorted(got) == sorted(reference):
        raise Wrong("order")
    differences = sorted(abs(g - r) for g, r in zip(got, reference, strict=True))
    if all(float(r).is_integer() for r in reference) and differences[-1] == 1:
        raise Wrong("off_by_one")
    raise Wrong("generic")


def compare_arrays(
    got: np.ndarray,
    reference: np.ndarray,
    mistakes: list[tuple[np.ndarray, str]] = (),  # type: ignore[assignment]
    failure: str = "generic",
) -> None:
    """Raise :class:`Wrong` unless ``got`` matches ``reference`` in float64.

    Relative error (CS231n): under 1e-7 is right, under 1e-3 is float32
    precision. Else a matching entry of ``mistakes`` (same shape, same
    values) names the hint; a transposed or wrong shape says so.
    """
    reference = np.asarray(reference, dtype=np.float64)
    got = got.astype(np.float64)
    if got.shape != reference.shape:
        if _transposed(got, reference):
            raise Wrong("transposed")
        for values, key in mistakes:
            if got.shape == np.shape(values):
                raise Wrong(key)
        raise Wrong("shape", got=tuple(got.shape))
    error = relative_error(got, reference)
    if error < 1e-7:
        return
    for values, key in mistakes:
        values = np.asarray(values, np.float64)
        if values.shape == got.shape and relative_error(got, values) < 1e-6:
            raise Wrong(key)
    if error < 1e-3:
        raise Wrong("precision", error=error)
    if relative_error(-got, reference) < 1e-6:
        raise Wrong("sign")
    if _transposed(got, reference):
        raise Wrong("transposed")
    raise Wrong(failure, error=error)


def _transposed(got: np.ndarray, reference: np.ndarray) -> bool:
    """Whether some other order of ``got``'s axes gives ``reference``."""
    from itertools import permutations

    for axes in permutations(range(got.ndim)):
        moved = np.transpose(got, axes)
        if axes != tuple(range(got.ndim)) and moved.shape == reference.shape:
            if relative_error(moved, reference) < 1e-6:
                return True
    return False


# --- the checks ------------------------------------------------------------------


@dataclass
class Check:
    """One checked exercise.

    ``test(answer, **context)`` raises :class:`Wrong` for a wrong answer.
    ``solution(**context)`` is the reference answer in the form a student
    gives it (a function where the exercise asks for one), and ``mistakes``
    the typical wrong answers with the hint each
    must get (the tests run both). ``context`` holds the exercise's inputs.
    """

    label: str
    chapter: int
    test: Callable[..., None]
    solution: Callable[..., Any]
    mistakes: list[tuple[Callable[..., Any], str]] = field(default_factory=list)
    context: Callable[[], dict[str, Any]] = dict
    #: False where many answers are right (a property is checked, e.g. a
    #: filter that prefers one diagonal): ``solution`` is one of them.
    unique: bool = True


CHECKS: dict[str, Check] = {}


def _register(check_: Check) -> None:
    CHECKS[check_.label] = check_


def check(label: str, answer: Any, **context: Any) -> None:
    """Check the answer to exercise ``label``; print right, or not yet and a hint.

    Parameters
    ----------
    label : str
        The exercise's label, as in the book (e.g. ``"ex-conv-stride-loop"``).
    answer : number, tuple, ndarray or function
        What the exercise asks for (``None`` while not answered).
    **context
        The exercise's inputs where the check needs them (its text says so).

    Never prints the reference answer.
    """
    if label not in CHECKS:
        raise ValueError(f"no check is called {label!r}; known: {sorted(CHECKS)}")
    print(verdict(label, answer, **context))


def verdict(label: str, answer: Any, lang: str | None = None, **context: Any) -> str:
    """The line :func:`check` prints."""
    try:
        CHECKS[label].test(answer, **context)
    except Wrong as wrong:
        hint = message(wrong.key, lang, **wrong.values)
        return message("wrong", lang, label=label, hint=hint)
    return message("right", lang, label=label)


def hint_key(label: str, answer: Any, **context: Any) -> str | None:
    """The key of the hint ``answer`` gets, or None if it is right."""
    try:
        CHECKS[label].test(answer, **context)
    except Wrong as wrong:
        return wrong.key
    return None


def _plus(values: list[float], *deltas: float) -> list[float]:
    return [v + d for v, d in zip(values, deltas, strict=True)]


def _numbers_check(
    label: str,
    chapter: int,
    reference: Callable[[], list[float]],
    mistakes: list[tuple[Callable[[], list[float]], str]],
    rtol: float = 1e-9,
) -> None:
    def test(answer: Any) -> None:
        compare_numbers(answer, reference(), [(m(), key) for m, key in mistakes], rtol)

    def as_answer(values: list[float]) -> Any:
        cast = [int(v) if float(v).is_integer() else v for v in values]
        return cast[0] if len(cast) == 1 else tuple(cast)

    _register(
        Check(
            label,
            chapter,
            test,
            lambda: as_answer(reference()),
            [(lambda m=m: as_answer(m()), key) for m, key in mistakes],
        )
    )


# Chapter 1 -------------------------------------------------------------------

_numbers_check(
    "ch1-ex-alexnet-params",
    1,
    lambda: [conv_params(5, 5, 96, 256), dense_params(6 * 6 * 256, 4096)],
    [
        (
            lambda: [conv_params(5, 5, 96, 256, bias=False), dense_params(9216, 4096)],
            "bias",
        ),
        (
            lambda: [conv_params(5, 5, 96, 256), dense_params(9216, 4096, bias=False)],
            "bias",
        ),
        (lambda: [conv_params(5, 5, 1, 256), dense_params(9216, 4096)], "channels"),
    ],
)
_numbers_check(
    "ch1-ex-c3-table",
    1,
    lambda: [
        6 * conv_params(5, 5, 3, 1)
        + 9 * conv_params(5, 5, 4, 1)
        + conv_params(5, 5, 6, 1)
    ],
    [
        (lambda: [conv_params(5, 5, 6, 16)], "c3_full"),
        (
            lambda: [
                6 * conv_params(5, 5, 3, 1, bias=False)
                + 9 * conv_params(5, 5, 4, 1, bias=False)
                + conv_params(5, 5, 6, 1, bias=False)
            ],
            "bias",
        ),
    ],
)
_numbers_check(
    "ch1-ex-padding",
    1,
    lambda: [conv_output_size(28, 5)],
    [(lambda: [28], "same_size"), (lambda: [28 - 5], "off_by_one")],
)

# Chapter 2 -------------------------------------------------------------------

_numbers_check(
    "ch2-ex-layer-params",
    2,
    lambda: [conv_params(3, 3, 64, 64), dense_params(3 * 3 * 64, 64)],
    [
        (
            lambda: [conv_params(3, 3, 64, 64, bias=False), dense_params(576, 64)],
            "bias",
        ),
        (
            lambda: [conv_params(3, 3, 64, 64), dense_params(576, 64, bias=False)],
            "bias",
        ),
        (lambda: [conv_params(3, 3, 1, 64), dense_params(576, 64)], "channels"),
    ],
)
_numbers_check(
    "ch2-ex-cifar",
    2,
    lambda: [dense_params(32 * 32 * 3, 256), conv_params(3, 3, 3, 32)],
    [
        (lambda: [dense_params(32 * 32, 256), conv_params(3, 3, 1, 32)], "channels"),
        (
            lambda: [dense_params(32 * 32 * 3, 256), conv_params(3, 3, 1, 32)],
            "channels",
        ),
        (
            lambda: [
                dense_params(32 * 32 * 3, 256, bias=False),
                conv_params(3, 3, 3, 32, bias=False),
            ],
            "bias",
        ),
    ],
)
_numbers_check(
    "ch2-ex-weight-uses",
    2,
    lambda: [conv_output_size(28, 3) ** 2],
    [(lambda: [28 * 28], "same_size"), (lambda: [(28 - 3) ** 2], "off_by_one")],
)

# Chapter 3 -------------------------------------------------------------------


def _correlate(x: np.ndarray, kernel: np.ndarray, stride: int, pad: int) -> np.ndarray:
    padded = np.pad(np.asarray(x, dtype=np.float64), pad)
    F = kernel.shape[0]
    size = conv_output_size(x.shape[0], F, stride=stride, pad=pad)
    out = np.empty((size, size))
    for i in range(size):
        for j in range(size):
            window = padded[i * stride : i * stride + F, j * stride : j * stride + F]
            out[i, j] = np.sum(window * kernel)
    return out


def _stride_loop_context() -> dict[str, Any]:
    return {
        "x": np.arange(25).reshape(5, 5),
        "kernel": np.array([[2, 0, 1], [0, 1, 2], [1, 0, 2]]),
    }


def _stride_loop_test(answer: Any, x: np.ndarray, kernel: np.ndarray) -> None:
    got = _array(answer)
    reference = _correlate(x, kernel, 2, 1)
    compare_arrays(
        got,
        reference,
        [
            (_correlate(x, kernel[::-1, ::-1], 2, 1), "flipped"),
            (_correlate(x, kernel, 2, 0), "padding"),
            (_correlate(x, kernel, 1, 1), "stride"),
        ],
    )


_register(
    Check(
        "ex-conv-stride-loop",
        3,
        _stride_loop_test,
        lambda x, kernel: _correlate(x, kernel, 2, 1),
        [
            (lambda x, kernel: _correlate(x, kernel[::-1, ::-1], 2, 1), "flipped"),
            (lambda x, kernel: _correlate(x, kernel, 2, 1).T, "transposed"),
            (lambda x, kernel: _correlate(x, kernel, 2, 0), "padding"),
            (lambda x, kernel: _correlate(x, kernel, 1, 1), "stride"),
        ],
        _stride_loop_context,
    )
)


def _exact_strides(size: int, F: int, dividing: int) -> list[int]:
    return [S for S in range(1, 7) if dividing % S == 0]


def _exact_strides_reference() -> list[int]:
    exact = []
    for S in range(1, 7):
        try:
            conv_output_size(28, 3, stride=S, exact=True)
        except ValueError:
            continue
        exact.append(S)
    return exact


def _exact_strides_test(answer: Any) -> None:
    if answer is None:
        raise Wrong("none")
    if not isinstance(answer, list | tuple | range):
        raise Wrong("not_tuple", count=len(_exact_strides_reference()))
    got = sorted(int(a) for a in answer)
    if got == _exact_strides_reference():
        return
    if got == _exact_strides(28, 3, 28):
        raise Wrong("strides_formula")
    raise Wrong("generic")


_register(
    Check(
        "ex-conv-exact-strides",
        3,
        _exact_strides_test,
        _exact_strides_reference,
        [(lambda: _exact_strides(28, 3, 28), "strides_formula")],
    )
)
_numbers_check(
    "ex-conv-three-3x3",
    3,
    lambda: [
        3 * conv_params(3, 3, 32, 32, bias=False),
        conv_params(7, 7, 32, 32, bias=False),
    ],
    [
        (
            lambda: [3 * conv_params(3, 3, 32, 32), conv_params(7, 7, 32, 32)],
            "extra_bias",
        ),
        (lambda: [3 * 3 * 3, 7 * 7], "channels"),
    ],
)

# Chapter 4 -------------------------------------------------------------------

_numbers_check(
    "ex-pool-overlap",
    4,
    lambda: [
        10,
        pool_output_size(27, 3, stride=2),
        pool_output_size(27, 3, stride=2),
        16,
    ],
    [
        (lambda: [10, 16, 13, 13], "transposed"),
        (
            lambda: [10, pool_output_size(27, 3, 3), pool_output_size(27, 3, 3), 16],
            "stride",
        ),
    ],
)
_numbers_check(
    "ex-gap-head",
    4,
    lambda: [
        sum(
            row.params
            for row in shape_table(
                (28, 28, 1),
                [
                    Conv(32, 3),
                    Pool(2),
                    Conv(64, 3),
                    Pool(2),
                    Conv(64, 3),
                    GlobalPool(),
                    Dense(10),
                ],
            )
        )
    ],
    [
        (
            lambda: [
                sum(
                    row.params
                    for row in shape_table(
                        (28, 28, 1),
                        [
                            Conv(32, 3),
                            Pool(2),
                            Conv(64, 3),
                            Pool(2),
                            Conv(64, 3),
                            GlobalPool(),
                            Dense(10),
                        ],
                    )
                )
                - 32
                - 64
                - 64
                - 10
            ],
            "bias",
        )
    ],
)


def _max_pool(x: np.ndarray) -> np.ndarray:
    N, C, H, W = x.shape
    return x.reshape(N, C, H // 2, 2, W // 2, 2).max(axis=(3, 5))


def _pool_inputs() -> np.ndarray:
    return np.random.default_rng(4).standard_normal((2, 3, 6, 8))


def _max_pool_test(answer: Any) -> None:
    x = _pool_inputs()
    got = _call(answer, x)
    if not isinstance(got, np.ndarray):
        raise Wrong("not_array", got=_short(got))
    N, C, H, W = x.shape
    average = x.reshape(N, C, H // 2, 2, W // 2, 2).mean(axis=(3, 5))
    nhwc = x.transpose(0, 2, 3, 1).reshape(N, H // 2, 2, W // 2, 2, C).max(axis=(2, 4))
    compare_arrays(got, _max_pool(x), [(average, "pool_average"), (nhwc, "transposed")])


_register(
    Check(
        "ex-maxpool-numpy",
        4,
        _max_pool_test,
        lambda: _max_pool,
        [
            (
                lambda: (
                    lambda x: x.reshape(*x.shape[:2], x.shape[2] // 2, 2, -1, 2).mean(
                        axis=(3, 5)
                    )
                ),
                "pool_average",
            ),
            (lambda: lambda x: _max_pool(x)[..., :-1], "shape"),
        ],
    )
)

# Chapter 5 -------------------------------------------------------------------


def _avg_pool(x: np.ndarray, P: int) -> np.ndarray:
    N, C, H, W = x.shape
    return x.reshape(N, C, H // P, P, W // P, P).mean(axis=(3, 5))


def _avg_pool_test(answer: Any) -> None:
    x = np.random.default_rng(5).standard_normal((2, 3, 8, 8))
    got = _call(answer, x, 2)
    if not isinstance(got, np.ndarray):
        raise Wrong("not_array", got=_short(got))
    maximum = x.reshape(2, 3, 4, 2, 4, 2).max(axis=(3, 5))
    mixed = im2col(x, 2, 2, stride=2).mean(axis=1)
    compare_arrays(
        got,
        _avg_pool(x, 2),
        [(maximum, "pool_max"), (np.resize(mixed, (2, 3, 4, 4)), "window_layout")],
    )


def _avg_pool_mixed(x: np.ndarray, P: int) -> np.ndarray:
    N, C, H, W = x.shape
    col = im2col(x, P, P, stride=P)
    return np.resize(col.mean(axis=1), (N, C, H // P, W // P))


_register(
    Check(
        "ex-im2col-avgpool",
        5,
        _avg_pool_test,
        lambda: _avg_pool,
        [
            (
                lambda: lambda x, P: x.reshape(2, 3, 4, 2, 4, 2).max(axis=(3, 5)),
                "pool_max",
            ),
            (lambda: _avg_pool_mixed, "window_layout"),
        ],
    )
)
_numbers_check(
    "ex-im2col-shape",
    5,
    lambda: [64 * conv_output_size(32, 3, pad=1) ** 2, 3 * 3 * 3],
    [
        (lambda: [3 * 3 * 3, 64 * 32 * 32], "rows_cols"),
        (lambda: [64 * conv_output_size(32, 3) ** 2, 27], "padding"),
        (lambda: [64 * 32 * 32, 3 * 3], "channels"),
    ],
)


def _conv_forward(x: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Stride 1, no padding, no bias; x (N, C, H, W), W (FN, C, FH, FW)."""
    N, C, H, Wd = x.shape
    FN, _, FH, FW = W.shape
    OH, OW = H - FH + 1, Wd - FW + 1
    col = im2col(x, FH, FW)  # (N * OH * OW, C * FH * FW)
    out = col @ W.reshape(FN, -1).T
    return out.reshape(N, OH, OW, FN).transpose(0, 3, 1, 2)


def _conv_inputs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(55)
    x = rng.standard_normal((2, 3, 5, 5))
    W = rng.standard_normal((4, 3, 3, 3))
    dout = rng.standard_normal((2, 4, 3, 3))
    return x, W, dout


def _conv_weight_grad(x: np.ndarray, W: np.ndarray, dout: np.ndarray) -> np.ndarray:
    FN, C, FH, FW = W.shape
    col = im2col(x, FH, FW)
    dout_rows = dout.transpose(0, 2, 3, 1).reshape(-1, FN)
    return (col.T @ dout_rows).T.reshape(W.shape)


def _conv_backward_test(answer: Any) -> None:
    x, W, dout = _conv_inputs()
    got = _call(answer, x, W, dout)
    if not isinstance(got, np.ndarray):
        raise Wrong("not_array", got=_short(got))
    weights = W.copy()
    numerical = numerical_gradient(
        lambda w: float(np.sum(_conv_forward(x, w) * dout)), weights
    )
    compare_arrays(
        got, numerical, [(numerical[..., ::-1, ::-1], "flipped")], "gradient"
    )


_register(
    Check(
        "ex-conv-backward",
        5,
        _conv_backward_test,
        lambda: _conv_weight_grad,
        [
            (lambda: lambda x, W, d: -_conv_weight_grad(x, W, d), "sign"),
            (
                lambda: lambda x, W, d: _conv_weight_grad(x, W, d)[..., ::-1, ::-1],
                "flipped",
            ),
            (
                lambda: (
                    lambda x, W, d: _conv_weight_grad(x, W, d).transpose(1, 0, 2, 3)
                ),
                "transposed",
            ),
            (
                lambda: (
                    lambda x, W, d: (
                        _conv_weight_grad(
                            x.astype(np.float32), W, d.astype(np.float32)
                        ).astype(np.float32)
                        * np.float32(1 + 3e-5)
                    )
                ),
                "precision",
            ),
        ],
    )
)

# Chapter 6 -------------------------------------------------------------------


def _best_response(image: np.ndarray, kernel: np.ndarray) -> float:
    view = np.lib.stride_tricks.sliding_window_view(image, kernel.shape)
    return float(np.max(np.sum(view * kernel, axis=(-2, -1))))


def _diagonal_test(answer: Any) -> None:
    kernel = _array(answer)
    if kernel.shape != (3, 3):
        raise Wrong("shape", got=tuple(kernel.shape))
    if np.abs(kernel).max() > 1:
        raise Wrong("diagonal_range")
    line, other = np.eye(10), np.fliplr(np.eye(10))
    on_line, on_other = _best_response(line, kernel), _best_response(other, kernel)
    if on_line > on_other:
        return
    if _best_response(line, kernel[:, ::-1]) > _best_response(other, kernel[:, ::-1]):
        raise Wrong("diagonal_other")
    raise Wrong("diagonal_weak")


_register(
    Check(
        "ex-see-diagonal",
        6,
        _diagonal_test,
        lambda: 2 * np.eye(3) - 1,
        [
            (lambda: np.fliplr(2 * np.eye(3) - 1), "diagonal_other"),
            (lambda: np.ones((3, 3)), "diagonal_weak"),
            (lambda: 2 * np.eye(3), "diagonal_range"),
        ],
        unique=False,
    )
)
_numbers_check(
    "ex-see-receptive-field",
    6,
    lambda: [
        receptive_fields(
            [Conv(32, 3), Pool(2), Conv(64, 3), Pool(2), Conv(64, 3), Conv(64, 3)]
        )[-1].size
    ],
    [(lambda: [18 + 2], "jump")],
)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def _prob_dlogits(z: np.ndarray, w: int) -> np.ndarray:
    p = _softmax(z)
    return p[w] * (np.eye(len(z))[w] - p)


def _softmax_test(answer: Any) -> None:
    z = np.random.default_rng(6).standard_normal(10)
    got = _call(answer, z, 3)
    if not isinstance(got, np.ndarray):
        raise Wrong("not_array", got=_short(got))
    numerical = numerical_gradient(lambda v: float(_softmax(v)[3]), z.copy())
    p = _softmax(z)
    compare_arrays(got, numerical, [(np.eye(10)[3] - p, "softmax_pw")], "gradient")


_register(
    Check(
        "ex-see-softmax-grad",
        6,
        _softmax_test,
        lambda: _prob_dlogits,
        [
            (lambda: lambda z, w: np.eye(len(z))[w] - _softmax(z), "softmax_pw"),
            (lambda: lambda z, w: -_prob_dlogits(z, w), "sign"),
        ],
    )
)

# Chapter 7 -------------------------------------------------------------------

_numbers_check(
    "ex-bottleneck-3x3",
    7,
    lambda: [
        conv_macs(28, 28, 3, 3, 192, 128),
        conv_macs(28, 28, 1, 1, 192, 96) + conv_macs(28, 28, 3, 3, 96, 128),
    ],
    [
        (
            lambda: [
                conv_macs(28, 28, 3, 3, 192, 128),
                conv_macs(28, 28, 3, 3, 96, 128),
            ],
            "bottleneck_1x1",
        )
    ],
)
_numbers_check(
    "ex-receptive-vgg",
    7,
    lambda: [
        receptive_fields(
            [
                spec
                for n in range(1, 14)
                for spec in [Conv(64, 3, padding="same")]
                + ([Pool(2)] if n in (2, 4, 7, 10, 13) else [])
            ]
        )[-1].size
    ],
    [(lambda: [1 + 13 * 2], "jump")],
)
_numbers_check(
    "ex-separable-ratio",
    7,
    lambda: [1 / (1 / 4 - 1 / 9)],
    [(lambda: [7], "separable_rounded"), (lambda: [8], "separable_rounded")],
    rtol=1e-6,
)
_numbers_check(
    "ex-projection-params",
    7,
    lambda: [conv_params(1, 1, 64, 128, bias=False)],
    [
        (lambda: [conv_params(3, 3, 64, 128, bias=False)], "projection_kernel"),
        (lambda: [conv_params(1, 1, 64, 128)], "extra_bias"),
    ],
)

# Chapter 8 -------------------------------------------------------------------

_numbers_check(
    "ch8-ex-he-conv",
    8,
    lambda: [3 * 3 * 16, float(np.sqrt(2 / (3 * 3 * 16)))],
    [
        (lambda: [3 * 3 * 32, float(np.sqrt(2 / (3 * 3 * 32)))], "fan_out"),
        (lambda: [3 * 3 * 16, float(np.sqrt(1 / (3 * 3 * 16)))], "lecun_std"),
    ],
    rtol=1e-6,
)
_numbers_check(
    "ch8-ex-bn-params",
    8,
    lambda: [4 * 64, 2 * 64],
    [(lambda: [4 * 64, 4 * 64], "bn_trainable")],
)


def _warmup_reference() -> list[float]:
    from cnnlib.schedules import cosine_decay

    return [float(cosine_decay(10, 0.0, 112, warmup_steps=16, warmup_target=0.05))]


_numbers_check(
    "ch8-ex-warmup",
    8,
    _warmup_reference,
    [
        (lambda: [0.05 * 11 / 16], "warmup_off_by_one"),
        (lambda: [0.05 * 10 / 15], "warmup_off_by_one"),
    ],
    rtol=1e-6,
)


def _bn_inputs() -> dict[str, np.ndarray | float]:
    rng = np.random.default_rng(8)
    return {
        "x": rng.standard_normal((4, 3, 2, 2)) * 2 + 1,
        "gamma": rng.uniform(0.5, 2.0, 3),
        "beta": rng.standard_normal(3),
        "mean": rng.standard_normal(3),
        "var": rng.uniform(0.05, 0.5, 3),
        "eps": 0.01,
    }


def _bn_inference(x, gamma, beta, mean, var, eps):
    shape = (1, -1, 1, 1)
    return gamma.reshape(shape) * (x - mean.reshape(shape)) / np.sqrt(
        var.reshape(shape) + eps
    ) + beta.reshape(shape)


def _bn_batch(x, gamma, beta, mean, var, eps):
    m, v = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
    return _bn_inference(x, gamma, beta, m, v, eps)


def _bn_test(answer: Any) -> None:
    inputs = _bn_inputs()
    args = [inputs[k] for k in ("x", "gamma", "beta", "mean", "var", "eps")]
    got = _call(answer, *args)
    if not isinstance(got, np.ndarray):
        raise Wrong("not_array", got=_short(got))
    no_eps = list(args)
    no_eps[5] = 0.0
    no_beta = list(args)
    no_beta[2] = np.zeros(3)
    compare_arrays(
        got,
        _bn_inference(*args),
        [
            (_bn_batch(*args), "bn_batch_stats"),
            (_bn_inference(*no_eps), "bn_epsilon"),
            (_bn_inference(*no_beta), "bias"),
        ],
    )


_register(
    Check(
        "ch8-ex-bn-inference",
        8,
        _bn_test,
        lambda: _bn_inference,
        [
            (lambda: _bn_batch, "bn_batch_stats"),
            (
                lambda: lambda x, g, b, m, v, e: _bn_inference(x, g, b, m, v, 0.0),
                "bn_epsilon",
            ),
            (
                lambda: lambda x, g, b, m, v, e: _bn_inference(x, g, 0 * b, m, v, e),
                "bias",
            ),
        ],
    )
)
