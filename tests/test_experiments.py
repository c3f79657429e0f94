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


def test_degradation_table_shape():
    table = experiments.load_table(experiments.DEGRADATION_TABLE)
    assert list(table["runs"]) == list(experiments.DEGRADATION_NETS)
    assert table["live_steps"] == experiments.DEGRADATION_LIVE_STEPS
    for runs in table["runs"].values():
        assert len(runs) == len(table["seeds"]) >= 3
        for run in runs:
            assert len(run["epoch_loss"]) == table["epochs"]
            assert np.isfinite(run["final_loss"]) and 0 <= run["final_accuracy"] <= 1
            assert np.isfinite(run["first_steps_loss"])
            # the last checkpoint is the final evaluation pass, same weights
            last = run["checkpoints"][str(table["epochs"])]
            assert last == [run["final_loss"], run["final_accuracy"]]


def test_training_table_shape():
    table = experiments.load_table(experiments.TRAINING_TABLE)
    seeds = len(table["seeds"])
    assert seeds >= 3
    for runs in table["schedules"].values():
        assert len(runs) == seeds and all(len(r["epoch_loss"]) == 4 for r in runs)
    assert len(table["batch_norm"]) == 2 * len(table["rates"])
    for dataset in ("mnist", "fashion"):
        arms = table["transfer"][dataset]
        assert tuple(arms) == experiments.TRANSFER_METHODS
        for sizes in arms.values():
            assert list(sizes) == [str(n) for n in table["sizes"]]
            assert [len(v) for v in sizes.values()] == [seeds] * len(table["sizes"])
        for runs in table["augmentation"][dataset].values():
            assert np.shape(runs) == (seeds, 5)


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


@pytest.mark.tf
def test_degradation_run_rejects_bad_arguments(keras):
    x, t = np.zeros((64, 14, 14, 1), np.float32), np.zeros(64, int)
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        experiments.degradation_run("plain, shallow", 0, x, t, 0)
    with pytest.raises(ValueError, match=r"checkpoints must lie in 1\.\.2"):
        experiments.degradation_run("plain, shallow", 0, x, t, 2, checkpoints=(3,))
    with pytest.raises(ValueError, match="at least 20 batches"):
        experiments.degradation_run("plain, shallow", 0, x, t, 1)


@pytest.mark.tf
@pytest.mark.slow
def test_degradation_seed_0_matches_the_table(keras):
    """Re-run the start of seed 0 of scripts/repeat_degradation.py: the
    shallow net for three epochs (with a checkpoint), and the first
    batches of every net, which Chapter 7 runs live."""
    import cnnlib

    table = experiments.load_table(experiments.DEGRADATION_TABLE)
    (x, t), _ = cnnlib.load_mnist(layout="NHWC")
    x = experiments.shrink(x)
    run = experiments.degradation_run("plain, shallow", 0, x, t, 3, checkpoints=(3,))
    shipped = table["runs"]["plain, shallow"][0]
    assert np.allclose(run["epoch_loss"], shipped["epoch_loss"][:3], atol=0.03)
    assert abs(run["first_steps_loss"] - shipped["first_steps_loss"]) < 0.03
    assert run["checkpoints"]["3"] == [run["final_loss"], run["final_accuracy"]]
    for label in ("plain, deep", "residual, deep"):
        first = experiments.degradation_run(
            label, 0, x, t, 1, stop_after_first_steps=True
        )
        assert set(first) == {"first_steps_loss"}
        shipped = table["runs"][label][0]["first_steps_loss"]
        assert abs(first["first_steps_loss"] - shipped) < 0.05, label


