"""Predict-the-number problems: answers against independent computations, grading, and every
generated problem well formed in both languages."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import predict
from engine.activations import thresholded
from engine.i18n import STRINGS
from engine.predict import AnswerError, Unit, generate, grade, parse_answer
from engine.sparsity import sparsity_ratio

SEEDS = (0, 1, 2, 3, 4, 5, 6, 7)
SAMPLES = 1_000_000
MC_TOL = 0.25  # percentage points: more than 4 standard errors of a share estimated from 1M samples


def phi(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2))


def problems(template: str) -> list[predict.Problem]:
    return [generate(template, seed) for seed in SEEDS]


# ---------------------------------------------------------------- answers, computed another way


@pytest.mark.parametrize("problem", problems("threshold-normal"), ids=lambda p: f"seed{p.seed}")
def test_threshold_normal_matches_erfc_and_a_million_samples(problem):
    mu, sigma, t = problem.params["mu"], problem.params["sigma"], problem.params["t"]
    assert problem.answer == pytest.approx(100 * phi((t - mu) / sigma), abs=1e-9)
    x = np.random.default_rng(problem.seed).normal(mu, sigma, SAMPLES)
    assert 100 * sparsity_ratio(thresholded(x, t)) == pytest.approx(problem.answer, abs=MC_TOL)


@pytest.mark.parametrize("problem", problems("threshold-uniform"), ids=lambda p: f"seed{p.seed}")
def test_threshold_uniform_matches_a_million_samples(problem):
    a, b, t = problem.params["a"], problem.params["b"], problem.params["t"]
    assert a < t < b
    x = np.random.default_rng(problem.seed).uniform(a, b, SAMPLES)
    assert 100 * sparsity_ratio(thresholded(x, t)) == pytest.approx(problem.answer, abs=MC_TOL)


@pytest.mark.parametrize("problem", problems("threshold-laplace"), ids=lambda p: f"seed{p.seed}")
def test_threshold_laplace_matches_a_million_samples(problem):
    b, t = problem.params["b"], problem.params["t"]
    assert t >= 0
    x = np.random.default_rng(problem.seed).laplace(0, b, SAMPLES)
    assert 100 * sparsity_ratio(thresholded(x, t)) == pytest.approx(problem.answer, abs=MC_TOL)


@pytest.mark.parametrize("problem", problems("shrinkage"), ids=lambda p: f"seed{p.seed}")
def test_shrinkage_matches_a_million_samples_for_hard_and_soft(problem):
    sigma, lam = problem.params["sigma"], problem.params["lambda"]
    x = np.random.default_rng(problem.seed).normal(0, sigma, SAMPLES)
    hard = np.where(np.abs(x) > lam, x, 0.0)
    soft = np.sign(x) * np.maximum(np.abs(x) - lam, 0.0)
    for y in (hard, soft):
        assert 100 * sparsity_ratio(y) == pytest.approx(problem.answer, abs=MC_TOL)
    assert problem.answer == pytest.approx(100 * (phi(lam / sigma) - phi(-lam / sigma)), abs=1e-9)


@pytest.mark.parametrize("problem", problems("top-k"), ids=lambda p: f"seed{p.seed}")
def test_top_k_is_a_brute_force_count(problem):
    k, n = problem.params["k"], problem.params["n"]
    h = np.random.default_rng(problem.seed).normal(size=(50, n))
    kept = np.where(h >= np.sort(h, axis=1)[:, [n - k]], h, 0.0)
    assert np.all(np.count_nonzero(kept, axis=1) == k)
    assert problem.answer == pytest.approx(100 * sparsity_ratio(kept), abs=1e-9)


@pytest.mark.parametrize("problem", problems("moe-share"), ids=lambda p: f"seed{p.seed}")
def test_moe_share_counts_the_parameters_a_routed_token_touches(problem):
    experts, k = problem.params["E"], problem.params["k"]
    rng = np.random.default_rng(problem.seed)
    sizes = np.full(experts, 1000)  # equal experts
    picked = np.argsort(rng.normal(size=(200, experts)), axis=1)[:, -k:]  # top-k router per token
    used = sizes[picked].sum(axis=1)
    assert np.all(used == used[0])
    assert problem.answer == pytest.approx(100 * used[0] / sizes.sum(), abs=1e-9)


@pytest.mark.parametrize("problem", problems("moe-params"), ids=lambda p: f"seed{p.seed}")
def test_moe_params_sums_the_layers_experts(problem):
    p = problem.params
    layers = [np.full(p["E"], p["expert_millions"]) for _ in range(p["L"])]
    counted = [layer[: p["k"]].sum() if p["ask"] == "active" else layer.sum() for layer in layers]
    assert problem.answer == p["shared_millions"] + sum(counted)
    assert problem.tolerance == 0


@pytest.mark.parametrize("problem", problems("two-four"), ids=lambda p: f"seed{p.seed}")
def test_two_four_pruning_of_a_real_matrix_keeps_the_counted_weights(problem):
    rows, cols = problem.params["rows"], problem.params["cols"]
    w = np.random.default_rng(problem.seed).normal(size=(rows, cols))
    groups = w.reshape(rows, cols // 4, 4)
    order = np.argsort(np.abs(groups), axis=2)
    pruned = groups.copy()
    np.put_along_axis(pruned, order[:, :, :2], 0.0, axis=2)  # zero the 2 smallest of each 4
    assert np.count_nonzero(pruned) == problem.answer
    assert sparsity_ratio(pruned) == 0.5


@pytest.mark.parametrize("problem", problems("dense-params"), ids=lambda p: f"seed{p.seed}")
def test_dense_params_count_the_weight_and_bias_arrays(problem):
    p = problem.params
    shapes = [(p["inputs"], p["hidden"]), (p["hidden"],), (p["hidden"], p["outputs"]), (p["outputs"],)]
    count = sum(np.zeros(shape).size for shape in shapes)  # the threshold adds no array
    assert problem.answer == count
    assert sum(np.zeros(s).size for s in [(10, 8), (8,), (8, 1), (1,)]) == 97  # the seed's network, same method


# ---------------------------------------------------------------- grading


def percent_problem() -> predict.Problem:
    return generate("threshold-normal", 3)


def test_a_percentage_may_be_typed_with_or_without_the_sign_or_as_a_fraction():
    problem = percent_problem()
    pct = problem.answer
    for text in (f"{pct:.1f}", f"{pct:.1f}%", f" {pct:.1f} % ", f"{pct / 100:.4f}", f"{pct:.1f}％"):
        assert grade(problem, text).correct, text
    assert parse_answer("0.841", Unit.percent) == pytest.approx(84.1)
    assert parse_answer("0.5%", Unit.percent) == 0.5  # the sign keeps a small percentage a percentage
    assert parse_answer("1", Unit.percent) == 100  # a bare number up to 1 is a fraction
    assert parse_answer("1%", Unit.percent) == 1


def test_inside_the_tolerance_is_right_and_outside_is_wrong():
    problem = percent_problem()
    assert problem.tolerance == 1.0
    for delta, correct in ((0, True), (0.9, True), (-0.9, True), (1.0, True), (1.1, False), (-1.1, False), (5, False)):
        assert grade(problem, f"{problem.answer + delta!r}%").correct is correct, delta


def test_counts_are_exact_and_may_use_thousands_separators():
    problem = generate("two-four", 1)
    n = int(problem.answer)
    assert grade(problem, str(n)).correct
    assert grade(problem, f"{n:,}").correct
    assert grade(problem, f"{n:,}".replace(",", "，")).correct  # full-width comma
    assert not grade(problem, str(n + 1)).correct
    assert not grade(problem, str(n - 1)).correct
    assert not grade(problem, f"{n}.5").correct


def test_millions_may_carry_the_unit():
    problem = generate("moe-params", 2)
    n = int(problem.answer)
    for text in (str(n), f"{n:,}", f"{n} M", f"{n}m"):
        assert grade(problem, text).correct, text
    assert not grade(problem, str(n + 1)).correct


@pytest.mark.parametrize(
    ("text", "unit", "reason"),
    [
        ("", Unit.percent, "empty"),
        ("   ", Unit.count, "empty"),
        ("%", Unit.percent, "empty"),
        ("abc", Unit.percent, "not_number"),
        ("84.1.2", Unit.percent, "not_number"),
        ("1e", Unit.count, "not_number"),
        ("nan", Unit.percent, "not_number"),
        ("inf", Unit.count, "not_number"),
        ("84.1%", Unit.count, "not_number"),
        ("12 M", Unit.count, "not_number"),
        ("84,1", Unit.percent, "comma"),
        ("1,02,4", Unit.count, "comma"),
        ("150", Unit.percent, "percent_range"),
        ("-2%", Unit.percent, "percent_range"),
        ("-3", Unit.count, "negative"),
        ("1e999", Unit.millions, "too_large"),
    ],
)
def test_junk_is_refused_with_a_reason_in_both_languages(text, unit, reason):
    with pytest.raises(AnswerError) as caught:
        parse_answer(text, unit)
    assert caught.value.reason == reason
    key = f"predict.error.{reason}"
    assert key in STRINGS
    assert caught.value.message("en") == STRINGS[key]["en"]
    assert caught.value.message("zh") == STRINGS[key]["zh"]


def test_answers_are_displayed_in_their_unit():
    assert predict.format_value(84.13447, Unit.percent, "en") == "84.134%"
    assert predict.format_value(131072.0, Unit.count, "en") == "131,072"
    assert predict.format_value(4196.0, Unit.millions, "en") == "4,196 million"
    assert predict.format_value(4196.0, Unit.millions, "zh") == "4,196 百万"


def test_the_rule_states_the_tolerance_and_how_percentages_are_read():
    assert "±1 percentage point" in predict.rule(percent_problem(), "en")
    assert "0.841" in predict.rule(percent_problem(), "en")
    assert "0.1" in predict.rule(generate("top-k", 0), "zh")
    assert "exactly" in predict.rule(generate("dense-params", 0), "en")


def test_topics_filter_the_templates():
    assert {t.id for t in predict.templates_for(["conditional-computation"])} == {"moe-share", "moe-params"}
    assert predict.templates_for([]) == list(predict.TEMPLATES.values())
    assert predict.templates_for(["coding"]) == []


# ---------------------------------------------------------------- every seed


LEFTOVER = re.compile(r"(?<![\\A-Za-z_^}])\{[A-Za-z_][A-Za-z0-9_]*\}|\{\}|\{\{|\}\}")
CJK = re.compile(r"[\u4e00-\u9fff]")


@settings(max_examples=300, deadline=None)
@given(template=st.sampled_from(sorted(predict.TEMPLATES)), seed=st.integers(0, 2**64 - 1))
def test_every_problem_is_well_formed_reproducible_and_gradable(template, seed):
    problem = generate(template, seed)
    assert problem == generate(template, seed)
    assert math.isfinite(problem.answer)
    if problem.unit is Unit.percent:
        assert 1 < problem.answer < 100  # so a bare number of 1 or less is never the right percentage
        assert problem.tolerance > 0
    else:
        assert problem.answer == int(problem.answer) > 0
        assert problem.tolerance == 0
    for text in (problem.prompt.en, problem.prompt.zh, problem.solution.en, problem.solution.zh):
        assert not LEFTOVER.search(text), text
        assert text.count("$") % 2 == 0, text
    assert CJK.search(problem.prompt.zh) and CJK.search(problem.solution.zh)
    assert not CJK.search(problem.prompt.en) and not CJK.search(problem.solution.en)
    for value in problem.params.values():
        if not isinstance(value, str):
            forms = {predict._dec(value), f"{value:,}", f"{value:,}".replace(",", "{,}")}
            assert any(form in problem.prompt.en and form in problem.prompt.zh for form in forms), value
    assert grade(problem, predict.format_value(problem.answer, problem.unit, "en").removesuffix(" million")).correct
    for solution in (problem.solution.en, problem.solution.zh):
        final = re.findall(r"\*\*([\d.,]+)(%| million| 百万)?\*\*", solution)
        assert final, solution
        number, unit = final[-1]
        assert grade(problem, number + unit.strip().replace("million", "").replace("百万", "")).correct, solution


def test_different_seeds_give_different_problems():
    drawn = {generate("threshold-normal", seed).prompt.en for seed in range(30)}
    assert len(drawn) > 20
