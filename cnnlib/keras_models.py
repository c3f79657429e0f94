"""Keras models the chapters build, and a quiet, seeded way to import Keras.

Everything here is channels-last (NHWC), Keras's default. TensorFlow is
imported inside the functions, never when ``cnnlib`` is imported.

This module is cnnlib's one gateway to Keras and TensorFlow: every other
module gets them from :func:`keras_module` and :func:`tensorflow_module`
(a test checks that no other module imports them), so that the first import
anywhere in cnnlib is quiet, has oneDNN off and TensorFlow's thread pools
fixed, as :func:`import_keras` sets them (without its seeding).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from cnnlib._validation import check_int

__all__ = [
    "build_alexnet",
    "build_dense_mnist",
    "build_inception_module",
    "build_lenet5",
    "build_residual_net",
    "build_small_cnn",
    "build_two_block_cnn",
    "epoch_logger",
    "import_keras",
    "preactivation_block",
    "residual_block",
]


#: TensorFlow threads used when neither the caller nor CNNLIB_TF_THREADS says.
#: The stored notebook outputs were made with this many intra- and inter-op
#: threads; fixing the number makes results independent of the core count.
DEFAULT_TF_THREADS = 2


def import_keras(seed: int = 0, threads: int | None = None) -> Any:
    """Import Keras with TensorFlow's log noise off, threads fixed, seeds set.

    Before TensorFlow is first imported, sets ``TF_CPP_MIN_LOG_LEVEL=3`` and
    forces ``TF_ENABLE_ONEDNN_OPTS=0`` (overriding the reader's setting:
    oneDNN kernels change the last digits of training results). Then fixes
    TensorFlow's intra- and inter-op thread pools to ``threads`` (default:
    the environment variable ``CNNLIB_TF_THREADS``, else
    :data:`DEFAULT_TF_THREADS`), seeds Python, NumPy and TensorFlow with
    ``keras.utils.set_random_seed`` and turns on deterministic ops, so that
    training gives the same numbers run after run and on machines with a
    different number of cores.

    Parameters
    ----------
    seed : int
        Seed for Python, NumPy and TensorFlow.
    threads : int or None
        Threads for each of TensorFlow's two pools (at least 1).

    Returns
    -------
    module
        The ``keras`` module.

    Raises
    ------
    RuntimeError
        If TensorFlow already started with other thread counts (call
        ``import_keras`` before any other TensorFlow work), or where
        TensorFlow cannot be installed (Python in the browser).
    """
    seed = check_int("seed", seed)
    threads = _tf_threads(threads)
    _check_not_in_browser()
    _quiet_environment()
    keras, tf = _keras_and_tensorflow()
    _set_tf_threads(tf, threads)
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    return keras


def keras_module() -> Any:
    """The ``keras`` module, for cnnlib's own use (not seeded; see the module doc).

    Call :func:`import_keras` first to seed; this only imports (once) with
    the log, oneDNN and thread settings of :func:`import_keras`.
    """
    return _keras_and_tensorflow()[0]


def tensorflow_module() -> Any:
    """The ``tensorflow`` module, imported like :func:`keras_module`."""
    return _keras_and_tensorflow()[1]


_configured = False  # set once the first import went through this module


def _check_not_in_browser() -> None:
    if sys.platform == "emscripten":
        raise RuntimeError(
            "This cell needs TensorFlow, which cannot run in the browser "
            "(Pyodide); the book shows its stored output. Run the notebook "
            "on your own machine, Colab or Binder to execute it."
        )


def _quiet_environment() -> None:
    """TensorFlow's log level and oneDNN switch (read when TensorFlow loads)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"


def _keras_and_tensorflow() -> tuple[Any, Any]:
    """``(keras, tensorflow)``; the first call quiets the logs and, if
    TensorFlow was not loaded yet, sets the environment and thread pools."""
    global _configured
    if not _configured:
        _check_not_in_browser()
        fresh = "tensorflow" not in sys.modules
        if fresh:
            _quiet_environment()
        import absl.logging
        import tensorflow as tf

        absl.logging.set_verbosity(absl.logging.ERROR)
        tf.get_logger().setLevel("ERROR")
        if fresh:
            _set_tf_threads(tf, _tf_threads(None))
        _configured = True
    import keras
    import tensorflow as tf

    return keras, tf


