"""Tests for cnnlib.occlusion (NHWC images)."""

import numpy as np
import pytest

import cnnlib
from cnnlib.explain import SmallCNNInNumPy
from cnnlib.occlusion import (
    occlusion_map,
    occlusion_masks,
    occlusion_to_pixels,
    window_sums,
)

SMALL_CNN = cnnlib.datasets.SMALL_CNN_PATH


def _loop_occlusion(predict_proba, images, labels, patch, stride, fill):
    # The plain version: one occluded copy at a time.
    N, H = images.shape[:2]
    n = (H - patch) // stride + 1
    drops = np.zeros((N, n, n))
    for k in range(N):
        base = predict_proba(images[k : k + 1])[0, labels[k]]
        for i in range(n):
            for j in range(n):
                copy = images[k].copy()
                r, c = i * stride, j * stride
                copy[r : r + patch, c : c + patch, :] = fill
                drops[k, i, j] = base - predict_proba(copy[None])[0, labels[k]]
    return drops


def test_occlusion_equals_a_plain_loop_on_the_small_cnn():
    net = SmallCNNInNumPy.from_npz(SMALL_CNN)
    (_, _), (x_test, t_test) = cnnlib.load_mnist(layout="NHWC")
    images, labels = x_test[:3].astype(np.float64), t_test[:3]

    def proba(x):
        return cnnlib.softmax(net.forward(x)["logits"])

    fast = occlusion_map(proba, images, labels, patch=10, stride=6, fill=0.5)
    slow = _loop_occlusion(proba, images, labels, patch=10, stride=6, fill=0.5)
    assert fast.shape == (3, 4, 4)
    np.testing.assert_allclose(fast, slow, rtol=1e-10, atol=1e-12)
    assert np.abs(fast).max() > 1e-3  # the patches change something


def test_occlusion_of_an_asymmetric_image_keeps_rows_and_columns():
    # "Class 1" is the ink in the top-right corner: only a patch there matters.
    def proba(x):
        p1 = x[:, :2, 4:, 0].mean(axis=(1, 2))
        return np.stack([1 - p1, p1], axis=1)

    image = np.zeros((1, 6, 6, 1))
    image[0, :2, 4:] = 1.0
    drops = occlusion_map(proba, image, [1], patch=2, stride=2, fill=0.0)
    expected = np.zeros((1, 3, 3))
    expected[0, 0, 2] = 1.0
    np.testing.assert_array_equal(drops, expected)


def test_masks_cover_each_window():
    masks = occlusion_masks(7, patch=3, stride=2)
    assert masks.shape == (9, 7, 7)
    assert masks.sum(axis=(1, 2)).tolist() == [9] * 9
    assert masks[5, 2:5, 4:7].all() and masks[5].sum() == 9  # row 1, column 2


def test_window_sums_equal_a_loop():
    rng = np.random.default_rng(0)
    maps = rng.random((2, 9, 9))
    sums = window_sums(maps, patch=4, stride=2)
    for i in range(3):
        for j in range(3):
            np.testing.assert_allclose(
                sums[:, i, j], maps[:, 2 * i : 2 * i + 4, 2 * j : 2 * j + 4].sum((1, 2))
            )


def test_occlusion_to_pixels_averages_the_covering_windows():
    rng = np.random.default_rng(1)
    drops = rng.random((1, 3, 3))
    pixels = occlusion_to_pixels(drops, 7, patch=3, stride=2)
    masks = occlusion_masks(7, 3, 2)
    r, c = 2, 4  # covered by windows (0, 1), (0, 2), (1, 1), (1, 2)
    covering = drops[0].ravel()[masks[:, r, c]]
    assert len(covering) == 4
    assert pixels[0, r, c] == pytest.approx(covering.mean())


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"patch": 0}, ValueError),
        ({"patch": 2.0}, TypeError),
        ({"patch": 9}, ValueError),
        ({"stride": 0}, ValueError),
        ({"batch_size": 0}, ValueError),
    ],
)
def test_occlusion_rejects_bad_geometry(kwargs, error):
    def proba(x):
        return np.ones((len(x), 2)) / 2

    with pytest.raises(error):
        occlusion_map(proba, np.zeros((1, 8, 8, 1)), [0], **kwargs)


def test_occlusion_rejects_bad_images_and_labels():
    def proba(x):
        return np.ones((len(x), 2)) / 2

    with pytest.raises(ValueError, match="square NHWC"):
        occlusion_map(proba, np.zeros((1, 8, 6, 1)), [0])
    with pytest.raises(ValueError, match="labels"):
        occlusion_map(proba, np.zeros((2, 8, 8, 1)), [0], patch=4)
    with pytest.raises(ValueError, match="drops"):
        occlusion_to_pixels(np.zeros((1, 2, 2)), 8, patch=4, stride=1)
