"""The diagrams of Chapters 3, 4, 5 and 7 draw cnnlib's own numbers, unflipped.

Inputs are asymmetric, so that a transposed, flipped or shifted panel
changes at least one array checked here.
"""

import re

import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy import signal

import cnnlib
from cnnlib.conv_naive import conv2d_nchw, pool2d_single, window_coverage
from cnnlib.datasets import load_sample_photo
from cnnlib.im2col import col2im, im2col
from cnnlib.plots import diagrams as d

X = np.array([[1, 0, 2, -1, 3], [0, 4, -2, 1, 0], [2, 1, 0, 5, -3], [1, -1, 3, 0, 2]])
K = np.array([[1, 2, 0], [0, -1, 3], [2, 0, 1]])
RNG = np.random.default_rng(7)
X3 = RNG.integers(-2, 5, size=(3, 4, 5))
K3 = RNG.integers(-1, 3, size=(3, 3, 3))
#: Symbols the pictures may use; any other run of 3+ letters is a word.
ALLOWED = {
    "ReLU",
    "max",
    "avg",
    "col",
    "RGB",
    "cdot",
    "times",
    "rightarrow",
    "leftarrow",
    "odot",
    "Sigma",
    "sum",
    "mathrm",
    "Vert",
    "top",
}


def _labels(ax):
    """The numbers a draw_grid panel writes, as a 2-D array by cell position."""
    cells = {}
    for t in ax.texts:
        x, y = t.get_position()
        if abs(x - round(x)) < 1e-9 and abs(y - round(y)) < 1e-9 and round(x) >= 0:
            cells[round(y), round(x)] = float(t.get_text())
    H = max(i for i, _ in cells) + 1
    W = max(j for _, j in cells) + 1
    return np.array([[cells[i, j] for j in range(W)] for i in range(H)])


def _all_text(fig):
    texts = list(fig.texts)
    for ax in fig.axes:
        texts += [*ax.texts, ax.title, ax.xaxis.label, ax.yaxis.label]
        texts += [*ax.get_xticklabels(), *ax.get_yticklabels()]
    return [t.get_text() for t in texts if t.get_text()]


def _figures():
    photo = load_sample_photo()
    specs = [cnnlib.Conv(32, 3), cnnlib.Pool(2), cnnlib.Conv(64, 3)]
    return [
        d.plot_window_sum(X, K, (1, 2)),
        d.plot_same_padding([(6, 3, 2), (6, 2, 1)]),
        d.plot_dilation(9, K, [1, 2]),
        d.plot_multichannel(X3, K3),
        d.plot_filter_bank(X3, np.stack([K3, -K3]), np.array([0.0, 5.0])),
        d.plot_rgb_convolution(photo, K3),
        d.plot_colour_filters(photo, np.stack([K3, K3[::-1]])),
        d.plot_pool_windows(X, 3, 2),
        d.plot_receptive_field(12, specs),
        d.plot_im2col_rows(X, 3, 3),
        d.plot_im2col_channels(X3, 2, 2),
        d.plot_gemm(X, np.stack([K, K.T])),
        d.plot_col2im(np.arange(9 * 6).reshape(6, 9), (4, 5), 3, 3),
        d.plot_residual_blocks(8),
        d.plot_depthwise_separable(28, 64, 128),
        d.plot_pointwise_dense(X3, np.array([[1, -2, 0], [3, 1, -1]]), (1, 3)),
        d.plot_inception_channels(
            (28, 28, 192), [[("conv", 1, 64)], [("pool", 3, 0), ("conv", 1, 32)]]
        ),
    ]


def test_no_words_and_a_slide_friendly_shape():
    for fig in _figures():
        assert isinstance(fig, Figure)
        width, height = fig.get_size_inches()
        assert 16 / 9 - 0.01 <= width / height <= 3.0, (width, height)
        for text in _all_text(fig):
            words = [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ALLOWED]
            assert not words, (text, words)


