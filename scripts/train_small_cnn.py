"""Train the small Keras CNN of Chapter 2 and save its weights for Chapter 6.

Chapter 6 shows the feature maps of a trained Keras CNN
(``cnnlib.build_small_cnn``: three 3x3 convolutions, two max pools,
Dense 64, Dense 10; channels-last). Training it takes longer than the
chapter may run, so it is done once here:

    python scripts/train_small_cnn.py

writes ``cnnlib/data/small_cnn.npz``: the model's weights in the order of
``model.get_weights()`` (``w00``, ``w01``, ... as float32; load them with
``model.set_weights``), the per-epoch history and the final test accuracy
on the 2,000 test digits of the bundled sample. Seeded through
``cnnlib.import_keras``.
"""

from __future__ import annotations

import argparse
import pathlib

import numpy as np

import cnnlib

OUTPUT = cnnlib.datasets.SMALL_CNN_PATH


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT)
    args = parser.parse_args()

    keras = cnnlib.import_keras(seed=args.seed)
    (x_train, t_train), (x_test, t_test) = cnnlib.load_mnist(layout="NHWC")
    model = cnnlib.build_small_cnn()
    model.compile(
        optimizer="adam",
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    fit = model.fit(
        x_train,
        t_train,
        epochs=args.epochs,
        batch_size=args.batch_size,
        validation_data=(x_test, t_test),
        verbose=0,
        callbacks=[cnnlib.epoch_logger()],
    )
    _, test_accuracy = model.evaluate(x_test, t_test, verbose=0)
    print(f"test accuracy {test_accuracy:.4f}  (keras {keras.__version__})")
    weights = {
        f"w{i:02d}": w.astype(np.float32) for i, w in enumerate(model.get_weights())
    }
    history = {key: np.array(values) for key, values in fit.history.items()}
    np.savez_compressed(
        args.output,
        **weights,
        **history,
        test_accuracy=np.array(test_accuracy),
        epochs=np.array(args.epochs),
        seed=np.array(args.seed),
    )
    print(f"saved {args.output}")


if __name__ == "__main__":
    main()
