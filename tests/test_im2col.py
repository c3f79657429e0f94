"""Tests for cnnlib.im2col: the vectorised versions against the loops."""

import numpy as np
import pytest

from cnnlib.im2col import col2im, col2im_loop, im2col, im2col_loop, window_view

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
