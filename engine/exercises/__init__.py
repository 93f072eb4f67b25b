"""Coding exercises: the ``exercise:`` block of a coding question.

An exercise names the functions to write (with their signatures), gives starter code, a
reference solution, shared ``setup`` code, visible ``examples`` and hidden ``tests``, and
its prompt in both languages. Everything here is checked without running any of it
(Python is only parsed); :mod:`engine.exercises.grading` runs it, always in the sandbox.
"""

from __future__ import annotations

import ast
import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator, model_validator

Code = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Expr = Annotated[str, StringConstraints(min_length=1, max_length=2_000)]
SIGNATURE = re.compile(r"^([A-Za-z_]\w*)\((.*)\)$", re.DOTALL)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Prompt(_Model):
    """The task in each language, Markdown (the same shape as a question's texts)."""

    en: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    zh: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]

    def get(self, lang: str) -> str:
        """The prompt in ``lang``."""
        return self.zh if lang == "zh" else self.en


class Case(_Model):
    """One test: a call of the learner's functions and what it must give.

    Attributes:
        name: a short label shown with the result.
        call: a Python expression calling the function(s); ``np`` and the names of
            ``setup`` are in scope.
        expect: an expression for the expected result, compared with the call's result:
            same structure (tuples item by item), same shape, equal values (within
            ``tolerance`` if it is above 0; NaN equals NaN).
        check: instead of ``expect``, an expression that must be true; ``out`` is the
            call's result and ``tol`` the tolerance.
        raises: instead, the name of the exception class the call must raise.
        tolerance: the absolute tolerance of ``expect`` (and ``tol`` in ``check``).
    """

    name: Annotated[str, StringConstraints(min_length=1, max_length=80)] | None = None
    call: Expr
    expect: Expr | None = None
    check: Expr | None = None
    raises: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_]\w*$")] | None = None
    tolerance: float = Field(default=0.0, ge=0)

    @field_validator("call", "expect", "check")
    @classmethod
    def _expression(cls, value: str | None) -> str | None:
        if value is not None:
            _parse(value, "eval")
        return value

    @model_validator(mode="after")
    def _one_outcome(self) -> Case:
        given = [name for name in ("expect", "check", "raises") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"a test needs exactly one of expect, check or raises (got {', '.join(given) or 'none'})")
        return self


class Exercise(_Model):
    """A function (or a few) to write, and the tests that grade it.

    Attributes:
        functions: the signatures to implement, as ``name(params)``; the starter and the
            solution must define each at top level with exactly these parameters.
        prompt: the task.
        starter: the code the editor starts with.
        solution: the reference solution; ``python -m engine check`` runs it on every test.
        setup: statements run before the tests (NumPy is ``np``), for shared inputs.
        examples: tests shown to the learner (Run).
        tests: hidden tests (Submit runs the examples and these).
    """

    functions: list[Annotated[str, StringConstraints(max_length=300)]] = Field(min_length=1, max_length=4)
    prompt: Prompt
    starter: Code
    solution: Code
    setup: Code | None = None
    examples: list[Case] = Field(min_length=1, max_length=20)
    tests: list[Case] = Field(min_length=1, max_length=60)

    @field_validator("functions")
    @classmethod
    def _signatures(cls, value: list[str]) -> list[str]:
        names = [signature_parts(signature)[0] for signature in value]
        if len(set(names)) != len(names):
            raise ValueError("each function is listed once")
        return value

    @field_validator("setup")
    @classmethod
    def _setup_parses(cls, value: str | None) -> str | None:
        if value is not None:
            _parse(value, "exec", "setup")
        return value

    @field_validator("starter", "solution")
    @classmethod
    def _code_defines_functions(cls, value: str, info: ValidationInfo) -> str:
        defined = {
            node.name: node for node in _parse(value, "exec", info.field_name).body if isinstance(node, ast.FunctionDef)
        }
        for signature in info.data.get("functions", []):
            name, params = signature_parts(signature)
            if name not in defined:
                raise ValueError(f"{info.field_name} does not define {name}()")
            if ast.dump(defined[name].args) != ast.dump(params):
                written = f"{name}({ast.unparse(defined[name].args)})"
                raise ValueError(f"{info.field_name} defines {written}, not the signature {signature}")
        return value

    def names(self) -> list[str]:
        """The names of the functions to write."""
        return [signature_parts(signature)[0] for signature in self.functions]


def signature_parts(signature: str) -> tuple[str, ast.arguments]:
    """The name and parsed parameters of ``name(params)``.

    Raises:
        ValueError: not a function signature.
    """
    match = SIGNATURE.match(signature.strip())
    if not match:
        raise ValueError(f"{signature!r} is not a signature like name(x, t=0.5)")
    tree = _parse(f"def {signature.strip()}: pass", "exec", "signature")
    return match[1], tree.body[0].args


def _parse(source: str, mode: str, what: str = "expression") -> ast.Module | ast.Expression:
    """Parse Python without running it; a syntax error becomes a ValueError naming the line."""
    try:
        return ast.parse(source, mode=mode)
    except SyntaxError as exc:
        where = f" at line {exc.lineno}" if mode == "exec" and exc.lineno else ""
        raise ValueError(f"{what}: invalid Python{where}: {exc.msg}") from None
