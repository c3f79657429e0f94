"""Tests for cnnlib.im2col: the vectorised versions against the loops."""

import importlib.util

import numpy as np
import pytest

from cnnlib.im2col import (
    col2im,
    col2im_loop,
    conv_transpose,
    im2col,
    im2col_loop,
    window_view,
)
from cnnlib.layers import Convolution
from cnnlib.shapes import conv_output_size

# (N, C, H, W), FH, FW, stride, pad
CASES = [
    ((1, 1, 3, 3), 2, 2, 1, 0),
    ((2, 3, 7, 7), 5, 5, 1, 0),
    ((2, 3, 7, 7), 3, 3, 2, 1),
    ((3, 2, 8, 6), 3, 2, 2, 0),
    ((1, 4, 5, 9), 1, 1, 1, 2),
    ((2, 1, 9, 9), 4, 4, 3, 1),  # windows do not tile: the last rows are dropped
    ((2, 2, 6, 6), 6, 6, 1, 0),  # one window
]


@pytest.mark.parametrize(("shape", "fh", "fw", "stride", "pad"), CASES)
def test_im2col_matches_loop(shape, fh, fw, stride, pad):
    x = np.random.default_rng(0).standard_normal(shape)
    expected = im2col_loop(x, fh, fw, stride, pad)
    np.testing.assert_array_equal(im2col(x, fh, fw, stride, pad), expected)


@pytest.mark.parametrize(("shape", "fh", "fw", "stride", "pad"), CASES)
def test_col2im_matches_loop(shape, fh, fw, stride, pad):
    rows = im2col_loop(np.zeros(shape), fh, fw, stride, pad).shape
    col = np.random.default_rng(1).standard_normal(rows)
    np.testing.assert_allclose(
        col2im(col, shape, fh, fw, stride, pad),
        col2im_loop(col, shape, fh, fw, stride, pad),
        rtol=1e-12,
        atol=1e-12,
    )


@pytest.mark.parametrize(("shape", "fh", "fw", "stride", "pad"), CASES)
def test_col2im_is_the_adjoint(shape, fh, fw, stride, pad):
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape)
    col = im2col(x, fh, fw, stride, pad)
    y = rng.standard_normal(col.shape)
    left = np.sum(col * y)
    right = np.sum(x * col2im(y, shape, fh, fw, stride, pad))
    assert left == pytest.approx(right, rel=1e-12, abs=1e-12)


def test_outline_shapes():
    assert im2col(np.zeros((1, 3, 7, 7)), 5, 5).shape == (9, 75)
    assert im2col(np.zeros((10, 3, 7, 7)), 5, 5).shape == (90, 75)


def test_row_and_column_order():
    # x[n, c, h, w] = 1000 n + 100 c + 10 h + w makes every entry traceable.
    n, c, h, w = np.indices((2, 2, 4, 4))
    x = (1000 * n + 100 * c + 10 * h + w).astype(float)
    col = im2col(x, 2, 3, stride=1)  # OH = 3, OW = 2
    row = (1 * 3 + 2) * 2 + 1  # n=1, oh=2, ow=1
    column = (1 * 2 + 1) * 3 + 2  # c=1, fh=1, fw=2
    assert col[row, column] == 1000 + 100 + 10 * (2 + 1) + (1 + 2)


def test_dtype_kept_and_input_unchanged():
    x = np.random.default_rng(3).standard_normal((2, 2, 5, 5)).astype(np.float32)
    before = x.copy()
    col = im2col(x, 3, 3, pad=1)
    back = col2im(col, x.shape, 3, 3, pad=1)
    assert col.dtype == np.float32 and back.dtype == np.float32
    np.testing.assert_array_equal(x, before)
    assert not np.shares_memory(col, x)


def test_col2im_does_not_modify_col():
    col = np.random.default_rng(4).standard_normal((9, 75))
    before = col.copy()
    col2im(col, (1, 3, 7, 7), 5, 5)
    np.testing.assert_array_equal(col, before)


