"""Per-session state every page reads: the interface language and the bank."""

from __future__ import annotations

from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from engine import bank
from engine.bank import Bank
from engine.i18n import LANGS, t
from engine.params import Param
from engine.search import Index
from engine.uploads import Upload, with_uploads

LANG = Param("lang", "choice", "en", {"en": "Language / 语言", "zh": "Language / 语言"}, choices=tuple(LANGS))


def lang() -> str:
    """The current interface language, ``en`` or ``zh``."""
    value = st.session_state.get("lang")
    return value if value in LANGS else "en"


def tr(key: str, **values: object) -> str:
    """An interface string in the current language."""
    return t(key, lang(), **values)


UPLOADS = "uploaded_banks"


@st.cache_resource(max_entries=4, show_spinner=False)
def _load(signature: tuple[tuple[str, int, int], ...]) -> tuple[Bank, Index]:
    loaded = bank.load()
    return loaded, Index(loaded.questions)


@st.cache_resource(max_entries=16, show_spinner=False)
def _with_uploads(
    signature: tuple[tuple[str, int, int], ...], digests: tuple[str, ...], _uploads: tuple[Upload, ...]
) -> tuple[Bank, Index]:
    merged = with_uploads(_load(signature)[0], _uploads)
    return merged, Index(merged.questions)


def uploads() -> tuple[Upload, ...]:
    """The question files this session added in the browser."""
    return tuple(st.session_state.get(UPLOADS, ()))


def current_bank() -> tuple[Bank, Index]:
    """The bank (with this session's uploaded files) and its search index, reloaded when a bank
    file changes."""
    files, _ = bank.bank_files(bank.default_paths())
    signature = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        signature.append((str(path), stat.st_mtime_ns, stat.st_size))
    added = uploads()
    if added:
        return _with_uploads(tuple(signature), tuple(u.digest for u in added), added)
    return _load(tuple(signature))


def bank_warnings(loaded: Bank) -> None:
    """Say which bank files are broken and why, without stopping the page."""
    if not loaded.problems:
        return
    with st.expander(tr("bank.broken", n=len(loaded.broken_files())), icon=":material/warning:"):
        st.code("\n".join(str(p) for p in loaded.problems), language=None, wrap_lines=True)


def dark_theme() -> bool:
    """Whether the browser shows the dark theme."""
    return getattr(st.context.theme, "type", None) == "dark"


def user_tz() -> tzinfo:
    """The browser's time zone (days for streaks and daily limits start at its midnight); UTC if unknown."""
    try:
        return ZoneInfo(st.context.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return UTC
