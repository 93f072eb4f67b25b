"""The training demo: hand-written gradients, Adam, the penalty, sparsity, dead units, bounds, figures, page.

No assertion here depends on how fast anything runs.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine.demos import training as tr
from tests.pages import open_demo
from tests.text_checks import ascii_punctuation

ROOT = Path(__file__).resolve().parent.parent
SMALL = {"n_points": 200, "epochs": 50, "hidden": 16}  # quick runs for the tests that only count


def values(**overrides):
    resolved, problems = tr.DEMO.resolve(overrides)
    assert problems == []
    return resolved


# --- independent references ----------------------------------------------------------------------


def direct_loss(weights, biases, t, x, y, l1):
    """Cross-entropy (mean) + l1 · mean over examples of Σ|h|, written out example by example."""
    total_ce = total_abs = 0.0
    for xn, yn in zip(x, y, strict=True):
        a = list(xn)
        abs_sum = 0.0
        for w, b in zip(weights[:-1], biases[:-1], strict=True):
            z = [sum(a[i] * w[i, j] for i in range(len(a))) + b[j] for j in range(w.shape[1])]
            a = [zj if zj > t else 0.0 for zj in z]
            abs_sum += sum(abs(v) for v in a)
        w, b = weights[-1], biases[-1]
        logits = [sum(a[i] * w[i, k] for i in range(len(a))) + b[k] for k in range(w.shape[1])]
        top = max(logits)
        log_norm = top + math.log(sum(math.exp(v - top) for v in logits))
        total_ce += log_norm - logits[yn]
        total_abs += abs_sum
    return total_ce / len(y) + l1 * total_abs / len(y)


def direct_hidden(net: tr.Net, x: np.ndarray) -> list[list[list[float]]]:
    """Each layer's activations per example, unit by unit, with Python floats."""
    layers = [[] for _ in net.weights[:-1]]
    for xn in x:
        a = [float(v) for v in xn]
        for k, (w, b) in enumerate(zip(net.weights[:-1], net.biases[:-1], strict=True)):
            z = [math.fsum(a[i] * float(w[i, j]) for i in range(len(a))) + float(b[j]) for j in range(w.shape[1])]
            a = [zj if zj > net.t else 0.0 for zj in z]
            layers[k].append(a)
    return layers


def small_problem(layers: int, t: float, seed: int, margin: float = 1e-3):
    """A random float64 net and batch whose pre-activations all keep ``margin`` away from t,
    with units on both sides of t (and, for t > 0, some between 0 and t)."""
    rng = np.random.default_rng(seed)
    while True:
        net = tr.init_net(layers, 5, 3, t, rng)
        net = tr.Net(net.weights, tuple(rng.normal(0, 0.3, b.shape) for b in net.biases), t)
        x = rng.normal(0, 1, (7, 2))
        y = rng.integers(0, 3, 7)
        zs, a = [], x
        for w, b in zip(net.weights[:-1], net.biases[:-1], strict=True):
            z = a @ w + b
            zs.append(z)
            a = np.where(z > t, z, 0.0)
        z_all = np.concatenate([z.ravel() for z in zs])
        between = np.any((z_all > 0) & (z_all < t)) if t > 0 else True
        if np.abs(z_all - t).min() > margin and np.any(z_all > t) and np.any(z_all < t) and between:
            return net, x, y


# --- gradients -----------------------------------------------------------------------------------


@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("t", [0.0, 0.3])
@pytest.mark.parametrize("l1", [0.0, 0.05])
def test_hand_written_gradient_matches_central_differences(layers, t, l1):
    net, x, y = small_problem(layers, t, seed=layers * 10 + int(t * 10))
    loss, grads = tr.loss_and_gradients(net, x, y, l1)
    arrays = tr.parameters(net)
    reference = direct_loss(net.weights, net.biases, t, x, y, l1)
    assert loss.total == pytest.approx(reference, rel=1e-12)
    assert len(grads) == len(arrays) == 2 * (layers + 1)
    step = 1e-6  # moves any pre-activation by far less than the 1e-3 margin, so no kink is crossed
    for array, grad in zip(arrays, grads, strict=True):
        assert grad.shape == array.shape
        numeric = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            keep = array[index]
            array[index] = keep + step
            up = direct_loss(net.weights, net.biases, t, x, y, l1)
            array[index] = keep - step
            down = direct_loss(net.weights, net.biases, t, x, y, l1)
            array[index] = keep
            numeric[index] = (up - down) / (2 * step)
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


