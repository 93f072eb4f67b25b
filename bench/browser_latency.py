"""Threshold demo in a real browser: from a key press on the slider to the redrawn plots on screen.

Run from the repository root:  .venv/bin/python bench/browser_latency.py [--moves 50]

Serves the app and the bare one-slider page (bench/bare_app.py) one after the other, opens each
in headless Chromium, focuses the threshold slider and presses ArrowRight ``--moves`` times,
waiting for each move to finish. A move's latency runs from the key event to the frame that
shows every plot's new image loaded and the first metric's new value (see browser_probe.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from browser_probe import DONE, ELAPSED, REDRAWN, arm, percentile, summary

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import launched_chromium, open_app, served_app

SAMPLES = 1_000_000
PAGES = {
    "threshold demo": ("app.py", f"/demos?demo=threshold&dist=normal&n={SAMPLES}&threshold=0.5"),
    "bare slider page": ("bench/bare_app.py", "/"),
}


def moves(browser, url: str, count: int) -> list[float]:
    """Milliseconds from key press to redrawn page, for ``count`` ArrowRight presses."""
    page = open_app(browser, url, ready='[data-testid="stMetric"]')
    try:
        page.get_by_role("slider", name="Threshold t").focus()
        times = []
        for _ in range(count):
            page.evaluate(arm(REDRAWN))
            page.keyboard.press("ArrowRight")
            page.wait_for_function(DONE, timeout=30_000, polling="raf")
            times.append(page.evaluate(ELAPSED))
        return times
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3, help="moves before the timed ones (not counted)")
    args = parser.parse_args()

    results = {}
    with launched_chromium() as browser:
        for name, (script, path) in PAGES.items():
            with served_app({"SPARSELAB_BANKS": ""}, script) as base:
                moves(browser, base + path, args.warmup)
                results[name] = moves(browser, base + path, args.moves)
    print(f"{date.today()}: key press on the threshold slider to the redrawn page, {args.moves} moves each")
    for name, times in results.items():
        print(f"  {name:17}: {summary(times)}")
    ours, bare = results["threshold demo"], results["bare slider page"]
    print(
        f"  ratio demo / bare: p50 {statistics.median(ours) / statistics.median(bare):.2f}x,"
        f" p95 {percentile(ours, 95) / percentile(bare, 95):.2f}x  (threshold demo: {SAMPLES:,} samples, 3 plots)"
    )
    print(f"  timed at {time.strftime('%H:%M')}; probe resolution 0.1 ms (performance.now in Chromium)")


if __name__ == "__main__":
    main()
