"""The Mixture-of-Experts routing demo: every number against a closed form or a brute-force loop."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine.demos import moe
from tests.pages import open_demo

ROOT = Path(__file__).resolve().parent.parent


def values(**overrides):
    resolved, problems = moe.DEMO.resolve(overrides)
    assert problems == []
    return resolved


def brute_routing(logits: np.ndarray, k: int) -> list[list[int]]:
    """Each token's k experts by a full sort of its logits, highest first."""
    return [sorted(range(len(row)), key=lambda j: -row[j])[:k] for row in logits.tolist()]


def brute_dropped(chosen: np.ndarray, experts: int, cap: int) -> int:
    """Fill experts token by token, choice by choice; count what does not fit."""
    fill = [0] * experts
    dropped = 0
    for row in chosen.tolist():
        for expert in row:
            if fill[expert] < cap:
                fill[expert] += 1
            else:
                dropped += 1
    return dropped


def test_params_are_bounded_and_defaults_are_valid():
    for param in moe.PARAMS:
        assert param.coerce(param.default) == param.default
    assert moe.DEMO.resolve({})[1] == []
    by_name = {p.name: p for p in moe.PARAMS}
    assert (by_name["experts"].min, by_name["experts"].max) == (2, 64)
    assert (by_name["k"].min, by_name["k"].max) == (1, 8)
    assert by_name["tokens"].choices == (256, 1_024, 4_096, 16_384)
    assert (by_name["d_model"].min, by_name["d_model"].max) == (16, 256)
    assert (by_name["skew"].min, by_name["skew"].max) == (0.0, 3.0)
    assert (by_name["capacity_factor"].min, by_name["capacity_factor"].max) == (1.0, 2.0)
    assert moe.DEMO.resolve({"experts": 65})[1] == ["experts: 65 is outside [2, 64]"]
    assert moe.DEMO.resolve({"tokens": 2000})[1] == ["tokens: 2000 is not one of 256, 1,024, 4,096, 16,384"]


def test_k_may_not_exceed_e():
    assert moe.DEMO.resolve({"experts": 2, "k": 3})[1] == ["k (3) must not exceed the number of experts E (2)"]
    assert moe.DEMO.resolve({"experts": 3, "k": 3})[1] == []


@pytest.mark.parametrize(("k", "e"), [(1, 2), (2, 8), (3, 7), (8, 64), (5, 30), (6, 6)])
def test_active_share_is_k_over_e_exactly(k, e):
    prepared = moe.prepare(values(experts=e, k=k, tokens=256, balance="off"))
    share = moe.measure(prepared, 1.0, 0.01).active_share
    assert share == Fraction(k, e)
    assert isinstance(share, Fraction)


@pytest.mark.parametrize(("e", "k", "skew"), [(8, 2, 1.5), (7, 3, 0.0), (64, 8, 3.0), (2, 1, 0.7), (5, 5, 1.0)])
def test_each_token_gets_the_k_distinct_experts_a_full_sort_picks(e, k, skew):
    v = values(experts=e, k=k, skew=skew, tokens=256, d_model=32, seed=11)
    x, router = moe.draw(v)
    routing = moe.route(x, router, k)
    assert routing.chosen.shape == (256, k)
    assert all(len(set(row)) == k for row in routing.chosen.tolist())
    assert routing.chosen.tolist() == brute_routing(router.logits(x), k)
    counts = np.zeros(e, dtype=int)
    for row in routing.chosen.tolist():
        for expert in row:
            counts[expert] += 1
    np.testing.assert_array_equal(routing.load, counts)


@pytest.mark.parametrize("balance", ["off", "on"])
@pytest.mark.parametrize(("e", "k", "t"), [(8, 2, 1_024), (13, 4, 256), (64, 8, 4_096)])
def test_loads_sum_to_t_times_k(e, k, t, balance):
    prepared = moe.prepare(values(experts=e, k=k, tokens=t, balance=balance, steps=5))
    for routing in (prepared.before, prepared.final):
        assert routing.load.sum() == t * k
        assert routing.fraction.sum() == pytest.approx(1.0)
        assert routing.mean_prob.sum() == pytest.approx(1.0)


def test_the_skew_lands_on_the_first_quarter_of_the_experts():
    for e, m in [(2, 1), (4, 1), (5, 2), (8, 2), (9, 3), (64, 16)]:
        assert moe.skewed_experts(e) == m
        _, router = moe.draw(values(experts=e, k=1, skew=2.5, tokens=256))
        np.testing.assert_array_equal(router.bias, [2.5] * m + [0.0] * (e - m))


