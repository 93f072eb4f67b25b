"""Loading the question bank: files to validated questions, and every problem
as ``path:line: message``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.demos import validate_preset
from engine.schema import LANGS, Question
from engine.yaml_lines import YamlProblem, line_of, parse

BUILTIN = Path(__file__).resolve().parent.parent / "questions"
SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """Something wrong in a bank file, at a 1-based line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Bank:
    """Validated questions, and the problems of whatever did not validate.

    Attributes:
        questions: the questions in file order.
        problems: every problem found.
        files: the files read.
    """

    questions: list[Question] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def broken_files(self) -> list[str]:
        """Files with at least one problem, in order."""
        return list(dict.fromkeys(p.path for p in self.problems))


def default_paths() -> list[Path]:
    """The built-in bank, then the folders in ``SPARSELAB_BANKS``."""
    extra = os.environ.get("SPARSELAB_BANKS", "")
    return [BUILTIN, *(Path(p) for p in extra.split(os.pathsep) if p.strip())]


def bank_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The bank files under ``paths`` (files as given, folders searched for YAML)."""
    files, problems = [], []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 1, "no such file or folder"))
    return files, problems


def load(paths: Sequence[Path] | None = None) -> Bank:
    """Load and validate every bank file under ``paths`` (default: :func:`default_paths`)."""
    files, problems = bank_files(default_paths() if paths is None else paths)
    bank = Bank(problems=problems)
    first_seen: dict[str, str] = {}
    for path in files:
        name = _display(path)
        bank.files.append(name)
        questions, file_problems = load_text(_read(path), name)
        bank.problems += file_problems
        for question, line in questions:
            if question.id in first_seen:
                bank.problems.append(
                    Problem(name, line, f"duplicate id {question.id!r} (first at {first_seen[question.id]})")
                )
                continue
            first_seen[question.id] = f"{name}:{line}"
            bank.questions.append(question)
    return bank


def load_text(data: bytes | str, name: str) -> tuple[list[tuple[Question, int]], list[Problem]]:
    """Validate one file's content; return each good question with its line, and the problems."""
    try:
        text = _decode(data)
        if not text.strip():
            return [], [Problem(name, 1, "the file holds no questions")]
        doc, lines = parse(text)
    except YamlProblem as exc:
        return [], [Problem(name, exc.line, exc.message)]
    if not isinstance(doc, list):
        return [], [Problem(name, 1, "a bank file must be a YAML list of questions (each item starting with '- id:')")]
    good, problems = [], []
    for i, item in enumerate(doc):
        line = line_of(lines, (i,))
        if not isinstance(item, dict):
            problems.append(Problem(name, line, f"item {i + 1} is not a question (a mapping of fields)"))
            continue
        label = f"{item['id']}: " if isinstance(item.get("id"), str) else ""
        try:
            question = Question.model_validate(item)
        except ValidationError as exc:
            for error in exc.errors():
                where = (i, *error["loc"])
                problems.append(Problem(name, line_of(lines, where), label + describe(error)))
            continue
        preset_problems = _preset_problems(question, (i, "demo"), lines)
        problems += [Problem(name, where, label + message) for where, message in preset_problems]
        if not preset_problems:
            good.append((question, line))
    return good, sorted(problems, key=lambda p: p.line)


def _preset_problems(question: Question, path: tuple, lines: dict) -> list[tuple[int, str]]:
    """Each problem of the question's demo preset, at the line of the parameter it names."""
    if question.demo is None:
        return []
    out = []
    for message in validate_preset(question.demo.name, question.demo.params):
        param = message.split(":", 1)[0]
        where = (*path, "params", param) if param in question.demo.params else (*path, "name")
        out.append((line_of(lines, where), f"demo.{message}" if param in question.demo.params else f"demo: {message}"))
    return out


def describe(error: dict[str, Any]) -> str:
    """One pydantic error in words a question author understands."""
    loc = [str(part) for part in error["loc"]]
    kind = error["type"]
    if kind == "missing":
        if loc[-1] in LANGS and len(loc) > 1:
            return f"missing language {loc[-1]!r} in {'.'.join(loc[:-1])}"
        return f"missing required field {'.'.join(loc)!r}"
    if kind == "extra_forbidden":
        return f"unknown field {'.'.join(loc)!r}"
    message = error["msg"].removeprefix("Value error, ")
    where = ".".join(loc) or "question"
    if kind in ("value_error", "assertion_error"):
        return f"{where}: {message}"
    return f"{where}: {message[0].lower()}{message[1:]} (got {_short(error.get('input'))})"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _read(path: Path) -> bytes:
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    return data


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if len(data) > MAX_FILE_BYTES:
        raise YamlProblem(1, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})") from None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
