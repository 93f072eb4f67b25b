"""Study history as CSV: every review and quiz attempt of one profile (or all), exported and
imported back into the same or another progress database.

One row per review or quiz attempt, after a header row; UTF-8 with a byte-order mark, so
spreadsheets show Chinese answers. Columns:

=============  ==================================================================================
``record``     ``review`` or ``quiz``
``profile``    the profile's name
``question_id``  the question (quiz attempts of generated problems: ``predict:<template>``)
``at``         when, ISO 8601 with a UTC offset
``rating``     review: 1-4 (Again, Hard, Good, Easy)
``mode``       review: how it was practised (``flashcard``, ``choice``, ``numeric``, ``mock``, ``exercise``)
``log``        review: the FSRS review log, JSON
``due``        review: when the card came due after it, on each card's last review (else empty)
``kind``       quiz: ``choice``, ``numeric`` or ``exercise``
``correct``    quiz: 1 or 0
``answer``     quiz: the answer given
=============  ==================================================================================

Importing replays every card's reviews in time order through FSRS (see
:meth:`engine.store.Store.import_history`), so each card's state is exactly what its reviews
give; ``due`` restores the due time, which also depends on the desired retention at the time of
the review, which the log does not keep. Rows already stored are skipped, so importing a file twice
adds nothing. A file with any bad row imports nothing, and every problem is reported as
``name:line: message``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TextIO

from engine.scheduling import Rating, ReviewLog
from engine.store import Mode, Profile, QuizAttempt, QuizKind, ReviewRecord, Store

COLUMNS = ("record", "profile", "question_id", "at", "rating", "mode", "log", "due", "kind", "correct", "answer")
MAX_PROFILE_NAME = 80


class HistoryError(ValueError):
    """A history file that cannot be imported; nothing was imported.

    Attributes:
        problems: one ``name:line: message`` per problem, in file order.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class History:
    """A parsed history file, by profile name.

    Attributes:
        reviews: each profile's reviews, each with the card's due time after it (or ``None``).
        attempts: each profile's quiz attempts.
    """

    reviews: dict[str, list[tuple[ReviewRecord, datetime | None]]] = field(default_factory=dict)
    attempts: dict[str, list[QuizAttempt]] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportSummary:
    """What an import added.

    Attributes:
        profiles_created: names of the profiles that did not exist before.
        reviews_added, attempts_added: rows stored.
        reviews_skipped, attempts_skipped: rows that were already stored (or repeated in the file).
    """

    profiles_created: tuple[str, ...]
    reviews_added: int
    reviews_skipped: int
    attempts_added: int
    attempts_skipped: int

    def __str__(self) -> str:
        text = (
            f"imported {self.reviews_added} review(s) and {self.attempts_added} quiz attempt(s); "
            f"skipped {self.reviews_skipped} review(s) and {self.attempts_skipped} attempt(s) already stored"
        )
        if self.profiles_created:
            text += "; new profile(s): " + ", ".join(self.profiles_created)
        return text


# ---------------------------------------------------------------- export


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _profile_rows(store: Store, profile: Profile) -> Iterator[dict[str, str]]:
    """The profile's reviews and attempts as CSV rows, oldest first."""
    cards = {c.question_id: c.card for c in store.cards(profile)}
    reviews = store.reviews(profile)
    last = {r.question_id: r.id for r in reviews}
    rows: list[tuple[datetime, dict[str, str]]] = []
    for r in reviews:
        card = cards.get(r.question_id)
        # The stored card belongs to this review only if no later review has replaced it.
        due = card.due if card and last[r.question_id] == r.id and card.last_review == r.reviewed_at else None
        row = {
            "record": "review",
            "rating": str(int(r.rating)),
            "mode": r.mode.value,
            "log": json.dumps(r.log.to_dict(), sort_keys=True),
            "due": _time(due) if due else "",
        }
        rows.append((r.reviewed_at, {**row, "question_id": r.question_id}))
    for a in store.quiz_attempts(profile):
        row = {"record": "quiz", "kind": a.kind.value, "correct": str(int(a.correct)), "answer": a.answer}
        rows.append((a.at, {**row, "question_id": a.question_id}))
    for at, row in sorted(rows, key=lambda pair: pair[0]):
        yield {column: "" for column in COLUMNS} | row | {"profile": profile.name, "at": _time(at)}


def write_csv(store: Store, out: TextIO, profile: Profile | None = None) -> int:
    """Write the history of ``profile`` (default: every profile) to ``out``; return the number of rows."""
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for each in [profile] if profile else store.list_profiles():
        for row in _profile_rows(store, each):
            writer.writerow(row)
            count += 1
    return count


