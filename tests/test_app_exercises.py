"""The exercises page, driven by AppTest: run, submit, schedule, and the page with execution off."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine import bank
from engine.store import Mode, QuizKind, Store, default_path
from tests.pages import session

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "pages/exercises.py"
Q6 = "seed-q6-implement-sparse-activation"
STEP_FUNCTION = (
    "import numpy as np\n\ndef sparse_activation(x, threshold=0.5):\n    return np.where(x > threshold, 1.0, 0.0)\n"
)


def open_page(**query: str) -> AppTest:
    at = session(120, **query)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.main.get("caption")]
    parts += [e.value for kind in ("success", "error", "warning", "info") for e in at.get(kind)]
    return "\n".join(parts + [c.value for c in at.code])


def exercise():
    return next(q for q in bank.load().questions if q.id == Q6).exercise


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_opens_on_the_linked_exercise(lang):
    at = open_page(exercise=Q6, lang=lang)
    assert at.selectbox(key="exercise").value == Q6
    assert exercise().prompt.get(lang).split("`")[0].strip() in shown(at)
    assert at.text_area(key=f"code-{Q6}").value == exercise().starter


def test_without_a_link_the_exercises_come_easy_first():
    at = open_page()
    levels = [label.rsplit("·", 1)[1].strip() for label in at.selectbox(key="exercise").options]  # "f() · easy"
    assert levels == sorted(levels, key=["easy", "medium", "hard"].index) and len(set(levels)) == 3
    assert at.selectbox(key="exercise").value == "code-thresholded-relu"


def test_picking_another_exercise_updates_the_link():
    at = open_page(exercise=Q6)
    other = "code-topk-per-row"
    at.selectbox(key="exercise").set_value(other).run()
    assert at.query_params["exercise"] == other
    assert at.text_area(key=f"code-{other}").value.startswith("import numpy as np")


def test_an_unknown_exercise_in_the_link_is_reported():
    at = open_page(exercise="no-such-exercise")
    assert "There is no exercise `no-such-exercise`" in shown(at)
    assert at.selectbox(key="exercise").value  # the first exercise is shown instead


def test_running_the_reference_shows_every_example_passing():
    at = open_page(exercise=Q6)
    at.text_area(key=f"code-{Q6}").input(exercise().solution).run()
    at.button(key="ex-run").click().run()
    assert not at.exception, at.exception
    body = shown(at)
    assert f"All {len(exercise().examples)} test(s) passed." in at.success[0].value
    assert "example 1 (the article's example)" in body
    assert "hidden test 1" not in body  # Run shows the examples only
    assert Store(default_path()).quiz_attempts(1) == []  # a run is not an answer


def test_submitting_a_wrong_solution_shows_the_failure_and_schedules_the_card():
    at = open_page(exercise=Q6)
    at.text_area(key=f"code-{Q6}").input(STEP_FUNCTION).run()
    at.button(key="ex-submit").click().run()
    assert not at.exception, at.exception
    total = len(exercise().examples) + len(exercise().tests)
    assert at.error[0].value.endswith(f"of {total} test(s) passed.")
    failure = "\n".join(c.value for c in at.code)
    assert "call: sparse_activation(np.array([0.1, 0.3, 0.5, 0.7, 1.0]))" in failure
    assert "expected: array([0. , 0. , 0. , 0.7, 1. ])" in failure
    assert "got: array([0., 0., 0., 1., 1.])" in failure
    assert "Saved to your schedule as Again" in shown(at)
    store = Store(default_path())
    profile = store.list_profiles()[0]
    [review] = store.reviews(profile, Q6)
    assert review.mode is Mode.exercise and review.rating == 1
    [attempt] = store.quiz_attempts(profile, Q6)
    assert attempt.kind is QuizKind.exercise and not attempt.correct and "np.where" in attempt.answer


def test_submitting_the_reference_is_rated_good():
    at = open_page(exercise=Q6)
    at.text_area(key=f"code-{Q6}").input(exercise().solution).run()
    at.button(key="ex-submit").click().run()
    assert "test(s) passed" in at.success[0].value
    store = Store(default_path())
    [review] = store.reviews(store.list_profiles()[0], Q6)
    assert review.mode is Mode.exercise and review.rating == 3


def test_a_syntax_error_is_shown_with_its_line():
    at = open_page(exercise=Q6)
    at.text_area(key=f"code-{Q6}").input("def sparse_activation(x, threshold=0.5):\n    return (x\n").run()
    at.button(key="ex-run").click().run()
    assert at.error[0].value == "Your code could not be graded."
    assert 'File "solution.py", line 2' in "\n".join(c.value for c in at.code)


def test_with_execution_off_the_page_explains_and_shows_the_reference(monkeypatch):
    monkeypatch.setenv("SPARSELAB_CODE_EXEC", "off")
    at = open_page(exercise=Q6, lang="zh")
    assert "SPARSELAB_CODE_EXEC=off" in at.warning[0].value
    assert exercise().solution.strip() in [c.value.strip() for c in at.code]
    assert not [b for b in at.button if b.key in ("ex-run", "ex-submit")]
    assert not at.text_area  # nothing to run, so no editor


def test_the_reference_solution_waits_behind_a_toggle():
    at = open_page(exercise=Q6)
    solution = exercise().solution.strip()
    assert solution not in [c.value.strip() for c in at.code]
    at.toggle(key=f"solution-{Q6}").set_value(True).run()
    assert solution in [c.value.strip() for c in at.code]