def test_the_penalty_changes_only_the_hidden_gradients_by_l1_over_n_on_active_units():
    net, x, y = small_problem(1, 0.3, seed=5)
    _, plain = tr.loss_and_gradients(net, x, y, 0.0)
    _, penalised = tr.loss_and_gradients(net, x, y, 0.05)
    z = x @ net.weights[0] + net.biases[0]
    active = (z > 0.3).astype(float)
    np.testing.assert_allclose(penalised[0] - plain[0], x.T @ active * 0.05 / len(y), atol=1e-15)
    np.testing.assert_allclose(penalised[1] - plain[1], active.sum(axis=0) * 0.05 / len(y), atol=1e-15)
    np.testing.assert_array_equal(penalised[2], plain[2])
    np.testing.assert_array_equal(penalised[3], plain[3])


def test_below_the_threshold_a_positive_pre_activation_is_zeroed_and_gets_no_gradient():
    z = np.array([[-1.0, 0.0, 0.05, 0.1, 0.1000001, 2.0]])
    h = tr.activate(z, 0.1)
    np.testing.assert_array_equal(h, [[0.0, 0.0, 0.0, 0.0, 0.1000001, 2.0]])
    assert not np.signbit(h).any()  # exact +0.0, never -0.0
    net = tr.Net((np.array([[1.0], [0.0]]), np.array([[1.0, -1.0]])), (np.array([0.0]), np.zeros(2)), t=0.1)
    _, grads = tr.loss_and_gradients(net, np.array([[0.05, 3.0]]), np.array([0]), 0.01)
    assert not any(g.any() for g in grads[:2])  # z = 0.05 ≤ t: nothing reaches the first layer


def test_a_negative_threshold_is_refused_by_the_gradient():
    net = tr.init_net(1, 8, 2, -0.1, np.random.default_rng(0))
    with pytest.raises(ValueError, match=re.escape("t: -0.1")):
        tr.loss_and_gradients(net, np.zeros((2, 2)), np.array([0, 1]), 0.0)


# --- Adam ----------------------------------------------------------------------------------------


def test_adam_matches_its_closed_form_over_two_steps():
    a = np.array([1.0, -2.0, 0.5])
    g1, g2 = np.array([0.3, -0.1, 0.0]), np.array([-0.2, 0.4, 1e-3])
    arrays = [a.copy()]
    adam = tr.Adam(arrays, lr=0.01)
    adam.update(arrays, [g1])
    np.testing.assert_allclose(arrays[0], a - 0.01 * g1 / (np.abs(g1) + 1e-8), rtol=1e-15)  # m̂ = g, v̂ = g²
    after_one = arrays[0].copy()
    adam.update(arrays, [g2])
    m = 0.1 * (0.9 * g1 + g2)
    v = 0.001 * (0.999 * g1**2 + g2**2)
    m_hat, v_hat = m / (1 - 0.9**2), v / (1 - 0.999**2)
    np.testing.assert_allclose(arrays[0], after_one - 0.01 * m_hat / (np.sqrt(v_hat) + 1e-8), rtol=1e-12)


# --- data ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["spirals", "rings"])
@pytest.mark.parametrize("classes", [2, 3, 5])
def test_data_are_balanced_labelled_and_on_their_curves_without_noise(dataset, classes):
    data = tr.make_data(values(dataset=dataset, classes=classes, n_points=500, noise=0.0, seed=4))
    odd = tr.sample(dataset, classes, 503, 0.0, np.random.default_rng(0))
    for x, y in ((data.x_train, data.y_train), (data.x_test, data.y_test), odd):
        assert x.shape == (len(y), 2)
        counts = np.bincount(y, minlength=classes)
        assert counts.tolist() == tr.class_sizes(len(y), classes)
        assert counts.sum() == len(y)
        assert counts.max() - counts.min() <= 1
        r = np.hypot(x[:, 0], x[:, 1])
        if dataset == "rings":
            np.testing.assert_allclose(r, (y + 1) / classes, rtol=1e-12)
        else:
            assert r.min() >= tr.SPIRAL_R0 - 1e-12
            assert r.max() <= 1 + 1e-12
            u = (r - tr.SPIRAL_R0) / (1 - tr.SPIRAL_R0)
            angle = 2 * np.pi * y / classes + 2 * np.pi * tr.SPIRAL_TURNS * u
            np.testing.assert_allclose(x, np.column_stack((r * np.cos(angle), r * np.sin(angle))), atol=1e-12)
    assert not np.array_equal(data.x_train, data.x_test)
    assert data.x_train.shape == data.x_test.shape == (500, 2)
    again = tr.make_data(values(dataset=dataset, classes=classes, n_points=500, noise=0.0, seed=4))
    assert np.array_equal(again.x_train, data.x_train) and np.array_equal(again.y_test, data.y_test)


