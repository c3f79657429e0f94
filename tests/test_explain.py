"""Tests for cnnlib.explain (NHWC throughout, as in Keras)."""

import numpy as np
import pytest

import cnnlib
from cnnlib.explain import (
    SMALL_CNN_OUTPUTS,
    SmallCNNInNumPy,
    best_cosine,
    edge_templates,
    grad_cam,
    keras_class_gradients,
    map_to_input,
)
from cnnlib.gradcheck import numerical_gradient

SMALL_CNN = cnnlib.datasets.SMALL_CNN_PATH
SHAPES = [(3, 3, 1, 2), (2,), (3, 3, 2, 3), (3,), (3, 3, 3, 4), (4,)]
SHAPES += [(36, 5), (5,), (5, 10), (10,)]


def _random_net(seed=0):
    rng = np.random.default_rng(seed)
    return SmallCNNInNumPy([rng.normal(scale=0.5, size=s) for s in SHAPES])


def test_forward_shapes_are_nhwc():
    net = _random_net()
    out = net.forward(np.random.default_rng(1).random((3, 28, 28, 1)))
    assert list(out) == list(SMALL_CNN_OUTPUTS)
    assert out["conv_1"].shape == (3, 26, 26, 2)
    assert out["pool_2"].shape == (3, 5, 5, 3)
    assert out["conv_3"].shape == (3, 3, 3, 4)
    assert out["dense"].shape == (3, 5) and out["logits"].shape == (3, 10)
    assert np.all(out["conv_2"] >= 0)  # after the ReLU, as Keras's layer.output


def test_dense_rows_follow_keras_flatten_order():
    # One dense unit that reads only (h=0, w=2, c=1) of conv_3 in Keras's
    # (h, w, c) flatten order must read exactly that value here.
    net = _random_net()
    k3 = net.layers[4][1][0].W  # (K, C, FH, FW) after conversion
    assert k3.shape == (4, 3, 3, 3)
    rng = np.random.default_rng(2)
    weights = [rng.normal(size=s) for s in SHAPES]
    w_dense = np.zeros((36, 5))
    w_dense[(0 * 3 + 2) * 4 + 1, 0] = 1.0
    weights[6], weights[7] = w_dense, np.zeros(5)
    net = SmallCNNInNumPy(weights)
    out = net.forward(rng.random((2, 28, 28, 1)))
    np.testing.assert_allclose(out["dense"][:, 0], out["conv_3"][:, 0, 2, 1])


def test_backward_matches_numerical_gradient():
    net = _random_net(3)
    image = np.random.default_rng(4).random((1, 28, 28, 1))
    net.forward(image)
    grads = net.backward(np.eye(10)[[7]])

    def logit(x):
        return float(net.forward(x)["logits"][0, 7])

    numeric = numerical_gradient(logit, image.copy())
    np.testing.assert_allclose(grads["input"], numeric, rtol=1e-4, atol=1e-7)


def test_map_gradients_match_numerical_gradient():
    # d logit / d conv_3, checked by perturbing conv_3's output through the
    # head (dense, ReLU, logits) in NumPy.
    net = _random_net(5)
    out = net.forward(np.random.default_rng(6).random((1, 28, 28, 1)))
    grads = net.backward(np.eye(10)[[2]])
    w_dense, b_dense = net.layers[5][1][0].W, net.layers[5][1][0].b
    w_out, b_out = net.layers[6][1][0].W, net.layers[6][1][0].b

    def head(maps_nhwc):
        flat = maps_nhwc.transpose(0, 3, 1, 2).reshape(1, -1)
        hidden = np.maximum(flat @ w_dense + b_dense, 0)
        return float((hidden @ w_out + b_out)[0, 2])

    numeric = numerical_gradient(head, out["conv_3"].copy())
    np.testing.assert_allclose(grads["conv_3"], numeric, rtol=1e-4, atol=1e-8)


def test_errors():
    net = _random_net()
    with pytest.raises(RuntimeError, match="forward"):
        net.backward(np.zeros((1, 10)))
    with pytest.raises(ValueError, match=r"\(N, H, W, 1\)"):
        net.forward(np.zeros((1, 1, 28, 28)))
    net.forward(np.zeros((2, 28, 28, 1)))
    with pytest.raises(ValueError, match="dlogits"):
        net.backward(np.zeros((1, 10)))
    with pytest.raises(ValueError, match="10 weight arrays"):
        SmallCNNInNumPy([np.zeros(1)])
    with pytest.raises(ValueError, match="batch_size"):
        net.outputs(np.zeros((2, 28, 28, 1)), batch_size=0)


def test_outputs_in_batches_equal_one_forward():
    net = _random_net()
    images = np.random.default_rng(7).random((5, 28, 28, 1))
    whole = net.forward(images)
    batched = net.outputs(images, batch_size=2)
    for name in SMALL_CNN_OUTPUTS:
        np.testing.assert_allclose(batched[name], whole[name], rtol=1e-12)


def test_shipped_weights_reach_the_stored_accuracy():
    net = SmallCNNInNumPy.from_npz(SMALL_CNN)
    (_, _), (x_test, t_test) = cnnlib.load_mnist(layout="NHWC")
    # The stored accuracy is over all 2,000 test digits; a balanced, seeded
    # 500 (50 of each class) estimates it to within about 0.006 (one
    # standard error at 98%), so 0.03 is five of them.
    sample = cnnlib.balanced_indices(t_test, 50, seed=0)
    logits = net.outputs(x_test[sample])["logits"]
    with np.load(SMALL_CNN) as stored:
        reported = float(stored["test_accuracy"])
    assert abs(np.mean(logits.argmax(axis=1) == t_test[sample]) - reported) < 0.03


