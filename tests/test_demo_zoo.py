"""The activation zoo: every count against a brute-force loop, every share against its closed form."""

from __future__ import annotations

import math

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine.demos import zoo
from engine.params import Param
from tests.pages import open_demo
from tests.text_checks import ascii_punctuation
from ui.params import url_text

SQRT2 = math.sqrt(2.0)


def values(**overrides):
    resolved, problems = zoo.DEMO.resolve(overrides)
    assert problems == []
    return resolved


def phi(z: float) -> float:
    return 0.5 * math.erfc(-z / SQRT2)  # an independent route to Phi (erfc, not erf)


# --- parameters --------------------------------------------------------------


def test_defaults_are_valid_and_every_size_is_bounded():
    for param in zoo.PARAMS:
        assert param.coerce(param.default) == param.default
        if param.kind != "choice":
            assert param.min is not None
            assert param.max is not None
    assert zoo.DEMO.param("n").choices == (1_000, 10_000, 100_000, 1_000_000)
    assert (zoo.DEMO.param("k").min, zoo.DEMO.param("k").max) == (1, 64)
    assert (zoo.DEMO.param("eps").min, zoo.DEMO.param("eps").max) == (1e-6, 1e-1)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"k": 65}, "k: 65 is outside [1, 64]"),
        ({"k": 0}, "k: 0 is outside [1, 64]"),
        ({"n": 5000}, "n: 5000 is not one of"),
        ({"eps": 0.3}, "eps: 0.3 is not one of"),
        ({"sigma": 0}, "sigma: 0 is outside [0.1, 3]"),
        ({"lam": -1}, "lam: -1 is outside [0, 3]"),
    ],
)
def test_out_of_range_values_are_rejected(raw, message):
    _, problems = zoo.DEMO.resolve(raw)
    assert len(problems) == 1
    assert problems[0].startswith(message)


@pytest.mark.parametrize("eps", zoo.EPS_CHOICES)
def test_every_eps_choice_survives_the_url(eps):
    param: Param = zoo.DEMO.param("eps")
    assert param.coerce(url_text(eps)) == eps


def test_eps_choices_are_log_spaced_one_two_five():
    ratios = np.diff(np.log10(zoo.EPS_CHOICES))
    assert np.all(ratios > 0)
    assert np.log10(zoo.EPS_CHOICES[-1] / zoo.EPS_CHOICES[0]) == pytest.approx(5)


# --- brute force -------------------------------------------------------------


def brute_force(x: np.ndarray, t: float, lam: float, k: int) -> dict[str, list[float]]:
    """Every activation, one Python float at a time."""
    xs = [float(v) for v in x]

    def silu(v: float) -> float:
        return -0.0 if -v > 709.78 else v / (1.0 + math.exp(-v))

    out = {
        "relu": [max(v, 0.0) for v in xs],
        "thresholded": [v if v > t else 0.0 for v in xs],
        "shifted": [max(v - t, 0.0) for v in xs],
        "hardshrink": [v if abs(v) > lam else 0.0 for v in xs],
        "softshrink": [math.copysign(1.0, v) * max(abs(v) - lam, 0.0) if v != 0 else 0.0 for v in xs],
        "jumprelu": [v if v > t else 0.0 for v in xs],
        "gelu": [0.5 * v * (1.0 + math.erf(v / SQRT2)) for v in xs],
        "silu": [silu(v) for v in xs],
        "leaky": [v if v > 0 else 0.01 * v for v in xs],
    }
    topk = []
    for start in range(0, len(xs) - zoo.ROW_WIDTH + 1, zoo.ROW_WIDTH):
        row = xs[start : start + zoo.ROW_WIDTH]
        kept = set(sorted(range(zoo.ROW_WIDTH), key=lambda i: row[i])[-k:])
        topk += [row[i] if i in kept else 0.0 for i in range(zoo.ROW_WIDTH)]
    out["topk"] = topk
    return out


@pytest.mark.parametrize(
    ("mu", "sigma", "t", "lam", "k", "eps"),
    [
        (0.0, 1.0, 0.5, 0.5, 8, 1e-3),
        (-3.0, 3.0, -0.7, 1.2, 1, 1e-1),
        (1.5, 0.3, 2.0, 0.0, 64, 1e-6),
        (-1.0, 2.0, 0.0, 3.0, 33, 2e-2),
    ],
)
def test_counts_equal_a_brute_force_loop(mu, sigma, t, lam, k, eps):
    prepared = zoo.prepare(values(mu=mu, sigma=sigma, n=1_000, seed=11))
    result = zoo.measure(prepared, t, lam, k, eps)
    expected = brute_force(prepared.x, t, lam, k)
    assert [r.key for r in result.rows] == list(zoo.FUNCTIONS)
    for row in result.rows:
        ys = expected[row.key]
        assert row.outputs == len(ys), row.key
        assert row.zeros == sum(y == 0 for y in ys), row.key
        assert row.near_zeros == sum(abs(y) < eps for y in ys), row.key


