"""Self-quiz: flashcards scheduled with FSRS, progress saved the moment a card is rated."""

import streamlit as st

from engine import scheduling
from engine.scheduling import Rating
from ui import multiple_choice, question_view
from ui.profile import profile_picker, progress_store
from ui.state import bank_warnings, current_bank, tr

RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)

loaded, index = current_bank()
bank_warnings(loaded)
store = progress_store()
profile = profile_picker(store)
st.title(tr("nav.quiz"))
if profile is None:
    st.stop()
with st.sidebar:
    mode = st.radio(
        tr("quiz.mode"), ["flashcards", "choice"], format_func=lambda m: tr(f"quiz.mode.{m}"), key="quiz_mode"
    )
    new_per_day = st.number_input(tr("quiz.new_per_day"), 0, 200, 10, key="new_per_day")

askable = [q.id for q in index.questions if mode == "flashcards" or (q.quiz and q.quiz.choice)]
due = store.due_cards(profile, askable, new_per_day=new_per_day)
held = st.session_state.get("mc_attempt") if mode == "choice" else None
answered = held is not None and held.get("checked") is not None and held["id"] in index.by_id
st.caption(tr("quiz.due", n=len(due), name=profile.name))
if not due and not answered:
    st.success(tr("quiz.all_done"), icon=":material/task_alt:")
    st.stop()

question = index.by_id[held["id"]] if answered else index.by_id[due[0].question_id]
st.markdown(question_view.badges(question))
st.markdown(f"### {question_view.text(question.question)}")
if mode == "choice":
    multiple_choice.render(question, store, profile)
    st.stop()
card = due[0]
st.text_area(tr("quiz.notes"), key=f"notes-{question.id}", placeholder=tr("quiz.notes_hint"))


def reveal(question_id: str) -> None:
    st.session_state["quiz_revealed"] = question_id


def rate(question_id: str, rating: Rating) -> None:
    """Commit the review at once; the next rerun shows the next due card."""
    store.record_review(profile, question_id, rating, mode="flashcard")
    st.session_state.pop("quiz_revealed", None)


if st.session_state.get("quiz_revealed") != question.id:
    st.button(tr("q.reveal"), type="primary", shortcut="Space", on_click=reveal, args=(question.id,), key="reveal")
    st.stop()

question_view.render_answer(question)
st.markdown(f"#### {tr('quiz.tick')}")
ticked = sum(
    st.checkbox(question_view.text(point), key=f"kp-{question.id}-{i}") for i, point in enumerate(question.key_points)
)
suggested = scheduling.suggest_rating(ticked, len(question.key_points))
st.caption(
    tr("quiz.suggested", rating=tr(f"rating.{suggested.name.lower()}"), hit=ticked, total=len(question.key_points))
)
previews = scheduling.preview(card.card)
for place, rating, key in zip(st.columns(4), RATINGS, "1234", strict=True):
    place.button(
        f"{tr(f'rating.{rating.name.lower()}')} · {previews[rating].label}",
        key=f"rate-{rating.name.lower()}",
        type="primary" if rating == suggested else "secondary",
        shortcut=key,
        on_click=rate,
        args=(question.id, rating),
        width="stretch",
    )
with st.expander(tr("q.explanation")):
    st.markdown(question_view.text(question.explanation))