def _tf_threads(threads: int | None) -> int:
    """The thread count to use: the argument, the environment, the default."""
    source = "threads"
    if threads is None:
        text = os.environ.get("CNNLIB_TF_THREADS", "").strip()
        if not text:
            return DEFAULT_TF_THREADS
        source = "CNNLIB_TF_THREADS"
        try:
            threads = int(text)
        except ValueError:
            raise ValueError(
                f"CNNLIB_TF_THREADS must be a whole number >= 1, got {text!r}"
            ) from None
    threads = check_int("threads", threads)
    if threads < 1:
        raise ValueError(f"{source} must be >= 1, got {threads}")
    return threads


def _set_tf_threads(tf: Any, threads: int) -> None:
    """Fix both TensorFlow thread pools, or check they already have that size."""
    threading = tf.config.threading
    try:
        threading.set_intra_op_parallelism_threads(threads)
        threading.set_inter_op_parallelism_threads(threads)
    except RuntimeError:
        # TensorFlow's runtime is already running: the pools cannot change.
        current = (
            threading.get_intra_op_parallelism_threads(),
            threading.get_inter_op_parallelism_threads(),
        )
        if current != (threads, threads):
            raise RuntimeError(
                f"TensorFlow already runs with (intra, inter) = {current} "
                f"threads, not {threads}: call cnnlib.import_keras before any "
                "other TensorFlow work, or restart the kernel"
            ) from None


def epoch_logger(
    metrics: tuple[str, ...] = ("loss", "accuracy", "val_loss", "val_accuracy"),
):
    """A Keras callback that prints one line per epoch, with no timings.

    Use it with ``model.fit(..., verbose=0, callbacks=[epoch_logger()])``:
    progress bars and step times would change from run to run, these lines
    do not.
    """
    callback: Any = keras_module().callbacks.Callback

    class EpochLogger(callback):
        def on_train_begin(self, logs=None):
            self.epochs = self.params.get("epochs", 0)

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            parts = [f"epoch {epoch + 1:>2}/{self.epochs}"]
            parts += [f"{name} {logs[name]:.4f}" for name in metrics if name in logs]
            print("  ".join(parts), flush=True)

    return EpochLogger()


def build_dense_mnist(hidden: tuple[int, ...] = (256, 128), num_classes: int = 10):
    """The dense MNIST baseline: Flatten (28, 28, 1) -> 784-256-128-10.

    235,146 parameters with the defaults (Chapter 2).
    """
    keras = keras_module()
    layers = [keras.Input((28, 28, 1)), keras.layers.Flatten(name="flatten")]
    for i, units in enumerate(hidden, start=1):
        layers.append(keras.layers.Dense(units, activation="relu", name=f"dense_{i}"))
    layers.append(keras.layers.Dense(num_classes, activation="softmax", name="output"))
    return keras.Sequential(layers, name="dense_mnist")


def build_small_cnn(
    input_shape: tuple[int, int, int] = (28, 28, 1),
    num_classes: int = 10,
    head: str = "flatten",
):
    """The small CNN of Chapter 2: three 3x3 convs, two max pools, then a head.

    ``head="flatten"``: Flatten, Dense(64), Dense(10); 93,322 parameters on
    (28, 28, 1). ``head="gap"``: GlobalAveragePooling2D, then Dense(10)
    directly; 56,394 parameters (Chapter 4 compares the two on moved digits).
    """
    if head not in ("flatten", "gap"):
        raise ValueError(f'head must be "flatten" or "gap", got {head!r}')
    keras = keras_module()
    L = keras.layers
    layers = [
        keras.Input(input_shape),
        L.Conv2D(32, 3, activation="relu", name="conv_1"),
        L.MaxPooling2D(2, name="pool_1"),
        L.Conv2D(64, 3, activation="relu", name="conv_2"),
        L.MaxPooling2D(2, name="pool_2"),
        L.Conv2D(64, 3, activation="relu", name="conv_3"),
    ]
    if head == "flatten":
        layers += [
            L.Flatten(name="flatten"),
            L.Dense(64, activation="relu", name="dense"),
        ]
    else:
        layers += [L.GlobalAveragePooling2D(name="gap")]
    layers += [L.Dense(num_classes, activation="softmax", name="output")]
    name = "small_cnn" if head == "flatten" else "small_cnn_gap"
    return keras.Sequential(layers, name=name)


