"""The bank's exercises: every reference passes, every starter fails, `check` runs the references,
and `python -m engine grade` answers with JSON and exit codes 0, 1 and 2."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from engine import bank
from engine.exercises import Case, Exercise
from engine.exercises.grading import Status, grade, reference_problems

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "questions" / "README.md").read_text(encoding="utf-8")
EXAMPLE = README.split("## Coding exercises")[1].split("```yaml\n")[1].split("```")[0]
LINE = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+): (?P<message>.+)$")
LOADED = bank.load()
EXERCISES = {q.id: q for q in LOADED.questions if q.exercise is not None}
REQUIRED = {
    "seed-q6-implement-sparse-activation",
    "seed-q7-sparse-dense-layer",
    "code-topk-per-row",
    "code-hard-soft-shrinkage",
    "code-sparsity-ratio",
    "code-l1-activity-penalty",
    "code-zero-skipping-matvec",
    "code-moe-topk-routing",
    "code-dead-unit-detector",
    "code-kl-sparsity-penalty",
}


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env
    )


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_required_exercises_are_in_the_bank():
    assert set(EXERCISES) >= REQUIRED
    assert len(EXERCISES) >= 10
    assert all(q.kind == "coding" for q in EXERCISES.values())


@pytest.mark.parametrize("question_id", sorted(EXERCISES))
def test_the_reference_passes_every_test(question_id):
    exercise = EXERCISES[question_id].exercise
    result = grade(exercise, exercise.solution, hidden=True)
    failures = [f"{r.label}: {r.message}" for r in result.results if not r.passed]
    assert result.status is Status.passed, (result.error, result.stopped, failures)
    assert result.total == len(exercise.examples) + len(exercise.tests)


@pytest.mark.parametrize("question_id", sorted(EXERCISES))
def test_the_starter_fails_every_test(question_id):
    exercise = EXERCISES[question_id].exercise
    result = grade(exercise, exercise.starter, hidden=True)
    assert result.status is Status.failed and result.passed == 0
    assert all("NotImplementedError" in r.message for r in result.results)


@pytest.mark.parametrize("question_id", sorted(EXERCISES))
def test_hidden_tests_are_named_and_cover_edge_cases(question_id):
    exercise = EXERCISES[question_id].exercise
    assert len(exercise.tests) >= 7
    assert all(case.name for case in exercise.examples + exercise.tests)


def test_the_seed_activation_keeps_the_articles_semantics():
    """Strictly above the threshold keeps x; NaN and the boundary give 0; dtype is kept."""
    exercise = EXERCISES["seed-q6-implement-sparse-activation"].exercise
    variants = {
        "x >= threshold": "import numpy as np\ndef sparse_activation(x, threshold=0.5):\n"
        "    return np.where(x >= threshold, x, 0)\n",
        "a step function": "import numpy as np\ndef sparse_activation(x, threshold=0.5):\n"
        "    return np.where(x > threshold, 1, 0)\n",
        "a float64 result": "import numpy as np\ndef sparse_activation(x, threshold=0.5):\n"
        "    return np.where(x > threshold, x, 0.0).astype(np.float64)\n",
        "NaN kept": "import numpy as np\ndef sparse_activation(x, threshold=0.5):\n"
        "    return np.where(x <= threshold, 0, x)\n",
    }
    for what, code in variants.items():
        assert grade(exercise, code, hidden=True).status is Status.failed, what


def test_ties_in_top_k_accept_any_choice():
    exercise = EXERCISES["code-topk-per-row"].exercise
    by_sort = (
        "import numpy as np\ndef topk_per_row(x, k):\n"
        "    x = np.asarray(x)\n"
        "    if x.ndim != 2 or not 0 <= k <= x.shape[1]:\n"
        "        raise ValueError('bad input')\n"
        "    out = np.zeros_like(x)\n"
        "    idx = np.argsort(-x, axis=1, kind='stable')[:, :k]\n"
        "    np.put_along_axis(out, idx, np.take_along_axis(x, idx, axis=1), axis=1)\n"
        "    return out\n"
    )
    assert grade(exercise, by_sort, hidden=True).status is Status.passed


def test_the_kl_question_is_complete_and_cites_ngs_notes():
    question = EXERCISES["code-kl-sparsity-penalty"]
    assert question.quiz.choice and question.quiz.numeric and len(question.key_points) >= 3
    ng = next(r for r in question.references if r.authors == ["Andrew Ng"])
    assert (ng.year, ng.venue) == (2011, "Stanford University, CS294A lecture notes")


# ------------------------------------------------------------ the schema


def test_an_exercise_on_a_concept_question_is_refused(tmp_path):
    text = EXAMPLE.replace("kind: coding", "kind: concept").replace(
        "  key_points:", "  references:\n    - {title: T, authors: [A], year: 2020, venue: V}\n  key_points:"
    )
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert "only a coding question can have an exercise" in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "def double_positive(x):\n          return",
            "def double_positive(x, y):\n          return",
            "    solution: |",
            "solution defines double_positive(x, y), not the signature double_positive(x)",
        ),
        ('call: "double_positive(z)"', 'call: "double_positive(z"', 'call: "double_positive(z', "invalid Python"),
        (
            'check: "out.dtype == np.float32"',
            'check: "out.dtype == np.float32"\n        expect: "1"',
            "name: float32 stays float32",
            "exactly one of expect, check or raises (got expect, check)",
        ),
        ('functions: ["double_positive(x)"]', 'functions: ["double positive"]', "functions:", "is not a signature"),
    ],
)
def test_schema_problems_of_an_exercise_point_at_their_line(tmp_path, old, new, needle, message):
    assert old in EXAMPLE
    text = EXAMPLE.replace(old, new)
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 1, result.stdout
    [problem] = result.stdout.strip().splitlines()
    match = LINE.match(problem)
    assert match and message in match["message"]
    assert int(match["line"]) == line_of(text, needle)


def test_a_case_needs_exactly_one_outcome():
    with pytest.raises(ValidationError, match="exactly one of expect, check or raises"):
        Case(call="f()")
    with pytest.raises(ValidationError, match="not define"):
        Exercise.model_validate({**EXERCISES["code-sparsity-ratio"].exercise.model_dump(), "starter": "x = 1\n"})


# ------------------------------------------------------------ check and grade on the command line


def test_the_readme_example_passes_check_with_its_reference_run(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: 1 questions")


def test_check_reports_a_failing_reference_at_the_line_of_the_failing_test(tmp_path):
    text = EXAMPLE.replace("return np.where(x > 0, 2 * x, 0)", "return np.where(x > 0, 2 * x, 0).astype(np.float64)")
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 1
    [problem] = result.stdout.strip().splitlines()
    match = LINE.match(problem)
    assert match["path"].endswith("bank.yaml")
    assert int(match["line"]) == line_of(text, "name: float32 stays float32")
    assert match["message"].startswith(
        "code-double-positive: the reference solution fails hidden test 2 (float32 stays float32): "
        "call: double_positive(np.ones(3, dtype=np.float32)) | check: out.dtype == np.float32"
    )


def test_check_reports_a_reference_that_cannot_run_at_its_solution(tmp_path):
    text = EXAMPLE.replace(
        "import numpy as np\n\n\n      def double_positive", "import numpyy as np\n\n\n      def double_positive"
    )
    assert text != EXAMPLE
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    problems = reference_problems(bank.load([path]))
    assert [p.line for p in problems] == [line_of(text, "    solution: |")]
    assert "No module named 'numpyy'" in problems[0].message


def test_check_skips_the_references_when_execution_is_off(tmp_path):
    text = EXAMPLE.replace("return np.where(x > 0, 2 * x, 0)", "return x")
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", str(path), env=_env(SPARSELAB_CODE_EXEC="off"))
    assert result.returncode == 0
    assert "reference solutions not run" in result.stderr and "SPARSELAB_CODE_EXEC=off" in result.stderr


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, **extra}


def grade_cli(tmp_path: Path, code: str, exercise: str = "code-sparsity-ratio", **env: str):
    path = tmp_path / "solution.py"
    path.write_text(code, encoding="utf-8")
    result = run_cli("grade", exercise, str(path), env=_env(**env))
    return result.returncode, json.loads(result.stdout) if result.stdout.strip() else None, result


def test_grade_exits_0_when_every_test_passes(tmp_path):
    code, report, _ = grade_cli(tmp_path, EXERCISES["code-sparsity-ratio"].exercise.solution)
    assert code == 0
    assert report["status"] == "passed" and report["passed"] == report["total"] == len(report["results"])
    assert report["exercise"] == "code-sparsity-ratio" and report["isolation"] in ("bwrap", "unshare", "rlimits")


def test_grade_exits_1_and_names_the_failing_case(tmp_path):
    wrong = (
        "import numpy as np\n\ndef sparsity(y, eps=None, axis=None):\n    return (np.asarray(y) == 0).mean(axis=axis)\n"
    )
    code, report, _ = grade_cli(tmp_path, wrong)
    assert code == 1 and report["status"] == "failed"
    failed = [r for r in report["results"] if not r["passed"]]
    assert failed[0]["label"] == "hidden test 1 (near-zeros with eps)"
    assert "expected: 0.625" in failed[0]["message"] and "got: np.float64(0.5)" in failed[0]["message"]


def test_grade_exits_2_when_a_limit_stops_the_run(tmp_path):
    greedy = "import numpy as np\n\ndef sparsity(y, eps=None, axis=None):\n    return np.zeros(10**9).mean()\n"
    code, report, _ = grade_cli(tmp_path, greedy)
    assert code == 2 and report["status"] == "stopped"
    assert report["stopped"].startswith("memory limit of 512 MiB (while running example 1")


def test_grade_exits_2_when_execution_is_off(tmp_path):
    code, report, _ = grade_cli(tmp_path, "print('hi')", SPARSELAB_CODE_EXEC="off")
    assert code == 2 and report["status"] == "stopped" and "SPARSELAB_CODE_EXEC=off" in report["stopped"]


def test_grade_refuses_an_unknown_exercise(tmp_path):
    code, report, result = grade_cli(tmp_path, "x = 1\n", exercise="no-such-exercise")
    assert code == 2 and report is None
    assert "no exercise 'no-such-exercise'" in result.stderr
