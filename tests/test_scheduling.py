"""engine.scheduling: the FSRS wrapper agrees with fsrs itself, previews are exact, labels read well."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import scheduling
from engine.scheduling import RATINGS, Rating, State

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)

ratings = st.sampled_from(RATINGS)
gaps = st.one_of(
    st.integers(0, 3600),  # within a learning step
    st.integers(0, 3 * 86400),
    st.integers(0, 400 * 86400),
).map(lambda s: timedelta(seconds=s))
histories = st.lists(st.tuples(ratings, gaps), min_size=1, max_size=15)
retentions = st.sampled_from([0.7, 0.8, 0.85, 0.9, 0.95, 0.97])


def replay(history: list[tuple[Rating, timedelta]], retention: float = 0.9) -> tuple[fsrs.Card, datetime]:
    """The card after ``history`` (ratings with the time since the previous review) and the last review time."""
    card, now = scheduling.new_card("q", T0), T0
    for rating, gap in history:
        now += gap
        card, _ = scheduling.review(card, rating, now, desired_retention=retention)
    return card, now


@settings(max_examples=200, deadline=None)
@given(history=histories, retention=retentions)
def test_review_gives_what_fsrs_gives_directly(history, retention):
    ours = scheduling.new_card("some-question", T0)
    theirs = fsrs.Card(card_id=scheduling.card_id_for("some-question"), due=T0)
    direct = fsrs.Scheduler(desired_retention=retention, enable_fuzzing=False)
    now = T0
    for rating, gap in history:
        now += gap
        ours, our_log = scheduling.review(ours, rating, now, desired_retention=retention)
        theirs, their_log = direct.review_card(theirs, rating, now)
        assert ours.to_dict() == theirs.to_dict()
        assert our_log.to_dict() == their_log.to_dict()


@settings(max_examples=50, deadline=None)
@given(history=histories, seed=st.integers(0, 2**32 - 1))
def test_fuzzed_review_gives_what_fsrs_gives_with_the_same_random_state(history, seed):
    ours = theirs = scheduling.new_card("q", T0)
    direct = fsrs.Scheduler(enable_fuzzing=True)
    now = T0
    for i, (rating, gap) in enumerate(history):
        now += gap
        random.seed(seed + i)
        ours, _ = scheduling.review(ours, rating, now, fuzz=True)
        random.seed(seed + i)
        theirs, _ = direct.review_card(theirs, rating, now)
        assert ours.due == theirs.due
        assert ours.to_dict() == theirs.to_dict()


def test_review_does_not_touch_the_card_and_keeps_the_duration():
    card = scheduling.new_card("q", T0)
    before = card.to_dict()
    after, log = scheduling.review(card, Rating.Good, T0, duration_ms=4200)
    assert card.to_dict() == before
    assert after.due == T0 + timedelta(minutes=10)
    assert (log.rating, log.review_datetime, log.review_duration, log.card_id) == (Rating.Good, T0, 4200, card.card_id)
    assert scheduling.review(card, 3, T0)[0].to_dict() == after.to_dict()  # plain ints are ratings too


def test_new_card_is_deterministic_per_question_and_due_now():
    card = scheduling.new_card("relu-sparsity", T0)
    assert card.card_id == scheduling.card_id_for("relu-sparsity") == scheduling.new_card("relu-sparsity").card_id
    assert 0 < card.card_id < 2**48
    assert scheduling.card_id_for("relu-sparsity") != scheduling.card_id_for("relu-sparsity-2")
    assert (card.state, card.step, card.stability, card.due, card.last_review) == (State.Learning, 0, None, T0, None)


def test_times_must_be_aware_and_come_out_in_utc():
    card = scheduling.new_card("q", T0)
    with pytest.raises(ValueError, match="naive"):
        scheduling.review(card, Rating.Good, datetime(2025, 3, 1, 9, 30))
    with pytest.raises(ValueError, match="naive"):
        scheduling.new_card("q", datetime(2025, 3, 1))
    beijing = T0.astimezone(timezone(timedelta(hours=8)))
    after, log = scheduling.review(card, Rating.Good, beijing)
    assert after.to_dict() == scheduling.review(card, Rating.Good, T0)[0].to_dict()
    assert after.due.utcoffset() == timedelta(0) and log.review_datetime.tzinfo == UTC
    assert scheduling.utc().tzinfo == UTC


@pytest.mark.parametrize("retention", [0.0, 1.0, 1.5, -0.1])
def test_desired_retention_must_be_a_probability(retention):
    with pytest.raises(ValueError, match="retention"):
        scheduling.scheduler(retention)


def test_lower_desired_retention_gives_longer_intervals():
    card, now = replay([(Rating.Good, timedelta(0)), (Rating.Good, timedelta(minutes=10))])
    assert card.state == State.Review
    later = now + timedelta(days=5)
    good = {r: scheduling.preview(card, later, desired_retention=r)[Rating.Good].interval for r in (0.8, 0.9, 0.95)}
    assert good[0.8] > good[0.9] > good[0.95]


def test_preview_of_a_new_card():
    labels = {r: p.label for r, p in scheduling.preview(scheduling.new_card("q", T0), T0).items()}
    # fsrs defaults: learning steps 1 m and 10 m; Hard on the first step is their mean; Easy graduates (S0 = 8.3 d).
    assert list(labels) == list(RATINGS)
    assert labels == {Rating.Again: "1m", Rating.Hard: "6m", Rating.Good: "10m", Rating.Easy: "8d"}


@settings(max_examples=100, deadline=None)
@given(history=st.lists(st.tuples(ratings, gaps), max_size=10), wait=gaps, retention=retentions)
def test_preview_is_exactly_what_review_then_does(history, wait, retention):
    card, last = replay(history, retention)
    now = last + wait
    shown = scheduling.preview(card, now, desired_retention=retention)
    assert list(shown) == list(RATINGS)
    for rating, preview in shown.items():
        after, _ = scheduling.review(card, rating, now, desired_retention=retention)
        assert preview.rating == rating
        assert preview.due == after.due and preview.due.tzinfo == UTC
        assert preview.interval == after.due - now
        assert preview.label == scheduling.interval_label(preview.interval)
    intervals = [shown[r].interval for r in RATINGS]
    assert intervals[0] <= intervals[2] <= intervals[3]  # Again never later than Good, Good never later than Easy


@pytest.mark.parametrize(
    ("interval", "label"),
    [
        (timedelta(0), "now"),
        (timedelta(seconds=-5), "now"),
        (timedelta(seconds=20), "1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=5, seconds=30), "6m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=59, seconds=29), "59m"),
        (timedelta(minutes=59, seconds=31), "1h"),
        (timedelta(hours=1), "1h"),
        (timedelta(hours=23, minutes=29), "23h"),
        (timedelta(hours=23, minutes=31), "1d"),
        (timedelta(days=3), "3d"),
        (timedelta(days=29), "29d"),
        (timedelta(days=29, hours=13), "1mo"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=60), "2mo"),
        (timedelta(days=359), "12mo"),
        (timedelta(days=360), "1y"),
        (timedelta(days=365), "1y"),
        (timedelta(days=548), "1.5y"),
        (timedelta(days=3650), "10y"),
        (timedelta(days=36500), "100y"),
    ],
)
def test_interval_labels(interval, label):
    assert scheduling.interval_label(interval) == label


UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "mo": 30 * 86400, "y": 365 * 86400}


def label_seconds(label: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d)?)(m|h|d|mo|y)", label)
    assert match, label
    return float(match[1]) * UNIT_SECONDS[match[2]]


@given(st.integers(60, 200 * 365 * 86400), st.integers(60, 200 * 365 * 86400))
def test_interval_labels_are_close_and_never_out_of_order(a, b):
    for seconds in (a, b):
        assert abs(label_seconds(scheduling.interval_label(timedelta(seconds=seconds))) - seconds) <= seconds / 3
    low, high = sorted((a, b))
    assert label_seconds(scheduling.interval_label(timedelta(seconds=low))) <= label_seconds(
        scheduling.interval_label(timedelta(seconds=high))
    )


SUGGESTED = {  # points_total: the rating for 0, 1, ... points_total points ticked
    1: "AG",
    2: "AHG",
    3: "AAHG",
    4: "AAHGG",
    5: "AAAHGG",
    6: "AAAHHGG",
}
LETTER = {"A": Rating.Again, "H": Rating.Hard, "G": Rating.Good}


@pytest.mark.parametrize("total", sorted(SUGGESTED))
def test_suggest_rating_table(total):
    got = [scheduling.suggest_rating(hit, total) for hit in range(total + 1)]
    assert got == [LETTER[c] for c in SUGGESTED[total]]


@given(st.integers(1, 50).flatmap(lambda n: st.tuples(st.integers(0, n), st.integers(0, n), st.just(n))))
def test_suggest_rating_thresholds_and_monotonic(args):
    a, b, total = args
    for hit in (a, b):
        rating = scheduling.suggest_rating(hit, total)
        share = hit / total
        assert rating == (Rating.Again if share < 0.5 else Rating.Hard if share < 0.75 else Rating.Good)
    low, high = sorted((a, b))
    assert scheduling.suggest_rating(low, total) <= scheduling.suggest_rating(high, total)
    assert scheduling.suggest_rating(total, total) == Rating.Good  # Easy is never suggested


@pytest.mark.parametrize(("hit", "total"), [(0, 0), (1, 0), (-1, 4), (5, 4)])
def test_suggest_rating_rejects_impossible_counts(hit, total):
    with pytest.raises(ValueError, match="points_"):
        scheduling.suggest_rating(hit, total)


def test_engine_does_not_import_streamlit():
    code = "import sys, engine.scheduling, engine.store; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60).returncode == 0
