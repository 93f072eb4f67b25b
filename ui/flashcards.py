"""The flashcard mode of the quiz page: think, reveal, tick the key points, rate."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from engine import scheduling
from engine.scheduling import RATINGS, Card, Rating
from engine.schema import Question
from ui import question_view
from ui.state import tr

RATED = "quiz_rated"  # set by a rating: if only the card runs next, it reruns the whole page


def _reveal(question_id: str) -> None:
    st.session_state["quiz_revealed"] = question_id


def _rate(on_rate: Callable[[Rating], bool], rating: Rating) -> None:
    if on_rate(rating):
        st.session_state.pop("quiz_revealed", None)
    st.session_state[RATED] = True  # the page then shows the next card, or why this one was not saved


@st.fragment
def render(question: Question, card: Card | None, desired_retention: float, on_rate: Callable[[Rating], bool]) -> None:
    """Ask ``question``; once revealed, rate it with ``on_rate`` (buttons or keys 1-4; it returns
    whether the rating was saved, else the card stays). With a
    ``card``, each button shows when the card would come back; without one (cram), no schedule.

    Revealing and ticking rerun only this card; a rating reruns the page (the next card, or the
    message saying why it was not saved above this one)."""
    if st.session_state.pop(RATED, False):
        st.rerun()
    st.text_area(tr("quiz.notes"), key=f"notes-{question.id}", placeholder=tr("quiz.notes_hint"))
    if st.session_state.get("quiz_revealed") != question.id:
        st.button(tr("q.reveal"), type="primary", shortcut="Space", on_click=_reveal, args=(question.id,), key="reveal")
        return
    question_view.render_answer(question)
    st.markdown(f"#### {tr('quiz.tick')}")
    ticked = sum(
        st.checkbox(question_view.text(point), key=f"kp-{question.id}-{i}")
        for i, point in enumerate(question.key_points)
    )
    suggested = scheduling.suggest_rating(ticked, len(question.key_points))
    st.caption(
        tr("quiz.suggested", rating=tr(f"rating.{suggested.name.lower()}"), hit=ticked, total=len(question.key_points))
    )
    previews = scheduling.preview(card, desired_retention=desired_retention) if card is not None else {}
    for place, rating, key in zip(st.columns(4), RATINGS, "1234", strict=True):
        label = tr(f"rating.{rating.name.lower()}")
        place.button(
            f"{label} · {previews[rating].label}" if previews else f"{key} · {label}",
            key=f"rate-{rating.name.lower()}",
            type="primary" if rating == suggested else "secondary",
            shortcut=key,
            on_click=_rate,
            args=(on_rate, rating),
            width="stretch",
        )
    with st.expander(tr("q.explanation")):
        st.markdown(question_view.text(question.explanation))
