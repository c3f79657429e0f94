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


@pytest.mark.parametrize(("head", "params"), [("flatten", 93_322), ("gap", 56_394)])
def test_small_cnn_matches_shape_table(keras, head, params):
    import cnnlib
    from cnnlib.shapes import small_cnn_specs

    specs = small_cnn_specs(head)
    by_formula = [
        (r.output_shape, r.params) for r in cnnlib.shape_table((28, 28, 1), specs)
    ]
    model = cnnlib.build_small_cnn(head=head)
    by_keras = [(r.output_shape, r.params) for r in cnnlib.keras_shape_table(model)]
    assert by_formula == by_keras
    assert model.count_params() == params
    if head == "gap":
        assert "flatten" not in [layer.name for layer in model.layers]


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


def test_small_cnn_rejects_an_unknown_head(keras):
    import cnnlib

    with pytest.raises(ValueError, match="head must be"):
        cnnlib.build_small_cnn(head="global")


def test_alexnet_two_gpu_groups_conv_2_4_5_only(keras):
    import cnnlib

    one = cnnlib.build_alexnet()
    two = cnnlib.build_alexnet(two_gpu=True)
    # The paper's split: each filter of conv_2, conv_4, conv_5 sees half the
    # input channels; (FH * FW * C / 2 + 1) * K by the formula.
    assert two.get_layer("conv_2").count_params() == cnnlib.conv_params(5, 5, 48, 256)
    assert two.get_layer("conv_4").count_params() == cnnlib.conv_params(3, 3, 192, 384)
    assert two.get_layer("conv_5").count_params() == cnnlib.conv_params(3, 3, 192, 256)
    for name in ("conv_1", "conv_3", "fc_6", "fc_7", "fc_8"):
        assert two.get_layer(name).count_params() == one.get_layer(name).count_params()
    assert two.count_params() == 60_965_224
    assert [layer.output.shape for layer in two.layers] == [
        layer.output.shape for layer in one.layers
    ]
    with pytest.raises(TypeError, match="two_gpu"):
        cnnlib.build_alexnet(two_gpu=2)


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


# ----------------------------------------------------------------------------
# Chapter 7: 1x1, separable, Inception, residual blocks, compute
# ----------------------------------------------------------------------------


def _single_layer_model(keras, layer, input_shape):
    inputs = keras.Input(input_shape)
    return keras.Model(inputs, layer(inputs))


def test_outline_counts_for_1x1_and_separable_convs(keras):
    import cnnlib

    L = keras.layers
    one = _single_layer_model(keras, L.Conv2D(32, 1), (28, 28, 64))
    assert one.count_params() == 2_080 == cnnlib.conv_params(1, 1, 64, 32)
    assert one.output.shape[1:] == (28, 28, 32)
    sep = _single_layer_model(
        keras, L.SeparableConv2D(128, 3, padding="same"), (28, 28, 64)
    )
    full = _single_layer_model(keras, L.Conv2D(128, 3, padding="same"), (28, 28, 64))
    assert sep.count_params() == 8_896
    assert full.count_params() == 73_856
    # depthwise 3*3*64, pointwise 64*128, one bias per output channel
    assert sep.count_params() == 3 * 3 * 64 + 64 * 128 + 128
    assert cnnlib.keras_macs(one) == cnnlib.conv_macs(28, 28, 1, 1, 64, 32)
    assert cnnlib.keras_macs(full) == 28 * 28 * 128 * 9 * 64
    assert cnnlib.keras_macs(sep) == 28 * 28 * 64 * 9 + 28 * 28 * 64 * 128


def test_keras_macs_counts_groups_and_depthwise(keras):
    import cnnlib

    L = keras.layers
    grouped = _single_layer_model(keras, L.Conv2D(8, 3, groups=4), (10, 10, 8))
    assert cnnlib.keras_macs(grouped) == cnnlib.conv_macs(8, 8, 3, 3, 8, 8, groups=4)
    depthwise = _single_layer_model(
        keras, L.DepthwiseConv2D(3, strides=2, depth_multiplier=2), (11, 11, 5)
    )
    assert cnnlib.keras_macs(depthwise) == 5 * 5 * 10 * 9


def test_inception_module_shapes_and_bottleneck_savings(keras):
    import cnnlib

    module = cnnlib.build_inception_module()
    assert module.output.shape[1:] == (28, 28, 256)
    assert module.count_params() == 163_696
    naive = cnnlib.build_inception_module(bottleneck=False)
    assert naive.output.shape[1:] == (28, 28, 64 + 128 + 32 + 192)
    assert naive.count_params() == (
        cnnlib.conv_params(1, 1, 192, 64)
        + cnnlib.conv_params(3, 3, 192, 128)
        + cnnlib.conv_params(5, 5, 192, 32)
    )
    # GoogLeNet's Table 1 lists 128M operations for this module (3a)
    assert cnnlib.keras_macs(module) == 128_049_152
    assert cnnlib.keras_macs(naive) == 28 * 28 * (
        192 * 64 + 9 * 192 * 128 + 25 * 192 * 32
    )


def test_residual_block_identity_and_projection_shortcuts(keras):
    import cnnlib

    inputs = keras.Input((8, 8, 4))
    same = cnnlib.residual_block(inputs, 4, name="same")
    down = cnnlib.residual_block(same, 8, stride=2, name="down")
    model = keras.Model(inputs, down)
    names = [layer.name for layer in model.layers]
    assert "same_add" in names and "down_add" in names
    assert "same_proj" not in names  # identity shortcut: no weights
    assert model.get_layer("down_proj").kernel.shape == (1, 1, 4, 8)
    assert model.get_layer("down_proj").strides == (2, 2)
    assert model.output.shape[1:] == (4, 4, 8)
    plain = cnnlib.residual_block(inputs, 4, shortcut=False, name="plain")
    plain_names = [layer.name for layer in keras.Model(inputs, plain).layers]
    assert not any(name.endswith("_add") for name in plain_names)


