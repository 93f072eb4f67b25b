"""The speed demo's page body: dense matvec against gathers of the active weights."""

from __future__ import annotations

from typing import Any

import streamlit as st

from engine.demos import speed
from engine.demos.demo import Demo
from engine.plotstyle import plot_lang, png
from ui.params import controls
from ui.state import dark_theme, lang

PLOT_DPI = 130


@st.cache_resource(show_spinner=False)
def _cache_info() -> speed.CacheInfo:
    return speed.cache_info()


@st.cache_resource(max_entries=1, ttl=600, show_spinner=False)
def _workspace(d_in: int, d_out: int, seed: int) -> speed.Workspace:
    # One at a time: at the largest sizes the two layouts take 512 MiB.
    return speed.workspace(d_in, d_out, seed, _cache_info())


@st.cache_data(max_entries=90, show_spinner=False)
def _sample(key: tuple[tuple[str, Any], ...], index: int) -> speed.Sample:
    """One density's timings, cached per parameter set and density (so progress can show per density)."""
    v = dict(key)
    return speed.measure_density(_workspace(v["d_in"], v["d_out"], v["seed"]), index, v["repeats"], v["seed"])


@st.cache_data(max_entries=16, show_spinner=False)
def _pngs(samples: tuple[speed.Sample, ...], d_in: int, d_out: int, plot_lang: str, dark: bool) -> tuple[bytes, bytes]:
    """Both plots as PNG, cached by the timings they show (so a rerun does not redraw them)."""
    summary = speed.summarize(samples, d_in, d_out)
    labels = speed.LABELS[plot_lang]
    return (
        png(speed.speedup_figure(summary, labels, dark), PLOT_DPI),
        png(speed.time_figure(summary, labels, dark), PLOT_DPI),
    )


def break_even_text(even: speed.BreakEven, summary: speed.Summary, text: dict[str, str]) -> str:
    """The break-even density, or where it lies beyond the measured grid."""
    if even.kind == "crossed":
        return speed.percent(even.density)
    if even.kind == "always":
        return text["always"].format(density=speed.percent(summary.density[-1]))
    return text["never"].format(density=speed.percent(summary.density[0]))


def table(summary: speed.Summary, text: dict[str, str]) -> dict[str, list[str]]:
    """The table of median times and ratios, one row per density, as display strings."""
    return {
        text["col_density"]: [speed.percent(d) for d in summary.density],
        text["col_active"]: [f"{k:,} / {summary.d_in:,}" for k in summary.active],
        text["col_dense"]: [f"{1e3 * t:.3f}" for t in summary.dense],
        text["col_columns"]: [f"{1e3 * t:.3f}" for t in summary.columns],
        text["col_rows"]: [f"{1e3 * t:.3f}" for t in summary.rows],
        text["col_speedup_columns"]: [f"{s:.2f}×" for s in summary.speedup_columns],
        text["col_speedup_rows"]: [f"{s:.2f}×" for s in summary.speedup_rows],
        text["col_ideal"]: [f"{s:.2f}×" for s in summary.ideal],
    }


def size_note(summary: speed.Summary, cache: speed.CacheInfo, text: dict[str, str]) -> tuple[bool, str]:
    """Whether the weights are large enough against the LLC, and the sentence that says so."""
    size = speed.mib(summary.weight_bytes)
    ratio = speed.llc_ratio(summary.d_in, summary.d_out, cache)
    if ratio is None:
        return True, text["size_unknown"].format(size=size)
    facts = {"size": size, "ratio": ratio, "level": cache.level, "llc": speed.mib(cache.llc_bytes)}
    if ratio >= speed.LLC_MULTIPLE:
        return True, text["size_ok"].format(**facts)
    return False, text["size_small"].format(need=speed.mib(speed.min_weight_bytes(cache)), **facts)


def render(demo: Demo) -> None:
    """Widgets, a progress bar while measuring, metrics, the two plots, the table and the notes."""
    text = speed.TEXT[lang()]
    st.markdown(text["intro"])
    resolved = controls(demo)
    if resolved is None:
        return
    if st.button(text["remeasure"], help=text["remeasure_help"], icon=":material/refresh:"):
        _sample.clear()

    key = tuple(sorted(resolved.items()))
    total = len(speed.DENSITIES)
    bar = st.progress(0.0)
    samples = []
    for i, density in enumerate(speed.DENSITIES):
        bar.progress(i / total, text=text["measuring"].format(density=speed.percent(density), done=i + 1, total=total))
        samples.append(_sample(key, i))
    bar.empty()
    summary = speed.summarize(tuple(samples), resolved["d_in"], resolved["d_out"])
    cache = _cache_info()

    ok, note = size_note(summary, cache, text)
    if ok:
        st.caption(note)
    else:
        st.warning(note, icon=":material/memory:")

    rows, columns, low, dense = st.columns(4)
    rows.metric(
        text["break_even_rows"], break_even_text(summary.break_even_rows, summary, text), help=text["break_even_help"]
    )
    columns.metric(
        text["break_even_columns"],
        break_even_text(summary.break_even_columns, summary, text),
        help=text["break_even_help"],
    )
    low.metric(
        text["speedup_low"].format(density=speed.percent(summary.density[0])),
        f"{summary.speedup_rows[0]:.1f}×",
        help=text["speedup_low_help"].format(ideal=f"{summary.ideal[0]:.1f}×"),
    )
    dense.metric(
        text["dense_time"],
        f"{1e3 * summary.dense_all:.2f} ms",
        help=text["dense_time_help"].format(
            size=speed.mib(summary.weight_bytes), bandwidth=f"{summary.bandwidth / 1e9:.3g}"
        ),
    )

    for name in ("rows", "columns"):
        crossings = getattr(summary, f"break_even_{name}").crossings
        if crossings > 1:
            st.warning(text["noisy"].format(layout=text[f"layout_{name}"], n=crossings), icon=":material/blur_on:")

    speedup_png, time_png = _pngs(tuple(samples), summary.d_in, summary.d_out, plot_lang(lang()), dark_theme())
    plot_a, plot_b = st.columns(2)
    with plot_a:
        st.markdown(f"**{text['speedup_plot']}**")
        st.image(speedup_png, width="stretch")
    with plot_b:
        st.markdown(f"**{text['time_plot']}**")
        st.image(time_png, width="stretch")

    st.markdown(f"**{text['table']}**")
    st.table(table(summary, text), hide_index=True)

    line = ""
    if cache.line_bytes:
        line = text["line"].format(line=cache.line_bytes, per=cache.line_bytes // speed.ITEM_BYTES)
    st.markdown(f"#### {text['layout_title']}")
    st.markdown(text["layout"].format(faster=summary.rows_faster, total=total, line=line))
    st.markdown(f"#### {text['llm_title']}")
    st.markdown(text["llm"])
