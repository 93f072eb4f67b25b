"""Interface strings in English and Chinese."""

from __future__ import annotations

from engine import strings

LANGS = {"en": "English", "zh": "中文"}

STRINGS = strings.merged()


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (English if missing), formatted with ``values``."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
