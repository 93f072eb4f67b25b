"""Who is studying: the progress store and the profile picker in the sidebar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from engine.scheduling import DEFAULT_RETENTION
from engine.store import Profile, Store, StoreError, default_path
from ui.state import tr

DEFAULT_PROFILE = "me"
SAVE_ERROR = "progress_save_error"
T = TypeVar("T")


@st.cache_resource(show_spinner=False, max_entries=16)
def _store(path: str, desired_retention: float) -> Store:
    return Store(path, desired_retention=desired_retention)


def progress_store(desired_retention: float = DEFAULT_RETENTION) -> Store:
    """The progress database at ``SPARSELAB_DB``, scheduling for ``desired_retention`` (a
    connection per operation, so one Store serves every session)."""
    return _store(str(default_path()), desired_retention)


def _create(store: Store) -> None:
    """Add the typed profile and switch to it (a callback: it runs before the widgets)."""
    try:
        created = store.ensure_profile(st.session_state["new_profile"].strip())
    except (StoreError, ValueError) as exc:
        st.session_state["profile_error"] = str(exc)
    else:
        st.session_state["profile"] = created.name


def saved(write: Callable[[], T]) -> T | None:
    """Run ``write`` on the progress database; if it fails, keep the reason for the page to show
    (see :func:`profile_picker`) and return None. A failed write changes nothing stored."""
    try:
        return write()
    except StoreError as exc:
        st.session_state[SAVE_ERROR] = str(exc)
        return None


def profile_picker(store: Store) -> Profile | None:
    """The sidebar's profile choice (and a way to add one); None, with the reason shown, if the
    progress database cannot be used. Says so when answers cannot be saved (a read-only file, or
    the last write failed)."""
    if error := st.session_state.pop(SAVE_ERROR, None):
        st.error(tr("profile.not_saved", error=error), icon=":material/error:")
    try:
        profiles = store.list_profiles() or [store.ensure_profile(DEFAULT_PROFILE)]
    except StoreError as exc:
        st.error(tr("profile.unavailable", error=str(exc)), icon=":material/database:")
        return None
    if reason := store.read_only():
        st.warning(tr("profile.read_only", error=reason), icon=":material/lock:")
    by_name = {p.name: p for p in profiles}
    if st.session_state.get("profile") not in by_name:
        st.session_state["profile"] = profiles[0].name
    with st.sidebar:
        name = st.selectbox(tr("profile.label"), list(by_name), key="profile")
        with st.popover(tr("profile.add"), icon=":material/person_add:"):
            new = st.text_input(tr("profile.new"), key="new_profile", max_chars=80).strip()
            st.button(tr("profile.create"), disabled=not new, key="create_profile", on_click=_create, args=(store,))
            if error := st.session_state.pop("profile_error", None):
                st.error(error)
    return by_name[name]
