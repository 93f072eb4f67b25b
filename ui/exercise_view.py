"""A coding exercise: the prompt, an editor, Run (examples), Submit (hidden tests, scheduled like a
quiz answer) and the reference solution on request.

The editor is ``st.text_area`` with a highlighted ``st.code`` preview: editor components
(``streamlit-code-editor``, ``streamlit-ace``) render in an iframe whose text AppTest cannot set,
and only hand their text back on their own submit command.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from engine import sandbox
from engine.exercises.grading import Grade, Status, grade
from engine.params import Param
from engine.quizzing import rating_for
from engine.schema import Question
from engine.store import Mode, Profile, QuizKind, Store, StoreError
from ui import question_view
from ui.params import adopt_url, publish
from ui.state import tr

MAX_SAVED_CODE = 20_000
CODE_FONT = '"Source Code Pro", ui-monospace, monospace'


def render(questions: Sequence[Question], store: Store, profile: Profile | None) -> None:
    """Pick an exercise (``?exercise=<id>``) and work on it."""
    if not questions:
        st.info(tr("ex.none"))
        return
    by_id = {q.id: q for q in questions}
    param = Param("exercise", "choice", questions[0].id, {"en": "Exercise", "zh": "练习"}, choices=tuple(by_id))
    if adopt_url([param]):
        st.warning(tr("ex.not_found", id=st.query_params.get("exercise")), icon=":material/search_off:")
    current = st.selectbox(tr("ex.pick"), list(by_id), format_func=lambda i: _title(by_id[i]), key="exercise")
    publish({"exercise": current})
    question = by_id[current]
    exercise = question.exercise
    st.markdown(question_view.badges(question))
    st.markdown(question_view.text(exercise.prompt))
    st.markdown(tr("ex.write") + " " + ", ".join(f"`{signature}`" for signature in exercise.functions))
    if exercise.setup:
        with st.expander(tr("ex.setup"), icon=":material/dataset:"):
            st.code(exercise.setup, language="python")
    st.page_link(
        "pages/browse.py", label=tr("ex.open_question"), icon=":material/menu_book:", query_params={"q": current}
    )

    off = sandbox.disabled_reason()
    if off:
        st.warning(tr("ex.off"), icon=":material/block:")
        _solution(question, shown=True)
        return
    if (level := sandbox.isolation()) is not sandbox.Isolation.bwrap:
        st.info(tr(f"ex.isolation.{level}"), icon=":material/shield:")

    code_key = f"code-{current}"
    st.session_state.setdefault(code_key, exercise.starter)
    st.html(f"<style>.st-key-{code_key} textarea {{font-family: {CODE_FONT}; font-size: 0.875rem}}</style>")
    edit, preview = st.tabs([tr("ex.edit"), tr("ex.preview")])
    code = edit.text_area(tr("ex.code"), key=code_key, height=360, help=tr("ex.code_help"))
    preview.code(code, language="python", line_numbers=True)
    with st.container(horizontal=True):
        run = st.button(tr("ex.run"), type="primary", key="ex-run", icon=":material/play_arrow:")
        submit = st.button(tr("ex.submit"), key="ex-submit", help=tr("ex.submit_help"), icon=":material/send:")
        st.button(
            tr("ex.reset"), key="ex-reset", on_click=st.session_state.__setitem__, args=(code_key, exercise.starter)
        )
    results = st.session_state.setdefault("ex_results", {})
    if run or submit:
        try:
            with st.spinner(tr("ex.running")):
                graded = grade(exercise, code, hidden=bool(submit))
        except sandbox.ExecutionDisabled:
            st.rerun()
        saved = _save(store, profile, question, graded, code) if submit else None
        results[current] = {"graded": graded, "submitted": bool(submit), "saved": saved}
    if current in results:
        _show(**results[current])
    _solution(question, shown=False)


def _save(store: Store, profile: Profile | None, question: Question, graded: Grade, code: str) -> str | None:
    """Record the submission as a quiz attempt and a review; return the message to show."""
    correct = graded.status is Status.passed
    rating = rating_for(correct)
    if profile is None:
        return tr("ex.not_saved")
    try:
        store.record_quiz_attempt(profile, question.id, QuizKind.exercise, correct, code[:MAX_SAVED_CODE])
        store.record_review(profile, question.id, rating, mode=Mode.exercise)
    except StoreError:
        return tr("ex.not_saved")
    return tr("ex.saved", rating=tr(f"rating.{rating.name.lower()}"), name=profile.name)


def _show(graded: Grade, submitted: bool, saved: str | None) -> None:
    """The outcome, then every test with what failed."""
    if graded.status is Status.passed:
        st.success(tr("ex.all_passed", total=graded.total), icon=":material/check_circle:")
    elif graded.stopped:
        st.warning(tr("ex.stopped", reason=graded.stopped), icon=":material/timer_off:")
    elif graded.error:
        st.error(tr("ex.error"), icon=":material/error:")
        st.code(graded.error, language=None, wrap_lines=True)
    else:
        st.error(tr("ex.some_failed", passed=graded.passed, total=graded.total), icon=":material/cancel:")
    if saved:
        st.caption(saved)
    elif not submitted:
        st.caption(tr("ex.run_note"))
    first_failure = True
    for result in graded.results:
        line = f"{result.label} · {result.seconds * 1000:.1f} ms"
        if result.passed:
            st.markdown(f":green[:material/check:] {line}")
            continue
        with st.expander(f":red[:material/close:] {line}", expanded=first_failure):
            st.code(result.message, language=None, wrap_lines=True)
        first_failure = False
    if (missing := graded.total - len(graded.results)) and not graded.error:
        st.caption(tr("ex.not_run", n=missing))
    if graded.output.strip():
        with st.expander(tr("ex.output"), icon=":material/terminal:"):
            st.code(graded.output, language=None)


def _title(question: Question) -> str:
    """An exercise in the picker: its functions and its difficulty."""
    names = ", ".join(f"{name}()" for name in question.exercise.names())
    return f"{names} · {tr('difficulty.' + question.difficulty)}"


def _solution(question: Question, *, shown: bool) -> None:
    """The reference solution, always (``shown``) or behind a toggle."""
    if not shown and not st.toggle(tr("ex.show_solution"), key=f"solution-{question.id}"):
        return
    st.markdown(f"#### {tr('ex.solution')}")
    st.code(question.exercise.solution, language="python", line_numbers=True)