def test_residual_block_with_zero_residual_is_relu_of_its_input(keras):
    import numpy as np

    import cnnlib

    inputs = keras.Input((6, 6, 3))
    model = keras.Model(
        inputs, cnnlib.residual_block(inputs, 3, batch_norm=False, name="b")
    )
    for layer in model.layers:
        if layer.weights:
            layer.set_weights([np.zeros(w.shape, "float32") for w in layer.weights])
    x = np.random.default_rng(0).normal(size=(2, 6, 6, 3)).astype("float32")
    np.testing.assert_allclose(model(x).numpy(), np.maximum(x, 0), atol=0)


def test_residual_and_plain_nets_have_the_same_depth(keras):
    import cnnlib

    def main_path_convs(model):
        return [
            layer.name
            for layer in model.layers
            if type(layer).__name__ == "Conv2D" and not layer.name.endswith("_proj")
        ]

    res = cnnlib.build_residual_net(batch_norm=False, stem_stride=2)
    plain = cnnlib.build_residual_net(residual=False, batch_norm=False, stem_stride=2)
    assert (res.name, plain.name) == ("resnet20", "plain20")
    assert main_path_convs(res) == main_path_convs(plain)
    assert len(main_path_convs(res)) + 1 == 20  # plus the dense layer
    projections = [layer.name for layer in res.layers if layer.name.endswith("_proj")]
    assert projections == ["s2b1_proj", "s3b1_proj"]
    assert res.count_params() - plain.count_params() == (8 * 16 + 16) + (16 * 32 + 32)
    assert res.output.shape[1:] == (10,)
    assert res.get_layer("gap").input.shape[1:] == (4, 4, 32)
    with pytest.raises(ValueError, match="same non-zero length"):
        cnnlib.build_residual_net((1, 1), (8,))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "params", "macs"),
    [
        ("VGG16", 138_357_544, 15_470_264_320),
        ("ResNet50", 25_636_712, 3_857_973_248),
        ("MobileNet", 4_253_864, 568_740_352),
        ("MobileNetV2", 3_538_984, 300_774_272),
    ],
)
def test_applications_parameters_and_macs(keras, name, params, macs):
    """The Chapter-7 table: keras.applications, weights=None, 224x224x3."""
    import cnnlib

    model = getattr(keras.applications, name)(weights=None, input_shape=(224, 224, 3))
    assert model.count_params() == params
    assert cnnlib.keras_macs(model) == macs
    keras.backend.clear_session()


def test_option_a_shortcut_has_no_weights_and_pads_with_zeros(keras):
    import numpy as np

    import cnnlib

    inputs = keras.Input((6, 6, 2))
    block = cnnlib.residual_block(
        inputs, 4, stride=2, projection=False, batch_norm=False, name="a"
    )
    model = keras.Model(inputs, block)
    names = [layer.name for layer in model.layers]
    assert "a_proj" not in names and "a_sub" in names and "a_pad" in names
    for layer in model.layers:  # F = 0: the output is the shortcut, through ReLU
        if layer.weights:
            layer.set_weights([np.zeros(w.shape, "float32") for w in layer.weights])
    x = np.random.default_rng(0).normal(size=(1, 6, 6, 2)).astype("float32")
    expected = np.zeros((1, 3, 3, 4), "float32")
    expected[..., :2] = np.maximum(x[:, ::2, ::2, :], 0)
    np.testing.assert_array_equal(model(x).numpy(), expected)
    with pytest.raises(ValueError, match="only add channels"):
        cnnlib.residual_block(inputs, 1, projection=False)


def test_he_normal_twins_have_equal_weights_and_use_the_initializer(keras):
    import cnnlib

    kw = dict(projection=False, kernel_initializer="he_normal", input_shape=(14, 14, 1))
    res = cnnlib.build_residual_net((4, 4, 4), **kw)
    plain = cnnlib.build_residual_net((4, 4, 4), residual=False, **kw)
    assert (res.name, plain.name) == ("resnet26", "plain26")
    assert res.count_params() == plain.count_params()
    adds = [layer for layer in res.layers if type(layer).__name__ == "Add"]
    assert len(adds) == 12
    init = res.get_layer("s2b3_conv1").kernel_initializer
    assert type(init).__name__ == "HeNormal"
    assert res.get_layer("gap").input.shape[1:] == (4, 4, 32)


def test_preactivation_block_is_identity_with_zero_weights(keras):
    import numpy as np

    import cnnlib

    inputs = keras.Input((5, 5, 3))
    model = keras.Model(inputs, cnnlib.preactivation_block(inputs, 3, name="p"))
    kinds = [type(layer).__name__ for layer in model.layers[1:]]
    assert kinds == [
        "BatchNormalization",
        "Activation",
        "Conv2D",
        "BatchNormalization",
        "Activation",
        "Conv2D",
        "Add",
    ]
    post = keras.Model(inputs, cnnlib.residual_block(inputs, 3, name="q"))
    assert model.count_params() == post.count_params()
    for name in ("p_conv1", "p_conv2"):
        layer = model.get_layer(name)
        layer.set_weights([np.zeros(w.shape, "float32") for w in layer.weights])
    x = np.random.default_rng(1).normal(size=(2, 5, 5, 3)).astype("float32")
    np.testing.assert_array_equal(model(x).numpy(), x)  # no ReLU after the sum
    with pytest.raises(ValueError, match="filters == input channels"):
        cnnlib.preactivation_block(inputs, 4)
