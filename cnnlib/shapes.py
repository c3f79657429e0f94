"""Output sizes and parameter counts: every formula of the course, in one place.

All arithmetic is integer arithmetic. The spec walker (:func:`shape_table`)
works in Keras's channels-last convention: shapes are ``(H, W, C)`` for
images and ``(units,)`` after ``Flatten``.

Chapters 3 and 4 explain the formulas; Chapter 1 and 2 use the walker.
Chapter 7 adds compute (multiply-adds) and receptive fields.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from cnnlib._validation import check_int

__all__ = [
    "Conv",
    "Dense",
    "Flatten",
    "GlobalPool",
    "MacRow",
    "Pool",
    "ReceptiveField",
    "ShapeRow",
    "conv_macs",
    "conv_output_size",
    "conv_params",
    "dense_macs",
    "dense_params",
    "depthwise_conv_macs",
    "format_shape_table",
    "keras_mac_table",
    "keras_macs",
    "keras_shape_table",
    "pool_output_size",
    "receptive_fields",
    "same_output_size",
    "same_padding",
    "shape_table",
    "small_cnn_specs",
]


def conv_output_size(
    input_size: int,
    filter_size: int,
    stride: int = 1,
    pad: int = 0,
    *,
    exact: bool = False,
    dilation: int = 1,
) -> int:
    """Output length of a convolution or pooling window along one axis.

    ``O = (I + 2P - F) // S + 1``, rounded down like Keras's ``padding='valid'``.
    With a dilation ``D`` the filter's taps are ``D`` pixels apart, so it
    spans ``D * (F - 1) + 1`` pixels and that span takes the place of ``F``:
    ``O = (I + 2P - D * (F - 1) - 1) // S + 1``.

    Parameters
    ----------
    input_size : int
        ``I``, the input height or width (>= 1).
    filter_size : int
        ``F``, the window height or width (>= 1, at most ``I + 2P``).
    stride : int
        ``S`` (>= 1).
    pad : int
        ``P``, zeros added on each side (>= 0).
    exact : bool
        If True, raise ``ValueError`` when the windows do not tile the padded
        input exactly (``(I + 2P - F) % S != 0``) instead of rounding down.
    dilation : int
        ``D`` (>= 1), the spacing between the filter's taps (Keras's
        ``dilation_rate``); 1 is an ordinary filter.

    Returns
    -------
    int
        ``O`` (>= 1).

    Examples
    --------
    >>> conv_output_size(28, 5)
    24
    >>> conv_output_size(28, 3, stride=2)
    13
    >>> conv_output_size(7, 3, stride=2, pad=1)
    4
    >>> conv_output_size(28, 3, stride=2, exact=True)
    Traceback (most recent call last):
    ...
    ValueError: (I + 2P - F) / S = (28 + 0 - 3) / 2 is not an integer: ...
    >>> conv_output_size(28, 3, dilation=2)   # a 3x3 filter spanning 5x5
    24
    """
    input_size = check_int("input_size", input_size, 1)
    filter_size = check_int("filter_size", filter_size, 1)
    stride = check_int("stride", stride, 1)
    pad = check_int("pad", pad, 0)
    dilation = check_int("dilation", dilation, 1)
    span = dilation * (filter_size - 1) + 1
    padded = input_size + 2 * pad
    if span > padded:
        what = "filter_size" if dilation == 1 else "dilated filter span"
        raise ValueError(
            f"{what} {span} is larger than the padded input "
            f"{input_size} + 2*{pad} = {padded}"
        )
    if exact and (padded - span) % stride:
        raise ValueError(
            f"(I + 2P - F) / S = ({input_size} + {2 * pad} - {span}) / {stride} "
            "is not an integer: the windows do not tile the input; change the "
            "padding or the stride"
        )
    return (padded - span) // stride + 1


def same_output_size(input_size: int, stride: int = 1) -> int:
    """Output length with Keras's ``padding='same'``: ``ceil(I / S)``.

    >>> same_output_size(28, 1), same_output_size(28, 2), same_output_size(27, 2)
    (28, 14, 14)
    """
    input_size = check_int("input_size", input_size, 1)
    stride = check_int("stride", stride, 1)
    return -(-input_size // stride)


def same_padding(
    input_size: int, filter_size: int, stride: int = 1, *, dilation: int = 1
) -> tuple[int, int]:
    """Zeros that ``padding='same'`` adds before and after one axis (TensorFlow's rule).

    The output has ``O = ceil(I / S)`` pixels. Its last window starts at
    ``(O - 1) * S`` and spans ``F' = D * (F - 1) + 1`` pixels, so the axis
    needs ``max((O - 1) * S + F' - I, 0)`` zeros in all. They are split
    ``total // 2`` before and the rest after: when the total is odd, the
    extra zero goes at the end (bottom or right). This is TensorFlow's
    ``GetWindowedOutputSizeVerbose`` (``kernel_shape_util.cc``), which
    Keras's ``padding="same"`` uses on the TensorFlow backend.

    Parameters
    ----------
    input_size : int
        ``I`` (>= 1).
    filter_size : int
        ``F`` (>= 1).
    stride : int
        ``S`` (>= 1).
    dilation : int
        ``D`` (>= 1), Keras's ``dilation_rate``.

    Returns
    -------
    tuple of int
        ``(before, after)``: zeros at the top (left) and at the bottom (right).

    Examples
    --------
    >>> same_padding(28, 3)              # odd filter, stride 1: symmetric
    (1, 1)
    >>> same_padding(28, 3, stride=2)    # 0 at the top, 1 at the bottom
    (0, 1)
    >>> same_padding(28, 2), same_padding(28, 4, stride=2)
    ((0, 1), (1, 1))
    >>> same_padding(28, 3, dilation=2)
    (2, 2)
    """
    input_size = check_int("input_size", input_size, 1)
    filter_size = check_int("filter_size", filter_size, 1)
    stride = check_int("stride", stride, 1)
    dilation = check_int("dilation", dilation, 1)
    span = dilation * (filter_size - 1) + 1
    out = same_output_size(input_size, stride)
    total = max((out - 1) * stride + span - input_size, 0)
    return total // 2, total - total // 2


def pool_output_size(
    input_size: int, pool_size: int, stride: int | None = None, padding: str = "valid"
) -> int:
    """Output length of a pooling layer; ``stride`` defaults to ``pool_size`` (Keras).

    >>> pool_output_size(28, 2), pool_output_size(28, 3), pool_output_size(11, 2)
    (14, 9, 5)
    """
    stride = pool_size if stride is None else stride
    if padding == "valid":
        return conv_output_size(input_size, pool_size, stride)
    if padding == "same":
        check_int("pool_size", pool_size, 1)
        return same_output_size(input_size, stride)
    raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")


def conv_params(
    filter_h: int, filter_w: int, in_channels: int, filters: int, *, bias: bool = True
) -> int:
    """Weights of a conv layer: ``(FH * FW * C + 1) * K`` (without the 1 if no bias).

    >>> conv_params(5, 5, 1, 6)     # LeNet-5's first layer
    156
    >>> conv_params(3, 3, 32, 64)
    18496
    """
    fh = check_int("filter_h", filter_h, 1)
    fw = check_int("filter_w", filter_w, 1)
    c = check_int("in_channels", in_channels, 1)
    k = check_int("filters", filters, 1)
    return (fh * fw * c + int(bias)) * k


def dense_params(inputs: int, units: int, *, bias: bool = True) -> int:
    """Weights of a dense layer: ``(I + 1) * O`` (without the 1 if no bias).

    >>> dense_params(784, 256)
    200960
    """
    i = check_int("inputs", inputs, 1)
    o = check_int("units", units, 1)
    return (i + int(bias)) * o


# ----------------------------------------------------------------------------
# Layer specs and the walker
# ----------------------------------------------------------------------------


def _pair(name: str, value: int | tuple[int, int]) -> tuple[int, int]:
    if isinstance(value, tuple):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair, got {value!r}")
        return check_int(name, value[0], 1), check_int(name, value[1], 1)
    v = check_int(name, value, 1)
    return v, v


@dataclass(frozen=True)
class Conv:
    """A Conv2D layer: ``filters`` kernels of ``kernel`` size (Keras-style)."""

    filters: int
    kernel: int | tuple[int, int]
    stride: int | tuple[int, int] = 1
    padding: str = "valid"
    name: str = "conv"


@dataclass(frozen=True)
class Pool:
    """A max or average pooling layer; ``stride`` defaults to ``size``."""

    size: int | tuple[int, int] = 2
    stride: int | tuple[int, int] | None = None
    padding: str = "valid"
    name: str = "pool"


@dataclass(frozen=True)
class GlobalPool:
    """Global average (or max) pooling: ``(H, W, C) -> (C,)``."""

    name: str = "global_pool"


@dataclass(frozen=True)
class Flatten:
    """Flatten ``(H, W, C)`` into ``(H * W * C,)``."""

    name: str = "flatten"


@dataclass(frozen=True)
class Dense:
    """A dense (fully connected) layer with ``units`` outputs."""

    units: int
    name: str = "dense"


#: The layer specs :func:`shape_table` walks.
LayerSpec = Conv | Pool | GlobalPool | Flatten | Dense


class ShapeRow(NamedTuple):
    """One row of a shape table: layer name, output shape (no batch axis), weights."""

    name: str
    output_shape: tuple[int, ...]
    params: int


def _window_out(size: int, kernel: int, stride: int, padding: str) -> int:
    if padding == "valid":
        return conv_output_size(size, kernel, stride)
    if padding == "same":
        return same_output_size(size, stride)
    raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")


def _apply(layer: LayerSpec, shape: tuple[int, ...]) -> tuple[tuple[int, ...], int]:
    if isinstance(layer, Dense):
        if len(shape) != 1:
            raise ValueError(
                f"Dense needs a flat input (units,), got {shape}; add Flatten()"
            )
        return (check_int("units", layer.units, 1),), dense_params(
            shape[0], layer.units
        )
    if isinstance(layer, Flatten):
        return (math.prod(shape),), 0
    if len(shape) != 3:
        raise ValueError(
            f"{type(layer).__name__} needs an (H, W, C) input, got {shape}"
        )
    h, w, c = shape
    if isinstance(layer, Conv):
        kh, kw = _pair("kernel", layer.kernel)
        sh, sw = _pair("stride", layer.stride)
        out = (
            _window_out(h, kh, sh, layer.padding),
            _window_out(w, kw, sw, layer.padding),
            check_int("filters", layer.filters, 1),
        )
        return out, conv_params(kh, kw, c, layer.filters)
    if isinstance(layer, Pool):
        ph, pw = _pair("size", layer.size)
        sh, sw = (ph, pw) if layer.stride is None else _pair("stride", layer.stride)
        return (
            _window_out(h, ph, sh, layer.padding),
            _window_out(w, pw, sw, layer.padding),
            c,
        ), 0
    if isinstance(layer, GlobalPool):
        return (c,), 0
    raise TypeError(
        "expected a Conv, Pool, GlobalPool, Flatten or Dense spec, "
        f"got {type(layer).__name__}"
    )


def small_cnn_specs(head: str = "flatten", num_classes: int = 10) -> list:
    """The layer specs of :func:`cnnlib.build_small_cnn` (the one place they
    are written for the formulas: the tests and the diagram check use them).

    ``head="flatten"``: Flatten, Dense(64), Dense(num_classes);
    ``head="gap"``: GlobalPool, Dense(num_classes).

    >>> [type(s).__name__ for s in small_cnn_specs("gap")][-2:]
    ['GlobalPool', 'Dense']
    >>> sum(r.params for r in shape_table((28, 28, 1), small_cnn_specs()))
    93322
    """
    if head not in {"flatten", "gap"}:
        raise ValueError(f"head must be 'flatten' or 'gap', got {head!r}")
    body: list = [Conv(32, 3), Pool(2), Conv(64, 3), Pool(2), Conv(64, 3)]
    top: list = [Flatten(), Dense(64)] if head == "flatten" else [GlobalPool()]
    return body + top + [Dense(num_classes)]


def shape_table(
    input_shape: tuple[int, ...], layers: Sequence[LayerSpec]
) -> list[ShapeRow]:
    """Walk layer specs from ``input_shape`` and return each layer's output and weights.

    Parameters
    ----------
    input_shape : tuple of int
        ``(H, W, C)`` of one image (no batch axis), channels last as in Keras.
    layers : list
        :class:`Conv`, :class:`Pool`, :class:`GlobalPool`, :class:`Flatten`,
        :class:`Dense` specs, in order.

    Returns
    -------
    list of ShapeRow
        One row per layer, ``(name, output_shape, params)``.

    Examples
    --------
    >>> rows = shape_table((28, 28, 1), [Conv(32, 3), Pool(2), Flatten(), Dense(10)])
    >>> [(r.output_shape, r.params) for r in rows]
    [((26, 26, 32), 320), ((13, 13, 32), 0), ((5408,), 0), ((10,), 54090)]
    """
    if not isinstance(input_shape, tuple) or not input_shape:
        raise TypeError(
            "input_shape must be a non-empty tuple like (28, 28, 1), "
            f"got {input_shape!r}"
        )
    shape = tuple(check_int("input_shape entry", s, 1) for s in input_shape)
    rows = []
    for layer in layers:
        shape, params = _apply(layer, shape)
        rows.append(ShapeRow(layer.name, shape, params))
    return rows


def keras_shape_table(model: object) -> list[ShapeRow]:
    """The same table read off a built Keras model (batch axis dropped).

    Uses only ``model.layers``, ``layer.output.shape`` and
    ``layer.count_params()``, so cnnlib does not import Keras here.
    """
    if not hasattr(model, "layers"):
        raise TypeError(f"expected a built Keras model, got {type(model).__name__}")
    rows = []
    for layer in model.layers:
        shape = tuple(int(s) for s in layer.output.shape[1:])
        rows.append(ShapeRow(layer.name, shape, int(layer.count_params())))
    return rows


def format_shape_table(
    rows: list[ShapeRow], input_shape: tuple[int, ...] | None = None
) -> str:
    """Render rows as a fixed-width text table with a total line.

    >>> rows = shape_table((4, 4, 1), [Flatten(), Dense(2)])
    >>> print(format_shape_table(rows, (4, 4, 1)))
    layer          output shape        params
    -----------------------------------------
    input          (4, 4, 1)                0
    flatten        (16,)                    0
    dense          (2,)                    34
    -----------------------------------------
    total                                  34
    """
    total = sum(r.params for r in rows)
    # Columns widen for long names, shapes and counts (AlexNet's 62,378,344).
    name_w = max([14] + [len(r.name) for r in rows])
    shape_w = max([16] + [len(str(r.output_shape)) for r in rows])
    num_w = max(9, len(f"{total:,}"))
    rule = "-" * (name_w + shape_w + num_w + 2)
    lines = [
        f"{'layer':<{name_w}} {'output shape':<{shape_w}} {'params':>{num_w}}",
        rule,
    ]
    if input_shape is not None:
        shape = str(tuple(input_shape))
        lines.append(f"{'input':<{name_w}} {shape:<{shape_w}} {0:>{num_w},}")
    for r in rows:
        shape = str(r.output_shape)
        lines.append(f"{r.name:<{name_w}} {shape:<{shape_w}} {r.params:>{num_w},}")
    lines += [rule, f"{'total':<{name_w}} {'':<{shape_w}} {total:>{num_w},}"]
    return "\n".join(lines)


# ----------------------------------------------------------------------------
# Compute: multiply-adds (Chapter 7)
# ----------------------------------------------------------------------------


def conv_macs(
    out_h: int,
    out_w: int,
    filter_h: int,
    filter_w: int,
    in_channels: int,
    filters: int,
    *,
    groups: int = 1,
) -> int:
    """Multiply-adds of a conv layer: ``OH * OW * K * FH * FW * C / groups``.

    Every one of the ``OH * OW * K`` outputs is a dot product of length
    ``FH * FW * C / groups`` (each group of filters sees ``C / groups``
    input channels). The bias adds are not counted.

    Parameters
    ----------
    out_h, out_w : int
        ``OH``, ``OW``: the output's height and width.
    filter_h, filter_w : int
        ``FH``, ``FW``.
    in_channels : int
        ``C``, divisible by ``groups``.
    filters : int
        ``K``, divisible by ``groups``.
    groups : int
        Channel groups (Keras's ``Conv2D(groups=...)``); 1 for a normal conv.

    Returns
    -------
    int

    Examples
    --------
    >>> conv_macs(28, 28, 1, 1, 64, 32)     # a 1x1 conv on 28x28x64
    1605632
    >>> conv_macs(224, 224, 3, 3, 3, 64)    # VGG16's first layer
    86704128
    """
    oh = check_int("out_h", out_h, 1)
    ow = check_int("out_w", out_w, 1)
    fh = check_int("filter_h", filter_h, 1)
    fw = check_int("filter_w", filter_w, 1)
    c = check_int("in_channels", in_channels, 1)
    k = check_int("filters", filters, 1)
    g = check_int("groups", groups, 1)
    if c % g or k % g:
        raise ValueError(
            f"in_channels {c} and filters {k} must both be divisible by groups {g}"
        )
    return oh * ow * k * fh * fw * (c // g)


def depthwise_conv_macs(
    out_h: int,
    out_w: int,
    filter_h: int,
    filter_w: int,
    channels: int,
    *,
    depth_multiplier: int = 1,
) -> int:
    """Multiply-adds of a depthwise conv: ``OH * OW * C * FH * FW`` (times ``m``).

    One ``FH x FW`` filter per input channel (``m`` of them with
    ``depth_multiplier=m``), each seeing only its own channel: a conv with
    ``groups = C``.

    >>> depthwise_conv_macs(28, 28, 3, 3, 64)
    451584
    >>> conv_macs(28, 28, 3, 3, 64, 64, groups=64)
    451584
    """
    c = check_int("channels", channels, 1)
    m = check_int("depth_multiplier", depth_multiplier, 1)
    return conv_macs(out_h, out_w, filter_h, filter_w, c, c * m, groups=c)


def dense_macs(inputs: int, units: int) -> int:
    """Multiply-adds of a dense layer: ``inputs * units`` (bias adds not counted).

    >>> dense_macs(4096, 1000)
    4096000
    """
    return check_int("inputs", inputs, 1) * check_int("units", units, 1)


class MacRow(NamedTuple):
    """One row of a compute table: layer name, its Keras class, multiply-adds."""

    name: str
    kind: str
    macs: int


def _spatial(shape: Sequence[int | None], name: str) -> tuple[int, ...]:
    dims = tuple(shape)[1:]
    if any(d is None for d in dims):
        raise ValueError(
            f"layer {name!r} has an unknown size {tuple(shape)}: build the model "
            "with a fixed input_shape"
        )
    return tuple(int(d) for d in dims if d is not None)


def _layer_macs(layer: Any) -> int | None:  # a Keras layer (untyped)
    kind = type(layer).__name__
    if kind not in ("Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Dense"):
        return None
    in_shape = _spatial(layer.input.shape, layer.name)
    out_shape = _spatial(layer.output.shape, layer.name)
    if kind == "Dense":
        # Dense acts on the last axis; any other axes repeat it.
        return math.prod(out_shape[:-1]) * dense_macs(in_shape[-1], layer.units)
    if len(out_shape) != 3:
        raise ValueError(f"{kind} {layer.name!r}: expected (H, W, C), got {out_shape}")
    if getattr(layer, "data_format", "channels_last") != "channels_last":
        raise ValueError(f"{kind} {layer.name!r}: only channels_last is supported")
    oh, ow, k = out_shape
    c = in_shape[-1]
    fh, fw = layer.kernel_size
    if kind == "Conv2D":
        return conv_macs(oh, ow, fh, fw, c, k, groups=getattr(layer, "groups", 1))
    m = layer.depth_multiplier
    depthwise = depthwise_conv_macs(oh, ow, fh, fw, c, depth_multiplier=m)
    if kind == "DepthwiseConv2D":
        return depthwise
    return depthwise + conv_macs(oh, ow, 1, 1, c * m, k)  # SeparableConv2D


def keras_mac_table(model: object) -> list[MacRow]:
    """Multiply-adds of every conv and dense layer of a built Keras model.

    Counts ``Conv2D`` (with ``groups``), ``DepthwiseConv2D``,
    ``SeparableConv2D`` (depthwise + pointwise) and ``Dense``, with the
    formulas of :func:`conv_macs`, :func:`depthwise_conv_macs` and
    :func:`dense_macs`, reading the sizes off ``layer.input.shape`` and
    ``layer.output.shape``. Pooling, batch normalisation, activations and
    additions are left out (they cost far less and are not multiply-adds of
    weights). Nested models are walked. cnnlib does not import Keras here.

    Returns
    -------
    list of MacRow
        ``(name, kind, macs)`` per counted layer, in ``model.layers`` order.
    """
    if not hasattr(model, "layers"):
        raise TypeError(f"expected a built Keras model, got {type(model).__name__}")
    rows = []
    for layer in model.layers:
        if hasattr(layer, "layers"):
            rows += keras_mac_table(layer)
            continue
        macs = _layer_macs(layer)
        if macs is not None:
            rows.append(MacRow(layer.name, type(layer).__name__, macs))
    return rows


def keras_macs(model: object) -> int:
    """Total multiply-adds of a Keras model's conv and dense layers, per image.

    The sum of :func:`keras_mac_table`.
    """
    return sum(row.macs for row in keras_mac_table(model))


# ----------------------------------------------------------------------------
# Receptive fields (Chapter 7)
# ----------------------------------------------------------------------------


class ReceptiveField(NamedTuple):
    """After one layer: its name, receptive field ``size`` and ``jump``.

    ``size`` is the side of the input window one output unit sees; ``jump``
    is how many input pixels apart two neighbouring output units are.
    """

    name: str
    size: int
    jump: int


def receptive_fields(layers: list[object]) -> list[ReceptiveField]:
    """Receptive field size and jump after each :class:`Conv` or :class:`Pool`.

    Starting from one input pixel (``r = 1``, ``j = 1``), a layer with window
    ``F`` and stride ``S`` gives ``r_out = r_in + (F - 1) * j_in`` and
    ``j_out = j_in * S``. Padding does not change the size of the window (it
    only moves it, and part of it may fall on the zeros). Square windows only.
    The walk stops at the first :class:`Flatten`, :class:`GlobalPool` or
    :class:`Dense`, whose units see the whole input.

    Examples
    --------
    >>> rf = receptive_fields([Conv(32, 3), Pool(2), Conv(64, 3), Pool(2), Conv(64, 3)])
    >>> [(r.size, r.jump) for r in rf]
    [(3, 1), (4, 2), (8, 2), (10, 4), (18, 4)]
    """
    size, jump = 1, 1
    rows = []
    for layer in layers:
        if isinstance(layer, Flatten | GlobalPool | Dense):
            break
        if isinstance(layer, Conv):
            window, stride = layer.kernel, layer.stride
        elif isinstance(layer, Pool):
            window = layer.size
            stride = layer.size if layer.stride is None else layer.stride
        else:
            raise TypeError(
                f"expected Conv, Pool, Flatten, GlobalPool or Dense specs, "
                f"got {type(layer).__name__}"
            )
        fh, fw = _pair("window", window)
        sh, sw = _pair("stride", stride)
        if fh != fw or sh != sw:
            raise ValueError(
                f"{layer.name}: receptive_fields takes square windows and strides, "
                f"got {(fh, fw)} and {(sh, sw)}"
            )
        size += (fh - 1) * jump
        jump *= sh
        rows.append(ReceptiveField(layer.name, size, jump))
    return rows
