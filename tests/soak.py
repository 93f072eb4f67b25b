"""Progress durability soak: a process rating cards is killed (SIGKILL) at random moments, again
and again, on the same database; afterwards the database is intact and holds every review the
process acknowledged, each once.

A worker numbers its reviews on from the count already stored (review ``n`` of the soak is
given the time ``START + n`` seconds and ``duration_ms = n``), and prints ``ack n id`` only after
:meth:`engine.store.Store.record_review` returned. The kill also lands during start-up, the
schema's creation and the opening of connections. (This is a process crash: what the kernel
already holds survives it; a power cut is not simulated.)

Run from the repository root:  .venv/bin/python tests/soak.py --kills 100
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2025, 1, 1, tzinfo=UTC)
QUESTIONS = 40
PROFILE = "soak"


def work(path: Path) -> None:
    """Rate cards forever, one acknowledged review per line on stdout."""
    from engine.store import Store

    store = Store(path)
    profile = store.ensure_profile(PROFILE, START)
    n = len(store.reviews(profile))
    while True:
        result = store.record_review(
            profile, f"q{n % QUESTIONS}", 1 + n % 4, START + timedelta(seconds=n), duration_ms=n
        )
        print(f"ack {n} {result.review_id}", flush=True)
        n += 1


@dataclass
class Outcome:
    """What a soak saw and what the database holds after it."""

    kills: int = 0
    acknowledged: dict[int, int] = field(default_factory=dict)  # review number: row id
    integrity: str = ""
    stored: list[tuple[int, int, str]] = field(default_factory=list)  # row id, number, question

    def problems(self) -> list[str]:
        """Everything that breaks the promise, in words (empty when the soak passed)."""
        out = [] if self.integrity == "ok" else [f"integrity_check: {self.integrity}"]
        numbers = [number for _, number, _ in self.stored]
        if len(numbers) != len(set(numbers)):
            out.append(f"{len(numbers) - len(set(numbers))} reviews stored twice")
        if numbers != list(range(len(numbers))):
            out.append("the stored reviews are not numbered 0, 1, 2, ... in order")
        rows = {number: row for row, number, _ in self.stored}
        lost = [n for n, row in self.acknowledged.items() if rows.get(n) != row]
        if lost:
            out.append(f"{len(lost)} acknowledged reviews missing or changed, e.g. {lost[:5]}")
        wrong = [n for _, n, question in self.stored if question != f"q{n % QUESTIONS}"]
        if wrong:
            out.append(f"{len(wrong)} reviews stored for the wrong question")
        return out


def soak(path: Path, kills: int, seed: int = 0, longest: float = 1.5) -> Outcome:
    """Start a worker on ``path`` and kill it after a random time (up to ``longest`` seconds,
    counted from its start or, every other time, from its first review), ``kills`` times; then
    check the database."""
    rng = random.Random(seed)
    outcome = Outcome()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for i in range(kills):
        worker = subprocess.Popen(
            [sys.executable, __file__, "--work", str(path)], stdout=subprocess.PIPE, text=True, env=env
        )
        first = worker.stdout.readline() if i % 2 else ""  # every other kill: once it is rating
        time.sleep(rng.uniform(0, longest))
        worker.send_signal(signal.SIGKILL)
        out, _ = worker.communicate(timeout=60)
        out = first + out
        if worker.returncode != -signal.SIGKILL:
            raise RuntimeError(f"the worker ended by itself with code {worker.returncode}")
        outcome.kills += 1
        for line in out.splitlines():
            _, number, row = line.split()
            if int(number) in outcome.acknowledged:
                raise RuntimeError(f"review {number} was acknowledged twice")
            outcome.acknowledged[int(number)] = int(row)
    with sqlite3.connect(path) as conn:
        outcome.integrity = "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
        outcome.stored = conn.execute(
            "SELECT r.id, json_extract(r.log, '$.review_duration'), r.question_id FROM reviews r"
            " JOIN profiles p ON p.id = r.profile_id WHERE p.name = ? ORDER BY r.id",
            (PROFILE,),
        ).fetchall()
    conn.close()
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description="Kill a process rating cards, again and again; check the database.")
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--db", type=Path, help="the database (default: a new one in a temporary folder)")
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        work(args.work)
        return 0
    if args.db is None:
        args.db = Path(tempfile.mkdtemp(prefix="sparselab-soak-")) / "progress.sqlite"
    started = time.perf_counter()
    outcome = soak(args.db, args.kills, args.seed)
    print(
        f"{outcome.kills} kills in {time.perf_counter() - started:.0f} s: {len(outcome.acknowledged)} reviews"
        f" acknowledged, {len(outcome.stored)} stored, integrity {outcome.integrity} ({args.db})"
    )
    for problem in outcome.problems():
        print(f"FAILED: {problem}")
    return 1 if outcome.problems() else 0


if __name__ == "__main__":
    sys.exit(main())
