"""``python -m engine``: check and export the question bank; export and import study history."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from engine import anki, bank, history
from engine.exercises import cli as exercises
from engine.store import Store, StoreError


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m engine", description="Check or export the question bank.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate bank files or folders (default: the built-in bank)")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    export = commands.add_parser(
        "export",
        help="print the whole bank (json), write it as an Anki deck (apkg), or write study history (csv)",
        description=(
            "json: the bank as a JSON array on stdout (or -o FILE). apkg: the bank as an Anki deck, to -o FILE; "
            "importing a newer deck into Anki updates its notes. csv: the reviews and quiz attempts of every "
            "profile (or --profile NAME) in the progress database (--db; default: the app's, $SPARSELAB_DB if "
            "set), to -o FILE or stdout; `import` reads it back."
        ),
    )
    export.add_argument("--format", choices=["json", "apkg", "csv"], default="json")
    export.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="bank files or folders (json, apkg)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of stdout")
    export.add_argument("--db", type=Path, metavar="PATH", help="progress database (csv; default: the app's)")
    export.add_argument("--profile", metavar="NAME", help="only this profile's history (csv; default: all)")
    restore = commands.add_parser(
        "import",
        help="import study history from a csv file made by `export --format csv`",
        description=(
            "Add the reviews and quiz attempts of FILE, a csv written by `export --format csv`, to the progress "
            "database (--db; default: the app's, $SPARSELAB_DB if set), creating missing profiles; cards are "
            "rebuilt by replaying their reviews through FSRS. Rows already stored are skipped, so importing twice "
            "adds nothing. A file with any bad row imports nothing: each problem is printed as FILE:LINE: message "
            "and the exit code is 1."
        ),
    )
    restore.add_argument("--format", choices=["csv"], default="csv")
    restore.add_argument("--db", type=Path, metavar="PATH", help="progress database (default: the app's)")
    restore.add_argument("file", type=Path, metavar="FILE")
    grade = commands.add_parser("grade", help="grade a solution file on an exercise's tests (JSON on stdout)")
    grade.add_argument("exercise", metavar="EXERCISE_ID")
    grade.add_argument("file", type=Path, metavar="FILE")
    args = parser.parse_args(argv)

    if args.command == "grade":
        return exercises.grade_file(args.exercise, args.file)
    if args.command == "import":
        return _import_history(args.db, args.file)
    if args.command == "export" and args.format == "csv":
        if args.paths:
            parser.error("export --format csv reads the progress database (--db), not bank paths")
        return _export_history(args.db, args.profile, args.output)
    if args.command == "export" and args.format == "apkg" and args.output is None:
        parser.error("export --format apkg needs -o FILE")
    loaded = bank.load(args.paths or None)
    if args.command == "check":
        loaded.problems += exercises.reference_check(loaded)
    for problem in loaded.problems:
        print(problem, file=sys.stderr if args.command == "export" else sys.stdout)
    if args.command == "check":
        if not loaded.problems:
            print(f"ok: {len(loaded.questions)} questions in {len(loaded.files)} files")
        return 1 if loaded.problems else 0
    if args.format == "apkg":
        args.output.write_bytes(anki.deck_bytes(loaded.questions))
        print(f"wrote {len(loaded.questions)} notes to {args.output}", file=sys.stderr)
        return 1 if loaded.problems else 0
    exported = [q.model_dump(mode="json", exclude_none=True) for q in loaded.questions]
    text = json.dumps(exported, ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 1 if loaded.problems else 0


def _export_history(db: Path | None, profile_name: str | None, output: Path | None) -> int:
    """``export --format csv``: the history CSV to ``output`` or stdout; 1 with a message on failure."""
    store = Store(db)
    if not store.path.is_file():
        print(f"error: there is no progress database at {store.path}", file=sys.stderr)
        return 1
    try:
        profiles = {p.name.casefold(): p for p in store.list_profiles()}
        profile = None if profile_name is None else profiles.get(profile_name.strip().casefold())
        if profile_name is not None and profile is None:
            names = ", ".join(p.name for p in profiles.values()) or "none"
            print(f"error: there is no profile named {profile_name!r} (profiles: {names})", file=sys.stderr)
            return 1
        if output is None:
            history.write_csv(store, sys.stdout, profile)
        else:
            output.write_bytes(history.csv_bytes(store, profile))
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _import_history(db: Path | None, file: Path) -> int:
    """``import --format csv``: the summary on stdout; each problem on stderr and 1 on failure."""
    try:
        summary = history.import_csv(Store(db), file.read_bytes(), str(file))
    except OSError as exc:
        print(f"{file}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except history.HistoryError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(summary)
    return 0
