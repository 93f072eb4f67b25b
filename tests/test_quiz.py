"""The flashcard quiz: reveal, tick key points, rate, and the review is saved at once."""

from __future__ import annotations

import os
from pathlib import Path

from streamlit.testing.v1 import AppTest

from engine import bank
from engine.scheduling import Rating
from engine.search import Index
from engine.store import Store
from tests.pages import session

APP = str(Path(__file__).resolve().parent.parent / "app.py")
FIRST = Index(bank.load().questions).questions


def quiz() -> AppTest:
    at = session()
    at.run()
    at.switch_page("pages/quiz.py").run()
    assert not at.exception, at.exception
    return at


def heading(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### "))


def test_first_card_is_the_first_question_in_study_order_with_the_answer_hidden():
    at = quiz()
    assert heading(at) == f"### {FIRST[0].question.en}"
    assert at.button(key="reveal")
    assert not at.checkbox  # key points only after the reveal
    assert "10 card(s) to study now" in at.caption[0].value


def test_reveal_tick_and_rate_saves_the_review_and_moves_on():
    at = quiz()
    at.button(key="reveal").click().run()
    boxes = at.checkbox
    assert len(boxes) == len(FIRST[0].key_points)
    for box in boxes:
        box.check()
    at.run()
    assert "suggested rating **Good**" in at.caption[-1].value
    good = at.button(key="rate-good")
    assert good.label.startswith("Good · ")
    good.click().run()
    assert not at.exception
    assert heading(at) == f"### {FIRST[1].question.en}"
    store = Store(os.environ["SPARSELAB_DB"])
    [profile] = store.list_profiles()
    [review] = store.reviews(profile)
    assert (review.question_id, review.rating) == (FIRST[0].id, Rating.Good)


def test_again_brings_the_card_back_later_and_progress_survives_a_restart():
    at = quiz()
    at.button(key="reveal").click().run()
    at.button(key="rate-again").click().run()
    assert heading(at) == f"### {FIRST[1].question.en}"
    again = quiz()  # a new session on the same database
    assert heading(again) == f"### {FIRST[1].question.en}"
    assert "9 card(s) to study now" in again.caption[0].value  # one new card used today, due again in minutes


def test_profiles_keep_separate_progress():
    at = quiz()
    at.button(key="reveal").click().run()
    at.button(key="rate-easy").click().run()
    at.sidebar.text_input(key="new_profile").input("Ana").run()
    at.sidebar.button(key="create_profile").click().run()
    assert at.sidebar.selectbox(key="profile").value == "Ana"
    assert heading(at) == f"### {FIRST[0].question.en}"  # Ana has not studied yet


def choice_mode() -> AppTest:
    at = quiz()
    at.sidebar.radio(key="quiz_mode").set_value("choice").run()
    assert not at.exception, at.exception
    return at


def answer(at: AppTest, right: bool) -> str:
    """Pick the right (or a wrong) option by its text; return the text picked."""
    choice = FIRST[0].quiz.choice
    radio = next(r for r in at.radio if r.key.startswith("mc-"))
    labels = radio.options
    target = next(lbl for lbl in labels if (lbl == choice.correct.en) == right)
    radio.set_value(labels.index(target)).run()
    at.button(key="mc-check").click().run()
    assert not at.exception, at.exception
    return target


def test_multiple_choice_right_answer_is_graded_explained_and_scheduled_good():
    at = choice_mode()
    assert heading(at) == f"### {FIRST[0].question.en}"
    answer(at, right=True)
    assert "Right." in at.success[0].value
    body = "\n".join(m.value for m in at.markdown)
    for wrong in FIRST[0].quiz.choice.wrong:
        assert wrong.why.en in body  # every wrong option says why
    store = Store(os.environ["SPARSELAB_DB"])
    [profile] = store.list_profiles()
    [attempt] = store.quiz_attempts(profile)
    assert (attempt.question_id, attempt.correct) == (FIRST[0].id, True)
    assert [r.rating for r in store.reviews(profile)] == [Rating.Good]
    at.button(key="mc-next").click().run()
    assert heading(at) == f"### {FIRST[1].question.en}"


def test_multiple_choice_wrong_answer_is_scheduled_again():
    at = choice_mode()
    picked = answer(at, right=False)
    assert "Not quite." in at.error[0].value
    store = Store(os.environ["SPARSELAB_DB"])
    [profile] = store.list_profiles()
    [attempt] = store.quiz_attempts(profile)
    assert (attempt.correct, attempt.answer) == (False, picked)
    assert [r.rating for r in store.reviews(profile)] == [Rating.Again]


def test_options_are_shuffled_per_attempt_and_keep_one_correct():
    from engine.quizzing import shuffled_options

    choice = FIRST[0].quiz.choice
    orders = {tuple(o.text.en for o in shuffled_options(choice, seed)) for seed in range(30)}
    assert len(orders) > 1
    for seed in range(30):
        options = shuffled_options(choice, seed)
        assert sum(o.correct for o in options) == 1
        assert all(o.why is not None for o in options if not o.correct)
