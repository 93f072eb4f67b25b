"""History CSV: export, import into a fresh database with identical cards, idempotence, and bad
files refused whole with file:line messages."""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, datetime, timedelta

import pytest

from engine import history
from engine.history import HistoryError
from engine.store import Mode, Profile, QuizKind, Store, StoreError

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
QUESTIONS = ("relu-basics", "moe-routing", "two-four", "topk-sae")


def study(store: Store, profile: Profile, seed: int, n: int = 40) -> None:
    """``n`` reviews of a few questions over a few months, and some quiz attempts."""
    rng = random.Random(seed)
    at = T0
    for _ in range(n):
        at += timedelta(hours=rng.choice((0.1, 3, 20, 50, 300)), microseconds=rng.randrange(10**6))
        store.record_review(
            profile,
            rng.choice(QUESTIONS),
            rng.choice((1, 2, 3, 3, 3, 4)),
            now=at,
            mode=rng.choice(list(Mode)),
            duration_ms=rng.choice((None, rng.randrange(100, 60_000))),
        )
    for answer in ("84.1%", 'a "quoted", multi-line\nanswer', "稀疏，激活"):
        at += timedelta(minutes=7)
        store.record_quiz_attempt(profile, "predict:top-k", QuizKind.numeric, rng.random() < 0.5, answer, now=at)


def snapshot(store: Store) -> dict:
    """Everything the history holds, per profile name, without row ids."""
    out = {}
    for p in store.list_profiles():
        out[p.name] = {
            "cards": [(c.question_id, c.card.to_dict(), c.reps, c.lapses) for c in store.cards(p)],
            "reviews": sorted(
                (r.question_id, r.rating, r.reviewed_at, r.mode, r.log.to_dict()) for r in store.reviews(p)
            ),
            "attempts": [(a.question_id, a.kind, a.correct, a.answer, a.at) for a in store.quiz_attempts(p)],
            "due": store.due_forecast(p, T0 + timedelta(days=60), days=400),
        }
    return out


@pytest.fixture
def original(tmp_path) -> Store:
    store = Store(tmp_path / "original.sqlite")
    study(store, store.create_profile("me"), seed=1)
    study(store, store.create_profile("Lin 林"), seed=2, n=25)
    return store


def test_export_then_import_into_a_fresh_database_gives_identical_cards_and_dues(original, tmp_path):
    data = history.csv_bytes(original)
    fresh = Store(tmp_path / "fresh.sqlite")
    summary = history.import_csv(fresh, data, "history.csv")
    assert summary.profiles_created == ("me", "Lin 林")
    assert (summary.reviews_added, summary.attempts_added) == (65, 6)
    assert (summary.reviews_skipped, summary.attempts_skipped) == (0, 0)
    assert snapshot(fresh) == snapshot(original)
    assert history.csv_bytes(fresh) == data


def test_dues_survive_a_change_of_desired_retention(tmp_path):
    path = tmp_path / "original.sqlite"
    strict, loose = Store(path, desired_retention=0.97), Store(path, desired_retention=0.75)
    profile = strict.create_profile("me")
    for day, store in enumerate((strict, loose, strict, loose, loose)):
        for q in QUESTIONS:
            store.record_review(profile, q, 3, now=T0 + timedelta(days=30 * day))
    data = history.csv_bytes(strict)
    fresh = Store(tmp_path / "fresh.sqlite")  # default retention 0.9: a pure replay would give other dues
    history.import_csv(fresh, data, "history.csv")
    assert snapshot(fresh) == snapshot(strict)
    rows = good_rows(strict)  # without the due column, the replay's dues differ: the column matters
    for row in rows:
        row["due"] = ""
    replayed = Store(tmp_path / "replayed.sqlite")
    history.import_csv(replayed, _csv(rows), "x.csv")
    assert snapshot(replayed)["me"]["cards"] != snapshot(strict)["me"]["cards"]


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, history.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_importing_twice_adds_nothing(original, tmp_path):
    data = history.csv_bytes(original)
    fresh = Store(tmp_path / "fresh.sqlite")
    history.import_csv(fresh, data, "history.csv")
    again = history.import_csv(fresh, data, "history.csv")
    assert again.profiles_created == ()
    assert (again.reviews_added, again.attempts_added) == (0, 0)
    assert (again.reviews_skipped, again.attempts_skipped) == (65, 6)
    assert snapshot(fresh) == snapshot(original)
    assert history.import_csv(original, data, "history.csv").reviews_added == 0
    assert history.csv_bytes(original) == data


