"""cnnlib: the helper library of the CNN course.

NumPy code (``im2col``, ``layers``, ``network``) uses NCHW; Keras code
(``keras_models``) uses NHWC. Importing cnnlib never imports TensorFlow.
"""

from cnnlib.datasets import load_mnist, one_hot
from cnnlib.gradcheck import check_layer_gradient, numerical_gradient, relative_error
from cnnlib.im2col import col2im, col2im_loop, conv_transpose, im2col, im2col_loop
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
from cnnlib.optim import SGD, Adam
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

# Everything imported above from cnnlib's modules (each module's own
# __all__ lists more; these are the names the chapters use most).
__all__ = sorted(
    name
    for name, value in dict(globals()).items()
    if not name.startswith("_")
    and getattr(value, "__module__", "").startswith("cnnlib.")
)
