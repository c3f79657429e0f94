"""Learning-rate schedules as plain functions of the step (Chapter 8).

The formulas of Keras 3's ``keras.optimizers.schedules``, in NumPy, so
that a schedule can be plotted and checked without TensorFlow:
:func:`step_decay` (``PiecewiseConstantDecay`` with a factor per
boundary) and :func:`cosine_decay` (``CosineDecay``, with an optional
linear warm-up from ``initial`` to ``target``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["cosine_decay", "step_decay"]


def _steps(step: object) -> np.ndarray:
    steps = np.asarray(step)
    if not np.issubdtype(steps.dtype, np.integer) or (steps < 0).any():
        raise ValueError("step must be a non-negative integer or integer array")
    return steps


def step_decay(
    step: int | np.ndarray, initial: float, boundaries: list[int], factor: float = 0.1
) -> np.ndarray:
    """``initial * factor ** k`` after the ``k``-th boundary (steps > boundary).

    >>> step_decay(np.arange(6), 0.1, [1, 3])
    array([0.1  , 0.1  , 0.01 , 0.01 , 0.001, 0.001])
    """
    steps = _steps(step)
    if list(boundaries) != sorted(boundaries):
        raise ValueError(f"boundaries must be increasing, got {boundaries}")
    k = np.searchsorted(np.asarray(boundaries), steps, side="left")
    return initial * factor**k


def cosine_decay(
    step: int | np.ndarray,
    initial: float,
    decay_steps: int,
    alpha: float = 0.0,
    warmup_steps: int = 0,
    warmup_target: float | None = None,
) -> np.ndarray:
    """Cosine decay, after an optional linear warm-up (Keras ``CosineDecay``).

    Without warm-up it falls from ``initial`` to ``alpha * initial`` over
    ``decay_steps``. With ``warmup_target``, it first rises linearly from
    ``initial`` to ``warmup_target`` over ``warmup_steps``, then decays from
    ``warmup_target``.

    >>> cosine_decay(np.array([0, 5, 10]), 1.0, 10)
    array([1. , 0.5, 0. ])
    >>> cosine_decay(np.array([0, 2, 4]), 0.0, 4, warmup_steps=2, warmup_target=1.0)
    array([0. , 1. , 0.5])
    """
    steps = _steps(step)
    if decay_steps < 1 or warmup_steps < 0:
        raise ValueError("decay_steps must be >= 1 and warmup_steps >= 0")
    top = initial if warmup_target is None else warmup_target
    after = np.minimum(np.maximum(steps - warmup_steps, 0), decay_steps)
    cosine = 0.5 * (1 + np.cos(np.pi * after / decay_steps))
    decayed = top * ((1 - alpha) * cosine + alpha)
    if warmup_target is None or warmup_steps == 0:
        return decayed
    warm = initial + (warmup_target - initial) * steps / warmup_steps
    return np.where(steps < warmup_steps, warm, decayed)
