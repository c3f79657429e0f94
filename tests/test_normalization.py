import numpy as np
import pytest

from cnnlib.gradcheck import numerical_gradient, relative_error
from cnnlib.normalization import BatchNormalization

SHAPES = [(4, 3, 5, 5), (8, 6), (2, 2, 3, 4)]


def make(shape, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    C = shape[1]
    x = (rng.standard_normal(shape) * 3 + 2).astype(dtype)
    gamma = rng.uniform(0.5, 1.5, C).astype(dtype)
    beta = rng.standard_normal(C).astype(dtype)
    return x, BatchNormalization(gamma, beta)


@pytest.mark.parametrize("shape", SHAPES)
def test_training_mode_normalises_each_channel(shape):
    x, bn = make(shape)
    bn.gamma[:] = 1.0
    bn.beta[:] = 0.0
    out = bn.forward(x, train_flg=True)
    axes = (0,) if x.ndim == 2 else (0, 2, 3)
    np.testing.assert_allclose(out.mean(axis=axes), 0.0, atol=1e-12)
    expected_var = x.var(axis=axes) / (x.var(axis=axes) + bn.epsilon)
    np.testing.assert_allclose(out.var(axis=axes), expected_var, rtol=1e-10)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("train", [True, False])
def test_gradients_match_numerical_ones(shape, train):
    x, bn = make(shape, seed=1)
    bn.running_mean = np.linspace(-1, 1, shape[1])
    bn.running_var = np.linspace(0.5, 2, shape[1])
    saved = bn.running_mean.copy(), bn.running_var.copy()
    dout = np.random.default_rng(2).standard_normal(shape)

    def objective(_):
        # the moving statistics must not drift during the numerical check
        bn.running_mean, bn.running_var = saved[0].copy(), saved[1].copy()
        return float(np.sum(bn.forward(x, train_flg=train) * dout))

    objective(None)
    dx = bn.backward(dout)
    dgamma, dbeta = bn.dgamma.copy(), bn.dbeta.copy()
    assert relative_error(dx, numerical_gradient(objective, x)) < 1e-6
    assert relative_error(dgamma, numerical_gradient(objective, bn.gamma)) < 1e-6
    assert relative_error(dbeta, numerical_gradient(objective, bn.beta)) < 1e-6


def test_moving_statistics_follow_keras_convention():
    x, bn = make((16, 3, 4, 4))
    bn.forward(x, train_flg=True)
    mean, var = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
    np.testing.assert_allclose(bn.running_mean, 0.01 * mean, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var, 0.99 + 0.01 * var, rtol=1e-12)


def test_inference_mode_uses_moving_statistics_and_changes_nothing():
    x, bn = make((4, 3, 2, 2))
    bn.running_mean = np.array([1.0, 2.0, 3.0])
    bn.running_var = np.array([4.0, 1.0, 0.25])
    out = bn.forward(x, train_flg=False)
    shape = (1, 3, 1, 1)
    expected = (x - bn.running_mean.reshape(shape)) / np.sqrt(
        bn.running_var.reshape(shape) + 1e-3
    ) * bn.gamma.reshape(shape) + bn.beta.reshape(shape)
    np.testing.assert_allclose(out, expected, rtol=1e-12)
    np.testing.assert_array_equal(bn.running_mean, [1.0, 2.0, 3.0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_keeps_dtype_and_never_modifies_input(dtype):
    x, bn = make((4, 3, 2, 2), dtype=dtype)
    before = x.copy()
    out = bn.forward(x)
    dout = np.ones_like(out)
    dx = bn.backward(dout)
    assert out.dtype == dtype and dx.dtype == dtype
    np.testing.assert_array_equal(x, before)
    np.testing.assert_array_equal(dout, np.ones_like(out))


def test_bad_input_is_rejected():
    x, bn = make((4, 3, 2, 2))
    with pytest.raises(TypeError, match="NumPy array"):
        bn.forward(x.tolist())
    with pytest.raises(TypeError, match="floating-point"):
        bn.forward(x.astype(int))
    with pytest.raises(ValueError, match="gamma has 3"):
        bn.forward(np.zeros((4, 2, 2, 2)))
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        bn.forward(np.zeros((4, 3, 2)))
    with pytest.raises(TypeError, match="train_flg"):
        bn.forward(x, train_flg="yes")
    with pytest.raises(ValueError, match="momentum"):
        BatchNormalization(np.ones(3), np.zeros(3), momentum=1.0)
    with pytest.raises(ValueError, match="same length"):
        BatchNormalization(np.ones(3), np.zeros(2))
    with pytest.raises(RuntimeError, match="before"):
        BatchNormalization(np.ones(3), np.zeros(3)).backward(np.zeros((1, 3)))
    bn.forward(x)
    with pytest.raises(ValueError, match="shape"):
        bn.backward(np.zeros((4, 3, 2, 1)))


@pytest.fixture(scope="module")
def keras():
    pytest.importorskip("keras")
    import cnnlib

    return cnnlib.import_keras(seed=0)


@pytest.mark.tf
@pytest.mark.parametrize("shape", [(8, 3, 5, 5), (16, 4)])
def test_agrees_with_keras_in_both_modes(keras, shape):
    x, bn = make(shape, seed=3, dtype=np.float32)
    nhwc = x.transpose(0, 2, 3, 1) if x.ndim == 4 else x  # NCHW -> NHWC for Keras
    layer = keras.layers.BatchNormalization()
    layer.build(nhwc.shape)
    layer.set_weights([bn.gamma, bn.beta, bn.running_mean, bn.running_var])
    for step in range(3):  # moving statistics over three training steps
        batch = x * (1 + step)
        ours = bn.forward(batch, train_flg=True)
        theirs = layer(nhwc * (1 + step), training=True).numpy()
        if x.ndim == 4:
            theirs = theirs.transpose(0, 3, 1, 2)
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-5)
        _, _, moving_mean, moving_var = layer.get_weights()
        np.testing.assert_allclose(bn.running_mean, moving_mean, rtol=0, atol=1e-5)
        np.testing.assert_allclose(bn.running_var, moving_var, rtol=1e-6, atol=1e-5)
    ours = bn.forward(x, train_flg=False)
    theirs = layer(nhwc, training=False).numpy()
    if x.ndim == 4:
        theirs = theirs.transpose(0, 3, 1, 2)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-5)
