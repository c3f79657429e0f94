"""Tests for cnnlib.adversarial (NHWC images through SmallCNNInNumPy)."""

import numpy as np
import pytest

import cnnlib
from cnnlib.adversarial import (
    fgsm,
    fgsm_accuracy,
    fgsm_direction,
    fgsm_min_epsilon,
    loss_input_gradient,
)
from cnnlib.explain import SmallCNNInNumPy
from cnnlib.gradcheck import numerical_gradient

SMALL_CNN = cnnlib.datasets.SMALL_CNN_PATH


@pytest.fixture(scope="module")
def net_and_digits():
    net = SmallCNNInNumPy.from_npz(SMALL_CNN)
    (_, _), (x_test, t_test) = cnnlib.load_mnist(layout="NHWC")
    return net, x_test[:20].astype(np.float64), t_test[:20]


@pytest.mark.slow
def test_loss_gradient_equals_a_numerical_one(net_and_digits):
    net, images, labels = net_and_digits
    # A little noise: a clean digit's black background ties the max pools'
    # windows, where the loss has kinks that central differences straddle.
    rng = np.random.default_rng(0)
    image = 0.98 * images[2:3] + 0.01 + 0.01 * rng.random(images[:1].shape)
    label = labels[2:3]
    loss, gradient = loss_input_gradient(net, image, label)

    def total(x):
        p = cnnlib.softmax(net.forward(x)["logits"])
        return -np.log(p[0, label[0]])

    assert loss[0] == pytest.approx(total(image))
    numeric = numerical_gradient(total, image.copy())
    np.testing.assert_allclose(gradient, numeric, rtol=1e-4, atol=1e-9)
    assert np.abs(gradient).max() > 1e-5


def test_fgsm_moves_each_pixel_by_epsilon_against_the_label(net_and_digits):
    net, images, labels = net_and_digits
    _, gradient = loss_input_gradient(net, images, labels)
    adversarial = fgsm(net, images, labels, 0.1)
    expected = np.clip(images + 0.1 * np.sign(gradient), 0, 1)
    np.testing.assert_array_equal(adversarial, expected)
    assert np.abs(adversarial - images).max() <= 0.1 + 1e-12
    loss_before, _ = loss_input_gradient(net, images, labels)
    loss_after, _ = loss_input_gradient(net, adversarial, labels)
    assert np.all(loss_after > loss_before)


@pytest.mark.slow
def test_min_epsilon_and_accuracy_equal_a_loop(net_and_digits):
    net, images, labels = net_and_digits
    epsilons = [0.0, 0.05, 0.1, 0.2, 0.3]
    found, new_label = fgsm_min_epsilon(net, images, labels, epsilons)
    accuracy = fgsm_accuracy(net, images, labels, epsilons)
    predictions = np.array(
        [
            net.forward(fgsm(net, images, labels, e))["logits"].argmax(axis=1)
            for e in epsilons
        ]
    )  # (epsilons, N)
    np.testing.assert_allclose(accuracy, np.mean(predictions == labels, axis=1))
    direction = fgsm_direction(net, images, labels)
    again = fgsm_min_epsilon(net, images, labels, epsilons, direction=direction)
    np.testing.assert_array_equal(again[0], found)
    np.testing.assert_array_equal(
        fgsm_accuracy(net, images, labels, epsilons, direction=direction), accuracy
    )
    with pytest.raises(ValueError, match="direction"):
        fgsm_accuracy(net, images, labels, epsilons, direction=direction[:2])
    for n in range(len(images)):
        wrong = np.flatnonzero(predictions[:, n] != labels[n])
        if len(wrong):
            assert found[n] == epsilons[wrong[0]]
            assert new_label[n] == predictions[wrong[0], n]
        else:
            assert found[n] == np.inf and new_label[n] == -1


@pytest.mark.parametrize(
    "epsilons", [[], [0.2, 0.1], [-0.1, 0.1], [[0.1]]]
)  # fmt: skip
def test_bad_epsilons_are_rejected(net_and_digits, epsilons):
    net, images, labels = net_and_digits
    with pytest.raises(ValueError, match="epsilons"):
        fgsm_min_epsilon(net, images, labels, epsilons)


def test_bad_labels_and_epsilon_are_rejected(net_and_digits):
    net, images, labels = net_and_digits
    with pytest.raises(ValueError, match="labels"):
        fgsm(net, images, labels[:3], 0.1)
    with pytest.raises(ValueError, match="epsilon"):
        fgsm(net, images, labels, -0.1)
