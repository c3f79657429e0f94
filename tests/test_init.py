"""cnnlib's top-level names: what ``from cnnlib import *`` gives a chapter."""

import types

import cnnlib


def test_all_lists_the_imported_functions_and_classes():
    names = set(cnnlib.__all__)
    assert len(names) == len(cnnlib.__all__) == 53
    assert {"import_keras", "Convolution", "SimpleConvNet", "load_mnist"} <= names
    assert {"shape_table", "conv_output_size", "train", "epoch_logger"} <= names
    for name in names:
        value = getattr(cnnlib, name)
        assert not isinstance(value, types.ModuleType), name
        assert value.__module__.startswith("cnnlib."), name
    assert "annotations" not in names and "__version__" not in names
