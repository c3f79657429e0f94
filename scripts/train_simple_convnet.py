"""Train SimpleConvNet on the bundled MNIST sample and save its weights.

Chapter 5 trains the from-scratch network of *Deep Learning from Scratch*
(Conv 30@5x5 - ReLU - MaxPool 2 - Affine 100 - ReLU - Affine 10) on the
8,000 training digits that ship with cnnlib, and Chapter 6 looks at its
filters. The committed file was made with

    python scripts/train_simple_convnet.py --search

which does what a careful experiment does, and never looks at the test set
until the end:

1. It holds out the last ``--val-size`` (1,000) of the 8,000 training
   digits as a validation set (the training split is already shuffled) and
   trains one network per learning rate in ``--lrs`` for ``--max-epochs``
   epochs on the other 7,000, measuring the validation accuracy after every
   epoch.
2. It picks the learning rate and the number of epochs with the highest
   validation accuracy (ties go to the smaller learning rate, then to fewer
   epochs).
3. It retrains from the same seed on all 8,000 training digits with those
   settings and measures the accuracy on the 2,000 test digits once.

Without ``--search`` it runs step 3 only, with ``--lr`` and ``--epochs``
(by default the values the search chose), e.g. for another seed.

The file ``cnnlib/data/simple_convnet.npz`` holds the six parameters
(float32), the final run's per-epoch ``loss`` and ``train_acc``, its
``test_accuracy``, the settings (``epochs``, ``batch_size``, ``lr``,
``seed``, ``val_size``) and, after ``--search``, the search itself:
``search_lrs`` and, of shape ``(len(lrs), max_epochs)``, ``search_loss``,
``search_train_acc`` and ``search_val_acc``. Every random choice is seeded,
so a rerun on the same machine gives the same file; the last digits of the
weights depend on the BLAS kernels of the machine.
``tests/test_trained_weights.py`` checks the stored accuracy.
"""

from __future__ import annotations

import argparse
import pathlib

import numpy as np

import cnnlib
from cnnlib.network import SimpleConvNet
from cnnlib.optim import Adam
from cnnlib.training import train

OUTPUT = cnnlib.datasets.SIMPLE_CONVNET_PATH
CHOSEN_LR, CHOSEN_EPOCHS = 0.004, 9  # what --search chose (see the saved file)


def search(x, t, lrs, max_epochs, val_size, batch_size, seed):
    """Train one network per learning rate on x[:-val_size]; validate on the rest."""
    x_fit, t_fit = x[:-val_size], t[:-val_size]
    x_val, t_val = x[-val_size:], t[-val_size:]
    print(f"search: fit on {len(x_fit)} digits, validate on {len(x_val)}")
    runs = []
    for lr in lrs:
        print(f"lr {lr}")
        runs.append(
            train(
                SimpleConvNet(seed=seed),
                x_fit,
                t_fit,
                x_val,
                t_val,
                epochs=max_epochs,
                batch_size=batch_size,
                optimizer=Adam(lr=lr),
                seed=seed,
                eval_name="val",
            )  # fmt: skip
        )
    grids = {
        key: np.array([run[key] for run in runs]) for key in runs[0]
    }  # (len(lrs), max_epochs) each
    # argmax of the flattened grid: the first maximum, i.e. the smaller lr,
    # then the fewer epochs.
    best = np.unravel_index(np.argmax(grids["val_acc"]), grids["val_acc"].shape)
    lr, epochs = float(lrs[best[0]]), int(best[1]) + 1
    print(f"chosen: lr {lr}, {epochs} epochs (val acc {grids['val_acc'][best]:.4f})")
    return lr, epochs, grids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", action="store_true")
    parser.add_argument("--lrs", type=float, nargs="+",
                        default=[0.001, 0.002, 0.004, 0.008])  # fmt: skip
    parser.add_argument("--max-epochs", type=int, default=15)
    parser.add_argument("--val-size", type=int, default=1000)
    parser.add_argument("--epochs", type=int, default=CHOSEN_EPOCHS)
    parser.add_argument("--lr", type=float, default=CHOSEN_LR)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT)
    args = parser.parse_args()

    (x_train, t_train), (x_test, t_test) = cnnlib.load_mnist(layout="NCHW")
    print(f"train {x_train.shape}  test {x_test.shape}")
    extra = {}
    lr, epochs = args.lr, args.epochs
    if args.search:
        lr, epochs, grids = search(
            x_train, t_train, args.lrs, args.max_epochs, args.val_size,
            args.batch_size, args.seed,
        )  # fmt: skip
        extra = {
            "search_lrs": np.array(args.lrs),
            "search_loss": grids["loss"],
            "search_train_acc": grids["train_acc"],
            "search_val_acc": grids["val_acc"],
        }
    print(f"final: all {len(x_train)} training digits, lr {lr}, {epochs} epochs")
    network = SimpleConvNet(seed=args.seed)  # float32, weight_init_std 0.01
    history = train(network, x_train, t_train, None, None, epochs=epochs,
                    batch_size=args.batch_size, optimizer=Adam(lr=lr),
                    seed=args.seed)  # fmt: skip
    test_accuracy = network.accuracy(x_test, t_test)  # the one look at the test set
    print(f"test accuracy {test_accuracy:.4f}")
    np.savez_compressed(
        args.output,
        **{key: value.astype(np.float32) for key, value in network.params.items()},
        loss=np.array(history["loss"]),
        train_acc=np.array(history["train_acc"]),
        test_accuracy=np.array(test_accuracy),
        epochs=np.array(epochs),
        batch_size=np.array(args.batch_size),
        lr=np.array(lr),
        seed=np.array(args.seed),
        val_size=np.array(args.val_size),
        **extra,
    )
    print(f"saved {args.output}")


if __name__ == "__main__":
    main()
