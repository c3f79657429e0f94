"""Train SimpleConvNet on the bundled MNIST sample and save its weights.

Chapter 5 trains the from-scratch network of *Deep Learning from Scratch*
(Conv 30@5x5 - ReLU - MaxPool 2 - Affine 100 - ReLU - Affine 10) on the
8,000 training digits that ship with cnnlib, and Chapter 6 looks at its
filters. Training takes minutes on a laptop CPU, longer than a chapter may
run, so it is done once here and the result is committed:

    python scripts/train_simple_convnet.py

writes ``cnnlib/data/simple_convnet.npz`` with the six parameters (float32),
the per-epoch history (``loss``, ``train_acc``, ``test_acc``), the final
``test_accuracy`` on the 2,000 test digits, and the settings below. Every
random choice is seeded, so a rerun on the same machine gives the same
file; ``tests/test_trained_weights.py`` checks the stored accuracy.
"""

from __future__ import annotations

import argparse
import pathlib

import numpy as np

import cnnlib
from cnnlib.network import SimpleConvNet
from cnnlib.optim import Adam
from cnnlib.training import train

OUTPUT = pathlib.Path(cnnlib.__file__).resolve().parent / "data" / "simple_convnet.npz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--lr", type=float, default=0.004)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT)
    args = parser.parse_args()

    (x_train, t_train), (x_test, t_test) = cnnlib.load_mnist(layout="NCHW")
    print(f"train {x_train.shape}  test {x_test.shape}")
    network = SimpleConvNet(seed=args.seed)  # float32, weight_init_std 0.01
    history = train(
        network,
        x_train,
        t_train,
        x_test,
        t_test,
        epochs=args.epochs,
        batch_size=args.batch_size,
        optimizer=Adam(lr=args.lr),
        seed=args.seed,
    )
    test_accuracy = network.accuracy(x_test, t_test)
    print(f"test accuracy {test_accuracy:.4f}")
    np.savez_compressed(
        args.output,
        **{key: value.astype(np.float32) for key, value in network.params.items()},
        loss=np.array(history["loss"]),
        train_acc=np.array(history["train_acc"]),
        test_acc=np.array(history["test_acc"]),
        test_accuracy=np.array(test_accuracy),
        epochs=np.array(args.epochs),
        batch_size=np.array(args.batch_size),
        lr=np.array(args.lr),
        seed=np.array(args.seed),
    )
    print(f"saved {args.output}")


if __name__ == "__main__":
    main()
