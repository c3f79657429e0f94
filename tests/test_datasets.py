"""Tests for cnnlib.datasets: the shipped MNIST sample, the photo, their loaders."""

import subprocess
import sys

import numpy as np
import pytest

from cnnlib.datasets import (
    DATA_PATH,
    PHOTO_PATH,
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