@pytest.mark.parametrize("cf", [float(c) for c in np.round(np.arange(1.0, 2.0001, 0.05), 2)])
def test_capacity_is_the_floor_of_the_exact_product(cf):
    for t, k, e in [(256, 2, 8), (1_024, 3, 7), (4_096, 1, 64), (16_384, 8, 13), (256, 5, 6)]:
        assert moe.capacity(t, k, e, cf) == math.floor(Fraction(str(cf)) * t * k / e)


@pytest.mark.parametrize("cf", [1.0, 1.1, 1.25, 1.5, 2.0])
@pytest.mark.parametrize(("e", "k", "skew"), [(8, 2, 1.5), (6, 1, 3.0), (16, 4, 0.0)])
def test_dropped_assignments_match_a_token_by_token_fill(cf, e, k, skew):
    prepared = moe.prepare(values(experts=e, k=k, skew=skew, tokens=1_024, balance="on", steps=3))
    m = moe.measure(prepared, cf, 0.01)
    assert m.dropped_before == brute_dropped(prepared.before.chosen, e, m.capacity)
    assert m.dropped_after == brute_dropped(prepared.after.chosen, e, m.capacity)
    if skew == 3.0:
        assert m.dropped_before > 0


def test_a_skewed_router_drops_assignments_and_balancing_recovers_them():
    prepared = moe.prepare(values())
    m = moe.measure(prepared, 1.25, 0.01)
    assert m.dropped_before > 1_000
    assert m.dropped_after < m.dropped_before


@pytest.mark.parametrize("alpha", [0.001, 0.01, 0.037, 0.1])
@pytest.mark.parametrize(("e", "k", "t"), [(8, 2, 1_024), (64, 8, 256), (2, 1, 4_096)])
def test_aux_loss_is_alpha_when_routing_is_uniform(alpha, e, k, t):
    chosen = (np.arange(t * k) % e).reshape(t, k)  # every expert gets T·k/E assignments
    uniform = moe.Routing(chosen, np.bincount(chosen.ravel(), minlength=e), np.full(e, 1 / e))
    np.testing.assert_array_equal(uniform.fraction, np.full(e, 1 / e))
    prepared = moe.Prepared(e, k, t, uniform, None, np.array([1.0]), np.array([0.0]))
    m = moe.measure(prepared, 1.0, alpha)
    assert m.aux_before == pytest.approx(alpha, rel=1e-12)
    assert m.cv_before == 0.0
    assert m.dropped_before == 0


@pytest.mark.parametrize(("e", "k", "skew", "alpha"), [(8, 2, 1.5, 0.01), (5, 3, 0.4, 0.05), (16, 1, 2.0, 0.002)])
def test_aux_loss_and_cv_match_a_direct_computation(e, k, skew, alpha):
    v = values(experts=e, k=k, skew=skew, tokens=256, d_model=16, balance="off", seed=5)
    x, router = moe.draw(v)
    logits = router.logits(x).tolist()
    picks = brute_routing(np.array(logits), k)
    f = [sum(row.count(i) for row in picks) / (256 * k) for i in range(e)]
    probs = []
    for row in logits:
        exps = [math.exp(z) for z in row]
        probs.append([z / sum(exps) for z in exps])
    p_mean = [sum(p[i] for p in probs) / 256 for i in range(e)]
    direct = alpha * e * sum(f[i] * p_mean[i] for i in range(e))
    m = moe.measure(moe.prepare(v), 1.0, alpha)
    assert m.aux_before == pytest.approx(direct, rel=1e-12)
    loads = [f[i] * 256 * k for i in range(e)]
    mean = 256 * k / e
    assert m.ideal == mean
    assert m.cv_before == pytest.approx(math.sqrt(sum((n - mean) ** 2 for n in loads) / e) / mean, rel=1e-12)


