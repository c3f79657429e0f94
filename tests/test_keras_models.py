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
