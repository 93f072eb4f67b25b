"""The sidebar every page shares: the language switch, kept in ``?lang=``."""

from __future__ import annotations

import streamlit as st

from engine.i18n import LANGS
from ui.params import adopt_url, publish
from ui.state import LANG


def language_picker() -> str:
    """Draw the language switch and return the language."""
    adopt_url([LANG])
    st.session_state.setdefault("lang", LANG.default)
    choice = st.sidebar.segmented_control(
        LANG.label["en"], list(LANGS), required=True, format_func=LANGS.get, key="lang"
    )
    publish({"lang": choice})
    return choice
