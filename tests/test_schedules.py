import numpy as np
import pytest

from cnnlib.schedules import cosine_decay, step_decay


def test_step_decay_drops_after_each_boundary():
    lr = step_decay(np.arange(10), 1.0, [3, 6], factor=0.5)
    np.testing.assert_allclose(lr, [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25])


def test_cosine_decay_with_warmup_shape():
    steps = np.arange(0, 31)
    lr = cosine_decay(steps, 0.0, 20, warmup_steps=10, warmup_target=0.1)
    assert lr[0] == 0 and lr[10] == pytest.approx(0.1) and lr[30] == pytest.approx(0)
    assert (np.diff(lr[:11]) > 0).all() and (np.diff(lr[10:]) < 0).all()


def test_bad_steps():
    with pytest.raises(ValueError, match="non-negative"):
        cosine_decay(np.array([-1]), 1.0, 10)
    with pytest.raises(ValueError, match="increasing"):
        step_decay(1, 1.0, [5, 2])


@pytest.mark.tf
def test_formulas_match_keras():
    pytest.importorskip("keras")
    import cnnlib

    keras = cnnlib.import_keras(seed=0)
    S = keras.optimizers.schedules
    steps = np.arange(0, 60)
    cosine = S.CosineDecay(0.0, 40, warmup_target=0.05, warmup_steps=15, alpha=0.1)
    piecewise = S.PiecewiseConstantDecay([20, 40], [0.05, 0.005, 0.0005])
    ours_c = cosine_decay(
        steps, 0.0, 40, alpha=0.1, warmup_steps=15, warmup_target=0.05
    )
    ours_p = step_decay(steps, 0.05, [20, 40])
    np.testing.assert_allclose(
        ours_c, [float(cosine(s)) for s in steps], rtol=1e-5, atol=1e-7
    )
    np.testing.assert_allclose(
        ours_p, [float(piecewise(s)) for s in steps], rtol=1e-5, atol=1e-7
    )
