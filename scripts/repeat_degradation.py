"""Chapter 7's plain-vs-residual experiment over three seeds.

Trains the three 14x14 nets of ``cnnlib.experiments.DEGRADATION_NETS`` on
all 8,000 shipped training digits (averaged down to 14x14) with Adam,
batches of 128, for EPOCHS epochs from each seed, long enough for the
shallow net's training loss to level off, and writes to
cnnlib/data/degradation_repeats.json: the mean loss over the first
``DEGRADATION_LIVE_STEPS`` batches (what Chapter 7 runs live), the per-epoch
training losses (the averages ``fit`` reports), the training loss and
accuracy from one evaluation pass over the training set every CHECKPOINT
epochs, and after the last one. Then run
``python scripts/update_checksums.py``.

    python scripts/repeat_degradation.py            # all seeds, one process
    python scripts/repeat_degradation.py --seed 1   # one seed, to a part file
    python scripts/repeat_degradation.py --merge    # join the part files

On 2 cores, three ``--seed`` processes side by side with ``--threads 1``
take about half the time of one process (TensorFlow's small ops leave a
second thread idle); the thread count changes the losses only in their
last digits.
"""

import argparse
import json

import cnnlib
from cnnlib import experiments

EPOCHS = 40
CHECKPOINT = 5
SEEDS = (0, 1, 2)


def run_seed(seed, x, t):
    runs = {}
    for label in experiments.DEGRADATION_NETS:
        runs[label] = experiments.degradation_run(
            label,
            seed,
            x,
            t,
            EPOCHS,
            callbacks=(cnnlib.epoch_logger(),),
            checkpoints=tuple(range(CHECKPOINT, EPOCHS + 1, CHECKPOINT)),
        )
        print(label, seed, runs[label], flush=True)
    return runs


def write(per_seed):
    table = {
        "epochs": EPOCHS,
        "batch_size": 128,
        "live_steps": experiments.DEGRADATION_LIVE_STEPS,
        "seeds": list(SEEDS),
        "runs": {},
    }
    for label in experiments.DEGRADATION_NETS:
        table["runs"][label] = [per_seed[seed][label] for seed in SEEDS]
    experiments.DEGRADATION_TABLE.write_text(json.dumps(table, indent=1) + "\n")
    print("wrote", experiments.DEGRADATION_TABLE)


parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int)
parser.add_argument("--merge", action="store_true")
parser.add_argument("--threads", type=int, help="TensorFlow threads (default 2)")
args = parser.parse_args()
part = experiments.DATA.parent.parent / "build" / "degradation_seed_{}.json"
if args.merge:
    write({seed: json.loads(open(str(part).format(seed)).read()) for seed in SEEDS})
else:
    keras = cnnlib.import_keras(seed=0, threads=args.threads)
    (x_train, t_train), _ = cnnlib.load_mnist(layout="NHWC")
    x_small = experiments.shrink(x_train)
    if args.seed is not None:
        runs = run_seed(args.seed, x_small, t_train)
        path = str(part).format(args.seed)
        experiments.Path(path).parent.mkdir(exist_ok=True)
        open(path, "w").write(json.dumps(runs))
    else:
        write({seed: run_seed(seed, x_small, t_train) for seed in SEEDS})
