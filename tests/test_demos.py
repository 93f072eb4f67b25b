"""The demo registry, the parameter declarations and the threshold demo's numbers."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.activations import thresholded
from engine.demos import DEMOS, threshold, validate_preset
from engine.params import Param, resolve
from engine.sparsity import sparsity_ratio

T = Param("t", "float", 0.5, {"en": "t", "zh": "t"}, -1.0, 1.0, 0.1)
N = Param("n", "int", 10, {"en": "n", "zh": "n"}, 1, 100, 1, choices=(10, 100))
D = Param("d", "choice", "a", {"en": "d", "zh": "d"}, choices=("a", "b"))


def test_coerce_accepts_url_strings_and_yaml_numbers():
    assert T.coerce("0.25") == 0.25
    assert N.coerce(100.0) == 100
    assert D.coerce("b") == "b"


@pytest.mark.parametrize(
    ("param", "raw", "message"),
    [
        (T, "2", "outside [-1, 1]"),
        (T, "abc", "expected a number"),
        (T, "nan", "finite"),
        (T, True, "expected a number"),
        (N, "10.5", "whole number"),
        (N, "50", "not one of 10, 100"),
        (D, "c", "not one of a, b"),
    ],
)
def test_coerce_rejects_with_a_message_naming_the_parameter(param, raw, message):
    with pytest.raises(ValueError, match=re.escape(message)) as err:
        param.coerce(raw)
    assert str(err.value).startswith(param.name + ":")


def test_resolve_fills_defaults_and_reports_every_problem():
    values, problems = resolve((T, N, D), {"t": "9", "zzz": 1, "d": "b"})
    assert values == {"t": 0.5, "n": 10, "d": "b"}
    assert problems == ["zzz: unknown parameter", "t: 9 is outside [-1, 1]"]


def test_presets_are_validated_against_the_registry():
    assert validate_preset("threshold", {"dist": "laplace", "threshold": 1.5, "b": 2}) == []
    assert validate_preset("nope", {}) == ["unknown demo 'nope' (known: " + ", ".join(sorted(DEMOS)) + ")"]
    assert validate_preset("threshold", {"threshold": 7}) == ["threshold: 7 is outside [-5, 5]"]
    assert validate_preset("threshold", {"dist": "uniform", "low": 1, "high": 0}) == ["low (1) must be below high (0)"]


def test_every_param_default_is_valid():
    for demo in DEMOS.values():
        for param in demo.params:
            assert param.coerce(param.default) == param.default


def values(**overrides):
    return threshold.DEMO.resolve(overrides)[0]


@pytest.mark.parametrize("t", [-1.3, 0.0, 0.5, 1.0, 2.2])
@pytest.mark.parametrize("dist", ["normal", "uniform", "laplace"])
def test_measured_sparsity_is_the_sparsity_of_the_seed_function_on_the_same_sample(dist, t):
    v = values(dist=dist, n=10_000, seed=3)
    prepared = threshold.prepare(v)
    x = threshold.distribution(v).sample(v["n"], v["seed"])
    point = threshold.measure(prepared, t)
    assert point.sparsity == sparsity_ratio(thresholded(x, t))
    assert point.zeros == np.count_nonzero(thresholded(x, t) == 0)
    assert point.n == 10_000


@pytest.mark.parametrize(("t", "expected"), [(0.0, 0.5), (0.5, 0.6915), (1.0, 0.8413)])
def test_threshold_demo_on_a_million_normal_samples_matches_phi(t, expected):
    point = threshold.measure(threshold.prepare(values(n=1_000_000)), t)
    assert point.exact == pytest.approx(expected, abs=5e-5)
    assert point.sparsity == pytest.approx(expected, abs=0.002)  # > 4 standard errors


def test_curves_and_histogram_are_consistent():
    prepared = threshold.prepare(values(dist="uniform", low=-2.0, high=2.0, n=100_000))
    assert prepared.counts.sum() == 100_000
    assert np.all(np.diff(prepared.measured) >= 0)
    np.testing.assert_allclose(prepared.measured, prepared.exact, atol=0.01)


def test_figures_are_matplotlib_figures_with_labels_in_both_languages():
    prepared = threshold.prepare(values(n=1_000))
    point = threshold.measure(prepared, 0.5)
    for lang in ("en", "zh"):
        for dark in (False, True):
            fig = threshold.curve_figure(prepared, point, threshold.LABELS[lang], dark)
            assert fig.axes[0].get_xlabel() == threshold.LABELS[lang]["t"]
            fig = threshold.input_figure(prepared, 0.5, threshold.LABELS[lang], dark)
            assert fig.axes[0].get_xlabel() == threshold.LABELS[lang]["x"]
    assert threshold.LABELS["en"].keys() == threshold.LABELS["zh"].keys()


def test_mlp_pre_activations_come_from_the_training_demos_network():
    from engine.demos import training

    pool = threshold.mlp_preactivations()
    values = {**training.check({}), "l1": 0.0, "activation": "relu"}
    assert pool.size == training.make_data(values).x_test.shape[0] * values["hidden"]
    assert np.all(np.diff(pool) >= 0)
    assert 0.2 < np.mean(pool <= 0) < 0.8  # a trained ReLU layer: neither all on nor all off


@pytest.mark.parametrize("t", [-1.0, 0.0, 0.7])
def test_mlp_input_sparsity_matches_the_pool_within_sampling_error(t):
    v = values(dist="mlp", n=100_000, seed=4)
    point = threshold.measure(threshold.prepare(v), t)
    p = point.exact
    assert p == np.mean(threshold.mlp_preactivations() <= t)
    assert abs(point.sparsity - p) < 5 * np.sqrt(p * (1 - p) / 100_000)


def test_mlp_plots_say_there_is_no_closed_form():
    prepared = threshold.prepare(values(dist="mlp", n=1_000))
    fig = threshold.curve_figure(prepared, threshold.measure(prepared, 0.5), threshold.LABELS["en"], False)
    legend = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    assert threshold.LABELS["en"]["pool"] in legend and threshold.LABELS["en"]["exact"] not in legend


def test_the_bank_and_the_browse_page_load_without_plotting_libraries():
    """Demo declarations (which presets are checked against) import no matplotlib or pandas, so the
    first page of a fresh server opens without waiting for them; the demos pay on first use."""
    code = (
        "import sys\n"
        "import engine.bank, engine.demos, engine.search, ui.shell, ui.question_view, ui.add_files\n"
        "print(sorted(m for m in ('matplotlib', 'pandas') if m in sys.modules))\n"
        "from engine.demos import zoo\n"
        "v = zoo.DEMO.check({'n': 1000})\n"
        "zoo.table(zoo.measure(zoo.prepare(v), v['t'], v['lam'], v['k'], v['eps']), 'en')\n"
        "print(sorted(m for m in ('matplotlib', 'pandas') if m in sys.modules))\n"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "['pandas']"]
