"""Filtering and searching the bank, in both languages at once."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from engine.schema import Question


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the list to; an empty collection means "any".

    Attributes:
        text: words that must all occur (case-insensitive, English or Chinese).
        topics, difficulties, kinds, tags: allowed values.
    """

    text: str = ""
    topics: Collection[str] = ()
    difficulties: Collection[str] = ()
    kinds: Collection[str] = ()
    tags: Collection[str] = ()


TOPIC_ORDER = (
    "fundamentals",
    "activation-functions",
    "encouraging-sparsity",
    "architectures",
    "speed",
    "conditional-computation",
    "sparse-inputs",
    "weight-sparsity",
    "interpretability",
    "coding",
)
DIFFICULTY_ORDER = ("easy", "medium", "hard")


def study_order(question: Question) -> tuple[int, int]:
    """Known topics first in teaching order, then others; easy before hard."""
    topic = TOPIC_ORDER.index(question.topic) if question.topic in TOPIC_ORDER else len(TOPIC_ORDER)
    return topic, DIFFICULTY_ORDER.index(question.difficulty)


class Index:
    """The questions in study order with their lower-cased text, built once per bank."""

    def __init__(self, questions: Sequence[Question]) -> None:
        self.questions = sorted(questions, key=study_order)
        self.by_id = {q.id: q for q in self.questions}
        self._blobs = [q.text_blob().casefold() for q in self.questions]

    def filter(self, filters: Filters) -> list[Question]:
        """The questions that pass every filter, in study order."""
        words = filters.text.casefold().split()
        out = []
        for question, blob in zip(self.questions, self._blobs, strict=True):
            if filters.topics and question.topic not in filters.topics:
                continue
            if filters.difficulties and question.difficulty not in filters.difficulties:
                continue
            if filters.kinds and question.kind not in filters.kinds:
                continue
            if filters.tags and not set(filters.tags) & set(question.tags):
                continue
            if all(word in blob for word in words):
                out.append(question)
        return out

    def topics(self) -> list[str]:
        """Every topic, in the order it first appears."""
        return list(dict.fromkeys(q.topic for q in self.questions))

    def tags(self) -> list[str]:
        """Every tag, sorted."""
        return sorted({tag for q in self.questions for tag in q.tags})
