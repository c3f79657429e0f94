"""Sanity checks for explanation maps (Chapter 6).

Adebayo et al. (2018), "Sanity Checks for Saliency Maps": if a method's map
stays the same when the network's weights are replaced by random ones, the
map explains the input, not the model. Their *cascading randomisation*
re-initialises the layers one after another from the output down, and
compares each map with the trained network's map by Spearman's rank
correlation.

- :func:`rank_average` and :func:`spearman`: Spearman's rank correlation in
  NumPy (ties get their average rank, as in ``scipy.stats.spearmanr``).
- :func:`top_k_overlap`: how many of the ``k`` largest entries two maps share.
- :func:`reinitialized_weights` and :func:`cascading_randomization`: the
  small CNN's weights (:func:`cnnlib.build_small_cnn`'s order) with some
  layers redrawn as Keras initialises them (Glorot uniform kernels, zero
  biases).
- :func:`explanation_maps`: saliency, gradient times input and Grad-CAM of
  :class:`cnnlib.explain.SmallCNNInNumPy` for given classes (NHWC inputs).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cnnlib._validation import check_int
from cnnlib.explain import grad_cam

__all__ = [
    "SMALL_CNN_LAYERS",
    "cascading_randomization",
    "explanation_maps",
    "rank_average",
    "reinitialized_weights",
    "spearman",
    "top_k_overlap",
]

#: The small CNN's layers with weights, input to output; layer ``i`` owns
#: ``weights[2 * i]`` (kernel) and ``weights[2 * i + 1]`` (bias).
SMALL_CNN_LAYERS = ("conv_1", "conv_2", "conv_3", "dense", "logits")


def rank_average(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n of a 1-D array; tied values share their average rank.

    Examples
    --------
    >>> rank_average(np.array([10.0, 30.0, 20.0, 30.0])).tolist()
    [1.0, 3.5, 2.0, 3.5]
    """
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"values must be 1-D, got shape {x.shape}")
    order = np.argsort(x, kind="stable")
    sorted_x = x[order]
    # Runs of equal values: start index of each run, for every sorted entry.
    new_run = np.concatenate([[True], sorted_x[1:] != sorted_x[:-1]])
    run_id = np.cumsum(new_run) - 1
    starts = np.flatnonzero(new_run)
    ends = np.append(starts[1:], len(x))  # one past each run's end
    average = (starts + ends - 1) / 2 + 1  # mean of ranks start+1 .. end
    ranks = np.empty(len(x))
    ranks[order] = average[run_id]
    return ranks


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation of two maps (flattened), ties averaged.

    The Pearson correlation of the two maps' ranks: 1 when one map orders
    its pixels exactly as the other, 0 for no monotone relation.

    Parameters
    ----------
    a, b : ndarray of one shape, at least two entries

    Returns
    -------
    float between -1 and 1 (``nan`` if a map is constant).

    Examples
    --------
    >>> spearman(np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0, 1000.0]))
    1.0
    >>> spearman(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[4.0, 3.0], [2.0, 1.0]]))
    -1.0
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"the maps must have one shape, got {a.shape} and {b.shape}")
    if a.size < 2:
        raise ValueError("need at least two values to correlate")
    ra = rank_average(a.ravel())
    rb = rank_average(b.ravel())
    ra -= ra.mean()
    rb -= rb.mean()
    denominator = np.sqrt(np.sum(ra * ra) * np.sum(rb * rb))
    if denominator == 0:
        return float("nan")
    return float(np.clip(np.sum(ra * rb) / denominator, -1.0, 1.0))


def top_k_overlap(a: np.ndarray, b: np.ndarray, k: int) -> int:
    """How many of the ``k`` largest entries of ``a`` are among those of ``b``.

    Ties are broken by position (the first entry in row-major order wins).
    Two unrelated maps of ``n`` entries share ``k * k / n`` on average.

    Examples
    --------
    >>> top_k_overlap(np.array([5, 4, 3, 0]), np.array([9, 0, 8, 7]), k=2)
    1
    """
    a = np.asarray(a)
    b = np.asarray(b)
    if a.shape != b.shape:
        raise ValueError(f"the maps must have one shape, got {a.shape} and {b.shape}")
    k = check_int("k", k)
    if not 1 <= k <= a.size:
        raise ValueError(f"k must be between 1 and {a.size}, got {k}")
    top_a = np.argsort(-a.ravel(), kind="stable")[:k]
    top_b = np.argsort(-b.ravel(), kind="stable")[:k]
    return int(np.intersect1d(top_a, top_b).size)