def build_lenet5(
    input_shape: tuple[int, int, int] = (32, 32, 1),
    activation: str = "tanh",
    num_classes: int = 10,
):
    """LeNet-5 in Keras style (full connectivity in C3, average pooling).

    On the 32x32x1 input of the 1998 paper: 61,706 parameters. Pass
    ``input_shape=(28, 28, 1)`` to pad MNIST digits by 2 pixels inside the
    model (a ``ZeroPadding2D`` layer, no weights), as the paper did.
    """
    keras = keras_module()
    L = keras.layers
    layers = [keras.Input(input_shape)]
    if tuple(input_shape[:2]) == (28, 28):
        layers.append(L.ZeroPadding2D(2, name="pad_to_32"))
    elif tuple(input_shape[:2]) != (32, 32):
        raise ValueError(
            f"LeNet-5 takes 32x32 (or 28x28, padded) images, got {input_shape}"
        )
    layers += [
        L.Conv2D(6, 5, activation=activation, name="C1"),
        L.AveragePooling2D(2, name="S2"),
        L.Conv2D(16, 5, activation=activation, name="C3"),
        L.AveragePooling2D(2, name="S4"),
        L.Flatten(name="flatten"),
        L.Dense(120, activation=activation, name="C5"),
        L.Dense(84, activation=activation, name="F6"),
        L.Dense(num_classes, activation="softmax", name="output"),
    ]
    return keras.Sequential(layers, name="lenet5")


def build_alexnet(num_classes: int = 1000, dropout: float = 0.5, two_gpu: bool = False):
    """AlexNet (2012) on 227x227x3: 62,378,344 parameters as one stream.

    With ``two_gpu=True``, ``conv_2``, ``conv_4`` and ``conv_5`` are grouped
    convolutions (``groups=2``): as in the paper's two-GPU split, each half
    of their filters sees only the half of the input channels on its own
    GPU; 60,965,224 parameters. ``conv_3`` and the dense layers see all
    channels either way. Local response normalisation is left out: it has
    no weights and Keras has no layer for it. Build it to inspect shapes;
    training it needs a GPU and ImageNet.
    """
    if not isinstance(two_gpu, bool):
        raise TypeError(f"two_gpu must be True or False, got {two_gpu!r}")
    keras = keras_module()
    L = keras.layers
    groups = 2 if two_gpu else 1
    return keras.Sequential(
        [
            keras.Input((227, 227, 3)),
            L.Conv2D(96, 11, strides=4, activation="relu", name="conv_1"),
            L.MaxPooling2D(3, strides=2, name="pool_1"),
            L.Conv2D(
                256, 5, padding="same", activation="relu", groups=groups, name="conv_2"
            ),
            L.MaxPooling2D(3, strides=2, name="pool_2"),
            L.Conv2D(384, 3, padding="same", activation="relu", name="conv_3"),
            L.Conv2D(
                384, 3, padding="same", activation="relu", groups=groups, name="conv_4"
            ),
            L.Conv2D(
                256, 3, padding="same", activation="relu", groups=groups, name="conv_5"
            ),
            L.MaxPooling2D(3, strides=2, name="pool_5"),
            L.Flatten(name="flatten"),
            L.Dense(4096, activation="relu", name="fc_6"),
            L.Dropout(dropout, name="drop_6"),
            L.Dense(4096, activation="relu", name="fc_7"),
            L.Dropout(dropout, name="drop_7"),
            L.Dense(num_classes, activation="softmax", name="fc_8"),
        ],
        name="alexnet_two_gpu" if two_gpu else "alexnet",
    )


