"""cnnlib/__init__.py: the top-level names, what ``from cnnlib import *`` gives."""

import types

import cnnlib


def test_all_lists_every_imported_function_and_class_once():
    names = set(cnnlib.__all__)
    assert len(names) == len(cnnlib.__all__), "a name is listed twice"
    imported = {
        name
        for name, value in vars(cnnlib).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and getattr(value, "__module__", "").startswith("cnnlib.")
    }
    assert imported <= names, f"imported but not in __all__: {imported - names}"
    for name in names:
        assert hasattr(cnnlib, name), name
    assert {"import_keras", "Convolution", "SimpleConvNet", "load_mnist"} <= names
    assert {
        "balanced_indices",
        "load_fashion_mnist",
        "FASHION_CLASSES",
        "repeat_over_seeds",
        "compare",
        "RepeatTable",
    } <= names
    assert "annotations" not in names and "__version__" not in names
