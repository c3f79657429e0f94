"""Tests for cnnlib.datasets: the shipped MNIST sample, the photo, their loaders."""

import subprocess
import sys

import numpy as np
import pytest

from cnnlib.datasets import (
    DATA_PATH,
    FASHION_CLASSES,
    FASHION_PATH,
    PHOTO_PATH,
    balanced_indices,
    load_fashion_mnist,
    load_mnist,
    load_sample_photo,
    one_hot,
)


def test_sample_has_the_documented_split():
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=False)
    assert x_train.shape == (8000, 1, 28, 28)
    assert x_test.shape == (2000, 1, 28, 28)
    assert x_train.dtype == np.uint8
    counts = np.bincount(t_train, minlength=10) + np.bincount(t_test, minlength=10)
    assert counts.sum() == 10000
    assert counts.min() == 863 and counts.max() == 1127  # as the npm package says
    # stratified: every class has (about) 20% of its digits in the test set
    share = np.bincount(t_test, minlength=10) / counts
    assert np.all(np.abs(share - 0.2) < 0.001)


def test_train_and_test_do_not_overlap():
    (x_train, _), (x_test, _) = load_mnist(layout="flat", normalize=False)
    train_rows = {row.tobytes() for row in x_train}
    assert not any(row.tobytes() in train_rows for row in x_test)


def test_images_look_like_mnist():
    (x_train, _), _ = load_mnist(normalize=False)
    assert x_train.max() == 255 and x_train.min() == 0
    # digits are centred: the border is (almost) empty, the middle is not
    mean = x_train.mean(axis=0)[0]
    assert mean[:2].mean() < 1 and mean[12:16, 12:16].mean() > 60


@pytest.mark.parametrize(
    ("layout", "shape"),
    [("NCHW", (2000, 1, 28, 28)), ("NHWC", (2000, 28, 28, 1)), ("flat", (2000, 784))],
)
def test_layouts_hold_the_same_pixels(layout, shape):
    _, (x_test, _) = load_mnist(layout=layout)
    _, (reference, _) = load_mnist(layout="flat")
    assert x_test.shape == shape
    assert x_test.dtype == np.float32
    assert 0.0 <= x_test.min() and x_test.max() <= 1.0
    np.testing.assert_array_equal(x_test.reshape(2000, 784), reference)


def test_one_hot_labels():
    _, (_, t_int) = load_mnist()
    _, (_, t_hot) = load_mnist(one_hot_labels=True)
    assert t_hot.shape == (2000, 10)
    np.testing.assert_array_equal(t_hot.argmax(axis=1), t_int)
    np.testing.assert_array_equal(t_hot.sum(axis=1), 1.0)


def test_one_hot_rejects_bad_labels():
    with pytest.raises(ValueError, match="1-D integer array"):
        one_hot(np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match=r"must lie in \[0, 3\)"):
        one_hot(np.array([0, 3]), 3)


def test_load_mnist_rejects_bad_options():
    with pytest.raises(ValueError, match="layout must be one of"):
        load_mnist(layout="CHW")
    with pytest.raises(ValueError, match="source must be"):
        load_mnist(source="internet")


def test_data_file_ships_inside_the_package():
    assert DATA_PATH.is_file()
    assert DATA_PATH.stat().st_size < 5_000_000


