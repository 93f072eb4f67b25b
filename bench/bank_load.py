"""Loading and validating the question bank, and answering a search keystroke.

Run from the repository root:  .venv/bin/python bench/bank_load.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import bank
from engine.search import Filters, Index


def median_ms(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    loaded = bank.load()
    print(f"built-in bank: {len(loaded.questions)} questions in {len(loaded.files)} files")
    print(f"  load + validate     median {median_ms(bank.load, 7):7.1f} ms")
    index = Index(loaded.questions)
    for query in ("阈值", "relu threshold", "mixture experts load"):
        print(f"  search {query!r:24} median {median_ms(lambda q=query: index.filter(Filters(q)), 200):7.3f} ms")


if __name__ == "__main__":
    main()
