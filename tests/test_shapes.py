"""Tests for cnnlib.shapes: output sizes, parameter counts, the spec walker."""

import math

import numpy as np
import pytest

from cnnlib.shapes import (
    Conv,
    Dense,
    Flatten,
    GlobalPool,
    Pool,
    ShapeRow,
    conv_output_size,
    conv_params,
    dense_params,
    format_shape_table,
    keras_shape_table,
    pool_output_size,
    same_output_size,
    same_padding,
    shape_table,
    small_cnn_specs,
)


@pytest.mark.parametrize(
    ("size", "filt", "stride", "pad", "expected"),
    [
        (28, 5, 1, 0, 24),
        (28, 3, 1, 0, 26),
        (28, 3, 2, 0, 13),  # (28 - 3) / 2 + 1 = 13.5, rounded down
        (28, 3, 1, 1, 28),
        (7, 3, 2, 1, 4),
        (4, 3, 1, 0, 2),
        (227, 11, 4, 0, 55),
        (5, 5, 1, 0, 1),
        (1, 3, 1, 1, 1),
    ],
)
def test_conv_output_size_matches_formula(size, filt, stride, pad, expected):
    assert conv_output_size(size, filt, stride, pad) == expected
    assert conv_output_size(size, filt, stride, pad) == math.floor(
        (size + 2 * pad - filt) / stride + 1
    )


def test_conv_output_size_exact_accepts_tiling_and_rejects_the_rest():
    assert conv_output_size(27, 3, 2, exact=True) == 13
    with pytest.raises(ValueError, match="not an integer"):
        conv_output_size(28, 3, 2, exact=True)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (
            {"input_size": 4, "filter_size": 5},
            ValueError,
            "larger than the padded input",
        ),
        (
            {"input_size": 4, "filter_size": 3, "stride": 0},
            ValueError,
            "stride must be >= 1",
        ),
        (
            {"input_size": 4, "filter_size": 3, "pad": -1},
            ValueError,
            "pad must be >= 0",
        ),
        ({"input_size": 0, "filter_size": 1}, ValueError, "input_size must be >= 1"),
        ({"input_size": 4, "filter_size": 0}, ValueError, "filter_size must be >= 1"),
        (
            {"input_size": 4.0, "filter_size": 3},
            TypeError,
            "input_size must be an integer",
        ),
        (
            {"input_size": 4, "filter_size": True},
            TypeError,
            "filter_size must be an integer",
        ),
    ],
)
def test_conv_output_size_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        conv_output_size(**kwargs)


def test_same_and_pool_sizes():
    assert [same_output_size(28, s) for s in (1, 2, 3)] == [28, 14, 10]
    assert pool_output_size(28, 2) == 14
    assert pool_output_size(28, 3) == 9
    assert pool_output_size(55, 3, 2) == 27
    assert pool_output_size(5, 2, padding="same") == 3
    with pytest.raises(ValueError, match="padding must be"):
        pool_output_size(28, 2, padding="full")
    with pytest.raises(ValueError, match="stride must be >= 1"):
        same_output_size(28, 0)


def test_param_counts():
    assert conv_params(5, 5, 1, 6) == 156
    assert conv_params(5, 5, 6, 16) == 2416
    assert conv_params(3, 3, 1, 32) == 320
    assert conv_params(3, 3, 1, 32, bias=False) == 288
    assert dense_params(400, 120) == 48120
    assert (
        dense_params(784, 256) + dense_params(256, 128) + dense_params(128, 10)
        == 235146
    )
    assert dense_params(2, 3, bias=False) == 6
    with pytest.raises(ValueError, match="filters must be >= 1"):
        conv_params(3, 3, 1, 0)
    with pytest.raises(TypeError, match="units must be an integer"):
        dense_params(10, "3")


LENET5 = [
    Conv(6, 5, name="C1"),
    Pool(2, name="S2"),
    Conv(16, 5, name="C3"),
    Pool(2, name="S4"),
    Flatten(),
    Dense(120, name="C5"),
    Dense(84, name="F6"),
    Dense(10, name="output"),
]

SMALL_CNN = small_cnn_specs()

ALEXNET = [
    Conv(96, 11, stride=4),
    Pool(3, 2),
    Conv(256, 5, padding="same"),
    Pool(3, 2),
    Conv(384, 3, padding="same"),
    Conv(384, 3, padding="same"),
    Conv(256, 3, padding="same"),
    Pool(3, 2),
    Flatten(),
    Dense(4096),
    Dense(4096),
    Dense(1000),
]


