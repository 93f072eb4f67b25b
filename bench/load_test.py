"""Many users at once: N browser sessions on one server, moving the threshold and rating flashcards.

Run from the repository root:  .venv/bin/python bench/load_test.py [--users 1 5 10 20] [--seconds 60]

One server (with a fresh progress database holding a profile per user) and one headless
Chromium. Each user is a browser context with two tabs: the threshold demo (1,000,000
samples) and the quiz, where the user's own profile is picked and up to 200 new cards a day
are allowed (with ``--tabs 1``, one tab each: even users the demo, odd users the quiz). For
``--seconds`` every user repeats, as fast as the app answers plus ``--think`` seconds: a key
press on the threshold slider (ArrowRight or ArrowLeft at random), then Space to reveal a card
and a digit 2-4 to rate it. Each interaction is timed in the page
from the key press to its result on screen with the run finished (browser_probe.py).

Errors: an interaction with no result within 30 s, an exception shown by the app, an error in
the page or its console, a lost connection, and a rating that is not in the database at the end.
Both the server and Chromium run on this machine, so they share its cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from browser_probe import DONE, ELAPSED, RATED, REDRAWN, REVEALED, arm, percentile
from playwright.async_api import Error as PlaywrightError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.store import Store
from tests.browser import CHROMIUM_ARGS, IDLE, chromium, serving

DEMO = "/demos?demo=threshold&dist=normal&n=1000000&threshold=0.5"
QUIZ = "/quiz"
TIMEOUT_MS = 30_000
POLL_MS = 25  # how often a waiting tab checks for its result: the latency is timed in the page, and
# polling on every animation frame would keep 40 tabs drawing frames on the cores the server needs
SETUP_MS = 180_000
READY = '[data-testid="stMain"] h1'
FAILURES = Path(__file__).resolve().parent.parent / "artifacts" / "load"
HEADER = "users  acts  p50 ms  p95 ms  slider  reveal    rate  errors  server CPU  ms/act     load CPU  machine CPU"


@dataclass
class Tally:
    """What the users of one run saw."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {"slider": [], "reveal": [], "rate": []})
    errors: list[str] = field(default_factory=list)
    rated: dict[str, int] = field(default_factory=dict)


def console_error(message) -> bool:
    """An error in the console, other than a failed load (judged from the responses instead: the
    client's base-path probes get an expected 404)."""
    return message.type == "error" and not message.text.startswith("Failed to load resource")


async def ready_page(context, url: str, tally: Tally):
    """A new tab at ``url`` with its first run finished, its errors counted in ``tally``."""
    page = await context.new_page()
    page.on("pageerror", lambda error: tally.errors.append(f"page error: {error}"))
    page.on("console", lambda m: tally.errors.append(f"console: {m.text}") if console_error(m) else None)
    page.on("response", lambda r: tally.errors.append(f"HTTP {r.status} {r.url}") if r.status >= 500 else None)
    await page.goto(url)
    await page.wait_for_selector(READY, timeout=SETUP_MS)
    await page.wait_for_function(IDLE, timeout=SETUP_MS)
    return page


async def act(page, key: str, condition: str, kind: str, tally: Tally) -> bool:
    """Bring the tab to the front (a tab behind another is throttled, as a user's would be), press
    ``key``, wait for ``condition`` and note the latency; False (and an error) if it failed."""
    await page.bring_to_front()
    await page.evaluate(arm(condition))
    await page.keyboard.press(key)
    try:
        await page.wait_for_function(DONE, timeout=TIMEOUT_MS, polling=POLL_MS)
    except PlaywrightError as exc:
        shot = FAILURES / f"{kind}-{len(tally.errors)}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        with suppress(PlaywrightError):
            await page.screenshot(path=shot)
        focused = await page.evaluate("document.activeElement?.outerHTML.slice(0, 120) ?? null")
        tally.errors.append(f"{kind}: no result ({type(exc).__name__}; focus {focused}; screenshot {shot})")
        return False
    if await page.locator('[data-testid="stException"]').count():
        tally.errors.append(f"{kind}: the app showed an exception")
        return False
    tally.latencies[kind].append(await page.evaluate(ELAPSED))
    return True


async def pick_profile(page, name: str) -> None:
    """Choose ``name`` in the sidebar's profile box and allow 200 new cards a day."""
    box = page.locator(".st-key-profile input")
    await box.click()
    await box.fill(name)
    await page.get_by_role("option", name=name, exact=True).click(timeout=SETUP_MS)
    await page.wait_for_function(
        f"document.querySelector('[data-testid=\"stMain\"]').innerText.includes('profile: {name}') && {IDLE}",
        timeout=SETUP_MS,
    )
    per_day = page.locator(".st-key-new_per_day input")
    if await per_day.count():
        await per_day.fill("200")
        await per_day.press("Enter")
        await page.wait_for_function(IDLE, timeout=SETUP_MS)


@dataclass
class Run:
    """One run's shared settings: the server, the start signal and how long and fast users act."""

    base: str
    seconds: float
    think: float
    tabs: int  # 2: every user moves the slider and rates cards; 1: even users the one, odd the other
    start: asyncio.Event = field(default_factory=asyncio.Event)
    close: asyncio.Event = field(default_factory=asyncio.Event)  # set once the CPU times are read
    finished: int = 0  # users done acting
    setup: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(2))  # tabs opened at once
    tally: Tally = field(default_factory=Tally)