def test_grad_cam_formula_and_batch():
    rng = np.random.default_rng(8)
    A, G = rng.random((2, 3, 4, 5)), rng.normal(size=(2, 3, 4, 5))
    cam = grad_cam(A, G)
    assert cam.shape == (2, 3, 4)
    for n in range(2):
        alpha = G[n].mean(axis=(0, 1))
        expected = np.maximum(sum(alpha[k] * A[n, :, :, k] for k in range(5)), 0)
        np.testing.assert_allclose(cam[n], expected)
        np.testing.assert_allclose(grad_cam(A[n], G[n]), expected)
    with pytest.raises(ValueError, match="one shape"):
        grad_cam(A, G[:1])
    with pytest.raises(ValueError):
        grad_cam(A[0, 0], G[0, 0])


def test_grad_cam_of_a_gap_head_is_cam():
    # With global average pooling then a dense layer, y_c = sum_k w_kc mean(A_k):
    # dy/dA_k = w_kc / (h*w) everywhere, so Grad-CAM is ReLU(CAM) / (h*w)
    # (Zhou et al. 2016; Selvaraju et al. 2017).
    rng = np.random.default_rng(9)
    A, w = rng.random((4, 6, 3)), rng.normal(size=3)
    G = np.broadcast_to(w / 24, A.shape)
    cam = np.einsum("hwk,k->hw", A, w)
    np.testing.assert_allclose(grad_cam(A, G), np.maximum(cam, 0) / 24)


def test_map_to_input_places_units_at_field_centres():
    # conv_3 of the small CNN: field 18, jump 4, centres at 8.5, 12.5, 16.5.
    unit_map = np.arange(6.0).reshape(2, 3)  # not square: a transpose would fail
    out = map_to_input(unit_map, 28, field=18, jump=4)
    assert out.shape == (28, 28)
    # rows: centres 8.5 and 12.5; columns: 8.5, 12.5, 16.5
    np.testing.assert_allclose(out[0, :9], unit_map[0, 0])  # clamped, before 8.5
    np.testing.assert_allclose(out[27, 27], unit_map[1, 2])
    # halfway between the centres 8.5 and 12.5 is 10.5: pixels 10 and 11
    # are 1.5 and 2.5 from 8.5, interpolated linearly.
    np.testing.assert_allclose(out[10, 0], unit_map[0, 0] + 1.5 / 4 * 3)
    np.testing.assert_allclose(out[0, 11], unit_map[0, 0] + 2.5 / 4)
    batch = map_to_input(np.stack([unit_map, 2 * unit_map]), 28, field=18, jump=4)
    np.testing.assert_allclose(batch[1], 2 * out)
    with pytest.raises(ValueError):
        map_to_input(np.zeros(3), 28, field=18, jump=4)
    with pytest.raises(ValueError, match="jump"):
        map_to_input(unit_map, 28, field=18, jump=0)


def test_edge_templates_orientation_and_sign():
    templates, angles = edge_templates(5, n_angles=4)
    assert templates.shape == (4, 5, 5)
    np.testing.assert_allclose(angles, [0, 45, 90, 135])
    vertical, horizontal = templates[0], templates[2]
    assert vertical[2, 4] > 0 > vertical[2, 0]  # bright on the right
    assert horizontal[4, 2] > 0 > horizontal[0, 2]  # bright below
    np.testing.assert_allclose(horizontal, vertical.T, atol=1e-12)
    np.testing.assert_allclose(templates[1], templates[1].T, atol=1e-12)  # 45 deg
    with pytest.raises(ValueError):
        edge_templates(1)


def test_best_cosine_ignores_sign_and_finds_the_angle():
    templates, _ = edge_templates(5, n_angles=12)
    filters = np.stack([-3 * templates[4], templates[9] + 0.01])
    score, index = best_cosine(filters, templates)
    np.testing.assert_allclose(score[0], 1.0)
    assert index.tolist() == [4, 9] and score[1] > 0.99
    with pytest.raises(ValueError, match="all zeros"):
        best_cosine(np.zeros((1, 5, 5)), templates)
    with pytest.raises(ValueError, match="share"):
        best_cosine(np.ones((1, 3, 3)), templates)


@pytest.mark.tf
def test_numpy_net_matches_keras():
    pytest.importorskip("keras")
    cnnlib.import_keras(seed=0)
    model = cnnlib.build_small_cnn()
    with np.load(SMALL_CNN) as stored:
        model.set_weights([stored[k] for k in sorted(stored.files) if k[0] == "w"])
    (_, _), (x_test, t_test) = cnnlib.load_mnist(layout="NHWC")
    images, classes = x_test[:4], t_test[:4]
    tf_result = keras_class_gradients(model, images, "conv_3", classes)
    net = SmallCNNInNumPy.from_npz(SMALL_CNN)
    out = net.forward(images)
    grads = net.backward(np.eye(10)[classes])
    np.testing.assert_allclose(out["logits"], tf_result["logits"], rtol=0, atol=1e-4)
    np.testing.assert_allclose(out["conv_3"], tf_result["maps"], rtol=0, atol=1e-4)
    np.testing.assert_allclose(
        grads["conv_3"], tf_result["map_gradients"], rtol=0, atol=1e-5
    )
    np.testing.assert_allclose(
        grads["input"], tf_result["input_gradients"], rtol=0, atol=1e-5
    )
    np.testing.assert_allclose(
        grad_cam(out["conv_3"], grads["conv_3"]),
        grad_cam(tf_result["maps"], tf_result["map_gradients"]),
        rtol=0,
        atol=1e-4,
    )
