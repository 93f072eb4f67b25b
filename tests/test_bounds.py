"""Every size a user controls is bounded in engine/: a demo parameter beyond its declared range is
refused, naming the parameter, wherever it comes from (a URL, a bank preset, a direct call), and
the declared maxima keep the memory of a computation bounded."""

from __future__ import annotations

import math
import re
import tracemalloc

import numpy as np
import pytest

from engine import bank
from engine.demos import DEMOS, dense_layer, moe, sparse_conv, speed, threshold, training, zoo
from engine.params import Param, url_text

MiB = 2**20

# The computation each demo's page runs on its values. Timing the speed demo and training a model
# take seconds, so for those two the check their computations start with stands in.
COMPUTE = {
    "threshold": threshold.prepare,
    "zoo": zoo.prepare,
    "dense_layer": dense_layer.build,
    "moe": moe.prepare,
    "sparse_conv": sparse_conv.compute,
    "speed": speed.check,
    "training": training.check,
}
NUMERIC = [(demo, p) for demo in DEMOS.values() for p in demo.params if p.kind in ("int", "float")]


def test_every_demo_has_a_computation_here():
    assert set(COMPUTE) == set(DEMOS)


def test_timing_and_training_check_before_they_start():
    with pytest.raises(ValueError, match=r"^d_in: 1e\+06 is not one of"):
        speed.measure({"d_in": 10**6})
    with pytest.raises(ValueError, match=r"^hidden: 1e\+06 is not one of"):
        training.train({"hidden": 10**6})
    with pytest.raises(ValueError, match=r"^n_points: 1e\+09 is not one of"):
        training.make_data({"n_points": 10**9})


def beyond(p: Param) -> list[float]:
    """Values just outside the range, far outside, not finite, and (with choices) between two choices."""
    step = p.step or (1 if p.kind == "int" else (p.max - p.min) / 100)
    values = [p.max + step, p.min - step, 10 * abs(p.max) + 10, -(10**9), 10**400, math.inf, math.nan]
    between = [(a + b) / 2 if p.kind == "float" else a + 1 for a, b in zip(p.choices, p.choices[1:], strict=False)]
    values += [v for v in between if v not in p.choices][:1]
    if p.kind == "float":
        values.append(p.max * (1 + 1e-9) + 1e-9)
    return values


@pytest.mark.parametrize(("demo", "param"), NUMERIC, ids=[f"{d.name}.{p.name}" for d, p in NUMERIC])
def test_a_value_beyond_the_range_is_refused_naming_the_parameter(demo, param):
    for bad in beyond(param):
        for raw in (bad, url_text(bad) if not isinstance(bad, int) or abs(bad) < 10**300 else "1" + "0" * 400):
            values, problems = demo.resolve({param.name: raw})  # a URL or a bank preset
            assert values[param.name] == param.default, (bad, raw)
            assert problems and problems[0].startswith(f"{param.name}: "), (bad, raw, problems)
            with pytest.raises(ValueError, match=f"^{re.escape(param.name)}: "):
                COMPUTE[demo.name]({param.name: raw})  # a direct call


@pytest.mark.parametrize(("demo", "param"), NUMERIC, ids=[f"{d.name}.{p.name}" for d, p in NUMERIC])
def test_the_declared_extremes_are_accepted(demo, param):
    for edge in (param.choices[0], param.choices[-1]) if param.choices else (param.min, param.max):
        values, problems = demo.resolve({param.name: url_text(edge)})
        assert values[param.name] == edge
        assert [p for p in problems if p.startswith(f"{param.name}:")] == []


def test_cross_parameter_constraints_are_checked_on_a_direct_call_too():
    with pytest.raises(ValueError, match=r"^k \(8\) must not exceed the number of experts E \(4\)"):
        moe.prepare({"experts": 4, "k": 8})
    with pytest.raises(ValueError, match=r"^low \(1\) must be below high \(0\)"):
        threshold.prepare({"dist": "uniform", "low": 1.0, "high": 0.0})
    with pytest.raises(ValueError, match=r"^epochs: one model would need"):  # the work budget of one model
        training.check(largest(training.DEMO))


def largest(demo, **choices) -> dict:
    """Every numeric parameter at its declared maximum."""
    values = {p.name: max(p.choices) if p.choices else p.max for p in demo.params if p.kind in ("int", "float")}
    return {**values, **choices}


def peak_of(action) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# Generous budgets: a few times what the largest arrays take (e.g. 10^6 float64 samples = 8 MiB).
AT_THE_MAXIMA = {
    "threshold": (lambda: threshold.prepare(largest(threshold.DEMO)), 64 * MiB),
    "threshold, from an MLP": (lambda: threshold.prepare(largest(threshold.DEMO, dist="mlp")), 64 * MiB),
    "zoo": (lambda: zoo.measure(zoo.prepare(largest(zoo.DEMO)), 3.0, 3.0, 64, zoo.EPS_CHOICES[-1]), 200 * MiB),
    "dense_layer": (lambda: dense_layer.evaluate(dense_layer.build(largest(dense_layer.DEMO)), 5.0), 64 * MiB),
    "moe": (lambda: moe.prepare(largest(moe.DEMO, balance="on")), 200 * MiB),
    "sparse_conv": (lambda: sparse_conv.compute(largest(sparse_conv.DEMO, pattern="points")), 16 * MiB),
}


@pytest.mark.parametrize("name", AT_THE_MAXIMA)
def test_memory_at_the_declared_maxima_is_bounded(name):
    action, budget = AT_THE_MAXIMA[name]
    assert peak_of(action) < budget


def test_memory_of_a_training_step_at_the_maxima_is_bounded():
    """A whole model at the maxima is over the work budget (see above); one full-batch step is not."""
    values = largest(training.DEMO)

    def step() -> None:
        data = training.make_data({**values, "hidden": 8, "epochs": 50})  # the data do not depend on these
        net = training.init_net(values["layers"], values["hidden"], values["classes"], 0.0, np.random.default_rng(0))
        training.loss_and_gradients(net, data.x_train, data.y_train, values["l1"])

    assert peak_of(step) < 100 * MiB


def test_memory_of_the_speed_demo_at_the_maxima_is_bounded():
    """Its largest weights are 256 MiB in each of two layouts, plus a buffer to flush the cache."""
    size = max(speed.SIZES)
    peak = peak_of(lambda: speed.workspace(size, size, 0))
    assert peak <= 2 * speed.weight_bytes(size, size) + speed.FLUSH_MAX_BYTES + 16 * MiB


def test_the_bank_bounds_every_size_it_reads():
    """File size, questions per file and text length (nesting and alias expansion: test_bank_fuzz.py)."""
    [(_, [problem])] = [bank.load_text(b"#" * (bank.MAX_FILE_BYTES + 1), "a.yaml")]
    assert problem.message == "file is larger than 5 MiB"
    _, [problem] = bank.load_text("- 1\n" * (bank.MAX_QUESTIONS + 1), "a.yaml")
    assert problem.message == "a bank file holds at most 1,000 questions, this one 1,001: split it"
    too_long = "x" * 20_001
    _, [problem] = bank.load_text(
        f"- id: a\n  topic: b\n  difficulty: easy\n  kind: coding\n  source: original\n"
        f"  question: {{en: {too_long}, zh: x}}\n  answer: {{en: x, zh: x}}\n  explanation: {{en: x, zh: x}}\n"
        f"  key_points: [{{en: x, zh: x}}, {{en: x, zh: x}}, {{en: x, zh: x}}]\n",
        "a.yaml",
    )
    assert problem.message.startswith("a: question.en: string should have at most 20000 characters")
