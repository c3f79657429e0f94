import pytest

pytestmark = pytest.mark.tf


@pytest.fixture(scope="module")
def keras():
    pytest.importorskip("keras")
    import cnnlib

    return cnnlib.import_keras(seed=0)


def test_two_block_cnn_parameter_count(keras):
    from cnnlib.keras_models import build_two_block_cnn

    model = build_two_block_cnn()
    assert model.count_params() == 1_679_082
    non_trainable = sum(int(w.numpy().size) for w in model.non_trainable_weights)
    assert non_trainable == 1_408
    assert model.get_layer("pool_2").output.shape[1:] == (7, 7, 64)


def test_two_block_cnn_dangling_bug(keras):
    from cnnlib.keras_models import build_two_block_cnn

    model = build_two_block_cnn(wire_second_block_to_input=True)
    assert model.count_params() == 6_468_298
    names = [layer.name for layer in model.layers]
    assert "conv_1a" not in names and "pool_1" not in names
    assert model.get_layer("pool_2").output.shape[1:] == (14, 14, 64)


def test_small_cnn_matches_shape_table(keras):
    import cnnlib

    specs = [
        cnnlib.Conv(32, 3),
        cnnlib.Pool(2),
        cnnlib.Conv(64, 3),
        cnnlib.Pool(2),
        cnnlib.Conv(64, 3),
        cnnlib.Flatten(),
        cnnlib.Dense(64),
        cnnlib.Dense(10),
    ]
    by_formula = [
        (r.output_shape, r.params) for r in cnnlib.shape_table((28, 28, 1), specs)
    ]
    by_keras = [
        (r.output_shape, r.params)
        for r in cnnlib.keras_shape_table(cnnlib.build_small_cnn())
    ]
    assert by_formula == by_keras


@pytest.mark.parametrize(
    ("builder", "expected"),
    [
        ("build_dense_mnist", 235_146),
        ("build_small_cnn", 93_322),
        ("build_lenet5", 61_706),
        ("build_alexnet", 62_378_344),
    ],
)
def test_builders_have_the_outline_parameter_counts(keras, builder, expected):
    import cnnlib

    assert getattr(cnnlib, builder)().count_params() == expected


def test_lenet5_pads_mnist_inside_the_model(keras):
    import cnnlib

    model = cnnlib.build_lenet5(input_shape=(28, 28, 1))
    assert model.layers[0].name == "pad_to_32"
    assert model.count_params() == 61_706
    assert model.get_layer("C1").output.shape[1:] == (28, 28, 6)
    with pytest.raises(ValueError, match="32x32"):
        cnnlib.build_lenet5(input_shape=(30, 30, 1))


def test_alexnet_shapes_match_the_walker(keras):
    import cnnlib

    rows = cnnlib.keras_shape_table(cnnlib.build_alexnet())
    shapes = {r.name: r.output_shape for r in rows}
    assert shapes["conv_1"] == (55, 55, 96)
    assert shapes["pool_5"] == (6, 6, 256)
    assert shapes["flatten"] == (9216,)


def test_import_keras_is_seeded(keras):
    import numpy as np

    import cnnlib

    first = cnnlib.import_keras(seed=3).random.normal((4,)).numpy()
    again = cnnlib.import_keras(seed=3).random.normal((4,)).numpy()
    other = cnnlib.import_keras(seed=4).random.normal((4,)).numpy()
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    with pytest.raises(TypeError, match="seed must be an int"):
        cnnlib.import_keras(seed="0")


def test_epoch_logger_prints_one_line_per_epoch_without_timings(keras, capsys):
    import numpy as np

    import cnnlib

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((8, 3), "float32"), np.zeros((8, 2), "float32")
    model.fit(x, y, epochs=2, verbose=0, callbacks=[cnnlib.epoch_logger()])
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("epoch  1/2  loss ")
    assert "ms" not in lines[1] and lines[1].startswith("epoch  2/2")
