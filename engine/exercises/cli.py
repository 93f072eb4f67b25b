"""The exercise parts of ``python -m engine``: ``grade``, and the reference run of ``check``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from engine import bank, sandbox
from engine.bank import Bank, Problem
from engine.exercises.grading import Status, grade, reference_problems

EXIT_CODES = {Status.passed: 0, Status.failed: 1, Status.stopped: 2}


def grade_file(exercise_id: str, path: Path) -> int:
    """Grade the code in ``path`` on every test of the exercise, print the grade as JSON;
    exit 0 when all pass, 1 when some fail, 2 when a limit stopped the run (or it could
    not run at all)."""
    question = next((q for q in bank.load().questions if q.id == exercise_id), None)
    if question is None or question.exercise is None:
        print(f"error: no exercise {exercise_id!r} in the bank", file=sys.stderr)
        return 2
    try:
        code = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    try:
        result = grade(question.exercise, code, hidden=True)
    except sandbox.ExecutionDisabled as exc:
        print(json.dumps({"exercise": exercise_id, "status": "stopped", "stopped": str(exc)}, indent=2))
        return 2
    print(json.dumps({"exercise": exercise_id, **result.to_dict()}, ensure_ascii=False, indent=2))
    return EXIT_CODES[result.status]


def reference_check(loaded: Bank) -> list[Problem]:
    """The problems of reference solutions that fail their tests; none, with a note on
    stderr, when running code is off."""
    try:
        return reference_problems(loaded)
    except sandbox.ExecutionDisabled as exc:
        print(f"note: reference solutions not run: {exc}", file=sys.stderr)
        return []
