"""Seed Q7's dense layer: parameter count, zero-skip multiply-adds, exact outputs and dead-for-this-batch units."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine.demos import dense_layer as dl
from tests.pages import open_demo
from tests.text_checks import ascii_punctuation


def values(**overrides):
    resolved, problems = dl.DEMO.resolve(overrides)
    assert problems == []
    return resolved


def net_for(**overrides) -> dl.Network:
    return dl.build(values(**overrides))


SMALL = {"d_in": 5, "d_hidden": 7, "d_out": 3, "batch": 6}


# --- parameters ------------------------------------------------------------------


def test_defaults_are_valid_and_every_size_is_bounded():
    for param in dl.PARAMS:
        assert param.coerce(param.default) == param.default
        assert param.min is not None
        assert param.max is not None
    bounds = {p.name: (p.min, p.max) for p in dl.PARAMS}
    assert bounds["d_in"] == (2, 1024)
    assert bounds["d_hidden"] == (2, 1024)
    assert bounds["d_out"] == (1, 256)
    assert bounds["batch"] == (1, 256)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"d_in": 1025}, "d_in: 1025 is outside [2, 1024]"),
        ({"d_hidden": 1}, "d_hidden: 1 is outside [2, 1024]"),
        ({"d_out": 0}, "d_out: 0 is outside [1, 256]"),
        ({"batch": 257}, "batch: 257 is outside [1, 256]"),
        ({"t": 3.5}, "t: 3.5 is outside [-3, 3]"),
    ],
)
def test_out_of_range_values_are_rejected(raw, message):
    assert dl.DEMO.resolve(raw)[1] == [message]


# --- parameter count -------------------------------------------------------------------


@pytest.mark.parametrize(("d_in", "d_hidden", "d_out"), [(784, 128, 10), (2, 2, 1), (1024, 1024, 256), (13, 77, 5)])
def test_parameter_count_formula_equals_the_arrays_sizes(d_in, d_hidden, d_out):
    net = net_for(d_in=d_in, d_hidden=d_hidden, d_out=d_out, batch=2)
    assert net.w1.shape == (d_hidden, d_in)
    assert net.b1.shape == (d_hidden,)
    assert net.w2.shape == (d_out, d_hidden)
    assert net.b2.shape == (d_out,)
    by_size = net.w1.size + net.b1.size + net.w2.size + net.b2.size
    assert net.parameters == by_size == dl.parameter_count(d_in, d_hidden, d_out)


def test_seed_q7_model_has_101770_parameters_at_every_threshold():
    net = net_for()
    assert dl.parameter_count(784, 128, 10) == 101_770
    for t in np.linspace(-3, 3, 13):
        dl.evaluate(net, float(t))
        assert sum(a.size for a in (net.w1, net.b1, net.w2, net.b2)) == net.parameters == 101_770


def test_he_initialisation_and_zero_biases():
    net = net_for(d_in=1024, d_hidden=1024, d_out=256, batch=1)
    assert net.w1.std() == pytest.approx(np.sqrt(2 / 1024), rel=0.01)
    assert net.w2.std() == pytest.approx(np.sqrt(2 / 1024), rel=0.01)
    assert not net.b1.any()
    assert not net.b2.any()


def test_weights_do_not_depend_on_the_batch_size():
    a, b = net_for(batch=4), net_for(batch=200)
    np.testing.assert_array_equal(a.w1, b.w1)
    np.testing.assert_array_equal(a.w2, b.w2)
    assert not np.array_equal(net_for(seed=1).w1, a.w1)


# --- sparsity, by direct counting ------------------------------------------------------


@pytest.mark.parametrize("t", [-3.0, -0.5, 0.0, 0.5, 1.7, 3.0])
def test_sparsity_is_the_count_of_zero_hidden_activations(t):
    net = net_for(**SMALL, seed=3)
    point = dl.evaluate(net, t)
    zeros = 0
    for b in range(SMALL["batch"]):
        for j in range(SMALL["d_hidden"]):
            z = float(net.x[b] @ net.w1[j]) + net.b1[j]
            zeros += (z if z > t else 0.0) == 0
    assert point.zeros == zeros
    assert point.sparsity == zeros / (SMALL["batch"] * SMALL["d_hidden"])
    np.testing.assert_array_equal(point.h, np.where(net.z > t, net.z, 0.0))


def test_curves_are_direct_counts_at_every_grid_threshold():
    net = net_for(d_in=30, d_hidden=50, d_out=4, batch=9, seed=2)
    for i in range(0, dl.CURVE_POINTS, 10):
        t = float(net.grid[i])
        h = np.where(net.z > t, net.z, 0.0)
        assert net.sparsity_curve[i] == np.count_nonzero(h == 0) / h.size
        dead = sum(all(net.z[b, j] <= t for b in range(9)) for j in range(50))
        assert net.dead_curve[i] == dead / 50


def test_curves_rise_with_the_threshold():
    net = net_for()
    assert np.all(np.diff(net.sparsity_curve) >= 0)
    assert np.all(np.diff(net.dead_curve) >= 0)


# --- multiply-adds and the exact zero-skip output ------------------------------------------


def brute_force_macs(h: np.ndarray, d_out: int) -> tuple[int, int]:
    dense = skip = 0
    for b in range(h.shape[0]):
        for _k in range(d_out):
            for j in range(h.shape[1]):
                dense += 1
                skip += h[b, j] != 0
    return dense, skip


@pytest.mark.parametrize("t", [-3.0, -0.2, 0.0, 0.6, 1.5, 3.0])
@pytest.mark.parametrize("seed", [0, 1])
def test_macs_match_a_brute_force_loop(t, seed):
    net = net_for(**SMALL, seed=seed)
    point = dl.evaluate(net, t)
    dense, skip = brute_force_macs(point.h, SMALL["d_out"])
    assert point.macs_dense == dense == SMALL["batch"] * SMALL["d_hidden"] * SMALL["d_out"]
    assert point.macs_skip == skip
    assert point.macs_skip == (point.h.size - point.zeros) * SMALL["d_out"]
    assert point.skip_ratio == pytest.approx(1 - point.sparsity, abs=1e-15)


def test_all_zero_hidden_layer_needs_no_multiply_adds():
    net = net_for(**SMALL, seed=0)
    silent = replace(net, z=-np.abs(net.z) - 0.1)  # every pre-activation below t = 0
    point = dl.evaluate(silent, 0.0)
    assert point.zeros == point.h.size
    assert point.macs_skip == 0
    assert point.skip_ratio == 0
    assert point.dead.all()
    assert point.zero_gradient.all()
    assert point.outputs_equal
    np.testing.assert_array_equal(point.out_skip, np.broadcast_to(net.b2, point.out_skip.shape))


@pytest.mark.parametrize("t", [-3.0, -1.0, 0.0, 0.5, 1.0, 2.5])
@pytest.mark.parametrize(
    "sizes",
    [SMALL, {"d_in": 784, "d_hidden": 128, "d_out": 10, "batch": 32}, {"d_in": 64, "d_hidden": 300, "d_out": 17}],
)
def test_zero_skipped_output_equals_the_dense_output_exactly(t, sizes):
    net = net_for(**sizes, seed=9)
    point = dl.evaluate(net, t)
    assert point.outputs_equal
    np.testing.assert_array_equal(point.out_skip, point.out_dense)
    np.testing.assert_allclose(point.out_dense, point.h @ net.w2.T + net.b2, rtol=0, atol=1e-12)
    assert point.blas_difference < 1e-12


def test_dense_output_is_the_sequential_sum_over_hidden_units():
    net = net_for(**SMALL, seed=4)
    point = dl.evaluate(net, 0.3)
    for b in range(SMALL["batch"]):
        for k in range(SMALL["d_out"]):
            acc = 0.0
            for j in range(SMALL["d_hidden"]):
                acc += point.h[b, j] * net.w2[k, j]
            assert point.out_dense[b, k] == acc + net.b2[k]


# --- gradients ---------------------------------------------------------------------------


def loss(net: dl.Network, w1: np.ndarray, t: float) -> float:
    """The demo's loss recomputed from scratch, with BLAS."""
    z = net.x @ w1.T + net.b1
    out = np.where(z > t, z, 0.0) @ net.w2.T + net.b2
    return float(np.sum((out - net.target) ** 2) / (2 * net.x.shape[0]))


