"""The training demo's page body: one MLP per L1 weight, trained with a moving progress bar."""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from engine.demos import training
from engine.demos.demo import Demo
from engine.plotstyle import plot_lang, png
from ui.params import controls
from ui.state import dark_theme, lang

PLOT_DPI = 130
PROGRESS_EVERY = 0.15  # seconds between progress-bar updates while a model trains
Key = tuple[tuple[str, Any], ...]


class NotTrained(Exception):
    """Raised by :func:`_stored` when no model is stored for its arguments (exceptions are not cached)."""


@st.cache_data(max_entries=60, show_spinner=False)
def _stored(key: Key, l1: float, _trained: training.Trained | None = None) -> training.Trained:
    """The model trained with the parameters ``key`` and the penalty ``l1``.

    The call that passes ``_trained`` stores it; later calls with the same key read it. Training
    runs outside this function because a cached function may not update the progress bar (an
    element created outside it), so the bar can move while a long run trains.
    """
    if _trained is None:
        raise NotTrained
    return _trained


@st.cache_data(max_entries=8, show_spinner=False)
def _data(key: Key) -> training.Data:
    return training.make_data(dict(key))


def trained(key: Key, l1: float, data: training.Data, slot: Any, i: int, text: dict[str, str]) -> training.Trained:
    """The model for ``l1``, from the cache or trained now with a progress bar in ``slot``.

    ``i`` is the model's place (0-based) among the ``len(L1_VALUES)`` models; the bar shows the share
    of all of them done.
    """
    try:
        return _stored(key, l1)
    except NotTrained:
        pass
    total = len(training.L1_VALUES)
    last = 0.0

    def report(done: int, epochs: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done == epochs or now - last >= PROGRESS_EVERY:
            last = now
            label = text["training"].format(l1=training.l1_text(l1), i=i + 1, total=total, done=done, epochs=epochs)
            slot.progress(min(1.0, (i + done / epochs) / total), text=label)

    report(0, dict(key)["epochs"])
    model = training.train({**dict(key), "l1": l1}, data, report)
    return _stored(key, l1, model)


@st.cache_data(max_entries=16, show_spinner=False)
def _boundary_png(key: Key, l1: float, plot_lang: str, dark: bool, _model: training.Trained, _data: training.Data):
    """The decision-region plot of the model for ``key`` and ``l1``."""
    bnd = training.boundary(_model.net, _data)
    return png(training.boundary_figure(_data, bnd, training.LABELS[plot_lang], dark), PLOT_DPI)


@st.cache_data(max_entries=16, show_spinner=False)
def _sweep_pngs(key: Key, current: float, plot_lang: str, dark: bool, _sweep: training.Sweep) -> tuple[bytes, bytes]:
    """The two plots against l1 for the models trained with ``key``."""
    labels = training.LABELS[plot_lang]
    return (
        png(training.sweep_figure(_sweep, current, labels, dark), PLOT_DPI),
        png(training.dead_figure(_sweep, current, labels, dark), PLOT_DPI),
    )


def table(models: tuple[training.Trained, ...], text: dict[str, str]) -> dict[str, list[str]]:
    """One row per model of the sweep, in l1 order, as display strings."""
    models = tuple(sorted(models, key=lambda m: m.l1))
    e = [m.evaluation for m in models]
    return {
        text["col_l1"]: [training.l1_text(m.l1) for m in models],
        text["col_train"]: [f"{x.train_accuracy:.2%}" for x in e],
        text["col_test"]: [f"{x.test_accuracy:.2%}" for x in e],
        text["col_sparsity"]: [f"{x.sparsity:.2%}" for x in e],
        text["col_dead"]: [f"{x.dead} / {x.units}" for x in e],
        text["col_loss"]: [f"{x.loss.total:.4f}" for x in e],
    }


def setup_text(values: dict[str, Any], units: int, text: dict[str, str]) -> str:
    """The network, the activation and the optimisation schedule in one sentence."""
    per = training.steps_per_epoch(values)
    net = text[f"net_{values['layers']}"].format(hidden=values["hidden"], units=units)
    activation = text["relu"] if values["activation"] == "relu" else text["thresholded"].format(t=values["t"])
    batches = text["full"] if values["batch"] == "full" else text["mini"].format(size=values["batch_size"], per=per)
    return text["setup"].format(
        net=net,
        activation=activation,
        batches=batches,
        epochs=values["epochs"],
        lr=values["lr"],
        steps=per * values["epochs"],
    )


def render(demo: Demo) -> None:
    """Widgets, the current model's metrics and decision regions, then the sweep over l1."""
    text = training.TEXT[lang()]
    st.markdown(text["intro"])
    resolved = controls(demo, ("l1",))
    if resolved is None:
        return
    current = resolved["l1"]
    key = tuple(sorted((k, v) for k, v in training.relevant(resolved).items() if k != "l1"))
    data = _data(key)

    slot = st.empty()
    model = trained(key, current, data, slot, 0, text)
    slot.empty()
    e = model.evaluation
    train_acc, test_acc, loss = st.columns(3)
    train_acc.metric(
        text["train_acc"],
        f"{e.train_accuracy:.2%}",
        help=text["correct_help"].format(correct=e.train_correct, n=e.n_train),
    )
    test_acc.metric(
        text["test_acc"], f"{e.test_accuracy:.2%}", help=text["correct_help"].format(correct=e.test_correct, n=e.n_test)
    )
    loss.metric(
        text["loss"], f"{e.loss.total:.4f}", help=text["loss_help"].format(ce=e.loss.ce, penalty=e.loss.penalty)
    )
    sparsity, dead, penalty = st.columns(3)
    sparsity.metric(
        text["sparsity"], f"{e.sparsity:.2%}", help=text["sparsity_help"].format(zeros=e.zeros, total=e.activations)
    )
    dead.metric(
        text["dead"],
        f"{e.dead} / {e.units}",
        help=text["dead_help"].format(layers=", ".join(str(d) for d in e.dead_per_layer)),
    )
    penalty.metric(text["penalty"], f"{e.loss.penalty:.4g}", help=text["penalty_help"])
    st.caption(setup_text(resolved, e.units, text))

    chart_lang, dark = plot_lang(lang()), dark_theme()
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{text['boundary_plot']}**")
        st.image(_boundary_png(key, current, chart_lang, dark, model, data), width="stretch")
    with right:
        st.markdown(f"**{text['sweep_title']}: {text['sweep_plot']}**")
        slot = st.empty()
        others = [l1 for l1 in training.L1_VALUES if l1 != current]
        models = (model, *(trained(key, l1, data, slot, i, text) for i, l1 in enumerate(others, start=1)))
        slot.empty()
        sweep = training.summarize(models)
        sweep_png, dead_png = _sweep_pngs(key, current, chart_lang, dark, sweep)
        st.image(sweep_png, width="stretch")
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{text['dead_plot']}**")
        st.image(dead_png, width="stretch")
    with right:
        st.markdown(f"**{text['table']}**")
        st.table(table(models, text), hide_index=True)