async def user(browser, number: int, name: str, run: Run) -> None:
    """One user: open their tabs and pick the profile, wait for the start, then act until the end."""
    tally = run.tally
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    demo = quiz = None
    try:
        async with run.setup:
            if run.tabs == 2 or number % 2 == 0:
                demo = await ready_page(context, run.base + DEMO, tally)
                await demo.get_by_role("slider", name="Threshold t").focus()
            if run.tabs == 2 or number % 2 == 1:
                quiz = await ready_page(context, run.base + QUIZ, tally)
                await pick_profile(quiz, name)
                await quiz.evaluate("document.activeElement.blur()")
        tally.rated[name] = 0
        await run.start.wait()
        deadline = time.monotonic() + run.seconds
        rng = random.Random(name)
        while time.monotonic() < deadline:
            if demo is not None:
                await act(demo, rng.choice(["ArrowRight", "ArrowLeft"]), REDRAWN, "slider", tally)
                await asyncio.sleep(run.think)
            if (
                quiz is not None
                and await quiz.locator(".st-key-reveal button").count()
                and await act(quiz, "Space", f"{REVEALED} && {IDLE}", "reveal", tally)
            ):
                await asyncio.sleep(run.think)
                if await act(quiz, rng.choice("234"), f"{RATED} && {IDLE}", "rate", tally):
                    tally.rated[name] += 1
            await asyncio.sleep(run.think)
        for page in (p for p in (demo, quiz) if p is not None):
            state = await page.locator('[data-testid="stApp"]').get_attribute("data-test-connection-state")
            if state != "CONNECTED":
                tally.errors.append(f"connection {state}")
        run.finished += 1
        await run.close.wait()  # keep the tabs (and their processes' CPU times) until they are read
    finally:
        await context.close()


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """The processes started, directly or not, by process ``pid``."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def tree_cpu(pid: int, exclude: int) -> dict[int, float]:
    """CPU seconds of ``pid`` and each process it started except ``exclude``, as far as they exist."""
    found = {}
    for child in [pid, *descendants(pid)]:
        if child != exclude:
            with suppress(OSError):
                found[child] = cpu_seconds(child)
    return found


def grown(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two :func:`tree_cpu` readings (by processes alive at the second)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def machine_busy_seconds() -> float:
    """CPU time every core of the machine has spent busy so far (all processes)."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


async def measure(users: list[int], seconds: float, think: float, tabs: int) -> None:
    """Run each number of users in turn on one server and print a line for each."""
    from playwright.async_api import async_playwright

    database = Path(tempfile.mkdtemp()) / "progress.sqlite"
    store = Store(database)
    names = {n: [f"load-{n}-{i}" for i in range(n)] for n in users}
    for group in names.values():
        for name in group:
            store.create_profile(name)
    print("slider, reveal, rate: p95 ms of each kind; CPU: share of one core (summed over the cores:")
    print("load = Chromium, its driver and this script, machine = every process); ms/act: server CPU per interaction")
    print(
        f"{date.today()}: {os.cpu_count()} cores, {seconds:.0f} s per run, think time {think} s, {tabs} tab(s) a user"
    )
    print(HEADER)
    with serving({"SPARSELAB_DB": str(database), "SPARSELAB_BANKS": ""}) as server:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
            for n in users:
                run = Run(server.url, seconds, think, tabs)
                tally = run.tally
                tasks = [asyncio.create_task(user(browser, i, name, run)) for i, name in enumerate(names[n])]
                while len(tally.rated) + sum(t.done() for t in tasks) < n:  # every user ready (or failed)
                    await asyncio.sleep(0.1)
                cpu_before, busy_before = cpu_seconds(server.process.pid), machine_busy_seconds()
                browser_before = tree_cpu(os.getpid(), server.process.pid)
                wall_before = time.monotonic()
                run.start.set()
                while run.finished + sum(t.done() for t in tasks) < n:
                    await asyncio.sleep(0.05)
                wall = time.monotonic() - wall_before
                server_cpu = cpu_seconds(server.process.pid) - cpu_before
                busy = (machine_busy_seconds() - busy_before) / wall
                browser_cpu = grown(browser_before, tree_cpu(os.getpid(), server.process.pid)) / wall
                run.close.set()
                for outcome in await asyncio.gather(*tasks, return_exceptions=True):
                    if isinstance(outcome, BaseException):
                        tally.errors.append(f"user failed: {outcome!r}")
                cpu = server_cpu / wall
                for name, count in tally.rated.items():
                    stored = len(store.reviews(next(p for p in store.list_profiles() if p.name == name)))
                    if stored != count:
                        tally.errors.append(f"{name}: {count} ratings shown, {stored} stored")
                every = [ms for kind in tally.latencies.values() for ms in kind]
                p95 = [f"{percentile(v, 95):.0f}" if v else "-" for v in tally.latencies.values()]
                print(
                    f"{n:5d}  {len(every):4d}  {percentile(every, 50):6.0f}  {percentile(every, 95):6.0f}"
                    f"  {p95[0]:>6}  {p95[1]:>6}  {p95[2]:>6}  {len(tally.errors):6d}"
                    f"  {cpu:10.0%}  {1000 * server_cpu / max(len(every), 1):6.0f}  {browser_cpu:11.0%}  {busy:11.0%}"
                )
                for error in sorted(set(tally.errors))[:5]:
                    print(f"       {error}")
            await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.0, help="pause after each interaction, in seconds")
    parser.add_argument(
        "--tabs",
        type=int,
        choices=(1, 2),
        default=2,
        help="2: each user has the demo and the quiz open and switches between them (two sessions each); "
        "1: one tab (one session) each, half the users on the demo, half on the quiz",
    )
    args = parser.parse_args()
    asyncio.run(measure(args.users, args.seconds, args.think, args.tabs))


if __name__ == "__main__":
    main()
