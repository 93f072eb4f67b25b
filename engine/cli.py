"""``python -m engine``: check and export the question bank."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from engine import bank


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m engine", description="Check or export the question bank.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate bank files or folders (default: the built-in bank)")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    export = commands.add_parser("export", help="print the whole bank")
    export.add_argument("--format", choices=["json"], default="json")
    export.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    args = parser.parse_args(argv)

    loaded = bank.load(args.paths or None)
    for problem in loaded.problems:
        print(problem, file=sys.stderr if args.command == "export" else sys.stdout)
    if args.command == "check":
        if not loaded.problems:
            print(f"ok: {len(loaded.questions)} questions in {len(loaded.files)} files")
        return 1 if loaded.problems else 0
    exported = [q.model_dump(mode="json", exclude_none=True) for q in loaded.questions]
    json.dump(exported, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 1 if loaded.problems else 0
