import numpy as np
import pytest

from cnnlib.conv_naive import conv2d_nchw, conv2d_single, pool2d_single, window_coverage


def test_conv2d_single_matches_scipy_correlate():
    signal = pytest.importorskip("scipy.signal")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(6, 7))
    k = rng.normal(size=(3, 2))
    np.testing.assert_allclose(
        conv2d_single(x, k), signal.correlate2d(x, k, mode="valid"), atol=1e-12
    )


def test_conv2d_single_stride_and_pad():
    x = np.arange(25.0).reshape(5, 5)
    out = conv2d_single(x, np.ones((3, 3)), stride=2, pad=1)
    assert out.shape == (3, 3)
    assert out[0, 0] == x[:2, :2].sum()


def test_conv2d_single_rejects_bad_input():
    with pytest.raises(ValueError, match="2-D"):
        conv2d_single(np.ones((1, 4, 4)), np.ones((3, 3)))
    with pytest.raises(TypeError, match="real numbers"):
        conv2d_single(np.array([["a", "b"], ["c", "d"]]), np.ones((1, 1)))
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv2d_single(np.ones((2, 2)), np.ones((3, 3)))


def test_conv2d_nchw_sums_channels_and_adds_bias():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 3, 5, 5))
    W = rng.normal(size=(4, 3, 3, 3))
    b = rng.normal(size=4)
    out = conv2d_nchw(x, W, b)
    assert out.shape == (2, 4, 3, 3)
    expected = sum(conv2d_single(x[1, c], W[2, c]) for c in range(3)) + b[2]
    np.testing.assert_allclose(out[1, 2], expected)


def test_conv2d_nchw_checks_depth_and_bias():
    with pytest.raises(ValueError, match="filter depth 2 must equal the input depth 3"):
        conv2d_nchw(np.ones((1, 3, 4, 4)), np.ones((5, 2, 3, 3)))
    with pytest.raises(ValueError, match="one bias per filter"):
        conv2d_nchw(np.ones((1, 3, 4, 4)), np.ones((5, 3, 3, 3)), b=np.ones(4))
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        conv2d_nchw(np.ones((3, 4, 4)), np.ones((5, 3, 3, 3)))


def test_pool2d_single_modes_and_errors():
    x = np.array([[1, 2, 0, 0], [3, 4, 0, 8], [0, 0, 1, 1], [0, 4, 1, 1]])
    np.testing.assert_array_equal(pool2d_single(x, 2), [[4, 8], [4, 1]])
    np.testing.assert_array_equal(
        pool2d_single(x, 2, mode="average"), [[2.5, 2], [1, 1]]
    )
    assert pool2d_single(np.ones((28, 28)), 3).shape == (9, 9)
    with pytest.raises(ValueError, match="mode must be"):
        pool2d_single(x, 2, mode="min")


def test_window_coverage():
    np.testing.assert_array_equal(window_coverage(4, 3), [1, 2, 2, 1])
    np.testing.assert_array_equal(window_coverage(4, 3, pad=1), [2, 3, 3, 2])
    assert (window_coverage(8, 3, stride=4) == 0).sum() == 2
