"""The Mixture-of-Experts routing demo's page body."""

from __future__ import annotations

from typing import Any

import streamlit as st

from engine.demos import moe
from engine.demos.demo import Demo
from engine.plotstyle import plot_lang, png
from ui.params import controls
from ui.state import dark_theme, lang

PLOT_DPI = 130
CHEAP = ("capacity_factor", "alpha")  # applied after the cached routing


@st.cache_resource(max_entries=8, show_spinner=False)
def _prepared(key: tuple[tuple[str, Any], ...]) -> moe.Prepared:
    return moe.prepare(dict(key))


@st.cache_data(max_entries=16, show_spinner=False)
def _routing_pngs(key: tuple[tuple[str, Any], ...], plot_lang: str, dark: bool) -> tuple[bytes, bytes | None]:
    """The plots that depend on the routing only (not on capacity or α)."""
    prepared = _prepared(key)
    labels = moe.LABELS[plot_lang]
    share = png(moe.share_figure(prepared, labels, dark), PLOT_DPI)
    history = None if prepared.after is None else png(moe.history_figure(prepared, labels, dark), PLOT_DPI)
    return share, history


def shown_after(place, text, key: str, before: float, after: float, balanced: bool, fmt: str, suffix: str = "") -> None:
    """A metric showing the value after balancing (if on), with the change from before as its delta."""
    value = after if balanced else before
    delta = fmt.replace("{:", "{:+").format(after - before) if balanced else None
    place.metric(text[key], fmt.format(value) + suffix, delta=delta, delta_color="inverse", help=text[f"{key}_help"])


def render(demo: Demo) -> None:
    """Widgets, metrics and the plots."""
    text = moe.TEXT[lang()]
    st.markdown(text["intro"])
    resolved = controls(demo, ("capacity_factor",))
    if resolved is None:
        return
    key = tuple(sorted((k, v) for k, v in resolved.items() if k not in CHEAP and demo.param(k).is_shown(resolved)))
    prepared = _prepared(key)
    m = moe.measure(prepared, resolved["capacity_factor"], resolved["alpha"])
    balanced = prepared.after is not None

    active, drop, aux, cv = st.columns(4)
    k, e = prepared.k, prepared.experts
    active.metric(text["active"], f"{k}/{e} = {float(m.active_share):.2%}", help=text["active_help"])
    shown_after(drop, text, "dropped", m.dropped_before, m.dropped_after, balanced, "{:,}", f" / {m.assignments:,}")
    shown_after(aux, text, "aux", m.aux_before, m.aux_after, balanced, "{:.4g}")
    shown_after(cv, text, "cv", m.cv_before, m.cv_after, balanced, "{:.3f}")
    st.caption(
        text["capacity"].format(
            cf=resolved["capacity_factor"], t=prepared.tokens, k=k, e=e, cap=m.capacity, ideal=m.ideal
        )
    )

    labels = moe.LABELS[plot_lang(lang())]
    dark = dark_theme()
    share_png, history_png = _routing_pngs(key, plot_lang(lang()), dark)
    plot_a, plot_b = st.columns(2)
    with plot_a:
        st.markdown(f"**{text['load_plot']}**")
        st.image(png(moe.load_figure(prepared, m.capacity, labels, dark), PLOT_DPI), width="stretch")
    with plot_b:
        st.markdown(f"**{text['share_plot']}**")
        st.image(share_png, width="stretch")
    if history_png is not None:
        plot_c, _ = st.columns(2)
        with plot_c:
            st.markdown(f"**{text['history_plot']}**")
            st.image(history_png, width="stretch")
