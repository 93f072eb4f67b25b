"""Measuring activation sparsity."""

from __future__ import annotations

import numpy as np


def sparsity_ratio(y: np.ndarray) -> float:
    """Fraction of entries that are exactly zero (0.0 for an empty array)."""
    y = np.asarray(y)
    if y.size == 0:
        return 0.0
    return float(np.count_nonzero(y == 0)) / y.size


class SortedSample:
    """A sample sorted once, so the thresholded activation's sparsity at any
    threshold is a binary search instead of a pass over every value.

    Attributes:
        values: the sample in ascending order.
        exact_zeros: how many entries are exactly 0.
    """

    def __init__(self, x: np.ndarray) -> None:
        self.values = np.sort(np.asarray(x, dtype=float).ravel())
        lo = np.searchsorted(self.values, 0.0, side="left")
        hi = np.searchsorted(self.values, 0.0, side="right")
        self.exact_zeros = int(hi - lo)

    def __len__(self) -> int:
        return self.values.size

    def thresholded_sparsity(self, threshold: np.ndarray | float) -> np.ndarray | float:
        """``sparsity_ratio(thresholded(x, t))`` for one threshold or many.

        Zeros are the x <= t, plus the exact zeros above a negative t, which
        pass through as themselves.
        """
        if self.values.size == 0:
            return np.zeros_like(threshold, dtype=float) if np.ndim(threshold) else 0.0
        t = np.asarray(threshold, dtype=float)
        at_or_below = np.searchsorted(self.values, t, side="right")
        zeros = at_or_below + np.where(t < 0, self.exact_zeros, 0)
        ratio = zeros / self.values.size
        return ratio if np.ndim(threshold) else float(ratio)