def test_noise_is_gaussian_with_the_given_std_around_the_clean_points():
    clean = tr.make_data(values(dataset="rings", noise=0.0, n_points=5_000, seed=1))
    noisy = tr.make_data(values(dataset="rings", noise=0.2, n_points=5_000, seed=1))
    shift = noisy.x_train - clean.x_train  # the same angles are drawn first, so only the noise differs
    assert shift.std() == pytest.approx(0.2, rel=0.03)
    assert abs(shift.mean()) < 0.01


# --- training and measuring ----------------------------------------------------------------------


@pytest.mark.parametrize("batch", ["full", "mini"])
def test_an_easy_separable_set_is_learnt_deterministically(batch):
    v = values(dataset="rings", classes=2, noise=0.02, n_points=500, epochs=300, batch=batch, seed=11, l1=0.0)
    first, second = tr.train(v), tr.train(v)
    assert first.evaluation.train_accuracy >= 0.99
    assert first.evaluation.test_accuracy >= 0.98
    assert first.evaluation == second.evaluation
    for a, b in zip(tr.parameters(first.net), tr.parameters(second.net), strict=True):
        assert np.array_equal(a, b)
    assert np.array_equal(first.history, second.history)
    assert first.history[-1] < first.history[0]


def test_the_history_is_the_full_batch_objective_before_each_step():
    v = values(epochs=50, n_points=200, hidden=8, l1=0.01)
    run = tr.train(v)
    data = tr.make_data(v)
    init_rng = np.random.SeedSequence(v["seed"]).spawn(4)[2]
    net = tr.init_net(1, 8, 2, 0.0, np.random.default_rng(init_rng))
    assert run.history[0] == pytest.approx(tr.loss_of(tr.forward(net, data.x_train), data.y_train, 0.01).total)
    final = tr.loss_of(tr.forward(run.net, data.x_train), data.y_train, 0.01)
    assert run.evaluation.loss == final


@pytest.mark.parametrize("l1", [0.0, 1e-3, 0.1])
@pytest.mark.parametrize(("layers", "activation"), [(1, "relu"), (2, "thresholded")])
def test_penalty_accuracy_sparsity_and_dead_units_equal_direct_counts(l1, layers, activation):
    v = values(**SMALL, l1=l1, layers=layers, activation=activation, t=0.2, classes=3)
    run = tr.train(v)
    data = tr.make_data(v)
    e = run.evaluation
    train_hidden = direct_hidden(run.net, data.x_train)
    abs_sum = math.fsum(abs(a) for layer in train_hidden for row in layer for a in row)
    assert e.loss.penalty == pytest.approx(l1 * abs_sum / len(data.y_train), rel=1e-12, abs=1e-300)
    assert tr.l1_penalty(tr.forward(run.net, data.x_train).hidden, l1) == pytest.approx(e.loss.penalty, rel=1e-12)

    test_hidden = direct_hidden(run.net, data.x_test)
    zeros = sum(1 for layer in test_hidden for row in layer for a in row if a == 0.0)
    cells = sum(len(row) for layer in test_hidden for row in layer)
    dead = [sum(1 for j in range(v["hidden"]) if all(row[j] == 0.0 for row in layer)) for layer in test_hidden]
    assert (e.zeros, e.activations) == (zeros, cells)
    assert cells == len(data.y_test) * v["hidden"] * layers
    assert e.sparsity == zeros / cells
    assert e.dead_per_layer == tuple(dead)
    assert e.dead == sum(dead)
    assert e.units == v["hidden"] * layers

    for x, y, right in ((data.x_train, data.y_train, e.train_correct), (data.x_test, data.y_test, e.test_correct)):
        logits = tr.forward(run.net, x).logits
        assert right == sum(1 for row, label in zip(logits.tolist(), y, strict=True) if row.index(max(row)) == label)
    assert e.train_accuracy == e.train_correct / e.n_train
    assert e.test_accuracy == e.test_correct / e.n_test


