"""Tests for cnnlib.transforms: shift_images and permute_pixels."""

import numpy as np
import pytest

from cnnlib.transforms import permute_pixels, shift_images


@pytest.fixture
def batch():
    """A (2, 5, 6, 3) NHWC batch with distinct positive values."""
    return np.arange(1, 2 * 5 * 6 * 3 + 1, dtype=np.float32).reshape(2, 5, 6, 3)


def test_zero_shift_is_a_copy(batch):
    out = shift_images(batch, 0, 0)
    np.testing.assert_array_equal(out, batch)
    assert out is not batch


@pytest.mark.parametrize("dx, dy", [(1, 0), (-2, 0), (0, 3), (0, -1), (2, -3), (-5, 4)])
def test_shift_matches_roll_with_zero_fill(batch, dx, dy):
    out = shift_images(batch, dx, dy)
    expected = np.roll(batch, (dy, dx), axis=(1, 2))
    # Zero the rows and columns that np.roll wrapped around.
    if dy > 0:
        expected[:, :dy] = 0
    elif dy < 0:
        expected[:, dy:] = 0
    if dx > 0:
        expected[:, :, :dx] = 0
    elif dx < 0:
        expected[:, :, dx:] = 0
    np.testing.assert_array_equal(out, expected)
    assert out.shape == batch.shape and out.dtype == batch.dtype


def test_shift_2d_and_3d_agree_with_4d(batch):
    one = batch[0, :, :, 0]
    np.testing.assert_array_equal(
        shift_images(one, 2, 1), shift_images(batch, 2, 1)[0, :, :, 0]
    )
    three = batch[:, :, :, 1]
    np.testing.assert_array_equal(
        shift_images(three, -1, 2), shift_images(batch, -1, 2)[:, :, :, 1]
    )


def test_shift_does_not_modify_input(batch):
    before = batch.copy()
    shift_images(batch, 2, 2)
    np.testing.assert_array_equal(batch, before)


def test_shift_right_moves_the_mass_right():
    image = np.zeros((7, 7))
    image[3, 3] = 1.0
    out = shift_images(image, dx=2, dy=-1)
    assert out[2, 5] == 1.0 and out.sum() == 1.0


def test_shift_errors(batch):
    with pytest.raises(TypeError, match="NumPy array"):
        shift_images([[1, 2], [3, 4]], 1, 0)
    with pytest.raises(ValueError, match=r"\(H, W\)"):
        shift_images(np.zeros(5), 1, 0)
    with pytest.raises(TypeError, match="dx must be an integer"):
        shift_images(batch, 1.5, 0)
    with pytest.raises(TypeError, match="dy must be an integer"):
        shift_images(batch, 0, True)
    with pytest.raises(ValueError, match="width 6"):
        shift_images(batch, 6, 0)
    with pytest.raises(ValueError, match="height 5"):
        shift_images(batch, 0, -5)


def test_permute_moves_pixels_and_keeps_channels_together(batch):
    rng = np.random.default_rng(0)
    permutation = rng.permutation(5 * 6)
    out = permute_pixels(batch, permutation)
    flat_in = batch.reshape(2, 30, 3)
    flat_out = out.reshape(2, 30, 3)
    for k in range(30):
        np.testing.assert_array_equal(flat_out[:, k, :], flat_in[:, permutation[k], :])


def test_permute_is_undone_by_the_inverse(batch):
    permutation = np.random.default_rng(1).permutation(30)
    inverse = np.argsort(permutation)
    np.testing.assert_array_equal(
        permute_pixels(permute_pixels(batch, permutation), inverse), batch
    )


def test_permute_2d_3d_4d_agree(batch):
    permutation = np.random.default_rng(2).permutation(30)
    full = permute_pixels(batch, permutation)
    np.testing.assert_array_equal(
        permute_pixels(batch[:, :, :, 0], permutation), full[:, :, :, 0]
    )
    np.testing.assert_array_equal(
        permute_pixels(batch[1, :, :, 2], permutation), full[1, :, :, 2]
    )


def test_permute_keeps_the_multiset_of_values(batch):
    permutation = np.random.default_rng(3).permutation(30)
    out = permute_pixels(batch, permutation)
    np.testing.assert_array_equal(np.sort(out, axis=None), np.sort(batch, axis=None))


@pytest.mark.parametrize(
    "permutation",
    [
        np.arange(29),
        np.zeros(30, dtype=int),
        np.arange(30.0),
        np.arange(30).reshape(5, 6),
    ],
)
def test_permute_rejects_bad_permutations(batch, permutation):
    with pytest.raises(ValueError, match="permutation must hold"):
        permute_pixels(batch, permutation)