def test_outputs_match_the_brute_force_values():
    prepared = zoo.prepare(values(mu=-2.0, sigma=3.0, n=1_000, seed=5))
    got = zoo.outputs(prepared, 0.3, 0.8, 5)
    for key, ys in brute_force(prepared.x, 0.3, 0.8, 5).items():
        if key == "silu":  # NumPy's vectorised exp may differ from math.exp in the last bit
            np.testing.assert_allclose(got[key], ys, rtol=1e-15, atol=1e-300)
        else:
            np.testing.assert_array_equal(got[key], ys, err_msg=key)


def test_top_k_drops_a_partial_last_row():
    y = zoo.top_k_rows(np.arange(1_000.0), 3)
    assert y.size == 960  # 15 whole rows of 64
    rows = y.reshape(15, 64)
    assert np.all(np.count_nonzero(rows, axis=1) == 3)
    np.testing.assert_array_equal(rows[:, -3:], np.arange(1_000.0)[:960].reshape(15, 64)[:, -3:])


@pytest.mark.parametrize("k", range(1, 65))
def test_top_k_sparsity_is_exactly_one_minus_k_over_64(k):
    prepared = zoo.prepare(values(n=10_000, seed=2))
    row = zoo.measure(prepared, 0.5, 0.5, k, 1e-3).row("topk")
    assert row.outputs == 156 * 64
    assert row.zeros == 156 * (64 - k)
    assert row.zero_fraction == row.closed_form == 1 - k / 64


def test_jump_relu_forward_is_the_thresholded_relu():
    x = np.random.default_rng(0).normal(size=1000)
    for t in (-1.0, 0.0, 0.5, 2.0):
        np.testing.assert_array_equal(zoo.jump_relu(x, t), np.where(x > t, x, 0.0))


# --- closed forms ------------------------------------------------------------


def test_closed_forms_on_a_standard_normal_take_textbook_values():
    cf = zoo.closed_forms(0.0, 1.0, 0.5, 1.0, 16)
    assert cf["relu"] == pytest.approx(0.5, abs=1e-15)
    assert cf["thresholded"] == cf["shifted"] == cf["jumprelu"] == pytest.approx(0.6914624612740131, abs=1e-12)
    assert cf["hardshrink"] == cf["softshrink"] == pytest.approx(0.6826894921370859, abs=1e-12)  # 2 Phi(1) - 1
    assert cf["topk"] == 0.75
    assert cf["gelu"] == pytest.approx(2.7756e-17, rel=1e-3, abs=0)  # Phi(-8.3744), far below one in a million
    assert 0.5 * (1 + math.erf(zoo.GELU_CUTOFF / SQRT2)) == 0  # the erf route would lose it entirely
    assert cf["silu"] == 0.0
    assert cf["leaky"] == 0.0


@pytest.mark.parametrize(
    ("mu", "sigma", "t", "lam"), [(0.0, 1.0, 0.5, 0.5), (-1.2, 2.5, 1.3, 2.0), (2.0, 0.7, -0.4, 0.1)]
)
def test_measured_zero_shares_match_closed_forms_on_a_million_samples(mu, sigma, t, lam):
    prepared = zoo.prepare(values(mu=mu, sigma=sigma, n=1_000_000, seed=7))
    result = zoo.measure(prepared, t, lam, 8, 1e-3)
    expected = {
        "relu": phi(-mu / sigma),
        "thresholded": phi((t - mu) / sigma),
        "shifted": phi((t - mu) / sigma),
        "jumprelu": phi((t - mu) / sigma),
        "hardshrink": phi((lam - mu) / sigma) - phi((-lam - mu) / sigma),
        "softshrink": phi((lam - mu) / sigma) - phi((-lam - mu) / sigma),
        "topk": 1 - 8 / 64,
        "gelu": phi((zoo.GELU_CUTOFF - mu) / sigma),
        "silu": 0.0,
        "leaky": 0.0,
    }
    for row in result.rows:
        assert row.closed_form == pytest.approx(expected[row.key], abs=1e-12), row.key
        assert row.zero_fraction == pytest.approx(expected[row.key], abs=0.0025), row.key  # > 5 standard errors


