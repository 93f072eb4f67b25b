"""Filtering and searching the bank, in both languages at once."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

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


class Signatures:
    """A bitmap per text of the pairs of neighbouring characters in it (each pair hashed to one
    of :data:`BITS` bits), so that a word is looked for only in the texts whose bitmap has all
    of the word's bits: every text holding the word, and few others (a one-character word has
    no pair, so every text is a candidate).

    Stored bit-major (one packed row of texts per bit): 2 MiB per 1,000 texts.
    """

    BITS = 1 << 14
    BATCH = 256  # texts hashed at once (a multiple of 8)

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        self._rows = np.zeros((self.BITS, (self.size + 7) // 8), np.uint8)
        for first in range(0, self.size, self.BATCH):
            batch = texts[first : first + self.BATCH]
            codes = _codes("\n".join(batch))
            owner = np.repeat(np.arange(len(batch)), [len(text) + 1 for text in batch])[: len(codes)]
            bits = np.zeros((self.BITS, len(batch)), bool)
            bits[_grams(codes), owner[:-1]] = True
            self._rows[:, first // 8 : (first + len(batch) + 7) // 8] = np.packbits(bits, axis=1)

    def candidates(self, words: Sequence[str]) -> np.ndarray:
        """The sorted indices of the texts whose bitmap has every bit of every word."""
        bits = np.unique(np.concatenate([_grams(_codes(word)) for word in words]))
        return np.flatnonzero(np.unpackbits(np.bitwise_and.reduce(self._rows[bits], axis=0), count=self.size))


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)


def _grams(codes: np.ndarray) -> np.ndarray:
    """The bit of each pair of neighbouring characters."""
    pairs = (codes[:-1] * np.uint32(0x9E3779B1)) ^ (codes[1:] * np.uint32(0x85EBCA6B))
    return (pairs * np.uint32(0xC2B2AE35)) >> np.uint32(32 - Signatures.BITS.bit_length() + 1)


class Index:
    """The questions in study order with their lower-cased text, built once per bank."""

    def __init__(self, questions: Sequence[Question]) -> None:
        self.questions = sorted(questions, key=study_order)
        self.by_id = {q.id: q for q in self.questions}
        self._blobs = [q.text_blob().casefold() for q in self.questions]
        self._signatures = Signatures(self._blobs)

    def filter(self, filters: Filters) -> list[Question]:
        """The questions that pass every filter, in study order."""
        words = filters.text.casefold().split()
        keep = self._signatures.candidates(words).tolist() if words else range(len(self.questions))
        for word in words:
            keep = [i for i in keep if word in self._blobs[i]]
        out = []
        for i in keep:
            question = self.questions[i]
            if filters.topics and question.topic not in filters.topics:
                continue
            if filters.difficulties and question.difficulty not in filters.difficulties:
                continue
            if filters.kinds and question.kind not in filters.kinds:
                continue
            if filters.tags and not set(filters.tags) & set(question.tags):
                continue
            out.append(question)
        return out

    def topics(self) -> list[str]:
        """Every topic, in the order it first appears."""
        return list(dict.fromkeys(q.topic for q in self.questions))

    def tags(self) -> list[str]:
        """Every tag, sorted."""
        return sorted({tag for q in self.questions for tag in q.tags})
