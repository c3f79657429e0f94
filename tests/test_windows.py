"""Tests for cnnlib.windows: taps and patches agree with each other and with loops."""

import numpy as np
import pytest

from cnnlib.shapes import conv_output_size
from cnnlib.windows import crop_hw, pad_hw, patch, tap, tap_view


@pytest.mark.parametrize(("F", "S", "P"), [(1, 1, 0), (2, 2, 0), (3, 2, 1), (3, 1, 2)])
def test_taps_and_patches_see_the_same_cells(F, S, P):
    x = np.random.default_rng(0).normal(size=(2, 3, 7, 6))
    padded = pad_hw(x, P)
    OH, OW = conv_output_size(7, F, S, P), conv_output_size(6, F, S, P)
    for oh in range(OH):
        for ow in range(OW):
            window = padded[(slice(None), slice(None), *patch(oh, ow, F, F, S))]
            assert window.shape == (2, 3, F, F)
            for i in range(F):
                for j in range(F):
                    tapped = tap_view(padded, i, j, OH, OW, S, S)
                    assert tapped.shape == (2, 3, OH, OW)
                    np.testing.assert_array_equal(
                        tapped[:, :, oh, ow], window[..., i, j]
                    )


def test_tap_is_a_strided_slice_of_count_cells():
    assert len(range(20)[tap(2, 4, 3)]) == 4
    assert list(range(20)[tap(2, 4, 3)]) == [2, 5, 8, 11]


def test_tap_view_writes_through():
    dx = np.zeros((1, 1, 4, 4))
    tap_view(dx, 1, 1, 2, 2, 2, 2)[...] += 1
    np.testing.assert_array_equal(dx[0, 0, 1::2, 1::2], np.ones((2, 2)))
    assert dx.sum() == 4


def test_pad_and_crop_are_inverse():
    x = np.arange(12.0).reshape(1, 1, 3, 4)
    assert pad_hw(x, 0) is x and crop_hw(x, 0) is x
    padded = pad_hw(x, 2, value=-np.inf)
    assert padded.shape == (1, 1, 7, 8) and padded[0, 0, 0, 0] == -np.inf
    cropped = crop_hw(padded, 2)
    np.testing.assert_array_equal(cropped, x)
    assert not np.shares_memory(cropped, padded)
    assert pad_hw(np.ones((2, 2)), 1).shape == (4, 4)  # any leading axes
