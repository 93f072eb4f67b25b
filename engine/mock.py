"""Mock interviews: draw the questions, and sum up how each went."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from engine.scheduling import Rating
from engine.schema import Question

MAX_QUESTIONS = 20


def draw(pool: Sequence[Question], n: int, seed: int) -> list[str]:
    """``n`` different questions of ``pool`` in random order (from ``seed``), as ids.

    Raises:
        ValueError: ``n`` is not between 1 and :data:`MAX_QUESTIONS`, or the pool is smaller than ``n``.
    """
    if not 1 <= n <= MAX_QUESTIONS:
        raise ValueError(f"a mock interview has 1 to {MAX_QUESTIONS} questions, got {n}")
    if n > len(pool):
        raise ValueError(f"only {len(pool)} questions match the filters, fewer than the {n} asked for")
    return [q.id for q in random.Random(seed).sample(list(pool), n)]


@dataclass(frozen=True)
class Answer:
    """How one question of a mock interview went.

    Attributes:
        question_id: the question.
        topic: its topic.
        seconds: time from the question showing to the answer being revealed.
        grade: the self-grade, Again (1) to Easy (4).
    """

    question_id: str
    topic: str
    seconds: float
    grade: Rating


@dataclass(frozen=True)
class TopicScore:
    """A topic's mean self-grade (1-4) and time in one interview."""

    topic: str
    questions: int
    mean_grade: float
    mean_seconds: float


def weakest_topics(answers: Sequence[Answer]) -> list[TopicScore]:
    """Every topic asked, weakest first: lowest mean grade, then the longest mean time."""
    topics: dict[str, list[Answer]] = {}
    for answer in answers:
        topics.setdefault(answer.topic, []).append(answer)
    scores = [
        TopicScore(
            topic,
            len(group),
            sum(int(a.grade) for a in group) / len(group),
            sum(a.seconds for a in group) / len(group),
        )
        for topic, group in topics.items()
    ]
    return sorted(scores, key=lambda s: (s.mean_grade, -s.mean_seconds, s.topic))


def summary(answers: Sequence[Answer]) -> dict[str, Any]:
    """A JSON-ready summary to store: each answer, the total and mean time, and the weakest topics."""
    total = sum(a.seconds for a in answers)
    return {
        "answers": [{**asdict(a), "grade": int(a.grade)} for a in answers],
        "total_seconds": round(total, 1),
        "mean_seconds": round(total / len(answers), 1) if answers else None,
        "weakest_topics": [asdict(s) for s in weakest_topics(answers)],
    }


def clock(seconds: float) -> str:
    """Seconds as a clock, ``m:ss`` (``h:mm:ss`` from an hour on)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
