"""SimpleConvNet: the from-scratch CNN of Chapter 5, NCHW.

Conv(30 @ 5x5) - ReLU - MaxPool(2) - Affine(100) - ReLU - Affine(10) -
Softmax, as in *Deep Learning from Scratch*, with sizes from
:mod:`cnnlib.shapes` and randomness only from ``np.random.default_rng``.
"""

from __future__ import annotations

import os

import numpy as np

from cnnlib.layers import (
    Affine,
    Convolution,
    Layer,
    Pooling,
    Relu,
    SoftmaxWithLoss,
)
from cnnlib.shapes import conv_output_size, pool_output_size

__all__ = ["SimpleConvNet"]

_PARAM_NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")


class SimpleConvNet:
    """Conv - ReLU - Pool(2) - Affine - ReLU - Affine - SoftmaxWithLoss.

    Parameters
    ----------
    input_dim : tuple of int
        ``(C, H, W)`` of one image.
    conv_param : dict
        ``filter_num``, ``filter_size``, ``pad``, ``stride`` of the conv layer.
    hidden_size, output_size : int
        Units of the two affine layers.
    weight_init_std : float
        Standard deviation of the Gaussian initial weights (biases start at 0).
    seed : int
        Seeds ``np.random.default_rng`` for the initial weights.
    dtype : numpy dtype
        ``np.float32`` (fast) or ``np.float64`` (for gradient checks).

    Attributes
    ----------
    params : dict of ndarray
        ``W1`` (FN, C, FH, FW), ``b1`` (FN,), ``W2`` (FN*PH*PW, hidden),
        ``b2``, ``W3`` (hidden, output), ``b3``. The layers hold these same
        arrays: change them in place (``params["W1"][...] = ...``), which is
        what the optimizers and :meth:`load_params` do.
    layers : dict
        The layers in order, ``Conv1`` ... ``Affine2``; ``last_layer`` is the loss.

    Examples
    --------
    >>> net = SimpleConvNet()
    >>> {k: v.shape for k, v in net.params.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'W1': (30, 1, 5, 5), 'b1': (30,), 'W2': (4320, 100), 'b2': (100,),
     'W3': (100, 10), 'b3': (10,)}
    >>> net.predict(np.zeros((2, 1, 28, 28), dtype=np.float32)).shape
    (2, 10)
    """

    def __init__(
        self,
        input_dim: tuple[int, int, int] = (1, 28, 28),
        conv_param: dict | None = None,
        hidden_size: int = 100,
        output_size: int = 10,
        weight_init_std: float = 0.01,
        seed: int = 0,
        dtype: type = np.float32,
    ) -> None:
        conv = {"filter_num": 30, "filter_size": 5, "pad": 0, "stride": 1}
        if conv_param is not None:
            unknown = set(conv_param) - set(conv)
            if unknown:
                raise ValueError(f"unknown conv_param keys {sorted(unknown)}")
            conv.update(conv_param)
        if len(input_dim) != 3:
            raise ValueError(f"input_dim must be (C, H, W), got {input_dim}")
        C, H, W = input_dim
        FN, F = conv["filter_num"], conv["filter_size"]
        stride, pad = conv["stride"], conv["pad"]
        OH = conv_output_size(H, F, stride, pad)
        OW = conv_output_size(W, F, stride, pad)
        pooled = FN * pool_output_size(OH, 2) * pool_output_size(OW, 2)

        self.dtype = np.dtype(dtype)
        rng = np.random.default_rng(seed)

        def gaussian(*shape: int) -> np.ndarray:
            return (weight_init_std * rng.standard_normal(shape)).astype(self.dtype)

        self.params = {
            "W1": gaussian(FN, C, F, F),
            "b1": np.zeros(FN, dtype=self.dtype),
            "W2": gaussian(pooled, hidden_size),
            "b2": np.zeros(hidden_size, dtype=self.dtype),
            "W3": gaussian(hidden_size, output_size),
            "b3": np.zeros(output_size, dtype=self.dtype),
        }
        p = self.params
        self.layers: dict[str, Layer] = {
            "Conv1": Convolution(p["W1"], p["b1"], stride, pad),
            "Relu1": Relu(),
            "Pool1": Pooling(2, 2, stride=2),
            "Affine1": Affine(p["W2"], p["b2"]),
            "Relu2": Relu(),
            "Affine2": Affine(p["W3"], p["b3"]),
        }
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Scores before the softmax: ``(N, C, H, W)`` -> ``(N, output_size)``."""
        x = np.asarray(x, dtype=self.dtype) if isinstance(x, np.ndarray) else x
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x: np.ndarray, t: np.ndarray) -> float:
        """Mean cross-entropy on ``x`` with labels ``t`` ((N,) int or (N, K))."""
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x: np.ndarray, t: np.ndarray, batch_size: int = 100) -> float:
        """Fraction of ``x`` classified as ``t``, computed ``batch_size`` at a time."""
        labels = t.argmax(axis=1) if t.ndim == 2 else t
        correct = 0
        for start in range(0, len(x), batch_size):
            scores = self.predict(x[start : start + batch_size])
            correct += int(
                np.sum(scores.argmax(axis=1) == labels[start : start + batch_size])
            )
        return correct / len(x)

    def gradient(self, x: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
        """Gradients of :meth:`loss` by backpropagation, keyed like ``params``."""
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        first, *rest = self.layers.values()
        for layer in reversed(rest):
            dout = layer.backward(dout)
        # The gradient with respect to the images is never used: a cnnlib
        # Convolution can skip it and compute only dW and db.
        if isinstance(first, Convolution):
            first.param_grads(dout)
        else:
            first.backward(dout)
        conv, a1, a2 = (
            self.layers["Conv1"],
            self.layers["Affine1"],
            self.layers["Affine2"],
        )
        assert isinstance(conv, Convolution)  # as built in __init__
        assert isinstance(a1, Affine) and isinstance(a2, Affine)
        grads: dict[str, np.ndarray] = {}
        for i, layer in (("1", conv), ("2", a1), ("3", a2)):
            assert layer.dW is not None and layer.db is not None  # set by backward
            grads[f"W{i}"], grads[f"b{i}"] = layer.dW, layer.db
        return grads

    def save_params(self, path: str | os.PathLike) -> None:
        """Write ``params`` to an ``.npz`` file."""
        np.savez(path, **self.params)  # type: ignore[arg-type]  # numpy's stub: allow_pickle

    def load_params(self, path: str | os.PathLike) -> None:
        """Read ``params`` from an ``.npz`` file, copying into the arrays in place.

        Raises ``ValueError`` if a name is missing or a shape differs.
        """
        with np.load(path) as data:
            missing = [k for k in _PARAM_NAMES if k not in data.files]
            if missing:
                raise ValueError(f"{path} lacks parameters {missing}")
            for key in _PARAM_NAMES:
                if data[key].shape != self.params[key].shape:
                    raise ValueError(
                        f"{key} in {path} has shape {data[key].shape}, the network "
                        f"needs {self.params[key].shape}"
                    )
            for key in _PARAM_NAMES:
                self.params[key][...] = data[key]