@pytest.mark.tf
@pytest.mark.slow
def test_training_seed_0_matches_the_table(keras):
    """Re-run seed 0 of scripts/repeat_training.py in a small mode: one
    schedule, one batch-normalization run and one Fashion-MNIST transfer arm."""
    import cnnlib
    from cnnlib.datasets import balanced_indices, load_fashion_mnist

    table = experiments.load_table(experiments.TRAINING_TABLE)
    (x, t), (x_test, t_test) = cnnlib.load_mnist(layout="NHWC")
    sample = balanced_indices(t, 200, seed=0)
    run = experiments.schedule_run("step", 0, x[sample], t[sample], x_test, t_test)
    shipped = table["schedules"]["step"][0]
    assert np.allclose(run["epoch_loss"], shipped["epoch_loss"], atol=0.025)
    assert abs(run["test_accuracy"] - shipped["test_accuracy"]) < 0.015

    bn = experiments.bn_run(True, 0.05, 0, x[sample], t[sample])
    shipped_bn = table["batch_norm"]["with BN, rate 0.05"][0]
    assert abs(bn["final_loss"] - shipped_bn["final_loss"]) < 0.1

    (f, ft), (f_test, ft_test) = load_fashion_mnist(layout="NHWC")
    old, pool, new_test = ft < 5, np.flatnonzero(ft >= 5), ft_test >= 5
    weights, _ = experiments.pretrain(
        0, f[old], ft[old], table["pretrain_epochs"]["fashion"]
    )
    pick = pool[balanced_indices(ft[pool], 40, seed=0)]
    accuracy = experiments.transfer_run(
        "fine-tuning",
        0,
        weights,
        f[pick],
        ft[pick] - 5,
        f_test[new_test],
        ft_test[new_test] - 5,
    )
    assert abs(accuracy - table["transfer"]["fashion"]["fine-tuning"]["200"][0]) < 0.03


# --- Chapter 6: first-layer filters on digits and clothes (numpy only) --------


def _repeat_filters():
    """scripts/repeat_filters.py as a module (the script is not a package)."""
    import importlib.util

    from coursetools import ROOT

    path = ROOT / "scripts" / "repeat_filters.py"
    spec = importlib.util.spec_from_file_location("repeat_filters", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_filter_table_shape():
    import json

    script = _repeat_filters()
    table = json.loads(script.TABLE.read_text(encoding="utf-8"))
    assert list(table["runs"]) == list(script.DATASETS)
    assert table["epochs"] == script.EPOCHS and len(table["seeds"]) >= 3
    assert abs(table["threshold"] - script.threshold()) < 1e-4
    for runs in table["runs"].values():
        assert [r["seed"] for r in runs] == table["seeds"]
        for r in runs:
            assert 0 <= r["edge_share"] <= 1 and 0 < r["test_accuracy"] <= 1


@pytest.mark.slow
def test_filter_seed_0_matches_the_table():
    """Re-run seed 0 on clothes with the table's settings: the same scores
    (to BLAS rounding) and the shipped weights' filters."""
    import json

    script = _repeat_filters()
    table = json.loads(script.TABLE.read_text(encoding="utf-8"))
    row, network = script.run("clothes", 0, table["epochs"], table["threshold"])
    shipped = table["runs"]["clothes"][0]
    assert abs(row["test_accuracy"] - shipped["test_accuracy"]) < 0.015
    assert abs(row["median"] - shipped["median"]) < 0.03
    assert abs(row["edge_share"] - shipped["edge_share"]) <= 2 / 30 + 1e-9
    with np.load(script.WEIGHTS) as stored:
        assert stored["W1"].shape == network.params["W1"].shape == (30, 1, 5, 5)
        a, b = stored["W1"].ravel(), network.params["W1"].ravel()
    assert np.corrcoef(a, b)[0, 1] > 0.99


# --- Chapter 4: Flatten vs GAP head on moved digits ---------------------------


def test_gap_head_table_shape():
    table = experiments.load_table(experiments.GAP_HEAD_TABLE)
    assert tuple(table["runs"]) == experiments.GAP_HEADS
    assert table["shifts"] == list(experiments.SHIFTS)
    assert (table["epochs"], table["batch_size"]) == (5, 64)
    for runs in table["runs"].values():
        assert len(runs) == len(table["seeds"]) >= 3
        for run in runs:
            assert len(run["epoch_loss"]) == len(run["val_loss"]) == table["epochs"]
            assert np.all(np.isfinite(run["epoch_loss"] + run["val_loss"]))
            accuracy = np.array(run["shifted_accuracy"])
            assert accuracy.shape == (len(experiments.SHIFTS),)
            assert np.all((accuracy >= 0) & (accuracy <= 1))


class _Constant:
    """A stand-in model whose ``predict`` always says class ``label``."""

    def __init__(self, label):
        self.label = label
        self.seen = []

    def predict(self, x, batch_size=None, verbose=0):
        self.seen.append(x.shape)
        scores = np.zeros((len(x), 10))
        scores[:, self.label] = 1
        return scores


def test_shifted_accuracy_scores_four_moves_or_the_images_as_they_are():
    x = np.zeros((6, 28, 28, 1), dtype=np.float32)
    t = np.array([3, 3, 1, 3, 0, 3])
    model = _Constant(3)
    assert experiments.shifted_accuracy(model, x, t, 0) == 4 / 6
    assert experiments.shifted_accuracy(model, x, t, 2) == 4 / 6
    assert model.seen == [(6, 28, 28, 1), (24, 28, 28, 1)]


def test_shifted_accuracy_moves_the_digits():
    """A model that sees only the centre pixel: right once a move puts ink
    there, so the accuracy is the share of moves that reach it."""

    class CentreReader:
        def predict(self, x, batch_size=None, verbose=0):
            scores = np.zeros((len(x), 2))
            scores[np.arange(len(x)), (x[:, 14, 14, 0] > 0).astype(int)] = 1
            return scores

    x = np.zeros((1, 28, 28, 1), dtype=np.float32)
    x[0, 14, 16, 0] = 1  # two pixels right of the centre
    t = np.array([1])
    assert experiments.shifted_accuracy(CentreReader(), x, t, 0) == 0
    assert experiments.shifted_accuracy(CentreReader(), x, t, 2) == 1 / 4


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"x": np.zeros((2, 28, 28))}, ValueError, r"\(N, H, W, C\)"),
        ({"x": [[0.0]]}, TypeError, "NumPy array"),
        ({"t": np.zeros(3)}, ValueError, "2 images but t has 3"),
        ({"distance": 1.5}, TypeError, "distance must be an integer"),
        ({"distance": -1}, ValueError, "distance must be >= 0"),
        ({"distance": 28}, ValueError, "smaller than the images"),
    ],
)
def test_shifted_accuracy_rejects_bad_arguments(kwargs, error, match):
    args = {"x": np.zeros((2, 28, 28, 1)), "t": np.zeros(2), "distance": 1}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        experiments.shifted_accuracy(_Constant(0), **args)


