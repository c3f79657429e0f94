"""Looking inside a trained CNN: filters, saliency maps and Grad-CAM (Chapter 6).

Everything here is channels-last (NHWC), as in Keras: images are
``(N, H, W, 1)`` and one layer's feature maps ``(N, h, w, C)``. The NumPy
code imports no TensorFlow, so it runs where TensorFlow cannot (Python in
the browser); :func:`keras_class_gradients` is the TensorFlow version, used
to check the NumPy one.

- :class:`SmallCNNInNumPy` runs the small Keras CNN of Chapter 2
  (:func:`cnnlib.build_small_cnn`) from its weights with the from-scratch
  layers of Chapter 5 (NCHW inside, converted at the boundary), and
  back-propagates any gradient of the logits to every layer and the input.
- :func:`grad_cam` is Grad-CAM (Selvaraju et al., 2017): each channel of a
  layer weighted by the spatial mean of the class score's gradient, summed,
  then a ReLU. :func:`map_to_input` lays such a coarse map over the input
  pixels, each unit at the centre of its receptive field.
- :func:`edge_templates` and :func:`best_cosine` compare filters with
  oriented edge detectors (smoothed derivatives, like Sobel's).
"""

from __future__ import annotations

import pathlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from cnnlib._validation import check_int
from cnnlib.datasets import load_small_cnn_weights
from cnnlib.keras_models import keras_module, tensorflow_module
from cnnlib.layers import Affine, Convolution, Pooling, Relu

__all__ = [
    "SMALL_CNN_OUTPUTS",
    "SmallCNNInNumPy",
    "best_cosine",
    "edge_templates",
    "grad_cam",
    "keras_class_gradients",
    "map_to_input",
]

#: The outputs :meth:`SmallCNNInNumPy.forward` returns, input to output
#: (conv and dense outputs after their ReLU, as Keras's ``layer.output``).
SMALL_CNN_OUTPUTS = (
    "conv_1",
    "pool_1",
    "conv_2",
    "pool_2",
    "conv_3",
    "dense",
    "logits",
)


def _nchw_to_nhwc(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x.transpose(0, 2, 3, 1))