def test_an_import_merges_with_later_reviews_in_time_order(tmp_path):
    """Old reviews from another device, imported where newer ones exist, replay before them."""
    whole = Store(tmp_path / "whole.sqlite")
    me = whole.create_profile("me")
    study(whole, me, seed=3)
    reviews = whole.reviews(me)
    early = Store(tmp_path / "early.sqlite")
    early_me = early.create_profile("me")
    late = Store(tmp_path / "late.sqlite")
    late_me = late.create_profile("ME")  # the same profile, whatever the case
    for r in reviews:
        target, who = (early, early_me) if r.id % 2 else (late, late_me)
        target.record_review(who, r.question_id, r.rating, now=r.reviewed_at, mode=r.mode)
    summary = history.import_csv(late, history.csv_bytes(early), "early.csv")
    assert summary.profiles_created == ()
    merged = snapshot(late)["ME"]
    expected = snapshot(whole)["me"]
    assert merged["cards"] == expected["cards"]
    assert merged["due"] == expected["due"]


def test_one_profile_can_be_exported_alone(original):
    lin = next(p for p in original.list_profiles() if p.name == "Lin 林")
    rows = list(csv.DictReader(io.StringIO(history.csv_bytes(original, lin).decode("utf-8-sig"))))
    assert {r["profile"] for r in rows} == {"Lin 林"}
    assert len(rows) == 25 + 3
    assert [r["at"] for r in rows] == sorted(r["at"] for r in rows)


def good_rows(original: Store) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(history.csv_bytes(original).decode("utf-8-sig"))))


def test_bad_rows_are_all_reported_by_line_and_nothing_is_imported(original, tmp_path):
    rows = good_rows(original)
    quiz = next(i for i, r in enumerate(rows) if "multi-line" in r["answer"])  # a row spanning two lines
    rows[2]["rating"] = "5"
    rows[3]["at"] = "yesterday"
    rows[4]["log"] = rows[4]["log"].replace('"rating": ', '"rating": 1') if rows[4]["record"] == "review" else "{"
    rows[quiz + 1]["record"] = "note"
    rows[quiz + 2]["profile"] = " "
    text = _csv(rows)
    fresh = Store(tmp_path / "fresh.sqlite")
    with pytest.raises(HistoryError) as caught:
        history.import_csv(fresh, text, "h.csv")
    line = 2 + quiz + 1 + 1  # header, the rows before, and the quiz row's second line
    assert caught.value.problems[:2] == [
        "h.csv:4: rating must be one of 1, 2, 3, 4, not '5'",
        "h.csv:5: at: 'yesterday' is not an ISO 8601 time with a UTC offset",
    ]
    assert caught.value.problems[2].startswith("h.csv:6: log ")
    assert caught.value.problems[3:] == [
        f"h.csv:{line}: record must be one of review, quiz, not 'note'",
        f"h.csv:{line + 1}: profile must have 1 to 80 characters",
    ]
    assert fresh.list_profiles() == []


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "h.csv:1: not a SparseLab history file: missing column(s): " + ", ".join(history.COLUMNS)),
        (b"record,profile\nreview,me\n", "h.csv:1: not a SparseLab history file: missing column(s): question_id"),
        (",".join((*history.COLUMNS, "extra")).encode(), "h.csv:1: not a SparseLab history file: unknown column(s)"),
        (b"\xff\xfe\x00r", "h.csv:1: not UTF-8 text"),
        ((",".join(history.COLUMNS) + "\nreview,me\n").encode(), "h.csv:2: expected 11 fields, found 2"),
    ],
)
def test_files_that_are_not_history_are_refused(content, problem, tmp_path):
    fresh = Store(tmp_path / "fresh.sqlite")
    with pytest.raises(HistoryError) as caught:
        history.import_csv(fresh, content, "h.csv")
    assert caught.value.problems[0].startswith(problem)
    assert fresh.list_profiles() == []


def test_a_failure_while_writing_leaves_the_database_untouched(original, tmp_path, monkeypatch):
    fresh = Store(tmp_path / "fresh.sqlite")
    keep = fresh.create_profile("keep")
    fresh.record_review(keep, "q", 3, now=T0)
    before = snapshot(fresh)

    def broken(*args, **kwargs):
        raise StoreError(fresh.path, "disk on fire")

    monkeypatch.setattr(Store, "_replay", broken)
    with pytest.raises(StoreError, match="disk on fire"):
        history.import_csv(fresh, history.csv_bytes(original), "h.csv")
    assert snapshot(fresh) == before