def test_window_sum_is_conv2d_single():
    fig = d.plot_window_sum(X, K, (1, 2))
    ax_x, ax_k, ax_p, ax_y = fig.axes
    np.testing.assert_array_equal(_labels(ax_x), X)
    np.testing.assert_array_equal(_labels(ax_k), K)
    np.testing.assert_array_equal(_labels(ax_p), X[1:4, 2:5] * K)
    expected = signal.correlate2d(X, K, mode="valid")
    np.testing.assert_array_equal(_labels(ax_y), expected)
    (window,) = [p for p in ax_x.patches if not p.get_fill()]
    assert window.get_xy() == (2 - 0.5, 1 - 0.5)
    assert ax_p.get_title() == f"$\\Sigma = {expected[1, 2]:g}$"
    with pytest.raises(ValueError, match="outside"):
        d.plot_window_sum(X, K, (2, 0))


def test_same_padding_split_is_cnnlibs():
    configs = [(6, 3, 2), (6, 2, 1), (7, 4, 1)]
    fig = d.plot_same_padding(configs)
    for ax, (size, F, S) in zip(fig.axes, configs, strict=True):
        before, after = cnnlib.same_padding(size, F, stride=S)
        assert before != after  # every case here is uneven
        padded = size + before + after
        grey_rows = sorted(
            round(p.get_y() + 0.5)
            for p in ax.patches
            if p.get_fill() and p.get_width() == padded
        )
        assert grey_rows == [*range(before), *range(size + before, padded)]
        counts = window_coverage(padded, F, stride=S)
        np.testing.assert_array_equal(_labels(ax), np.outer(counts, counts))
        assert f"P=({before},\\ {after})" in ax.get_title()
        assert f"O={cnnlib.same_output_size(size, stride=S)}" in ax.get_title()


def test_dilation_taps_and_output_size():
    fig = d.plot_dilation(9, K, [1, 3])
    for ax, D in zip(fig.axes, [1, 3], strict=True):
        taps = {
            (round(t.get_position()[1]), round(t.get_position()[0])): float(
                t.get_text()
            )
            for t in ax.texts
        }
        assert taps == {
            (D * a, D * b): float(K[a, b]) for a in range(3) for b in range(3)
        }
        out = cnnlib.conv_output_size(9, 3, dilation=D)
        assert ax.get_title().endswith(f"O={out}$")


def test_multichannel_and_filter_bank_are_conv2d_nchw():
    fig = d.plot_multichannel(X3, K3)
    for c in range(3):
        np.testing.assert_array_equal(_labels(fig.axes[3 * c]), X3[c])
        np.testing.assert_array_equal(_labels(fig.axes[3 * c + 1]), K3[c])
        np.testing.assert_array_equal(
            _labels(fig.axes[3 * c + 2]), signal.correlate2d(X3[c], K3[c], mode="valid")
        )
    total = conv2d_nchw(X3[None], K3[None])[0, 0]
    np.testing.assert_array_equal(_labels(fig.axes[-1]), total)
    W = np.stack([K3, -K3[:, ::-1]])
    b = np.array([0.0, 5.0])
    fig = d.plot_filter_bank(X3, W, b)
    out = conv2d_nchw(X3[None], W, b)[0]
    outputs = [ax for ax in fig.axes if ax.get_title().startswith("$y_")]
    assert len(outputs) == 2
    for f, ax in enumerate(outputs):
        np.testing.assert_array_equal(_labels(ax), out[f])
    slices = [ax for ax in fig.axes if ax.get_title().startswith("$W_")]
    for ax in slices:
        f, c = int(ax.get_title()[4]), int(ax.get_title()[5])
        np.testing.assert_array_equal(_labels(ax), W[f, c])


