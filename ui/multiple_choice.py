"""The multiple-choice mode of the quiz page."""

from __future__ import annotations

import secrets
from collections.abc import Callable

import streamlit as st

from engine.quizzing import rating_for, shuffled_options
from engine.schema import Question
from engine.store import Profile, QuizKind, Store
from ui import question_view
from ui.profile import saved
from ui.state import lang, tr


def render(question: Question, store: Store, profile: Profile, *, schedule: bool, on_next: Callable[[], None]) -> None:
    """Ask the question's choice item; on Check, grade, explain every option and save the attempt
    (and, with ``schedule``, feed the card's schedule); Next calls ``on_next``."""
    choice = question.quiz.choice
    attempt = st.session_state.setdefault("mc_attempt", {"id": question.id, "seed": secrets.randbits(32)})
    if attempt["id"] != question.id:
        attempt.update(id=question.id, seed=secrets.randbits(32), checked=None)
    options = shuffled_options(choice, attempt["seed"])
    language = lang()
    st.markdown(f"#### {question_view.text(choice.prompt)}")
    picked = st.radio(
        tr("mc.pick"),
        range(len(options)),
        index=None,
        format_func=lambda i: options[i].text.get(language),
        key=f"mc-{question.id}-{attempt['seed']}",
        disabled=attempt.get("checked") is not None,
    )
    if attempt.get("checked") is None:
        if st.button(tr("mc.check"), type="primary", disabled=picked is None, key="mc-check", shortcut="Enter"):
            correct = options[picked].correct
            text = options[picked].text.en
            if saved(lambda: store.record_quiz_attempt(profile, question.id, QuizKind.choice, correct, text)) is None:
                st.rerun()
            if (
                schedule
                and saved(lambda: store.record_review(profile, question.id, rating_for(correct), mode="choice")) is None
            ):
                st.rerun()
            attempt["checked"] = picked
            st.rerun()
        return
    chosen = options[attempt["checked"]]
    verdict = "right" if chosen.correct else "wrong"
    message = tr(f"mc.{verdict}") + " " + (tr(f"mc.{verdict}_saved") if schedule else tr("mc.not_scheduled"))
    if chosen.correct:
        st.success(message, icon=":material/check_circle:")
    else:
        st.error(message, icon=":material/cancel:")
    for i, option in enumerate(options):
        mark = ":green[:material/check:]" if option.correct else ":red[:material/close:]"
        line = f"{mark} **{option.text.get(language)}**"
        if option.why:
            line += f" — {option.why.get(language)}"
        st.markdown(("→ " if i == attempt["checked"] else "") + line)
    if st.button(tr("mc.next"), key="mc-next", shortcut="N"):
        st.session_state.pop("mc_attempt", None)
        on_next()
        st.rerun()
