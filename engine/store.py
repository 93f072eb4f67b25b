"""The progress database: profiles, FSRS cards, reviews, quiz attempts and mock interviews, in SQLite.

Safe under Streamlit's threads and several browser tabs (or processes): every
operation opens its own short-lived connection, so no connection is shared between
threads. Connections use WAL journaling (readers never block the writer),
``busy_timeout`` 5 s (a writer waits for another instead of failing),
``synchronous=FULL`` and foreign keys. Every read-then-write runs inside
``BEGIN IMMEDIATE``, which takes the write lock before the read, so two tabs
rating the same card are serialized and neither update is lost. A review is
committed before :meth:`Store.record_review` returns.

Every failure of the database (read-only file, unwritable folder, not a database,
locked too long, a schema from a newer SparseLab) raises :class:`StoreError`, whose
message names the path and the cause. A failed write is rolled back whole; nothing
here ever deletes or recreates an existing file.

Times are stored as ISO 8601 text in UTC with microseconds
(``2025-01-31T08:00:00.000000+00:00``), which sorts as it reads.

Schema versions live in ``PRAGMA user_version``; :data:`MIGRATIONS` upgrades a
database one version at a time inside a single transaction (see :func:`migrate`).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path
from time import monotonic, sleep
from typing import Any

from engine import scheduling
from engine.scheduling import Card, Rating, ReviewLog

BUSY_TIMEOUT_MS = 5000
DEFAULT_NEW_PER_DAY = 10
LEECH_LAPSES = 8
FORECAST_DAYS = 14


def is_leech(lapses: int) -> bool:
    """Whether a card failed this often is a leech: rated Again :data:`LEECH_LAPSES` times or more."""
    return lapses >= LEECH_LAPSES


class StoreError(Exception):
    """The progress database could not be used; the message names the path and the cause.

    Attributes:
        path: the database file.
        cause: what went wrong, in words.
    """

    def __init__(self, path: Path | str, cause: str, action: str = "use") -> None:
        self.path = Path(path)
        self.cause = cause
        super().__init__(f"cannot {action} the progress database {path}: {cause}")


class Mode(StrEnum):
    """How the question was practised when it was rated."""

    flashcard = "flashcard"
    choice = "choice"
    numeric = "numeric"
    mock = "mock"
    exercise = "exercise"


class QuizKind(StrEnum):
    """A self-graded quiz item."""

    choice = "choice"
    numeric = "numeric"
    exercise = "exercise"


@dataclass(frozen=True)
class Profile:
    """A learner; progress is kept per profile."""

    id: int
    name: str
    created: datetime


@dataclass(frozen=True)
class ReviewResult:
    """What :meth:`Store.record_review` committed.

    Attributes:
        review_id: the new row of ``reviews``.
        card: the card after the review (its ``due`` is the next review).
        log: the FSRS review log.
    """

    review_id: int
    card: Card
    log: ReviewLog


@dataclass(frozen=True)
class ReviewRecord:
    """One stored review."""

    id: int
    question_id: str
    rating: Rating
    reviewed_at: datetime
    mode: Mode
    log: ReviewLog


@dataclass(frozen=True)
class DueCard:
    """A question to study now.

    Attributes:
        question_id: the question.
        card: its FSRS card (a fresh one for a new question).
        new: never reviewed before.
    """

    question_id: str
    card: Card
    new: bool


@dataclass(frozen=True)
class StoredCard:
    """A question's card as stored for one profile.

    Attributes:
        question_id: the question.
        card: its FSRS card.
        reps: how many times it was reviewed.
        lapses: how many of those reviews were rated Again.
    """

    question_id: str
    card: Card
    reps: int
    lapses: int


@dataclass(frozen=True)
class Retention:
    """Reviews not rated Again, out of all reviews.

    Attributes:
        reviews: how many reviews.
        passed: how many were rated Hard, Good or Easy.
        share: ``passed / reviews``, or ``None`` without reviews.
    """

    reviews: int
    passed: int

    @property
    def share(self) -> float | None:
        """``passed / reviews``, or ``None`` without reviews."""
        return self.passed / self.reviews if self.reviews else None


@dataclass(frozen=True)
class QuizAttempt:
    """One answer to a quiz item."""

    id: int
    question_id: str
    kind: QuizKind
    correct: bool
    answer: str
    at: datetime


@dataclass(frozen=True)
class MockInterview:
    """A mock interview; ``finished`` and ``summary`` stay ``None`` until it is finished."""

    id: int
    started: datetime
    finished: datetime | None
    summary: dict[str, Any] | None


ProfileRef = int | Profile


# ---------------------------------------------------------------- schema


def _v1(conn: sqlite3.Connection) -> None:
    """Version 1: profiles, flashcard cards and reviews."""
    conn.execute(
        """CREATE TABLE profiles (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
            created TEXT NOT NULL
        )"""
    )
    conn.execute(
        """CREATE TABLE cards (
            profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            state TEXT NOT NULL,
            due TEXT NOT NULL,
            updated TEXT NOT NULL,
            PRIMARY KEY (profile_id, question_id)
        )"""
    )
    conn.execute(
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at TEXT NOT NULL,
            log TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX reviews_by_time ON reviews (profile_id, reviewed_at)")


def _v2(conn: sqlite3.Connection) -> None:
    """Version 2: lapse and review counts on cards (filled from the reviews), the review mode,
    quiz attempts and mock interviews."""
    conn.execute("ALTER TABLE cards ADD COLUMN lapses INTEGER NOT NULL DEFAULT 0 CHECK (lapses >= 0)")
    conn.execute("ALTER TABLE cards ADD COLUMN reps INTEGER NOT NULL DEFAULT 0 CHECK (reps >= 0)")
    conn.execute(
        """UPDATE cards SET
            lapses = (SELECT count(*) FROM reviews r
                      WHERE r.profile_id = cards.profile_id AND r.question_id = cards.question_id AND r.rating = 1),
            reps = (SELECT count(*) FROM reviews r
                    WHERE r.profile_id = cards.profile_id AND r.question_id = cards.question_id)"""
    )
    conn.execute(
        "ALTER TABLE reviews ADD COLUMN mode TEXT NOT NULL DEFAULT 'flashcard'"
        " CHECK (mode IN ('flashcard', 'choice', 'numeric', 'mock', 'exercise'))"
    )
    conn.execute("CREATE INDEX cards_by_due ON cards (profile_id, due)")
    conn.execute("CREATE INDEX reviews_by_question ON reviews (profile_id, question_id)")
    conn.execute(
        """CREATE TABLE quiz_attempts (
            id INTEGER PRIMARY KEY,
            profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('choice', 'numeric', 'exercise')),
            correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
            answer TEXT NOT NULL,
            at TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX quiz_attempts_by_time ON quiz_attempts (profile_id, at)")
    conn.execute(
        """CREATE TABLE mock_interviews (
            id INTEGER PRIMARY KEY,
            profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
            started TEXT NOT NULL,
            finished TEXT,
            summary TEXT
        )"""
    )
    conn.execute("CREATE INDEX mock_interviews_by_time ON mock_interviews (profile_id, started)")


Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: tuple[Migration, ...] = (_v1, _v2)
"""``MIGRATIONS[i]`` upgrades a database from version ``i`` to ``i + 1``. Append only: never edit
a migration that has shipped. A migration runs inside the caller's transaction (so it must not
commit, and must not use ``executescript``, which commits); ``PRAGMA foreign_keys`` cannot change
inside a transaction, so a table rebuild must use ``PRAGMA defer_foreign_keys = ON``."""

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database on ``conn`` (in autocommit mode) up to ``len(migrations)``; return the
    version it had.

    One ``BEGIN IMMEDIATE`` transaction holds the whole upgrade: the version is read again
    under the write lock (another thread may have just migrated), the missing migrations run
    in order, foreign keys are checked and ``user_version`` is set. Any failure rolls all of it
    back, leaving the database exactly at its old version.

    Raises:
        sqlite3.Error: from SQLite (the caller turns it into a :class:`StoreError`).
        _NewerSchema: the database was written by a newer SparseLab.
    """
    latest = len(migrations)
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        if found > latest:
            raise _NewerSchema(found, latest)
        for migration in migrations[found:]:
            migration(conn)
        if found < latest:
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise sqlite3.IntegrityError(f"foreign key check failed after migrating: {problems[:5]}")
            conn.execute(f"PRAGMA user_version = {latest:d}")
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    return found


class _NewerSchema(Exception):
    def __init__(self, found: int, latest: int) -> None:
        super().__init__(
            f"it has schema version {found}, but this SparseLab only knows versions up to {latest}; "
            "update SparseLab (the file was left untouched)"
        )


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch a database to WAL journaling, retrying while another connection holds it.

    Switching needs an exclusive lock, and SQLite answers ``SQLITE_BUSY`` at once, without its
    busy handler, when several connections open a new database together; so this retries with a
    short random pause until :data:`BUSY_TIMEOUT_MS` has passed, then lets the error through."""
    deadline = monotonic() + BUSY_TIMEOUT_MS / 1000
    while conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if not getattr(exc, "sqlite_errorname", "").startswith("SQLITE_BUSY") or monotonic() > deadline:
                raise
            sleep(random.uniform(0.005, 0.05))


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


