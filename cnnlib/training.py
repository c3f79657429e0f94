"""A plain mini-batch training loop for the from-scratch networks (Chapter 5)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["train"]


def train(
    network,
    x_train: np.ndarray,
    t_train: np.ndarray,
    x_test: np.ndarray | None,
    t_test: np.ndarray | None,
    epochs: int = 1,
    batch_size: int = 100,
    optimizer=None,
    seed: int = 0,
    log: Callable[[str], object] | None = print,
    eval_per_class: int | None = None,
    eval_name: str = "test",
) -> dict[str, list[float]]:
    """Train ``network`` with mini-batches; one deterministic log line per epoch.

    Each epoch shuffles the training set with ``np.random.default_rng(seed)``,
    takes a gradient step per mini-batch (the last may be smaller), then
    measures the accuracy on the training set and on the evaluation set
    ``x_test, t_test`` (a held-out validation split or the test set: say
    which with ``eval_name``).

    Parameters
    ----------
    network : SimpleConvNet or alike
        With ``params``, ``gradient(x, t)``, ``loss(x, t)`` and ``accuracy``.
    x_train, t_train : ndarray
        ``(N, C, H, W)`` images and ``(N,)`` or one-hot labels.
    x_test, t_test : ndarray or None
        The evaluation set, measured after every epoch; ``None`` for none
        (then only ``loss`` and ``train_acc`` are recorded).
    epochs, batch_size : int
    optimizer : object, optional
        With ``update(params, grads)``; defaults to ``Adam()``.
    seed : int
        Seeds the shuffling.
    log : callable or None
        Receives one line per epoch, e.g.
        ``epoch 1/5  loss 0.4321  train acc 0.9012  test acc 0.8990``
        (no timings, so that the output is the same run after run).
    eval_per_class : int, optional
        Measure the accuracies on a class-balanced, seeded sample of each
        set only (faster): ``eval_per_class`` images of every class, drawn
        once with ``balanced_indices(labels, eval_per_class, seed)``, the
        same images every epoch; default all. Never "the first N": a set
        sorted by class would give a sample of one class.
    eval_name : str
        Names the evaluation set in the log and the history key:
        ``"test"`` gives ``test acc`` and ``test_acc``, ``"val"`` gives
        ``val acc`` and ``val_acc``.

    Returns
    -------
    dict
        ``loss`` (mean training loss of each epoch), ``train_acc`` and
        ``<eval_name>_acc``, one value per epoch.

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
    if (x_test is None) != (t_test is None):
        raise ValueError("give both x_test and t_test, or neither")
    evaluate = x_test is not None
    n_test = len(x_test) if x_test is not None else 0
    n_test_labels = len(t_test) if t_test is not None else 0
    if len(x_train) != len(t_train) or n_test != n_test_labels:
        raise ValueError(
            f"images and labels differ in length: {len(x_train)} vs {len(t_train)}, "
            f"{n_test} vs {n_test_labels}"
        )
    optimizer = Adam() if optimizer is None else optimizer
    rng = np.random.default_rng(seed)
    eval_train: slice | np.ndarray = slice(None)
    eval_test: slice | np.ndarray = slice(None)
    if eval_per_class is not None:
        from cnnlib.datasets import balanced_indices

        eval_train = balanced_indices(t_train, eval_per_class, seed)
        if t_test is not None:
            eval_test = balanced_indices(t_test, eval_per_class, seed)
    eval_key = f"{eval_name}_acc"
    history: dict[str, list[float]] = {"loss": [], "train_acc": []}
    if evaluate:
        history[eval_key] = []
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
            network.accuracy(x_train[eval_train], t_train[eval_train])
        )
        line = (
            f"epoch {epoch}/{epochs}  loss {history['loss'][-1]:.4f}  "
            f"train acc {history['train_acc'][-1]:.4f}"
        )
        if x_test is not None and t_test is not None:
            history[eval_key].append(
                network.accuracy(x_test[eval_test], t_test[eval_test])
            )
            line += f"  {eval_name} acc {history[eval_key][-1]:.4f}"
        if log is not None:
            log(line)
    return history