class SmallCNNInNumPy:
    """The small Keras CNN of Chapter 2, run in NumPy from its weights.

    Keras stores a conv kernel as ``(FH, FW, C, K)``; the from-scratch
    :class:`~cnnlib.layers.Convolution` wants ``(K, C, FH, FW)``. Keras
    flattens ``conv_3``'s ``(h, w, C)`` maps row by row with the channel
    fastest; NCHW flattens ``(C, h, w)``: the rows of the first dense
    matrix are reordered to match. Inputs and outputs are NHWC, as in Keras.

    Parameters
    ----------
    weights : sequence of 10 ndarrays
        ``model.get_weights()`` of :func:`cnnlib.build_small_cnn`: kernel and
        bias of ``conv_1``, ``conv_2``, ``conv_3``, ``dense``, ``output``.
    dtype : numpy dtype
        The arithmetic's precision (float64 by default: results do not
        depend on the BLAS library's float32 kernels).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> shapes = [(3, 3, 1, 2), (2,), (3, 3, 2, 3), (3,), (3, 3, 3, 4), (4,),
    ...           (36, 5), (5,), (5, 10), (10,)]
    >>> net = SmallCNNInNumPy([rng.normal(size=s) for s in shapes])
    >>> outputs = net.forward(rng.random((2, 28, 28, 1)))
    >>> [outputs[name].shape for name in ("conv_1", "conv_3", "logits")]
    [(2, 26, 26, 2), (2, 3, 3, 4), (2, 10)]
    >>> grads = net.backward(np.eye(10)[[3, 5]])
    >>> grads["input"].shape, grads["conv_3"].shape
    ((2, 28, 28, 1), (2, 3, 3, 4))
    """

    def __init__(self, weights: Sequence[np.ndarray], dtype: Any = np.float64):
        weights = [np.asarray(w) for w in weights]
        if len(weights) != 10:
            raise ValueError(
                f"expected the 10 weight arrays of build_small_cnn, got {len(weights)}"
            )
        k1, b1, k2, b2, k3, b3, w_dense, b_dense, w_out, b_out = weights
        for name, kernel in (("conv_1", k1), ("conv_2", k2), ("conv_3", k3)):
            if kernel.ndim != 4:
                raise ValueError(
                    f"{name} kernel must be (FH, FW, C, K), got {kernel.shape}"
                )
        C3 = k3.shape[3]
        hw = w_dense.shape[0] // C3
        h = int(round(hw**0.5))
        if h * h * C3 != w_dense.shape[0]:
            raise ValueError(
                f"dense kernel {w_dense.shape} does not fit square {C3}-channel maps"
            )

        def conv(kernel, bias):
            return Convolution(
                np.ascontiguousarray(kernel.transpose(3, 2, 0, 1), dtype=dtype),
                bias.astype(dtype),
            )

        # Rows of w_dense are indexed (h, w, c) in Keras; NCHW needs (c, h, w).
        units = w_dense.shape[1]
        w_dense_nchw = w_dense.reshape(h, h, C3, units).transpose(2, 0, 1, 3)
        self.layers = [
            ("conv_1", [conv(k1, b1), Relu()]),
            ("pool_1", [Pooling(2, 2)]),
            ("conv_2", [conv(k2, b2), Relu()]),
            ("pool_2", [Pooling(2, 2)]),
            ("conv_3", [conv(k3, b3), Relu()]),
            (
                "dense",
                [
                    Affine(w_dense_nchw.reshape(-1, units).astype(dtype), b_dense),
                    Relu(),
                ],
            ),
            ("logits", [Affine(w_out.astype(dtype), b_out.astype(dtype))]),
        ]
        self.dtype = np.dtype(dtype)
        self._shapes: dict[str, tuple[int, ...]] = {}

    @classmethod
    def from_npz(cls, path: str | pathlib.Path, dtype: Any = np.float64):
        """Load the weights saved by ``scripts/train_small_cnn.py`` (``w00``...)."""
        return cls(load_small_cnn_weights(path)[0], dtype=dtype)

    def forward(self, images: np.ndarray) -> dict[str, np.ndarray]:
        """Run ``(N, 28, 28, 1)`` images; return every output, NHWC.

        Keys are :data:`SMALL_CNN_OUTPUTS`; ``"logits"`` is the score of each
        class before the softmax, ``(N, 10)``. Keeps what :meth:`backward`
        needs.
        """
        images = np.asarray(images)
        if images.ndim != 4 or images.shape[3] != 1:
            raise ValueError(f"images must be (N, H, W, 1), got {images.shape}")
        x = images.transpose(0, 3, 1, 2).astype(self.dtype)
        outputs = {}
        for name, layers in self.layers:
            for layer in layers:
                x = layer.forward(x)
            self._shapes[name] = x.shape
            outputs[name] = _nchw_to_nhwc(x) if x.ndim == 4 else x
        return outputs

    def backward(self, dlogits: np.ndarray) -> dict[str, np.ndarray]:
        """Back-propagate ``d(something)/d logits``, ``(N, 10)``, from the last forward.

        Returns the gradient with respect to every output of :meth:`forward`
        and to ``"input"``, NHWC. With ``dlogits`` one-hot in class ``c``,
        these are the gradients of class ``c``'s logit.
        """
        if not self._shapes:
            raise RuntimeError("call forward before backward")
        dout = np.asarray(dlogits, dtype=self.dtype)
        if dout.shape != self._shapes["logits"]:
            raise ValueError(
                f"dlogits must have shape {self._shapes['logits']}, got {dout.shape}"
            )
        grads = {}
        for name, layers in reversed(self.layers):
            grads[name] = _nchw_to_nhwc(dout) if dout.ndim == 4 else dout
            for layer in reversed(layers):
                dout = layer.backward(dout)
        grads["input"] = _nchw_to_nhwc(dout)
        return grads

    def outputs(
        self, images: np.ndarray, batch_size: int = 250
    ) -> dict[str, np.ndarray]:
        """:meth:`forward` in batches (less memory), outputs concatenated."""
        batch_size = check_int("batch_size", batch_size, 1)
        parts = [
            self.forward(images[i : i + batch_size])
            for i in range(0, len(images), batch_size)
        ]
        return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