def test_gradient_matches_finite_differences_and_dead_units_get_exactly_zero():
    t, step = 0.8, 1e-6
    net = net_for(d_in=3, d_hidden=10, d_out=2, batch=3, seed=21)
    point = dl.evaluate(net, t)
    assert 0 < point.dead_count < 10  # the case has both kinds of unit
    margin = np.abs(net.z - t).min() / (np.abs(net.x).sum(axis=1).max() * step)
    assert margin > 100  # no perturbation below moves a z across t
    for j in range(10):
        for i in range(3):
            w_plus, w_minus = net.w1.copy(), net.w1.copy()
            w_plus[j, i] += step
            w_minus[j, i] -= step
            fd = (loss(net, w_plus, t) - loss(net, w_minus, t)) / (2 * step)
            if point.dead[j]:
                assert fd == 0.0
                assert point.grad_w1[j, i] == 0.0
            else:
                assert point.grad_w1[j, i] == pytest.approx(fd, rel=1e-5, abs=1e-8)
    np.testing.assert_array_equal(point.zero_gradient, point.dead)
    assert np.all(point.grad_b1[point.dead] == 0)


def test_dead_means_inactive_for_every_example_in_the_batch():
    net = net_for(d_in=16, d_hidden=200, d_out=4, batch=5, seed=6)
    for t in (0.0, 1.0, 2.0, 3.0):
        point = dl.evaluate(net, t)
        for j in range(200):
            assert point.dead[j] == all(net.z[b, j] <= t for b in range(5))
        np.testing.assert_array_equal(point.zero_gradient, point.dead)


