"""Closed-form sparsity (the facts file's values) and sampled sparsity agree."""

import math

import numpy as np
import pytest

from engine.activations import thresholded
from engine.distributions import Distribution, normal_cdf
from engine.sparsity import sparsity_ratio


@pytest.mark.parametrize(("t", "expected"), [(0.0, 0.5), (0.5, 0.6915), (1.0, 0.8413)])
def test_normal_closed_form_matches_the_facts_file(t, expected):
    assert Distribution("normal").cdf(t) == pytest.approx(expected, abs=5e-5)


def test_normal_cdf_is_symmetric_and_vectorised():
    z = np.linspace(-4, 4, 81)
    np.testing.assert_allclose(normal_cdf(z) + normal_cdf(-z), 1.0, atol=1e-12)


def test_uniform_closed_form_is_linear_inside_the_support():
    d = Distribution("uniform", low=-1.0, high=3.0)
    assert d.cdf(0.0) == pytest.approx(0.25)
    assert d.cdf(-5.0) == 0.0
    assert d.cdf(5.0) == 1.0


@pytest.mark.parametrize("b", [0.5, 1.0, 2.0])
@pytest.mark.parametrize("t", [0.0, 0.3, 1.7])
def test_laplace_closed_form(b, t):
    assert Distribution("laplace", b=b).cdf(t) == pytest.approx(1 - 0.5 * math.exp(-t / b))
    assert Distribution("laplace", b=b).cdf(-t) == pytest.approx(0.5 * math.exp(-t / b))


@pytest.mark.parametrize(
    "dist",
    [
        Distribution("normal", mu=0.3, sigma=1.7),
        Distribution("uniform", low=-2.0, high=1.0),
        Distribution("laplace", mu=-0.4, b=0.8),
    ],
    ids=lambda d: d.name,
)
@pytest.mark.parametrize("t", [-1.0, 0.0, 0.5, 1.2])
def test_sampled_sparsity_is_within_sampling_error_of_the_closed_form(dist, t):
    n = 200_000
    x = dist.sample(n, seed=7)
    p = dist.cdf(t)
    se = math.sqrt(max(p * (1 - p), 1e-12) / n)
    assert abs(sparsity_ratio(thresholded(x, t)) - p) < 5 * se + 1e-9


def test_samples_are_reproducible_from_the_seed():
    d = Distribution("normal")
    np.testing.assert_array_equal(d.sample(10, 3), d.sample(10, 3))
    assert not np.array_equal(d.sample(10, 3), d.sample(10, 4))


def test_density_integrates_to_one():
    for d in (Distribution("normal"), Distribution("uniform", low=-1, high=2), Distribution("laplace", b=0.7)):
        xs = np.linspace(-30, 30, 600_001)
        assert np.trapezoid(d.pdf(xs), xs) == pytest.approx(1.0, abs=1e-3)
