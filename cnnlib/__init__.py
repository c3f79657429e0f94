"""cnnlib: the helper library of the CNN course.

NumPy code (``im2col``, ``layers``, ``network``) uses NCHW; Keras code
(``keras_models``) uses NHWC. Importing cnnlib never imports TensorFlow.
"""

from cnnlib.datasets import load_mnist, one_hot
from cnnlib.keras_models import (
    build_alexnet,
    build_dense_mnist,
    build_lenet5,
    build_small_cnn,
    epoch_logger,
    import_keras,
)
from cnnlib.shapes import (
    Conv,
    Dense,
    Flatten,
    GlobalPool,
    Pool,
    conv_output_size,
    conv_params,
    dense_params,
    format_shape_table,
    keras_shape_table,
    pool_output_size,
    same_output_size,
    shape_table,
)

__version__ = "0.1.0"

__all__ = [
    "Conv",
    "Dense",
    "Flatten",
    "GlobalPool",
    "Pool",
    "build_alexnet",
    "build_dense_mnist",
    "build_lenet5",
    "build_small_cnn",
    "conv_output_size",
    "conv_params",
    "dense_params",
    "epoch_logger",
    "format_shape_table",
    "import_keras",
    "keras_shape_table",
    "load_mnist",
    "one_hot",
    "pool_output_size",
    "same_output_size",
    "shape_table",
]