def test_near_zero_shares_match_closed_forms_on_a_million_samples():
    mu, sigma, t, lam, eps = 0.3, 1.5, 0.8, 0.6, 1e-2
    prepared = zoo.prepare(values(mu=mu, sigma=sigma, n=1_000_000, seed=8))
    result = zoo.measure(prepared, t, lam, 8, eps)

    def p(lo: float, hi: float) -> float:
        return phi((hi - mu) / sigma) - phi((lo - mu) / sigma)

    expected = {
        "relu": p(-math.inf, eps),
        "thresholded": p(-math.inf, t),  # kept values are > t > eps
        "shifted": p(-math.inf, t + eps),
        "hardshrink": p(-lam, lam),
        "softshrink": p(-lam - eps, lam + eps),
        "leaky": p(-100 * eps, eps),  # x itself above 0, 0.01 x below
    }
    for key, share in expected.items():
        assert result.row(key).near_fraction == pytest.approx(share, abs=0.0025), key


def test_near_zeros_include_exact_zeros_and_grow_with_eps():
    prepared = zoo.prepare(values(n=10_000, mu=-1.0, sigma=2.0))
    previous = None
    for eps in zoo.EPS_CHOICES:
        result = zoo.measure(prepared, 0.5, 0.5, 8, eps)
        for row in result.rows:
            assert row.zeros <= row.near_zeros <= row.outputs
        if previous:
            assert all(a.near_zeros <= b.near_zeros for a, b in zip(previous.rows, result.rows, strict=True))
        previous = result


# --- GELU, SiLU and leaky ReLU: zeros only from rounding ------------------------


def test_gelu_cutoff_is_where_one_plus_erf_rounds_to_zero():
    c = zoo.GELU_CUTOFF
    assert -8.38 < c < -8.37
    assert zoo.gelu(np.array([c]))[0] == 0
    assert zoo.gelu(np.array([np.nextafter(c, 0)]))[0] < 0
    assert 1.0 + math.erf(c / SQRT2) == 0.0
    grid = np.linspace(-12.0, -5.0, 200_001)
    np.testing.assert_array_equal(zoo.gelu(grid) == 0, grid <= c)  # the zeros are exactly x <= c


def test_silu_cutoff_is_where_exp_overflows():
    c = zoo.SILU_CUTOFF
    assert c == pytest.approx(-math.log(np.finfo(float).max), abs=1e-9)
    assert zoo.silu(np.array([c]))[0] == 0
    assert zoo.silu(np.array([np.nextafter(c, 0)]))[0] < 0


def test_smooth_activations_give_no_exact_zeros_in_the_usual_range():
    prepared = zoo.prepare(values(mu=0.0, sigma=1.0, n=1_000_000, seed=1))
    result = zoo.measure(prepared, 0.5, 0.5, 8, 1e-6)
    for key in zoo.NO_EXACT_ZEROS:
        assert result.row(key).zeros == 0, key
    assert prepared.x.min() > zoo.GELU_CUTOFF


def test_gelu_rounds_to_zero_far_out_and_silu_and_leaky_still_do_not():
    prepared = zoo.prepare(values(mu=-3.0, sigma=3.0, n=1_000_000, seed=4))
    result = zoo.measure(prepared, 0.5, 0.5, 8, 1e-3)
    gelu = result.row("gelu")
    assert gelu.zeros == np.count_nonzero(prepared.x <= zoo.GELU_CUTOFF) > 30_000
    assert gelu.zero_fraction == pytest.approx(phi((zoo.GELU_CUTOFF + 3.0) / 3.0), abs=0.001)
    assert result.row("silu").zeros == 0
    assert result.row("leaky").zeros == 0


def test_exact_math_gelu_is_not_zero_where_float64_rounds_it():
    x = -10.0  # GELU rounds to -0.0 here, but x * Phi(x) via erfc is tiny and negative
    assert zoo.gelu(np.array([x]))[0] == 0
    assert x * 0.5 * math.erfc(-x / SQRT2) < 0


# --- table, text and figures ---------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_table_carries_the_result(lang):
    result = zoo.measure(zoo.prepare(values(n=1_000)), 0.5, 0.5, 8, 1e-3)
    frame = zoo.table(result, lang)
    text = zoo.TEXT[lang]
    assert len(frame) == len(zoo.FUNCTIONS)
    assert list(frame[text["col.zeros"]]) == [r.zeros for r in result.rows]
    assert list(frame[text["col.zero_fraction"]]) == [r.zero_fraction for r in result.rows]
    assert list(frame[text["col.closed_value"]]) == [r.closed_form for r in result.rows]
    assert list(frame[text["col.near_fraction"]]) == [r.near_fraction for r in result.rows]
    assert frame[text["col.formula"]].map(bool).all()


