"""Weight initialisation and how it carries signal through depth (Chapter 8).

:func:`init_weights` draws a dense weight matrix ``(fan_in, fan_out)`` with
one of three scales: ``"small"`` (a fixed standard deviation of 0.01),
``"glorot"`` (variance ``2 / (fan_in + fan_out)``, Glorot and Bengio 2010)
and ``"he"`` (variance ``2 / fan_in``, He et al. 2015), all normal.
:func:`signal_scales` pushes a batch through a deep stack of ReLU dense
layers and back, and returns the standard deviation of the activations and
of the gradients at every layer.
"""

from __future__ import annotations

import numpy as np

__all__ = ["INITS", "init_std", "init_weights", "signal_scales"]

INITS = ("small", "glorot", "he")


def init_std(kind: str, fan_in: int, fan_out: int) -> float:
    """The standard deviation of an initialisation.

    >>> init_std("he", 50, 50), init_std("glorot", 50, 50), init_std("small", 50, 50)
    (0.2, 0.1414..., 0.01)
    """
    for name, value in (("fan_in", fan_in), ("fan_out", fan_out)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise TypeError(f"{name} must be an integer, got {value!r}")
        if value < 1:
            raise ValueError(f"{name} must be >= 1, got {value}")
    if kind == "small":
        return 0.01
    if kind == "glorot":
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    if kind == "he":
        return float(np.sqrt(2.0 / fan_in))
    raise ValueError(f"kind must be one of {INITS}, got {kind!r}")


def init_weights(
    kind: str, fan_in: int, fan_out: int, rng: np.random.Generator
) -> np.ndarray:
    """A ``(fan_in, fan_out)`` float64 normal matrix with :func:`init_std`'s scale.

    >>> w = init_weights("he", 400, 300, np.random.default_rng(0))
    >>> w.shape, round(float(w.std()), 2)
    ((400, 300), 0.07)
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator, got {type(rng).__name__}"
        )
    return rng.normal(0.0, init_std(kind, fan_in, fan_out), size=(fan_in, fan_out))


def signal_scales(
    kind: str, depth: int = 20, width: int = 256, batch: int = 512, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Activation and gradient scale through ``depth`` ReLU dense layers.

    A standard-normal batch ``(batch, width)`` goes through ``depth``
    layers ``x <- relu(x @ W)`` (no biases); a standard-normal gradient
    comes back from the top. Returns two arrays of length ``depth``: the
    standard deviation of each layer's output, and of the gradient with
    respect to each layer's input (index 0 is the first layer).

    >>> acts, grads = signal_scales("he", depth=3, width=64, batch=128)
    >>> acts.shape, grads.shape
    ((3,), (3,))
    """
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise ValueError(f"depth must be a positive integer, got {depth!r}")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, width))
    weights = [init_weights(kind, width, width, rng) for _ in range(depth)]
    masks, acts = [], []
    for W in weights:
        pre = x @ W
        masks.append(pre > 0)
        x = np.maximum(pre, 0.0)
        acts.append(x.std())
    grad = rng.standard_normal((batch, width))
    grads = np.empty(depth)
    for i in reversed(range(depth)):
        grad = (grad * masks[i]) @ weights[i].T
        grads[i] = grad.std()
    return np.array(acts), grads
