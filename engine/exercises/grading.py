"""Grading code against an exercise's tests, always in the sandbox (:mod:`engine.sandbox`),
and checking that every reference solution passes its own tests."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from engine import sandbox
from engine.bank import Bank, Problem
from engine.exercises import Case, Exercise
from engine.sandbox import Isolation, Limits
from engine.schema import Question
from engine.yaml_lines import Lines, YamlProblem, parse

HARNESS = Path(__file__).with_name("harness.py")
TAMPERED = "the result channel was tampered with, so the run counts as failed"


class Status(StrEnum):
    """How a graded run ended."""

    passed = "passed"
    failed = "failed"
    stopped = "stopped"


@dataclass(frozen=True)
class CaseResult:
    """One test's outcome.

    Attributes:
        label: ``example 2`` or ``hidden test 5``, with the test's name if it has one.
        hidden: a hidden test (not one of the examples).
        passed: whether it passed.
        message: for a failure, the call, what was expected and what came back.
        seconds: how long the call took.
    """

    label: str
    hidden: bool
    passed: bool
    message: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class Grade:
    """The outcome of grading some code.

    Attributes:
        results: the tests that ran, in order (fewer than ``total`` if the run stopped early).
        total: how many tests were to run.
        isolation: the sandbox's isolation.
        error: why the code could not be graded at all (syntax error with its line, an
            exception while loading it, a missing function, a tampered channel).
        stopped: which limit stopped the run (and during which test).
        output: what the code printed (cut at the sandbox's limit).
        seconds: wall-clock time of the whole run.
    """

    results: list[CaseResult]
    total: int
    isolation: Isolation
    error: str | None = None
    stopped: str | None = None
    output: str = ""
    seconds: float = 0.0

    @property
    def status(self) -> Status:
        """Passed only when every test ran and passed."""
        if self.stopped:
            return Status.stopped
        every = self.error is None and len(self.results) == self.total
        return Status.passed if every and all(r.passed for r in self.results) else Status.failed

    @property
    def passed(self) -> int:
        """How many tests passed."""
        return sum(r.passed for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        """The grade as JSON-ready data."""
        data = {"status": self.status.value, "passed": self.passed, **asdict(self)}
        data["isolation"] = self.isolation.value
        return data


@dataclass(frozen=True)
class _Selected:
    label: str
    hidden: bool
    case: Case


@dataclass
class _Reading:
    """What the channel's messages say, read in order."""

    results: list[CaseResult] = field(default_factory=list)
    running: int | None = None
    error: str | None = None
    memory: bool = False
    ended: bool = False
    forged: bool = False


def selected_cases(exercise: Exercise, hidden: bool) -> list[_Selected]:
    """The examples, then (with ``hidden``) the hidden tests, each with its label."""
    chosen = [_Selected(_label("example", i, c), False, c) for i, c in enumerate(exercise.examples)]
    if hidden:
        chosen += [_Selected(_label("hidden test", i, c), True, c) for i, c in enumerate(exercise.tests)]
    return chosen


def grade(
    exercise: Exercise, code: str, *, hidden: bool, limits: Limits | None = None, level: Isolation | None = None
) -> Grade:
    """Run ``code`` on the examples (and, with ``hidden``, the hidden tests) in the sandbox.

    Raises:
        sandbox.ExecutionDisabled: running code is off here.
    """
    chosen = selected_cases(exercise, hidden)
    task = {
        "code": code,
        "functions": exercise.names(),
        "setup": exercise.setup,
        "cases": [s.case.model_dump(include={"call", "expect", "check", "raises", "tolerance"}) for s in chosen],
    }
    files = {"main.py": HARNESS.read_text(encoding="utf-8"), "exercise.json": json.dumps(task)}
    run = sandbox.run(files, "main.py", limits, level)
    reading = _read(run.messages, chosen)
    stopped = run.stopped
    if reading.memory:
        stopped = f"memory limit of {run.limits.memory_bytes // 2**20} MiB"
    if stopped and reading.running is not None:
        stopped += f" (while running {chosen[reading.running].label})"
    error = reading.error
    if run.forged or reading.forged:
        error = TAMPERED
    elif not stopped and not error and not reading.ended:
        during = f" during {chosen[reading.running].label}" if reading.running is not None else ""
        tail = run.stderr.strip().splitlines()[-1:] or [f"exit code {run.exit_code}"]
        error = f"the process ended before the tests were done{during}: {tail[0]}"
    output = run.stdout + ("\n[output cut]" if run.truncated else "")
    return Grade(reading.results, len(chosen), run.isolation, error, stopped, output, run.seconds)


def _read(messages: list[dict[str, Any]], chosen: list[_Selected]) -> _Reading:
    """Follow the harness's messages; anything out of order marks the channel as forged."""
    reading = _Reading()
    for message in messages:
        event, index = message.get("event"), message.get("index")
        done = len(reading.results)
        if reading.ended or reading.error is not None or reading.memory:
            reading.forged = True
        elif event == "start" and index == done < len(chosen) and reading.running is None:
            reading.running = index
        elif event == "result" and index == done == reading.running:
            picked = chosen[index]
            passed, text = message.get("passed") is True, str(message.get("message", ""))
            reading.results.append(CaseResult(picked.label, picked.hidden, passed, text, _seconds(message)))
            reading.running = None
        elif event == "memory" and index == reading.running:
            reading.memory = True
        elif event == "fatal" and done == 0 and reading.running is None:
            reading.error = str(message.get("message", "the code could not be loaded"))
        elif event == "end" and done == len(chosen) and reading.running is None:
            reading.ended = True
        else:
            reading.forged = True
    return reading


def reference_problems(loaded: Bank, limits: Limits | None = None) -> list[Problem]:
    """Run every exercise's reference solution on all of its tests, one sandboxed process per
    exercise, as many at once as there are CPUs; one problem per failure, at the line of the
    failing test (or of the solution, if it could not run).

    Raises:
        sandbox.ExecutionDisabled: running code is off here.
    """
    if reason := sandbox.disabled_reason():
        raise sandbox.ExecutionDisabled(reason)
    located = list(_locate(loaded))
    exercises = [question.exercise for question, *_ in located]
    sandbox.isolation()  # probe once, before the threads start
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        grades = list(pool.map(lambda e: grade(e, e.solution, hidden=True, limits=limits), exercises))
    problems = []
    for (question, path, item, lines), result in zip(located, grades, strict=True):
        where = (item, "exercise")
        head = f"{question.id}: the reference solution"
        if result.error or result.stopped:
            why = result.error or f"was stopped by the {result.stopped}"
            problems.append(Problem(path, lines.of((*where, "solution")), f"{head} {why}".replace("\n", " | ")))
            continue
        chosen = selected_cases(question.exercise, hidden=True)
        for i, case in enumerate(result.results):
            if case.passed:
                continue
            part = ("tests", i - len(question.exercise.examples)) if chosen[i].hidden else ("examples", i)
            message = f"{head} fails {case.label}: {case.message}".replace("\n", " | ")
            problems.append(Problem(path, lines.of((*where, *part)), message))
    return problems


def _locate(loaded: Bank) -> Iterator[tuple[Question, str, int, Lines]]:
    """Each loaded question with an exercise, with its file, its place in the file and the
    lines of that file."""
    by_id = {q.id: q for q in loaded.questions if q.exercise is not None}
    for path in loaded.files:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
            doc, _ = parse(text)
        except (OSError, UnicodeDecodeError, YamlProblem):
            continue
        lines = Lines(text)
        for item, entry in enumerate(doc if isinstance(doc, list) else []):
            key = entry.get("id") if isinstance(entry, dict) else None
            question = by_id.pop(key, None) if isinstance(key, str) else None
            if question is not None:
                yield question, path, item, lines


def _label(kind: str, index: int, case: Case) -> str:
    return f"{kind} {index + 1}" + (f" ({case.name})" if case.name else "")


def _seconds(message: dict[str, Any]) -> float:
    value = message.get("seconds")
    return float(value) if isinstance(value, int | float) else 0.0
