"""Cold start: from `streamlit run` to the first page fully rendered in a browser.

Run from the repository root:  .venv/bin/python bench/cold_start.py [--runs 5]

Each run starts a new server, checks its health every 20 ms and, once it answers, opens
its first page in a new browser context (empty cache) of an already running headless
Chromium. The app is ready when the browse page shows its count caption, lists its first
part (one "Open" link for each of the first 20 questions), shows its "Show more" button, and the
run has finished; the bare one-slider page
(bench/bare_app.py) when its number shows. The app and the bare page take turns.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import IDLE, launched_chromium, serving

LISTED = r"""(() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const count = main?.innerText.match(/(\d+) of (\d+) questions/);
    const links = main ? [...main.querySelectorAll('[data-testid="stPageLink"]')] : [];
    const open = links.filter(a => a.innerText.includes('Open')).length;
    const more = main?.querySelector('.st-key-more button') ?? null;
    return count !== null && open === Math.min(20, +count[1]) && (+count[1] <= 20 || more !== null);
})()"""
SHOWN = "document.querySelector('[data-testid=\"stMetricValue\"]') !== null"
APPS = {"SparseLab (browse page)": ("app.py", LISTED), "bare slider page": ("bench/bare_app.py", SHOWN)}


def cold_start(browser, script: str, ready: str) -> tuple[float, float]:
    """Seconds from the server's start to its health check passing, and to the page being ready."""
    start = time.perf_counter()
    with serving({"SPARSELAB_BANKS": ""}, script, poll=0.02) as server:
        healthy = time.perf_counter() - start
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto(server.url)
            page.wait_for_function(f"{ready} && {IDLE}", timeout=120_000, polling="raf")
            return healthy, time.perf_counter() - start
        finally:
            context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    times: dict[str, list[tuple[float, float]]] = {name: [] for name in APPS}
    with launched_chromium() as browser:
        for _ in range(args.runs):
            for name, (script, ready) in APPS.items():
                times[name].append(cold_start(browser, script, ready))
    print(f"{date.today()}: `streamlit run` to the first page rendered, median of {args.runs} runs")
    for name, runs in times.items():
        health, ready = statistics.median(h for h, _ in runs), statistics.median(r for _, r in runs)
        each = " ".join(f"{r:.2f}" for _, r in runs)
        print(f"  {name:24}: healthy {health:5.2f} s   rendered {ready:5.2f} s   (runs: {each})")
    ours, bare = (statistics.median(r for _, r in times[name]) for name in APPS)
    print(f"  ratio app / bare (rendered): {ours / bare:.2f}x")


if __name__ == "__main__":
    main()
