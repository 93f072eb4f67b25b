"""The predict-the-number mode of the quiz page: a generated problem, a typed number, a verdict
and the worked solution; every checked answer is saved as a quiz attempt."""

from __future__ import annotations

import secrets
from collections.abc import Collection

import streamlit as st

from engine import predict
from engine.store import Profile, QuizKind, Store
from engine.text import unwrap_cjk
from ui.profile import saved
from ui.state import lang, tr

STATE = "predict"


def _draw(templates: list[predict.Template]) -> dict:
    """A fresh problem: a template and a seed, both at random."""
    return {"template": secrets.choice(templates).id, "seed": secrets.randbits(32), "checked": None}


def render(store: Store, profile: Profile, topics: Collection[str] = ()) -> None:
    """Ask one generated problem (of ``topics``, or any); on Check, grade it, save the attempt as
    ``predict:<template>`` and show the verdict and the worked solution; Next draws a new one."""
    templates = predict.templates_for(topics)
    if not templates:
        st.info(tr("predict.no_match"))
        return
    state = st.session_state.get(STATE)
    if state is None or (state["checked"] is None and state["template"] not in {t.id for t in templates}):
        state = st.session_state[STATE] = _draw(templates)
    problem = predict.generate(state["template"], state["seed"])
    language = lang()
    st.caption(tr("predict.intro"))
    st.markdown(f":blue-badge[{tr('topic.' + problem.topic)}]")
    st.markdown(unwrap_cjk(problem.prompt.get(language)))
    st.caption(predict.rule(problem, language))
    if state["checked"] is None:
        _ask(problem, state, store, profile)
        return
    _verdict(problem, state["checked"], language)
    with st.expander(tr("predict.solution"), expanded=True, icon=":material/calculate:"):
        st.markdown(unwrap_cjk(problem.solution.get(language)))
    st.caption(tr("predict.problem", template=problem.template, seed=problem.seed))
    if st.button(tr("predict.next"), key="predict-next", type="primary", shortcut="N"):
        st.session_state[STATE] = _draw(templates)
        st.rerun()


def _ask(problem: predict.Problem, state: dict, store: Store, profile: Profile) -> None:
    """The answer box and Check; a refused answer is explained and nothing is saved."""
    with st.form("predict-form", border=False, enter_to_submit=True):
        text = st.text_input(tr("predict.answer"), key=f"predict-answer-{problem.seed}", max_chars=40)
        checked = st.form_submit_button(tr("predict.check"), type="primary", key="predict-check")
    if not checked:
        return
    try:
        graded = predict.grade(problem, text)
    except predict.AnswerError as exc:
        st.error(exc.message(lang()), icon=":material/error:")
        return
    qid = f"predict:{problem.template}"
    if saved(lambda: store.record_quiz_attempt(profile, qid, QuizKind.numeric, graded.correct, text.strip())) is None:
        st.rerun()
    state["checked"] = {"value": graded.value, "correct": graded.correct}
    st.rerun()


def _verdict(problem: predict.Problem, checked: dict, language: str) -> None:
    """Right or wrong, with the answer as it was read and the exact answer."""

    def shown(value: float) -> str:
        return predict.format_value(value, problem.unit, language)

    given, answer = shown(checked["value"]), shown(problem.answer)
    if checked["correct"]:
        st.success(tr("predict.right", given=given, answer=answer), icon=":material/check_circle:")
    elif problem.tolerance:
        low, high = problem.answer - problem.tolerance, problem.answer + problem.tolerance
        if problem.unit is predict.Unit.percent:
            low, high = max(0.0, low), min(100.0, high)
        message = tr("predict.wrong", given=given, answer=answer, low=shown(low), high=shown(high))
        st.error(message, icon=":material/cancel:")
    else:
        st.error(tr("predict.wrong_exact", given=given, answer=answer), icon=":material/cancel:")
