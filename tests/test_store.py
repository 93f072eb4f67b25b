"""engine.store: the SQLite progress database — round trips, one-transaction reviews, migrations,
several tabs writing at once, and clear errors that never lose data."""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import scheduling, store
from engine.scheduling import RATINGS, Rating, State
from engine.store import LEECH_LAPSES, SCHEMA_VERSION, Mode, QuizKind, Store, StoreError, is_leech

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
NOBODY = 65534


def raw(path: Path) -> closing[sqlite3.Connection]:
    """A plain connection of our own, as another process would open the file."""
    return closing(sqlite3.connect(path, isolation_level=None))


def integrity(path: Path) -> str:
    with raw(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def count(path: Path, table: str) -> int:
    with raw(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def db() -> Store:
    """A store at the default path, which conftest points into tmp_path through SPARSELAB_DB."""
    return Store()


@pytest.fixture
def ann(db: Store) -> store.Profile:
    return db.create_profile("Ann", T0)


# ---------------------------------------------------------------- paths


def test_default_path_honours_sparselab_db(tmp_path, monkeypatch):
    assert Store().path == tmp_path / "progress.sqlite" == store.default_path()
    monkeypatch.setenv("SPARSELAB_DB", str(tmp_path / "deep" / "er" / "mine.db"))
    db = Store()
    assert db.path == tmp_path / "deep" / "er" / "mine.db"
    assert db.schema_version() == SCHEMA_VERSION  # the folders are created on first use
    assert db.path.is_file()


def test_default_path_without_sparselab_db(tmp_path, monkeypatch):
    monkeypatch.delenv("SPARSELAB_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert store.default_path() == tmp_path / "xdg" / "sparselab" / "progress.sqlite"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")  # the XDG spec says so
    assert store.default_path() == tmp_path / "home" / ".local" / "share" / "sparselab" / "progress.sqlite"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert Store().path == tmp_path / "home" / ".local" / "share" / "sparselab" / "progress.sqlite"


def test_every_connection_is_set_up(db):
    conn = db._connect(write=False, action="test")
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


# ---------------------------------------------------------------- round trips


def test_profiles(db):
    assert db.list_profiles() == []
    ann = db.create_profile("  Ann ", T0)
    bo = db.create_profile("博", T0 + timedelta(seconds=1))
    assert ann.name == "Ann" and ann.created == T0
    assert db.list_profiles() == [ann, bo]
    with pytest.raises(StoreError, match="already exists") as info:
        db.create_profile("ann")
    assert str(db.path) in str(info.value)
    assert db.ensure_profile("ANN") == ann
    assert db.ensure_profile("Cy").name == "Cy"
    assert len(db.list_profiles()) == 3
    for bad in ("", "   ", "x" * 81):
        with pytest.raises(ValueError, match="profile name"):
            db.create_profile(bad)


def test_cards(db, ann):
    assert db.get_card(ann, "q1") is None
    card = db.get_or_create_card(ann, "q1", T0)
    assert card.to_dict() == scheduling.new_card("q1", T0).to_dict()
    assert db.get_or_create_card(ann.id, "q1", T0 + timedelta(days=3)).to_dict() == card.to_dict()  # not replaced
    assert db.get_card(ann, "q1").to_dict() == card.to_dict()
    assert db.due_cards(ann, ["q1"], T0)[0].new  # created but never reviewed: still new


def test_record_review_round_trip(db, ann):
    result = db.record_review(ann, "q1", Rating.Good, T0, "choice", duration_ms=1234)
    expected, log = scheduling.review(scheduling.new_card("q1", T0), Rating.Good, T0, duration_ms=1234)
    assert result.card.to_dict() == expected.to_dict() == db.get_card(ann, "q1").to_dict()
    assert result.log.to_dict() == log.to_dict()
    (record,) = db.reviews(ann)
    assert (record.id, record.question_id, record.rating, record.reviewed_at, record.mode) == (
        result.review_id,
        "q1",
        Rating.Good,
        T0,
        Mode.choice,
    )
    assert record.log.to_dict() == log.to_dict()
    # Committed before returning: another connection (another tab, another process) sees it at once.
    with raw(db.path) as conn:
        assert conn.execute("SELECT id, rating, mode FROM reviews").fetchall() == [(result.review_id, 3, "choice")]
        assert conn.execute("SELECT reps, lapses FROM cards").fetchall() == [(1, 0)]


_question_ids = (f"q{i}" for i in itertools.count())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    history=st.lists(
        st.tuples(
            st.sampled_from(RATINGS),
            st.integers(0, 60 * 86400).map(lambda s: timedelta(seconds=s)),
            st.sampled_from(list(Mode)),
        ),
        min_size=1,
        max_size=8,
    ),
    offset=st.sampled_from([0, 8, -5]),
)
def test_the_store_schedules_like_engine_scheduling(db, ann, history, offset):
    question, now = next(_question_ids), T0
    card = scheduling.new_card(question, T0)
    for rating, gap, mode in history:
        now += gap
        card, _ = scheduling.review(card, rating, now)
        local = now.astimezone(timezone(timedelta(hours=offset)))  # any aware time is accepted
        assert db.record_review(ann, question, rating, local, mode).card.to_dict() == card.to_dict()
    assert db.get_card(ann, question).to_dict() == card.to_dict()
    stored = db.reviews(ann, question)
    assert [(r.rating, r.mode) for r in stored] == [(r, m) for r, _, m in history]
    assert all(r.reviewed_at.tzinfo == UTC for r in stored)
    assert db.lapse_counts(ann).get(question, 0) == sum(r == Rating.Again for r, _, _ in history)


def test_card_and_review_are_written_in_one_transaction(db, ann):
    db.record_review(ann, "q1", Rating.Good, T0)
    before = db.get_card(ann, "q1").to_dict()
    with raw(db.path) as conn:  # make the second statement of the transaction fail
        conn.execute("CREATE TRIGGER no_reviews BEFORE INSERT ON reviews BEGIN SELECT RAISE(ABORT, 'injected'); END")
    with pytest.raises(StoreError, match="injected") as info:
        db.record_review(ann, "q1", Rating.Again, T0 + timedelta(hours=1))
    with pytest.raises(StoreError, match="injected"):
        db.record_review(ann, "q2", Rating.Good, T0)
    assert str(db.path) in str(info.value)
    assert db.get_card(ann, "q1").to_dict() == before  # the card update was rolled back with the review
    assert db.get_card(ann, "q2") is None
    assert db.lapse_counts(ann) == {}
    assert len(db.reviews(ann)) == 1
    with raw(db.path) as conn:
        conn.execute("DROP TRIGGER no_reviews")
    db.record_review(ann, "q1", Rating.Again, T0 + timedelta(hours=1))
    assert db.lapse_counts(ann) == {"q1": 1}


def test_bad_arguments_touch_nothing(db, ann):
    with pytest.raises(StoreError, match="no profile with id 999"):
        db.record_review(999, "q1", Rating.Good, T0)
    with pytest.raises(ValueError):
        db.record_review(ann, "q1", 5, T0)
    with pytest.raises(ValueError):
        db.record_review(ann, "q1", Rating.Good, T0, mode="telepathy")
    with pytest.raises(ValueError, match="naive"):
        db.record_review(ann, "q1", Rating.Good, datetime(2025, 3, 1))
    with pytest.raises(ValueError):
        db.record_quiz_attempt(ann, "q1", "essay", True, "x", T0)
    assert count(db.path, "reviews") == count(db.path, "cards") == count(db.path, "quiz_attempts") == 0


def test_due_cards_and_the_daily_new_limit(db, ann):
    bank = [f"q{i}" for i in range(6)]
    due = db.due_cards(ann, bank, T0, new_per_day=2)
    assert [(d.question_id, d.new) for d in due] == [("q0", True), ("q1", True)]
    assert due[0].card.to_dict() == scheduling.new_card("q0", T0).to_dict()
    for d in due:
        db.record_review(ann, d.question_id, Rating.Good, T0)  # learning: due again in 10 minutes
    assert db.due_cards(ann, bank, T0 + timedelta(minutes=5), new_per_day=2) == []  # today's 2 new are used
    later = db.due_cards(ann, bank, T0 + timedelta(minutes=11), new_per_day=3)
    assert [(d.question_id, d.new) for d in later] == [("q0", False), ("q1", False), ("q2", True)]
    assert later[0].card.to_dict() == db.get_card(ann, "q0").to_dict()
    tomorrow = db.due_cards(ann, bank, T0 + timedelta(days=1), new_per_day=2)
    assert [(d.question_id, d.new) for d in tomorrow] == [("q0", False), ("q1", False), ("q2", True), ("q3", True)]
    # Questions gone from the bank are not offered; a negative limit is a mistake.
    assert [d.question_id for d in db.due_cards(ann, ["q1", "q5"], T0 + timedelta(days=1), new_per_day=0)] == ["q1"]
    with pytest.raises(ValueError):
        db.due_cards(ann, bank, T0, new_per_day=-1)


def test_new_cards_per_day_follow_the_local_day(db, ann):
    beijing = timezone(timedelta(hours=8))
    late = datetime(2025, 3, 1, 15, 30, tzinfo=UTC)  # 23:30 in Beijing, still 1 March there
    db.record_review(ann, "q0", Rating.Good, late)
    soon = late + timedelta(hours=1)  # 00:30 on 2 March in Beijing, 16:30 on 1 March in UTC
    assert [d.question_id for d in db.due_cards(ann, ["q0", "q1"], soon, new_per_day=1) if d.new] == []
    assert [d.question_id for d in db.due_cards(ann, ["q0", "q1"], soon, new_per_day=1, tz=beijing) if d.new] == ["q1"]


def test_progress_history(db, ann):
    bo = db.create_profile("Bo")
    plan = {  # question: ratings, one review per day from T0
        "leech": [Rating.Again] * 8,
        "almost": [Rating.Again] * 7 + [Rating.Good],
        "easy": [Rating.Easy, Rating.Good],
    }
    for question, ratings in plan.items():
        for day, rating in enumerate(ratings):
            db.record_review(ann, question, rating, T0 + timedelta(days=day))
    db.record_review(bo, "leech", Rating.Good, T0)  # other profiles do not count

    assert db.reviews_per_day(ann) == {T0.date() + timedelta(days=d): 3 if d < 2 else 2 for d in range(8)}
    assert db.reviews_per_day(ann, since=T0 + timedelta(days=6), until=T0 + timedelta(days=7)) == {date(2025, 3, 7): 2}
    assert db.retention(ann) == store.Retention(reviews=18, passed=3)
    assert db.retention(ann).share == pytest.approx(3 / 18)
    assert db.retention(ann, since=T0 + timedelta(days=7)).share == 0.5
    assert db.retention(db.create_profile("Cy")).share is None
    assert db.lapse_counts(ann) == {"leech": 8, "almost": 7}
    assert db.leeches(ann) == ["leech"]
    assert [is_leech(n) for n in (LEECH_LAPSES - 1, LEECH_LAPSES, LEECH_LAPSES + 5)] == [False, True, True]
    assert db.leeches(bo) == []


def test_due_forecast(db, ann):
    # Without fuzz a new card rated Again is due in 1 minute, rated Easy in 8 days.
    db.record_review(ann, "today", Rating.Again, T0)
    db.record_review(ann, "overdue", Rating.Easy, T0 - timedelta(days=10))  # due 2 days ago
    db.record_review(ann, "day-8", Rating.Easy, T0)
    db.record_review(ann, "day-14", Rating.Easy, T0 + timedelta(days=6))  # just outside the 14 days
    db.get_or_create_card(ann, "never-reviewed", T0)  # not a review to come
    assert db.get_card(ann, "day-8").due == T0 + timedelta(days=8)
    forecast = db.due_forecast(ann, T0 + timedelta(hours=1))
    assert forecast == [(T0.date() + timedelta(days=i), {0: 2, 8: 1}.get(i, 0)) for i in range(14)]
    assert sum(n for _, n in db.due_forecast(ann, T0, days=15)) == 4
    # Days follow the given time zone: at UTC-10, 09:30 UTC on 9 and 15 March are 23:30 on 8 and 14 March.
    hawaii = timezone(timedelta(hours=-10))
    local = db.due_forecast(ann, T0 + timedelta(hours=1), tz=hawaii)  # 00:30 on 1 March there
    assert local == [(date(2025, 3, 1) + timedelta(days=i), {0: 2, 7: 1, 13: 1}.get(i, 0)) for i in range(14)]


def test_quiz_attempts_and_mock_interviews(db, ann):
    first = db.record_quiz_attempt(ann, "q1", QuizKind.choice, True, "ReLU zeroes negatives", T0)
    db.record_quiz_attempt(ann, "q2", "numeric", False, "0.37", T0 + timedelta(minutes=1))
    attempts = db.quiz_attempts(ann)
    assert [(a.id, a.question_id, a.kind, a.correct, a.answer, a.at) for a in attempts] == [
        (first, "q1", QuizKind.choice, True, "ReLU zeroes negatives", T0),
        (first + 1, "q2", QuizKind.numeric, False, "0.37", T0 + timedelta(minutes=1)),
    ]
    assert [a.question_id for a in db.quiz_attempts(ann, "q2")] == ["q2"]

    mock = db.start_mock_interview(ann, T0)
    (running,) = db.mock_interviews(ann)
    assert (running.id, running.started, running.finished, running.summary) == (mock, T0, None, None)
    summary = {"questions": ["q1", "q2"], "score": 0.5, "notes": "讲清楚了 top-k 路由"}
    db.finish_mock_interview(mock, summary, T0 + timedelta(minutes=30))
    (done,) = db.mock_interviews(ann)
    assert (done.finished, done.summary) == (T0 + timedelta(minutes=30), summary)
    with pytest.raises(StoreError, match="already finished"):
        db.finish_mock_interview(mock, summary)
    with pytest.raises(StoreError, match="no mock interview"):
        db.finish_mock_interview(mock + 1, summary)
    with pytest.raises(TypeError):
        db.finish_mock_interview(db.start_mock_interview(ann), {"when": T0})
    with pytest.raises(StoreError, match="no profile"):
        db.start_mock_interview(42)


# ---------------------------------------------------------------- migrations

# The schema exactly as version 1 created it: a frozen copy, so this test keeps describing
# the databases already out there even if someone edits store._v1 (which must never happen).
V1_SCHEMA = [
    """CREATE TABLE profiles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        created TEXT NOT NULL
    )""",
    """CREATE TABLE cards (
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        state TEXT NOT NULL,
        due TEXT NOT NULL,
        updated TEXT NOT NULL,
        PRIMARY KEY (profile_id, question_id)
    )""",
    """CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at TEXT NOT NULL,
        log TEXT NOT NULL
    )""",
    "CREATE INDEX reviews_by_time ON reviews (profile_id, reviewed_at)",
]


def schema_of(path: Path) -> dict[str, object]:
    """Every table's and index's definition, whitespace-normalized, with each table's columns."""
    with raw(path) as conn:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").fetchall()
        columns = {
            name: conn.execute(f"PRAGMA table_info({name})").fetchall() for kind, name, _ in rows if kind == "table"
        }
    return {"sql": {name: " ".join(sql.split()) for _, name, sql in rows}, "columns": columns}


def make_v1(path: Path) -> None:
    """A version-1 database with one profile, two cards and three reviews (one Again)."""
    with raw(path) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        for sql in V1_SCHEMA:
            conn.execute(sql)
        conn.execute("PRAGMA user_version = 1")
        conn.execute("INSERT INTO profiles (id, name, created) VALUES (1, 'Ann', ?)", (T0.isoformat(),))
        history = {"q1": [(Rating.Good, T0), (Rating.Again, T0 + timedelta(days=2))], "q2": [(Rating.Easy, T0)]}
        for question, reviews in history.items():
            card = scheduling.new_card(question, T0)
            for rating, at in reviews:
                card, log = scheduling.review(card, rating, at)
                conn.execute(
                    "INSERT INTO reviews (profile_id, question_id, rating, reviewed_at, log) VALUES (1, ?, ?, ?, ?)",
                    (question, int(rating), at.isoformat(timespec="microseconds"), log.to_json()),
                )
            conn.execute(
                "INSERT INTO cards (profile_id, question_id, state, due, updated) VALUES (1, ?, ?, ?, ?)",
                (question, card.to_json(), card.due.isoformat(timespec="microseconds"), T0.isoformat()),
            )


def test_version_1_migration_still_creates_the_frozen_schema(tmp_path):
    frozen, replayed = tmp_path / "frozen.sqlite", tmp_path / "replayed.sqlite"
    with raw(frozen) as conn:
        for sql in V1_SCHEMA:
            conn.execute(sql)
    with raw(replayed) as conn:
        assert store.migrate(conn, store.MIGRATIONS[:1]) == 0
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert schema_of(replayed) == schema_of(frozen)


def test_migrating_from_version_1_to_the_latest(tmp_path):
    path = tmp_path / "old.sqlite"
    make_v1(path)
    with raw(path) as conn:
        old_cards = {q: scheduling.Card.from_json(s) for q, s in conn.execute("SELECT question_id, state FROM cards")}
    db = Store(path)
    assert db.schema_version() == SCHEMA_VERSION == 2
    # Everything kept, and the new columns filled from the old reviews.
    (ann,) = db.list_profiles()
    assert (ann.id, ann.name, ann.created) == (1, "Ann", T0)
    assert {q: db.get_card(ann, q).to_dict() for q in old_cards} == {q: c.to_dict() for q, c in old_cards.items()}
    assert [(r.question_id, r.rating, r.mode) for r in db.reviews(ann)] == [
        ("q1", Rating.Good, Mode.flashcard),
        ("q1", Rating.Again, Mode.flashcard),
        ("q2", Rating.Easy, Mode.flashcard),
    ]
    assert db.lapse_counts(ann) == {"q1": 1}
    with raw(path) as conn:
        assert dict(conn.execute("SELECT question_id, reps FROM cards")) == {"q1": 2, "q2": 1}
    # The upgraded file is the same shape as a new one, and works as one.
    fresh = Store(tmp_path / "new.sqlite")
    assert fresh.schema_version() == SCHEMA_VERSION
    upgraded, new = schema_of(path), schema_of(fresh.path)
    assert upgraded["columns"] == new["columns"]
    assert upgraded["sql"].keys() == new["sql"].keys()
    db.record_review(ann, "q1", Rating.Again, T0 + timedelta(days=3), Mode.mock)
    db.record_quiz_attempt(ann, "q2", QuizKind.numeric, True, "42", T0)
    db.finish_mock_interview(db.start_mock_interview(ann, T0), {"score": 1})
    assert db.lapse_counts(ann) == {"q1": 2}
    assert integrity(path) == "ok"


def test_a_failed_migration_changes_nothing(tmp_path):
    path = tmp_path / "old.sqlite"
    make_v1(path)
    with raw(path) as conn:  # something in the way of version 2
        conn.execute("CREATE TABLE quiz_attempts (whatever TEXT)")
    before = schema_of(path)
    with pytest.raises(StoreError, match="quiz_attempts already exists") as info:
        Store(path).list_profiles()
    assert str(path) in str(info.value)
    assert schema_of(path) == before  # the ALTER TABLEs before the failure were rolled back too
    with raw(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 3


def test_a_database_from_a_newer_version_is_refused_untouched(db, ann):
    db.record_review(ann, "q1", Rating.Good, T0)
    with raw(db.path) as conn:
        conn.execute("PRAGMA user_version = 99")
    data = db.path.read_bytes()
    with pytest.raises(StoreError, match="schema version 99") as info:
        db.reviews(ann)
    assert str(db.path) in str(info.value)
    assert db.path.read_bytes() == data


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("my precious notes\n" * 100)
    with pytest.raises(StoreError, match="not a") as info:
        Store(path).record_review(1, "q1", Rating.Good, T0)
    assert str(path) in str(info.value)
    assert path.read_text() == "my precious notes\n" * 100


# ---------------------------------------------------------------- several tabs at once


def test_several_tabs_reviewing_at_once(db, ann):
    """8 threads (browser tabs; half share one Store, half have their own) x 50 reviews of the
    same 5 cards, plus a progress page reading all along."""
    threads_n, per_thread, questions = 8, 50, [f"q{i}" for i in range(5)]
    shared = Store()
    barrier = threading.Barrier(threads_n + 1)
    acknowledged: list[tuple[int, str, Rating, datetime]] = []
    errors: list[BaseException] = []
    done = threading.Event()
    lock = threading.Lock()

    def tab(i: int) -> None:
        mine = shared if i % 2 else Store()
        try:
            barrier.wait()
            for j in range(per_thread):
                question, rating = questions[(i + j) % 5], RATINGS[(3 * i + j) % 4]
                now = T0 + timedelta(minutes=j, seconds=i)
                result = mine.record_review(ann, question, rating, now, Mode.flashcard)
                with lock:
                    acknowledged.append((result.review_id, question, rating, now))
        except BaseException as exc:
            errors.append(exc)

    def progress_page() -> None:
        try:
            barrier.wait()
            while not done.is_set():
                shared.due_cards(ann, questions, T0 + timedelta(days=1))
                shared.reviews_per_day(ann)
                shared.lapse_counts(ann)
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=tab, args=(i,)) for i in range(threads_n)]
    reader = threading.Thread(target=progress_page)
    started = time.perf_counter()
    for t in [*workers, reader]:
        t.start()
    for t in workers:
        t.join(timeout=300)
    done.set()
    reader.join(timeout=60)
    elapsed = time.perf_counter() - started

    assert errors == []
    assert len(acknowledged) == threads_n * per_thread
    stored = {r.id: r for r in db.reviews(ann)}
    assert len(stored) == threads_n * per_thread
    for review_id, question, rating, now in acknowledged:
        record = stored[review_id]
        assert (record.question_id, record.rating, record.reviewed_at) == (question, rating, now)
    # No lost update: replaying each card's reviews in commit order gives exactly the stored card,
    # so every review read the card the previous one wrote.
    for question in questions:
        card = scheduling.new_card(question, T0)
        mine = [r for r in stored.values() if r.question_id == question]
        for record in sorted(mine, key=lambda r: r.id):
            card, _ = scheduling.review(card, record.rating, record.reviewed_at)
        assert db.get_card(ann, question).to_dict() == card.to_dict()
    with raw(db.path) as conn:
        cards = {q: (reps, lapses) for q, reps, lapses in conn.execute("SELECT question_id, reps, lapses FROM cards")}
    assert cards == {
        q: (
            sum(r.question_id == q for r in stored.values()),
            sum(r.question_id == q and r.rating == 1 for r in stored.values()),
        )
        for q in questions
    }
    assert integrity(db.path) == "ok"
    print(f"{threads_n * per_thread} concurrent reviews in {elapsed:.2f} s")


