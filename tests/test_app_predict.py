"""The predict-the-number view under AppTest: answer, verdict, saved attempt, solution, next problem."""

from __future__ import annotations

import os

from streamlit.testing.v1 import AppTest

from engine import predict
from engine.store import QuizKind, Store
from engine.text import unwrap_cjk


def _script() -> None:
    import os

    import streamlit as st

    from engine.store import Store
    from ui import predict_view

    store = Store(os.environ["SPARSELAB_DB"])
    predict_view.render(store, store.ensure_profile("me"), topics=st.session_state["topics"])


def view(**state) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=60)
    at.session_state["topics"] = ()
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> predict.Problem:
    drawn = at.session_state["predict"]
    return predict.generate(drawn["template"], drawn["seed"])


def answer(at: AppTest, text: str) -> AppTest:
    problem = shown(at)
    at.text_input(key=f"predict-answer-{problem.seed}").input(text)
    at.button(key="predict-check").click().run()
    assert not at.exception, at.exception
    return at


def attempts() -> list:
    store = Store(os.environ["SPARSELAB_DB"])
    [profile] = store.list_profiles()
    return store.quiz_attempts(profile)


def test_a_right_answer_is_confirmed_saved_and_explained():
    at = view()
    problem = shown(at)
    assert any(m.value == problem.prompt.en.strip() for m in at.markdown)
    typed = predict.format_value(problem.answer, problem.unit, "en").removesuffix(" million")
    answer(at, typed)
    assert len(at.success) == 1 and "Right" in at.success[0].value
    [attempt] = attempts()
    assert (attempt.question_id, attempt.kind, attempt.correct, attempt.answer) == (
        f"predict:{problem.template}",
        QuizKind.numeric,
        True,
        typed,
    )
    assert any(m.value == problem.solution.en.strip() for m in at.markdown)


def test_a_wrong_answer_shows_the_answer_and_the_worked_solution():
    at = view(topics=["weight-sparsity"])  # counts: exact, so one more is wrong
    problem = shown(at)
    assert problem.template == "two-four"
    answer(at, str(int(problem.answer) + 1))
    assert "Not quite" in at.error[0].value
    assert f"{int(problem.answer):,}" in at.error[0].value
    assert any(m.value == problem.solution.en.strip() for m in at.markdown)
    [attempt] = attempts()
    assert attempt.correct is False


def test_junk_is_explained_and_not_saved():
    at = view()
    answer(at, "eighty")
    assert "not a number" in at.error[0].value
    assert attempts() == []
    assert not any(m.value == shown(at).solution.en.strip() for m in at.markdown)


def test_next_problem_draws_a_fresh_seed():
    at = view()
    first = at.session_state["predict"]["seed"]
    answer(at, "1")
    at.button(key="predict-next").click().run()
    assert at.session_state["predict"]["seed"] != first
    assert at.session_state["predict"]["checked"] is None
    assert at.text_input(key=f"predict-answer-{shown(at).seed}").value == ""


def test_the_problem_and_the_rule_follow_the_language():
    at = view(lang="zh", topics=["conditional-computation"])
    problem = shown(at)
    assert problem.topic == "conditional-computation"
    assert any(m.value == unwrap_cjk(problem.prompt.zh) for m in at.markdown)
    assert any("作答" in c.value for c in at.caption)


def test_a_topic_without_templates_says_so():
    at = view(topics=["coding"])
    assert "No kind of problem" in at.info[0].value