def test_percent_formats_are_exact_for_counts_out_of_a_million():
    assert zoo.percent(123_457 / 1_000_000) == "12.3457%"
    assert zoo.percent(1 / 1_000_000) == "0.0001%"
    assert zoo.short_percent(0.0) == "0"
    assert zoo.short_percent(0.5) == "50.0%"
    assert zoo.short_percent(0.00015) == "0.015%"


def test_text_and_labels_have_the_same_keys_in_both_languages():
    assert zoo.TEXT["en"].keys() == zoo.TEXT["zh"].keys()
    assert zoo.LABELS["en"].keys() == zoo.LABELS["zh"].keys()
    assert {f"fn.{key}" for key in zoo.FUNCTIONS} <= zoo.LABELS["en"].keys()
    for lang in ("en", "zh"):
        text = zoo.TEXT[lang]
        cuts = {"cut": zoo.GELU_CUTOFF, "silu_cut": zoo.SILU_CUTOFF}
        assert "-8.3744" in text["gelu_zeros"].format(zeros=5, exact=0.01, **cuts)
        assert "-709.78" in text["gelu_none"].format(**cuts)
        assert "960" in text["topk_note"].format(width=64, used=960, n=1000, rows=15)


def test_chinese_strings_use_full_width_punctuation():
    assert ascii_punctuation({**zoo.TEXT["zh"], **zoo.LABELS["zh"]}) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("dark", [False, True])
def test_figures_in_both_languages_and_themes(lang, dark):
    labels = zoo.LABELS[lang]
    result = zoo.measure(zoo.prepare(values(n=1_000)), 0.5, 0.5, 8, 1e-3)
    bars = zoo.bars_figure(result, labels, dark)
    ax = bars.axes[0]
    assert ax.get_xlabel() == labels["fraction"]
    assert len(ax.patches) == 2 * len(zoo.FUNCTIONS)
    assert [t.get_text() for t in ax.get_yticklabels()] == [labels[f"fn.{k}"] for k in zoo.FUNCTIONS][::-1]
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == sorted([r.zero_fraction for r in result.rows] + [r.near_fraction for r in result.rows])
    curves = zoo.curves_figure(result, labels, dark)
    ax = curves.axes[0]
    assert ax.get_xlabel() == labels["x"]
    assert len(ax.get_lines()) == len(zoo.FUNCTIONS) - 2 + 1  # no top-k, JumpReLU shares a curve, plus y = 0
    assert ax.get_xlim() == zoo.CURVE_RANGE


def test_curves_break_at_jumps_only():
    x = np.linspace(-4, 4, zoo.CURVE_POINTS)
    _, by = zoo._break_jumps(x, zoo.hard_shrink(x, 1.0))
    assert np.count_nonzero(np.isnan(by)) == 2
    _, by = zoo._break_jumps(x, zoo.gelu(x))
    assert not np.isnan(by).any()


# --- the page -------------------------------------------------------------------


def page(tmp_path, lang: str = "en", **query: str) -> AppTest:
    return open_demo("zoo", lang=lang, **query)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_page_shows_the_engine_numbers(tmp_path):
    at = page(tmp_path)
    result = zoo.measure(zoo.prepare(values()), 0.5, 0.5, 8, 1e-3)
    text = zoo.TEXT["en"]
    assert metric(at, text["m.relu"]) == f"{result.row('relu').zero_fraction:.2%}"
    assert metric(at, text["m.thresholded"]) == f"{result.row('thresholded').zero_fraction:.2%}"
    assert metric(at, text["m.topk"]) == "87.50%"
    assert metric(at, text["m.smooth"]) == "0 · 0 · 0"
    assert len(at.main.get("image")) == 2
    frame = at.dataframe[0].value
    assert list(frame[text["col.zeros"]]) == [r.zeros for r in result.rows]
    at.number_input(key="k").set_value(16).run()
    assert metric(at, text["m.topk"]) == "75.00%"
    assert at.query_params["k"] == "16"


def test_page_follows_a_link_and_explains_gelu_zeros_in_chinese(tmp_path):
    at = page(tmp_path, lang="zh", mu="-3", sigma="3", n="1000000", seed="4")
    result = zoo.measure(zoo.prepare(values(mu=-3.0, sigma=3.0, n=1_000_000, seed=4)), 0.5, 0.5, 8, 1e-3)
    zeros = result.row("gelu").zeros
    assert metric(at, zoo.TEXT["zh"]["m.smooth"]) == f"{zeros:,} · 0 · 0"
    assert f"{zeros:,}" in at.info[0].value
    assert "GELU" in at.info[0].value
