"""The progress page: due cards, streak, retention, mastery, weakest questions and leeches."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from engine import bank, mock, progress
from engine.scheduling import Rating
from engine.search import Index
from engine.store import LEECH_LAPSES, Store
from tests.pages import session

APP = str(Path(__file__).resolve().parent.parent / "app.py")
QUESTIONS = Index(bank.load().questions).questions  # the page's order


def progress_page() -> AppTest:
    at = session()
    at.run()
    at.switch_page("pages/progress.py").run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_without_reviews_the_page_says_how_to_start():
    at = progress_page()
    assert metric(at, "Due today") == "0"
    assert metric(at, "Never studied") == str(len(QUESTIONS))
    assert metric(at, "Streak") == "0 day(s)"
    assert "No reviews yet" in at.info[0].value


def test_reviews_show_up_as_due_cards_streak_retention_mastery_and_leeches():
    store = Store(os.environ["SPARSELAB_DB"])
    profile = store.ensure_profile("me")
    now = datetime.now(UTC)
    first, second, third = QUESTIONS[0], QUESTIONS[1], QUESTIONS[2]
    store.record_review(profile, first.id, Rating.Good, now=now - timedelta(days=2))  # due again by now
    store.record_review(profile, first.id, Rating.Good, now=now - timedelta(days=1))
    for i in range(LEECH_LAPSES):
        store.record_review(profile, second.id, Rating.Again, now=now - timedelta(minutes=30 - i))
    store.record_review(profile, third.id, Rating.Easy, now=now)
    interview = store.start_mock_interview(profile, now=now)
    store.finish_mock_interview(
        interview, mock.summary([mock.Answer(third.id, third.topic, 42.0, Rating.Easy)]), now=now
    )

    at = progress_page()
    forecast = store.due_forecast(profile, now)
    assert metric(at, "Due today") == str(forecast[0][1])
    assert metric(at, "Never studied") == str(len(QUESTIONS) - 3)
    reviews = 2 + LEECH_LAPSES + 1
    today = store.reviews_per_day(profile).get(now.date(), 0)
    assert metric(at, "Reviews today") == str(today)
    assert metric(at, "Streak") == f"{progress.streak(store.reviews_per_day(profile), now.date())} day(s)"
    assert metric(at, "Retention (30 days)") == f"{(reviews - LEECH_LAPSES) / reviews:.0%}"
    assert len(at.main.get("image")) == 2  # forecast and history
    mastery, mocks = at.dataframe
    table = mastery.value.set_index("topic")
    expected = progress.mastery(QUESTIONS, store.cards(profile), datetime.now(UTC)).set_index("topic")
    assert list(table["studied"]) == list(expected["studied"])
    assert (table["mastery"] - expected["mastery"].to_numpy()).abs().max() < 1e-3  # a moment later
    targets = [link.proto.query_string for link in at.get("page_link")]
    assert f"q={second.id}" in targets[0]  # weakest first: the leech
    assert any("Leech" in c.value for c in at.caption)
    assert sum(f"q={second.id}" in t for t in targets) == 2  # in the weakest list and the leech list
    assert list(mocks.value["Answered"]) == [1] and list(mocks.value["Total time"]) == ["0:42"]


def test_history_downloaded_as_csv_restores_into_a_fresh_database(tmp_path, monkeypatch):
    from engine import history

    old = Store(tmp_path / "old.sqlite")
    profile = old.ensure_profile("me")
    now = datetime.now(UTC)
    for i, question in enumerate(QUESTIONS[:5]):
        old.record_review(profile, question.id, Rating(1 + i % 4), now=now - timedelta(days=5 - i))
    data = history.csv_bytes(old, profile)

    at = progress_page()  # a fresh database
    assert at.get("download_button")  # the deck and the history can be downloaded
    at.get("file_uploader")[0].upload("history.csv", data, "text/csv")
    at.button(key="restore_import").click().run()
    assert not at.exception, at.exception
    assert "Imported 5 review(s)" in at.success[0].value
    fresh = Store(os.environ["SPARSELAB_DB"])
    [restored] = fresh.list_profiles()
    assert [(c.question_id, c.card.due, c.reps) for c in fresh.cards(restored)] == [
        (c.question_id, c.card.due, c.reps) for c in old.cards(profile)
    ]
    assert metric(at, "Never studied") == str(len(QUESTIONS) - 5)


def test_a_bad_history_file_imports_nothing_and_names_the_line():
    at = progress_page()
    at.get("file_uploader")[0].upload("broken.csv", b"not,a,history\n1,2,3\n", "text/csv")
    at.button(key="restore_import").click().run()
    assert not at.exception, at.exception
    assert "Nothing was imported" in at.error[0].value
    assert at.code[0].value.startswith("broken.csv:")
    assert Store(os.environ["SPARSELAB_DB"]).reviews(1) == []
