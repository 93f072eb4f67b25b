"""The browse page's upload of the user's own question files (kept for the session)."""

from __future__ import annotations

import streamlit as st

from engine.bank import MAX_FILE_BYTES
from engine.uploads import MAX_FILES, Upload
from ui.state import UPLOADS, tr, uploads


def _take() -> None:
    """Keep what the uploader holds, as this session's extra question files."""
    files = st.session_state.get("upload_files") or []
    st.session_state[UPLOADS] = tuple(Upload.of(f.name, f.getvalue()) for f in files[:MAX_FILES])


def _forget() -> None:
    st.session_state.pop(UPLOADS, None)
    st.session_state.pop("upload_files", None)


def render() -> None:
    """An expander to add YAML question files; problems show with the bank's warnings."""
    added = uploads()
    with st.expander(tr("upload.title"), icon=":material/upload_file:", expanded=bool(added)):
        st.caption(tr("upload.help", n=MAX_FILES, mib=MAX_FILE_BYTES // 2**20))
        st.file_uploader(
            tr("upload.label"),
            type=["yaml", "yml"],
            accept_multiple_files=True,
            key="upload_files",
            on_change=_take,
            max_upload_size=MAX_FILE_BYTES // 2**20,
        )
        if added:
            st.caption(tr("upload.added", files=", ".join(u.name for u in added)))
            st.button(tr("upload.forget"), key="upload_forget", on_click=_forget, icon=":material/delete:")
