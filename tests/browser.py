"""Starting the app for browser tests: a real `streamlit run` on a free port, and a Chromium to drive it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
IDLE = "document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'"
"""True in the page once the app's script has finished its run."""


def chromium() -> str:
    """The Chromium to drive; skip (or fail, with SPARSELAB_REQUIRE_BROWSER=1) without one."""
    found = next((path for path in CHROMIUM_CANDIDATES if Path(path).exists()), None) or shutil.which("chromium")
    if found:
        return found
    if os.environ.get("SPARSELAB_REQUIRE_BROWSER") == "1":
        pytest.fail("no Chromium found and SPARSELAB_REQUIRE_BROWSER=1")
    pytest.skip("no Chromium on this machine")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(base: str) -> bool:
    """Whether the server at ``base`` answers its health check."""
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass(frozen=True)
class Server:
    """A running `streamlit run`: its base URL and its process."""

    url: str
    process: subprocess.Popen


@contextmanager
def serving(env: dict[str, str] | None = None, script: str = "app.py", *, poll: float = 0.2) -> Iterator[Server]:
    """`streamlit run <script>` headless on a free port, once healthy (checked every ``poll``
    seconds). Its output goes to a file, so a chatty server never blocks on a full pipe."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while not healthy(base):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"streamlit did not become healthy:\n{log.read().decode(errors='replace')}")
                time.sleep(poll)
            yield Server(base, process)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def served_app(env: dict[str, str] | None = None, script: str = "app.py") -> Iterator[str]:
    """`streamlit run <script>` headless on a free port; yields its base URL once healthy."""
    with serving(env, script) as server:
        yield server.url


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """A headless Chromium with a fresh profile, driven by Playwright's sync API."""
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_idle(page: Any, condition: str = "true", arg: Any = None, timeout: float = 60_000) -> None:
    """Wait until ``condition`` (JavaScript, which may read ``arg``) holds and the app's script is
    not running. Pass a condition that shows the rerun happened: the page is idle before it starts."""
    page.wait_for_function(f"arg => ({condition}) && {IDLE}", arg=arg, timeout=timeout, polling=50)


HEADING = '[data-testid="stMain"] h1, [data-testid="stMain"] h3'


def goto_app(page: Any, url: str, ready: str = HEADING) -> None:
    """Open ``url`` in ``page``; return once ``ready`` (a selector) shows and the first run has finished."""
    page.goto(url)
    page.wait_for_selector(ready, timeout=60_000)
    wait_idle(page)


def open_app(browser: Any, url: str, ready: str = HEADING, **options: Any) -> Any:
    """A new page (``options`` for Playwright's ``new_page``) with the app at ``url``, ready."""
    page = browser.new_page(**{"viewport": {"width": 1280, "height": 900}, **options})
    goto_app(page, url, ready)
    return page