def build_two_block_cnn(
    input_shape: tuple[int, int, int] = (28, 28, 1),
    num_classes: int = 10,
    *,
    wire_second_block_to_input: bool = False,
):
    """Two Conv-BN-Conv-BN-MaxPool-Dropout blocks, Dense(512)-BN-Dropout, Dense(10).

    A VGG-style Fashion-MNIST network in the functional API (Chapter 4): 3x3
    convolutions with ``padding='same'``, 32 filters in the first block and
    64 in the second. On (28, 28, 1) it has 1,679,082 parameters (1,408 of
    them the non-trainable moving statistics of batch normalisation).

    With ``wire_second_block_to_input=True`` it reproduces a common
    functional-API mistake: the second block reads the *input* instead of
    the first block's output. The first block is then left dangling: Keras
    drops it from the model (it is not in ``model.layers`` and has no effect
    on the output), the second block sees 28x28 instead of 14x14, and the
    first dense layer grows fourfold, to 6,468,298 parameters in all.
    """
    keras = keras_module()
    L = keras.layers

    def block(x, filters: int, index: int):
        for part in "ab":
            x = L.Conv2D(
                filters,
                3,
                padding="same",
                activation="relu",
                name=f"conv_{index}{part}",
            )(x)
            x = L.BatchNormalization(name=f"bn_{index}{part}")(x)
        x = L.MaxPooling2D(2, name=f"pool_{index}")(x)
        return L.Dropout(0.25, name=f"drop_{index}")(x)

    inputs = keras.Input(input_shape, name="image")
    block_1 = block(inputs, 32, 1)
    block_2 = block(inputs if wire_second_block_to_input else block_1, 64, 2)
    x = L.Flatten(name="flatten")(block_2)
    x = L.Dense(512, activation="relu", name="dense")(x)
    x = L.BatchNormalization(name="bn_dense")(x)
    x = L.Dropout(0.5, name="drop_dense")(x)
    outputs = L.Dense(num_classes, activation="softmax", name="output")(x)
    name = "two_block_cnn_dangling" if wire_second_block_to_input else "two_block_cnn"
    return keras.Model(inputs, outputs, name=name)


def build_inception_module(
    input_shape: tuple[int, int, int] = (28, 28, 192),
    filters: tuple[int, int, int, int, int, int] = (64, 96, 128, 16, 32, 32),
    *,
    bottleneck: bool = True,
):
    """One Inception module: parallel 1x1, 3x3, 5x5 and pooling branches, concatenated.

    ``filters`` = (1x1, 3x3 reduce, 3x3, 5x5 reduce, 5x5, pool projection),
    by default GoogLeNet's module "3a" on its 28x28x192 input (Szegedy et
    al. 2014, Table 1), whose output is 28x28x256. With
    ``bottleneck=False`` it is the paper's "naive" module: no 1x1
    reductions before the 3x3 and 5x5 convs and no projection after the
    pooling, so the pooled input's channels are concatenated as they are.
    All convs use ``padding='same'`` and ReLU (Chapter 7).
    """
    keras = keras_module()
    L = keras.layers
    f1, r3, f3, r5, f5, fp = filters

    def conv(x, k, size, name):
        return L.Conv2D(k, size, padding="same", activation="relu", name=name)(x)

    inputs = keras.Input(input_shape, name="input")
    branch_3, branch_5 = inputs, inputs
    if bottleneck:
        branch_3 = conv(inputs, r3, 1, "reduce_3x3")
        branch_5 = conv(inputs, r5, 1, "reduce_5x5")
    pooled = L.MaxPooling2D(3, strides=1, padding="same", name="pool_3x3")(inputs)
    branches = [
        conv(inputs, f1, 1, "conv_1x1"),
        conv(branch_3, f3, 3, "conv_3x3"),
        conv(branch_5, f5, 5, "conv_5x5"),
        conv(pooled, fp, 1, "pool_proj") if bottleneck else pooled,
    ]
    outputs = L.Concatenate(name="concat")(branches)
    name = "inception" if bottleneck else "inception_naive"
    return keras.Model(inputs, outputs, name=name)


