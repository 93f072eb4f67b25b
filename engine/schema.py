"""The question bank's schema: what a question file may hold."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from engine.exercises import Exercise

LANGS = ("en", "zh")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


class Strict(BaseModel):
    """A model that rejects unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """Markdown (with LaTeX) in each language."""

    en: Text
    zh: Text

    def get(self, lang: str) -> str:
        """The text in ``lang``."""
        return self.zh if lang == "zh" else self.en


class Difficulty(StrEnum):
    """How hard an interviewer would find the question."""

    easy = "easy"
    medium = "medium"
    hard = "hard"


class Kind(StrEnum):
    """A question to explain, or code to write."""

    concept = "concept"
    coding = "coding"


class Source(StrEnum):
    """Where the question comes from."""

    seed = "seed"
    original = "original"


ARXIV_ID = re.compile(r"^\d{4}\.\d{4,5}(v\d+)?$")


class Reference(Strict):
    """A citable source: a venue, an arXiv id, or both."""

    title: Text
    authors: list[Text] = Field(min_length=1)
    year: int = Field(ge=1900, le=2100)
    venue: Text | None = None
    arxiv: str | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None

    @field_validator("arxiv")
    @classmethod
    def _arxiv_form(cls, value: str | None) -> str | None:
        if value is not None and not ARXIV_ID.match(value):
            raise ValueError(f"arXiv id {value!r} is not of the form 2210.06313")
        return value

    @model_validator(mode="after")
    def _venue_or_arxiv(self) -> Reference:
        if self.venue is None and self.arxiv is None:
            raise ValueError("a reference needs a venue or an arxiv id")
        return self

    def link(self) -> str | None:
        """Where to read it: its URL, else its arXiv page."""
        return self.url or (f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None)

    def where(self) -> str:
        """Its venue and arXiv id, as cited."""
        return "; ".join(part for part in (self.venue, f"arXiv:{self.arxiv}" if self.arxiv else None) if part)


class DemoPreset(Strict):
    """A live demo opened with these parameters (checked against the registry
    by :func:`engine.demos.validate_preset`, where each problem gets its line)."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
    params: dict[str, Any] = Field(default_factory=dict)


class WrongOption(Strict):
    """A plausible wrong answer and why it is wrong."""

    text: Localized
    why: Localized


class Choice(Strict):
    """A multiple-choice item: one correct option, three or more wrong ones."""

    prompt: Localized
    correct: Localized
    wrong: list[WrongOption] = Field(min_length=3, max_length=6)


class Numeric(Strict):
    """A number to predict, graded with an absolute tolerance."""

    prompt: Localized
    answer: float = Field(allow_inf_nan=False)
    tolerance: float = Field(gt=0, allow_inf_nan=False)
    unit: Annotated[str, StringConstraints(max_length=20)] = ""
    solution: Localized


class Quiz(Strict):
    """Self-quiz items graded without a person."""

    choice: Choice | None = None
    numeric: Numeric | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Quiz:
        if self.choice is None and self.numeric is None:
            raise ValueError("a quiz needs a choice or a numeric item")
        return self


class Question(Strict):
    """One interview question with its answer and study material."""

    id: Slug
    topic: Slug
    difficulty: Difficulty
    kind: Kind
    source: Source
    tags: list[Slug] = Field(default_factory=list, max_length=20)
    question: Localized
    answer: Localized
    explanation: Localized
    key_points: list[Localized] = Field(min_length=3, max_length=6)
    correction: Localized | None = None
    references: list[Reference] = Field(default_factory=list)
    demo: DemoPreset | None = None
    follow_ups: list[Localized] = Field(default_factory=list)
    quiz: Quiz | None = None
    exercise: Exercise | None = None

    @model_validator(mode="after")
    def _concepts_cite(self) -> Question:
        if self.kind is Kind.concept and not self.references:
            raise ValueError("a concept question needs at least one reference")
        return self

    @model_validator(mode="after")
    def _exercise_is_coding(self) -> Question:
        if self.exercise is not None and self.kind is not Kind.coding:
            raise ValueError("only a coding question can have an exercise")
        return self

    def text_blob(self) -> str:
        """Every word of the question in both languages, for search."""
        parts = [self.id, self.topic, *self.tags]
        for field in (self.question, self.answer, self.explanation, self.correction, *self.key_points):
            if field is not None:
                parts += [field.en, field.zh]
        return "\n".join(parts)
