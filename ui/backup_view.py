"""The progress page's downloads and restore: the bank as an Anki deck, the history as CSV."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from engine import anki, history
from engine.schema import Question
from engine.store import Profile, Store, StoreError
from ui.state import tr

RESTORED = "restore_message"


def render(store: Store, profile: Profile, questions: Sequence[Question]) -> None:
    """Download buttons (built only when clicked) and a CSV import that adds nothing on any bad row."""
    st.markdown(f"#### {tr('backup.title')}")
    deck, csv = st.columns(2)
    deck.download_button(
        tr("backup.anki"),
        data=lambda: anki.deck_bytes(questions),
        file_name="sparselab.apkg",
        mime="application/octet-stream",
        icon=":material/style:",
        key="download_anki",
        help=tr("backup.anki_help"),
        on_click="ignore",
    )
    csv.download_button(
        tr("backup.csv"),
        data=lambda: history.csv_bytes(store, profile),
        file_name=f"sparselab-history-{profile.name}-{date.today().isoformat()}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="download_history",
        help=tr("backup.csv_help"),
        on_click="ignore",
    )
    if message := st.session_state.pop(RESTORED, None):
        st.success(message, icon=":material/check_circle:")
    with st.form("restore", border=True):
        upload = st.file_uploader(
            tr("backup.restore"), type=["csv"], key="restore_file", help=tr("backup.restore_help")
        )
        if st.form_submit_button(tr("backup.import"), icon=":material/upload:", key="restore_import") and upload:
            _restore(store, upload.getvalue(), upload.name)


def _restore(store: Store, data: bytes, name: str) -> None:
    try:
        summary = history.import_csv(store, data, name)
    except history.HistoryError as exc:
        st.error(tr("backup.refused"), icon=":material/error:")
        st.code("\n".join(exc.problems), language=None, wrap_lines=True)
    except StoreError as exc:
        st.error(tr("profile.not_saved", error=str(exc)), icon=":material/error:")
    else:  # run the page again, so everything above shows the restored history
        st.session_state[RESTORED] = tr(
            "backup.imported",
            reviews=summary.reviews_added,
            attempts=summary.attempts_added,
            skipped=summary.reviews_skipped + summary.attempts_skipped,
        )
        st.rerun()