def residual_block(
    x,
    filters: int,
    stride: int = 1,
    *,
    shortcut: bool = True,
    batch_norm: bool = True,
    projection: bool = True,
    kernel_initializer: str = "glorot_uniform",
    name: str = "block",
):
    """A ResNet basic block on tensor ``x``: ``relu(F(x) + shortcut(x))``.

    ``F`` is Conv3x3(stride)-BN-ReLU-Conv3x3-BN (He et al. 2015, Fig. 2):
    the "post-activation" block, with the ReLU after the sum. The shortcut
    is the identity when ``F(x)`` has the shape of ``x``. Otherwise, with
    ``projection=True``, a 1x1 convolution with the same stride (the paper's
    option B, followed by BN); with ``projection=False``, the paper's option
    A, which has no weights: ``x`` subsampled with the stride and the extra
    channels filled with zeros. The two are summed with ``keras.layers.Add``.
    With ``shortcut=False`` the block is the "plain" counterpart: the same
    convs, no sum. With ``batch_norm=False`` the BN layers are left out and
    the convs get a bias instead. ``kernel_initializer`` is passed to every
    convolution (``"he_normal"`` for He et al.'s initialisation).

    Shapes (NHWC): ``(N, H, W, C)`` in, ``(N, ceil(H/stride), ceil(W/stride),
    filters)`` out.

    Examples
    --------
    >>> keras = import_keras()
    >>> inputs = keras.Input((8, 8, 4))
    >>> block = residual_block(inputs, 8, stride=2, projection=False)
    >>> model = keras.Model(inputs, block)
    >>> model.output.shape[1:], model.count_params()  # no shortcut weights
    ((4, 4, 8), 928)
    """
    keras = keras_module()
    L = keras.layers
    if filters < x.shape[-1] and shortcut and not projection:
        raise ValueError(
            f"an option-A shortcut can only add channels, got {x.shape[-1]} "
            f"channels in and filters={filters}"
        )

    def conv(t, size, s, suffix):
        t = L.Conv2D(
            filters,
            size,
            strides=s,
            padding="same",
            use_bias=not batch_norm,
            kernel_initializer=kernel_initializer,
            name=f"{name}_{suffix}",
        )(t)
        if batch_norm:
            t = L.BatchNormalization(name=f"{name}_{suffix}_bn")(t)
        return t

    y = conv(x, 3, stride, "conv1")
    y = L.Activation("relu", name=f"{name}_relu1")(y)
    y = conv(y, 3, 1, "conv2")
    if shortcut:
        skip = x
        if stride != 1 or x.shape[-1] != filters:
            if projection:
                skip = conv(x, 1, stride, "proj")
            else:
                skip = _zero_pad_shortcut(x, filters, stride, name)
        y = L.Add(name=f"{name}_add")([y, skip])
    return L.Activation("relu", name=f"{name}_out")(y)


def _zero_pad_shortcut(x, filters: int, stride: int, name: str):
    """He et al.'s option A: subsample ``x`` by ``stride``, pad channels with 0."""
    keras = keras_module()
    L = keras.layers
    if stride != 1:  # a 1x1 max pooling with a stride keeps every stride-th pixel
        x = L.MaxPooling2D(1, strides=stride, padding="same", name=f"{name}_sub")(x)
    extra = filters - x.shape[-1]
    if extra:
        x = L.Lambda(
            lambda t: keras.ops.pad(t, [[0, 0], [0, 0], [0, 0], [0, extra]]),
            name=f"{name}_pad",
        )(x)
    return x


