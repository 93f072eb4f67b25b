"""The sparse convolution demo's page body."""

from __future__ import annotations

from typing import Any

import streamlit as st

from engine.demos import sparse_conv
from engine.demos.demo import Demo
from engine.plotstyle import plot_lang, png
from ui.params import controls
from ui.state import dark_theme, lang

PLOT_DPI = 130


@st.cache_resource(max_entries=8, show_spinner=False)
def _computed(key: tuple[tuple[str, Any], ...]) -> sparse_conv.Layers:
    return sparse_conv.compute(dict(key))


@st.cache_data(max_entries=16, show_spinner=False)
def _pngs(key: tuple[tuple[str, Any], ...], plot_lang: str, dark: bool) -> tuple[bytes, bytes, bytes]:
    """The three plots: the grids, active sites per layer, MACs per layer."""
    result = _computed(key)
    labels = sparse_conv.LABELS[plot_lang]
    return (
        png(sparse_conv.grids_figure(result, labels, dark), PLOT_DPI),
        png(sparse_conv.sites_figure(result, labels, dark), PLOT_DPI),
        png(sparse_conv.macs_figure(result, labels, dark), PLOT_DPI),
    )


def render(demo: Demo) -> None:
    """Widgets, metrics for one layer and for all layers, and the plots."""
    text = sparse_conv.TEXT[lang()]
    st.markdown(text["intro"])
    resolved = controls(demo, ("layers",))
    if resolved is None:
        return
    key = tuple(sorted((k, v) for k, v in resolved.items() if demo.param(k).is_shown(resolved)))
    result = _computed(key)
    n = result.layers

    def ratio(value: int, dense: int) -> str:
        return text["ratio"].format(value=value / dense)

    st.markdown(f"**{text['one_layer']}**")
    sites, dense, sparse, sub = st.columns(4)
    sites.metric(
        text["active_in"],
        f"{result.sub_active:,} / {result.size**2:,}",
        delta=f"{result.sub_active / result.size**2:.2%}",
        delta_color="off",
        delta_arrow="off",
        help=text["active_help"],
    )
    dense.metric(text["dense"], f"{int(result.dense[0]):,}", help=text["dense_help"])
    sparse.metric(
        text["sparse"],
        f"{int(result.sparse[0]):,}",
        delta=ratio(result.sparse[0], result.dense[0]),
        delta_color="off",
        delta_arrow="off",
        help=text["sparse_help"],
    )
    sub.metric(
        text["submanifold"],
        f"{int(result.submanifold[0]):,}",
        delta=ratio(result.submanifold[0], result.dense[0]),
        delta_color="off",
        delta_arrow="off",
        help=text["submanifold_help"],
    )

    st.markdown(f"**{text['all_layers'].format(n=n)}**")
    sites, dense, sparse, sub = st.columns(4)
    sites.metric(
        text["active_out"].format(n=n),
        f"{int(result.active[-1]):,}",
        delta=f"{int(result.active[-1] - result.active[0]):+,}",
        delta_color="off",
        help=text["active_out_help"].format(m=result.sub_active),
    )
    total_dense = int(result.dense.sum())
    dense.metric(text["dense"], f"{total_dense:,}", help=text["dense_help"])
    total_sparse, total_sub = int(result.sparse.sum()), int(result.submanifold.sum())
    sparse.metric(
        text["sparse"],
        f"{total_sparse:,}",
        delta=ratio(total_sparse, total_dense),
        delta_color="off",
        delta_arrow="off",
        help=text["sparse_help"],
    )
    sub.metric(
        text["submanifold"],
        f"{total_sub:,}",
        delta=ratio(total_sub, total_dense),
        delta_color="off",
        delta_arrow="off",
        help=text["submanifold_help"],
    )

    grids_png, sites_png, macs_png = _pngs(key, plot_lang(lang()), dark_theme())
    st.markdown(f"**{text['grids_plot']}**")
    st.image(grids_png, width="stretch")
    plot_a, plot_b = st.columns(2)
    with plot_a:
        st.markdown(f"**{text['sites_plot']}**")
        st.image(sites_png, width="stretch")
    with plot_b:
        st.markdown(f"**{text['macs_plot']}**")
        st.image(macs_png, width="stretch")
