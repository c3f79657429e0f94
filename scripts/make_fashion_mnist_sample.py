"""Build ``cnnlib/data/fashion_mnist_sample.npz`` from Debian's Fashion-MNIST.

Fashion-MNIST (H. Xiao, K. Rasul and R. Vollgraf, Zalando Research, 2017;
MIT licence, see ``cnnlib/data/LICENSE-fashion-mnist.txt``) has 60,000
training and 10,000 test images of clothing, 28x28 grey levels, in ten
classes. Debian packages the four original IDX files::

    apt-get install dataset-fashion-mnist      # network once, never at run time
    python scripts/make_fashion_mnist_sample.py /usr/share/datasets/fashion-mnist

The course ships a class-balanced subset: TRAIN_PER_CLASS images of each
class from the original training set and TEST_PER_CLASS of each class from
the original test set (so the two never overlap), drawn with a generator
seeded with SEED and each split put in a seeded random order. The file is
written with fixed time stamps, so it is reproducible byte for byte.
"""

from __future__ import annotations

import gzip
import hashlib
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from make_mnist_sample import save_npz  # noqa: E402

TRAIN_PER_CLASS = 200
TEST_PER_CLASS = 100
SEED = 20261207
OUT = (
    pathlib.Path(__file__).resolve().parents[1]
    / "cnnlib"
    / "data"
    / "fashion_mnist_sample.npz"
)
#: SHA-256 of the IDX files of dataset-fashion-mnist 0.0~git20200523.55506a9-1.
SOURCES = {
    "train-images-idx3-ubyte.gz": (
        "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"
    ),
    "train-labels-idx1-ubyte.gz": (
        "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"
    ),
    "t10k-images-idx3-ubyte.gz": (
        "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"
    ),
    "t10k-labels-idx1-ubyte.gz": (
        "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"
    ),
}


def read_idx(path: pathlib.Path) -> np.ndarray:
    """One gzipped IDX file (images ``(N, 28, 28)`` or labels ``(N,)``), uint8."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCES[path.name]:
        raise ValueError(f"{path.name}: SHA-256 {digest} is not the packaged one")
    data = gzip.decompress(raw)
    magic = int.from_bytes(data[:4], "big")
    if magic == 2051:  # images: magic, count, rows, cols
        count, rows, cols = (int.from_bytes(data[i : i + 4], "big") for i in (4, 8, 12))
        return np.frombuffer(data, np.uint8, offset=16).reshape(count, rows, cols)
    if magic == 2049:  # labels: magic, count
        count = int.from_bytes(data[4:8], "big")
        return np.frombuffer(data, np.uint8, offset=8, count=count)
    raise ValueError(f"{path.name}: unknown IDX magic number {magic}")


def balanced(
    labels: np.ndarray, per_class: int, rng: np.random.Generator
) -> np.ndarray:
    """``per_class`` indices of each class, drawn without replacement, shuffled."""
    picked = [
        rng.choice(np.flatnonzero(labels == c), per_class, replace=False)
        for c in range(10)
    ]
    return rng.permutation(np.concatenate(picked))


def main(source_dir: str) -> None:
    folder = pathlib.Path(source_dir)
    x_train = read_idx(folder / "train-images-idx3-ubyte.gz")
    t_train = read_idx(folder / "train-labels-idx1-ubyte.gz")
    x_test = read_idx(folder / "t10k-images-idx3-ubyte.gz")
    t_test = read_idx(folder / "t10k-labels-idx1-ubyte.gz")
    rng = np.random.default_rng(SEED)
    train_idx = balanced(t_train, TRAIN_PER_CLASS, rng)
    test_idx = balanced(t_test, TEST_PER_CLASS, rng)
    save_npz(
        OUT,
        x_train=x_train[train_idx],
        t_train=t_train[train_idx],
        x_test=x_test[test_idx],
        t_test=t_test[test_idx],
    )
    print(
        f"wrote {OUT.name}: {len(train_idx)} train, {len(test_idx)} test, "
        f"{OUT.stat().st_size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
