"""Progress survives a killed process and a full disk (read-only files: see test_store.py)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from engine.store import Store, StoreError
from tests.soak import PROFILE, Outcome, soak

ROOT = Path(__file__).resolve().parent.parent


def test_acknowledged_reviews_survive_repeated_kills(tmp_path):
    path = tmp_path / "progress.sqlite"
    outcome = soak(path, kills=10, seed=1, longest=1.2)
    assert outcome.kills == 10
    assert outcome.problems() == []
    assert len(outcome.acknowledged) > 0
    assert len(outcome.stored) - len(outcome.acknowledged) <= outcome.kills  # committed, killed before printing
    store = Store(path)
    assert len(store.reviews(store.ensure_profile(PROFILE))) == len(outcome.stored)


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (Outcome(1, {0: 1, 1: 2}, "ok", [(1, 0, "q0"), (2, 1, "q1")]), []),
        (Outcome(1, {0: 1, 1: 2}, "ok", [(1, 0, "q0")]), ["1 acknowledged reviews missing or changed, e.g. [1]"]),
        (
            Outcome(1, {}, "ok", [(1, 0, "q0"), (2, 0, "q0")]),
            ["1 reviews stored twice", "the stored reviews are not numbered 0, 1, 2, ... in order"],
        ),
        (Outcome(1, {}, "ok", [(1, 0, "q7")]), ["1 reviews stored for the wrong question"]),
        (Outcome(1, {}, "*** in database main ***", []), ["integrity_check: *** in database main ***"]),
    ],
)
def test_the_soak_notices_every_kind_of_loss(outcome, expected):
    assert outcome.problems() == expected


def rate(store: Store, count: int, first: int = 0) -> None:
    profile = store.ensure_profile("learner")
    for n in range(first, first + count):
        store.record_review(profile, f"q{n}", 3)


def test_a_full_database_file_raises_store_error_and_keeps_earlier_reviews(tmp_path, monkeypatch):
    """SQLite's own "database or disk is full" (SQLITE_FULL), as on a full disk: the database may
    not grow past the pages it has."""
    path = tmp_path / "progress.sqlite"
    store = Store(path)
    rate(store, 30)
    pages = sqlite3.connect(path).execute("PRAGMA page_count").fetchone()[0]
    connect = sqlite3.connect

    def no_room(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", no_room)
    with pytest.raises(StoreError) as info:
        rate(store, 10_000, first=30)
    monkeypatch.undo()
    assert str(info.value).startswith(f"cannot record a review in the progress database {path}: ")
    assert str(info.value).endswith("database or disk is full (the disk is full)")
    reviews = store.reviews(store.ensure_profile("learner"))
    assert [r.question_id for r in reviews[:30]] == [f"q{n}" for n in range(30)]
    assert [r.question_id for r in reviews] == [f"q{n}" for n in range(len(reviews))]  # the failed one is not there
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rate(store, 1, first=len(reviews))  # room again: writing works again
    assert len(store.reviews(store.ensure_profile("learner"))) == len(reviews) + 1


FILE_SIZE_LIMIT = """
import json, os, resource, signal, sys
from engine.store import Store, StoreError
path = sys.argv[1]
store = Store(path)
profile = store.ensure_profile("learner")
for n in range(30):
    store.record_review(profile, f"q{n}", 3)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
resource.setrlimit(resource.RLIMIT_FSIZE, (os.path.getsize(path) + 8192, resource.RLIM_INFINITY))
error, n = None, 30
try:
    while n < 10_000:
        store.record_review(profile, f"q{n}", 3)
        n += 1
except StoreError as exc:
    error = str(exc)
resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
stored = [r.question_id for r in store.reviews(profile)]
store.record_review(profile, "after", 3)
print(json.dumps({"error": error, "written": n, "stored": stored, "after": len(store.reviews(profile))}))
"""


def test_a_write_the_system_refuses_raises_store_error_and_keeps_earlier_reviews(tmp_path):
    """The operating system refuses to let the file grow (RLIMIT_FSIZE, in a child process)."""
    path = tmp_path / "progress.sqlite"
    result = subprocess.run(
        [sys.executable, "-c", FILE_SIZE_LIMIT, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["error"] == (
        f"cannot record a review in the progress database {path}: disk I/O error"
        " (writing the file failed: is the disk full, or the file over a size limit?)"
    )
    assert figures["stored"] == [f"q{n}" for n in range(figures["written"])]  # all but the refused one
    assert figures["after"] == figures["written"] + 1
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)
