"""The activation zoo's page body."""

from __future__ import annotations

from typing import Any

import streamlit as st

from engine.demos import zoo
from engine.demos.demo import Demo
from engine.plotstyle import plot_lang, png
from ui.params import controls
from ui.state import dark_theme, lang

PLOT_DPI = 130
MAIN_PARAMS = ("t", "lam", "k", "eps")  # drawn above the results; the input's parameters go in the sidebar


@st.cache_resource(max_entries=4, show_spinner=False)
def _prepared(key: tuple[tuple[str, Any], ...]) -> zoo.Prepared:
    return zoo.prepare(dict(key))


def render(demo: Demo) -> None:
    """Widgets, metrics, the table and the two plots."""
    text = zoo.TEXT[lang()]
    st.markdown(text["intro"])
    resolved = controls(demo, MAIN_PARAMS)
    if resolved is None:
        return
    prepared = _prepared(tuple(sorted((k, resolved[k]) for k in zoo.INPUT_PARAMS)))
    result = zoo.measure(prepared, resolved["t"], resolved["lam"], resolved["k"], resolved["eps"])

    def closed_help(key: str) -> str:
        return text["m.closed_help"].format(
            formula=zoo.CLOSED_FORMS[key], value=zoo.percent(result.row(key).closed_form)
        )

    relu, thresh, topk = result.row("relu"), result.row("thresholded"), result.row("topk")
    cols = st.columns(4)
    cols[0].metric(text["m.relu"], f"{relu.zero_fraction:.2%}", help=closed_help("relu"))
    cols[1].metric(text["m.thresholded"], f"{thresh.zero_fraction:.2%}", help=closed_help("thresholded"))
    cols[2].metric(text["m.topk"], f"{topk.zero_fraction:.2%}", help=closed_help("topk"))
    smooth = " · ".join(f"{result.row(key).zeros:,}" for key in zoo.NO_EXACT_ZEROS)
    cols[3].metric(text["m.smooth"], smooth, help=text["m.smooth_help"].format(n=relu.outputs))

    gelu = result.row("gelu")
    cuts = {"cut": zoo.GELU_CUTOFF, "silu_cut": zoo.SILU_CUTOFF}
    if gelu.zeros:
        st.info(text["gelu_zeros"].format(zeros=gelu.zeros, exact=gelu.closed_form, **cuts), icon=":material/info:")
    else:
        st.caption(text["gelu_none"].format(**cuts))

    st.markdown(f"**{text['table']}**")
    frame = zoo.table(result, lang())
    for key in zoo.FRACTION_COLUMNS:
        frame[text[key]] = frame[text[key]].map(zoo.percent)
    st.dataframe(frame, hide_index=True, width="stretch")
    rows = topk.outputs // zoo.ROW_WIDTH
    st.caption(text["topk_note"].format(width=zoo.ROW_WIDTH, used=topk.outputs, n=relu.outputs, rows=rows))
    st.caption(text["jumprelu_note"])

    labels = zoo.LABELS[plot_lang(lang())]
    dark = dark_theme()
    plot_a, plot_b = st.columns(2)
    with plot_a:
        st.markdown(f"**{text['bars']}**")
        st.image(png(zoo.bars_figure(result, labels, dark), PLOT_DPI), width="stretch")
    with plot_b:
        st.markdown(f"**{text['curves']}**")
        st.image(png(zoo.curves_figure(result, labels, dark), PLOT_DPI), width="stretch")
        st.caption(text["curves_note"])