def test_a_strong_penalty_makes_the_hidden_layer_clearly_sparser():
    base = values(epochs=300, seed=3)
    none, strong = tr.train({**base, "l1": 0.0}), tr.train({**base, "l1": 0.1})
    assert strong.evaluation.sparsity >= none.evaluation.sparsity + 0.2
    assert strong.evaluation.dead >= none.evaluation.dead
    assert strong.evaluation.loss.penalty > 0 == none.evaluation.loss.penalty


def test_the_penalty_is_zero_for_l1_zero_and_linear_in_l1():
    hidden = (np.array([[0.0, 1.5], [2.0, 0.0], [0.5, 0.5]]),)
    assert tr.l1_penalty(hidden, 0.0) == 0.0
    assert tr.l1_penalty(hidden, 0.1) == pytest.approx(0.1 * 4.5 / 3, rel=1e-15)
    assert tr.l1_penalty((*hidden, np.ones((3, 4))), 0.1) == pytest.approx(0.1 * 16.5 / 3, rel=1e-15)


def test_relu_ignores_t_and_full_batch_ignores_the_batch_size():
    a = tr.relevant(values(activation="relu", t=0.5, batch="full", batch_size=32))
    b = tr.relevant(values(activation="relu", t=0.9, batch="full", batch_size=256))
    assert a == b
    assert "t" not in a and "batch_size" not in a
    assert tr.threshold_of(values(activation="relu", t=0.5)) == 0.0
    assert tr.threshold_of(values(activation="thresholded", t=0.5)) == 0.5
    assert tr.train({**a, **SMALL}).evaluation == tr.train({**b, **SMALL}).evaluation


def test_steps_per_epoch():
    assert tr.steps_per_epoch(values(batch="full", n_points=5_000)) == 1
    assert tr.steps_per_epoch(values(batch="mini", n_points=1_000, batch_size=128)) == 8
    assert tr.steps_per_epoch(values(batch="mini", n_points=200, batch_size=32)) == 7


def test_progress_is_reported_after_every_epoch():
    seen = []
    tr.train(values(**SMALL, batch="mini", batch_size=64), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, 50) for i in range(1, 51)]


def test_boundary_cells_hold_the_predicted_class_at_their_centres():
    v = values(**SMALL, classes=3)
    run, data = tr.train(v), tr.make_data(v)
    bnd = tr.boundary(run.net, data, resolution=20)
    assert bnd.classes.shape == (20, 20)
    reach = np.abs(np.concatenate((data.x_train, data.x_test))).max()
    assert bnd.extent == pytest.approx(reach + tr.BOUNDARY_MARGIN)
    for row, col in [(0, 0), (0, 19), (19, 0), (7, 12), (19, 19)]:
        centre = np.array([[-bnd.extent + (col + 0.5) * bnd.extent / 10, -bnd.extent + (row + 0.5) * bnd.extent / 10]])
        assert bnd.classes[row, col] == tr.forward(run.net, centre).logits.argmax()


def test_summarize_sorts_by_l1():
    v = values(**SMALL)
    models = tuple(tr.train({**v, "l1": l1}) for l1 in (0.1, 0.0, 1e-3))
    sweep = tr.summarize(models)
    assert sweep.l1 == (0.0, 1e-3, 0.1)
    assert sweep.sparsity == tuple(m.evaluation.sparsity for m in (models[1], models[2], models[0]))
    assert sweep.units == 16


# --- bounds --------------------------------------------------------------------------------------


