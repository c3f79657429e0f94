"""First-layer filters learned from digits and from clothes, over seeds.

Chapter 6 asks whether SimpleConvNet's first-layer filters are edge
detectors, on the digits. This script asks the same question of the
harder Fashion-MNIST subset, like for like: for each dataset and each seed
it trains SimpleConvNet (Conv 30@5x5 - ReLU - MaxPool 2 - Affine 100 -
ReLU - Affine 10, float32) on 2,000 training images, 200 per class
(``cnnlib.balanced_indices``, seeded; all of the Fashion-MNIST subset),
for the same number of epochs with the same optimiser, and scores its 30
filters as the chapter does:

- each filter's best ``|cosine|`` with 12 oriented edge templates
  (``cnnlib.explain.edge_templates``, ``best_cosine``);
- the threshold: the 95th percentile of 2,000 random filters as smooth as
  learned ones (Gaussian noise blurred with sigma 1, seed 0);
- ``median``: the median score; ``edge_share``: the share of the 30
  filters above the threshold; ``test_accuracy`` on the dataset's own test
  images (the 2,000 test digits, the 1,000 test clothes).

The table goes to ``cnnlib/data/filter_repeats.json`` and the first layer
(``W1``, ``b1``) of seed 0's Fashion-MNIST network to
``cnnlib/data/fashion_filters.npz`` (the chapter shows its filters live;
the rest of the network stays out of the shipped wheel).
``python scripts/repeat_filters.py`` writes both (a few minutes on a
laptop); ``--seeds 0 --epochs 1 --output DIR`` is a quick try.
``tests/test_experiments.py`` re-runs seed 0 on clothes (marked slow) and
compares it with the table.
"""

from __future__ import annotations

import argparse
import json
import pathlib

import numpy as np
from scipy import ndimage

import cnnlib
from cnnlib.explain import best_cosine, edge_templates
from cnnlib.network import SimpleConvNet
from cnnlib.optim import Adam
from cnnlib.training import train

DATA = pathlib.Path(cnnlib.__file__).parent / "data"
TABLE = DATA / "filter_repeats.json"
WEIGHTS = DATA / "fashion_filters.npz"
PER_CLASS, EPOCHS, LR, BATCH_SIZE = 200, 15, 0.004, 100
DATASETS = ("digits", "clothes")


def threshold() -> float:
    """The 95th percentile of smooth random filters' best |cosine| (seed 0)."""
    templates, _ = edge_templates(size=5, n_angles=12, sigma=1.0)
    noise = np.random.default_rng(0).standard_normal((2000, 11, 11))
    smooth = ndimage.gaussian_filter(noise, sigma=(0, 1, 1))[:, 3:8, 3:8]
    scores, _ = best_cosine(smooth, templates)
    return float(np.quantile(scores, 0.95))


def load(dataset: str, seed: int):
    """2,000 balanced training images (NCHW) and the test split."""
    loader = cnnlib.load_mnist if dataset == "digits" else cnnlib.load_fashion_mnist
    (x_train, t_train), (x_test, t_test) = loader(layout="NCHW")
    keep = cnnlib.balanced_indices(t_train, PER_CLASS, seed=seed)
    return x_train[keep], t_train[keep], x_test, t_test


def run(dataset: str, seed: int, epochs: int, limit: float):
    """Train one network; its scores and the network."""
    x, t, x_test, t_test = load(dataset, seed)
    network = SimpleConvNet(seed=seed)
    history = train(network, x, t, None, None, epochs=epochs,
                    batch_size=BATCH_SIZE, optimizer=Adam(lr=LR),
                    seed=seed)  # fmt: skip
    templates, _ = edge_templates(size=5, n_angles=12, sigma=1.0)
    scores, _ = best_cosine(network.params["W1"][:, 0], templates)
    row = {
        "seed": seed,
        "median": round(float(np.median(scores)), 4),
        "edge_share": round(float(np.mean(scores > limit)), 4),
        "test_accuracy": round(float(network.accuracy(x_test, t_test)), 4),
        "final_loss": round(float(history["loss"][-1]), 4),
    }
    print(f"{dataset:8s} seed {seed}: {row}", flush=True)
    return row, network


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--output", type=pathlib.Path, default=DATA)
    args = parser.parse_args(argv)
    limit = threshold()
    table = {
        "per_class": PER_CLASS,
        "epochs": args.epochs,
        "lr": LR,
        "batch_size": BATCH_SIZE,
        "seeds": args.seeds,
        "threshold": round(limit, 4),
        "runs": {name: [] for name in DATASETS},
    }
    for dataset in DATASETS:
        for seed in args.seeds:
            row, network = run(dataset, seed, args.epochs, limit)
            table["runs"][dataset].append(row)
            if dataset == "clothes" and seed == args.seeds[0]:
                np.savez_compressed(
                    args.output / WEIGHTS.name,
                    W1=network.params["W1"].astype(np.float32),
                    b1=network.params["b1"].astype(np.float32),
                    seed=np.array(seed),
                    epochs=np.array(args.epochs),
                )
    path = args.output / TABLE.name
    path.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    print(f"saved {path} and {args.output / WEIGHTS.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
