"""The sidebar every page shares: the language switch, kept in ``?lang=``."""

from __future__ import annotations

import streamlit as st

from engine.i18n import LANGS
from ui.params import adopt_url, publish
from ui.state import LANG


def language_picker() -> str:
    """Draw the language switch and return the language."""
    adopt_url([LANG])
    start = {} if "lang" in st.session_state else {"index": list(LANGS).index(LANG.default)}
    choice = st.sidebar.radio(
        LANG.label["en"], list(LANGS), format_func=LANGS.get, key="lang", horizontal=True, **start
    )
    publish({"lang": choice})
    return choice
