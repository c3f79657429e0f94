"""The input checks cnnlib shares: one message per kind of mistake.

Every public function of cnnlib rejects bad input with a ``TypeError``
(wrong kind of value) or a ``ValueError`` (right kind, wrong value) that
names the argument and says what was expected. The checks live here so that
``stride``, ``pad`` or ``x`` get the same message wherever they are passed.

>>> check_int("stride", 2, minimum=1)
2
>>> check_int("stride", 0, minimum=1)
Traceback (most recent call last):
...
ValueError: stride must be >= 1, got 0
>>> check_array(np.zeros((2, 3)), "x", ndim=2).shape
(2, 3)
"""

from __future__ import annotations

from collections.abc import Collection
from numbers import Integral

import numpy as np

__all__ = ["check_array", "check_float_array", "check_int", "is_int"]


def is_int(value: object) -> bool:
    """True for Python and NumPy integers, False for ``bool`` (a bool is no count)."""
    return isinstance(value, Integral) and not isinstance(value, bool | np.bool_)


def check_int(name: str, value: object, minimum: int | None = None) -> int:
    """Return ``value`` as an ``int``; it must be an integer ``>= minimum``.

    Raises ``TypeError`` for a non-integer (``bool`` included) and
    ``ValueError`` below ``minimum``.
    """
    if not is_int(value):
        raise TypeError(
            f"{name} must be an integer, got {type(value).__name__} {value!r}"
        )
    number = int(value)  # type: ignore[call-overload]  # is_int checked Integral
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {number}")
    return number


def check_array(
    x: object,
    name: str = "x",
    *,
    ndim: int | Collection[int] | None = None,
    layout: str = "",
) -> np.ndarray:
    """Return ``x`` if it is an ndarray of rank ``ndim`` (one int or several).

    ``layout`` (e.g. ``"(N, C, H, W)"``) goes into the messages. Raises
    ``TypeError`` for a non-array and ``ValueError`` for a wrong rank.
    """
    shape = f" of shape {layout}" if layout else ""
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array{shape}, got {type(x).__name__}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if x.ndim not in allowed:
            want = " or ".join(f"{n}-D" for n in allowed)
            raise ValueError(
                f"{name} must be {want}{' with shape ' + layout if layout else ''}, "
                f"got {x.ndim}-D shape {x.shape}"
            )
    return x


def check_float_array(x: object, name: str = "x") -> np.ndarray:
    """Return ``x`` if it is a floating-point ndarray; raise ``TypeError`` otherwise."""
    x = check_array(x, name)
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            f"{name} must be a floating-point array, got dtype {x.dtype}; "
            f"convert it with {name}.astype(np.float32)"
        )
    return x
