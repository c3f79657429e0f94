"""The committed weights give the test accuracies the chapters report.

``scripts/train_simple_convnet.py`` and ``scripts/train_small_cnn.py`` wrote
the files and stored the accuracy they measured; here it is measured again.
A different BLAS may round a borderline digit the other way, so one digit
of the 2,000 (0.0005) is allowed.
"""

import pathlib

import numpy as np
import pytest

import cnnlib
from cnnlib.network import SimpleConvNet

DATA = pathlib.Path(cnnlib.__file__).resolve().parent / "data"
ONE_DIGIT = 1 / 2000


@pytest.fixture(scope="module")
def test_set_nchw():
    return cnnlib.load_mnist(layout="NCHW")[1]


def test_simple_convnet_file_holds_float32_params_and_history():
    with np.load(DATA / "simple_convnet.npz") as data:
        net = SimpleConvNet()
        for key, value in net.params.items():
            assert data[key].dtype == np.float32
            assert data[key].shape == value.shape
        epochs = int(data["epochs"])
        for key in ("loss", "train_acc"):
            assert data[key].shape == (epochs,)
        # The settings were chosen on a validation split of the training
        # digits (scripts/train_simple_convnet.py --search), never on the test
        # digits: the chosen cell is the best of the search grid.
        lrs, val_acc = data["search_lrs"], data["search_val_acc"]
        assert val_acc.shape == data["search_train_acc"].shape == (len(lrs), 15)
        best = np.unravel_index(np.argmax(val_acc), val_acc.shape)
        assert float(lrs[best[0]]) == float(data["lr"])
        assert int(best[1]) + 1 == epochs
        assert int(data["val_size"]) == 1000


@pytest.mark.slow
def test_simple_convnet_weights_reach_reported_accuracy(test_set_nchw):
    x_test, t_test = test_set_nchw
    net = SimpleConvNet()
    net.load_params(DATA / "simple_convnet.npz")
    with np.load(DATA / "simple_convnet.npz") as data:
        reported = float(data["test_accuracy"])
    accuracy = net.accuracy(x_test, t_test)
    assert accuracy == pytest.approx(reported, abs=ONE_DIGIT)
    assert reported >= 0.97


@pytest.mark.tf
@pytest.mark.slow
def test_small_cnn_weights_reach_reported_accuracy():
    cnnlib.import_keras(seed=0)
    (_, _), (x_test, t_test) = cnnlib.load_mnist(layout="NHWC")
    model = cnnlib.build_small_cnn()
    weights, reported = cnnlib.datasets.load_small_cnn_weights()
    assert len(weights) == len(model.get_weights())
    model.set_weights(weights)
    predicted = model.predict(x_test, verbose=0).argmax(axis=1)
    accuracy = float(np.mean(predicted == t_test))
    assert accuracy == pytest.approx(reported, abs=ONE_DIGIT)
    assert reported >= 0.97