def test_lenet5_walk_matches_the_outline():
    rows = shape_table((32, 32, 1), LENET5)
    assert [r.output_shape for r in rows] == [
        (28, 28, 6),
        (14, 14, 6),
        (10, 10, 16),
        (5, 5, 16),
        (400,),
        (120,),
        (84,),
        (10,),
    ]
    assert [r.params for r in rows] == [156, 0, 2416, 0, 0, 48120, 10164, 850]
    assert sum(r.params for r in rows) == 61706


def test_small_cnn_walk_matches_the_outline():
    rows = shape_table((28, 28, 1), SMALL_CNN)
    assert [r.output_shape for r in rows] == [
        (26, 26, 32),
        (13, 13, 32),
        (11, 11, 64),
        (5, 5, 64),
        (3, 3, 64),
        (576,),
        (64,),
        (10,),
    ]
    assert sum(r.params for r in rows) == 93322


def test_alexnet_walk_matches_the_outline():
    rows = shape_table((227, 227, 3), ALEXNET)
    shapes = [r.output_shape for r in rows]
    assert shapes[0] == (55, 55, 96)
    assert shapes[1] == (27, 27, 96)
    assert shapes[3] == (13, 13, 256)
    assert shapes[7] == (6, 6, 256)
    assert shapes[8] == (9216,)
    assert sum(r.params for r in rows) == 62378344


def test_walker_pairs_global_pool_and_errors():
    rows = shape_table((10, 8, 3), [Conv(4, (3, 1), stride=(1, 2)), GlobalPool()])
    assert rows[0].output_shape == (8, 4, 4)
    assert rows[0].params == (3 * 1 * 3 + 1) * 4
    assert rows[1] == ShapeRow("global_pool", (4,), 0)
    with pytest.raises(ValueError, match="add Flatten"):
        shape_table((4, 4, 1), [Dense(3)])
    with pytest.raises(ValueError, match=r"needs an \(H, W, C\) input"):
        shape_table((16,), [Pool(2)])
    with pytest.raises(ValueError, match="larger than the padded input"):
        shape_table((4, 4, 1), [Conv(2, 5)])
    with pytest.raises(TypeError, match="expected a Conv, Pool"):
        shape_table((4, 4, 1), ["conv"])
    with pytest.raises(TypeError, match="input_shape must be a non-empty tuple"):
        shape_table([4, 4, 1], [])
    with pytest.raises(ValueError, match="padding must be"):
        shape_table((4, 4, 1), [Conv(2, 3, padding="full")])
    with pytest.raises(ValueError, match="an int or a pair"):
        shape_table((4, 4, 1), [Conv(2, (3, 3, 3))])


def test_format_shape_table_totals():
    text = format_shape_table(shape_table((28, 28, 1), SMALL_CNN), (28, 28, 1))
    assert text.splitlines()[-1].split() == ["total", "93,322"]
    assert "(11, 11, 64)" in text


class _FakeTensor:
    def __init__(self, shape):
        self.shape = shape


class _FakeLayer:
    def __init__(self, name, shape, params):
        self.name, self.output, self._params = name, _FakeTensor(shape), params

    def count_params(self):
        return self._params


class _FakeModel:
    layers = [
        _FakeLayer("conv", (None, 26, 26, 32), 320),
        _FakeLayer("flat", (None, 21632), 0),
    ]


def test_keras_shape_table_reads_duck_typed_models():
    assert keras_shape_table(_FakeModel()) == [
        ShapeRow("conv", (26, 26, 32), 320),
        ShapeRow("flat", (21632,), 0),
    ]
    with pytest.raises(TypeError, match="expected a built Keras model"):
        keras_shape_table(object())


# ----------------------------------------------------------------------------
# Dilation and the exact padding of padding="same"
# ----------------------------------------------------------------------------


def _count_windows(size, filt, stride, pad, dilation):
    """Brute force: the start positions whose dilated taps all fit."""
    padded = size + 2 * pad
    span = dilation * (filt - 1) + 1
    return sum(1 for start in range(0, padded, stride) if start + span <= padded)


@pytest.mark.parametrize("size", [1, 5, 7, 28, 32])
@pytest.mark.parametrize("filt", [1, 2, 3, 5])
@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("pad", [0, 1, 2])
@pytest.mark.parametrize("dilation", [1, 2, 3])
def test_conv_output_size_with_dilation_counts_the_windows(
    size, filt, stride, pad, dilation
):
    span = dilation * (filt - 1) + 1
    if span > size + 2 * pad:
        with pytest.raises(ValueError, match="larger than the padded input"):
            conv_output_size(size, filt, stride, pad, dilation=dilation)
        return
    out = conv_output_size(size, filt, stride, pad, dilation=dilation)
    assert out == _count_windows(size, filt, stride, pad, dilation)
    # Dumoulin and Visin's form of the same formula
    assert out == (size + 2 * pad - filt - (filt - 1) * (dilation - 1)) // stride + 1


