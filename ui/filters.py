"""Sidebar filters by topic and difficulty, shared by the pages that list questions."""

from __future__ import annotations

import streamlit as st

from engine.search import Index
from ui.state import tr

DIFFICULTIES = ("easy", "medium", "hard")


def topic_and_difficulty(index: Index, prefix: str = "") -> tuple[list[str], list[str]]:
    """The topics and difficulties picked in the sidebar (empty: any); widget keys ``{prefix}topics``
    and ``{prefix}difficulties``."""
    with st.sidebar:
        topics = st.multiselect(
            tr("browse.topic"),
            index.topics(),
            key=f"{prefix}topics",
            format_func=lambda v: tr("topic." + v),
            placeholder=tr("browse.any_topic"),
        )
        difficulties = st.pills(
            tr("browse.difficulty"),
            DIFFICULTIES,
            selection_mode="multi",
            key=f"{prefix}difficulties",
            format_func=lambda v: tr("difficulty." + v),
        )
    return topics, list(difficulties or ())
