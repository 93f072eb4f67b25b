"""Activation functions, vectorised over NumPy arrays."""

from __future__ import annotations

import numpy as np


def relu(x: np.ndarray) -> np.ndarray:
    """ReLU: ``max(x, 0)``; its threshold is 0."""
    return np.maximum(x, 0)


def thresholded(x: np.ndarray, threshold: float) -> np.ndarray:
    """The seed's activation, ``np.where(x > t, x, 0)``.

    Keeps x where x > t (strictly) and writes 0 elsewhere. It never writes 1:
    that would be a step function. With ``t < 0`` small negatives pass through.
    Same as Keras ``ReLU(threshold=t)`` for ``t >= 0``.
    """
    x = np.asarray(x)
    return np.where(x > threshold, x, np.zeros((), dtype=x.dtype))
