"""Tests for cnnlib.layers: numerical gradients, loops, TensorFlow, contracts."""

import importlib.util

import numpy as np
import pytest

from cnnlib.gradcheck import check_layer_gradient, numerical_gradient, relative_error
from cnnlib.layers import (
    Affine,
    AvgPooling,
    Convolution,
    GlobalAvgPooling,
    Pooling,
    Relu,
    SoftmaxWithLoss,
    cross_entropy_error,
    softmax,
)

GRAD_TOL = 1e-7  # relative error of backprop vs central differences, float64

# (N, C, H, W), (FN, FH, FW), stride, pad
CONV_CASES = [
    ((2, 1, 6, 6), (3, 3, 3), 1, 0),
    ((2, 3, 7, 7), (4, 3, 3), 2, 1),
    ((1, 2, 8, 6), (2, 5, 3), 1, 2),
    ((3, 2, 9, 9), (2, 4, 4), 3, 1),
]
# (N, C, H, W), pool_h, pool_w, stride, pad
POOL_CASES = [
    ((2, 3, 6, 6), 2, 2, None, 0),
    ((2, 2, 7, 7), 3, 3, 2, 1),
    ((1, 2, 5, 8), 2, 3, 1, 0),
    ((2, 1, 9, 9), 3, 3, None, 0),
]


def rng(seed=0):
    return np.random.default_rng(seed)


def make_conv(case, dtype=np.float64, seed=0):
    shape, (FN, FH, FW), stride, pad = case
    r = rng(seed)
    W = r.standard_normal((FN, shape[1], FH, FW)).astype(dtype)
    b = r.standard_normal(FN).astype(dtype)
    x = r.standard_normal(shape).astype(dtype)
    return Convolution(W, b, stride, pad), x


def conv_loop(x, W, b, stride, pad):
    """Direct convolution with four loops: the forward reference."""
    N, C, H, Wd = x.shape
    FN, C, FH, FW = W.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    OH = (H + 2 * pad - FH) // stride + 1
    OW = (Wd + 2 * pad - FW) // stride + 1
    out = np.empty((N, FN, OH, OW))
    for n in range(N):
        for f in range(FN):
            for i in range(OH):
                for j in range(OW):
                    patch = xp[
                        n, :, i * stride : i * stride + FH, j * stride : j * stride + FW
                    ]
                    out[n, f, i, j] = np.sum(patch * W[f]) + b[f]
    return out


def pool_loop(x, ph, pw, stride, pad):
    sh, sw = (ph, pw) if stride is None else (stride, stride)
    N, C, H, W = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), constant_values=-np.inf)
    OH, OW = (H + 2 * pad - ph) // sh + 1, (W + 2 * pad - pw) // sw + 1
    out = np.empty((N, C, OH, OW))
    for i in range(OH):
        for j in range(OW):
            out[:, :, i, j] = xp[:, :, i * sh : i * sh + ph, j * sw : j * sw + pw].max(
                axis=(2, 3)
            )
    return out


# --------------------------------------------------------------------------
# Forward passes against plain loops
# --------------------------------------------------------------------------


@pytest.mark.parametrize("case", CONV_CASES)
def test_convolution_forward_matches_loops(case):
    conv, x = make_conv(case)
    expected = conv_loop(x, conv.W, conv.b, conv.stride, conv.pad)
    np.testing.assert_allclose(conv.forward(x), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("shape", "ph", "pw", "stride", "pad"), POOL_CASES)
def test_pooling_forward_matches_loops(shape, ph, pw, stride, pad):
    x = rng(1).standard_normal(shape)
    out = Pooling(ph, pw, stride, pad).forward(x)
    np.testing.assert_array_equal(out, pool_loop(x, ph, pw, stride, pad))


def test_affine_forward_and_relu_forward():
    r = rng(2)
    x, W, b = (
        r.standard_normal((4, 2, 3)),
        r.standard_normal((6, 5)),
        r.standard_normal(5),
    )
    np.testing.assert_allclose(
        Affine(W, b).forward(x), x.reshape(4, 6) @ W + b, rtol=1e-14
    )
    np.testing.assert_array_equal(Relu().forward(np.array([-2.0, 0.0, 3.0])), [0, 0, 3])


