"""Class model visualisation by activation maximisation (Chapter 6).

Simonyan, Vedaldi and Zisserman (2014) ask the trained network for an image
that it scores highly as class ``c``: they maximise
``S_c(I) - lambda * ||I||^2`` over the image ``I`` by gradient ascent,
where ``S_c`` is the class score before the softmax. Here the image also
stays in the valid range [0, 1] (each step is clipped), and the gradient
comes from the network's own ``backward``, as for a saliency map.

``net`` is any object with ``forward(images) -> {"logits": ...}`` and
``backward(dlogits) -> {"input": ...}``, such as
:class:`cnnlib.explain.SmallCNNInNumPy` (NHWC images).
"""

from __future__ import annotations

import numpy as np

__all__ = ["class_model_images"]


def class_model_images(
    net,
    classes,
    shape: tuple[int, ...] = (28, 28, 1),
    steps: int = 30,
    step_size: float = 0.1,
    l2: float = 0.05,
    start: float = 0.0,
):
    """Gradient ascent on ``logit_c(x) - l2 * ||x||^2``, clipped to [0, 1].

    Every step moves the image by ``step_size`` times the objective's
    gradient divided by its largest absolute value (so each step changes a
    pixel by at most ``step_size``), then clips it to [0, 1].

    Parameters
    ----------
    net : see the module
    classes : sequence of N ints
        One image per entry, maximising that class's logit.
    shape : tuple of int
        One image's shape, as ``net.forward`` takes it (NHWC: (H, W, C)).
    steps, step_size, l2, start : the ascent's length, step, the weight of
        the L2 penalty, and the value every pixel starts from.

    Returns
    -------
    images : ndarray, shape (N, *shape), in [0, 1]
    objective : ndarray, shape (steps + 1, N)
        ``logit_c - l2 * ||x||^2`` before the first step and after each.
    """
    classes = np.asarray(classes)
    if classes.ndim != 1 or len(classes) == 0:
        raise ValueError("classes must be a non-empty 1-D sequence of ints")
    if not np.issubdtype(classes.dtype, np.integer):
        raise ValueError(f"classes must be ints, got {classes.dtype}")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ValueError(f"steps must be an int >= 0, got {steps!r}")
    if step_size <= 0 or l2 < 0:
        raise ValueError("step_size must be > 0 and l2 >= 0")
    if not 0.0 <= start <= 1.0:
        raise ValueError(f"start must lie in [0, 1], got {start}")
    x = np.full((len(classes), *shape), float(start))
    rows = np.arange(len(classes))
    axes = tuple(range(1, x.ndim))
    objective = []
    for step in range(steps + 1):
        logits = net.forward(x)["logits"]
        onehot = np.eye(logits.shape[1])[classes]
        objective.append(logits[rows, classes] - l2 * np.sum(x * x, axis=axes))
        if step == steps:
            break
        gradient = net.backward(onehot)["input"] - 2 * l2 * x
        scale = np.max(np.abs(gradient), axis=axes, keepdims=True)
        x = np.clip(x + step_size * gradient / np.maximum(scale, 1e-12), 0.0, 1.0)
    return x, np.array(objective)
