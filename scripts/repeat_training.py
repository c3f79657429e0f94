"""Chapter 8's training experiments over three seeds.

For each seed: the three learning-rate schedules (MNIST), the small CNN
with and without batch normalisation at two learning rates (MNIST), the
transfer table with its four arms on MNIST (digits 0-4 -> 5-9) and on the
Fashion-MNIST subset (classes 0-4 -> 5-9), and training with and without
augmentation, tested on shifted images (both datasets). Every sample is
balanced and seeded (``cnnlib.datasets.balanced_indices``); the transfer
samples change with the seed. Writes cnnlib/data/training_repeats.json;
then run ``python scripts/update_checksums.py``.

    python scripts/repeat_training.py --seed 1   # one seed, to a part file
    python scripts/repeat_training.py --merge    # join the part files
"""

import argparse
import json
from pathlib import Path

import numpy as np

import cnnlib
from cnnlib import experiments as E
from cnnlib.datasets import balanced_indices

SEEDS = (0, 1, 2)
SIZES = (50, 200, 1000)
RATES = (0.05, 0.5)
PRETRAIN_EPOCHS = {"mnist": 2, "fashion": 8}
AUGMENT_EPOCHS = {"mnist": 3, "fashion": 6}


def data():
    mnist = cnnlib.load_mnist(layout="NHWC")
    fashion = cnnlib.datasets.load_fashion_mnist(layout="NHWC")
    return {"mnist": mnist, "fashion": fashion}


def transfer_split(dataset, n, seed):
    """Old task: every training image of classes 0-4. New task: a balanced
    sample of n training images of classes 5-9 (labels 0-4), tested on every
    test image of classes 5-9."""
    (x, t), (x_test, t_test) = dataset
    old, new_pool = np.flatnonzero(t < 5), np.flatnonzero(t >= 5)
    pick = new_pool[balanced_indices(t[new_pool], n // 5, seed)] if n else None
    new_test = t_test >= 5
    return (x[old], t[old]), pick, (x_test[new_test], t_test[new_test] - 5)


def run_seed(seed, sets):
    (x, t), (x_test, t_test) = sets["mnist"]
    sample = balanced_indices(t, 200, seed=0)  # 2,000 digits, the notebook's
    out = {"schedules": {}, "batch_norm": {}, "transfer": {}, "augmentation": {}}
    for name in ("constant", "step", "warm-up + cosine"):
        out["schedules"][name] = E.schedule_run(
            name, seed, x[sample], t[sample], x_test, t_test
        )
    for rate in RATES:
        for bn in (False, True):
            key = f"{'with' if bn else 'without'} BN, rate {rate}"
            out["batch_norm"][key] = E.bn_run(bn, rate, seed, x[sample], t[sample])
    for dataset, arrays in sets.items():
        (x, t), _ = arrays
        (x_old, t_old), _, (x_new_test, t_new_test) = transfer_split(arrays, 0, seed)
        weights, _ = E.pretrain(seed, x_old, t_old, PRETRAIN_EPOCHS[dataset])
        table = {method: {} for method in E.TRANSFER_METHODS}
        for n in SIZES:
            _, pick, _ = transfer_split(arrays, n, seed)
            for method in E.TRANSFER_METHODS:
                table[method][str(n)] = E.transfer_run(
                    method, seed, weights, x[pick], t[pick] - 5, x_new_test, t_new_test
                )
        out["transfer"][dataset] = table
        (x, t), (x_test_d, t_test_d) = arrays
        per_class = 500 if dataset == "mnist" else 200
        train = balanced_indices(t, per_class, seed=0)
        out["augmentation"][dataset] = {
            label: E.augmentation_run(
                augmented, seed, x[train], t[train], x_test_d, t_test_d,
                epochs=AUGMENT_EPOCHS[dataset],
            )
            for label, augmented in (("no augmentation", False), ("augmented", True))
        }  # fmt: skip
        print(dataset, seed, out["transfer"][dataset], out["augmentation"][dataset],
              flush=True)  # fmt: skip
    return out


def merge(parts):
    table = {
        "seeds": list(SEEDS),
        "sizes": list(SIZES),
        "rates": list(RATES),
        "pretrain_epochs": PRETRAIN_EPOCHS,
        "augment_epochs": AUGMENT_EPOCHS,
    }

    def join(items):  # per-seed dicts -> dict of per-seed lists
        first = items[0]
        if isinstance(first, dict) and not ({"epoch_loss"} & set(first)):
            return {key: join([item[key] for item in items]) for key in first}
        return list(items)

    table.update(join([parts[seed] for seed in SEEDS]))
    E.TRAINING_TABLE.write_text(json.dumps(table, indent=1) + "\n")
    print("wrote", E.TRAINING_TABLE)


parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int)
parser.add_argument("--merge", action="store_true")
args = parser.parse_args()
part = Path(__file__).parent.parent / "build" / "training_seed_{}.json"
if args.merge:
    merge(
        {seed: json.loads(Path(str(part).format(seed)).read_text()) for seed in SEEDS}
    )
else:
    keras = cnnlib.import_keras(seed=0)
    result = run_seed(args.seed, data())
    path = Path(str(part).format(args.seed))
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(result))