def test_several_tabs_opening_a_new_database_at_once(tmp_path):
    """Switching a new file to WAL races (SQLite answers BUSY at once, without waiting), and
    loses only a few per cent of the time, so the race is run on 150 fresh files."""
    for attempt in range(150):
        path = tmp_path / str(attempt) / "progress.sqlite"
        barrier = threading.Barrier(8)
        versions, errors = [], []

        def open_it(path=path, barrier=barrier, versions=versions, errors=errors) -> None:
            try:
                barrier.wait()
                versions.append(Store(path).schema_version())
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert errors == [] and versions == [SCHEMA_VERSION] * 8, f"attempt {attempt}"
        assert integrity(path) == "ok"


# ---------------------------------------------------------------- read-only files and folders


@pytest.fixture
def unprivileged() -> Iterator[Path]:
    """A folder of our own in which ``chmod`` is really enforced.

    File modes do not stop root, and CI runs the tests as root, so there the test switches its
    *effective* user and group to ``nobody`` (the real and saved ids stay root, which is what lets
    it switch back afterwards) and works in a folder owned by ``nobody`` under /tmp (pytest's own
    tmp folder is closed to other users). The kernel then refuses writes to a 0444 file exactly
    as it would for a normal user. SQLite's ``mode=ro`` was not used: it is a flag of one
    connection, not a property of the file, so it would not show what the store does when the
    operating system refuses to write. ``chattr +i`` and read-only bind mounts need privileges
    containers often lack; switching the effective uid needs only CAP_SETUID, which root has.
    """
    if os.geteuid() != 0:
        folder = Path(tempfile.mkdtemp(prefix="sparselab-test-"))
        try:
            yield folder
        finally:
            for p in [folder, *folder.rglob("*")]:
                p.chmod(0o755 if p.is_dir() else 0o644)
            shutil.rmtree(folder)
        return
    folder = Path(tempfile.mkdtemp(prefix="sparselab-test-"))
    os.chown(folder, NOBODY, NOBODY)
    groups = os.getgroups()
    try:
        os.setgroups([])
        os.setegid(NOBODY)
        os.seteuid(NOBODY)
    except PermissionError:
        os.setgroups(groups)
        shutil.rmtree(folder)
        pytest.skip("running as root without CAP_SETUID: cannot make a file read-only to this process")
    try:
        yield folder
    finally:
        os.seteuid(0)
        os.setegid(0)
        os.setgroups(groups)
        shutil.rmtree(folder)


