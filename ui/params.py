"""Widgets derived from declared parameters, kept in step with the URL.

A value that arrives in the URL (a shared link, a question's preset) is copied
into the widget's state once; after that the widgets own the value and every
rerun writes it back to the URL, so a copied link reproduces the view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import streamlit as st

from engine.demos.demo import Demo
from engine.i18n import t
from engine.params import Param, url_text
from ui.state import lang

_SEEN = "_url_seen"


def adopt_url(params: Iterable[Param]) -> list[str]:
    """Copy values that are new in the URL into widget state; return the bad ones' problems."""
    seen = st.session_state.setdefault(_SEEN, {})
    problems = []
    for param in params:
        raw = st.query_params.get(param.name)
        if raw is None or seen.get(param.name) == raw:
            continue
        seen[param.name] = raw
        try:
            st.session_state[param.name] = param.coerce(raw)
        except ValueError as exc:
            problems.append(str(exc))
    return problems


def publish(values: Mapping[str, Any], drop: Iterable[str] = ()) -> None:
    """Write ``values`` to the URL and remove the ``drop`` names from it."""
    seen = st.session_state.setdefault(_SEEN, {})
    for name, value in values.items():
        text = url_text(value)
        seen[name] = text
        if st.query_params.get(name) != text:
            st.query_params[name] = text
    for name in drop:
        seen.pop(name, None)
        if name in st.query_params:
            del st.query_params[name]


def widget(param: Param, container: Any = st) -> Any:
    """One widget for ``param``, keyed by its name and starting at its default."""
    label = param.label.get(lang(), param.label["en"]) + (f" ({param.unit})" if param.unit else "")
    fresh = param.name not in st.session_state  # else the widget keeps (or adopts) its state
    if param.kind == "choice":
        start = {"index": param.choices.index(param.default)} if fresh else {}
        return container.selectbox(label, param.choices, format_func=_choice_label(param), key=param.name, **start)
    start = {"value": param.default} if fresh else {}
    if param.choices:
        return container.select_slider(
            label, options=param.choices, format_func=lambda v: f"{v:,}", key=param.name, **start
        )
    if param.kind == "int":
        return container.number_input(
            label, int(param.min), int(param.max), step=int(param.step), key=param.name, **start
        )
    return container.slider(label, float(param.min), float(param.max), step=float(param.step), key=param.name, **start)


def _choice_label(param: Param):
    """Labels for a choice widget in the language of this run (fixed, so the labels stay stable)."""
    language = lang()

    def label(value: str) -> str:
        if value in param.choice_labels:
            return param.choice_labels[value].get(language, value)
        key = f"{param.name}.{value}"
        text = t(key, language)
        return value if text == key else text

    return label


def widgets(params: Iterable[Param], container: Any = st, current: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Widgets for the parameters that apply (given ``current`` values); return their values."""
    out = dict(current or {})
    for param in params:
        if param.is_shown(out):
            out[param.name] = widget(param, container)
    return out


def controls(demo: Demo, main: Sequence[str] = ()) -> dict[str, Any] | None:
    """A demo's widgets: the ``main`` parameters side by side above the results, the rest in the
    sidebar. Writes the URL and returns the resolved values, or shows the problems and returns None."""
    by_name = {p.name: p for p in demo.params}
    with st.sidebar:
        shown = widgets(p for p in demo.params if p.name not in main)
    places = st.columns(len(main)) if len(main) > 1 else [st] * len(main)
    for place, name in zip(places, main, strict=True):
        if by_name[name].is_shown(shown):
            shown[name] = widget(by_name[name], place)
    publish(shown, drop=[p.name for p in demo.params if p.name not in shown])
    resolved, problems = demo.resolve(shown)
    if problems:
        st.error("; ".join(problems))
        return None
    return resolved
