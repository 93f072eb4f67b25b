"""What every demo declares."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.params import Param, resolve, url_text


@dataclass(frozen=True)
class Demo:
    """A live demo's declaration.

    Attributes:
        name: the ``?demo=`` value and the YAML preset's ``name``.
        title: ``{"en": ..., "zh": ...}``.
        params: the declared parameters, in widget order.
        constraints: checks across parameters; each returns messages.
    """

    name: str
    title: Mapping[str, str]
    params: tuple[Param, ...]
    constraints: tuple[Callable[[Mapping[str, Any]], list[str]], ...] = field(default=())

    def param(self, name: str) -> Param:
        """The declared parameter called ``name``."""
        return next(p for p in self.params if p.name == name)

    def link(self, preset: Mapping[str, Any]) -> dict[str, str]:
        """Query parameters that open this demo with ``preset`` (defaults filled in,
        parameters that do not apply left out), so the page shows exactly the preset."""
        values, _ = self.resolve(preset)
        shown = {p.name: url_text(values[p.name]) for p in self.params if p.is_shown(values)}
        return {"demo": self.name, **shown}

    def check(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Every declared parameter's value (its default where absent), checked against its range
        and the constraints, for a computation to trust; raise ValueError naming the parameter."""
        checked = {p.name: p.coerce(values.get(p.name, p.default)) for p in self.params}
        problems = [message for constraint in self.constraints for message in constraint(checked)]
        if problems:
            raise ValueError("; ".join(problems))
        return checked

    def resolve(self, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """Typed values for ``raw`` (defaults where absent or bad) and the problems found."""
        values, problems = resolve(self.params, raw)
        for constraint in self.constraints:
            problems.extend(constraint(values))
        return values, problems