def assert_read_only(path: Path) -> None:
    """The test is not vacuous: this process really cannot write ``path``."""
    with pytest.raises(PermissionError):
        path.open("r+b")


@pytest.mark.parametrize("folder_too", [False, True], ids=["file", "file-and-folder"])
def test_a_read_only_database_raises_store_error_and_stays_readable(unprivileged, folder_too):
    path = unprivileged / "progress.sqlite"
    db = Store(path)
    ann = db.create_profile("Ann", T0)
    db.record_review(ann, "q1", Rating.Good, T0)
    db.record_review(ann, "q2", Rating.Again, T0)
    db.record_quiz_attempt(ann, "q1", "choice", True, "a", T0)

    def everything() -> tuple:
        return (
            db.list_profiles(),
            [(r.id, r.rating, r.reviewed_at) for r in db.reviews(ann)],
            db.get_card(ann, "q1").to_dict(),
            db.lapse_counts(ann),
            db.quiz_attempts(ann),
            [d.question_id for d in db.due_cards(ann, ["q1", "q2", "q3"], T0 + timedelta(days=1))],
        )

    before = everything()
    path.chmod(0o444)
    if folder_too:
        unprivileged.chmod(0o555)
    try:
        assert_read_only(path)
        for write in (
            lambda: db.record_review(ann, "q1", Rating.Good, T0 + timedelta(days=1)),
            lambda: db.create_profile("Bo"),
            lambda: db.record_quiz_attempt(ann, "q1", "choice", False, "b", T0),
        ):
            with pytest.raises(StoreError) as info:
                write()
            message = str(info.value)
            assert str(path) in message and info.value.path == path
            assert f"read-only: no write permission for {path}" in message
        assert everything() == before  # still readable, nothing lost
        # Reading left no read-only -wal/-shm files behind (they would keep the database read-only).
        assert sorted(p.name for p in unprivileged.iterdir()) == ["progress.sqlite"]
    finally:
        unprivileged.chmod(0o755)
        path.chmod(0o644)
    db.record_review(ann, "q1", Rating.Good, T0 + timedelta(days=1))  # writable again, and whole
    assert len(db.reviews(ann)) == 3
    assert integrity(path) == "ok"


