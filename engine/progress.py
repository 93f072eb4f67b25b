"""What the progress page shows, computed from the bank and the stored cards and reviews."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

import pandas as pd

from engine.scheduling import retrievability
from engine.schema import Question
from engine.store import StoredCard, is_leech


def streak(review_days: Iterable[date], today: date) -> int:
    """Consecutive days with at least one review, ending today, or yesterday if today has none yet
    (a streak is not lost before the day is over)."""
    days = set(review_days)
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def daily_counts(per_day: dict[date, int], last: date, days: int) -> pd.Series:
    """Counts for each of the ``days`` days up to ``last`` (days without any as 0), oldest first."""
    index = [last - timedelta(days=i) for i in range(days - 1, -1, -1)]
    return pd.Series([per_day.get(day, 0) for day in index], index=index, dtype="int64")


def recall(cards: Sequence[StoredCard], now: datetime) -> dict[str, float]:
    """Each studied question's probability of recall at ``now`` (FSRS retrievability)."""
    return {stored.question_id: retrievability(stored.card, now) for stored in cards}


def mastery(questions: Sequence[Question], cards: Sequence[StoredCard], now: datetime) -> pd.DataFrame:
    """Per topic, in bank order: how many questions, how many studied, and the mastery, the mean
    probability of recall now over all the topic's questions (a question never studied counts 0).

    Columns: ``topic``, ``questions``, ``studied``, ``mastery`` (0 to 1).
    """
    chance = recall(cards, now)
    rows = pd.DataFrame(
        {"topic": [q.topic for q in questions], "recall": [chance.get(q.id, 0.0) for q in questions]},
        columns=["topic", "recall"],
    )
    rows["studied"] = [q.id in chance for q in questions]
    table = rows.groupby("topic", sort=False).agg(
        questions=("recall", "size"), studied=("studied", "sum"), mastery=("recall", "mean")
    )
    return table.reset_index().astype({"questions": "int64", "studied": "int64", "mastery": "float64"})


def weakest(cards: Sequence[StoredCard], now: datetime, known: Iterable[str], limit: int = 10) -> pd.DataFrame:
    """The studied questions most worth another look: most lapses first, then the lowest recall now.

    Only questions still in the bank (``known``) are listed. Columns: ``question_id``, ``lapses``,
    ``reps``, ``recall``, ``leech`` (:func:`~engine.store.is_leech`).
    """
    wanted = set(known)
    chance = recall(cards, now)
    rows = [
        (c.question_id, c.lapses, c.reps, chance[c.question_id], is_leech(c.lapses))
        for c in cards
        if c.question_id in wanted
    ]
    table = pd.DataFrame(rows, columns=["question_id", "lapses", "reps", "recall", "leech"])
    table = table.sort_values(["lapses", "recall", "question_id"], ascending=[False, True, True], kind="stable")
    return table.head(limit).reset_index(drop=True)