def csv_bytes(store: Store, profile: Profile | None = None) -> bytes:
    """The history CSV of ``profile`` (default: every profile), for a download button or a file."""
    out = io.StringIO()
    write_csv(store, out, profile)
    return out.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------- import


class _Bad(Exception):
    """One row's problem."""


def _aware(text: str, column: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise _Bad(f"{column}: {text!r} is not an ISO 8601 time with a UTC offset")
    return moment.astimezone(UTC)


def _choice(text: str, column: str, allowed: list[str]) -> str:
    if text not in allowed:
        raise _Bad(f"{column} must be one of {', '.join(allowed)}, not {text!r}")
    return text


def _review(row: dict[str, str], at: datetime) -> tuple[ReviewRecord, datetime | None]:
    rating = Rating(int(_choice(row["rating"], "rating", ["1", "2", "3", "4"])))
    mode = Mode(_choice(row["mode"], "mode", [m.value for m in Mode]))
    try:
        log = ReviewLog.from_dict(json.loads(row["log"]))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _Bad(f"log is not an FSRS review log in JSON ({exc})") from None
    if log.rating != rating or log.review_datetime.utcoffset() is None or log.review_datetime != at:
        raise _Bad("log does not match the row: its rating and time must equal rating and at")
    due = _aware(row["due"], "due") if row["due"] else None
    return ReviewRecord(0, row["question_id"], rating, at, mode, log), due


def _attempt(row: dict[str, str], at: datetime) -> QuizAttempt:
    kind = QuizKind(_choice(row["kind"], "kind", [k.value for k in QuizKind]))
    correct = _choice(row["correct"].lower(), "correct", ["1", "0", "true", "false"]) in ("1", "true")
    return QuizAttempt(0, row["question_id"], kind, correct, row["answer"], at)


def parse_csv(data: bytes | str, name: str) -> History:
    """Read a history file (as written by :func:`write_csv`); ``name`` labels the problems.

    Raises:
        HistoryError: the file is not UTF-8, lacks a column, or has bad rows (all of them reported).
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise HistoryError([f"{name}:1: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    reader = csv.reader(io.StringIO(data.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise HistoryError([f"{name}:1: {exc}"]) from None
    missing, unknown = [c for c in COLUMNS if c not in header], [c for c in header if c not in COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        detail = "; ".join(
            part
            for part in (
                f"missing column(s): {', '.join(missing)}" if missing else "",
                f"unknown column(s): {', '.join(unknown)}" if unknown else "",
                "a column is repeated" if len(set(header)) != len(header) else "",
            )
            if part
        )
        raise HistoryError([f"{name}:1: not a SparseLab history file: {detail}"])
    history, problems = History(), []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"{name}:{line}: {exc}")
            break
        start, line = line, reader.line_num + 1
        if not cells:
            continue
        try:
            _add(history, cells, header)
        except _Bad as exc:
            problems.append(f"{name}:{start}: {exc}")
    if problems:
        raise HistoryError(problems)
    return history


def _add(history: History, cells: list[str], header: list[str]) -> None:
    """Check one row and add it to ``history``."""
    if len(cells) != len(header):
        raise _Bad(f"expected {len(header)} fields, found {len(cells)}")
    row = dict(zip(header, cells, strict=True))
    profile = row["profile"].strip()
    if not 0 < len(profile) <= MAX_PROFILE_NAME:
        raise _Bad(f"profile must have 1 to {MAX_PROFILE_NAME} characters")
    if not row["question_id"].strip():
        raise _Bad("question_id is empty")
    record = _choice(row["record"], "record", ["review", "quiz"])
    at = _aware(row["at"], "at")
    if record == "review":
        history.reviews.setdefault(profile, []).append(_review(row, at))
    else:
        history.attempts.setdefault(profile, []).append(_attempt(row, at))


def import_history(store: Store, history: History) -> ImportSummary:
    """Store a parsed history in one transaction (see :meth:`engine.store.Store.import_history`)."""
    created, reviews_added, attempts_added = store.import_history(history.reviews, history.attempts)
    reviews = sum(map(len, history.reviews.values()))
    attempts = sum(map(len, history.attempts.values()))
    return ImportSummary(
        tuple(created), reviews_added, reviews - reviews_added, attempts_added, attempts - attempts_added
    )


def import_csv(store: Store, data: bytes | str, name: str) -> ImportSummary:
    """Import a history file: all of it, or (on any bad row) nothing.

    Raises:
        HistoryError: bad rows, each reported as ``name:line: message``; nothing was imported.
        StoreError: the database cannot be written; nothing was imported.
    """
    return import_history(store, parse_csv(data, name))
