"""Quiz page: filters, cram mode, leeches, the retention setting and mock interviews."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from engine import bank
from engine.scheduling import Rating
from engine.search import Filters, Index
from engine.store import LEECH_LAPSES, Store, StoreError
from tests.test_quiz import heading, quiz

INDEX = Index(bank.load().questions)


def store_and_profile():
    store = Store(os.environ["SPARSELAB_DB"])
    [profile] = store.list_profiles()
    return store, profile


def test_topic_and_difficulty_filters_narrow_the_due_queue():
    at = quiz()
    at.sidebar.multiselect(key="quiz_topics").set_value(["conditional-computation"]).run()
    at.sidebar.button_group(key="quiz_difficulties").set_value(["hard"]).run()
    assert not at.exception, at.exception
    expected = INDEX.filter(Filters(topics=["conditional-computation"], difficulties=["hard"]))
    assert expected, "the bank has hard MoE questions"
    assert heading(at) == f"### {expected[0].question.en}"
    assert f"{min(10, len(expected))} card(s) to study now" in at.caption[0].value


def test_cram_goes_through_every_matching_card_once_without_touching_the_schedule():
    at = quiz()
    at.sidebar.multiselect(key="quiz_topics").set_value(["sparse-inputs"]).run()
    at.sidebar.toggle(key="cram").set_value(True).run()
    pool = {q.question.en.strip() for q in INDEX.filter(Filters(topics=["sparse-inputs"]))}
    seen = []
    for _ in pool:
        seen.append(heading(at).removeprefix("### ").strip())
        at.button(key="reveal").click().run()
        assert at.button(key="rate-good").label == "3 · Good"  # no interval: cram does not schedule
        at.button(key="rate-good").click().run()
        assert not at.exception, at.exception
    assert sorted(seen) == sorted(pool)
    assert f"all {len(pool)} card(s)" in at.success[0].value
    store, profile = store_and_profile()
    assert store.reviews(profile) == []
    at.button(key="cram_again").click().run()
    assert f"{len(pool)} of {len(pool)} card(s) left" in at.caption[0].value


def test_a_card_failed_eight_times_is_flagged_as_a_leech():
    at = quiz()
    store, profile = store_and_profile()
    first = INDEX.questions[0].id
    start = datetime.now(UTC) - timedelta(days=30)
    for i in range(LEECH_LAPSES):
        store.record_review(profile, first, Rating.Again, now=start + timedelta(days=i))
    at.run()
    assert heading(at) == f"### {INDEX.questions[0].question.en}"  # failed: due again
    assert any(f"failed this card {LEECH_LAPSES} times" in w.value for w in at.warning)


def test_desired_retention_changes_the_intervals_shown_on_the_buttons():
    at = quiz()
    store, profile = store_and_profile()
    first = INDEX.questions[0].id
    store.record_review(profile, first, Rating.Good, now=datetime.now(UTC) - timedelta(days=100))
    store.record_review(profile, first, Rating.Good, now=datetime.now(UTC) - timedelta(days=99))
    at.sidebar.number_input(key="new_per_day").set_value(0).run()
    at.button(key="reveal").click().run()
    loose = at.button(key="rate-good").label
    at.sidebar.slider(key="retention").set_value(0.97).run()
    strict = at.button(key="rate-good").label
    assert loose != strict  # higher retention: a shorter interval


def test_mock_interview_runs_to_its_summary_and_feeds_the_schedule():
    at = quiz()
    at.sidebar.radio(key="quiz_mode").set_value("mock").run()
    at.sidebar.multiselect(key="quiz_topics").set_value(["fundamentals"]).run()
    at.number_input(key="mock_n").set_value(3).run()
    at.button(key="mock_start").click().run()
    assert not at.exception, at.exception
    pool = {q.question.en.strip() for q in INDEX.filter(Filters(topics=["fundamentals"]))}
    grades = [Rating.Again, Rating.Good, Rating.Easy]
    for i, grade in enumerate(grades):
        assert f"Question {i + 1} of 3" in at.get("progress")[0].proto.text
        assert heading(at).removeprefix("### ").strip() in pool
        at.button(key="mock_done").click().run()
        at.button(key=f"mock-{grade.name.lower()}").click().run()
        assert not at.exception, at.exception
    assert "3 question(s) answered" in at.success[0].value
    table = next(m.value for m in at.markdown if m.value.startswith("| Question | Topic | Time | Self-grade |"))
    assert [row.rsplit("|", 2)[1].strip() for row in table.splitlines()[2:]] == ["Again", "Good", "Easy"]
    store, profile = store_and_profile()
    reviews = store.reviews(profile)
    assert [r.rating for r in reviews] == grades and {r.mode.value for r in reviews} == {"mock"}
    [interview] = store.mock_interviews(profile)
    assert interview.finished is not None
    assert [a["grade"] for a in interview.summary["answers"]] == [1, 3, 4]
    assert interview.summary["weakest_topics"][0]["topic"] == "fundamentals"


def test_mock_interview_ended_early_keeps_what_was_answered():
    at = quiz()
    at.sidebar.radio(key="quiz_mode").set_value("mock").run()
    at.number_input(key="mock_n").set_value(5).run()
    at.button(key="mock_start").click().run()
    at.button(key="mock_done").click().run()
    at.button(key="mock-hard").click().run()
    at.button(key="mock_end").click().run()
    assert "1 question(s) answered" in at.success[0].value
    store, profile = store_and_profile()
    [interview] = store.mock_interviews(profile)
    assert len(interview.summary["answers"]) == 1


def test_a_read_only_database_is_announced():
    at = quiz()
    store, _ = store_and_profile()
    reason = f"read-only: no write permission for {store.path}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Store, "read_only", lambda self: reason)
        at.run()
    assert any(reason in w.value and "cannot be saved" in w.value for w in at.warning)


def test_a_failed_save_keeps_the_card_and_says_why(monkeypatch):
    at = quiz()
    store, profile = store_and_profile()
    first = INDEX.questions[0]

    def full_disk(self, *args, **kwargs):
        raise StoreError(self.path, "database or disk is full (the disk is full)", "record a review in")

    monkeypatch.setattr(Store, "record_review", full_disk)
    at.button(key="reveal").click().run()
    at.button(key="rate-good").click().run()
    assert not at.exception, at.exception
    assert any("was not saved" in e.value and "the disk is full" in e.value for e in at.error)
    assert heading(at) == f"### {first.question.en}"
    assert at.button(key="rate-good")  # still revealed: rate again once there is room
    monkeypatch.undo()
    assert store.reviews(profile) == []
    at.button(key="rate-good").click().run()
    assert [r.question_id for r in store.reviews(profile)] == [first.id]
    assert not at.error


def test_predict_mode_on_the_quiz_page_grades_the_number_and_keeps_the_attempt():
    from engine import predict

    at = quiz()
    at.sidebar.radio(key="quiz_mode").set_value("predict").run()
    at.sidebar.multiselect(key="quiz_topics").set_value(["conditional-computation"]).run()
    assert not at.exception, at.exception
    drawn = at.session_state["predict"]
    problem = predict.generate(drawn["template"], drawn["seed"])
    assert problem.topic == "conditional-computation"
    at.text_input(key=f"predict-answer-{problem.seed}").input(repr(problem.answer))
    at.button(key="predict-check").click().run()
    assert not at.exception, at.exception
    store, profile = store_and_profile()
    [attempt] = store.quiz_attempts(profile)
    assert (attempt.question_id, attempt.correct) == (f"predict:{problem.template}", True)
    assert store.reviews(profile) == []  # generated problems are not cards
