"""Self-quiz: flashcards and multiple choice scheduled with FSRS, numbers to predict, mock
interviews; every answer is saved the moment it is given."""

import secrets

import streamlit as st

from engine.scheduling import DEFAULT_RETENTION, Rating
from engine.search import Filters
from engine.store import is_leech
from ui import flashcards, mock_view, multiple_choice, predict_view, question_view, shell
from ui.filters import topic_and_difficulty
from ui.profile import profile_picker, progress_store, saved
from ui.state import bank_warnings, current_bank, tr, user_tz

shell.first_run()

MODES = ("flashcards", "choice", "predict", "mock")
st.session_state.pop(flashcards.RATED, None)  # a run of the whole page already shows a rating's outcome

loaded, index = current_bank()
bank_warnings(loaded)
with st.sidebar:
    mode = st.radio(tr("quiz.mode"), MODES, format_func=lambda m: tr(f"quiz.mode.{m}"), key="quiz_mode")
# The retention slider sits at the bottom of the sidebar; its value is known from the start of the run.
store = progress_store(st.session_state.get("retention", DEFAULT_RETENTION))
profile = profile_picker(store)
st.title(tr("nav.quiz"))
if profile is None:
    st.stop()
topics, difficulties = topic_and_difficulty(index, "quiz_")
pool = index.filter(Filters(topics=topics, difficulties=difficulties))
with st.sidebar:
    if mode in ("flashcards", "choice"):
        cram = st.toggle(tr("quiz.cram"), key="cram", help=tr("quiz.cram_help"))
        new_per_day = st.number_input(tr("quiz.new_per_day"), 0, 200, 10, key="new_per_day", disabled=cram)
    if mode != "predict":  # predicted numbers are not scheduled
        st.slider(
            tr("quiz.retention"), 0.70, 0.97, DEFAULT_RETENTION, 0.01, key="retention", help=tr("quiz.retention_help")
        )
if mode == "mock":
    mock_view.render(pool, index, store, profile)
    st.stop()
if mode == "predict":
    predict_view.render(store, profile, topics)
    st.stop()
askable = [q.id for q in pool if mode == "flashcards" or (q.quiz and q.quiz.choice)]
if not askable:
    st.info(tr("quiz.no_match"))
    st.stop()


def cram_left() -> list[str]:
    """The questions not yet seen in this cram round, shuffled once per round and filter."""
    state = st.session_state.get("cram_round")
    if state is None or state["ids"] != askable:
        order = askable.copy()
        secrets.SystemRandom().shuffle(order)
        state = st.session_state["cram_round"] = {"ids": askable, "left": order}
    return state["left"]


def restart_cram() -> None:
    st.session_state.pop("cram_round", None)


def seen(question_id: str) -> None:
    """Move on from ``question_id`` (cram: it leaves the round; due queue: the store decides)."""
    if cram and question_id in cram_left():
        cram_left().remove(question_id)


held = st.session_state.get("mc_attempt") if mode == "choice" else None
answered = held is not None and held.get("checked") is not None and held["id"] in index.by_id
card = None
if cram:
    left = cram_left()
    st.caption(tr("quiz.cram_left", left=len(left), total=len(askable), name=profile.name))
    if not left and not answered:
        st.success(tr("quiz.cram_done", total=len(askable)), icon=":material/task_alt:")
        st.button(tr("quiz.cram_again"), on_click=restart_cram, key="cram_again", icon=":material/shuffle:")
        st.stop()
    current = held["id"] if answered else left[0]
else:
    due = store.due_cards(profile, askable, new_per_day=new_per_day, tz=user_tz())
    st.caption(tr("quiz.due", n=len(due), name=profile.name))
    if not due and not answered:
        st.success(tr("quiz.all_done"), icon=":material/task_alt:")
        st.stop()
    current = held["id"] if answered else due[0].question_id
    card = None if answered else due[0].card

question = index.by_id[current]
st.markdown(question_view.badges(question))
lapses = store.lapse_counts(profile).get(question.id, 0)
if is_leech(lapses):
    st.warning(tr("quiz.leech", n=lapses), icon=":material/bug_report:")
st.markdown(f"### {question_view.text(question.question)}")
if mode == "choice":
    multiple_choice.render(question, store, profile, schedule=not cram, on_next=lambda: seen(question.id))
    st.stop()


def rate(rating: Rating) -> bool:
    """Commit the review at once (not in cram mode); the next rerun shows the next card. False,
    keeping the card, if it could not be saved."""
    if not cram and saved(lambda: store.record_review(profile, question.id, rating, mode="flashcard")) is None:
        return False
    seen(question.id)
    return True


flashcards.render(question, card, store.desired_retention, rate)
