"""The dense-layer demo's page body (seed question Q7)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from engine.demos import dense_layer
from engine.demos.demo import Demo
from engine.plotstyle import plot_lang, png
from ui.params import controls
from ui.state import dark_theme, lang

PLOT_DPI = 130


@st.cache_resource(max_entries=4, show_spinner=False)
def _network(key: tuple[tuple[str, Any], ...]) -> dense_layer.Network:
    return dense_layer.build(dict(key))


def render(demo: Demo) -> None:
    """Widgets, metrics, the exactness and gradient checks, and the two plots."""
    text = dense_layer.TEXT[lang()]
    st.markdown(text["intro"])
    resolved = controls(demo, ("t",))
    if resolved is None:
        return
    net = _network(tuple(sorted((k, resolved[k]) for k in dense_layer.NETWORK_PARAMS)))
    point = dense_layer.evaluate(net, resolved["t"])
    d_in, d_h, d_out, batch = (resolved[k] for k in ("d_in", "d_hidden", "d_out", "batch"))

    formula = f"{d_in}·{d_h} + {d_h} + {d_h}·{d_out} + {d_out}"
    top = st.columns(3)
    top[0].metric(
        text["m.parameters"],
        f"{net.parameters:,}",
        help=text["m.parameters_help"].format(formula=formula, count=dense_layer.parameter_count(d_in, d_h, d_out)),
    )
    top[1].metric(
        text["m.sparsity"],
        f"{point.sparsity:.2%}",
        help=text["m.sparsity_help"].format(zeros=point.zeros, total=point.h.size),
    )
    top[2].metric(text["m.dead"], f"{point.dead_count:,} / {d_h:,}", help=text["m.dead_help"])
    bottom = st.columns(3)
    bottom[0].metric(
        text["m.dense"],
        f"{point.macs_dense:,}",
        help=text["m.dense_help"].format(batch=batch, d_hidden=d_h, d_out=d_out),
    )
    bottom[1].metric(
        text["m.skip"],
        f"{point.macs_skip:,}",
        help=text["m.skip_help"].format(nonzero=point.h.size - point.zeros, d_out=d_out),
    )
    factor = text["fewer"].format(factor=1 / point.skip_ratio) if point.macs_skip else text["no_work"]
    ratio = text["ratio_value"].format(ratio=point.skip_ratio, factor=factor)
    bottom[2].metric(text["m.ratio"], ratio, help=text["m.ratio_help"])

    if point.outputs_equal:
        st.caption(text["equal"].format(n=point.out_dense.size, blas=point.blas_difference))
    else:  # cannot happen (the test suite checks it); say so if it ever does
        diff = float(abs(point.out_dense - point.out_skip).max())
        st.warning(text["not_equal"].format(diff=diff))
    same = bool((point.zero_gradient == point.dead).all())
    verdict = text["same_units" if same else "other_units"]
    st.caption(text["gradient"].format(zero=int(point.zero_gradient.sum()), verdict=verdict))

    labels = dense_layer.LABELS[plot_lang(lang())]
    dark = dark_theme()
    plot_a, plot_b = st.columns(2)
    with plot_a:
        st.markdown(f"**{text['curve_plot']}**")
        st.image(png(dense_layer.curve_figure(net, point, labels, dark), PLOT_DPI), width="stretch")
    with plot_b:
        st.markdown(f"**{text['mask_plot']}**")
        st.image(png(dense_layer.mask_figure(net, point, labels, dark), PLOT_DPI), width="stretch")
