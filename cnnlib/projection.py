"""Feature space: principal components and nearest neighbours (Chapter 6).

A layer's outputs for many images are points in a space with one axis per
unit. :func:`pca` projects them onto the directions of largest variance
(principal component analysis); :func:`nearest_neighbours` and
:func:`knn_label_agreement` ask which images lie close together, with
Euclidean distance. Rows are images, columns features (flattened pixels or
a layer's units).
"""

from __future__ import annotations

import numpy as np

from cnnlib._validation import check_int

__all__ = ["knn_label_agreement", "nearest_neighbours", "pca"]


def _check_data(data: object, name: str = "data") -> np.ndarray:
    x = np.asarray(data, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 1:
        raise ValueError(f"{name} must be (N, D) with N >= 2, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} holds NaN or infinite values")
    return x


def pca(data: np.ndarray, n_components: int = 2):
    """Principal component analysis by the eigenvectors of the covariance.

    The data are centred; the components are the eigenvectors of the
    ``D x D`` covariance matrix with the largest eigenvalues (the directions
    of largest variance), each with the sign that makes its largest entry
    (in absolute value) positive. Columns that never vary (the always-black
    border pixels of MNIST) are left out of the eigenproblem: they add
    nothing to any component.

    Parameters
    ----------
    data : ndarray, shape (N, D)
    n_components : int
        ``K``, at most the number of varying columns.

    Returns
    -------
    projected : ndarray, shape (N, K)
        The centred data's coordinates along the components.
    components : ndarray, shape (K, D)
        Unit vectors, orthogonal to each other.
    explained : ndarray, shape (K,)
        Each component's share of the total variance.

    Examples
    --------
    >>> data = np.array([[0.0, 0.0], [2.0, 2.0], [4.0, 4.1], [6.0, 6.0]])
    >>> projected, components, explained = pca(data, n_components=1)
    >>> components.round(3).tolist(), explained.round(4).tolist()
    ([[0.705, 0.709]], [0.9998])
    """
    x = _check_data(data)
    n_components = check_int("n_components", n_components)
    centred = x - x.mean(axis=0)
    varying = np.flatnonzero(np.any(centred != 0, axis=0))
    if not 1 <= n_components <= len(varying):
        raise ValueError(
            f"n_components must be between 1 and {len(varying)} (the varying "
            f"columns), got {n_components}"
        )
    kept = np.ascontiguousarray(centred[:, varying])
    covariance = kept.T @ kept / (len(x) - 1)
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)  # ascending
    top = eigenvectors[:, ::-1][:, :n_components].T  # (K, varying)
    biggest = np.abs(top).argmax(axis=1)
    top *= np.sign(top[np.arange(n_components), biggest])[:, None]
    components = np.zeros((n_components, x.shape[1]))
    components[:, varying] = top
    explained = eigenvalues[::-1][:n_components] / eigenvalues.sum()
    return kept @ top.T, components, explained


def _squared_distances(queries: np.ndarray, points: np.ndarray) -> np.ndarray:
    # |q - p|^2 = |q|^2 + |p|^2 - 2 q.p, clipped at 0 against rounding.
    d = (
        np.sum(queries**2, axis=1)[:, None]
        + np.sum(points**2, axis=1)[None, :]
        - 2 * queries @ points.T
    )
    return np.maximum(d, 0.0)


def nearest_neighbours(points: np.ndarray, query_indices, k: int = 5) -> np.ndarray:
    """The ``k`` points nearest to each query point (itself left out).

    Parameters
    ----------
    points : ndarray, shape (N, D)
    query_indices : sequence of Q ints
        Rows of ``points`` to find neighbours for.
    k : int

    Returns
    -------
    ndarray of int, shape (Q, k)
        Row indices of the neighbours, nearest first (ties: lower index first).

    Examples
    --------
    >>> points = np.array([[0.0], [1.0], [3.0], [3.5]])
    >>> nearest_neighbours(points, [0, 3], k=2).tolist()
    [[1, 2], [2, 1]]
    """
    x = _check_data(points, "points")
    query_indices = np.asarray(query_indices)
    if query_indices.ndim != 1 or not np.issubdtype(query_indices.dtype, np.integer):
        raise ValueError("query_indices must be a 1-D sequence of ints")
    if np.any((query_indices < 0) | (query_indices >= len(x))):
        raise ValueError(f"query_indices must lie in 0..{len(x) - 1}")
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k < len(x):
        raise ValueError(f"k must be an int between 1 and {len(x) - 1}, got {k!r}")
    d = _squared_distances(x[query_indices], x)
    d[np.arange(len(query_indices)), query_indices] = np.inf  # not itself
    return np.argsort(d, axis=1, kind="stable")[:, :k]


def knn_label_agreement(points: np.ndarray, labels, queries, k: int = 5) -> float:
    """Share of the ``k`` nearest neighbours that carry the query's label.

    For each query row, its ``k`` nearest other rows of ``points``
    (Euclidean); the result is the mean, over queries and neighbours, of
    "same label". Chance is about the share of the most common labels, 0.1
    for ten balanced classes.

    Parameters
    ----------
    points : ndarray, shape (N, D)
    labels : sequence of N ints
    queries : sequence of Q ints
        The rows used as queries (all N, or a subset to save time).
    k : int

    Examples
    --------
    >>> points = np.array([[0.0], [0.1], [5.0], [5.1], [5.2]])
    >>> knn_label_agreement(points, [0, 0, 1, 1, 0], [0, 2, 4], k=1)
    0.6666666666666666
    """
    labels = np.asarray(labels)
    if labels.shape != (len(points),):
        raise ValueError(f"need one label per point, got {labels.shape}")
    neighbours = nearest_neighbours(points, queries, k)
    return float(np.mean(labels[neighbours] == labels[np.asarray(queries)][:, None]))
