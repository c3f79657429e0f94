"""Tests for cnnlib.repeats: experiments over seeds and the noise rule."""

import numpy as np
import pytest

from cnnlib.repeats import RepeatTable, compare, repeat_over_seeds


def noisy_run(seed):
    rng = np.random.default_rng(seed)
    return {"loss": 0.5 + 0.01 * rng.standard_normal(), "acc": 0.9 + 0.01 * seed}


def test_table_has_one_row_per_seed_and_sample_statistics():
    table = repeat_over_seeds(noisy_run, [0, 1, 2, 3])
    assert isinstance(table, RepeatTable)
    assert table.seeds == (0, 1, 2, 3) and table.metrics == ("loss", "acc")
    acc = table.column("acc")
    np.testing.assert_allclose(acc, [0.90, 0.91, 0.92, 0.93])
    assert table.mean("acc") == pytest.approx(0.915)
    assert table.std("acc") == pytest.approx(np.std(acc, ddof=1))  # sample std
    assert table.std("acc") != pytest.approx(np.std(acc))
    assert table.rows[2] == {"seed": 2, "loss": table.column("loss")[2], "acc": acc[2]}
    with pytest.raises(KeyError, match="no metric 'time'"):
        table.column("time")


def two_metrics(seed):
    return {"acc": 0.9 + seed / 100, "loss": 1.0 / (seed + 1)}


def test_table_prints_aligned_without_timings():
    table = repeat_over_seeds(two_metrics, [0, 1, 2], digits=3)
    text = str(table)
    lines = text.splitlines()
    assert lines[0].split() == ["seed", "acc", "loss"]
    assert [line.split()[0] for line in lines[1:]] == ["0", "1", "2", "mean", "std"]
    assert len({len(line) for line in lines}) == 1  # right-aligned columns
    assert lines[-2].split() == ["mean", "0.910", "0.611"]
    assert lines[-1].split() == ["std", "0.010", "0.347"]
    assert str(repeat_over_seeds(two_metrics, [0, 1, 2], digits=3)) == text


def test_a_number_becomes_the_metric_value():
    table = repeat_over_seeds(lambda seed: float(seed), [5, 7])
    assert table.metrics == ("value",)
    np.testing.assert_array_equal(table.column("value"), [5.0, 7.0])


def test_run_is_called_once_per_seed_in_order():
    calls = []
    repeat_over_seeds(lambda seed: calls.append(seed) or 1.0, [3, 1, 2])
    assert calls == [3, 1, 2]


def test_repeat_rejects_bad_input():
    with pytest.raises(TypeError, match="callable"):
        repeat_over_seeds(3, [0, 1])
    with pytest.raises(ValueError, match="at least 2 seeds"):
        repeat_over_seeds(noisy_run, [0])
    with pytest.raises(ValueError, match="seeds repeat"):
        repeat_over_seeds(noisy_run, [0, 0, 1])
    with pytest.raises(TypeError, match="integer"):
        repeat_over_seeds(noisy_run, [0, 1.5])
    with pytest.raises(TypeError, match="sequence of integers"):
        repeat_over_seeds(noisy_run, 3)
    with pytest.raises(ValueError, match="returned metrics"):
        repeat_over_seeds(lambda s: {"a": 1.0} if s else {"b": 1.0}, [0, 1])
    with pytest.raises(ValueError, match="not finite"):
        repeat_over_seeds(lambda s: {"a": float("nan")}, [0, 1])
    with pytest.raises(TypeError, match="not a number"):
        repeat_over_seeds(lambda s: {"a": "0.9"}, [0, 1])
    with pytest.raises(TypeError, match="must return a number or a dict"):
        repeat_over_seeds(lambda s: [1.0], [0, 1])
    with pytest.raises(ValueError, match="no metrics"):
        repeat_over_seeds(lambda s: {}, [0, 1])
    with pytest.raises(ValueError, match="digits"):
        repeat_over_seeds(noisy_run, [0, 1], digits=-1)


def test_compare_orders_a_clear_gap_both_ways():
    a, b = [0.95, 0.96, 0.97], [0.90, 0.91, 0.92]
    assert compare(a, b) == "A > B"
    assert compare(b, a) == "A < B"


def test_compare_says_within_noise_when_the_gap_is_two_spreads_or_less():
    # means 0.96 and 0.95: a gap of 0.01 against a spread of 0.01
    assert compare([0.95, 0.96, 0.97], [0.94, 0.95, 0.96]) == "within noise"
    # the larger spread counts: b is tight, a is wide
    a = [0.80, 0.90, 1.00]  # std 0.1
    b = [0.79, 0.80, 0.81]  # std 0.01; gap 0.1 < 2 * 0.1
    assert compare(a, b) == "within noise"
    # just beyond two spreads it is a claim, exactly two is not
    s = float(np.std([0.0, 1.0, 2.0], ddof=1))  # 1.0
    assert (
        compare([2.0 * s + 1e-9 + v for v in (0.0, 1.0, 2.0)], [0.0, 1.0, 2.0])
        == "A > B"
    )
    assert (
        compare([2.0 * s + v for v in (0.0, 1.0, 2.0)], [0.0, 1.0, 2.0])
        == "within noise"
    )
    # identical runs: no gap, no claim
    assert compare([1.0, 1.0, 1.0], [1.0, 1.0, 1.0]) == "within noise"


def test_compare_takes_table_columns():
    a = repeat_over_seeds(lambda s: {"acc": 0.9 + 0.001 * s}, [0, 1, 2])
    b = repeat_over_seeds(lambda s: {"acc": 0.8 + 0.001 * s}, [0, 1, 2])
    assert compare(a.column("acc"), b.column("acc")) == "A > B"


def test_compare_rejects_bad_input():
    with pytest.raises(ValueError, match="at least 3 runs"):
        compare([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="1-D"):
        compare([[1.0, 2.0, 3.0]], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="not finite"):
        compare([1.0, np.inf, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="1-D"):
        compare("abc", [1.0, 2.0, 3.0])
