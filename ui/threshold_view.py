"""The threshold demo's page body."""

from __future__ import annotations

from typing import Any

import streamlit as st

from engine.demos import threshold
from engine.demos.demo import Demo
from engine.plotstyle import plot_lang
from ui.params import controls
from ui.state import dark_theme, lang, tr

PLOT_DPI = 110


@st.cache_resource(max_entries=8, show_spinner=False)
def _prepared(key: tuple[tuple[str, Any], ...]) -> threshold.Prepared:
    return threshold.prepare(dict(key))


@st.cache_resource(max_entries=8, show_spinner=False)
def _frames(key: tuple[tuple[str, Any], ...], plot_language: str, dark: bool) -> threshold.Frames:
    """Both plots' static layers: drawn once, then every threshold only composites pixels."""
    return threshold.frames(_prepared(key), threshold.LABELS[plot_language], dark, PLOT_DPI)


def render(demo: Demo) -> None:
    """Widgets, metrics and the two plots."""
    st.markdown(tr("demos.threshold.intro"))
    resolved = controls(demo, ("threshold",))
    if resolved is None:
        return
    t = resolved["threshold"]
    key = tuple(sorted((k, v) for k, v in resolved.items() if k != "threshold"))
    point = threshold.measure(_prepared(key), t)

    left, mid, right = st.columns(3)
    left.metric(tr("demos.sparsity"), f"{point.sparsity:.2%}", help=tr("demos.sparsity_help"))
    exact = (
        tr("demos.pool")
        if resolved["dist"] == "mlp"
        else f"{tr('demos.exact')} {tr('demos.closed_form.' + resolved['dist'])}"
    )
    mid.metric(exact, f"{point.exact:.2%}")
    right.metric(tr("demos.zeros"), f"{point.zeros:,} / {point.n:,}")

    layers = _frames(key, plot_lang(lang()), dark_theme())
    before, after = st.columns(2)
    with before:
        st.markdown(f"**{tr('demos.input_plot')}**")
        st.image(threshold.input_png(layers, t), width="stretch")
    with after:
        st.markdown(f"**{tr('demos.output_plot')}**")
        st.image(threshold.output_png(layers, point), width="stretch")
    curve, _ = st.columns(2)
    with curve:
        st.markdown(f"**{tr('demos.curve_plot')}**")
        st.image(threshold.curve_png(layers, point), width="stretch")