_DATA = (
    (np.zeros((4, 28, 28, 1), np.float32), np.zeros(4)),
    (np.zeros((2, 28, 28, 1), np.float32), np.zeros(2)),
)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"head": "dense"}, ValueError, "head must be one of"),
        ({"seed": -1}, ValueError, "seed must be >= 0"),
        ({"seed": True}, TypeError, "seed must be an integer"),
        ({"epochs": 0}, ValueError, "epochs must be >= 1"),
        ({"data": np.zeros(3)}, TypeError, r"data must be \(\(x_train"),
        ({"data": ((np.zeros((4, 1, 28, 28)), 0), _DATA[1])}, ValueError, "x_train"),
        ({"callbacks": "log"}, TypeError, "callbacks must be a tuple"),
    ],
)
def test_gap_head_run_rejects_bad_arguments(kwargs, error, match):
    """The checks come before any TensorFlow is imported."""
    args = {"head": "gap", "seed": 0, "data": _DATA}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        experiments.gap_head_run(**args)


@pytest.mark.tf
@pytest.mark.slow
def test_gap_head_seed_0_matches_the_table(keras):
    """Re-run seed 0 of scripts/repeat_gap_heads.py in a small mode: the
    Flatten head for one epoch; its loss and the centred accuracy."""
    import cnnlib

    table = experiments.load_table(experiments.GAP_HEAD_TABLE)
    data = cnnlib.load_mnist(layout="NHWC")
    run = experiments.gap_head_run("flatten", 0, data, epochs=1)
    shipped = table["runs"]["flatten"][0]
    assert abs(run["epoch_loss"][0] - shipped["epoch_loss"][0]) < 0.02, run
    assert abs(run["val_loss"][0] - shipped["val_loss"][0]) < 0.03, run
    # one epoch, not five: only a floor for the accuracy on unmoved digits
    assert 0.85 < run["shifted_accuracy"][0] <= shipped["shifted_accuracy"][0] + 0.02
