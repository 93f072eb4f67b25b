"""Interface strings: both languages everywhere, with the same placeholders."""

import string

import pytest

from engine import i18n, strings
from engine.strings import common, quiz


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_every_string_has_both_languages_with_the_same_placeholders(key):
    entry = i18n.STRINGS[key]
    assert set(entry) == {"en", "zh"}
    assert entry["en"].strip() and entry["zh"].strip()
    assert placeholders(entry["en"]) == placeholders(entry["zh"])


def test_a_key_defined_in_two_modules_is_refused(monkeypatch):
    clash = next(iter(common.STRINGS))
    monkeypatch.setitem(quiz.STRINGS, clash, {"en": "x", "zh": "x"})
    with pytest.raises(KeyError, match=clash):
        strings.merged()


def test_unknown_key_and_missing_language_fall_back():
    assert i18n.t("no.such.key", "zh") == "no.such.key"
    assert i18n.t("nav.quiz", "fr") == i18n.STRINGS["nav.quiz"]["en"]
