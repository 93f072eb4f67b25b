"""Input distributions for the demos: seeded samples and their CDFs.

The CDF at t is the closed-form sparsity of ``thresholded(x, t)`` (the
fraction of x <= t), so every sampled curve has an exact curve to match.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def normal_cdf(z: np.ndarray | float) -> np.ndarray | float:
    """Phi, the standard normal CDF."""
    out = 0.5 * (1.0 + _erf(np.asarray(z, dtype=float) / math.sqrt(2.0)))
    return out if np.ndim(z) else float(out)


_erf = np.vectorize(math.erf, otypes=[float])


@dataclass(frozen=True)
class Distribution:
    """A continuous input distribution.

    Attributes:
        name: ``normal``, ``uniform`` or ``laplace``.
        mu: mean (normal) or location (laplace).
        sigma: standard deviation (normal).
        low, high: support (uniform).
        b: scale (laplace).
    """

    has_pdf = True

    name: str
    mu: float = 0.0
    sigma: float = 1.0
    low: float = -1.0
    high: float = 1.0
    b: float = 1.0

    def sample(self, n: int, seed: int) -> np.ndarray:
        """``n`` draws, the same for the same seed on every machine."""
        rng = np.random.default_rng(seed)
        if self.name == "normal":
            return rng.normal(self.mu, self.sigma, n)
        if self.name == "uniform":
            return rng.uniform(self.low, self.high, n)
        if self.name == "laplace":
            return rng.laplace(self.mu, self.b, n)
        raise ValueError(f"unknown distribution {self.name!r}")

    def cdf(self, t: np.ndarray | float) -> np.ndarray | float:
        """P(x <= t), in closed form."""
        x = np.asarray(t, dtype=float)
        if self.name == "normal":
            out = np.asarray(normal_cdf((x - self.mu) / self.sigma))
        elif self.name == "uniform":
            out = np.clip((x - self.low) / (self.high - self.low), 0.0, 1.0)
        elif self.name == "laplace":
            z = (x - self.mu) / self.b
            out = np.where(z < 0, 0.5 * np.exp(np.minimum(z, 0)), 1 - 0.5 * np.exp(-np.maximum(z, 0)))
        else:
            raise ValueError(f"unknown distribution {self.name!r}")
        return out if np.ndim(t) else float(out)

    def pdf(self, t: np.ndarray) -> np.ndarray:
        """The density, to draw over a histogram."""
        x = np.asarray(t, dtype=float)
        if self.name == "normal":
            z = (x - self.mu) / self.sigma
            return np.exp(-0.5 * z * z) / (self.sigma * math.sqrt(2 * math.pi))
        if self.name == "uniform":
            inside = (x >= self.low) & (x <= self.high)
            return np.where(inside, 1.0 / (self.high - self.low), 0.0)
        if self.name == "laplace":
            return np.exp(-np.abs(x - self.mu) / self.b) / (2 * self.b)
        raise ValueError(f"unknown distribution {self.name!r}")


@dataclass(frozen=True, eq=False)
class Empirical:
    """Draws with replacement from a fixed pool of values (no closed form).

    Attributes:
        name: the distribution's name.
        pool: the values, sorted.
    """

    name: str
    pool: np.ndarray

    has_pdf = False

    def sample(self, n: int, seed: int) -> np.ndarray:
        """``n`` draws from the pool, the same for the same seed."""
        return np.random.default_rng(seed).choice(self.pool, n, replace=True)

    def cdf(self, t: np.ndarray | float) -> np.ndarray | float:
        """The pool's share of values <= t."""
        out = np.searchsorted(self.pool, np.asarray(t, dtype=float), side="right") / self.pool.size
        return out if np.ndim(t) else float(out)
