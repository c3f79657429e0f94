"""A plain mini-batch training loop for the from-scratch networks (Chapter 5)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["train"]


def train(
    network,
    x_train: np.ndarray,
    t_train: np.ndarray,
    x_test: np.ndarray,
    t_test: np.ndarray,
    epochs: int = 1,
    batch_size: int = 100,
    optimizer=None,
    seed: int = 0,
    log: Callable[[str], object] | None = print,
    eval_sample: int | None = None,
) -> dict[str, list[float]]:
    """Train ``network`` with mini-batches; one deterministic log line per epoch.

    Each epoch shuffles the training set with ``np.random.default_rng(seed)``,
    takes a gradient step per mini-batch (the last may be smaller), then
    measures the accuracy on the training set and the test set.

    Parameters
    ----------
    network : SimpleConvNet or alike
        With ``params``, ``gradient(x, t)``, ``loss(x, t)`` and ``accuracy``.
    x_train, t_train : ndarray
        ``(N, C, H, W)`` images and ``(N,)`` or one-hot labels.
    x_test, t_test : ndarray
    epochs, batch_size : int
    optimizer : object, optional
        With ``update(params, grads)``; defaults to ``Adam()``.
    seed : int
        Seeds the shuffling.
    log : callable or None
        Receives one line per epoch, e.g.
        ``epoch 1/5  loss 0.4321  train acc 0.9012  test acc 0.8990``
        (no timings, so that the output is the same run after run).
    eval_sample : int, optional
        Measure the accuracies on the first ``eval_sample`` images of each
        set only (faster); default all.

    Returns
    -------
    dict
        ``loss`` (mean training loss of each epoch), ``train_acc`` and
        ``test_acc``, one value per epoch.

    Examples
    --------
    >>> from cnnlib.network import SimpleConvNet
    >>> from cnnlib.optim import SGD
    >>> rng = np.random.default_rng(0)
    >>> x = rng.random((20, 1, 8, 8), dtype=np.float32)
    >>> t = rng.integers(0, 2, 20)
    >>> net = SimpleConvNet((1, 8, 8), {"filter_num": 2, "filter_size": 3},
    ...                     hidden_size=4, output_size=2)
    >>> history = train(net, x, t, x, t, epochs=2, batch_size=10,
    ...                 optimizer=SGD(0.1))
    epoch 1/2  loss 0.6942  train acc 0.5000  test acc 0.5000
    epoch 2/2  loss 0.6942  train acc 0.5000  test acc 0.5000
    >>> sorted(history)
    ['loss', 'test_acc', 'train_acc']
    """
    from cnnlib.optim import Adam

    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive integer, got {epochs!r}")
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, int)
        or batch_size < 1
    ):
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    if len(x_train) != len(t_train) or len(x_test) != len(t_test):
        raise ValueError(
            f"images and labels differ in length: {len(x_train)} vs {len(t_train)}, "
            f"{len(x_test)} vs {len(t_test)}"
        )
    optimizer = Adam() if optimizer is None else optimizer
    rng = np.random.default_rng(seed)
    n_eval_train = (
        len(x_train) if eval_sample is None else min(eval_sample, len(x_train))
    )
    n_eval_test = len(x_test) if eval_sample is None else min(eval_sample, len(x_test))
    history: dict[str, list[float]] = {"loss": [], "train_acc": [], "test_acc": []}
    N = len(x_train)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(N)
        total = 0.0
        for start in range(0, N, batch_size):
            batch = order[start : start + batch_size]
            grads = network.gradient(x_train[batch], t_train[batch])
            total += network.last_layer.loss * len(batch)
            optimizer.update(network.params, grads)
        history["loss"].append(total / N)
        history["train_acc"].append(
            network.accuracy(x_train[:n_eval_train], t_train[:n_eval_train])
        )
        history["test_acc"].append(
            network.accuracy(x_test[:n_eval_test], t_test[:n_eval_test])
        )
        if log is not None:
            log(
                f"epoch {epoch}/{epochs}  loss {history['loss'][-1]:.4f}  "
                f"train acc {history['train_acc'][-1]:.4f}  "
                f"test acc {history['test_acc'][-1]:.4f}"
            )
    return history
