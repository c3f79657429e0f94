"""Tests for cnnlib.class_models."""

import numpy as np
import pytest

import cnnlib
from cnnlib.class_models import class_model_images
from cnnlib.explain import SmallCNNInNumPy


class LinearNet:
    """logits = x.flat @ W + b: the objective separates pixel by pixel."""

    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, images):
        self.shape = images.shape
        return {"logits": images.reshape(len(images), -1) @ self.W + self.b}

    def backward(self, dlogits):
        return {"input": (dlogits @ self.W.T).reshape(self.shape)}


def test_linear_model_reaches_the_closed_form_optimum():
    # max_x w_c . x - l2 |x|^2 on [0, 1]: each pixel at clip(w / (2 l2), 0, 1).
    rng = np.random.default_rng(0)
    W = rng.normal(size=(12, 3))
    net = LinearNet(W, np.zeros(3))
    l2 = 0.8
    images, objective = class_model_images(
        net, [2, 0], shape=(3, 4), steps=400, step_size=0.02, l2=l2
    )
    for image, c in zip(images, [2, 0], strict=True):
        optimum = np.clip(W[:, c] / (2 * l2), 0, 1).reshape(3, 4)
        np.testing.assert_allclose(image, optimum, atol=0.02)
    assert objective.shape == (401, 2)
    assert np.all(objective[-1] >= objective[0])


def test_small_cnn_class_models_are_classified_as_their_class():
    net = SmallCNNInNumPy.from_npz(cnnlib.datasets.SMALL_CNN_PATH)
    images, objective = class_model_images(net, [3, 7], steps=10, step_size=0.1)
    assert images.shape == (2, 28, 28, 1)
    assert images.min() >= 0 and images.max() <= 1
    assert net.forward(images)["logits"].argmax(axis=1).tolist() == [3, 7]
    assert np.all(objective[-1] > objective[0])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"classes": []},
        {"classes": [0.5]},
        {"steps": -1},
        {"step_size": 0.0},
        {"l2": -1.0},
        {"start": 2.0},
    ],
)
def test_bad_arguments_are_rejected(kwargs):
    net = LinearNet(np.ones((4, 2)), np.zeros(2))
    arguments = {"classes": [0], "shape": (2, 2)} | kwargs
    with pytest.raises(ValueError):
        class_model_images(net, **arguments)
