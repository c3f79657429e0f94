"""coursetools/explorer.py: the convolution explorer's shipped data.

The browser side (its arithmetic against cnnlib, on the built site) is
tests/test_site_explorer.py.
"""

from __future__ import annotations

import numpy as np

from coursetools import explorer

SHIPPED = explorer.read_script(explorer.OUT.read_text("utf-8"))


def test_the_shipped_digits_and_filters_are_the_generators():
    fresh = explorer.explorer_data()
    assert SHIPPED["digits"] == fresh["digits"]
    assert SHIPPED["trained"] == fresh["trained"]
    assert SHIPPED["photo"]["source"] == fresh["photo"]["source"]


def test_the_shipped_photo_is_the_generators_within_decoder_noise():
    # JPEG decoders differ by a few levels between Pillow versions.
    fresh = explorer.decode(explorer.explorer_data()["photo"]).astype(int)
    shipped = explorer.decode(SHIPPED["photo"]).astype(int)
    assert shipped.shape == fresh.shape
    assert shipped.ndim == 3 and shipped.shape[2] == 3
    assert np.abs(shipped - fresh).max() <= 4


def test_one_digit_per_class_from_the_test_set():
    with np.load(explorer.DATA / "mnist_sample.npz") as data:
        x, t = data["x_test"], data["t_test"]
    labels = [d["label"] for d in SHIPPED["digits"]]
    assert labels == list(range(10))
    for entry in SHIPPED["digits"]:
        pixels = explorer.decode(entry)
        assert pixels.shape == (28, 28)
        matches = np.flatnonzero((x == pixels).all(axis=(1, 2)))
        assert matches.size and (t[matches] == entry["label"]).all()


def test_the_digits_depend_on_the_seed_not_on_the_order():
    first = [
        np.array_equal(a[1], b[1])
        for a, b in zip(explorer.pick_digits(1), explorer.pick_digits(2), strict=True)
    ]
    assert not all(first)


def test_trained_filters_are_the_first_layers_in_nchw():
    with np.load(explorer.DATA / "small_cnn.npz") as data:
        keras = data["w00"]  # (FH, FW, C, FN), Keras's layout
    with np.load(explorer.DATA / "simple_convnet.npz") as data:
        numpy_net = data["W1"]  # (FN, C, FH, FW)
    small = np.array(SHIPPED["trained"]["small_cnn"])
    simple = np.array(SHIPPED["trained"]["simple_convnet"])
    assert small.shape == (keras.shape[3], keras.shape[0], keras.shape[1])
    assert simple.shape == (numpy_net.shape[0], *numpy_net.shape[2:])
    np.testing.assert_allclose(small[5], keras[:, :, 0, 5], atol=5e-5)
    np.testing.assert_allclose(simple[7], numpy_net[7, 0], atol=5e-5)


def test_decode_round_trip():
    image = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    entry = {"size": [2, 3], "hex": image.tobytes().hex()}
    np.testing.assert_array_equal(explorer.decode(entry), image)


def test_the_photo_is_the_shipped_photo_averaged_in_blocks(tmp_path, monkeypatch):
    # An asymmetric 96x96 image: each 4x4 block's mean is known, and a
    # transposed or shifted crop gives other numbers.
    rows, cols = np.meshgrid(np.arange(96), np.arange(96), indexing="ij")
    image = np.stack([rows, cols, (rows + 2 * cols) % 256], axis=-1).astype(np.uint8)
    path = tmp_path / "sample_photo.npz"
    np.savez(path, image=image)
    monkeypatch.setattr(explorer, "PHOTO", path)
    small, source = explorer.photo()
    side = explorer.PHOTO_SIZE * explorer.PHOTO_BLOCK
    top = (96 - side) // 2
    block = image[top : top + 4, top + 8 : top + 12].astype(float).mean(axis=(0, 1))
    assert small.shape == (explorer.PHOTO_SIZE, explorer.PHOTO_SIZE, 3)
    np.testing.assert_array_equal(small[0, 2], np.rint(block).astype(np.uint8))
    assert source.endswith("sample_photo.npz")


def test_check_mode_reports_a_stale_file(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "conv-explorer-data.js"
    stale.write_text("window.CONV_EXPLORER_DATA = {};\n", "utf-8")
    monkeypatch.setattr(explorer, "OUT", stale)
    monkeypatch.setattr(explorer, "ROOT", tmp_path)
    assert explorer.main(["--check"]) == 1
    assert "stale" in capsys.readouterr().out
    assert explorer.main([]) == 0
    assert explorer.main(["--check"]) == 0