def test_dilation_keeps_old_calls_and_checks_its_argument():
    assert conv_output_size(28, 3, 1, 0) == conv_output_size(28, 3, dilation=1) == 26
    assert conv_output_size(28, 3, dilation=2) == 24
    assert conv_output_size(7, 3, dilation=3) == 1
    with pytest.raises(ValueError, match="dilated filter span 7"):
        conv_output_size(6, 3, dilation=3)
    with pytest.raises(ValueError, match="dilation must be >= 1"):
        conv_output_size(28, 3, dilation=0)
    with pytest.raises(TypeError, match="dilation must be an integer"):
        conv_output_size(28, 3, dilation=1.5)
    with pytest.raises(ValueError, match="not an integer"):
        conv_output_size(28, 3, 2, exact=True, dilation=2)  # (28 - 5) / 2


@pytest.mark.parametrize(
    ("size", "filt", "stride", "dilation", "expected"),
    [
        (28, 3, 1, 1, (1, 1)),
        (28, 3, 2, 1, (0, 1)),  # the asymmetric case of Chapter 3
        (27, 3, 2, 1, (1, 1)),
        (28, 2, 1, 1, (0, 1)),  # even kernel: the extra zero at the end
        (28, 2, 2, 1, (0, 0)),
        (28, 4, 1, 1, (1, 2)),
        (28, 4, 2, 1, (1, 1)),
        (28, 5, 2, 1, (1, 2)),
        (28, 1, 1, 1, (0, 0)),
        (5, 7, 1, 1, (3, 3)),  # a filter larger than the input
        (28, 3, 1, 2, (2, 2)),
        (28, 2, 1, 3, (1, 2)),
    ],
)
def test_same_padding_cases(size, filt, stride, dilation, expected):
    assert same_padding(size, filt, stride, dilation=dilation) == expected


