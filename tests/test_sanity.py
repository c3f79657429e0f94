"""Tests for cnnlib.sanity."""

import numpy as np
import pytest
from scipy import stats

import cnnlib
from cnnlib.explain import SmallCNNInNumPy
from cnnlib.sanity import (
    SMALL_CNN_LAYERS,
    cascading_randomization,
    explanation_maps,
    rank_average,
    reinitialized_weights,
    spearman,
    top_k_overlap,
)

SMALL_CNN = cnnlib.datasets.SMALL_CNN_PATH


def _weights():
    with np.load(SMALL_CNN) as stored:
        return [stored[k] for k in sorted(stored.files) if k.startswith("w")]


def test_rank_average_equals_scipy_with_ties():
    rng = np.random.default_rng(0)
    values = rng.integers(0, 5, size=40).astype(float)  # many ties
    np.testing.assert_allclose(rank_average(values), stats.rankdata(values))


@pytest.mark.parametrize("ties", [False, True])
def test_spearman_equals_scipy(ties):
    rng = np.random.default_rng(1)
    for _ in range(20):
        a = rng.random((7, 5))
        b = a + rng.normal(scale=0.3, size=a.shape)
        if ties:
            a, b = np.round(a, 1), np.maximum(np.round(b, 1), 0.3)
        expected = stats.spearmanr(a.ravel(), b.ravel()).statistic
        assert spearman(a, b) == pytest.approx(expected, abs=1e-12)


def test_spearman_constant_map_is_nan_and_shapes_must_match():
    assert np.isnan(spearman(np.ones(5), np.arange(5.0)))
    with pytest.raises(ValueError, match="one shape"):
        spearman(np.ones(4), np.ones((2, 3)))
    with pytest.raises(ValueError, match="two values"):
        spearman(np.ones(1), np.ones(1))


def test_top_k_overlap_equals_sets_of_indices():
    rng = np.random.default_rng(2)
    a, b = rng.random((6, 6)), rng.random((6, 6))
    for k in (1, 5, 36):
        expected = set(np.argsort(-a.ravel())[:k]) & set(np.argsort(-b.ravel())[:k])
        assert top_k_overlap(a, b, k) == len(expected)
    assert top_k_overlap(a, a.T, 36) == 36
    with pytest.raises(ValueError):
        top_k_overlap(a, b, 0)
    with pytest.raises(TypeError):
        top_k_overlap(a, b, 2.0)


def test_reinitialized_weights_change_only_the_named_layers():
    weights = _weights()
    new = reinitialized_weights(weights, ["dense", "logits"], seed=3)
    for i, name in enumerate(SMALL_CNN_LAYERS):
        kernel, bias = new[2 * i], new[2 * i + 1]
        assert kernel.shape == weights[2 * i].shape
        if name in ("dense", "logits"):
            fan_in, fan_out = kernel.shape
            assert np.abs(kernel).max() <= np.sqrt(6 / (fan_in + fan_out))
            assert np.abs(kernel).max() > 0.9 * np.sqrt(6 / (fan_in + fan_out))
            assert not bias.any()
        else:
            np.testing.assert_array_equal(kernel, weights[2 * i])
            np.testing.assert_array_equal(bias, weights[2 * i + 1])
    # The same layer gets the same draw whatever is redrawn with it.
    alone = reinitialized_weights(weights, ["logits"], seed=3)
    np.testing.assert_array_equal(alone[8], new[8])
    with pytest.raises(ValueError, match="unknown layer"):
        reinitialized_weights(weights, ["conv_9"])
    with pytest.raises(TypeError):
        reinitialized_weights(weights, "dense")


def test_cascade_randomizes_from_the_top():
    weights = _weights()
    stages = cascading_randomization(weights, seed=0)
    assert [n for n, _ in stages] == ["trained", *SMALL_CNN_LAYERS[::-1]]
    for depth, (_, w) in enumerate(stages):
        changed = [not np.array_equal(a, b) for a, b in zip(w, weights, strict=True)]
        assert changed == [i // 2 >= len(SMALL_CNN_LAYERS) - depth for i in range(10)]


def test_explanation_maps_match_their_definitions():
    net = SmallCNNInNumPy.from_npz(SMALL_CNN)
    (_, _), (x_test, t_test) = cnnlib.load_mnist(layout="NHWC")
    images = x_test[:2]
    maps = explanation_maps(net, images, t_test[:2])
    assert maps["saliency"].shape == (2, 28, 28)
    assert maps["Grad-CAM conv_2"].shape == (2, 11, 11)
    # Saliency of one pixel against a finite difference of the logit.
    r, c = np.unravel_index(np.argmax(maps["saliency"][0]), (28, 28))
    h = 1e-5
    up, down = images[:1].astype(np.float64).copy(), images[:1].astype(np.float64)
    up[0, r, c, 0] += h
    down = down.copy()
    down[0, r, c, 0] -= h
    label = t_test[0]
    slope = (
        net.forward(up)["logits"][0, label] - net.forward(down)["logits"][0, label]
    ) / (2 * h)
    assert maps["saliency"][0, r, c] == pytest.approx(abs(slope), rel=1e-5)
    np.testing.assert_allclose(
        maps["gradient x input"], maps["saliency"] * images[..., 0], atol=1e-12
    )
    with pytest.raises(ValueError, match="one class per image"):
        explanation_maps(net, images, [1])
