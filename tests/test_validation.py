"""Tests for cnnlib._validation: the shared input checks and their messages."""

import numpy as np
import pytest

from cnnlib._validation import check_array, check_float_array, check_int, is_int


def test_check_int_accepts_python_and_numpy_integers():
    assert check_int("k", 3, 1) == 3
    assert type(check_int("k", np.int64(3), 1)) is int
    assert check_int("dx", -2) == -2  # no minimum
    assert is_int(np.int32(1)) and not is_int(True) and not is_int(np.bool_(True))


@pytest.mark.parametrize("value", [1.0, "2", True, np.bool_(False), None])
def test_check_int_rejects_non_integers(value):
    with pytest.raises(TypeError, match=r"stride must be an integer, got "):
        check_int("stride", value, 1)


def test_check_int_minimum():
    with pytest.raises(ValueError, match=r"pad must be >= 0, got -1"):
        check_int("pad", -1, 0)


def test_check_array_rank_and_dtype():
    x = np.zeros((2, 3, 4, 5))
    assert check_array(x, "x", ndim=4) is x
    assert check_array(x[0], "x", ndim=(2, 3)) is not None
    with pytest.raises(TypeError, match=r"x must be a NumPy array of shape \(N, C"):
        check_array([1.0], "x", layout="(N, C, H, W)")
    with pytest.raises(ValueError, match=r"x must be 4-D with shape .* got 2-D"):
        check_array(np.zeros((2, 2)), "x", ndim=4, layout="(N, C, H, W)")
    with pytest.raises(ValueError, match=r"must be 2-D or 3-D, got 1-D"):
        check_array(np.zeros(2), "img", ndim=(2, 3))
    assert check_float_array(np.zeros(2, np.float32)).dtype == np.float32
    with pytest.raises(TypeError, match=r"x must be a floating-point array"):
        check_float_array(np.zeros(2, int))