def test_window_view_is_a_view():
    x = np.arange(2 * 3 * 6 * 6.0).reshape(2, 3, 6, 6)
    view = window_view(x, 3, 3, stride=1)
    assert view.shape == (2, 3, 4, 4, 3, 3)
    assert np.shares_memory(view, x)


@pytest.mark.parametrize("func", [im2col, im2col_loop])
def test_rank_error(func):
    with pytest.raises(ValueError, match=r"4-D with shape \(N, C, H, W\)"):
        func(np.zeros((3, 7, 7)), 3, 3)


@pytest.mark.parametrize("func", [im2col, im2col_loop])
def test_type_error(func):
    with pytest.raises(TypeError, match=r"NumPy array of shape \(N, C, H, W\)"):
        func([[[[1.0]]]], 1, 1)


def test_filter_larger_than_padded_input():
    with pytest.raises(
        ValueError, match="larger than the padded input 5 \\+ 2\\*1 = 7"
    ):
        im2col(np.zeros((1, 1, 5, 5)), 8, 3, pad=1)


def test_bad_stride_and_pad():
    with pytest.raises(ValueError, match="stride must be >= 1"):
        im2col(np.zeros((1, 1, 5, 5)), 3, 3, stride=0)
    with pytest.raises(ValueError, match="pad must be >= 0"):
        im2col(np.zeros((1, 1, 5, 5)), 3, 3, pad=-1)


@pytest.mark.parametrize("func", [col2im, col2im_loop])
def test_col2im_shape_mismatch(func):
    with pytest.raises(
        ValueError, match=r"col must have shape \(N\*OH\*OW, C\*FH\*FW\)"
    ):
        func(np.zeros((8, 75)), (1, 3, 7, 7), 5, 5)


@pytest.mark.parametrize("func", [col2im, col2im_loop])
def test_col2im_bad_input_shape(func):
    with pytest.raises(ValueError, match=r"input_shape must be \(N, C, H, W\)"):
        func(np.zeros((9, 75)), (3, 7, 7), 5, 5)
    with pytest.raises(TypeError, match="col must be a NumPy array"):
        func([[0.0]], (1, 1, 1, 1), 1, 1)


# --------------------------------------------------------------------------
# conv_transpose: col2im as a layer (transposed convolution, upsampling)
# --------------------------------------------------------------------------

# (N, C, H, W), (FN, FH, FW), stride, pad
TRANSPOSE_CASES = [
    ((1, 1, 2, 2), (1, 2, 2), 2, 0),
    ((2, 3, 4, 5), (2, 3, 3), 2, 0),
    ((2, 2, 3, 3), (4, 4, 4), 2, 1),
    ((1, 3, 5, 4), (2, 3, 2), 1, 0),
    ((2, 1, 3, 3), (3, 5, 5), 3, 2),
]


def conv_transpose_loop(x, W, b, stride, pad):
    """Scatter every input pixel times its filter block: the readable reference."""
    N, C, H, Wd = x.shape
    C, FN, FH, FW = W.shape
    full = np.zeros((N, FN, (H - 1) * stride + FH, (Wd - 1) * stride + FW))
    for n in range(N):
        for c in range(C):
            for i in range(H):
                for j in range(Wd):
                    top, left = i * stride, j * stride
                    full[n, :, top : top + FH, left : left + FW] += x[n, c, i, j] * W[c]
    out = full[:, :, pad : full.shape[2] - pad, pad : full.shape[3] - pad]
    return out + b.reshape(1, FN, 1, 1)


def make_transpose(case, seed=3):
    shape, (FN, FH, FW), stride, pad = case
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    W = rng.standard_normal((shape[1], FN, FH, FW))
    b = rng.standard_normal(FN)
    return x, W, b, stride, pad


