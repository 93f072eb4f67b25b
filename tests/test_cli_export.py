"""`python -m engine export --format apkg|csv` and `import --format csv`, as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from engine import bank, history
from engine.store import QuizKind, Store

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2025, 5, 1, 9, tzinfo=UTC)


def run(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "engine", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def studied(tmp_path) -> Store:
    store = Store(tmp_path / "progress.sqlite")
    for name, ratings in (("me", (3, 1, 3, 4)), ("you", (2, 3))):
        profile = store.create_profile(name)
        for day, rating in enumerate(ratings):
            store.record_review(profile, f"q{day % 3}", rating, now=T0 + timedelta(days=day), mode="choice")
        store.record_quiz_attempt(profile, "predict:two-four", QuizKind.numeric, True, "65,536", now=T0)
    return store


def cards(store: Store) -> dict:
    return {
        p.name: [(c.question_id, c.card.to_dict(), c.reps, c.lapses) for c in store.cards(p)]
        for p in store.list_profiles()
    }


def test_apkg_export_writes_a_deck_of_the_whole_bank(tmp_path):
    out = tmp_path / "sparselab.apkg"
    result = run("export", "--format", "apkg", "-o", out)
    assert result.returncode == 0, result.stderr
    questions = bank.load().questions
    assert f"wrote {len(questions)} notes to {out}" in result.stderr
    with zipfile.ZipFile(out) as package:
        (tmp_path / "c.anki2").write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "c.anki2") as conn:
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == len(questions)


def test_apkg_export_needs_an_output_file():
    result = run("export", "--format", "apkg")
    assert result.returncode == 2
    assert "needs -o FILE" in result.stderr


def test_csv_export_to_a_file_and_to_stdout(studied, tmp_path):
    out = tmp_path / "history.csv"
    assert run("export", "--format", "csv", "--db", studied.path, "-o", out).returncode == 0
    assert out.read_bytes() == history.csv_bytes(studied)
    printed = run("export", "--format", "csv", "--db", studied.path)
    assert printed.returncode == 0
    assert printed.stdout == out.read_bytes().decode("utf-8-sig")


def test_csv_export_of_one_profile(studied):
    result = run("export", "--format", "csv", "--db", studied.path, "--profile", "YOU")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["profile"] for r in rows} == {"you"}
    assert [r["record"] for r in rows].count("review") == 2


def test_csv_export_explains_a_missing_profile_or_database(studied, tmp_path):
    result = run("export", "--format", "csv", "--db", studied.path, "--profile", "nobody")
    assert result.returncode == 1
    assert "no profile named 'nobody' (profiles: me, you)" in result.stderr
    missing = tmp_path / "nothing.sqlite"
    result = run("export", "--format", "csv", "--db", missing)
    assert result.returncode == 1
    assert f"there is no progress database at {missing}" in result.stderr
    assert not missing.exists()


def test_csv_export_refuses_bank_paths(studied):
    result = run("export", "--format", "csv", "--db", studied.path, "questions")
    assert result.returncode == 2
    assert "not bank paths" in result.stderr


def test_import_restores_the_history_once(studied, tmp_path):
    out = tmp_path / "history.csv"
    out.write_bytes(history.csv_bytes(studied))
    fresh = tmp_path / "fresh.sqlite"
    first = run("import", "--format", "csv", "--db", fresh, out)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("imported 6 review(s) and 2 quiz attempt(s)")
    assert "new profile(s): me, you" in first.stdout
    again = run("import", "--db", fresh, out)
    assert again.returncode == 0
    assert again.stdout.startswith("imported 0 review(s) and 0 quiz attempt(s); skipped 6 review(s) and 2 attempt(s)")
    assert cards(Store(fresh)) == cards(studied)


def test_import_of_a_bad_file_reports_each_line_and_imports_nothing(studied, tmp_path):
    rows = list(csv.DictReader(io.StringIO(history.csv_bytes(studied).decode("utf-8-sig"))))
    first_review = next(i for i, r in enumerate(rows) if r["record"] == "review")
    last_quiz = max(i for i, r in enumerate(rows) if r["record"] == "quiz")
    rows[first_review]["rating"] = "9"
    rows[last_quiz]["kind"] = "essay"
    out = tmp_path / "broken.csv"
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, history.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    fresh = tmp_path / "fresh.sqlite"
    result = run("import", "--db", fresh, out)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{out}:{first_review + 2}: rating must be one of 1, 2, 3, 4, not '9'",
        f"{out}:{last_quiz + 2}: kind must be one of choice, numeric, exercise, not 'essay'",
    ]
    assert Store(fresh).list_profiles() == []


def test_import_of_a_missing_file(tmp_path):
    result = run("import", "--db", tmp_path / "db.sqlite", tmp_path / "none.csv")
    assert result.returncode == 1
    assert "none.csv: cannot read: No such file or directory" in result.stderr


def test_the_help_documents_the_import_format():
    text = " ".join(run("import", "--help").stdout.split())  # argparse wraps lines
    assert "a csv written by `export --format csv`" in text
    assert "each problem is printed as FILE:LINE: message" in text


def test_json_export_is_unchanged_and_may_go_to_a_file(tmp_path):
    default, explicit = run("export"), run("export", "--format", "json")
    assert default.returncode == explicit.returncode == 0
    assert default.stdout == explicit.stdout
    assert [q["id"] for q in json.loads(default.stdout)] == [q.id for q in bank.load().questions]
    out = tmp_path / "bank.json"
    assert run("export", "--format", "json", "-o", out).stdout == ""
    assert out.read_text(encoding="utf-8") == default.stdout