def test_an_unwritable_folder_raises_store_error(unprivileged):
    locked = unprivileged / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(PermissionError):  # not vacuous: this process really cannot create files here
            (locked / "probe").touch()
        with pytest.raises(StoreError) as info:
            Store(locked / "progress.sqlite").create_profile("Ann")
        assert str(locked / "progress.sqlite") in str(info.value)
        assert f"read-only: no write permission for the folder {locked}" in str(info.value)
        with pytest.raises(StoreError) as info:
            Store(locked / "sub" / "progress.sqlite").list_profiles()
        assert str(locked / "sub" / "progress.sqlite") in str(info.value)
        assert "Permission denied" in str(info.value) and str(locked / "sub") in str(info.value)
    finally:
        locked.chmod(0o755)
    assert not (locked / "progress.sqlite").exists()


def test_a_folder_that_is_a_file_raises_store_error(tmp_path):
    (tmp_path / "data").write_text("not a folder")
    path = tmp_path / "data" / "progress.sqlite"
    with pytest.raises(StoreError) as info:
        Store(path).list_profiles()
    assert str(path) in str(info.value) and "cannot create its folder" in str(info.value)
    assert (tmp_path / "data").read_text() == "not a folder"


def test_cards_need_a_profile(db):
    with pytest.raises(StoreError, match="no profile with id 1"):
        db.get_or_create_card(1, "q1", T0)
    assert State.Learning == db.get_or_create_card(db.create_profile("Ann"), "q1", T0).state


def test_a_companion_file_deleted_by_another_connection_does_not_make_the_database_read_only(db, ann, monkeypatch):
    """SQLite deletes -wal and -shm when the last connection closes and recreates them on the next
    open; one vanishing just as a write checks permissions (found in a load test with 20 users)
    must not refuse the write. (The several-tabs tests below race the real thing.)"""
    wal, shm = db._companions()
    checked = store._writable

    def vanishing(path: Path) -> bool:
        if path in (wal, shm):  # another connection closes last, between the two checks
            path.unlink(missing_ok=True)
            return False  # what os.access says of a missing file
        return checked(path)

    shm.touch()
    monkeypatch.setattr(store, "_writable", vanishing)
    assert db.read_only() is None
    db.record_review(ann, "q1", Rating.Good, T0)
    assert [r.question_id for r in db.reviews(ann)] == ["q1"]
