import numpy as np
import pytest

from cnnlib.init import init_std, init_weights, signal_scales


def test_stds_follow_the_formulas():
    assert init_std("he", 8, 2) == pytest.approx(0.5)
    assert init_std("glorot", 6, 2) == pytest.approx(0.5)
    assert init_std("small", 1, 1) == 0.01
    w = init_weights("glorot", 500, 300, np.random.default_rng(0))
    assert w.std() == pytest.approx(np.sqrt(2 / 800), rel=0.01)


def test_he_keeps_the_scale_and_glorot_halves_it():
    he_acts, he_grads = signal_scales("he", depth=20)
    gl_acts, _ = signal_scales("glorot", depth=20)
    small_acts, small_grads = signal_scales("small", depth=20)
    assert 0.5 < he_acts[-1] / he_acts[0] < 2 and 0.5 < he_grads[0] / he_grads[-1] < 2
    # Glorot with fan_in == fan_out has variance 1/fan_in: half He's, per layer
    per_layer = (gl_acts[-1] / gl_acts[0]) ** (1 / 19)
    assert per_layer == pytest.approx(np.sqrt(0.5), rel=0.05)
    assert small_acts[-1] < 1e-15 and small_grads[0] < 1e-15


def test_bad_arguments():
    with pytest.raises(ValueError, match="kind"):
        init_std("xavier", 3, 3)
    with pytest.raises(ValueError, match="fan_in"):
        init_std("he", 0, 3)
    with pytest.raises(TypeError, match="Generator"):
        init_weights("he", 3, 3, rng=0)
    with pytest.raises(ValueError, match="depth"):
        signal_scales("he", depth=0)