def test_rgb_convolution_channels_and_sum():
    photo = load_sample_photo()
    fig = d.plot_rgb_convolution(photo, K3)
    chw = photo.transpose(2, 0, 1) / 255.0
    images = [ax for ax in fig.axes if ax.images and not ax.texts]
    channels, responses, (rgb, total) = images[0:6:2], images[1:6:2], images[6:]
    for c in range(3):
        np.testing.assert_allclose(channels[c].images[0].get_array(), chw[c])
        np.testing.assert_allclose(
            responses[c].images[0].get_array(),
            signal.correlate2d(chw[c], K3[c], mode="valid"),
            atol=1e-12,
        )
    np.testing.assert_array_equal(rgb.images[0].get_array(), photo)
    np.testing.assert_allclose(
        total.images[0].get_array(), conv2d_nchw(chw[None], K3[None])[0, 0], atol=1e-12
    )
    filters = np.stack([K3, K3[::-1]])
    fig = d.plot_colour_filters(photo, filters)
    maps = conv2d_nchw(chw[None], filters)[0]
    drawn = [ax.images[0].get_array() for ax in fig.axes[1:]]
    np.testing.assert_allclose(drawn[1], maps[0])
    np.testing.assert_allclose(drawn[3], maps[1])
    assert drawn[0].shape == (3, 3, 3)  # the filter as a (FH, FW, RGB) patch
    np.testing.assert_allclose((drawn[0] - 0.5)[..., 0], 0.5 * K3[0] / np.abs(K3).max())


def test_pool_windows_are_pool2d_single():
    fig = d.plot_pool_windows(X, 3, 2)
    ax_in, ax_max, ax_avg = fig.axes
    np.testing.assert_array_equal(_labels(ax_max), pool2d_single(X, 3, 2))
    np.testing.assert_allclose(
        _labels(ax_avg), pool2d_single(X, 3, 2, mode="average"), atol=0.005
    )
    circles = sorted(
        (round(c.center[1]), round(c.center[0]))
        for c in ax_in.patches
        if hasattr(c, "center")
    )
    winners = []
    for i in range(1):
        for j in range(2):
            w = X[2 * i : 2 * i + 3, 2 * j : 2 * j + 3]
            a, b = np.unravel_index(np.argmax(w), w.shape)
            winners.append((2 * i + a, 2 * j + b))
    assert circles == sorted(winners)


def test_receptive_field_squares_are_cnnlibs_formula():
    specs = [
        cnnlib.Conv(32, 3),
        cnnlib.Pool(2),
        cnnlib.Conv(64, 3),
        cnnlib.Pool(2),
        cnnlib.Conv(64, 5),
    ]
    fig = d.plot_receptive_field(28, specs)
    squares = [p.get_width() for p in fig.axes[0].patches]
    assert squares == [row.size for row in cnnlib.receptive_fields(specs)]
    notes = [t.get_text() for t in fig.axes[1].texts]
    assert notes[-1] == "$r=26,\\ j=4$"


def test_im2col_rows_match_im2col():
    fig = d.plot_im2col_rows(X, 3, 2)
    ax_x, ax_col = fig.axes
    col = im2col(X[None, None].astype(float), 3, 2)
    np.testing.assert_array_equal(_labels(ax_col), col)
    assert len([p for p in ax_col.patches if not p.get_fill()]) == col.shape[0]
    windows = [p for p in ax_x.patches if not p.get_fill()]
    assert len(windows) == col.shape[0]
    for r, rect in enumerate(windows):
        i, j = round(rect.get_y() + 0.5), round(rect.get_x() + 0.5)
        np.testing.assert_array_equal(X[i : i + 3, j : j + 2].ravel(), col[r])
    fig = d.plot_im2col_channels(X3, 2, 3)
    col = im2col(X3[None].astype(float), 2, 3)
    np.testing.assert_array_equal(_labels(fig.axes[-1]), col)
    bands = [p.get_x() + 0.5 for p in fig.axes[-1].patches if p.get_fill()]
    assert bands == [0, 6, 12]


