"""Tests for cnnlib.projection."""

import numpy as np
import pytest

from cnnlib.projection import knn_label_agreement, nearest_neighbours, pca


def test_pca_equals_svd_of_the_centred_data():
    rng = np.random.default_rng(0)
    data = rng.normal(size=(300, 12)) @ rng.normal(size=(12, 12))
    data[:, 3] = 7.0  # a constant column, like MNIST's border pixels
    projected, components, explained = pca(data, n_components=3)
    centred = data - data.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    signs = np.sign(np.sum(components * vt[:3], axis=1))
    assert np.all(signs != 0)
    np.testing.assert_allclose(components, signs[:, None] * vt[:3], atol=1e-10)
    np.testing.assert_allclose(projected, centred @ components.T, atol=1e-10)
    np.testing.assert_allclose(explained, s[:3] ** 2 / np.sum(s**2), rtol=1e-10)
    assert components[:, 3].tolist() == [0.0, 0.0, 0.0]
    # The sign convention: each component's largest entry is positive.
    biggest = np.abs(components).argmax(axis=1)
    assert np.all(components[np.arange(3), biggest] > 0)


def test_pca_of_an_asymmetric_cloud_finds_its_long_axis():
    rng = np.random.default_rng(1)
    data = np.column_stack([rng.normal(size=500) * 0.1, rng.normal(size=500) * 5])
    _, components, explained = pca(data, n_components=1)
    assert abs(components[0, 1]) > 0.999 and explained[0] > 0.99


@pytest.mark.parametrize(
    ("data", "n", "error"),
    [
        (np.ones((5, 3)), 1, ValueError),  # nothing varies
        (np.eye(4), 5, ValueError),
        (np.eye(4), 1.0, TypeError),
        (np.ones(4), 1, ValueError),
        (np.array([[np.nan, 1.0], [1.0, 2.0]]), 1, ValueError),
    ],
)
def test_pca_rejects_bad_input(data, n, error):
    with pytest.raises(error):
        pca(data, n_components=n)


def test_nearest_neighbours_equal_a_brute_force_loop():
    rng = np.random.default_rng(2)
    points = rng.normal(size=(60, 5))
    queries = [0, 17, 59]
    found = nearest_neighbours(points, queries, k=4)
    for q, row in zip(queries, found, strict=True):
        d = [np.linalg.norm(points[q] - p) if i != q else np.inf
             for i, p in enumerate(points)]  # fmt: skip
        assert row.tolist() == np.argsort(d, kind="stable")[:4].tolist()


def test_knn_label_agreement_equals_a_loop():
    rng = np.random.default_rng(3)
    points = rng.normal(size=(50, 3))
    labels = (points[:, 0] > 0).astype(int)
    queries = np.arange(0, 50, 2)
    agreement = knn_label_agreement(points, labels, queries, k=3)
    same = []
    for q in queries:
        d = np.linalg.norm(points - points[q], axis=1)
        d[q] = np.inf
        same += list(labels[np.argsort(d, kind="stable")[:3]] == labels[q])
    assert agreement == pytest.approx(np.mean(same))
    with pytest.raises(ValueError, match="one label"):
        knn_label_agreement(points, labels[:3], queries)
    with pytest.raises(ValueError):
        nearest_neighbours(points, [50])
    with pytest.raises(ValueError):
        nearest_neighbours(points, [0], k=50)
