"""Quiz items as the user meets them: shuffled options and graded answers."""

from __future__ import annotations

import random
from dataclasses import dataclass

from engine.scheduling import Rating
from engine.schema import Choice, Localized


@dataclass(frozen=True)
class Option:
    """One option of a multiple-choice item.

    Attributes:
        text: the option.
        correct: whether it is the right one.
        why: for a wrong option, why it is wrong.
    """

    text: Localized
    correct: bool
    why: Localized | None = None


def shuffled_options(choice: Choice, seed: int) -> list[Option]:
    """The correct option and the wrong ones in an order drawn from ``seed`` (a new seed each attempt)."""
    options = [Option(choice.correct, True)] + [Option(w.text, False, w.why) for w in choice.wrong]
    random.Random(seed).shuffle(options)
    return options


def rating_for(correct: bool) -> Rating:
    """How a graded answer feeds the card's schedule: right is Good, wrong is Again."""
    return Rating.Good if correct else Rating.Again
