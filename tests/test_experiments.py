import numpy as np
import pytest

from cnnlib import experiments


def test_shrink_averages_2x2_blocks():
    images = np.arange(28 * 28, dtype=np.float32).reshape(1, 28, 28, 1)
    small = experiments.shrink(images)
    assert small.shape == (1, 14, 14, 1)
    assert small[0, 0, 0, 0] == (0 + 1 + 28 + 29) / 4


def test_shrink_rejects_other_shapes():
    with pytest.raises(ValueError, match=r"\(N, 28, 28, 1\)"):
        experiments.shrink(np.zeros((2, 1, 28, 28)))


@pytest.mark.parametrize(
    "n, expected", [(50, (45, 90)), (200, (12, 84)), (1000, (3, 96))]
)
def test_transfer_steps(n, expected):
    assert experiments.transfer_steps(n) == expected


@pytest.fixture(scope="module")
def keras():
    pytest.importorskip("keras")
    import cnnlib

    return cnnlib.import_keras(seed=0)


@pytest.mark.tf
def test_degradation_twins_have_equal_weights(keras):
    plain = experiments.degradation_net("plain, deep", 0)
    residual = experiments.degradation_net("residual, deep", 0)
    assert plain.count_params() == residual.count_params() == 93_234
    with pytest.raises(ValueError, match="label must be one of"):
        experiments.degradation_net("plain, medium", 0)


@pytest.mark.tf
def test_gradient_norms_one_per_kernel(keras):
    import cnnlib

    (x, t), _ = cnnlib.load_mnist(layout="NHWC")
    net = experiments.degradation_net("plain, deep", 0)
    norms = experiments.gradient_norms(net, experiments.shrink(x[:32]), t[:32])
    assert len(norms) == 26 and list(norms)[0] == "stem_conv"
    assert all(np.isfinite(v) and v > 0 for v in norms.values())


@pytest.mark.tf
def test_transfer_run_rejects_unknown_method(keras):
    with pytest.raises(ValueError, match="method must be one of"):
        experiments.transfer_run("distillation", 0, {}, None, None, None, None)
