"""Who is studying: the progress store and the profile picker in the sidebar."""

from __future__ import annotations

import streamlit as st

from engine.scheduling import DEFAULT_RETENTION
from engine.store import Profile, Store, StoreError, default_path
from ui.state import tr

DEFAULT_PROFILE = "me"


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


def profile_picker(store: Store) -> Profile | None:
    """The sidebar's profile choice (and a way to add one); None, with the reason shown, if the
    progress database cannot be used."""
    try:
        profiles = store.list_profiles() or [store.ensure_profile(DEFAULT_PROFILE)]
    except StoreError as exc:
        st.error(tr("profile.unavailable", error=str(exc)), icon=":material/database:")
        return None
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