# ---------------------------------------------------------------- paths and times


def default_path() -> Path:
    """Where the progress database lives: ``$SPARSELAB_DB`` if set, else
    ``$XDG_DATA_HOME/sparselab/progress.sqlite`` (XDG_DATA_HOME defaulting to ``~/.local/share``)."""
    env = os.environ.get("SPARSELAB_DB", "").strip()
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "sparselab" / "progress.sqlite"


def _ts(moment: datetime) -> str:
    return scheduling.utc(moment).isoformat(timespec="microseconds")


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _day_start(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def _pid(profile: ProfileRef) -> int:
    return profile.id if isinstance(profile, Profile) else int(profile)


def _card_json(card: Card) -> str:
    return json.dumps(card.to_dict(), sort_keys=True)


def _writable(path: Path) -> bool:
    """Whether this process may write ``path``, judged by its effective user (as the kernel does)."""
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def _unwritable(path: Path) -> bool:
    """Whether ``path`` exists and this process may not write it. SQLite deletes and recreates the
    -wal and -shm files as other connections close and open, so a file that vanished or was
    replaced during the check (another inode or change time after it) is not held against it."""
    try:
        before = path.stat()
        if _writable(path):
            return False
        after = path.stat()
    except FileNotFoundError:
        return False
    return (before.st_ino, before.st_ctime_ns) == (after.st_ino, after.st_ctime_ns)


def _hint(exc: BaseException) -> str:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_READONLY"):
        return " (the file or its folder is read-only)"
    if name.startswith("SQLITE_CANTOPEN"):
        return " (check that the folder exists and is writable)"
    if name.startswith("SQLITE_BUSY"):
        return f" (another tab or process held it locked for more than {BUSY_TIMEOUT_MS / 1000:g} s)"
    if name.startswith("SQLITE_NOTADB"):
        return " (the file is not a SparseLab progress database; it was left untouched)"
    if name.startswith("SQLITE_FULL"):
        return " (the disk is full)"
    if name.startswith("SQLITE_IOERR_WRITE"):
        return " (writing the file failed: is the disk full, or the file over a size limit?)"
    return ""


# ---------------------------------------------------------------- the store


class Store:
    """The progress database at ``path`` (default :func:`default_path`).

    Holds no connection, so one instance may be shared between threads (e.g. through
    ``st.cache_resource``) and several instances may use the same file at once. The file and
    its folder are created on first use.

    Args:
        path: the database file.
        desired_retention: passed to :mod:`engine.scheduling` for every review.
        fuzz: let FSRS fuzz Review intervals (off: previews are exact).
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        desired_retention: float = scheduling.DEFAULT_RETENTION,
        fuzz: bool = False,
    ) -> None:
        self.path = Path(os.path.abspath(Path(path).expanduser() if path is not None else default_path()))
        scheduling.scheduler(desired_retention, fuzz)  # validates
        self.desired_retention = desired_retention
        self.fuzz = fuzz

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -------------------------------------------------------- connections

    def _error(self, exc: BaseException, action: str) -> StoreError:
        return StoreError(self.path, f"{exc}{_hint(exc)}", action)

    def _companions(self) -> tuple[Path, Path]:
        """The ``-wal`` and ``-shm`` files SQLite keeps next to a WAL database."""
        return self.path.with_name(self.path.name + "-wal"), self.path.with_name(self.path.name + "-shm")

    def _read_only_parts(self) -> list[Path]:
        """What keeps this process from writing: the database or its ``-wal``/``-shm`` files if they
        exist and are not writable (SQLite creates them with the database's permissions), and the
        folder if it is not writable while SQLite would need to create one of them there."""
        parts = [p for p in (self.path, *self._companions()) if _unwritable(p)]
        if not _writable(self.path.parent) and not all(p.exists() for p in (self.path, *self._companions())):
            parts.append(self.path.parent)
        return parts

    def _read_only_cause(self, parts: list[Path]) -> str:
        names = ", ".join(f"the folder {p}" if p == self.path.parent else str(p) for p in parts)
        return f"read-only: no write permission for {names}"

    def read_only(self) -> str | None:
        """Why new progress cannot be saved here (read-only file or folder), or ``None`` if it can."""
        parts = self._read_only_parts()
        return self._read_only_cause(parts) if parts else None

    def _connect(self, *, write: bool, action: str) -> sqlite3.Connection:
        """A connection with the pragmas set and the schema at :data:`SCHEMA_VERSION`.

        A database this process cannot write is refused before SQLite touches it for a write,
        and opened immutable for a read (see :meth:`_connect_read_only`)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(self.path, f"cannot create its folder {self.path.parent}: {exc}", action) from exc
        read_only = self._read_only_parts()
        if read_only and write:
            raise StoreError(self.path, self._read_only_cause(read_only), action)
        if read_only and not write and self.path.is_file() and not self._companions()[0].exists():
            return self._connect_read_only(action)
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._error(exc, action) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            _enable_wal(conn)
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                migrate(conn)
        except _NewerSchema as exc:
            conn.close()
            raise StoreError(self.path, str(exc), action) from None
        except sqlite3.Error as exc:
            conn.close()
            raise self._error(exc, action) from exc
        return conn

    def _connect_read_only(self, action: str) -> sqlite3.Connection:
        """Read a database that cannot be written here, without creating ``-wal``/``-shm`` files
        (SQLite would create them read-only too, which would keep the database read-only after its
        permissions are restored; in a read-only folder it could not create them and could not read).

        Opened ``immutable`` only when there is no ``-wal`` file, so every committed transaction is
        in the file itself. (Another user who can write the file could still change it during the
        read; that is accepted for a database made read-only on purpose.)"""
        uri = "file:" + urllib.parse.quote(str(self.path)) + "?mode=ro&immutable=1"
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise self._error(exc, action) from exc
        if version != SCHEMA_VERSION:
            conn.close()
            if version > SCHEMA_VERSION:
                raise StoreError(self.path, str(_NewerSchema(version, SCHEMA_VERSION)), action)
            raise StoreError(
                self.path,
                f"it has schema version {version} and needs upgrading to {SCHEMA_VERSION}, but it is read-only",
                action,
            )
        return conn

    @contextmanager
    def _transaction(self, *, write: bool, action: str) -> Iterator[sqlite3.Connection]:
        """One unit of work on its own connection: ``BEGIN IMMEDIATE`` to write, a deferred
        ``BEGIN`` (one consistent snapshot) to read; committed at the end, rolled back on any
        error, closed always. SQLite errors become :class:`StoreError`."""
        conn = self._connect(write=write, action=action)
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            yield conn
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(conn)
            raise self._error(exc, action) from exc
        except BaseException:
            _rollback(conn)
            raise
        finally:
            conn.close()

    def schema_version(self) -> int:
        """Open (creating or upgrading) the database and return its schema version; raises
        :class:`StoreError` early if it cannot be used."""
        with self._transaction(write=False, action="open") as conn:
            return conn.execute("PRAGMA user_version").fetchone()[0]

    # -------------------------------------------------------- profiles

    def create_profile(self, name: str, now: datetime | None = None) -> Profile:
        """A new profile. Names are trimmed and unique regardless of case.

        Raises:
            ValueError: the name is empty or longer than 80 characters.
            StoreError: a profile of that name exists, or the database cannot be written.
        """
        name = name.strip()
        if not name or len(name) > 80:
            raise ValueError("a profile name needs 1 to 80 characters")
        created = scheduling.utc(now)
        with self._transaction(write=True, action="create a profile in") as conn:
            if conn.execute("SELECT 1 FROM profiles WHERE name = ?", (name,)).fetchone():
                raise StoreError(self.path, f"a profile named {name!r} already exists", "create a profile in")
            cur = conn.execute("INSERT INTO profiles (name, created) VALUES (?, ?)", (name, _ts(created)))
            return Profile(int(cur.lastrowid or 0), name, created)

    def ensure_profile(self, name: str, now: datetime | None = None) -> Profile:
        """The profile named ``name`` (any case), created if missing."""
        name = name.strip()
        for profile in self.list_profiles():
            if profile.name.casefold() == name.casefold():
                return profile
        try:
            return self.create_profile(name, now)
        except StoreError:  # created meanwhile by another tab
            for profile in self.list_profiles():
                if profile.name.casefold() == name.casefold():
                    return profile
            raise

    def list_profiles(self) -> list[Profile]:
        """Every profile, oldest first."""
        with self._transaction(write=False, action="read") as conn:
            rows = conn.execute("SELECT id, name, created FROM profiles ORDER BY id").fetchall()
        return [Profile(row[0], row[1], _dt(row[2])) for row in rows]

    @staticmethod
    def _require_profile(conn: sqlite3.Connection, profile_id: int, path: Path, action: str) -> None:
        if conn.execute("SELECT 1 FROM profiles WHERE id = ?", (profile_id,)).fetchone() is None:
            raise StoreError(path, f"there is no profile with id {profile_id}", action)

    # -------------------------------------------------------- cards and reviews

    def get_card(self, profile: ProfileRef, question_id: str) -> Card | None:
        """The stored card, or ``None`` if the question was never seen by this profile."""
        with self._transaction(write=False, action="read") as conn:
            row = conn.execute(
                "SELECT state FROM cards WHERE profile_id = ? AND question_id = ?", (_pid(profile), question_id)
            ).fetchone()
        return Card.from_json(row[0]) if row else None

    def cards(self, profile: ProfileRef) -> list[StoredCard]:
        """Every card of the profile that was reviewed at least once, by question id."""
        with self._transaction(write=False, action="read") as conn:
            rows = conn.execute(
                "SELECT question_id, state, reps, lapses FROM cards WHERE profile_id = ? AND reps > 0"
                " ORDER BY question_id",
                (_pid(profile),),
            ).fetchall()
        return [StoredCard(q, Card.from_json(state), reps, lapses) for q, state, reps, lapses in rows]

    def get_or_create_card(self, profile: ProfileRef, question_id: str, now: datetime | None = None) -> Card:
        """The stored card, or a new one (due at ``now``) stored and returned."""
        pid, action, now = _pid(profile), "store a card in", scheduling.utc(now)
        with self._transaction(write=True, action=action) as conn:
            self._require_profile(conn, pid, self.path, action)
            row = conn.execute(
                "SELECT state FROM cards WHERE profile_id = ? AND question_id = ?", (pid, question_id)
            ).fetchone()
            if row:
                return Card.from_json(row[0])
            card = scheduling.new_card(question_id, now)
            conn.execute(
                "INSERT INTO cards (profile_id, question_id, state, due, updated) VALUES (?, ?, ?, ?, ?)",
                (pid, question_id, _card_json(card), _ts(card.due), _ts(now)),
            )
            return card

    def record_review(
        self,
        profile: ProfileRef,
        question_id: str,
        rating: Rating | int,
        now: datetime | None = None,
        mode: Mode | str = Mode.flashcard,
        *,
        duration_ms: int | None = None,
    ) -> ReviewResult:
        """Rate a question: read its card (new if none), schedule it with FSRS, and write the card
        and the review in one ``BEGIN IMMEDIATE`` transaction, committed before returning.

        Args:
            profile: whose review.
            question_id: the question's stable id.
            rating: Again, Hard, Good or Easy (or 1-4).
            now: when it was rated (aware; default: now).
            mode: how it was practised.
            duration_ms: time spent answering, kept in the FSRS log.

        Raises:
            ValueError: bad rating, mode or naive ``now`` (nothing touched).
            StoreError: unknown profile or the database cannot be written (nothing written).
        """
        rating, mode, now = Rating(int(rating)), Mode(mode), scheduling.utc(now)
        pid, action = _pid(profile), "record a review in"
        with self._transaction(write=True, action=action) as conn:
            self._require_profile(conn, pid, self.path, action)
            row = conn.execute(
                "SELECT state FROM cards WHERE profile_id = ? AND question_id = ?", (pid, question_id)
            ).fetchone()
            card = Card.from_json(row[0]) if row else scheduling.new_card(question_id, now)
            card, log = scheduling.review(
                card, rating, now, desired_retention=self.desired_retention, fuzz=self.fuzz, duration_ms=duration_ms
            )
            lapse = int(rating == Rating.Again)
            conn.execute(
                """INSERT INTO cards (profile_id, question_id, state, due, updated, lapses, reps)
                   VALUES (?, ?, ?, ?, ?, ?, 1)
                   ON CONFLICT (profile_id, question_id) DO UPDATE SET
                       state = excluded.state, due = excluded.due, updated = excluded.updated,
                       lapses = lapses + excluded.lapses, reps = reps + 1""",
                (pid, question_id, _card_json(card), _ts(card.due), _ts(now), lapse),
            )
            cur = conn.execute(
                "INSERT INTO reviews (profile_id, question_id, rating, reviewed_at, log, mode)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (pid, question_id, int(rating), _ts(now), json.dumps(log.to_dict()), mode.value),
            )
            review_id = int(cur.lastrowid or 0)
        return ReviewResult(review_id, card, log)

    def reviews(self, profile: ProfileRef, question_id: str | None = None) -> list[ReviewRecord]:
        """The profile's reviews (of one question, if given), in the order they were committed."""
        sql = "SELECT id, question_id, rating, reviewed_at, mode, log FROM reviews WHERE profile_id = ?"
        args: tuple[Any, ...] = (_pid(profile),)
        if question_id is not None:
            sql, args = sql + " AND question_id = ?", (*args, question_id)
        with self._transaction(write=False, action="read") as conn:
            rows = conn.execute(sql + " ORDER BY id", args).fetchall()
        return [
            ReviewRecord(row[0], row[1], Rating(row[2]), _dt(row[3]), Mode(row[4]), ReviewLog.from_json(row[5]))
            for row in rows
        ]

    def due_cards(
        self,
        profile: ProfileRef,
        question_ids: Sequence[str],
        now: datetime | None = None,
        *,
        new_per_day: int = DEFAULT_NEW_PER_DAY,
        tz: tzinfo = UTC,
    ) -> list[DueCard]:
        """What to study at ``now``, among ``question_ids`` (the bank, in study order).

        First the reviewed cards due by ``now``, most overdue first; then new questions (never
        reviewed) in the given order, as many as ``new_per_day`` minus the questions first
        reviewed earlier that day (days start at midnight in ``tz``). Cards of questions not
        in ``question_ids`` (removed from the bank) are left out.
        """
        if new_per_day < 0:
            raise ValueError(f"new_per_day must not be negative, got {new_per_day}")
        now, pid = scheduling.utc(now), _pid(profile)
        wanted = dict.fromkeys(question_ids)
        today = _day_start(now.astimezone(tz).date(), tz)
        tomorrow = _day_start(now.astimezone(tz).date() + timedelta(days=1), tz)
        with self._transaction(write=False, action="read") as conn:
            due_rows = conn.execute(
                "SELECT question_id, state FROM cards WHERE profile_id = ? AND reps > 0 AND due <= ? ORDER BY due",
                (pid, _ts(now)),
            ).fetchall()
            seen = {
                r[0] for r in conn.execute("SELECT question_id FROM cards WHERE profile_id = ? AND reps > 0", (pid,))
            }
            introduced = conn.execute(
                """SELECT count(*) FROM (SELECT min(reviewed_at) AS first FROM reviews
                   WHERE profile_id = ? GROUP BY question_id) WHERE first >= ? AND first < ?""",
                (pid, _ts(today), _ts(tomorrow)),
            ).fetchone()[0]
        out = [DueCard(q, Card.from_json(state), False) for q, state in due_rows if q in wanted]
        slots = max(0, new_per_day - introduced)
        fresh = [q for q in wanted if q not in seen][:slots]
        return out + [DueCard(q, scheduling.new_card(q, now), True) for q in fresh]

    # -------------------------------------------------------- progress

    def reviews_per_day(
        self,
        profile: ProfileRef,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        tz: tzinfo = UTC,
    ) -> dict[date, int]:
        """How many reviews on each day (in ``tz``) that had any, oldest first, optionally only
        those with ``since <= reviewed_at < until``."""
        sql, args = "SELECT reviewed_at FROM reviews WHERE profile_id = ?", [_pid(profile)]
        if since is not None:
            sql, args = sql + " AND reviewed_at >= ?", [*args, _ts(since)]
        if until is not None:
            sql, args = sql + " AND reviewed_at < ?", [*args, _ts(until)]
        with self._transaction(write=False, action="read") as conn:
            counts = Counter(_dt(row[0]).astimezone(tz).date() for row in conn.execute(sql, args))
        return dict(sorted(counts.items()))

    def retention(self, profile: ProfileRef, since: datetime | None = None) -> Retention:
        """The share of reviews (since ``since``, if given) not rated Again."""
        sql, args = "SELECT count(*), coalesce(sum(rating > 1), 0) FROM reviews WHERE profile_id = ?", [_pid(profile)]
        if since is not None:
            sql, args = sql + " AND reviewed_at >= ?", [*args, _ts(since)]
        with self._transaction(write=False, action="read") as conn:
            total, passed = conn.execute(sql, args).fetchone()
        return Retention(total, passed)

    def due_forecast(
        self, profile: ProfileRef, now: datetime | None = None, days: int = FORECAST_DAYS, *, tz: tzinfo = UTC
    ) -> list[tuple[date, int]]:
        """Reviewed cards coming due on each of the next ``days`` days (today first, in ``tz``);
        today's count includes every overdue card. Days with none are listed with 0."""
        now = scheduling.utc(now)
        first = now.astimezone(tz).date()
        end = _day_start(first + timedelta(days=days), tz)
        with self._transaction(write=False, action="read") as conn:
            rows = conn.execute(
                "SELECT due FROM cards WHERE profile_id = ? AND reps > 0 AND due < ?", (_pid(profile), _ts(end))
            ).fetchall()
        counts = Counter(max(first, _dt(row[0]).astimezone(tz).date()) for row in rows)
        return [(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range(days)]

    def lapse_counts(self, profile: ProfileRef) -> dict[str, int]:
        """For each question failed at least once: how many times it was rated Again, most first."""
        with self._transaction(write=False, action="read") as conn:
            rows = conn.execute(
                "SELECT question_id, lapses FROM cards WHERE profile_id = ? AND lapses > 0 "
                "ORDER BY lapses DESC, question_id",
                (_pid(profile),),
            ).fetchall()
        return dict(rows)

    def leeches(self, profile: ProfileRef) -> list[str]:
        """The questions that are leeches (:func:`is_leech`), most failed first."""
        return [q for q, n in self.lapse_counts(profile).items() if is_leech(n)]

    # -------------------------------------------------------- quizzes and mock interviews

    def record_quiz_attempt(
        self,
        profile: ProfileRef,
        question_id: str,
        kind: QuizKind | str,
        correct: bool,
        answer: str,
        now: datetime | None = None,
    ) -> int:
        """Store one answer to a quiz item; return its id."""
        kind, at = QuizKind(kind), scheduling.utc(now)
        pid, action = _pid(profile), "record a quiz attempt in"
        with self._transaction(write=True, action=action) as conn:
            self._require_profile(conn, pid, self.path, action)
            cur = conn.execute(
                "INSERT INTO quiz_attempts (profile_id, question_id, kind, correct, answer, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (pid, question_id, kind.value, int(bool(correct)), answer, _ts(at)),
            )
            return int(cur.lastrowid or 0)

    def quiz_attempts(self, profile: ProfileRef, question_id: str | None = None) -> list[QuizAttempt]:
        """The profile's quiz answers (to one question, if given), oldest first."""
        sql = "SELECT id, question_id, kind, correct, answer, at FROM quiz_attempts WHERE profile_id = ?"
        args: tuple[Any, ...] = (_pid(profile),)
        if question_id is not None:
            sql, args = sql + " AND question_id = ?", (*args, question_id)
        with self._transaction(write=False, action="read") as conn:
            rows = conn.execute(sql + " ORDER BY at, id", args).fetchall()
        return [QuizAttempt(r[0], r[1], QuizKind(r[2]), bool(r[3]), r[4], _dt(r[5])) for r in rows]

    def start_mock_interview(self, profile: ProfileRef, now: datetime | None = None) -> int:
        """Record that a mock interview started; return its id."""
        pid, action = _pid(profile), "record a mock interview in"
        with self._transaction(write=True, action=action) as conn:
            self._require_profile(conn, pid, self.path, action)
            cur = conn.execute(
                "INSERT INTO mock_interviews (profile_id, started) VALUES (?, ?)", (pid, _ts(scheduling.utc(now)))
            )
            return int(cur.lastrowid or 0)

    def finish_mock_interview(self, interview_id: int, summary: Mapping[str, Any], now: datetime | None = None) -> None:
        """Record the end of a mock interview with a JSON-serializable summary.

        Raises:
            TypeError: ``summary`` is not JSON-serializable (nothing written).
            StoreError: no such interview, it is already finished, or the database cannot be written.
        """
        text = json.dumps(dict(summary), ensure_ascii=False, sort_keys=True, allow_nan=False)
        action = "finish a mock interview in"
        with self._transaction(write=True, action=action) as conn:
            row = conn.execute("SELECT finished FROM mock_interviews WHERE id = ?", (interview_id,)).fetchone()
            if row is None:
                raise StoreError(self.path, f"there is no mock interview with id {interview_id}", action)
            if row[0] is not None:
                raise StoreError(self.path, f"mock interview {interview_id} is already finished", action)
            conn.execute(
                "UPDATE mock_interviews SET finished = ?, summary = ? WHERE id = ?",
                (_ts(scheduling.utc(now)), text, interview_id),
            )

    def mock_interviews(self, profile: ProfileRef) -> list[MockInterview]:
        """The profile's mock interviews, oldest first."""
        with self._transaction(write=False, action="read") as conn:
            rows = conn.execute(
                "SELECT id, started, finished, summary FROM mock_interviews WHERE profile_id = ? ORDER BY started, id",
                (_pid(profile),),
            ).fetchall()
        return [
            MockInterview(r[0], _dt(r[1]), _dt(r[2]) if r[2] else None, json.loads(r[3]) if r[3] else None)
            for r in rows
        ]

    # -------------------------------------------------------- history import

    def import_history(
        self,
        reviews: Mapping[str, Sequence[tuple[ReviewRecord, datetime | None]]],
        attempts: Mapping[str, Sequence[QuizAttempt]],
        now: datetime | None = None,
    ) -> tuple[list[str], int, int]:
        """Add reviews and quiz attempts to the profiles they are keyed by (by name; a missing
        profile is created at ``now``), all in one ``BEGIN IMMEDIATE`` transaction: on any failure
        nothing is written. The records' ids are ignored.

        A review already stored (same question, time, rating and mode) or an attempt already stored
        (same question, time, kind, result and answer) is skipped, so importing a history twice
        adds nothing. Every card that gets a new review is rebuilt by replaying all its reviews, old
        and new, in time order through FSRS. A due time also depends on the desired retention at
        the time of the review, which no log keeps: so when the given reviews are the card's whole
        history, its due time is the one paired with its last review (if any); otherwise, and when
        merging with reviews stored before, the replay's.

        Returns:
            the names of the profiles created, how many reviews and how many attempts were added.
        """
        now, action = scheduling.utc(now), "import history into"
        created: list[str] = []
        added_reviews = added_attempts = 0
        with self._transaction(write=True, action=action) as conn:
            for name in dict.fromkeys([*reviews, *attempts]):
                row = conn.execute("SELECT id FROM profiles WHERE name = ?", (name,)).fetchone()
                if row is None:
                    created.append(name)
                    cur = conn.execute("INSERT INTO profiles (name, created) VALUES (?, ?)", (name, _ts(now)))
                    row = (cur.lastrowid,)
                given = reviews.get(name, ())
                added = self._insert_reviews(conn, row[0], given)
                dues = {(question_id, at): due for question_id, at, due in added}
                keys = {(r.question_id, _ts(r.reviewed_at), r.rating, r.mode) for r, _ in given}
                per_question = Counter(key[0] for key in keys)
                for question_id in dict.fromkeys(q for q, _, _ in added):
                    self._replay(conn, row[0], question_id, dues, per_question[question_id])
                added_reviews += len(added)
                added_attempts += self._insert_attempts(conn, row[0], attempts.get(name, ()))
        return created, added_reviews, added_attempts

    @staticmethod
    def _insert_reviews(
        conn: sqlite3.Connection, pid: int, reviews: Sequence[tuple[ReviewRecord, datetime | None]]
    ) -> list[tuple[str, str, datetime | None]]:
        """Insert the reviews not stored yet; return the question, stored time and due time of each."""
        added: list[tuple[str, str, datetime | None]] = []
        for record, due in reviews:
            key = (pid, record.question_id, _ts(record.reviewed_at), int(record.rating), Mode(record.mode).value)
            if conn.execute(
                "SELECT 1 FROM reviews WHERE profile_id = ? AND question_id = ? AND reviewed_at = ? AND rating = ?"
                " AND mode = ?",
                key,
            ).fetchone():
                continue
            conn.execute(
                "INSERT INTO reviews (profile_id, question_id, reviewed_at, rating, mode, log)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (*key, json.dumps(record.log.to_dict())),
            )
            added.append((record.question_id, key[2], scheduling.utc(due) if due else None))
        return added

    @staticmethod
    def _insert_attempts(conn: sqlite3.Connection, pid: int, attempts: Sequence[QuizAttempt]) -> int:
        """Insert the quiz attempts not stored yet; return how many."""
        added = 0
        for a in attempts:
            key = (pid, a.question_id, QuizKind(a.kind).value, int(a.correct), a.answer, _ts(a.at))
            if conn.execute(
                "SELECT 1 FROM quiz_attempts WHERE profile_id = ? AND question_id = ? AND kind = ? AND correct = ?"
                " AND answer = ? AND at = ?",
                key,
            ).fetchone():
                continue
            conn.execute(
                "INSERT INTO quiz_attempts (profile_id, question_id, kind, correct, answer, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                key,
            )
            added += 1
        return added

    def _replay(
        self,
        conn: sqlite3.Connection,
        pid: int,
        question_id: str,
        dues: Mapping[tuple[str, str], datetime | None],
        given: int,
    ) -> None:
        """Rebuild a card from all its stored reviews, in time order, and store it; ``given``: how many
        of them the import brought (see :meth:`import_history`)."""
        rows = conn.execute(
            "SELECT rating, reviewed_at, log FROM reviews WHERE profile_id = ? AND question_id = ?"
            " ORDER BY reviewed_at, id",
            (pid, question_id),
        ).fetchall()
        card = scheduling.new_card(question_id, _dt(rows[0][1]))
        for rating, at, log in rows:
            card, _ = scheduling.review(
                card,
                rating,
                _dt(at),
                desired_retention=self.desired_retention,
                fuzz=self.fuzz,
                duration_ms=ReviewLog.from_json(log).review_duration,
            )
        last = rows[-1][1]
        if len(rows) == given and (due := dues.get((question_id, last))):
            card.due = due
        conn.execute(
            """INSERT INTO cards (profile_id, question_id, state, due, updated, lapses, reps)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (profile_id, question_id) DO UPDATE SET
                   state = excluded.state, due = excluded.due, updated = excluded.updated,
                   lapses = excluded.lapses, reps = excluded.reps""",
            (pid, question_id, _card_json(card), _ts(card.due), last, sum(r[0] == 1 for r in rows), len(rows)),
        )