def test_balance_gradient_matches_finite_differences_with_f_held_fixed():
    v = values(experts=6, k=2, skew=1.0, tokens=256, d_model=16, seed=2)
    x, router = moe.draw(v)
    g_weight, g_bias = moe.balance_gradient(x, router, 2)
    f = moe.route(x, router, 2).fraction

    def objective(weight, bias):
        return 6 * np.dot(f, moe.softmax(x @ weight + bias).mean(axis=0))

    h = 1e-6
    for j in range(6):
        step = np.zeros(6)
        step[j] = h
        numeric = (objective(router.weight, router.bias + step) - objective(router.weight, router.bias - step)) / (
            2 * h
        )
        assert g_bias[j] == pytest.approx(numeric, rel=1e-5, abs=1e-10)
    for i, j in [(0, 0), (3, 5), (15, 2), (7, 1)]:
        step = np.zeros_like(router.weight)
        step[i, j] = h
        numeric = (objective(router.weight + step, router.bias) - objective(router.weight - step, router.bias)) / (
            2 * h
        )
        assert g_weight[i, j] == pytest.approx(numeric, rel=1e-5, abs=1e-10)


@pytest.mark.parametrize(("e", "k", "skew", "seed"), [(8, 2, 1.5, 0), (16, 1, 3.0, 4), (32, 4, 2.0, 9), (4, 2, 0.8, 1)])
def test_balancing_reduces_the_load_cv_on_a_skewed_router(e, k, skew, seed):
    prepared = moe.prepare(values(experts=e, k=k, skew=skew, tokens=1_024, steps=20, lr=1.0, seed=seed))
    m = moe.measure(prepared, 1.0, 0.01)
    assert m.cv_after < m.cv_before / 2
    assert m.aux_after < m.aux_before
    assert m.dropped_after <= m.dropped_before
    assert len(prepared.factor) == len(prepared.cv) == 21
    assert prepared.factor[0] == prepared.before.balance_factor
    assert prepared.factor[-1] == prepared.after.balance_factor
    assert prepared.cv[0] == prepared.before.cv
    assert prepared.cv[-1] == prepared.after.cv


def test_balancing_off_leaves_the_router_alone():
    prepared = moe.prepare(values(balance="off"))
    m = moe.measure(prepared, 1.25, 0.01)
    assert prepared.after is None
    assert prepared.final is prepared.before
    assert (m.dropped_after, m.aux_after, m.cv_after) == (None, None, None)


def test_figures_in_both_languages_and_themes():
    assert moe.LABELS["en"].keys() == moe.LABELS["zh"].keys()
    assert moe.TEXT["en"].keys() == moe.TEXT["zh"].keys()
    for balance in ("off", "on"):
        prepared = moe.prepare(values(balance=balance, tokens=256, steps=3))
        cap = moe.measure(prepared, 1.25, 0.01).capacity
        for lang in ("en", "zh"):
            labels = moe.LABELS[lang]
            for dark in (False, True):
                ax = moe.load_figure(prepared, cap, labels, dark).axes[0]
                assert ax.get_xlabel() == labels["expert"]
                assert ax.get_ylabel() == labels["tokens"]
                assert cap in [line.get_ydata()[0] for line in ax.get_lines()]
                assert moe.share_figure(prepared, labels, dark).axes[0].get_ylabel() == labels["share"]
                assert moe.history_figure(prepared, labels, dark).axes[0].get_xlabel() == labels["step"]


def page(tmp_path, lang: str = "en", **query: str) -> AppTest:
    return open_demo("moe", lang=lang, **query)


def test_page_metrics_match_the_engine(tmp_path):
    at = page(tmp_path, tokens="1024", skew="2", capacity_factor="1.1")
    m = moe.measure(moe.prepare(values(tokens=1_024, skew=2.0)), 1.1, 0.01)
    shown = {metric.label: (metric.value, metric.proto.delta) for metric in at.metric}
    text = moe.TEXT["en"]
    assert shown[text["active"]] == ("2/8 = 25.00%", "")
    assert shown[text["dropped"]] == (f"{m.dropped_after:,} / 2,048", f"{m.dropped_after - m.dropped_before:+,}")
    assert shown[text["aux"]][0] == f"{m.aux_after:.4g}"
    assert shown[text["cv"]][0] == f"{m.cv_after:.3f}"
    assert "⌊1.1 · 1,024 · 2 / 8⌋ = 281" in at.caption[0].value


def test_page_in_chinese_without_balancing_and_with_a_bad_k(tmp_path):
    at = page(tmp_path, lang="zh", balance="off", experts="7", k="3")
    assert at.metric[0].label == moe.TEXT["zh"]["active"]
    assert at.metric[0].value == "3/7 = 42.86%"
    assert all(metric.proto.delta == "" for metric in at.metric)
    at = page(tmp_path, experts="2", k="3")
    assert at.error[0].value == "k (3) must not exceed the number of experts E (2)"