def test_importing_cnnlib_does_not_import_tensorflow():
    code = (
        "import sys, cnnlib; "
        "sys.exit('tensorflow' in sys.modules or 'keras' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_full_source_goes_through_keras_datasets(monkeypatch):
    # No network in tests: a stand-in keras module returns four tiny arrays in
    # the shape keras.datasets.mnist.load_data() gives them (uint8 images).
    import types

    images = np.arange(3 * 28 * 28, dtype=np.uint8).reshape(3, 28, 28)
    labels = np.array([0, 1, 2], dtype=np.uint8)
    mnist = types.SimpleNamespace(
        load_data=lambda: ((images, labels), (images, labels))
    )
    fake = types.SimpleNamespace(datasets=types.SimpleNamespace(mnist=mnist))
    monkeypatch.setitem(sys.modules, "keras", fake)
    (x_train, t_train), (x_test, _) = load_mnist(
        layout="NHWC", source="full", one_hot_labels=True
    )
    assert x_train.shape == (3, 28, 28, 1) and x_train.dtype == np.float32
    np.testing.assert_allclose(x_test[..., 0], images / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(t_train.argmax(axis=1), labels)


def test_every_prefix_of_the_test_set_holds_all_ten_classes():
    # The test split ships in a seeded random order, not sorted by class, so
    # that "the first N test digits" is never a handful of classes.
    _, (_, t_test) = load_mnist()
    first_seen = np.array([np.flatnonzero(t_test == c)[0] for c in range(10)])
    assert first_seen.max() < 100  # every prefix of >= 100 digits has all ten
    for n in range(100, len(t_test) + 1):
        assert len(np.unique(t_test[:n])) == 10, n
    # and the order is not class by class (the old file's defect)
    assert np.count_nonzero(np.diff(t_test.astype(int))) > 1000


def test_training_split_is_shuffled_too():
    (_, t_train), _ = load_mnist()
    for n in range(100, len(t_train) + 1, 100):
        assert len(np.unique(t_train[:n])) == 10


def test_balanced_indices_draw_exactly_per_class_and_mix():
    _, (_, t_test) = load_mnist()
    idx = balanced_indices(t_test, 10, seed=3)
    assert idx.shape == (100,) and idx.dtype == np.int64
    assert len(np.unique(idx)) == 100  # no repeats
    np.testing.assert_array_equal(np.bincount(t_test[idx], minlength=10), [10] * 10)
    # shuffled, not grouped by class
    assert np.count_nonzero(np.diff(t_test[idx].astype(int))) > 50
    # seeded: the same seed, the same sample; another seed, another sample
    np.testing.assert_array_equal(idx, balanced_indices(t_test, 10, seed=3))
    assert set(idx) != set(balanced_indices(t_test, 10, seed=4))


def test_balanced_indices_accept_one_hot_rows():
    _, (_, t_int) = load_mnist()
    _, (_, t_hot) = load_mnist(one_hot_labels=True)
    np.testing.assert_array_equal(
        balanced_indices(t_hot, 5, seed=1), balanced_indices(t_int, 5, seed=1)
    )


def test_balanced_indices_use_the_classes_present():
    t = np.array([2, 2, 5, 5, 5, 7, 7])
    idx = balanced_indices(t, 2, seed=0)
    assert sorted(t[idx].tolist()) == [2, 2, 5, 5, 7, 7]


def test_balanced_indices_reject_bad_input():
    t = np.array([0, 0, 1, 1, 1])
    with pytest.raises(ValueError, match=r"class\(es\) \[0\] have only \[2\]"):
        balanced_indices(t, 3)
    with pytest.raises(ValueError, match="at least 1"):
        balanced_indices(t, 0)
    with pytest.raises(TypeError, match="per_class must be an integer"):
        balanced_indices(t, 2.0)
    with pytest.raises(TypeError, match="seed must be an integer"):
        balanced_indices(t, 1, seed=0.5)
    with pytest.raises(ValueError, match="integers or"):
        balanced_indices(np.array([0.0, 1.0]), 1)
    with pytest.raises(ValueError, match="one-hot"):
        balanced_indices(np.array([[0.5, 0.5], [1, 0]]), 1)
    with pytest.raises(ValueError, match="integers or"):
        balanced_indices(np.zeros((2, 2, 2), dtype=int), 1)
    with pytest.raises(ValueError, match="empty"):
        balanced_indices(np.array([], dtype=int), 1)


def test_fashion_sample_is_balanced_and_loads_like_mnist():
    assert FASHION_PATH.is_file() and FASHION_PATH.stat().st_size < 2_000_000
    (x_train, t_train), (x_test, t_test) = load_fashion_mnist(normalize=False)
    assert x_train.shape == (2000, 1, 28, 28) and x_test.shape == (1000, 1, 28, 28)
    assert x_train.dtype == np.uint8 and t_train.dtype == np.uint8
    np.testing.assert_array_equal(np.bincount(t_train, minlength=10), [200] * 10)
    np.testing.assert_array_equal(np.bincount(t_test, minlength=10), [100] * 10)
    assert len(np.unique(t_test[:100])) == 10  # in a random order
    # clothing, not digits: the images fill more of the frame than MNIST's
    (m_train, _), _ = load_mnist(normalize=False)
    assert (x_train > 0).mean() > 1.5 * (m_train > 0).mean()
    # train and test do not share an image
    train_rows = {row.tobytes() for row in x_train}
    assert not any(row.tobytes() in train_rows for row in x_test)
    assert len(FASHION_CLASSES) == 10 and FASHION_CLASSES[9] == "Ankle boot"


@pytest.mark.parametrize(
    ("layout", "shape"),
    [("NCHW", (1000, 1, 28, 28)), ("NHWC", (1000, 28, 28, 1)), ("flat", (1000, 784))],
)
def test_fashion_layouts_and_one_hot(layout, shape):
    _, (x_test, t_test) = load_fashion_mnist(layout=layout, one_hot_labels=True)
    assert x_test.shape == shape and x_test.dtype == np.float32
    assert 0.0 <= x_test.min() and x_test.max() <= 1.0
    assert t_test.shape == (1000, 10)
    with pytest.raises(ValueError, match="layout must be one of"):
        load_fashion_mnist(layout="CHW")


def test_fashion_licence_ships_beside_the_data():
    licence = FASHION_PATH.parent / "LICENSE-fashion-mnist.txt"
    text = licence.read_text()
    assert "Zalando SE" in text and "MIT License" in text


def test_missing_fashion_file_says_why(monkeypatch, tmp_path):
    import cnnlib.datasets as datasets

    monkeypatch.setattr(datasets, "FASHION_PATH", tmp_path / "absent.npz")
    with pytest.raises(FileNotFoundError, match="in-browser copy"):
        datasets.load_fashion_mnist()


def test_sample_photo_is_the_shipped_uint8_crop_in_both_layouts():
    photo = load_sample_photo()
    assert photo.shape == (96, 96, 3) and photo.dtype == np.uint8
    # a real photograph, not a constant or a single channel copied three times
    assert photo.std() > 20 and not np.array_equal(photo[..., 0], photo[..., 2])
    np.testing.assert_array_equal(load_sample_photo("CHW"), photo.transpose(2, 0, 1))
    assert load_sample_photo("CHW").flags["C_CONTIGUOUS"]
    assert PHOTO_PATH.stat().st_size < 40_000  # small enough for the browser wheel
    with pytest.raises(ValueError, match="layout"):
        load_sample_photo("NHWC")
