"""Spaced-repetition scheduling: a thin wrapper over the ``fsrs`` package (FSRS-6).

Everything here is pure: no storage, no clock unless ``now`` is left out. Every
datetime going in must be timezone-aware (it is converted to UTC); every
datetime coming out is aware and in UTC.

Fuzzing is off by default, so that the interval shown on a rating button by
:func:`preview` is exactly the interval :func:`review` then gives.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from functools import lru_cache

from fsrs import Card, Rating, ReviewLog, Scheduler, State

__all__ = [
    "DEFAULT_RETENTION",
    "RATINGS",
    "Card",
    "Preview",
    "Rating",
    "ReviewLog",
    "State",
    "card_id_for",
    "interval_label",
    "new_card",
    "preview",
    "review",
    "scheduler",
    "suggest_rating",
    "utc",
]

DEFAULT_RETENTION = 0.9
RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)

# suggest_rating: share of key points ticked -> rating (lower bounds, inclusive).
HARD_FROM = Fraction(1, 2)
GOOD_FROM = Fraction(3, 4)


def utc(moment: datetime | None = None) -> datetime:
    """``moment`` converted to UTC (default: the current time).

    Raises:
        ValueError: ``moment`` is naive; a naive time is ambiguous, so it is refused rather than guessed.
    """
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datetime {moment.isoformat()} is naive; pass a timezone-aware datetime (UTC)")
    return moment.astimezone(UTC)


@lru_cache(maxsize=32)
def scheduler(desired_retention: float = DEFAULT_RETENTION, fuzz: bool = False) -> Scheduler:
    """The FSRS scheduler with default parameters and the given desired retention.

    Args:
        desired_retention: the probability of recall the schedule aims at when a card comes due,
            strictly between 0 and 1 (FSRS recommends 0.7-0.97; higher means more reviews).
        fuzz: spread Review-state intervals randomly by a few percent (as Anki does). Off by
            default so previews are exact.
    """
    if not 0 < desired_retention < 1:
        raise ValueError(f"desired retention must be between 0 and 1 (exclusive), got {desired_retention}")
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)


def card_id_for(question_id: str) -> int:
    """A stable 48-bit FSRS card id derived from the question id (the same on every machine).

    ``fsrs.Card()`` would otherwise use the creation time in milliseconds and sleep 1 ms.
    """
    return int.from_bytes(hashlib.sha256(question_id.encode("utf-8")).digest()[:6], "big")


def new_card(question_id: str, now: datetime | None = None) -> Card:
    """A card never reviewed (FSRS Learning state, step 0), due at ``now``."""
    return Card(card_id=card_id_for(question_id), state=State.Learning, due=utc(now))


def review(
    card: Card,
    rating: Rating | int,
    now: datetime | None = None,
    *,
    desired_retention: float = DEFAULT_RETENTION,
    fuzz: bool = False,
    duration_ms: int | None = None,
) -> tuple[Card, ReviewLog]:
    """Review ``card`` with ``rating`` at ``now``; return the new card and the review log.

    The input card is not modified. ``duration_ms`` (time spent answering) is kept in the log.
    """
    return scheduler(desired_retention, fuzz).review_card(
        card, Rating(int(rating)), review_datetime=utc(now), review_duration=duration_ms
    )


def retrievability(card: Card, now: datetime | None = None) -> float:
    """FSRS's probability that ``card`` is recalled at ``now`` (0 for a card never reviewed)."""
    return float(scheduler().get_card_retrievability(card, utc(now)))


@dataclass(frozen=True)
class Preview:
    """What one rating would do.

    Attributes:
        rating: the rating.
        due: when the card would next be due (UTC).
        interval: ``due`` minus the review time.
        label: ``interval`` in short human form, e.g. ``"10m"``, ``"3d"``, ``"2mo"``.
    """

    rating: Rating
    due: datetime
    interval: timedelta
    label: str


def preview(
    card: Card, now: datetime | None = None, *, desired_retention: float = DEFAULT_RETENTION
) -> dict[Rating, Preview]:
    """For Again, Hard, Good and Easy (in that order): the next due time and its interval label.

    Without fuzzing these are exactly the outcomes :func:`review` would give at ``now``.
    """
    now = utc(now)
    out = {}
    for rating in RATINGS:
        after, _ = review(card, rating, now, desired_retention=desired_retention)
        due = utc(after.due)
        out[rating] = Preview(rating, due, due - now, interval_label(due - now))
    return out


def _amount(value: float, unit: str) -> str:
    """``value`` with at most one decimal (``1.5mo``, ``2mo``), half rounded up."""
    tenths = math.floor(value * 10 + 0.5)
    whole, rest = divmod(tenths, 10)
    return f"{whole}{unit}" if rest == 0 else f"{whole}.{rest}{unit}"


def interval_label(interval: timedelta) -> str:
    """A short human label for an interval, as shown on rating buttons.

    ``"now"`` for zero or less; minutes (``"1m"``..``"59m"``, at least ``"1m"``), hours
    (``"1h"``..``"23h"``) and days (``"1d"``..``"29d"``) are whole, rounded half up; from 30
    days on, months of 30 days (``"1mo"``, ``"1.5mo"``) and from 360 days on, years of 365 days
    (``"1y"``, ``"2.3y"``) keep one decimal.
    """
    seconds = interval.total_seconds()
    if seconds <= 0:
        return "now"
    minutes = max(1, math.floor(seconds / 60 + 0.5))
    if minutes < 60:
        return f"{minutes}m"
    hours = math.floor(seconds / 3600 + 0.5)
    if hours < 24:
        return f"{hours}h"
    days = math.floor(seconds / 86400 + 0.5)
    if days < 30:
        return f"{days}d"
    if days < 360:
        return _amount(seconds / (30 * 86400), "mo")
    return _amount(seconds / (365 * 86400), "y")


def suggest_rating(points_hit: int, points_total: int) -> Rating:
    """The rating suggested after the user ticks the key points their answer covered.

    With ``share = points_hit / points_total`` (compared exactly, as a fraction):

    ============================  ===========  ==========================
    share                         rating       e.g. with 3 / 4 / 5 / 6 points
    ============================  ===========  ==========================
    below 1/2                     Again        0-1 / 0-1 / 0-2 / 0-2
    1/2 up to (not incl.) 3/4     Hard         2 / 2 / 3 / 3-4
    3/4 or more                   Good         3 / 3-4 / 4-5 / 5-6
    ============================  ===========  ==========================

    Easy is never suggested: ticking every point shows the answer was complete, not that it
    came without effort, which is what Easy means to FSRS; over-used, Easy stretches the
    intervals. The user can still press Easy.

    Raises:
        ValueError: ``points_total`` is not positive or ``points_hit`` is outside ``0..points_total``.
    """
    if points_total <= 0:
        raise ValueError(f"points_total must be positive, got {points_total}")
    if not 0 <= points_hit <= points_total:
        raise ValueError(f"points_hit must be between 0 and {points_total}, got {points_hit}")
    share = Fraction(points_hit, points_total)
    if share < HARD_FROM:
        return Rating.Again
    if share < GOOD_FROM:
        return Rating.Hard
    return Rating.Good
