"""The seeded training experiments of Chapters 4, 7 and 8, for the scripts
that repeat them over seeds (``scripts/repeat_gap_heads.py``,
``scripts/repeat_degradation.py``, ``scripts/repeat_training.py``) and
write their result tables to ``cnnlib/data``, and for the chapters that
show those tables.

Keras code: images are NHWC. Nothing here imports TensorFlow until a
function is called.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from cnnlib.keras_models import (
    build_residual_net,
    epoch_logger,
    keras_module,
    tensorflow_module,
)

DATA = Path(__file__).parent / "data"

#: Chapter 7's three nets: label -> (blocks per stage, shortcuts?).
DEGRADATION_NETS = {
    "plain, deep": ((4, 4, 4), False),
    "residual, deep": ((4, 4, 4), True),
    "plain, shallow": ((1, 1, 1), False),
}
#: The shipped result table of ``scripts/repeat_degradation.py``.
DEGRADATION_TABLE = DATA / "degradation_repeats.json"


def shrink(images: np.ndarray) -> np.ndarray:
    """Average 2x2 blocks: ``(N, 28, 28, 1)`` -> ``(N, 14, 14, 1)`` (NHWC)."""
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[1:] != (28, 28, 1):
        raise ValueError(f"expected (N, 28, 28, 1) images, got {images.shape}")
    return images.reshape(-1, 14, 2, 14, 2, 1).mean(axis=(2, 4))


def degradation_net(label: str, seed: int):
    """One of Chapter 7's 14x14 nets, its weights drawn from ``seed``.

    He initialisation and batch normalisation everywhere; shortcuts without
    weights (option A), so the deep plain and residual nets have the same
    weights.
    """
    if label not in DEGRADATION_NETS:
        raise ValueError(
            f"label must be one of {list(DEGRADATION_NETS)}, got {label!r}"
        )
    blocks, residual = DEGRADATION_NETS[label]
    keras_module().utils.set_random_seed(seed)
    return build_residual_net(
        blocks,
        (8, 16, 32),
        residual=residual,
        projection=False,
        kernel_initializer="he_normal",
        input_shape=(14, 14, 1),
    )


#: Chapter 7 runs this many batches of seed 0 live; the script records the
#: running mean of the training loss after them for every seed, so that the
#: chapter can compare its live start with the shipped table.
DEGRADATION_LIVE_STEPS = 20


def degradation_run(
    label: str,
    seed: int,
    x: np.ndarray,
    t: np.ndarray,
    epochs: int,
    batch_size: int = 128,
    callbacks: tuple = (),
    checkpoints: tuple[int, ...] = (),
    stop_after_first_steps: bool = False,
) -> dict[str, Any]:
    """Train one net of :data:`DEGRADATION_NETS` with Adam from ``seed``.

    ``x``: ``(N, 14, 14, 1)`` images, ``t``: ``(N,)`` labels. Returns

    - ``"first_steps_loss"``: the mean training loss over the first
      :data:`DEGRADATION_LIVE_STEPS` batches of epoch 1;
    - ``"epoch_loss"``: the per-epoch averages that ``fit`` reports, in
      training mode;
    - ``"final_loss"``, ``"final_accuracy"``: one evaluation pass over the
      whole training set in inference mode after the last epoch, the
      quantity the degradation claim is about;
    - ``"checkpoints"``: the same evaluation pass after each epoch listed in
      ``checkpoints``, as ``{epoch: [loss, accuracy]}`` (keys are strings,
      as in the JSON table).

    With ``stop_after_first_steps=True`` training stops after those first
    batches and only ``"first_steps_loss"`` is returned: Chapter 7's live
    run, the same batches from the same seed as the table's start.
    """
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, got {epochs}")
    if any(not 1 <= c <= epochs for c in checkpoints):
        raise ValueError(f"checkpoints must lie in 1..{epochs}, got {checkpoints}")
    keras = keras_module()
    net = degradation_net(label, seed)
    net.compile(
        optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    record: dict[str, Any] = {"checkpoints": {}}
    callback: Any = keras.callbacks.Callback

    class Recorder(callback):
        def on_train_batch_end(self, batch, logs=None):
            if "first_steps_loss" not in record and batch + 1 == DEGRADATION_LIVE_STEPS:
                record["first_steps_loss"] = float(logs["loss"])  # running mean
                if stop_after_first_steps:
                    self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            if epoch + 1 in checkpoints:
                loss, accuracy = self.model.evaluate(x, t, batch_size=1000, verbose=0)
                record["checkpoints"][str(epoch + 1)] = [float(loss), float(accuracy)]

    history = net.fit(
        x,
        t,
        epochs=1 if stop_after_first_steps else epochs,
        batch_size=batch_size,
        verbose=0,
        callbacks=[Recorder(), *callbacks],
    ).history
    if "first_steps_loss" not in record:
        raise ValueError(
            f"an epoch must hold at least {DEGRADATION_LIVE_STEPS} batches of "
            f"{batch_size}, got {len(x)} images"
        )
    if stop_after_first_steps:
        keras.backend.clear_session()
        return {"first_steps_loss": record["first_steps_loss"]}
    loss, accuracy = net.evaluate(x, t, batch_size=1000, verbose=0)
    keras.backend.clear_session()
    return {
        "first_steps_loss": record["first_steps_loss"],
        "epoch_loss": [float(v) for v in history["loss"]],
        "final_loss": float(loss),
        "final_accuracy": float(accuracy),
        "checkpoints": record["checkpoints"],
    }


def gradient_norms(net, x: np.ndarray, t: np.ndarray) -> dict[str, float]:
    """The L2 norm of the loss gradient for every convolution's kernel and
    the dense kernel, on one batch ``x`` (NHWC), in training mode, in
    layer order."""
    tf = tensorflow_module()
    keras = keras_module()
    kernels = [w for w in net.trainable_weights if w.path.endswith("kernel")]
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    with tf.GradientTape() as tape:
        loss = loss_fn(t, net(x, training=True))
    grads = tape.gradient(loss, kernels)
    return {
        w.path.split("/")[0]: float(np.linalg.norm(g.numpy()))
        for w, g in zip(kernels, grads, strict=True)
    }


def load_table(path: Path) -> dict[str, Any]:
    """A result table shipped in ``cnnlib/data`` (JSON)."""
    return json.loads(Path(path).read_text())


# --- Chapter 8 -------------------------------------------------------------

#: The shipped result table of ``scripts/repeat_training.py``.
TRAINING_TABLE = DATA / "training_repeats.json"
#: Chapter 8's transfer arms, in table order.
TRANSFER_METHODS = (
    "feature extraction",
    "fine-tuning",
    "from scratch",
    "frozen random convs",
)


def small_net(num_classes: int = 10, front: tuple = (), batch_norm: bool = False):
    """Chapter 8's small CNN (NHWC, 28x28x1 in): two 3x3 convs with He
    initialisation and ReLU (16 and 32 filters, named ``conv_1`` and
    ``conv_2``), each followed by 2x2 max pooling, then a softmax layer
    ``head``. ``front``: layers put before the first conv (augmentation).
    ``batch_norm=True`` puts a BatchNormalization between each conv (then
    without bias) and its ReLU.
    """
    keras = keras_module()
    L = keras.layers
    layers: list = [keras.Input((28, 28, 1)), *front]
    for i, filters in enumerate((16, 32), 1):
        if batch_norm:
            layers += [
                L.Conv2D(filters, 3, use_bias=False, kernel_initializer="he_normal",
                         name=f"conv_{i}"),
                L.BatchNormalization(name=f"bn_{i}"),
                L.Activation("relu", name=f"relu_{i}"),
            ]  # fmt: skip
        else:
            layers.append(
                L.Conv2D(filters, 3, activation="relu", kernel_initializer="he_normal",
                         name=f"conv_{i}")
            )  # fmt: skip
        layers.append(L.MaxPooling2D(2, name=f"pool_{i}"))
    layers += [L.Flatten(), L.Dense(num_classes, activation="softmax", name="head")]
    return keras.Sequential(layers)


def fit(net, x, t, epochs, optimizer, batch_size=64, log=True) -> dict:
    """Compile ``net`` (sparse cross-entropy, accuracy) and train it; with
    ``log`` one line per epoch. Returns the Keras history dict."""
    net.compile(
        optimizer=optimizer,
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    callbacks = [epoch_logger()] if log else []
    return net.fit(
        x, t, epochs=epochs, batch_size=batch_size, verbose=0, callbacks=callbacks
    ).history


def schedules(peak: float, steps_per_epoch: int, epochs: int, warmup: int) -> dict:
    """Chapter 8's three Keras learning rates: ``{"constant", "step",
    "warm-up + cosine"}`` (step: divide by 10 after epochs 2 and 3)."""
    S = keras_module().optimizers.schedules
    total = epochs * steps_per_epoch
    boundaries = [2 * steps_per_epoch, 3 * steps_per_epoch]
    return {
        "constant": peak,
        "step": S.PiecewiseConstantDecay(boundaries, [peak, peak / 10, peak / 100]),
        "warm-up + cosine": S.CosineDecay(
            0.0, total - warmup, warmup_target=peak, warmup_steps=warmup
        ),
    }


def schedule_run(name, seed, x, t, x_test, t_test, epochs=4, peak=0.05, log=False):
    """Train :func:`small_net` with SGD (momentum 0.9) and the schedule
    ``name`` from ``seed``; per-epoch losses and the test accuracy."""
    keras = keras_module()
    steps = -(-len(x) // 64)
    schedule = schedules(peak, steps, epochs, 16)[name]
    keras.utils.set_random_seed(seed)
    net = small_net()
    history = fit(
        net, x, t, epochs, keras.optimizers.SGD(schedule, momentum=0.9), log=log
    )
    accuracy = float(net.evaluate(x_test, t_test, verbose=0)[1])
    keras.backend.clear_session()
    return {
        "epoch_loss": [float(v) for v in history["loss"]],
        "test_accuracy": accuracy,
    }


def bn_run(batch_norm, rate, seed, x, t, epochs=2, log=False):
    """:func:`small_net` with or without batch normalisation, SGD with
    momentum 0.9 at learning rate ``rate``, from ``seed``: per-epoch
    training losses (NaN where training diverged) and the final training
    loss from an evaluation pass."""
    keras = keras_module()
    keras.utils.set_random_seed(seed)
    net = small_net(batch_norm=batch_norm)
    history = fit(net, x, t, epochs, keras.optimizers.SGD(rate, momentum=0.9), log=log)
    loss = float(net.evaluate(x, t, batch_size=1000, verbose=0)[0])
    keras.backend.clear_session()
    return {"epoch_loss": [float(v) for v in history["loss"]], "final_loss": loss}


def pretrain(seed, x, t, epochs, log=False):
    """Train :func:`small_net` with 5 classes (labels 0-4) with Adam from
    ``seed``; returns the weights of ``conv_1`` and ``conv_2`` and the
    history."""
    keras = keras_module()
    keras.utils.set_random_seed(seed)
    net = small_net(num_classes=5)
    history = fit(net, x, t, epochs, keras.optimizers.Adam(1e-3), log=log)
    weights = {name: net.get_layer(name).get_weights() for name in ("conv_1", "conv_2")}
    keras.backend.clear_session()
    return weights, history


def transfer_steps(n: int, steps: int = 70, batch_size: int = 32) -> tuple[int, int]:
    """Epochs for about ``steps`` updates on ``n`` examples, and the updates
    that gives: ``(ceil(steps * batch_size / n), epochs * ceil(n / batch_size))``."""
    epochs = -(-steps * batch_size // n)
    return epochs, epochs * -(-n // batch_size)


def transfer_run(method, seed, weights, x, t, x_test, t_test):
    """One arm of the transfer table: a fresh :func:`small_net` with 5
    classes whose convs are copied from ``weights`` and frozen (feature
    extraction), copied and trained (fine-tuning), random and trained (from
    scratch) or random and frozen (frozen random convs); Adam, batches of
    32, :func:`transfer_steps` epochs. Labels ``t`` in 0-4. Returns the
    test accuracy."""
    if method not in TRANSFER_METHODS:
        raise ValueError(f"method must be one of {TRANSFER_METHODS}, got {method!r}")
    keras = keras_module()
    keras.utils.set_random_seed(seed)
    net = small_net(num_classes=5)
    for name in ("conv_1", "conv_2"):
        if method in ("feature extraction", "fine-tuning"):
            net.get_layer(name).set_weights(weights[name])
        net.get_layer(name).trainable = method in ("fine-tuning", "from scratch")
    net.compile(
        optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy"
    )
    net.fit(x, t, epochs=transfer_steps(len(x))[0], batch_size=32, verbose=0)
    predicted = net.predict(x_test, verbose=0).argmax(1)
    keras.backend.clear_session()
    return float(np.mean(predicted == t_test))


def augmentation_layers(seed=0):
    """Random shifts of up to 10% and rotations of up to 0.03 turns."""
    L = keras_module().layers
    return [
        L.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=seed),
        L.RandomRotation(0.03, fill_mode="constant", seed=seed),
    ]


def shift_accuracies(net, x, t, shifts=(0, 1, 2, 3, 4)):
    """Test accuracy on ``x`` (NHWC) moved by each shift, averaged over the
    four directions: :func:`shifted_accuracy` at every shift."""
    return [shifted_accuracy(net, x, t, d) for d in shifts]


def augmentation_run(augmented, seed, x, t, x_test, t_test, epochs=3, log=False):
    """:func:`small_net` with or without :func:`augmentation_layers`, Adam,
    from ``seed``; the test accuracy at shifts 0-4 (:func:`shift_accuracies`)."""
    keras = keras_module()
    keras.utils.set_random_seed(seed)
    front = augmentation_layers(seed) if augmented else ()
    net = small_net(front=front)
    fit(net, x, t, epochs, keras.optimizers.Adam(1e-3), log=log)
    accuracies = shift_accuracies(net, x_test, t_test)
    keras.backend.clear_session()
    return accuracies


# --- Chapter 4 -------------------------------------------------------------

#: The shipped result table of ``scripts/repeat_gap_heads.py``.
GAP_HEAD_TABLE = DATA / "gap_head_repeats.json"
#: Chapter 4's shifts in pixels (the test digits moved right, left, down, up).
SHIFTS = (0, 1, 2, 3, 4)
#: Chapter 4's two heads of ``build_small_cnn``, in table order.
GAP_HEADS = ("flatten", "gap")


def shifted_accuracy(model, x: np.ndarray, t: np.ndarray, distance: int) -> float:
    """Test accuracy of ``model`` on ``x`` moved by ``distance`` pixels.

    The mean over four copies of ``x`` moved right, left, down and up with
    :func:`cnnlib.transforms.shift_images` (zeros fill in, nothing wraps
    around); ``distance=0`` scores ``x`` as it is.

    Parameters
    ----------
    model : keras.Model
        A classifier whose ``predict`` returns ``(N, classes)`` scores.
    x : numpy.ndarray
        ``(N, H, W, C)`` images (NHWC).
    t : numpy.ndarray
        ``(N,)`` integer labels.
    distance : int
        Pixels to move, ``0 <= distance < min(H, W)``.

    Returns
    -------
    float
        The accuracy in [0, 1] over the ``4 N`` moved images (``N`` for 0).
    """
    from cnnlib._validation import check_array, check_int
    from cnnlib.transforms import shift_images

    x = check_array(x, "x", ndim=4, layout="(N, H, W, C)")
    t = check_array(t, "t", ndim=1, layout="(N,)")
    if len(t) != len(x):
        raise ValueError(f"x has {len(x)} images but t has {len(t)} labels")
    distance = check_int("distance", distance, minimum=0)
    if distance >= min(x.shape[1:3]):
        raise ValueError(
            f"distance must be smaller than the images ({x.shape[1]}x{x.shape[2]}),"
            f" got {distance}"
        )
    moves = [(1, 0), (-1, 0), (0, 1), (0, -1)] if distance else [(0, 0)]
    moved = [shift_images(x, distance * dx, distance * dy) for dx, dy in moves]
    scores = model.predict(np.concatenate(moved), batch_size=500, verbose=0)
    return float(np.mean(scores.argmax(axis=1) == np.tile(t, len(moves))))


def gap_head_run(
    head: str, seed: int, data, epochs: int = 5, callbacks: tuple = ()
) -> dict[str, Any]:
    """Train Chapter 2's small CNN with one head from ``seed``; score it on
    moved test digits.

    ``cnnlib.build_small_cnn(head=head)`` with its weights drawn from
    ``seed`` (``keras.utils.set_random_seed``), trained exactly as in
    Chapter 2: Adam (learning rate 1e-3), sparse cross-entropy, batches of
    64, the last 10% of the training digits held back
    (``validation_split=0.1``), ``epochs`` epochs.

    Parameters
    ----------
    head : {"flatten", "gap"}
        ``Flatten``, ``Dense(64)``, ``Dense(10)``, or global average
        pooling directly followed by ``Dense(10)``.
    seed : int
        The seed of the weights and of the batch order.
    data : tuple
        ``((x_train, t_train), (x_test, t_test))`` as
        ``cnnlib.load_mnist(layout="NHWC")`` returns it: ``(N, 28, 28, 1)``
        images (NHWC) and ``(N,)`` integer labels.
    epochs : int
        At least 1.
    callbacks : tuple
        Keras callbacks for ``fit`` (``cnnlib.epoch_logger()`` prints one
        line per epoch).

    Returns
    -------
    dict
        ``"epoch_loss"`` and ``"val_loss"``: the ``epochs`` per-epoch losses
        that ``fit`` reports; ``"shifted_accuracy"``: the test accuracy
        at each of :data:`SHIFTS` (:func:`shifted_accuracy`).
    """
    from cnnlib._validation import check_int
    from cnnlib.keras_models import build_small_cnn

    if head not in GAP_HEADS:
        raise ValueError(f"head must be one of {GAP_HEADS}, got {head!r}")
    seed = check_int("seed", seed, minimum=0)
    epochs = check_int("epochs", epochs, minimum=1)
    try:
        (x, t), (x_test, t_test) = data
    except (TypeError, ValueError):
        raise TypeError(
            "data must be ((x_train, t_train), (x_test, t_test)), "
            f"got {type(data).__name__}"
        ) from None
    for name, images in (("x_train", x), ("x_test", x_test)):
        if not isinstance(images, np.ndarray) or images.shape[1:] != (28, 28, 1):
            raise ValueError(
                f"{name} must be (N, 28, 28, 1) images (NHWC), got "
                f"{getattr(images, 'shape', type(images).__name__)}"
            )
    if isinstance(callbacks, (str, bytes)) or not isinstance(callbacks, (tuple, list)):
        raise TypeError(f"callbacks must be a tuple, got {type(callbacks).__name__}")
    keras = keras_module()
    keras.utils.set_random_seed(seed)
    model = build_small_cnn(head=head)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    history = model.fit(
        x, t, epochs=epochs, batch_size=64, validation_split=0.1, verbose=0,
        callbacks=list(callbacks),
    ).history  # fmt: skip
    accuracies = [shifted_accuracy(model, x_test, t_test, d) for d in SHIFTS]
    keras.backend.clear_session()
    return {
        "epoch_loss": [float(v) for v in history["loss"]],
        "val_loss": [float(v) for v in history["val_loss"]],
        "shifted_accuracy": accuracies,
    }