def test_more_examples_mean_fewer_dead_units():
    t = 1.5
    dead = [dl.evaluate(net_for(d_hidden=512, batch=b, seed=0), t).dead_count for b in (1, 8, 64, 256)]
    assert dead == sorted(dead, reverse=True)
    assert dead[0] > dead[-1]


# --- text and figures ------------------------------------------------------------------------


def test_text_and_labels_have_the_same_keys_in_both_languages():
    assert dl.TEXT["en"].keys() == dl.TEXT["zh"].keys()
    assert dl.LABELS["en"].keys() == dl.LABELS["zh"].keys()


def test_chinese_strings_use_full_width_punctuation():
    assert ascii_punctuation({**dl.TEXT["zh"], **dl.LABELS["zh"]}) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("dark", [False, True])
def test_figures_in_both_languages_and_themes(lang, dark):
    labels = dl.LABELS[lang]
    net = net_for(**SMALL)
    point = dl.evaluate(net, 0.5)
    fig = dl.curve_figure(net, point, labels, dark)
    left, right = fig.axes
    assert left.get_xlabel() == labels["t"]
    assert right.get_ylabel() == labels["count"]
    (flat,) = right.get_lines()
    assert set(flat.get_ydata()) == {net.parameters}
    np.testing.assert_array_equal(left.get_lines()[0].get_ydata(), net.sparsity_curve)
    fig = dl.mask_figure(net, point, labels, dark)
    ax = fig.axes[0]
    assert ax.get_xlabel() == labels["unit"]
    image = ax.get_images()[0].get_array()
    assert image.shape == (SMALL["batch"], SMALL["d_hidden"])
    np.testing.assert_array_equal(np.asarray(image) == 1, point.active)
    np.testing.assert_array_equal((np.asarray(image) == 2).all(axis=0), point.dead)


# --- the page ---------------------------------------------------------------------------------


def page(tmp_path, lang: str = "en", **query: str) -> AppTest:
    return open_demo("dense_layer", lang=lang, **query)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_page_shows_the_engine_numbers_and_moves_with_t(tmp_path):
    text = dl.TEXT["en"]
    at = page(tmp_path)
    net = net_for()
    point = dl.evaluate(net, 0.5)
    assert metric(at, text["m.parameters"]) == "101,770"
    assert metric(at, text["m.sparsity"]) == f"{point.sparsity:.2%}"
    assert metric(at, text["m.dense"]) == "40,960"
    assert metric(at, text["m.skip"]) == f"{point.macs_skip:,}"
    assert metric(at, text["m.dead"]) == f"{point.dead_count} / 128"
    assert len(at.main.get("image")) == 2
    at.slider(key="t").set_value(2.0).run()
    later = dl.evaluate(net, 2.0)
    assert metric(at, text["m.parameters"]) == "101,770"
    assert metric(at, text["m.skip"]) == f"{later.macs_skip:,}"
    assert metric(at, text["m.dead"]) == f"{later.dead_count} / 128"
    assert at.query_params["t"] == "2"


def test_page_follows_a_link_in_chinese(tmp_path):
    at = page(tmp_path, lang="zh", d_in="4", d_hidden="8", d_out="1", batch="1", t="3")
    point = dl.evaluate(net_for(d_in=4, d_hidden=8, d_out=1, batch=1), 3.0)
    text = dl.TEXT["zh"]
    assert metric(at, text["m.parameters"]) == f"{4 * 8 + 8 + 8 * 1 + 1:,}"
    assert metric(at, text["m.skip"]) == f"{point.macs_skip:,}"
    assert any("完全相等" in c.value for c in at.caption)