def preactivation_block(
    x,
    filters: int,
    *,
    kernel_initializer: str = "he_normal",
    name: str = "preact",
):
    """A pre-activation residual block (He et al. 2016, "Identity Mappings").

    ``F`` is BN-ReLU-Conv3x3-BN-ReLU-Conv3x3 and the output is ``x + F(x)``
    with nothing after the sum, so the shortcut is a pure identity, forwards
    and backwards. Needs ``x.shape[-1] == filters`` (stride 1, identity
    shortcut); the convolutions have no bias (a BN follows or the next block
    starts with one).

    Shapes (NHWC): ``(N, H, W, filters)`` in and out.

    Examples
    --------
    >>> keras = import_keras()
    >>> inputs = keras.Input((8, 8, 4))
    >>> model = keras.Model(inputs, preactivation_block(inputs, 4))
    >>> [type(layer).__name__ for layer in model.layers][1:4]
    ['BatchNormalization', 'Activation', 'Conv2D']
    >>> type(model.layers[-1]).__name__, model.count_params()
    ('Add', 320)
    """
    if x.shape[-1] != filters:
        raise ValueError(
            f"a pre-activation block with an identity shortcut needs "
            f"filters == input channels, got {filters} and {x.shape[-1]}"
        )
    L = keras_module().layers
    y = x
    for i in (1, 2):
        y = L.BatchNormalization(name=f"{name}_bn{i}")(y)
        y = L.Activation("relu", name=f"{name}_relu{i}")(y)
        y = L.Conv2D(
            filters,
            3,
            padding="same",
            use_bias=False,
            kernel_initializer=kernel_initializer,
            name=f"{name}_conv{i}",
        )(y)
    return L.Add(name=f"{name}_add")([x, y])


def build_residual_net(
    blocks: tuple[int, ...] = (3, 3, 3),
    widths: tuple[int, ...] = (8, 16, 32),
    *,
    residual: bool = True,
    batch_norm: bool = True,
    projection: bool = True,
    kernel_initializer: str = "glorot_uniform",
    stem_stride: int = 1,
    input_shape: tuple[int, int, int] = (28, 28, 1),
    num_classes: int = 10,
):
    """A small ResNet for digits, or its plain twin (``residual=False``).

    A 3x3 conv stem (stride ``stem_stride``, BN, ReLU), then one stage per
    entry of ``blocks``: that many :func:`residual_block` s with
    ``widths[i]`` filters, the first block of every stage after the first
    with stride 2; then global average pooling and a softmax dense layer.
    Depth in weighted layers on the main path: ``2 * sum(blocks) + 2`` (20
    with the defaults), the same for both twins. With ``projection=True``
    the residual one has one 1x1 projection more per change of width or
    stride (Chapter 7); with ``projection=False`` its shortcuts have no
    weights and both twins have the same parameters. ``kernel_initializer``
    goes to every convolution.

    Shapes (NHWC): images ``input_shape`` in, ``(N, num_classes)``
    probabilities out.

    Examples
    --------
    >>> keras = import_keras()
    >>> kw = dict(blocks=(1, 1), widths=(4, 8), projection=False)
    >>> res, plain = build_residual_net(**kw), build_residual_net(residual=False, **kw)
    >>> res.name, plain.name, res.count_params() == plain.count_params()
    ('resnet6', 'plain6', True)
    """
    if len(blocks) != len(widths) or not blocks:
        raise ValueError(
            f"blocks and widths must have the same non-zero length, got "
            f"{blocks} and {widths}"
        )
    keras = keras_module()
    L = keras.layers
    inputs = keras.Input(input_shape, name="image")
    x = L.Conv2D(
        widths[0],
        3,
        strides=stem_stride,
        padding="same",
        use_bias=not batch_norm,
        kernel_initializer=kernel_initializer,
        name="stem_conv",
    )(inputs)
    if batch_norm:
        x = L.BatchNormalization(name="stem_bn")(x)
    x = L.Activation("relu", name="stem_relu")(x)
    for stage, (count, width) in enumerate(zip(blocks, widths, strict=True), 1):
        for index in range(1, count + 1):
            stride = 2 if stage > 1 and index == 1 else 1
            x = residual_block(
                x,
                width,
                stride,
                shortcut=residual,
                batch_norm=batch_norm,
                projection=projection,
                kernel_initializer=kernel_initializer,
                name=f"s{stage}b{index}",
            )
    x = L.GlobalAveragePooling2D(name="gap")(x)
    outputs = L.Dense(num_classes, activation="softmax", name="output")(x)
    depth = 2 * sum(blocks) + 2
    name = f"resnet{depth}" if residual else f"plain{depth}"
    return keras.Model(inputs, outputs, name=name)
