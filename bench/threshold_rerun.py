"""Threshold demo: script rerun time for a slider move, against a naive page, and memory growth.

Run from the repository root:  .venv/bin/python bench/threshold_rerun.py [--moves 50] [--memory]
Both pages are driven by Streamlit's AppTest in this one process, so the ratio holds on
another machine even when the absolute times do not.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
N = 1_000_000

NAIVE = f"""
import matplotlib.pyplot as plt
import numpy as np
import streamlit as st

t = st.slider("Threshold", -5.0, 5.0, 0.5, 0.01, key="threshold")
x = np.random.default_rng(0).normal(0.0, 1.0, {N})
y = np.where(x > t, x, 0)
st.metric("Sparsity", f"{{np.mean(y == 0):.2%}}")
fig, ax = plt.subplots()
ax.hist(x, bins=80)
ax.axvline(t)
st.pyplot(fig)
grid = np.linspace(-5, 5, 101)
fig2, ax2 = plt.subplots()
ax2.plot(grid, [np.mean(np.where(x > g, x, 0) == 0) for g in grid])
st.pyplot(fig2)
"""


def page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"demo": "threshold", "n": str(N)})
    at.run()
    at.switch_page("pages/demos.py").run()
    return at


def naive() -> AppTest:
    at = AppTest.from_string(NAIVE, default_timeout=120)
    at.run()
    return at


def moves(at: AppTest, count: int) -> list[float]:
    """Seconds per rerun for ``count`` slider moves to new thresholds."""
    times = []
    for i in range(count):
        at.slider(key="threshold").set_value(round(-2.0 + 4.0 * i / max(count - 1, 1), 2))
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return times


def rss_mib() -> float:
    """This process's resident memory now."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(times) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument("--memory", action="store_true", help="also measure RSS after 100 and 1,000 reruns")
    args = parser.parse_args()

    ours, base = page(), naive()
    ours_times, naive_times = moves(ours, args.moves), moves(base, args.moves)
    print(f"threshold demo, {N:,} samples, {args.moves} slider moves (AppTest script reruns)")
    print(f"  SparseLab page : {summary(ours_times)}")
    print(f"  naive page     : {summary(naive_times)}")
    ratio = statistics.median(naive_times) / statistics.median(ours_times)
    print(f"  speed-up (median naive / median ours): {ratio:.1f}x")
    if args.memory:
        at = page()
        moves(at, 100)
        after_100 = rss_mib()
        moves(at, 900)
        after_1000 = rss_mib()
        growth = after_1000 - after_100
        print(f"  RSS after 100 reruns {after_100:.1f} MiB, after 1,000 {after_1000:.1f} MiB, growth {growth:+.1f} MiB")


if __name__ == "__main__":
    main()
