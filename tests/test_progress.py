"""Progress figures: streak, daily counts, mastery per topic, weakest questions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import bank, progress
from engine.progress_plots import daily_bars
from engine.scheduling import Rating, retrievability
from engine.store import LEECH_LAPSES, Store

QUESTIONS = bank.load().questions
NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)
TODAY = NOW.date()


@pytest.mark.parametrize(
    ("offsets", "expected"),
    [
        ([], 0),
        ([0], 1),
        ([0, 1, 2], 3),
        ([1, 2], 2),  # today not studied yet: the streak still counts
        ([0, 2, 3], 1),
        ([2, 3], 0),
    ],
)
def test_streak(offsets, expected):
    assert progress.streak([TODAY - timedelta(days=d) for d in offsets], TODAY) == expected


@given(st.sets(st.integers(0, 60)))
def test_streak_equals_a_brute_force_count(offsets):
    days = {TODAY - timedelta(days=d) for d in offsets}
    start = 0 if 0 in offsets else 1
    brute = 0
    while start + brute in offsets:
        brute += 1
    assert progress.streak(days, TODAY) == brute


def test_daily_counts_fill_missing_days_with_zero():
    counts = progress.daily_counts({TODAY: 3, TODAY - timedelta(days=2): 5, date(2020, 1, 1): 9}, TODAY, 4)
    assert list(counts.index) == [TODAY - timedelta(days=i) for i in (3, 2, 1, 0)]
    assert list(counts) == [0, 5, 0, 3]


def test_retrievability_is_ninety_percent_one_stability_after_the_last_review(tmp_path):
    """FSRS defines stability as the interval after which recall falls to 90%."""
    store = Store(tmp_path / "p.sqlite")
    profile = store.create_profile("a", now=NOW)
    card = store.record_review(profile, "q", Rating.Good, now=NOW).card
    card = store.record_review(profile, "q", Rating.Good, now=NOW + timedelta(days=1)).card
    assert card.stability > 1
    later = card.last_review + timedelta(days=round(card.stability))
    assert retrievability(card, later) == pytest.approx(0.9, abs=0.01)
    assert retrievability(card, card.last_review) == pytest.approx(1.0)


@pytest.fixture
def studied(tmp_path):
    """A profile that knows the first question well and keeps failing the second."""
    store = Store(tmp_path / "p.sqlite")
    profile = store.create_profile("a", now=NOW)
    first, second = QUESTIONS[0], QUESTIONS[1]
    store.record_review(profile, first.id, Rating.Easy, now=NOW - timedelta(days=1))
    for i in range(LEECH_LAPSES):
        store.record_review(profile, second.id, Rating.Again, now=NOW - timedelta(hours=10 - i))
    return store, profile, first, second


def test_mastery_is_the_mean_recall_over_every_question_of_the_topic(studied):
    store, profile, *_ = studied
    cards = store.cards(profile)
    table = progress.mastery(QUESTIONS, cards, NOW).set_index("topic")
    chance = {c.question_id: retrievability(c.card, NOW) for c in cards}
    for topic in {q.topic for q in QUESTIONS}:
        ids = [q.id for q in QUESTIONS if q.topic == topic]
        row = table.loc[topic]
        assert row["questions"] == len(ids)
        assert row["studied"] == sum(i in chance for i in ids)
        assert row["mastery"] == pytest.approx(sum(chance.get(i, 0.0) for i in ids) / len(ids))
    assert list(table.index) == list(dict.fromkeys(q.topic for q in QUESTIONS))  # bank order


def test_weakest_lists_the_leech_first_and_skips_questions_no_longer_in_the_bank(studied):
    store, profile, first, second = studied
    store.record_review(profile, "removed-question", Rating.Again, now=NOW)
    table = progress.weakest(store.cards(profile), NOW, [q.id for q in QUESTIONS])
    assert list(table["question_id"]) == [second.id, first.id]
    assert list(table["lapses"]) == [LEECH_LAPSES, 0]
    assert list(table["leech"]) == [True, False]
    assert progress.weakest([], NOW, []).empty


def test_daily_bars_draw_one_bar_per_day_with_today_highlighted():
    counts = progress.daily_counts({TODAY: 4, TODAY + timedelta(days=3): 1}, TODAY + timedelta(days=13), 14)
    fig = daily_bars(counts, "cards", dark=False, highlight_first=True)
    [ax] = fig.axes
    heights = [patch.get_height() for patch in ax.patches]
    assert heights == list(counts)
    assert ax.patches[0].get_facecolor() != ax.patches[1].get_facecolor()