@pytest.mark.parametrize("case", TRANSPOSE_CASES)
def test_conv_transpose_matches_loop_and_size_formula(case):
    x, W, b, stride, pad = make_transpose(case)
    out = conv_transpose(x, W, b, stride, pad)
    N, C, H, Wd = x.shape
    FH, FW = W.shape[2:]
    assert out.shape == (
        N,
        W.shape[1],
        (H - 1) * stride + FH - 2 * pad,
        (Wd - 1) * stride + FW - 2 * pad,
    )
    # and the convolution with the same filters maps that size back to (H, W)
    assert conv_output_size(out.shape[2], FH, stride, pad) == H
    expected = conv_transpose_loop(x, W, b, stride, pad)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("case", TRANSPOSE_CASES)
def test_conv_transpose_is_the_convolution_backward(case):
    x, W, _, stride, pad = make_transpose(case)
    out = conv_transpose(x, W, None, stride, pad)
    # A Convolution with the same W maps out's shape back to x's shape; its
    # backward pass for dout = x is the transposed convolution of x.
    conv = Convolution(W, np.zeros(W.shape[0]), stride, pad)
    y = np.random.default_rng(4).standard_normal(out.shape)
    assert conv.forward(y).shape == x.shape
    np.testing.assert_allclose(conv.backward(x), out, rtol=1e-12, atol=1e-12)
    # the adjoint identity <conv(y), x> == <y, conv_transpose(x)>
    left = np.sum(conv.forward(y) * x)
    assert left == pytest.approx(np.sum(y * out), rel=1e-12, abs=1e-12)


def test_conv_transpose_keeps_float32_and_inputs():
    x, W, b, stride, pad = make_transpose(TRANSPOSE_CASES[2])
    x32, W32, b32 = (a.astype(np.float32) for a in (x, W, b))
    copies = [a.copy() for a in (x32, W32, b32)]
    out = conv_transpose(x32, W32, b32, stride, pad)
    assert out.dtype == np.float32
    for before, after in zip(copies, (x32, W32, b32), strict=True):
        np.testing.assert_array_equal(before, after)


def test_conv_transpose_errors():
    x = np.zeros((1, 2, 3, 3))
    with pytest.raises(ValueError, match="expects C = 3"):
        conv_transpose(x, np.zeros((3, 1, 2, 2)))
    with pytest.raises(ValueError, match=r"shape \(C, FN, FH, FW\)"):
        conv_transpose(x, np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="stride must be"):
        conv_transpose(x, np.zeros((2, 1, 2, 2)), stride=0)
    with pytest.raises(ValueError, match="pad must be"):
        conv_transpose(x, np.zeros((2, 1, 2, 2)), pad=-1)
    with pytest.raises(ValueError, match="crops the whole"):
        conv_transpose(np.zeros((1, 2, 1, 1)), np.zeros((2, 1, 2, 2)), pad=1)
    with pytest.raises(TypeError):
        conv_transpose([[0.0]], np.zeros((2, 1, 2, 2)))


@pytest.mark.tf
@pytest.mark.parametrize("case", [c for c in TRANSPOSE_CASES if c[3] == 0])
def test_conv_transpose_against_keras(case):
    if importlib.util.find_spec("tensorflow") is None:
        pytest.skip("TensorFlow is not installed")
    from cnnlib.keras_models import import_keras

    keras = import_keras(0)
    x, W, b, stride, _ = make_transpose(case)
    C, FN, FH, FW = W.shape
    layer = keras.layers.Conv2DTranspose(
        FN, (FH, FW), strides=stride, padding="valid", dtype="float64"
    )
    layer.build((None, *x.shape[2:], C))
    layer.set_weights([W.transpose(2, 3, 1, 0), b])  # Keras kernel (FH, FW, FN, C)
    theirs = np.asarray(layer(x.transpose(0, 2, 3, 1))).transpose(0, 3, 1, 2)
    np.testing.assert_allclose(
        conv_transpose(x, W, b, stride), theirs, rtol=1e-11, atol=1e-11
    )
