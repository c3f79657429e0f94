"""cnnlib: the helper library of the CNN course.

NumPy code (``im2col``, ``layers``, ``network``) uses NCHW; Keras code
(``keras_models``) uses NHWC. Importing cnnlib never imports TensorFlow.
"""

from cnnlib.datasets import (
    FASHION_CLASSES,
    balanced_indices,
    load_fashion_mnist,
    load_mnist,
    one_hot,
)
from cnnlib.gradcheck import check_layer_gradient, numerical_gradient, relative_error
from cnnlib.im2col import col2im, col2im_loop, conv_transpose, im2col, im2col_loop
from cnnlib.init import INITS, init_std, init_weights, signal_scales
from cnnlib.keras_models import (
    build_alexnet,
    build_dense_mnist,
    build_inception_module,
    build_lenet5,
    build_residual_net,
    build_small_cnn,
    epoch_logger,
    import_keras,
    preactivation_block,
    residual_block,
)
from cnnlib.layers import (
    Affine,
    AvgPooling,
    Convolution,
    GlobalAvgPooling,
    Pooling,
    Relu,
    SoftmaxWithLoss,
    cross_entropy_error,
    softmax,
)
from cnnlib.network import SimpleConvNet
from cnnlib.normalization import BatchNormalization
from cnnlib.optim import SGD, Adam
from cnnlib.repeats import RepeatTable, compare, repeat_over_seeds
from cnnlib.schedules import cosine_decay, step_decay
from cnnlib.shapes import (
    Conv,
    Dense,
    Flatten,
    GlobalPool,
    Pool,
    conv_macs,
    conv_output_size,
    conv_params,
    dense_macs,
    dense_params,
    depthwise_conv_macs,
    format_shape_table,
    keras_mac_table,
    keras_macs,
    keras_shape_table,
    pool_output_size,
    receptive_fields,
    same_output_size,
    same_padding,
    shape_table,
)
from cnnlib.training import train

__version__ = "0.1.0"

__all__ = [
    "Adam",
    "Affine",
    "BatchNormalization",
    "AvgPooling",
    "Conv",
    "Convolution",
    "Dense",
    "FASHION_CLASSES",
    "Flatten",
    "INITS",
    "GlobalAvgPooling",
    "GlobalPool",
    "Pool",
    "Pooling",
    "Relu",
    "RepeatTable",
    "SGD",
    "SimpleConvNet",
    "SoftmaxWithLoss",
    "balanced_indices",
    "build_alexnet",
    "build_dense_mnist",
    "build_inception_module",
    "build_lenet5",
    "build_residual_net",
    "build_small_cnn",
    "check_layer_gradient",
    "col2im",
    "col2im_loop",
    "compare",
    "conv_macs",
    "conv_output_size",
    "conv_params",
    "conv_transpose",
    "cosine_decay",
    "cross_entropy_error",
    "dense_macs",
    "dense_params",
    "depthwise_conv_macs",
    "epoch_logger",
    "format_shape_table",
    "im2col",
    "im2col_loop",
    "import_keras",
    "init_std",
    "init_weights",
    "keras_mac_table",
    "keras_macs",
    "keras_shape_table",
    "load_fashion_mnist",
    "load_mnist",
    "numerical_gradient",
    "one_hot",
    "pool_output_size",
    "receptive_fields",
    "relative_error",
    "repeat_over_seeds",
    "preactivation_block",
    "residual_block",
    "same_output_size",
    "same_padding",
    "shape_table",
    "signal_scales",
    "softmax",
    "step_decay",
    "train",
]
