"""The threshold demo and the flashcards driven by the keyboard alone, in a real Chromium."""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from engine import bank
from engine.scheduling import Rating
from engine.store import Store
from tests.browser import launched_chromium, open_app, served_app, wait_idle

pytestmark = pytest.mark.browser
PROFILE = "keyboard"
IMAGES = '[...document.querySelectorAll(\'[data-testid="stMain"] [data-testid="stImage"] img\')].map(i => i.src)'


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "progress.sqlite"
    Store(path).create_profile(PROFILE)
    return path


@pytest.fixture(scope="module")
def base_url(database):
    with served_app({"SPARSELAB_DB": str(database), "SPARSELAB_BANKS": ""}) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as launched:
        yield launched


def metric(page, label: str) -> str:
    """The value of the metric whose label starts with ``label``."""
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def fraction(percent: str) -> float:
    return float(percent.rstrip("%")) / 100


def phi(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def test_keys_on_the_threshold_slider_redraw_the_plots_and_the_sparsity(base_url, browser):
    page = open_app(browser, base_url + "/demos?demo=threshold&dist=normal&n=1000000&threshold=0.5")
    try:
        thumb = page.get_by_role("slider", name="Threshold t")
        thumb.focus()
        for key, expected in [("ArrowRight", 0.51), ("ArrowLeft", 0.5), ("ArrowLeft", 0.49), ("End", 5), ("Home", -5)]:
            before = page.evaluate(IMAGES)
            assert len(before) == 3  # input, output and sparsity plots
            page.keyboard.press(key)
            wait_idle(page, f"{IMAGES}.every((src, i) => src !== arg[i])", before)
            t = float(thumb.input_value())
            assert t == pytest.approx(expected), key
            query = parse_qs(urlsplit(page.url).query)
            assert float(query["threshold"][0]) == pytest.approx(t)
            mu, sigma = float(query["mu"][0]), float(query["sigma"][0])
            zeros, n = (int(part.replace(",", "")) for part in metric(page, "Zero outputs").inner_text().split("/"))
            assert n == 1_000_000
            measured = fraction(metric(page, "Sparsity").inner_text())
            exact = phi((t - mu) / sigma)
            # Within 4 standard errors of P(x <= t) for n samples, plus the display's rounding.
            assert abs(measured - exact) <= 4 * math.sqrt(exact * (1 - exact) / n) + 5e-5, (t, measured, exact)
            assert abs(fraction(metric(page, "Closed form").inner_text()) - exact) <= 5e-5
            assert abs(zeros / n - measured) <= 5e-5
    finally:
        page.close()


HEADING = "document.querySelector('[data-testid=\"stMain\"] h3')?.innerText"


def plain_start(markdown: str) -> str:
    """The start of a Markdown text up to its first markup, as it reads on screen."""
    return re.split(r"[$`*_\\[]", markdown)[0].strip()


def test_flashcards_reveal_and_rate_by_keyboard_and_each_review_is_stored(base_url, browser, database):
    store = Store(database)
    [profile] = [p for p in store.list_profiles() if p.name == PROFILE]
    questions = {q.id: q for q in bank.load().questions}
    page = open_app(browser, base_url + "/quiz")
    try:
        for count, (digit, rating) in enumerate((("3", Rating.Good), ("1", Rating.Again)), start=1):
            page.locator(".st-key-reveal button").wait_for()
            asked = page.evaluate(HEADING)
            page.keyboard.press("Space")
            wait_idle(page, "document.querySelector('.st-key-rate-good button') !== null")
            assert page.locator(".st-key-reveal button").count() == 0
            assert page.locator("[class*='st-key-rate-'] button").count() == 4
            page.keyboard.press(digit)
            next_card = f"document.querySelector('.st-key-reveal button') !== null && {HEADING} !== arg"
            wait_idle(page, next_card, asked)
            reviews = store.reviews(profile)
            assert len(reviews) == count
            assert (reviews[-1].rating, reviews[-1].mode) == (rating, "flashcard")
            assert asked.startswith(plain_start(questions[reviews[-1].question_id].question.en))
        assert reviews[0].question_id != reviews[1].question_id
    finally:
        page.close()
