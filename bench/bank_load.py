"""Loading and validating the question bank, and answering a search keystroke, at the built-in
bank's size and at 10,000 questions.

The large bank copies the built-in questions (new ids, same text) into files of 7 questions, as
the built-in bank has them. A single file cannot hold 10,000 such questions (a file holds at most
5 MiB, about 480 of them), so the one-file case is the largest file allowed. Each time is a median
of repeats; each is also given as a ratio to a reference measured in the same run on the same
text (PyYAML's ``CSafeLoader`` alone, and ``json.loads`` of the exported questions), so the
figures carry over to another machine.

Run from the repository root:  .venv/bin/python bench/bank_load.py [--large 10000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import bank
from engine.search import Filters, Index

QUERIES = ("阈值", "relu threshold", "mixture experts load", "稀疏", "x)", "zzzq", "the")


def median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def real_questions() -> list[str]:
    """The built-in questions' YAML, one string each."""
    out = []
    for path in sorted(bank.BUILTIN.glob("*.yaml")):
        out += [
            part for part in re.split(r"(?m)^(?=- id: )", path.read_text(encoding="utf-8")) if part.startswith("- ")
        ]
    return out


def write_bank(folder: Path, count: int, per_file: int) -> list[Path]:
    """``count`` copies of the built-in questions with new ids, ``per_file`` to a file."""
    texts = real_questions()
    copies = [re.sub(r"^- id: (\S+)", rf"- id: \1-copy{i}", texts[i % len(texts)], count=1) for i in range(count)]
    folder.mkdir(parents=True)
    paths = []
    for first in range(0, count, per_file):
        paths.append(folder / f"part-{first // per_file:05d}.yaml")
        paths[-1].write_text("".join(copies[first : first + per_file]), encoding="utf-8")
    return paths


def largest_file(folder: Path) -> list[Path]:
    """One file of as many built-in questions as fit in :data:`engine.bank.MAX_FILE_BYTES`."""
    texts, size, count = real_questions(), 0, 0
    while size + len(texts[count % len(texts)].encode()) + 16 <= bank.MAX_FILE_BYTES:
        size += len(texts[count % len(texts)].encode()) + 16
        count += 1
    return write_bank(folder, count, count)


def plain_yaml(paths: list[Path]) -> None:
    with_gc = gc.isenabled()
    gc.disable()  # as bank.load does, so the ratio compares the parsers, not the collector
    try:
        [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in paths]
    finally:
        if with_gc:
            gc.enable()


def measure(label: str, paths: list[Path], repeats: int, search: bool) -> None:
    def cold() -> bank.Bank:
        bank.forget()
        return bank.load(paths)

    loaded = cold()
    assert not loaded.problems, loaded.problems[:3]
    exported = json.dumps([q.model_dump(mode="json", exclude_none=True) for q in loaded.questions])
    megabytes = sum(p.stat().st_size for p in paths) / 2**20
    print(f"{label}: {len(loaded.questions):,} questions in {len(paths):,} files, {megabytes:.1f} MiB of YAML")
    reference_yaml = median_ms(lambda: plain_yaml(paths), repeats)
    reference_json = median_ms(lambda: json.loads(exported), repeats)
    load = median_ms(cold, repeats)
    warm = median_ms(lambda: bank.load(paths), max(repeats, 5))
    print(f"  yaml.load (CSafeLoader) alone   {reference_yaml:9.1f} ms")
    print(f"  json.loads of the export        {reference_json:9.1f} ms")
    ratios = f"{load / reference_yaml:5.2f}x yaml   {load / reference_json:6.1f}x json"
    print(f"  load + validate                 {load:9.1f} ms   {ratios}")
    print(f"  again, files unchanged          {warm:9.1f} ms   {warm / reference_json:6.2f}x json")
    if not search:
        return
    index_ms = median_ms(lambda: Index(loaded.questions), 3)
    index = Index(loaded.questions)
    print(f"  search index build              {index_ms:9.1f} ms")
    for query in QUERIES:
        ms = median_ms(lambda q=query: index.filter(Filters(q)), 21)
        hits = len(index.filter(Filters(query)))
        print(f"  search {query!r:24} {ms:7.2f} ms   {ms / reference_json:6.3f}x json   ({hits:,} found)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--large", type=int, default=10_000, help="questions in the large bank")
    parser.add_argument("--repeats", type=int, default=3, help="repeats of each load (median)")
    args = parser.parse_args()
    builtin = sorted(bank.BUILTIN.glob("*.yaml"))
    measure("built-in bank", builtin, max(args.repeats, 7), search=True)
    with tempfile.TemporaryDirectory() as tmp:
        measure("large bank", write_bank(Path(tmp) / "spread", args.large, 7), args.repeats, search=True)
        measure("one file", largest_file(Path(tmp) / "one"), args.repeats, search=False)


if __name__ == "__main__":
    main()
