"""Declared demo parameters: one list drives the widgets, the URL and the presets."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Param:
    """One typed demo parameter.

    Attributes:
        name: the widget key and the URL query name.
        kind: ``float``, ``int`` or ``choice``.
        default: the value used when none is given.
        label: ``{"en": ..., "zh": ...}``.
        min, max, step: the range and the slider step (numbers only).
        choices: the allowed values (``choice``; for ``int``, optional).
        unit: shown after the label, if any.
        shown_for: ``{param: values}``; the widget shows only when each named
            parameter has one of these values (e.g. ``{"dist": ("normal",)}``).
        choice_labels: ``{value: {"en": ..., "zh": ...}}`` for the choices, if any.
    """

    name: str
    kind: str
    default: Any
    label: Mapping[str, str]
    min: float | None = None
    max: float | None = None
    step: float | None = None
    choices: tuple[Any, ...] = ()
    unit: str = ""
    shown_for: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    choice_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def coerce(self, raw: Any) -> Any:
        """Turn a YAML or URL value into this parameter's type, or raise ValueError."""
        if self.kind == "choice":
            value = str(raw)
            if value not in self.choices:
                raise ValueError(f"{self.name}: {value!r} is not one of {', '.join(self.choices)}")
            return value
        if isinstance(raw, bool):
            raise ValueError(f"{self.name}: expected a number, got {raw!r}")
        try:
            number = float(raw)
        except OverflowError:  # an integer beyond any float
            raise ValueError(f"{self.name}: a huge number is outside [{self.min:g}, {self.max:g}]") from None
        except (TypeError, ValueError):
            raise ValueError(f"{self.name}: expected a number, got {raw!r}") from None
        if not math.isfinite(number):
            raise ValueError(f"{self.name}: expected a finite number, got {raw!r}")
        if self.kind == "int":
            if number != int(number):
                raise ValueError(f"{self.name}: expected a whole number, got {raw!r}")
            number = int(number)
        if self.choices and number not in self.choices:
            allowed = ", ".join(f"{c:,}" for c in self.choices)
            raise ValueError(f"{self.name}: {number:g} is not one of {allowed}")
        if not self.min <= number <= self.max:
            raise ValueError(f"{self.name}: {number:g} is outside [{self.min:g}, {self.max:g}]")
        return number

    def is_shown(self, values: Mapping[str, Any]) -> bool:
        """Whether this parameter applies, given the others' values."""
        return all(values.get(name) in allowed for name, allowed in self.shown_for.items())


def url_text(value: Any) -> str:
    """A parameter value as it appears in a URL."""
    return format(value, ".10g") if isinstance(value, float) else str(value)


def resolve(params: tuple[Param, ...], raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Values for every parameter from ``raw`` (defaults where absent or bad).

    Returns the values and one message per unknown or invalid entry; a message
    about one parameter starts with its name and a colon.
    """
    by_name = {p.name: p for p in params}
    problems = [f"{name}: unknown parameter" for name in raw if name not in by_name]
    values = {}
    for p in params:
        if p.name not in raw:
            values[p.name] = p.default
            continue
        try:
            values[p.name] = p.coerce(raw[p.name])
        except ValueError as exc:
            problems.append(str(exc))
            values[p.name] = p.default
    return values, problems


SEED = Param("seed", "int", 0, {"en": "Random seed", "zh": "随机种子"}, 0, 2**31 - 1, 1)
"""The random seed every demo that draws numbers declares: same seed, same picture."""

SAMPLES = Param(
    "n",
    "int",
    100_000,
    {"en": "Samples", "zh": "样本数"},
    1_000,
    1_000_000,
    choices=(1_000, 10_000, 100_000, 1_000_000),
)
"""How many inputs a sampling demo draws (bounded: at most 1,000,000)."""