def test_gemm_and_col2im_are_cnnlibs():
    W = np.stack([K, K.T[::-1]])
    fig = d.plot_gemm(X, W)
    col = im2col(X[None, None].astype(float), 3, 3)
    np.testing.assert_array_equal(_labels(fig.axes[0]), col)
    np.testing.assert_array_equal(_labels(fig.axes[1]), W.reshape(2, -1).T)
    np.testing.assert_array_equal(_labels(fig.axes[2]), col @ W.reshape(2, -1).T)
    maps = conv2d_nchw(X[None, None], W[:, None])[0]
    for f in range(2):
        np.testing.assert_array_equal(_labels(fig.axes[3 + f]), maps[f])
    dcol = np.arange(54).reshape(6, 9)
    fig = d.plot_col2im(dcol, (4, 5), 3, 3)
    np.testing.assert_array_equal(
        _labels(fig.axes[1]), col2im(dcol.astype(float), (1, 1, 4, 5), 3, 3)[0, 0]
    )


def test_block_diagrams_numbers():
    fig = d.plot_residual_blocks(8)
    for ax in fig.axes:
        sigma = [t.get_text() for t in ax.texts if t.get_text().startswith("\u03a3")]
        # cnnlib.residual_block(inputs, 8): two bias-free 3x3 convs, two BN layers
        expected = 2 * cnnlib.conv_params(3, 3, 8, 8, bias=False) + 2 * 4 * 8
        assert sigma == [f"\u03a3 = {expected:,}"]
    post, pre = ([t.get_text() for t in ax.texts] for ax in fig.axes)
    order = [t for t in post if t in ("$3\\times3$", "BN", "ReLU", "+")]
    assert order == ["$3\\times3$", "BN", "ReLU", "$3\\times3$", "BN", "+", "ReLU"]
    order = [t for t in pre if t in ("$3\\times3$", "BN", "ReLU", "+")]
    assert order == ["BN", "ReLU", "$3\\times3$", "BN", "ReLU", "$3\\times3$", "+"]
    fig = d.plot_depthwise_separable(28, 64, 128)
    texts = [t.get_text() for t in fig.axes[0].texts]
    separable = 3 * 3 * 64 + cnnlib.conv_params(1, 1, 64, 128)
    assert f"{cnnlib.conv_params(3, 3, 64, 128):,} \u2192 {separable:,}" in texts
    macs = cnnlib.depthwise_conv_macs(28, 28, 3, 3, 64) + cnnlib.conv_macs(
        28, 28, 1, 1, 64, 128
    )
    assert f"{cnnlib.conv_macs(28, 28, 3, 3, 64, 128):,} \u2192 {macs:,}" in texts
    fig = d.plot_inception_channels(
        (28, 28, 192),
        [
            [("conv", 1, 64)],
            [("conv", 1, 96), ("conv", 3, 128)],
            [("pool", 3, 0), ("conv", 1, 32)],
        ],
    )
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "$28\\times28\\times224$" in texts and "128" in texts


def test_pointwise_is_a_dense_layer_per_pixel():
    W = np.array([[1, -2, 0], [3, 1, -1]])
    fig = d.plot_pointwise_dense(X3, W, (1, 3))
    maps = conv2d_nchw(X3[None], W[:, :, None, None])[0]
    outputs = [ax for ax in fig.axes if ax.get_title().startswith("$y_")]
    for f, ax in enumerate(outputs):
        np.testing.assert_array_equal(_labels(ax), maps[f])
    (dense,) = [ax for ax in fig.axes if ax.get_title() == "$Wx$"]
    np.testing.assert_array_equal(_labels(dense).ravel(), W @ X3[:, 1, 3])
    np.testing.assert_array_equal(_labels(dense).ravel(), maps[:, 1, 3])
    with pytest.raises(ValueError, match="W must be"):
        d.plot_pointwise_dense(X3, W.T, (0, 0))
