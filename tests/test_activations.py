"""The seed's thresholded activation, ReLU and the sparsity ratio."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine.activations import relu, thresholded
from engine.sparsity import SortedSample, sparsity_ratio

floats = st.floats(-10, 10, allow_nan=False, width=32)


def test_seed_example_keeps_values_above_threshold_strictly():
    x = np.array([0.1, 0.3, 0.5, 0.7, 1.0])
    np.testing.assert_array_equal(thresholded(x, 0.5), [0.0, 0.0, 0.0, 0.7, 1.0])


def test_value_equal_to_threshold_becomes_zero():
    assert thresholded(np.array([2.0]), 2.0)[0] == 0.0


def test_negative_threshold_lets_small_negatives_through():
    np.testing.assert_array_equal(thresholded(np.array([-2.0, -0.5, 0.0, 1.0]), -1.0), [0.0, -0.5, 0.0, 1.0])


def test_integer_input_stays_integer():
    out = thresholded(np.array([1, 2, 3]), 1)
    assert out.dtype.kind == "i"
    np.testing.assert_array_equal(out, [0, 2, 3])


@given(arrays(np.float64, st.integers(0, 50), elements=floats))
def test_relu_is_threshold_zero_and_never_negative(x):
    np.testing.assert_array_equal(relu(x), thresholded(x, 0.0))
    assert (relu(x) >= 0).all()


@given(arrays(np.float64, st.integers(1, 50), elements=floats), floats)
def test_thresholded_matches_its_definition(x, t):
    expected = np.array([v if v > t else 0.0 for v in x])
    np.testing.assert_array_equal(thresholded(x, t), expected)


def test_sparsity_ratio_counts_exact_zeros_only():
    assert sparsity_ratio(np.array([0.0, 1e-12, -0.0, 3.0])) == 0.5
    assert sparsity_ratio(np.array([])) == 0.0
    assert sparsity_ratio(np.zeros((3, 4))) == 1.0


@given(
    arrays(np.float64, st.integers(0, 200), elements=st.one_of(floats, st.just(0.0))),
    st.lists(st.one_of(floats, st.just(0.0)), min_size=1, max_size=5),
)
def test_sorted_sample_gives_the_same_sparsity_as_thresholding(x, thresholds):
    sample = SortedSample(x)
    for t in thresholds:
        assert sample.thresholded_sparsity(t) == pytest.approx(sparsity_ratio(thresholded(x, t)), abs=1e-12)
    many = sample.thresholded_sparsity(np.array(thresholds))
    assert many.shape == (len(thresholds),)


def test_sorted_sample_counts_zeros_passing_a_negative_threshold():
    sample = SortedSample(np.array([-3.0, 0.0, 0.0, 2.0]))
    assert sample.exact_zeros == 2
    assert sample.thresholded_sparsity(-1.0) == 0.75  # -3 zeroed, two zeros pass as zeros
