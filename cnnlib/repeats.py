"""Run one experiment over several seeds and say whether a gap beats the noise.

A comparison claim ("A beats B") stands only when the gap between the means
exceeds the run-to-run spread. ``repeat_over_seeds`` runs ``run(seed)`` for
each seed and returns a ``RepeatTable`` (one row per seed, then the mean and
the sample standard deviation of every metric); ``compare`` applies the
course's rule to two sets of values:

    gap    = |mean(a) - mean(b)|
    spread = max(std(a), std(b))     (sample standard deviations, ddof=1)
    "A > B" if gap > 2 * spread and mean(a) > mean(b),
    "A < B" if gap > 2 * spread and mean(a) < mean(b),
    "within noise" otherwise (a gap of at most two spreads, ties included).

No timings are recorded, so a printed table is the same run after run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["RepeatTable", "compare", "repeat_over_seeds"]

#: ``compare``'s three answers.
VERDICTS = ("A > B", "A < B", "within noise")
#: How many spreads the gap must exceed.
SPREADS = 2.0
#: The fewest values per side that ``compare`` accepts (the course's rule).
MIN_RUNS = 3


def _seed_list(seeds: Iterable[int]) -> tuple[int, ...]:
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Iterable):
        raise TypeError(f"seeds must be a sequence of integers, got {seeds!r}")
    seeds = tuple(seeds)
    for seed in seeds:
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
            raise TypeError(f"every seed must be an integer, got {seed!r}")
    if len(seeds) < 2:
        raise ValueError(f"need at least 2 seeds for a spread, got {len(seeds)}")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds repeat: {list(seeds)}")
    return tuple(int(seed) for seed in seeds)


def _metrics(result: object, seed: int) -> dict[str, float]:
    if isinstance(result, Mapping):
        items = dict(result)
    elif isinstance(result, (int, float, np.integer, np.floating)) and not isinstance(
        result, bool
    ):
        items = {"value": result}
    else:
        raise TypeError(
            f"run({seed}) must return a number or a dict of numbers, "
            f"got {type(result).__name__}"
        )
    if not items:
        raise ValueError(f"run({seed}) returned no metrics")
    out = {}
    for name, value in items.items():
        if not isinstance(name, str):
            raise TypeError(f"metric names must be strings, got {name!r}")
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float, np.integer, np.floating))
            and not (isinstance(value, np.ndarray) and value.ndim == 0)
        ):
            raise TypeError(f"run({seed})[{name!r}] is not a number: {value!r}")
        value = float(value)
        if not np.isfinite(value):
            raise ValueError(f"run({seed})[{name!r}] is not finite: {value}")
        out[name] = value
    return out


@dataclass(frozen=True)
class RepeatTable:
    """The results of one experiment over seeds.

    ``values[metric]`` is a float64 array with one entry per seed, in the
    order of ``seeds``. ``mean`` and ``std`` (sample standard deviation,
    ddof=1) summarise a metric; ``str(table)`` prints an aligned table.
    """

    seeds: tuple[int, ...]
    metrics: tuple[str, ...]
    values: Mapping[str, np.ndarray]
    digits: int = 4

    def column(self, metric: str) -> np.ndarray:
        """The values of ``metric``, one per seed (a copy)."""
        if metric not in self.values:
            raise KeyError(f"no metric {metric!r}; the table has {list(self.metrics)}")
        return np.array(self.values[metric], dtype=np.float64)

    def mean(self, metric: str) -> float:
        return float(self.column(metric).mean())

    def std(self, metric: str) -> float:
        """Sample standard deviation (ddof=1) over the seeds."""
        return float(self.column(metric).std(ddof=1))

    @property
    def rows(self) -> list[dict[str, float]]:
        """One dict per seed: ``{"seed": seed, metric: value, ...}``."""
        return [
            {"seed": seed, **{m: float(self.values[m][i]) for m in self.metrics}}
            for i, seed in enumerate(self.seeds)
        ]

    def __str__(self) -> str:
        fmt = f"{{:.{self.digits}f}}"
        header = ["seed", *self.metrics]
        body = [[str(s)] + [fmt.format(self.values[m][i]) for m in self.metrics]
                for i, s in enumerate(self.seeds)]  # fmt: skip
        body.append(["mean"] + [fmt.format(self.mean(m)) for m in self.metrics])
        body.append(["std"] + [fmt.format(self.std(m)) for m in self.metrics])
        widths = [
            max(len(row[j]) for row in [header, *body]) for j in range(len(header))
        ]
        lines = [
            "  ".join(
                cell.ljust(w) if j == 0 else cell.rjust(w)
                for j, (cell, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
            for row in [header, *body]
        ]
        return "\n".join(lines)


def repeat_over_seeds(
    run: Callable[[int], Mapping[str, float] | float],
    seeds: Sequence[int] = (0, 1, 2),
    digits: int = 4,
) -> RepeatTable:
    """Call ``run(seed)`` for every seed and tabulate what it returns.

    Parameters
    ----------
    run : callable
        ``run(seed)`` trains/evaluates once and returns either one number
        (the metric is then called ``"value"``) or a dict of numbers, the
        same names for every seed (e.g. ``{"loss": 0.21, "acc": 0.94}``).
    seeds : sequence of int
        At least 2 distinct seeds (3 or more for a claim, see ``compare``).
    digits : int
        Decimals when the table is printed.

    Returns
    -------
    RepeatTable

    >>> table = repeat_over_seeds(lambda seed: {"acc": 0.9 + seed / 100}, [0, 1, 2])
    >>> print(table)
    seed     acc
    0     0.9000
    1     0.9100
    2     0.9200
    mean  0.9100
    std   0.0100
    """
    if not callable(run):
        raise TypeError(f"run must be callable, got {run!r}")
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise ValueError(f"digits must be a non-negative integer, got {digits!r}")
    seed_list = _seed_list(seeds)
    results = [_metrics(run(seed), seed) for seed in seed_list]
    names = tuple(results[0])
    for seed, result in zip(seed_list, results, strict=True):
        if tuple(result) != names:
            raise ValueError(
                f"run({seed}) returned metrics {list(result)}, "
                f"run({seed_list[0]}) returned {list(names)}"
            )
    values = {name: np.array([r[name] for r in results]) for name in names}
    return RepeatTable(seed_list, names, values, digits)


def _values(values: object, side: str) -> np.ndarray:
    array = (
        np.asarray(values, dtype=np.float64) if not isinstance(values, str) else None
    )
    if array is None or array.ndim != 1:
        raise ValueError(f"{side} must be a 1-D sequence of numbers")
    if len(array) < MIN_RUNS:
        raise ValueError(
            f"{side} has {len(array)} value(s): a claim needs at least {MIN_RUNS} runs"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{side} holds a value that is not finite")
    return array


def compare(a_values: Sequence[float], b_values: Sequence[float]) -> str:
    """``"A > B"``, ``"A < B"`` or ``"within noise"`` by the course's rule.

    The means differ by more than two spreads, where the spread is the
    larger of the two sample standard deviations (ddof=1); otherwise the
    verdict is ``"within noise"`` (also when the gap equals two spreads).
    Each side needs at least 3 values (runs over seeds or subsets).

    >>> compare([0.95, 0.96, 0.97], [0.90, 0.91, 0.92])
    'A > B'
    >>> compare([0.95, 0.96, 0.97], [0.94, 0.95, 0.96])
    'within noise'
    """
    a = _values(a_values, "a_values")
    b = _values(b_values, "b_values")
    gap = a.mean() - b.mean()
    spread = max(a.std(ddof=1), b.std(ddof=1))
    if abs(gap) > SPREADS * spread:
        return "A > B" if gap > 0 else "A < B"
    return "within noise"