def test_params_are_bounded_and_defaults_are_valid():
    for param in tr.PARAMS:
        assert param.coerce(param.default) == param.default
        if param.kind != "choice":
            assert param.min is not None and param.max is not None
    assert tr.DEMO.resolve({})[1] == []
    p = {param.name: param for param in tr.PARAMS}
    assert (p["hidden"].min, p["hidden"].max) == (8, 256)
    assert (p["n_points"].min, p["n_points"].max) == (200, 5_000)
    assert (p["epochs"].min, p["epochs"].max) == (50, 2_000)
    assert (p["t"].min, p["t"].max) == (0.0, 1.0)
    assert p["l1"].choices == (0.0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1)
    assert (p["layers"].min, p["layers"].max) == (1, 2)
    assert p["classes"].min == 2
    assert p["dataset"].choices == ("spirals", "rings")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"hidden": 512}, "hidden: 512 is not one of 8, 16, 32, 64, 128, 256"),
        ({"n_points": 10_000}, "n_points: 10000 is not one of 200, 500, 1,000, 2,000, 5,000"),
        ({"epochs": 10}, "epochs: 10 is outside [50, 2000]"),
        ({"epochs": 2050}, "epochs: 2050 is outside [50, 2000]"),
        ({"t": 1.5}, "t: 1.5 is outside [0, 1]"),
        ({"l1": 0.5}, "l1: 0.5 is not one of"),
        ({"layers": 3}, "layers: 3 is not one of 1, 2"),
        ({"classes": 1}, "classes: 1 is outside [2, 5]"),
        ({"noise": 0.5}, "noise: 0.5 is outside [0, 0.3]"),
        ({"batch_size": 8}, "batch_size: 8 is not one of 32, 64, 128, 256"),
        ({"dataset": "moons"}, "dataset: 'moons' is not one of spirals, rings"),
    ],
)
def test_out_of_range_values_are_rejected_by_the_declaration_and_the_engine(raw, message):
    problems = tr.DEMO.resolve(raw)[1]
    assert len(problems) == 1 and problems[0].startswith(message)
    with pytest.raises(ValueError, match=re.escape(message)):
        tr.check(raw)
    with pytest.raises(ValueError, match=re.escape(message)):
        tr.train(raw)
    with pytest.raises(ValueError, match=re.escape(message)):
        tr.make_data(raw)


def test_url_strings_round_trip_for_the_float_choices():
    for value in tr.L1_VALUES:
        assert tr.DEMO.param("l1").coerce(format(value, ".10g")) == value
    for value in tr.LR_VALUES:
        assert tr.DEMO.param("lr").coerce(format(value, ".10g")) == value


# --- figures -------------------------------------------------------------------------------------


def test_figures_in_both_languages_and_themes():
    assert tr.LABELS["en"].keys() == tr.LABELS["zh"].keys()
    assert tr.TEXT["en"].keys() == tr.TEXT["zh"].keys()
    v = values(**SMALL, classes=5)
    data = tr.make_data(v)
    models = tuple(tr.train({**v, "l1": l1}) for l1 in tr.L1_VALUES)
    sweep = tr.summarize(models)
    bnd = tr.boundary(models[0].net, data, resolution=24)
    for lang in ("en", "zh"):
        labels = tr.LABELS[lang]
        for dark in (False, True):
            ax = tr.boundary_figure(data, bnd, labels, dark).axes[0]
            assert ax.get_xlabel() == labels["x1"]
            assert [t.get_text() for t in ax.get_legend().get_texts()] == [
                labels["class"].format(k=k) for k in range(5)
            ]
            ax = tr.sweep_figure(sweep, 1e-3, labels, dark).axes[0]
            assert ax.get_xlabel() == labels["l1"]
            assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1e-05", "0.0001", "0.001", "0.01", "0.1"]
            lines = {line.get_label(): line for line in ax.get_lines()}
            assert list(lines[labels["sparsity"]].get_ydata()) == list(sweep.sparsity)
            assert list(lines[labels["test_acc"]].get_ydata()) == list(sweep.test_accuracy)
            ax = tr.dead_figure(sweep, 0.1, labels, dark).axes[0]
            assert ax.get_ylabel() == labels["count"]
            assert [bar.get_height() for bar in ax.patches] == list(sweep.dead)


def test_chinese_text_uses_full_width_punctuation():
    assert ascii_punctuation(tr.TEXT["zh"]) == []


# --- the page ------------------------------------------------------------------------------------


def page(tmp_path, lang: str = "en", **query: str) -> AppTest:
    return open_demo("training", lang=lang, **query)


