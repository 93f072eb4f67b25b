"""The app's pages and navigation, and the first run of a session.

When a ``pages/`` folder exists, Streamlit starts each server process in its legacy multipage
mode: until the first call of ``st.navigation``, it runs a file of ``pages/`` directly when a URL
names it (without ``app.py``), and gives the widgets of that first run other identities than the
same widgets get later, so the first click of the first session would be lost.
:func:`first_run` ends that mode and runs the session again, through ``app.py``, at the same URL.
"""

from __future__ import annotations

import streamlit as st

from ui.state import tr

STARTED = "session_started"


def pages() -> list[st.Page]:
    """The app's pages. Each URL path is its file's name, so a link opens the same page in either
    mode; the default page is served at ``/``."""
    return [
        st.Page(
            "pages/browse.py", title=tr("nav.browse"), icon=":material/menu_book:", default=True, url_path="questions"
        ),
        st.Page("pages/demos.py", title=tr("nav.demos"), icon=":material/science:"),
        st.Page("pages/quiz.py", title=tr("nav.quiz"), icon=":material/school:"),
        st.Page("pages/exercises.py", title=tr("ex.nav"), icon=":material/code:"),
        st.Page("pages/progress.py", title=tr("nav.progress"), icon=":material/insights:"),
    ]


def first_run() -> None:
    """At the top of ``app.py`` and of every page: on a session's first run, leave the legacy mode
    and run again at the same URL (the rerun draws nothing twice: this run stops here)."""
    if not st.session_state.get(STARTED):
        st.session_state[STARTED] = True
        st.navigation(pages(), position="hidden")
        st.rerun()
