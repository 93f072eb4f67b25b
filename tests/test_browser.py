"""The app in a real Chromium: every page renders with no exception and no console error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import launched_chromium, served_app, wait_idle

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with served_app({"SPARSELAB_DB": str(tmp_path_factory.mktemp("db") / "progress.sqlite")}) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as launched:
        yield launched


# Opened at a page's own path, Streamlit's client first probes <path>/_stcore/... for a
# base path and falls back to /_stcore/... on 404: expected, and not an app error.
BASE_PATH_PROBE = re.compile(r"/[^/]+/_stcore/(health|host-config)$")


def console_error(message) -> bool:
    # Failed loads are judged from the responses themselves (see `bad`).
    return message.type == "error" and not message.text.startswith("Failed to load resource")


def bad(response) -> bool:
    return response.status >= 400 and not BASE_PATH_PROBE.search(response.url.split("?")[0])


def open_page(browser, url: str, *, width: int = 1280, dark: bool = False):
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme="dark" if dark else "light")
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if console_error(message) else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}") if bad(response) else None)
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stHeading"], [data-testid="stMain"] h1, h3')
    return page, errors


PAGES = {
    "questions": "/",
    "question-zh": "/?q=seed-q6-implement-sparse-activation&lang=zh",
    "demo": "/demos?demo=threshold&dist=normal&threshold=0.8",
    "demo-zoo": "/demos?demo=zoo",
    "demo-dense-layer": "/demos?demo=dense_layer",
    "demo-training": "/demos?demo=training",
    "demo-speed": "/demos?demo=speed&d_in=1024&d_out=1024",
    "demo-moe": "/demos?demo=moe",
    "demo-sparse-conv": "/demos?demo=sparse_conv",
    "quiz": "/quiz",
    "exercises": "/exercises",
    "exercise": "/exercises?exercise=code-thresholded-relu",
    "progress": "/progress",
}


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize(
    ("width", "dark"), [(1280, False), (1280, True), (390, False)], ids=["light", "dark", "narrow"]
)
def test_page_renders_without_errors(base_url, browser, name, width, dark):
    page, errors = open_page(browser, base_url + PAGES[name], width=width, dark=dark)
    try:
        # The run has finished (any exception shown) and no element waits for its code to load.
        wait_idle(page, "!document.querySelector('[data-testid^=\"stSkeleton\"]')", timeout=120_000)
        page.wait_for_timeout(300)  # images decoded and laid out for the screenshot
        assert page.locator('[data-testid="stException"]').count() == 0
        assert errors == []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        variant = "narrow" if width < 600 else ("dark" if dark else "light")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{variant}.png"), full_page=True)
    finally:
        page.close()


def test_deep_link_shows_the_question_in_chinese(base_url, browser):
    page, _ = open_page(browser, base_url + PAGES["question-zh"])
    try:
        page.get_by_role("heading", name=re.compile("实现一个稀疏激活函数")).wait_for()
        page.get_by_role("button", name="显示答案").wait_for()
        assert page.get_by_role("button", name="Show answer").count() == 0
    finally:
        page.close()


def test_demo_link_sets_the_slider_and_the_sparsity_metric(base_url, browser):
    page, _ = open_page(browser, base_url + PAGES["demo"])
    try:
        page.locator('[data-testid="stMetric"]').first.wait_for()
        metric = page.locator('[data-testid="stMetric"]').filter(has_text="Sparsity")
        value = float(metric.locator('[data-testid="stMetricValue"]').inner_text().rstrip("%"))
        assert abs(value - 78.81) < 0.5  # Φ(0.8) = 0.7881, 100,000 samples
    finally:
        page.close()
