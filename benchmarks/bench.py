"""Benchmark: cnnlib's NumPy layers against the book-style reference and TensorFlow.

Not a test. Run ``python -m benchmarks.bench`` (``make bench``). It prints,
for each shape, the median time of the book-style reference
(``benchmarks/book_reference.py``), of cnnlib and of TensorFlow (CPU),
the ratios, cnnlib's GFLOP/s against this machine's NumPy float32 matmul
peak, and the peak memory of the forward pass (tracemalloc, NumPy only);
then Chapter 5's timing claims, each measured in several repeats (the
chapter states what its stored run printed; whether a claim holds on this
machine is checked here, where the timings are controlled); then one
training epoch of SimpleConvNet on the 8,000 bundled digits against a Keras
epoch of the same network.

``--quick`` runs every stage small (a few rounds, one repeat, one epoch on
1,000 digits): what ``tests/test_commands.py`` runs, so that ``make bench``
cannot break unseen. Its numbers mean nothing.

Candidates run interleaved, round by round, after a warm-up, with a short
sleep when switching between TensorFlow and NumPy. TensorFlow's
forward+backward returns the output too, so that the forward is not pruned.
Everything is float32 and NCHW on the NumPy side, NHWC on TensorFlow's.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
import tracemalloc


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--epochs", type=int, default=3, help="epochs timed per side")
    parser.add_argument("--no-book-epoch", action="store_true")
    parser.add_argument(
        "--repeats", type=int, default=5, help="repeats of each timing claim"
    )
    parser.add_argument(
        "--train-size", type=int, default=None, help="digits in the timed epoch"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="every stage, small: 2 rounds, 1 repeat, 1 epoch on 1,000 digits",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("OPENBLAS_NUM_THREADS", "1")),
        help="threads for OpenBLAS and for TensorFlow's ops (default: "
        "$OPENBLAS_NUM_THREADS, else 1: on a small shared machine, two-thread "
        "BLAS calls stall whenever another process holds a core)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.epochs, args.repeats = 2, 1, 1
        args.train_size = args.train_size or 1000
    return args


ARGS = parse_args() if __name__ == "__main__" else None
if ARGS is not None:
    # Read by OpenBLAS when NumPy loads it, so set before the import; this
    # process only.
    os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from benchmarks import book_reference as book  # noqa: E402
from cnnlib.layers import Convolution, Pooling  # noqa: E402

DTYPE = np.float32
SWITCH_SLEEP = 0.02  # seconds, between a TensorFlow and a NumPy run


def time_once(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved(candidates: dict, rounds: int, warmup: int = 2) -> dict[str, float]:
    """Median seconds per candidate; candidates run in turn, round by round."""
    for fn, _ in candidates.values():
        for _ in range(warmup):
            fn()
    times: dict[str, list[float]] = {name: [] for name in candidates}
    previous = None
    for _ in range(rounds):
        for name, (fn, is_tf) in candidates.items():
            if previous is not None and previous != is_tf:
                time.sleep(SWITCH_SLEEP)
            times[name].append(time_once(fn))
            previous = is_tf
    return {name: float(np.median(t)) for name, t in times.items()}


def matmul_peak(n: int = 1536, repeats: int = 7) -> float:
    """NumPy float32 matmul GFLOP/s on this machine (best of ``repeats``)."""
    a = np.random.default_rng(0).standard_normal((n, n), dtype=DTYPE)
    b = np.random.default_rng(1).standard_normal((n, n), dtype=DTYPE)
    a @ b
    best = min(time_once(lambda: a @ b) for _ in range(repeats))
    return 2 * n**3 / best / 1e9


def forward_peak_memory(layer, x) -> float:
    """Peak bytes allocated by ``layer.forward(x)`` (tracemalloc), in MiB."""
    layer.forward(x)
    tracemalloc.start()
    tracemalloc.reset_peak()
    layer.forward(x)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def fwd_bwd(layer, x, dout):
    def run():
        layer.forward(x)
        return layer.backward(dout)

    return run


def bench_conv(tf, label, N, C, H, FN, F, pad, rounds):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, C, H, H), dtype=DTYPE)
    W = (0.1 * rng.standard_normal((FN, C, F, F))).astype(DTYPE)
    b = rng.standard_normal(FN).astype(DTYPE)
    ours, ref = Convolution(W, b, 1, pad), book.Convolution(W, b, 1, pad)
    out = ours.forward(x)
    dout = rng.standard_normal(out.shape, dtype=DTYPE)
    np.testing.assert_allclose(out, ref.forward(x), rtol=1e-4, atol=1e-4)

    x_t = tf.constant(x.transpose(0, 2, 3, 1))  # NCHW -> NHWC
    w_t = tf.Variable(W.transpose(2, 3, 1, 0))  # (FN, C, FH, FW) -> (FH, FW, C, FN)
    b_t = tf.Variable(b)
    d_t = tf.constant(dout.transpose(0, 2, 3, 1))
    paddings = [[0, 0], [pad, pad], [pad, pad], [0, 0]]

    @tf.function
    def tf_forward(images):
        return tf.nn.conv2d(tf.pad(images, paddings), w_t, 1, "VALID") + b_t

    @tf.function
    def tf_forward_backward(images):
        with tf.GradientTape() as tape:
            tape.watch(images)
            y = tf.nn.conv2d(tf.pad(images, paddings), w_t, 1, "VALID") + b_t
            objective = tf.reduce_sum(y * d_t)
        return y, tape.gradient(objective, [images, w_t, b_t])

    def tf_fwd():
        return tf_forward(x_t).numpy()

    def tf_fwd_bwd():
        y, grads = tf_forward_backward(x_t)
        return y.numpy(), [g.numpy() for g in grads]

    times = interleaved(
        {
            "book fwd": (lambda: ref.forward(x), False),
            "cnnlib fwd": (lambda: ours.forward(x), False),
            "tf fwd": (tf_fwd, True),
            "book fwd+bwd": (fwd_bwd(ref, x, dout), False),
            "cnnlib fwd+bwd": (fwd_bwd(ours, x, dout), False),
            "tf fwd+bwd": (tf_fwd_bwd, True),
        },
        rounds,
    )
    OH = out.shape[2]
    flops = 2 * N * FN * OH * OH * C * F * F
    memory = (forward_peak_memory(ref, x), forward_peak_memory(ours, x))
    return label, times, flops, memory


def bench_pool(tf, label, shape, rounds):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape, dtype=DTYPE)
    ours, ref = Pooling(2, 2), book.Pooling(2, 2, stride=2)
    out = ours.forward(x)
    dout = rng.standard_normal(out.shape, dtype=DTYPE)
    np.testing.assert_array_equal(out, ref.forward(x))
    x_t = tf.constant(x.transpose(0, 2, 3, 1))
    d_t = tf.constant(dout.transpose(0, 2, 3, 1))

    @tf.function
    def tf_forward(images):
        return tf.nn.max_pool2d(images, 2, 2, "VALID")

    @tf.function
    def tf_forward_backward(images):
        with tf.GradientTape() as tape:
            tape.watch(images)
            y = tf.nn.max_pool2d(images, 2, 2, "VALID")
            objective = tf.reduce_sum(y * d_t)
        return y, tape.gradient(objective, images)

    times = interleaved(
        {
            "book fwd": (lambda: ref.forward(x), False),
            "cnnlib fwd": (lambda: ours.forward(x), False),
            "tf fwd": (lambda: tf_forward(x_t).numpy(), True),
            "book fwd+bwd": (fwd_bwd(ref, x, dout), False),
            "cnnlib fwd+bwd": (fwd_bwd(ours, x, dout), False),
            "tf fwd+bwd": (lambda: [t.numpy() for t in tf_forward_backward(x_t)], True),
        },
        rounds,
    )
    memory = (forward_peak_memory(ref, x), forward_peak_memory(ours, x))
    return label, times, None, memory


def book_conv_net():
    """SimpleConvNet with the book's Convolution and Pooling layers, and the
    book's backward pass (every layer's, the first one's input gradient
    included: cnnlib's ``gradient`` skips it for its own Convolution)."""
    from cnnlib.network import SimpleConvNet

    class BookConvNet(SimpleConvNet):
        def __init__(self) -> None:
            super().__init__()
            self.layers["Conv1"] = book.Convolution(
                self.params["W1"], self.params["b1"]
            )
            self.layers["Pool1"] = book.Pooling(2, 2, stride=2)

        def gradient(self, x, t):
            self.loss(x, t)
            dout = self.last_layer.backward(1.0)
            for layer in reversed(list(self.layers.values())):
                dout = layer.backward(dout)
            names = {"1": "Conv1", "2": "Affine1", "3": "Affine2"}
            grads = {}
            for i, name in names.items():
                grads[f"W{i}"] = self.layers[name].dW
                grads[f"b{i}"] = self.layers[name].db
            return grads

    return BookConvNet()