@pytest.mark.parametrize("size", [1, 2, 5, 7, 8, 27, 28])
@pytest.mark.parametrize("filt", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("stride", [1, 2, 3])
def test_same_padding_gives_ceil_and_puts_the_extra_zero_last(size, filt, stride):
    before, after = same_padding(size, filt, stride)
    assert 0 <= before <= after <= before + 1
    total = before + after
    span_fits = size + total >= filt
    if span_fits:
        assert conv_output_size(size + total, filt, stride) == same_output_size(
            size, stride
        )
    # No more zeros than the last window needs
    last_start = (same_output_size(size, stride) - 1) * stride
    assert total == max(last_start + filt - size, 0)


def test_same_padding_rejects_bad_input():
    with pytest.raises(ValueError, match="stride must be >= 1"):
        same_padding(28, 3, 0)
    with pytest.raises(ValueError, match="dilation must be >= 1"):
        same_padding(28, 3, dilation=0)


SAME_TF_CASES = [
    # (I, F, S, D): odd and even kernels, strides 1-3, dilation 1-3
    (28, 3, 1, 1),
    (28, 3, 2, 1),
    (27, 3, 2, 1),
    (28, 2, 1, 1),
    (28, 2, 2, 1),
    (28, 4, 1, 1),
    (28, 4, 2, 1),
    (9, 4, 3, 1),
    (28, 5, 2, 1),
    (7, 5, 3, 1),
    (5, 7, 1, 1),
    (28, 3, 1, 2),
    (12, 2, 1, 3),
    (11, 4, 1, 2),
]


@pytest.fixture(scope="module")
def keras():
    """Keras through cnnlib.import_keras, before any other TensorFlow work."""
    pytest.importorskip("tensorflow")
    from cnnlib.keras_models import import_keras

    return import_keras(seed=0)


@pytest.mark.tf
@pytest.mark.parametrize(("size", "filt", "stride", "dilation"), SAME_TF_CASES)
def test_same_padding_matches_tensorflow(keras, size, filt, stride, dilation):
    """TensorFlow's 'SAME' equals 'VALID' on the input padded by same_padding."""
    import tensorflow as tf

    rng = np.random.default_rng(size * 100 + filt * 10 + stride + dilation)
    x = rng.standard_normal((2, size, size + 1, 3))
    w = rng.standard_normal((filt, filt, 3, 4))
    same = tf.nn.conv2d(
        x, w, strides=stride, padding="SAME", dilations=dilation
    ).numpy()
    (top, bottom) = same_padding(size, filt, stride, dilation=dilation)
    (left, right) = same_padding(size + 1, filt, stride, dilation=dilation)
    padded = np.pad(x, [(0, 0), (top, bottom), (left, right), (0, 0)])
    valid = tf.nn.conv2d(
        padded, w, strides=stride, padding="VALID", dilations=dilation
    ).numpy()
    assert same.shape[1:3] == (
        same_output_size(size, stride),
        same_output_size(size + 1, stride),
    )
    np.testing.assert_allclose(same, valid, rtol=1e-12, atol=1e-12)
    # The symmetric split differs whenever the total is odd
    total = top + bottom
    if total % 2:
        half = total // 2 + 1
        sym = np.pad(x, [(0, 0), (half, half), (left, right), (0, 0)])
        sym_out = tf.nn.conv2d(
            sym, w, strides=stride, padding="VALID", dilations=dilation
        ).numpy()
        rows = min(sym_out.shape[1], same.shape[1])
        assert not np.allclose(sym_out[:, :rows], same[:, :rows])


@pytest.mark.tf
@pytest.mark.parametrize(
    ("size", "filt", "stride", "dilation", "padding"),
    [
        (28, 3, 1, 2, "valid"),
        (28, 3, 1, 4, "valid"),
        (28, 2, 1, 3, "valid"),
        (28, 3, 1, 2, "same"),
        (28, 3, 2, 1, "valid"),
        (28, 4, 2, 1, "same"),
    ],
)
def test_output_size_matches_keras_conv2d(keras, size, filt, stride, dilation, padding):
    layer = keras.layers.Conv2D(
        1, filt, strides=stride, padding=padding, dilation_rate=dilation
    )
    shape = tuple(layer(np.zeros((1, size, size, 1), dtype="float32")).shape)
    if padding == "valid":
        expected = conv_output_size(size, filt, stride, dilation=dilation)
    else:
        expected = same_output_size(size, stride)
    assert shape == (1, expected, expected, 1)


# ----------------------------------------------------------------------------
# Multiply-adds and receptive fields (Chapter 7)
# ----------------------------------------------------------------------------


def test_conv_macs_by_hand():
    from cnnlib.shapes import conv_macs, depthwise_conv_macs

    # every output is one dot product of length FH * FW * C / groups
    assert conv_macs(28, 28, 1, 1, 64, 32) == 28 * 28 * 32 * 64
    assert conv_macs(2, 3, 3, 3, 4, 5) == (2 * 3 * 5) * (3 * 3 * 4)
    assert conv_macs(2, 2, 3, 3, 8, 4, groups=2) == 2 * 2 * 4 * 3 * 3 * 4
    assert depthwise_conv_macs(28, 28, 3, 3, 64) == 28 * 28 * 64 * 9
    assert depthwise_conv_macs(4, 4, 3, 3, 2, depth_multiplier=3) == 4 * 4 * 6 * 9
    with pytest.raises(ValueError, match="divisible by groups"):
        conv_macs(2, 2, 3, 3, 6, 4, groups=4)
    with pytest.raises(ValueError, match="out_h must be >= 1"):
        conv_macs(0, 2, 3, 3, 6, 4)


def test_conv_macs_matches_a_sliding_window_count():
    """Count the multiplications of a direct loop over a tiny conv."""
    from cnnlib.shapes import conv_macs

    H, W, C, K, F, S = 7, 6, 3, 4, 3, 2
    OH, OW = conv_output_size(H, F, S), conv_output_size(W, F, S)
    count = 0
    for _ in range(OH):
        for _ in range(OW):
            for _ in range(K):
                count += F * F * C
    assert conv_macs(OH, OW, F, F, C, K) == count


def test_dense_macs():
    from cnnlib.shapes import dense_macs

    assert dense_macs(25088, 4096) == 102_760_448
    with pytest.raises(TypeError, match="units must be an integer"):
        dense_macs(3, 2.0)


class _Shape:
    def __init__(self, shape):
        self.shape = shape


class fake:  # noqa: N801 - stand-ins named like Keras's layer classes
    class Conv2D:
        def __init__(self, name, in_shape, out_shape, kernel_size, groups=1):
            self.name, self.kernel_size, self.groups = name, kernel_size, groups
            self.input, self.output = _Shape(in_shape), _Shape(out_shape)
            self.data_format = "channels_last"

    class DepthwiseConv2D(Conv2D):
        depth_multiplier = 1

    class SeparableConv2D(DepthwiseConv2D):
        pass

    class Dense:
        def __init__(self, name, in_shape, units):
            self.name, self.units = name, units
            self.input = _Shape(in_shape)
            self.output = _Shape(in_shape[:-1] + (units,))

    class MaxPooling2D:
        name = "pool"


class _Model:
    def __init__(self, layers):
        self.layers = layers


def test_keras_mac_table_reads_duck_typed_layers():
    from cnnlib.shapes import MacRow, keras_mac_table, keras_macs

    inner = _Model([fake.Dense("head", (None, 64), 10)])
    model = _Model(
        [
            fake.Conv2D("c", (None, 28, 28, 1), (None, 26, 26, 32), (3, 3)),
            fake.MaxPooling2D(),
            fake.DepthwiseConv2D("dw", (None, 13, 13, 32), (None, 13, 13, 32), (3, 3)),
            fake.SeparableConv2D("sep", (None, 13, 13, 32), (None, 13, 13, 64), (3, 3)),
            fake.Dense("d", (None, 5, 64), 64),
            inner,
        ]
    )
    rows = keras_mac_table(model)
    assert rows == [
        MacRow("c", "Conv2D", 26 * 26 * 32 * 9),
        MacRow("dw", "DepthwiseConv2D", 13 * 13 * 32 * 9),
        MacRow("sep", "SeparableConv2D", 13 * 13 * 32 * 9 + 13 * 13 * 32 * 64),
        MacRow("d", "Dense", 5 * 64 * 64),
        MacRow("head", "Dense", 640),
    ]
    assert keras_macs(model) == sum(r.macs for r in rows)
    with pytest.raises(TypeError, match="expected a built Keras model"):
        keras_mac_table(object())
    unknown = _Model(
        [fake.Conv2D("c", (None, None, None, 1), (None, None, None, 8), (3, 3))]
    )
    with pytest.raises(ValueError, match="fixed input_shape"):
        keras_macs(unknown)


def test_receptive_fields_of_the_chapter_2_cnn():
    from cnnlib.shapes import ReceptiveField, receptive_fields

    rows = receptive_fields(SMALL_CNN)
    assert [(r.size, r.jump) for r in rows] == [
        (3, 1),
        (4, 2),
        (8, 2),
        (10, 4),
        (18, 4),
    ]
    assert rows[-1] == ReceptiveField("conv", 18, 4)


def test_receptive_fields_rules():
    from cnnlib.shapes import receptive_fields

    # two stacked 3x3 see as far as one 5x5, three as one 7x7 (VGG)
    assert receptive_fields([Conv(8, 3), Conv(8, 3)])[-1].size == 5
    assert receptive_fields([Conv(8, 3)] * 3)[-1].size == 7
    # padding does not change the size; a 1x1 conv adds nothing
    same = receptive_fields([Conv(8, 3, padding="same"), Conv(8, 1)])
    assert [(r.size, r.jump) for r in same] == [(3, 1), (3, 1)]
    # stride multiplies the jump: 7x7/2 then 3x3/2 pool (ResNet's stem)
    stem = receptive_fields([Conv(64, 7, stride=2), Pool(3, stride=2)])
    assert [(r.size, r.jump) for r in stem] == [(7, 2), (11, 4)]
    assert receptive_fields([]) == []
    with pytest.raises(ValueError, match="square"):
        receptive_fields([Conv(8, (3, 1))])
    with pytest.raises(TypeError, match="expected Conv, Pool"):
        receptive_fields(["conv"])


def test_receptive_field_matches_a_brute_force_dependency_map():
    """Which input pixels change one output unit: walk a 1-D stack by hand."""
    from cnnlib.shapes import receptive_fields

    stack = [(3, 1), (2, 2), (3, 1), (2, 2), (3, 1)]  # (F, S) of SMALL_CNN
    # indices of the input that output unit 0 depends on
    window = {0}
    for F, S in reversed(stack):
        window = {i * S + k for i in window for k in range(F)}
    assert max(window) - min(window) + 1 == 18
    assert receptive_fields(SMALL_CNN)[-1].size == 18


def test_receptive_field_of_vgg16_answers_the_chapter_7_exercise():
    # Chapter 7, exercise ex-receptive-vgg: thirteen 3x3 same convolutions
    # with a 2x2 pooling after convolutions 2, 4, 7, 10 and 13.
    from cnnlib.shapes import receptive_fields

    specs = []
    for number in range(1, 14):
        specs.append(Conv(64, 3, padding="same"))
        if number in (2, 4, 7, 10, 13):
            specs.append(Pool(2))
    last = receptive_fields(specs)[-1]
    assert (last.size, last.jump) == (212, 32)
    assert last.size < 224