def test_page_metrics_match_the_engine(tmp_path):
    query = {"n_points": "200", "epochs": "100", "hidden": "16", "l1": "0.01", "activation": "thresholded", "t": "0.1"}
    at = page(tmp_path, **query)
    run = tr.train(values(**{k: tr.DEMO.param(k).coerce(v) for k, v in query.items()}))
    e = run.evaluation
    text = tr.TEXT["en"]
    shown = {metric.label: metric.value for metric in at.metric}
    assert shown == {
        text["train_acc"]: f"{e.train_accuracy:.2%}",
        text["test_acc"]: f"{e.test_accuracy:.2%}",
        text["loss"]: f"{e.loss.total:.4f}",
        text["sparsity"]: f"{e.sparsity:.2%}",
        text["dead"]: f"{e.dead} / 16",
        text["penalty"]: f"{e.loss.penalty:.4g}",
    }
    assert "thresholded ReLU with t = 0.1" in at.caption[0].value
    assert "100 Adam steps per model" in at.caption[0].value
    table = at.table[0].value
    assert list(table[text["col_l1"]]) == ["0", "1e-05", "0.0001", "0.001", "0.01", "0.1"]
    assert table[text["col_sparsity"]].iloc[4] == f"{e.sparsity:.2%}"
    assert at.query_params["l1"] == "0.01"


def test_page_in_chinese_with_two_layers_and_mini_batches(tmp_path):
    at = page(tmp_path, lang="zh", n_points="200", epochs="50", hidden="8", layers="2", batch="mini", batch_size="64")
    assert at.metric[0].label == tr.TEXT["zh"]["train_acc"]
    assert at.metric[4].value.endswith(" / 16")
    assert "每轮 4 步" in at.caption[0].value


def test_a_second_visit_reads_every_model_from_the_cache(tmp_path, monkeypatch):
    from ui import training_view

    at = page(tmp_path, n_points="200", epochs="50", hidden="8", seed="7")
    first = [m.value for m in at.metric]
    calls = []
    monkeypatch.setattr(tr, "train", lambda *a, **k: calls.append(a) or pytest.fail("trained again"))
    at.run()
    assert not at.exception
    assert [m.value for m in at.metric] == first
    assert calls == []
    assert training_view.NotTrained.__name__ == "NotTrained"


class FakeSlot:
    """Records the progress-bar updates ``trained`` makes."""

    def __init__(self) -> None:
        self.updates: list[tuple[float, str]] = []

    def progress(self, value: float, text: str) -> None:
        self.updates.append((value, text))


def test_training_outside_the_cache_moves_the_bar_and_stores_the_model(monkeypatch):
    from ui import training_view

    monkeypatch.setattr(training_view, "PROGRESS_EVERY", 0.0)  # report every epoch
    training_view._stored.clear()
    key = tuple(sorted(tr.relevant(values(**SMALL, seed=5)).items()))
    key = tuple((k, v) for k, v in key if k != "l1")
    data = tr.make_data(dict(key))
    slot = FakeSlot()
    model = training_view.trained(key, 1e-3, data, slot, 2, tr.TEXT["en"])
    fractions = [value for value, _ in slot.updates]
    assert fractions == [(2 + done / 50) / 6 for done in range(51)]
    assert slot.updates[-1][1] == "Training with l1 = 0.001 (3 of 6): epoch 50 of 50"
    again = FakeSlot()
    assert training_view.trained(key, 1e-3, data, again, 2, tr.TEXT["en"]).evaluation == model.evaluation
    assert again.updates == []
    training_view._stored.clear()


def test_settings_beyond_the_work_budget_are_refused_with_a_clear_message():
    heavy = {"n_points": 5000, "hidden": 256, "layers": 2, "epochs": 2000}
    _, problems = tr.DEMO.resolve(heavy)
    assert problems and problems[0].startswith("epochs: one model would need about")
    with pytest.raises(ValueError, match="multiply-adds"):
        tr.check(heavy)
    many_steps = {"batch": "mini", "batch_size": 32, "n_points": 5000, "epochs": 2000, "hidden": 8}
    assert any("optimiser steps" in p for p in tr.DEMO.resolve(many_steps)[1])
    assert tr.DEMO.resolve({})[1] == []  # the defaults fit