def bench_epoch(keras, epochs: int, with_book: bool, train_size: int | None = None):
    from cnnlib.datasets import load_mnist
    from cnnlib.network import SimpleConvNet
    from cnnlib.optim import Adam
    from cnnlib.training import train

    (x_train, t_train), (x_test, t_test) = load_mnist()
    if train_size is not None:
        x_train, t_train = x_train[:train_size], t_train[:train_size]
    results = {"digits": len(x_train)}

    def numpy_epoch(make_net):
        net = make_net()
        return time_once(
            lambda: train(net, x_train, t_train, x_test[:1], t_test[:1], epochs=1,
                          batch_size=100, optimizer=Adam(0.001), seed=0, log=None,
                          eval_sample=1)
        )  # fmt: skip

    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(30, 5, activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(100, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(keras.optimizers.Adam(0.001), "sparse_categorical_crossentropy")
    x_nhwc = np.ascontiguousarray(x_train.transpose(0, 2, 3, 1))
    model.fit(x_nhwc, t_train, batch_size=100, epochs=1, verbose=0)  # warm-up/compile
    numpy_epoch(SimpleConvNet)  # warm-up
    ours, tf_times = [], []
    for _ in range(epochs):
        ours.append(numpy_epoch(SimpleConvNet))
        time.sleep(SWITCH_SLEEP)
        tf_times.append(
            time_once(lambda: model.fit(x_nhwc, t_train, batch_size=100, epochs=1,
                                        verbose=0, shuffle=True))
        )  # fmt: skip
        time.sleep(SWITCH_SLEEP)
    results["cnnlib"] = float(np.median(ours))
    results["keras"] = float(np.median(tf_times))
    if with_book:
        results["book"] = numpy_epoch(book_conv_net)
    return results


def conv_calls(tf, layer, x, x_t, w_t, b_t, W, b) -> dict:
    """The chapter's three ways of calling a convolution, for ``interleaved``."""
    graph = tf.function(lambda images: tf.nn.conv2d(images, w_t, 1, "VALID") + b_t)
    x_nhwc, w_hwcn = x.transpose(0, 2, 3, 1).copy(), W.transpose(2, 3, 1, 0).copy()

    def eager():
        return (tf.nn.conv2d(x_nhwc, w_hwcn, 1, "VALID") + b).numpy()

    return {
        "ours": (lambda: layer.forward(x), False),
        "graph": (lambda: graph(x_t).numpy(), True),
        "eager": (eager, True),
    }


def chapter5_claims(tf, rounds: int, repeats: int) -> list[tuple[str, int, int]]:
    """Chapter 5's timing claims, each checked in ``repeats`` repeats of
    median timings (``rounds`` rounds each): (claim, held, repeats).

    The cases are the chapter's: a tiny input (the cost of a call alone),
    the first layer of SimpleConvNet (100 digits, 30 filters 5x5) and a
    deeper layer (100x30x12x12, 64 filters 3x3); each timed as the
    from-scratch forward, a ``tf.function`` graph and eager ``tf.nn.conv2d``
    on NumPy arrays. A random first layer times as the trained one does.
    """
    rng = np.random.default_rng(0)
    cases = {
        "tiny": (1, 1, 8, 2, 3),
        "first": (100, 1, 28, 30, 5),
        "deeper": (100, 30, 12, 64, 3),
    }
    calls = {}
    for case, (N, C, H, FN, F) in cases.items():
        x = rng.standard_normal((N, C, H, H), dtype=DTYPE)
        W = (0.1 * rng.standard_normal((FN, C, F, F))).astype(DTYPE)
        b = np.zeros(FN, dtype=DTYPE)
        x_t = tf.constant(x.transpose(0, 2, 3, 1))
        w_t, b_t = tf.constant(W.transpose(2, 3, 1, 0)), tf.constant(b)
        calls[case] = conv_calls(tf, Convolution(W, b), x, x_t, w_t, b_t, W, b)
    claims = {
        "tiny input < 1/4 of the fastest real layer, every way of calling": (
            lambda t, r: (
                max(t["tiny"].values())
                < 0.25 * min(min(t[c].values()) for c in ("first", "deeper"))
            )
        ),
        "eager / tf.function within 1/3..3 on both real layers": (
            lambda t, r: all(1 / 3 < r[c]["eager"] < 3 for c in ("first", "deeper"))
        ),
        "ours / tf.function within 1/5..5 on the first layer": (
            lambda t, r: 1 / 5 < r["first"]["ours"] < 5
        ),
        "ours / tf.function larger on the deeper layer than on the first": (
            lambda t, r: r["deeper"]["ours"] > r["first"]["ours"]
        ),
    }
    held = dict.fromkeys(claims, 0)
    for _ in range(repeats):
        times = {
            case: {
                name.split()[-1]: ms
                for name, ms in interleaved(
                    {f"{case} {k}": v for k, v in fns.items()}, rounds
                ).items()
            }
            for case, fns in calls.items()
        }
        ratio = {c: {k: t[k] / t["graph"] for k in t} for c, t in times.items()}
        for claim, check in claims.items():
            held[claim] += bool(check(times, ratio))
    return [(claim, n, repeats) for claim, n in held.items()]


@contextlib.contextmanager
def silenced_stderr():
    """Send file descriptor 2 to /dev/null: TensorFlow's C++ start-up lines
    (absl, oneDNN) are written before TF_CPP_MIN_LOG_LEVEL is consulted."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(devnull)
        os.close(saved)


def load_average() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "n/a"


def main() -> None:
    args = ARGS if ARGS is not None else parse_args()
    with silenced_stderr():
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
        import keras

        keras.utils.disable_interactive_logging()
        tf.constant(0.0) + 1.0  # the first op initialises TF: more start-up lines

    peak = matmul_peak(512 if args.quick else 1536)
    print(
        f"NumPy {np.__version__}, TensorFlow {tf.__version__}, {os.cpu_count()} cores"
    )
    print(
        f"threads: OpenBLAS {os.environ['OPENBLAS_NUM_THREADS']} "
        f"(OPENBLAS_NUM_THREADS), TensorFlow intra-op "
        f"{tf.config.threading.get_intra_op_parallelism_threads()} / inter-op "
        f"{tf.config.threading.get_inter_op_parallelism_threads()}"
    )
    print(f"load average (1, 5, 15 min) at start: {load_average()}")
    print(f"NumPy float32 matmul peak: {peak:.1f} GFLOP/s\n")

    rows = [
        bench_conv(
            tf, "(a) conv 100x1x28x28, 30@5x5", 100, 1, 28, 30, 5, 0, args.rounds
        ),
        bench_conv(
            tf, "(b) conv 100x32x14x14, 64@3x3 p1", 100, 32, 14, 64, 3, 1, args.rounds
        ),  # fmt: skip
        bench_pool(
            tf, "(c) maxpool 2x2/2 100x30x24x24", (100, 30, 24, 24), args.rounds
        ),
    ]
    header = (
        f"{'shape':<34} {'pass':<8} {'book ms':>8} {'cnnlib ms':>9} {'tf ms':>7} "
        f"{'cnnlib/tf':>9} {'book/cnnlib':>11} {'GFLOP/s':>8} {'%peak':>6}"
    )
    print(header)
    print("-" * len(header))
    for label, t, flops, _ in rows:
        passes = {
            "fwd": ("book fwd", "cnnlib fwd", "tf fwd"),
            "fwd+bwd": ("book fwd+bwd", "cnnlib fwd+bwd", "tf fwd+bwd"),
        }
        derived = {
            k: t[f"{k} fwd+bwd"] - t[f"{k} fwd"] for k in ("book", "cnnlib", "tf")
        }
        for name, (kb, kc, kt) in passes.items():
            values = (t[kb], t[kc], t[kt])
            rate = ""
            if flops:
                work = flops if name == "fwd" else 3 * flops
                gflops = work / values[1] / 1e9
                rate = f"{gflops:>8.1f} {100 * gflops / peak:>5.0f}%"
            print(
                f"{label:<34} {name:<8} {values[0] * 1e3:>8.2f} "
                f"{values[1] * 1e3:>9.2f} {values[2] * 1e3:>7.2f} "
                f"{values[1] / values[2]:>9.2f} "
                f"{values[0] / values[1]:>11.1f} {rate}"
            )
        b, c, f = (derived[k] for k in ("book", "cnnlib", "tf"))
        print(
            f"{'':<34} {'bwd*':<8} {b * 1e3:>8.2f} {c * 1e3:>9.2f} {f * 1e3:>7.2f} "
            f"{c / f:>9.2f} {b / c:>11.1f}"
        )
    print("bwd* = (fwd+bwd) - fwd\n")
    print("forward peak memory (tracemalloc, MiB):")
    for label, _, _, (mem_book, mem_ours) in rows:
        print(f"  {label:<34} book {mem_book:7.1f}   cnnlib {mem_ours:7.1f}")

    print(
        f"\nChapter 5's timing claims ({args.repeats} repeats of "
        f"{args.rounds}-round medians; a claim should hold in every repeat):"
    )
    for claim, held, repeats in chapter5_claims(tf, args.rounds, args.repeats):
        print(f"  {held}/{repeats}  {claim}")

    epoch = bench_epoch(keras, args.epochs, not args.no_book_epoch, args.train_size)
    print(
        f"\nSimpleConvNet, one epoch on {epoch['digits']:,} digits, batch 100, "
        "Adam (median):"
    )
    print(f"  cnnlib {epoch['cnnlib']:.2f} s   Keras {epoch['keras']:.2f} s   "
          f"cnnlib/Keras {epoch['cnnlib'] / epoch['keras']:.2f}")  # fmt: skip
    if "book" in epoch:
        print(f"  book-style (one run) {epoch['book']:.2f} s")
    print(f"\nload average (1, 5, 15 min) at end: {load_average()}")


if __name__ == "__main__":
    main()