def test_softmax_and_cross_entropy_values():
    y = softmax(np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]]))
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(y[0], e / e.sum(), rtol=1e-14)
    np.testing.assert_allclose(y[1], [1 / 3] * 3, rtol=1e-14)  # no overflow
    assert cross_entropy_error(y, np.array([2, 0])) == pytest.approx(
        -np.mean(np.log(y[[0, 1], [2, 0]] + 1e-7)), rel=1e-12
    )
    layer = SoftmaxWithLoss()
    scores = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    loss = layer.forward(scores, np.array([2, 1]))
    assert loss == pytest.approx(
        -np.mean(np.log(softmax(scores)[[0, 1], [2, 1]])), rel=1e-12
    )
    assert layer.forward(scores, np.eye(3)[[2, 1]]) == pytest.approx(loss, rel=1e-15)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_and_cross_entropy_stable_for_logits_of_1e4(dtype):
    # exp(1e4) overflows in both dtypes: only a max-shifted softmax stays
    # finite (overflow or 0/0 raises here). Rows: all large, all very
    # negative, and mixed signs.
    x = np.array(
        [
            [1e4, 1e4 - 1.0, 1e4 - 2.0],
            [-1e4, -1e4 - 1.0, -1e4 - 2.0],
            [1e4, 0.0, -1e4],
        ],
        dtype=dtype,
    )
    e = np.exp([0.0, -1.0, -2.0])
    expected = np.array([e / e.sum(), e / e.sum(), [1.0, 0.0, 0.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y = softmax(x)
    assert y.dtype == dtype
    np.testing.assert_allclose(y, expected, rtol=1e-6, atol=1e-30)
    # Cross-entropy of the (finite) probabilities: the true class of row 3
    # is the large logit, so its loss is -log(1 + 1e-7), about -1e-7.
    t = np.array([0, 2, 0])
    want = -np.mean(np.log(expected[[0, 1, 2], t] + 1e-7))
    assert cross_entropy_error(y, t) == pytest.approx(want, rel=1e-5)
    # The log-softmax loss: row 3 with label 2 costs 2e4 exactly (up to
    # log(1 + exp(-1e4)), which is 0 in floating point).
    layer = SoftmaxWithLoss()
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss = layer.forward(x, np.array([0, 2, 2]))
        dx = layer.backward()
    log_z = np.log(e.sum())
    assert loss == pytest.approx((log_z + (2.0 + log_z) + 2e4) / 3, rel=1e-6)
    assert np.isfinite(dx).all()
    np.testing.assert_allclose(
        dx, (expected - np.eye(3)[[0, 2, 2]]) / 3, rtol=1e-6, atol=1e-12
    )


# --------------------------------------------------------------------------
# Backward passes against numerical gradients (float64)
# --------------------------------------------------------------------------


@pytest.mark.parametrize("case", CONV_CASES)
def test_convolution_backward_numerically(case):
    conv, x = make_conv(case)
    errors = check_layer_gradient(conv, x)
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < GRAD_TOL, errors


@pytest.mark.parametrize("case", CONV_CASES)
def test_convolution_param_grads_equal_backwards(case):
    conv, x = make_conv(case)
    dout = rng(9).standard_normal(conv.forward(x).shape)
    conv.backward(dout)
    dW, db = conv.dW.copy(), conv.db.copy()
    conv.dW = conv.db = None
    assert conv.param_grads(dout) is None  # no dx
    np.testing.assert_array_equal(conv.dW, dW)
    np.testing.assert_array_equal(conv.db, db)
    with pytest.raises(ValueError, match="expected dout of the forward output"):
        conv.param_grads(dout[:, :1])
    with pytest.raises(RuntimeError, match="before Convolution.forward"):
        make_conv(case)[0].param_grads(dout)


@pytest.mark.parametrize(("shape", "ph", "pw", "stride", "pad"), POOL_CASES)
def test_pooling_backward_numerically(shape, ph, pw, stride, pad):
    # A permutation of well-spaced values: no ties, so the max is differentiable.
    x = rng(3).permutation(np.prod(shape)).reshape(shape) * 0.1
    errors = check_layer_gradient(Pooling(ph, pw, stride, pad), x.astype(np.float64))
    assert errors["x"] < GRAD_TOL, errors


def test_relu_backward_numerically():
    x = rng(4).standard_normal((3, 2, 4, 4))
    x[np.abs(x) < 1e-3] = 0.5  # keep away from the kink
    assert check_layer_gradient(Relu(), x)["x"] < GRAD_TOL


@pytest.mark.parametrize("shape", [(4, 6), (4, 2, 1, 3)])
def test_affine_backward_numerically(shape):
    r = rng(5)
    layer = Affine(r.standard_normal((6, 5)), r.standard_normal(5))
    errors = check_layer_gradient(layer, r.standard_normal(shape))
    assert max(errors.values()) < GRAD_TOL, errors


@pytest.mark.parametrize("one_hot", [False, True])
def test_softmax_with_loss_backward_numerically(one_hot):
    r = rng(6)
    x = r.standard_normal((5, 4))
    labels = r.integers(0, 4, 5)
    t = np.eye(4)[labels] if one_hot else labels
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    dx = layer.backward(2.0)
    numeric = numerical_gradient(lambda v: 2.0 * SoftmaxWithLoss().forward(v, t), x)
    assert relative_error(dx, numeric) < GRAD_TOL


def test_pooling_ties_go_to_the_first_max():
    x = np.zeros((1, 1, 2, 4))
    x[0, 0, 1, 3] = -1.0
    pool = Pooling(2, 2)
    pool.forward(x)
    dx = pool.backward(np.array([[[[3.0, 5.0]]]]))
    np.testing.assert_array_equal(dx[0, 0], [[3, 0, 5, 0], [0, 0, 0, 0]])


@pytest.mark.parametrize("shape", [(2, 3, 4, 6), (3, 2, 8, 8), (1, 1, 2, 2)])
def test_pooling_2x2_matches_argmax_routing_with_many_ties(shape):
    # Small integers make ties common, as ReLU zeros do in a network. The
    # reference routes each gradient with argmax over im2col rows (the book's
    # way): to the first max in row-major order.
    from cnnlib.im2col import col2im, im2col

    N, C, H, W = shape
    x = rng(3).integers(0, 3, size=shape).astype(np.float64)
    dout = rng(4).standard_normal((N, C, H // 2, W // 2))
    pool = Pooling(2, 2)
    out = pool.forward(x)
    dx = pool.backward(dout)
    col = im2col(x.reshape(N * C, 1, H, W), 2, 2, stride=2)
    np.testing.assert_array_equal(out.ravel(), col.max(axis=1))
    dcol = np.zeros_like(col)
    dcol[np.arange(len(col)), col.argmax(axis=1)] = dout.ravel()
    expected = col2im(dcol, (N * C, 1, H, W), 2, 2, stride=2).reshape(shape)
    np.testing.assert_array_equal(dx, expected)


def test_pooling_overlapping_windows_accumulate():
    x = np.array([[[[0.0, 1.0, 0.0], [0.0, 9.0, 0.0], [0.0, 0.0, 0.0]]]])
    pool = Pooling(2, 2, stride=1)
    np.testing.assert_array_equal(pool.forward(x), [[[[9, 9], [9, 9]]]])
    dx = pool.backward(np.ones((1, 1, 2, 2)))
    assert dx[0, 0, 1, 1] == 4 and dx.sum() == 4


# --------------------------------------------------------------------------
# The contract: dtype kept, nothing modified in place, W shared not copied
# --------------------------------------------------------------------------


def all_layers(dtype):
    r = rng(7)
    x4 = r.standard_normal((2, 3, 6, 6)).astype(dtype)
    conv = Convolution(
        r.standard_normal((4, 3, 3, 3)).astype(dtype),
        r.standard_normal(4).astype(dtype),
        1,
        1,
    )
    affine = Affine(
        r.standard_normal((108, 5)).astype(dtype), r.standard_normal(5).astype(dtype)
    )
    return [(conv, x4), (Pooling(2, 2), x4), (Relu(), x4), (affine, x4)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("index", range(4))
def test_dtype_kept_and_arguments_unchanged(dtype, index):
    layer, x = all_layers(dtype)[index]
    x_before = x.copy()
    weights_before = {
        k: getattr(layer, k).copy() for k in ("W", "b") if hasattr(layer, k)
    }
    out = layer.forward(x)
    assert out.dtype == dtype
    dout = rng(8).standard_normal(out.shape).astype(dtype)
    dout_before = dout.copy()
    dx = layer.backward(dout)
    assert dx.dtype == dtype and dx.shape == x.shape
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(dout, dout_before)
    for k, v in weights_before.items():
        np.testing.assert_array_equal(getattr(layer, k), v)
        assert getattr(layer, "d" + k).dtype == dtype
        assert getattr(layer, "d" + k).shape == v.shape


def test_relu_backward_does_not_mutate_dout():
    relu = Relu()
    relu.forward(np.array([-1.0, 1.0]))
    dout = np.array([7.0, 7.0])
    dx = relu.backward(dout)
    np.testing.assert_array_equal(dout, [7.0, 7.0])
    np.testing.assert_array_equal(dx, [0.0, 7.0])
    assert not np.shares_memory(dx, dout)


def test_softmax_with_loss_float32_and_unchanged():
    x = rng(9).standard_normal((3, 4)).astype(np.float32)
    before = x.copy()
    layer = SoftmaxWithLoss()
    layer.forward(x, np.array([0, 1, 2]))
    assert layer.backward().dtype == np.float32
    np.testing.assert_array_equal(x, before)


def test_weights_are_shared_not_copied():
    W, b = np.ones((2, 1, 3, 3)), np.zeros(2)
    conv = Convolution(W, b)
    W *= 2  # what an optimizer does
    assert conv.forward(np.ones((1, 1, 3, 3)))[0, 0, 0, 0] == 18.0


def test_pooling_returns_its_own_array():
    pool = Pooling(2, 2)
    out = pool.forward(np.arange(16.0).reshape(1, 1, 4, 4))
    out[...] = 0  # must not spoil the backward pass
    assert pool.backward(np.ones((1, 1, 2, 2))).sum() == 4


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


def test_convolution_errors():
    conv = Convolution(np.zeros((4, 3, 5, 5)), np.zeros(4))
    with pytest.raises(
        ValueError, match=r"x has 1 channels but the filters .* expect C = 3"
    ):
        conv.forward(np.zeros((2, 1, 8, 8)))
    with pytest.raises(ValueError, match=r"4-D with shape \(N, C, H, W\)"):
        conv.forward(np.zeros((3, 8, 8)))
    with pytest.raises(
        ValueError, match="filter_size 5 is larger than the padded input 4"
    ):
        conv.forward(np.zeros((2, 3, 4, 8)))
    with pytest.raises(TypeError, match=r"NumPy array of shape \(N, C, H, W\)"):
        conv.forward([[[[0.0]]]])
    with pytest.raises(TypeError, match="floating-point array"):
        conv.forward(np.zeros((2, 3, 8, 8), dtype=np.uint8))
    with pytest.raises(
        RuntimeError, match="backward called before Convolution.forward"
    ):
        conv.backward(np.zeros((2, 4, 4, 4)))
    conv.forward(np.zeros((2, 3, 8, 8)))
    with pytest.raises(
        ValueError, match=r"expected dout of the forward output's shape"
    ):
        conv.backward(np.zeros((2, 4, 5, 5)))


def test_convolution_constructor_errors():
    with pytest.raises(ValueError, match=r"W must have shape \(FN, C, FH, FW\)"):
        Convolution(np.zeros((4, 5, 5)), np.zeros(4))
    with pytest.raises(ValueError, match=r"b must have shape \(FN,\) = \(4,\)"):
        Convolution(np.zeros((4, 1, 5, 5)), np.zeros(3))
    with pytest.raises(TypeError, match="W must be a NumPy array"):
        Convolution([[0.0]], np.zeros(3))
    with pytest.raises(ValueError, match="stride must be >= 1"):
        Convolution(np.zeros((4, 1, 5, 5)), np.zeros(4), stride=0)
    with pytest.raises(TypeError, match="pad must be an integer"):
        Convolution(np.zeros((4, 1, 5, 5)), np.zeros(4), pad=1.5)


def test_pooling_errors():
    pool = Pooling(3, 3)
    with pytest.raises(ValueError, match=r"4-D with shape \(N, C, H, W\)"):
        pool.forward(np.zeros((8, 8)))
    with pytest.raises(
        ValueError, match="filter_size 3 is larger than the padded input 2"
    ):
        pool.forward(np.zeros((1, 1, 2, 8)))
    with pytest.raises(TypeError, match="NumPy array"):
        pool.forward(3.0)
    with pytest.raises(RuntimeError, match="backward called before Pooling.forward"):
        pool.backward(np.zeros((1, 1, 1, 1)))
    with pytest.raises(ValueError, match="pool_h must be >= 1"):
        Pooling(0, 2)


def test_affine_errors():
    with pytest.raises(ValueError, match=r"W of shape \(D, M\) and b of shape \(M,\)"):
        Affine(np.zeros((3, 2)), np.zeros(3))
    layer = Affine(np.zeros((12, 2)), np.zeros(2))
    with pytest.raises(ValueError, match=r"expected x of shape \(N, 12\)"):
        layer.forward(np.zeros((5, 3, 2, 3)))
    with pytest.raises(TypeError, match="x must be a NumPy array"):
        layer.forward([[0.0] * 12])
    with pytest.raises(RuntimeError, match="backward called before Affine.forward"):
        layer.backward(np.zeros((5, 2)))


def test_relu_errors():
    with pytest.raises(RuntimeError, match="backward called before Relu.forward"):
        Relu().backward(np.zeros(3))
    with pytest.raises(TypeError, match="x must be a NumPy array"):
        Relu().forward([1.0])


def test_softmax_with_loss_errors():
    layer = SoftmaxWithLoss()
    with pytest.raises(
        RuntimeError, match="backward called before SoftmaxWithLoss.forward"
    ):
        layer.backward()
    with pytest.raises(ValueError, match=r"integer labels of shape \(2,\) or one-hot"):
        layer.forward(np.zeros((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 3\)"):
        layer.forward(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match=r"scores of shape \(N, classes\)"):
        layer.forward(np.zeros(3), np.array([0]))
    with pytest.raises(TypeError, match="t must be a NumPy array"):
        cross_entropy_error(np.zeros((1, 3)), [0])


# --------------------------------------------------------------------------
# Against TensorFlow: forward and backward, float32 and float64
# --------------------------------------------------------------------------

TF_CONV_CASES = [
    ((4, 1, 28, 28), (6, 5, 5), 1, 0),
    ((3, 3, 11, 9), (5, 3, 3), 2, 1),
    ((2, 4, 8, 8), (3, 3, 3), 1, 2),
    ((2, 2, 10, 10), (4, 4, 2), 3, 0),
]
TF_POOL_CASES = [
    ((4, 3, 24, 24), 2, 2, None, 0),
    ((2, 2, 9, 9), 3, 3, 2, 1),
    ((2, 3, 7, 10), 2, 3, 1, 0),
]
# (rtol, atol) for forward and gradients; float32 sums differ in order.
TF_TOL = {np.float32: (1e-4, 1e-4), np.float64: (1e-11, 1e-11)}


@pytest.fixture(scope="module")
def tf():
    if importlib.util.find_spec("tensorflow") is None:
        pytest.skip("TensorFlow is not installed")
    from cnnlib.keras_models import import_keras

    import_keras(0)  # sets TF_CPP_MIN_LOG_LEVEL=3 before TensorFlow loads
    import tensorflow

    return tensorflow


def nchw_to_nhwc(a):
    return np.ascontiguousarray(a.transpose(0, 2, 3, 1))


def nhwc_to_nchw(a):
    return np.ascontiguousarray(np.asarray(a).transpose(0, 3, 1, 2))


@pytest.mark.tf
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", TF_CONV_CASES)
def test_convolution_against_tensorflow(tf, case, dtype):
    conv, x = make_conv(case, dtype, seed=10)
    stride, pad = conv.stride, conv.pad
    dout = rng(11).standard_normal(conv.forward(x).shape).astype(dtype)
    out = conv.forward(x)
    dx = conv.backward(dout)

    x_t = tf.Variable(nchw_to_nhwc(x))  # NCHW -> NHWC at the boundary
    w_t = tf.Variable(
        conv.W.transpose(2, 3, 1, 0)
    )  # (FN, C, FH, FW) -> (FH, FW, C, FN)
    b_t = tf.Variable(conv.b)
    with tf.GradientTape() as tape:
        padded = tf.pad(x_t, [[0, 0], [pad, pad], [pad, pad], [0, 0]])
        y = tf.nn.conv2d(padded, w_t, strides=stride, padding="VALID") + b_t
        objective = tf.reduce_sum(y * nchw_to_nhwc(dout))
    gx, gw, gb = tape.gradient(objective, [x_t, w_t, b_t])

    rtol, atol = TF_TOL[dtype]
    np.testing.assert_allclose(out, nhwc_to_nchw(y), rtol=rtol, atol=atol)
    np.testing.assert_allclose(dx, nhwc_to_nchw(gx), rtol=rtol, atol=atol)
    np.testing.assert_allclose(
        conv.dW, gw.numpy().transpose(3, 2, 0, 1), rtol=rtol, atol=atol
    )
    np.testing.assert_allclose(conv.db, gb.numpy(), rtol=rtol, atol=atol)


@pytest.mark.tf
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("shape", "ph", "pw", "stride", "pad"), TF_POOL_CASES)
def test_pooling_against_tensorflow(tf, shape, ph, pw, stride, pad, dtype):
    x = (rng(12).permutation(np.prod(shape)).reshape(shape) / 7.0).astype(
        dtype
    )  # no ties
    pool = Pooling(ph, pw, stride, pad)
    out = pool.forward(x)
    dout = rng(13).standard_normal(out.shape).astype(dtype)
    dx = pool.backward(dout)

    strides = (ph, pw) if stride is None else (stride, stride)
    x_t = tf.Variable(nchw_to_nhwc(x))
    with tf.GradientTape() as tape:
        padded = tf.pad(
            x_t, [[0, 0], [pad, pad], [pad, pad], [0, 0]], constant_values=-np.inf
        )
        y = tf.nn.max_pool2d(padded, ksize=(ph, pw), strides=strides, padding="VALID")
        objective = tf.reduce_sum(y * nchw_to_nhwc(dout))
    gx = tape.gradient(objective, x_t)

    rtol, atol = TF_TOL[dtype]
    np.testing.assert_array_equal(out, nhwc_to_nchw(y))
    np.testing.assert_allclose(dx, nhwc_to_nchw(gx), rtol=rtol, atol=atol)


# --------------------------------------------------------------------------
# Average pooling and global average pooling
# --------------------------------------------------------------------------

# (N, C, H, W), pool_h, pool_w, stride, pad
AVG_POOL_CASES = [
    ((2, 3, 6, 6), 2, 2, None, 0),
    ((2, 2, 7, 7), 3, 3, 2, 1),  # overlapping windows, zero padding
    ((1, 2, 5, 8), 2, 3, 1, 0),
    ((2, 1, 9, 9), 3, 3, None, 0),
]


def avg_pool_loop(x, ph, pw, stride, pad):
    sh, sw = (ph, pw) if stride is None else (stride, stride)
    N, C, H, W = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    OH, OW = (H + 2 * pad - ph) // sh + 1, (W + 2 * pad - pw) // sw + 1
    out = np.empty((N, C, OH, OW))
    for i in range(OH):
        for j in range(OW):
            window = xp[:, :, i * sh : i * sh + ph, j * sw : j * sw + pw]
            out[:, :, i, j] = window.mean(axis=(2, 3))
    return out


@pytest.mark.parametrize(("shape", "ph", "pw", "stride", "pad"), AVG_POOL_CASES)
def test_avg_pooling_forward_matches_loops(shape, ph, pw, stride, pad):
    x = rng(1).standard_normal(shape)
    out = AvgPooling(ph, pw, stride, pad).forward(x)
    expected = avg_pool_loop(x, ph, pw, stride, pad)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("shape", "ph", "pw", "stride", "pad"), AVG_POOL_CASES)
def test_avg_pooling_backward_numerically(shape, ph, pw, stride, pad):
    errors = check_layer_gradient(
        AvgPooling(ph, pw, stride, pad), rng(2).standard_normal(shape)
    )
    assert errors["x"] < GRAD_TOL, errors


def test_avg_pooling_backward_spreads_evenly():
    pool = AvgPooling(2, 2)
    pool.forward(np.zeros((1, 1, 4, 4)))
    dx = pool.backward(np.array([[[[4.0, 8.0], [12.0, 16.0]]]]))
    expected = np.kron(np.array([[1.0, 2.0], [3.0, 4.0]]), np.ones((2, 2)))
    np.testing.assert_array_equal(dx[0, 0], expected)


@pytest.mark.parametrize("shape", [(2, 3, 5, 4), (1, 1, 1, 1), (3, 2, 6, 6)])
def test_global_avg_pooling_forward_and_backward(shape):
    x = rng(3).standard_normal(shape)
    gap = GlobalAvgPooling()
    out = gap.forward(x)
    assert out.shape == shape[:2]
    np.testing.assert_allclose(out, x.mean(axis=(2, 3)), rtol=1e-12, atol=1e-12)
    errors = check_layer_gradient(GlobalAvgPooling(), x)
    assert errors["x"] < GRAD_TOL, errors
    # every pixel of a channel gets dout / (H * W)
    dout = rng(4).standard_normal(shape[:2])
    dx = gap.backward(dout)
    H, W = shape[2:]
    np.testing.assert_allclose(
        dx, np.broadcast_to(dout[:, :, None, None] / (H * W), shape)
    )


@pytest.mark.parametrize("layer", [AvgPooling(2, 2), GlobalAvgPooling()])
def test_avg_layers_keep_dtype_and_inputs(layer):
    x = rng(5).standard_normal((2, 3, 4, 4)).astype(np.float32)
    x_copy = x.copy()
    out = layer.forward(x)
    assert out.dtype == np.float32
    dout = np.ones_like(out)
    dout_copy = dout.copy()
    assert layer.backward(dout).dtype == np.float32
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(dout, dout_copy)


def test_avg_layers_errors():
    with pytest.raises(RuntimeError, match="before AvgPooling.forward"):
        AvgPooling(2, 2).backward(np.zeros((1, 1, 1, 1)))
    with pytest.raises(RuntimeError, match="before GlobalAvgPooling.forward"):
        GlobalAvgPooling().backward(np.zeros((1, 1)))
    with pytest.raises(ValueError, match="pool_h must be >= 1"):
        AvgPooling(0, 2)
    gap = GlobalAvgPooling()
    gap.forward(np.zeros((2, 3, 4, 4)))
    with pytest.raises(ValueError, match="expected dout"):
        gap.backward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="4-D"):
        gap.forward(np.zeros((2, 3, 4)))


@pytest.mark.tf
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_avg_pooling_and_gap_against_tensorflow(tf, dtype):
    x = rng(6).standard_normal((2, 3, 6, 8)).astype(dtype)
    pool, gap = AvgPooling(2, 2), GlobalAvgPooling()
    out, g = pool.forward(x), gap.forward(x)
    dout, dg = (rng(7).standard_normal(a.shape).astype(dtype) for a in (out, g))
    dx, dx_gap = pool.backward(dout), gap.backward(dg)

    x_t = tf.Variable(nchw_to_nhwc(x))
    with tf.GradientTape(persistent=True) as tape:
        y = tf.nn.avg_pool2d(x_t, ksize=2, strides=2, padding="VALID")
        y_gap = tf.reduce_mean(x_t, axis=(1, 2))  # GlobalAveragePooling2D
        objective = tf.reduce_sum(y * nchw_to_nhwc(dout))
        objective_gap = tf.reduce_sum(y_gap * dg)
    rtol, atol = TF_TOL[dtype]
    np.testing.assert_allclose(out, nhwc_to_nchw(y), rtol=rtol, atol=atol)
    np.testing.assert_allclose(g, y_gap.numpy(), rtol=rtol, atol=atol)
    gx = tape.gradient(objective, x_t)
    gx_gap = tape.gradient(objective_gap, x_t)
    np.testing.assert_allclose(dx, nhwc_to_nchw(gx), rtol=rtol, atol=atol)
    np.testing.assert_allclose(dx_gap, nhwc_to_nchw(gx_gap), rtol=rtol, atol=atol)


@pytest.mark.parametrize(
    ("H", "F", "stride"), [(7, 3, 2), (8, 3, 2), (9, 3, 3), (10, 4, 2)]
)
def test_convolution_dx_is_a_full_convolution_of_the_spread_dout(H, F, stride):
    # Chapter 5: dx is the full (flipping) convolution of dout, with stride - 1
    # zeros between its values, with the kernel; rows no window reached get 0.
    signal = pytest.importorskip("scipy.signal")
    r = rng(8)
    conv = Convolution(r.standard_normal((2, 3, F, F)), np.zeros(2), stride)
    dout = r.standard_normal(conv.forward(r.standard_normal((1, 3, H, H))).shape)
    dx = conv.backward(dout)
    OH = dout.shape[2]
    expected = np.zeros((1, 3, H, H))
    for f in range(2):
        spread = np.zeros(((OH - 1) * stride + 1,) * 2)
        spread[::stride, ::stride] = dout[0, f]
        for c in range(3):
            full = signal.convolve2d(spread, conv.W[f, c], mode="full")
            expected[0, c, : full.shape[0], : full.shape[1]] += full
    np.testing.assert_allclose(dx, expected, rtol=1e-12, atol=1e-12)