def _glorot_uniform(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    # Keras's default: uniform in +-sqrt(6 / (fan_in + fan_out)); a conv
    # kernel (FH, FW, C, K) has fan_in FH*FW*C and fan_out FH*FW*K.
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    fan_in, fan_out = shape[-2] * receptive, shape[-1] * receptive
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape)


def reinitialized_weights(
    weights: Sequence[np.ndarray], layers: Sequence[str], seed: int = 0
) -> list[np.ndarray]:
    """The small CNN's weights with ``layers`` re-initialised, the rest kept.

    A re-initialised layer gets a Glorot-uniform kernel and a zero bias, as
    Keras starts it. Layer ``name`` is drawn from
    ``np.random.default_rng([seed, index of name])``, so it gets the same
    random weights whatever other layers are redrawn with it.

    Parameters
    ----------
    weights : sequence of 10 ndarrays
        Kernel and bias of each of :data:`SMALL_CNN_LAYERS` (Keras order,
        ``model.get_weights()``).
    layers : sequence of str
        Names from :data:`SMALL_CNN_LAYERS`.
    seed : int

    Returns
    -------
    list of 10 ndarrays (new arrays; ``weights`` is not changed)

    Examples
    --------
    >>> w = [np.ones((3, 3, 1, 2)), np.ones(2)] + [np.ones(1)] * 8
    >>> new = reinitialized_weights(w, ["conv_1"])
    >>> bool(np.all(np.abs(new[0]) <= np.sqrt(6 / (9 + 18)))), new[1].tolist()
    (True, [0.0, 0.0])
    """
    weights = [np.array(w, dtype=np.float64) for w in weights]
    if len(weights) != 2 * len(SMALL_CNN_LAYERS):
        raise ValueError(
            f"expected {2 * len(SMALL_CNN_LAYERS)} weight arrays, got {len(weights)}"
        )
    if isinstance(layers, str):
        raise TypeError("layers must be a sequence of layer names, not one string")
    for name in layers:
        if name not in SMALL_CNN_LAYERS:
            raise ValueError(f"unknown layer {name!r}; expected {SMALL_CNN_LAYERS}")
        i = SMALL_CNN_LAYERS.index(name)
        rng = np.random.default_rng([seed, i])
        weights[2 * i] = _glorot_uniform(weights[2 * i].shape, rng)
        weights[2 * i + 1] = np.zeros_like(weights[2 * i + 1])
    return weights


def cascading_randomization(
    weights: Sequence[np.ndarray], seed: int = 0
) -> list[tuple[str, list[np.ndarray]]]:
    """Adebayo et al.'s cascade: re-initialise from the top layer down.

    Returns
    -------
    list of (str, weights)
        ``("trained", weights)``, then ``("logits", ...)`` with the output
        layer redrawn, ``("dense", ...)`` with the dense layer redrawn too,
        and so on down to ``("conv_1", ...)``: every layer random.

    Examples
    --------
    >>> w = [np.ones(s) for s in [(3, 3, 1, 2), (2,), (3, 3, 2, 3), (3,),
    ...      (3, 3, 3, 4), (4,), (36, 5), (5,), (5, 10), (10,)]]
    >>> [name for name, _ in cascading_randomization(w)]
    ['trained', 'logits', 'dense', 'conv_3', 'conv_2', 'conv_1']
    """
    top_down = SMALL_CNN_LAYERS[::-1]
    stages = [("trained", [np.array(w) for w in weights])]
    for n in range(1, len(top_down) + 1):
        stages.append(
            (top_down[n - 1], reinitialized_weights(weights, top_down[:n], seed))
        )
    return stages


def explanation_maps(net, images: np.ndarray, classes) -> dict[str, np.ndarray]:
    """Three maps of class ``classes[i]``'s logit for each image (NHWC in).

    Parameters
    ----------
    net : cnnlib.explain.SmallCNNInNumPy
    images : ndarray, shape (N, 28, 28, 1), NHWC
    classes : sequence of N ints

    Returns
    -------
    dict of ndarray
        ``"saliency"`` ``|dz/dx|`` and ``"gradient x input"`` ``|x dz/dx|``,
        each ``(N, 28, 28)``; ``"Grad-CAM conv_2"``, ``(N, 11, 11)`` (that
        layer's resolution).
    """
    classes = np.asarray(classes)
    if classes.shape != (len(images),):
        raise ValueError(f"need one class per image, got {classes.shape}")
    out = net.forward(images)
    grads = net.backward(np.eye(out["logits"].shape[1])[classes])
    gradient = grads["input"][..., 0]
    return {
        "saliency": np.abs(gradient),
        "gradient x input": np.abs(gradient * np.asarray(images)[..., 0]),
        "Grad-CAM conv_2": grad_cam(out["conv_2"], grads["conv_2"]),
    }
