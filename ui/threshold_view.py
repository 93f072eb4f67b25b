"""The threshold demo's page body.

A threshold move reruns only the part of the page below the slider (a fragment), and the
plots for a threshold are drawn once and shared by every session with the same input,
language and theme, so a move costs little even with many users on one server.
"""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

import streamlit as st

from engine.demos import threshold
from engine.demos.demo import Demo
from engine.params import Param
from engine.plotstyle import plot_lang
from ui.params import controls, publish, widget
from ui.state import dark_theme, lang, tr

PLOT_DPI = 110
Key = tuple[tuple[str, Any], ...]


@st.cache_resource(max_entries=8, show_spinner=False)
def _prepared(key: Key) -> threshold.Prepared:
    return threshold.prepare(dict(key))


@st.cache_resource(max_entries=8, show_spinner=False)
def _frames(key: Key, plot_language: str, dark: bool) -> threshold.Frames:
    """Both plots' static layers: drawn once, then every threshold only composites pixels."""
    return threshold.frames(_prepared(key), threshold.LABELS[plot_language], dark, PLOT_DPI)


def _inline(png: bytes) -> str:
    """A PNG as a data URL: it arrives with the page's update, with no request of its own."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@st.cache_resource(max_entries=256, show_spinner=False)
def _plots(key: Key, plot_language: str, dark: bool, t: float) -> tuple[str, str, str]:
    """The input, output and sparsity plots at ``t`` as PNG data URLs (about 60 kB for the
    three; 256 thresholds kept)."""
    layers, point = _frames(key, plot_language, dark), threshold.measure(_prepared(key), t)
    pngs = threshold.input_png(layers, t), threshold.output_png(layers, point), threshold.curve_png(layers, point)
    return tuple(_inline(png) for png in pngs)


def render(demo: Demo) -> None:
    """The intro and the input's widgets (a change reruns the page), then the live part."""
    st.markdown(tr("demos.threshold.intro"))
    slider = demo.param("threshold")
    others = controls(dataclasses.replace(demo, params=tuple(p for p in demo.params if p is not slider)))
    _live(slider, others)


@st.fragment
def _live(slider: Param, others: dict[str, Any] | None) -> None:
    """The threshold slider, then (if the other values are valid) the metrics and the plots:
    a slider move reruns only this."""
    t = widget(slider)
    publish({slider.name: t})
    if others is None:
        return
    key = tuple(sorted(others.items()))
    point = threshold.measure(_prepared(key), t)

    left, mid, right = st.columns(3)
    left.metric(tr("demos.sparsity"), f"{point.sparsity:.2%}", help=tr("demos.sparsity_help"))
    exact = (
        tr("demos.pool")
        if others["dist"] == "mlp"
        else f"{tr('demos.exact')} {tr('demos.closed_form.' + others['dist'])}"
    )
    mid.metric(exact, f"{point.exact:.2%}")
    right.metric(tr("demos.zeros"), f"{point.zeros:,} / {point.n:,}")

    before_png, after_png, curve_png = _plots(key, plot_lang(lang()), dark_theme(), t)
    before, after = st.columns(2)
    with before:
        st.markdown(f"**{tr('demos.input_plot')}**")
        st.image(before_png, width="stretch")
    with after:
        st.markdown(f"**{tr('demos.output_plot')}**")
        st.image(after_png, width="stretch")
    curve, _ = st.columns(2)
    with curve:
        st.markdown(f"**{tr('demos.curve_plot')}**")
        st.image(curve_png, width="stretch")