def grad_cam(feature_maps: np.ndarray, gradients: np.ndarray) -> np.ndarray:
    """Grad-CAM: ``ReLU(sum_k alpha_k A_k)`` with ``alpha_k`` = mean of ``dy/dA_k``.

    Selvaraju et al. (2017): ``A_k`` is channel ``k`` of a conv layer's output,
    ``y`` the class score before the softmax, and ``alpha_k`` the mean of
    ``dy/dA_k`` over the map's positions.

    Parameters
    ----------
    feature_maps, gradients : ndarray, shape (h, w, C) or (N, h, w, C)
        A layer's output (NHWC, as Keras gives it) and the gradient of the
        class score with respect to it.

    Returns
    -------
    ndarray, shape (h, w) or (N, h, w)
        The class activation map, zero where the weighted sum is negative.

    Examples
    --------
    >>> A = np.zeros((2, 3, 2)); A[0, 0, 0] = 1.0; A[1, 2, 1] = 1.0
    >>> G = np.zeros((2, 3, 2)); G[..., 0] = 0.5; G[..., 1] = -1.0
    >>> grad_cam(A, G)           # channel 0 counts, channel 1 is cut by the ReLU
    array([[0.5, 0. , 0. ],
           [0. , 0. , 0. ]])
    """
    A = np.asarray(feature_maps, dtype=np.float64)
    G = np.asarray(gradients, dtype=np.float64)
    if A.shape != G.shape:
        raise ValueError(
            f"feature_maps {A.shape} and gradients {G.shape} must have one shape"
        )
    if A.ndim not in (3, 4):
        raise ValueError(f"expected (h, w, C) or (N, h, w, C), got {A.shape}")
    alpha = G.mean(axis=(-3, -2))  # (C,) or (N, C)
    cam = np.einsum("...hwc,...c->...hw", A, alpha)
    return np.maximum(cam, 0.0)


