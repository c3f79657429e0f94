"""Adversarial examples with the fast gradient sign method (Chapter 6).

Goodfellow, Shlens and Szegedy (2015): move every pixel by ``epsilon`` in
the direction that increases the loss,
``x_adv = x + epsilon * sign(d loss / d x)``, here clipped back to the
valid range [0, 1]. The gradient is the one a saliency map draws, of the
cross-entropy instead of a logit, back-propagated by the network's own
``backward``.

``net`` is any object with ``forward(images) -> {"logits": (N, classes),
...}`` and ``backward(dlogits) -> {"input": d/d images, ...}``, such as
:class:`cnnlib.explain.SmallCNNInNumPy` (NHWC images).
"""

from __future__ import annotations

from numbers import Real

import numpy as np

from cnnlib.layers import softmax

__all__ = [
    "fgsm",
    "fgsm_direction",
    "fgsm_accuracy",
    "fgsm_min_epsilon",
    "loss_input_gradient",
]


def _check(images: object, labels: object) -> tuple[np.ndarray, np.ndarray]:
    images = np.asarray(images)
    labels = np.asarray(labels)
    if images.ndim < 2 or len(images) == 0:
        raise ValueError(f"images must be a batch (N, ...), got {images.shape}")
    if labels.shape != (len(images),) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be {len(images)} ints, got {labels!r}")
    return images, labels


def _check_epsilons(epsilons: object) -> np.ndarray:
    eps = np.asarray(epsilons, dtype=np.float64)
    if eps.ndim != 1 or len(eps) == 0 or np.any(eps < 0) or np.any(np.diff(eps) <= 0):
        raise ValueError("epsilons must be a non-empty increasing sequence of >= 0")
    return eps


def loss_input_gradient(net, images: np.ndarray, labels):
    """Each image's cross-entropy loss and its gradient with respect to the pixels.

    With ``p = softmax(z)``, ``d loss / d z = p - onehot(label)``, which
    ``net.backward`` carries down to the input. Each image's gradient is of
    its own loss (no mean over the batch).

    Returns
    -------
    loss : ndarray, shape (N,)
    gradient : ndarray, the images' shape
    """
    images, labels = _check(images, labels)
    logits = net.forward(images)["logits"]
    p = softmax(logits)
    onehot = np.eye(p.shape[1])[labels]
    loss = -np.log(np.maximum(p[np.arange(len(p)), labels], 1e-300))
    gradient = net.backward(p - onehot)["input"]
    return loss, gradient


def fgsm_direction(net, images: np.ndarray, labels) -> np.ndarray:
    """``sign(d loss / d x)``: the direction FGSM moves each pixel (+1, -1 or 0).

    Compute it once and pass it to :func:`fgsm_accuracy` and
    :func:`fgsm_min_epsilon` to save their backward passes.
    """
    _, gradient = loss_input_gradient(net, images, labels)
    return np.sign(gradient)


def _direction(net, images, labels, direction) -> np.ndarray:
    if direction is None:
        return fgsm_direction(net, images, labels)
    direction = np.asarray(direction)
    if direction.shape != images.shape:
        raise ValueError(
            f"direction must have the images' shape {images.shape}, "
            f"got {direction.shape}"
        )
    return direction


def fgsm(net, images: np.ndarray, labels, epsilon: float) -> np.ndarray:
    """The fast gradient sign method: ``clip(x + epsilon * sign(grad), 0, 1)``.

    Parameters
    ----------
    net : see the module
    images : ndarray, values in [0, 1]
    labels : sequence of N ints (the true classes)
    epsilon : float >= 0
        How far each pixel may move.

    Returns
    -------
    ndarray, the images' shape and dtype
    """
    if not isinstance(epsilon, Real) or epsilon < 0:
        raise ValueError(f"epsilon must be a number >= 0, got {epsilon!r}")
    images, labels = _check(images, labels)
    _, gradient = loss_input_gradient(net, images, labels)
    adversarial = np.clip(images + epsilon * np.sign(gradient), 0.0, 1.0)
    return adversarial.astype(images.dtype)


def fgsm_accuracy(
    net, images: np.ndarray, labels, epsilons, direction=None
) -> np.ndarray:
    """Accuracy on the FGSM images at each epsilon (one gradient, many steps).

    ``direction`` is :func:`fgsm_direction`'s result, computed here if None.

    Returns
    -------
    ndarray, shape (len(epsilons),)
    """
    images, labels = _check(images, labels)
    eps = _check_epsilons(epsilons)
    direction = _direction(net, images, labels, direction)
    accuracy = []
    for e in eps:
        moved = np.clip(images + e * direction, 0.0, 1.0).astype(images.dtype)
        accuracy.append(np.mean(net.forward(moved)["logits"].argmax(axis=1) == labels))
    return np.array(accuracy)


def fgsm_min_epsilon(net, images: np.ndarray, labels, epsilons, direction=None):
    """The smallest epsilon of a grid at which FGSM changes each image's label.

    The FGSM direction ``sign(grad)`` is computed once, at the clean image;
    the epsilons are tried in increasing order, and an image leaves the
    search as soon as the network's prediction differs from its label (an
    image already misclassified gets ``epsilons[0]`` if that is 0).

    Parameters
    ----------
    epsilons : increasing sequence of float >= 0
    direction : ndarray, the images' shape, optional
        :func:`fgsm_direction`'s result, computed here if None.

    Returns
    -------
    epsilon : ndarray of float, shape (N,)
        ``inf`` for an image no epsilon of the grid flips.
    new_label : ndarray of int, shape (N,)
        The prediction at that epsilon (-1 where none flips).
    """
    images, labels = _check(images, labels)
    eps = _check_epsilons(epsilons)
    direction = _direction(net, images, labels, direction)
    found = np.full(len(images), np.inf)
    new_label = np.full(len(images), -1)
    remaining = np.arange(len(images))
    for e in eps:
        if len(remaining) == 0:
            break
        moved = np.clip(images[remaining] + e * direction[remaining], 0.0, 1.0)
        predicted = net.forward(moved.astype(images.dtype))["logits"].argmax(axis=1)
        flipped = predicted != labels[remaining]
        found[remaining[flipped]] = e
        new_label[remaining[flipped]] = predicted[flipped]
        remaining = remaining[~flipped]
    return found, new_label
