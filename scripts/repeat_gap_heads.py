"""Chapter 4's Flatten-vs-GAP-head experiment over three seeds.

Trains Chapter 2's small CNN with each head of
``cnnlib.experiments.GAP_HEADS`` on the 8,000 shipped training digits
exactly as Chapter 2 does (Adam 1e-3, batches of 64, the last 10% held
back, EPOCHS epochs) from each seed, and writes the per-epoch losses and
the test accuracy on the 2,000 test digits moved by each of
``experiments.SHIFTS`` pixels (mean over right, left, down, up) to
cnnlib/data/gap_head_repeats.json. Then run
``python scripts/update_checksums.py``.

    python scripts/repeat_gap_heads.py            # all seeds, one process
    python scripts/repeat_gap_heads.py --seed 1   # one seed, to a part file
    python scripts/repeat_gap_heads.py --merge    # join the part files
"""

import argparse
import json
from pathlib import Path

import cnnlib
from cnnlib import experiments

EPOCHS = 5
SEEDS = (0, 1, 2)


def run_seed(seed, data):
    runs = {}
    for head in experiments.GAP_HEADS:
        print(f"{head} head, seed {seed}", flush=True)
        runs[head] = experiments.gap_head_run(
            head, seed, data, EPOCHS, callbacks=(cnnlib.epoch_logger(),)
        )
        print(runs[head]["shifted_accuracy"], flush=True)
    return runs


def write(per_seed):
    table = {
        "epochs": EPOCHS,
        "batch_size": 64,
        "validation_split": 0.1,
        "shifts": list(experiments.SHIFTS),
        "seeds": list(SEEDS),
        "runs": {
            head: [per_seed[seed][head] for seed in SEEDS]
            for head in experiments.GAP_HEADS
        },
    }
    experiments.GAP_HEAD_TABLE.write_text(json.dumps(table, indent=1) + "\n")
    print("wrote", experiments.GAP_HEAD_TABLE)


parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int)
parser.add_argument("--merge", action="store_true")
args = parser.parse_args()
part = Path(__file__).parent.parent / "build" / "gap_heads_seed_{}.json"
if args.merge:
    write(
        {seed: json.loads(Path(str(part).format(seed)).read_text()) for seed in SEEDS}
    )
else:
    keras = cnnlib.import_keras(seed=0)
    data = cnnlib.load_mnist(layout="NHWC")
    if args.seed is not None:
        runs = run_seed(args.seed, data)
        path = Path(str(part).format(args.seed))
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(runs))
    else:
        write({seed: run_seed(seed, data) for seed in SEEDS})