def map_to_input(
    unit_map: np.ndarray, input_size: int, field: int, jump: int, start: int = 0
) -> np.ndarray:
    """Lay a layer's ``(h, w)`` map over the input's pixels, interpolating linearly.

    Unit ``i`` of the layer sees input pixels ``start + i * jump`` to
    ``start + i * jump + field - 1``; its value is placed at the centre of
    that window, values between centres are interpolated linearly, and
    pixels beyond the outermost centres take the nearest unit's value.

    Parameters
    ----------
    unit_map : ndarray, shape (h, w) or (N, h, w)
    input_size : int
        Side of the square input, in pixels.
    field, jump, start : int
        Receptive field size, jump between units and the first unit's first
        pixel, in input pixels.

    Returns
    -------
    ndarray, shape (input_size, input_size) or (N, input_size, input_size)

    Examples
    --------
    >>> m = map_to_input(np.array([[0.0, 1.0]]), 6, field=2, jump=4)
    >>> m.shape, m[0].tolist()     # centres at pixels 0.5 and 4.5
    ((6, 6), [0.0, 0.125, 0.375, 0.625, 0.875, 1.0])
    """
    values = np.asarray(unit_map, dtype=np.float64)
    if values.ndim not in (2, 3):
        raise ValueError(f"unit_map must be (h, w) or (N, h, w), got {values.shape}")
    for name, value in (("input_size", input_size), ("field", field), ("jump", jump)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be an int >= 1, got {value!r}")
    h, w = values.shape[-2:]
    pixels = np.arange(input_size, dtype=np.float64)

    def weights(n: int) -> np.ndarray:
        # (input_size, n): row p holds the interpolation weights of the n units.
        centres = start + jump * np.arange(n) + (field - 1) / 2
        eye = np.eye(n)
        return np.stack([np.interp(pixels, centres, eye[:, i]) for i in range(n)], 1)

    return np.einsum("ph,...hw,qw->...pq", weights(h), values, weights(w))


def edge_templates(size: int = 5, n_angles: int = 12, sigma: float = 1.0):
    """Oriented edge detectors: the derivative of a Gaussian along ``n_angles`` angles.

    Template ``a`` is ``(x cos t + y sin t) * exp(-(x^2 + y^2) / (2 sigma^2))``
    with ``t = a * 180 / n_angles`` degrees, ``x`` across the columns and ``y``
    down the rows, centred: a smoothed derivative, like Sobel's filters
    (``t = 0`` detects vertical edges, ``t = 90`` horizontal ones). Angles
    cover 0 to 180 degrees: the other half are the same templates negated.

    Returns
    -------
    templates : ndarray, shape (n_angles, size, size)
    angles : ndarray of float, shape (n_angles,), in degrees

    Examples
    --------
    >>> templates, angles = edge_templates(3, n_angles=4)
    >>> angles.tolist()
    [0.0, 45.0, 90.0, 135.0]
    >>> np.sign(templates[0]).astype(int).tolist()     # dark | bright, like Sobel x
    [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 2:
        raise ValueError(f"size must be an int >= 2, got {size!r}")
    if isinstance(n_angles, bool) or not isinstance(n_angles, int) or n_angles < 1:
        raise ValueError(f"n_angles must be an int >= 1, got {n_angles!r}")
    r = np.arange(size) - (size - 1) / 2
    y, x = np.meshgrid(r, r, indexing="ij")
    gauss = np.exp(-(x**2 + y**2) / (2 * sigma**2))
    angles = np.arange(n_angles) * 180.0 / n_angles
    t = np.deg2rad(angles)[:, None, None]
    return (x * np.cos(t) + y * np.sin(t)) * gauss, angles


def best_cosine(filters: np.ndarray, templates: np.ndarray):
    """For each filter, the largest ``|cosine|`` with any template, and which.

    The absolute value ignores the sign: a filter and its negative match
    the same template equally (a dark-to-bright edge and a bright-to-dark
    one).

    Parameters
    ----------
    filters : ndarray, shape (FN, FH, FW)
    templates : ndarray, shape (T, FH, FW)

    Returns
    -------
    score : ndarray of float, shape (FN,), between 0 and 1
    index : ndarray of int, shape (FN,): the best template of each filter

    Examples
    --------
    >>> t = np.array([[[1.0, -1.0]], [[1.0, 1.0]]])          # (2, 1, 2)
    >>> score, index = best_cosine(np.array([[[-2.0, 2.0]], [[3.0, 0.0]]]), t)
    >>> score.round(3).tolist(), index.tolist()
    ([1.0, 0.707], [0, 0])
    """
    f = np.asarray(filters, dtype=np.float64)
    t = np.asarray(templates, dtype=np.float64)
    if f.ndim != 3 or t.ndim != 3 or f.shape[1:] != t.shape[1:]:
        raise ValueError(
            f"filters (FN, FH, FW) and templates (T, FH, FW) must share FH, FW; "
            f"got {f.shape} and {t.shape}"
        )
    f = f.reshape(len(f), -1)
    t = t.reshape(len(t), -1)
    norms = np.linalg.norm(f, axis=1)[:, None] * np.linalg.norm(t, axis=1)[None, :]
    if np.any(norms == 0):
        raise ValueError("a filter or template is all zeros: its cosine is undefined")
    cos = np.abs(f @ t.T) / norms
    return cos.max(axis=1), cos.argmax(axis=1)


def keras_class_gradients(model: Any, images: np.ndarray, layer_name: str, classes):
    """TensorFlow's version: a layer's maps and the class logit's gradients.

    ``model`` is a Keras model whose last layer is a ``Dense`` with a softmax
    (as :func:`cnnlib.build_small_cnn`); the class score is that layer's
    pre-softmax output (its logit), computed from the layer's own weights.

    Parameters
    ----------
    model : keras.Model
    images : ndarray, shape (N, H, W, C), NHWC
    layer_name : str
        The layer whose output ``A`` to return with ``d logit / d A``.
    classes : sequence of N ints
        The class of each image whose logit is differentiated.

    Returns
    -------
    dict of ndarray
        ``"maps"`` ``(N, h, w, K)``, ``"map_gradients"`` (same shape),
        ``"input_gradients"`` ``(N, H, W, C)``, ``"logits"`` ``(N, classes)``.
    """
    keras, tf = keras_module(), tensorflow_module()
    last = model.layers[-1]
    kernel, bias = last.get_weights()
    inner = keras.Model(
        model.inputs[0], [model.get_layer(layer_name).output, last.input]
    )
    x = tf.constant(np.asarray(images, dtype=np.float32))
    classes = np.asarray(classes, dtype=np.int64)
    if classes.shape != (x.shape[0],):
        raise ValueError(f"need one class per image, got {classes.shape}")
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        maps, hidden = inner(x)
        logits = tf.matmul(hidden, kernel) + bias
        score = tf.reduce_sum(tf.gather(logits, classes, axis=1, batch_dims=1))
    result = {
        "maps": maps.numpy(),
        "map_gradients": tape.gradient(score, maps).numpy(),
        "input_gradients": tape.gradient(score, x).numpy(),
        "logits": logits.numpy(),
    }
    del tape
    return result
