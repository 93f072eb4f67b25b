"""A bank file full of markup served through SPARSELAB_BANKS: shown as text, nothing runs."""

from __future__ import annotations

import subprocess
import sys

import pydantic
import pytest
import yaml

from engine.schema import Reference
from tests.browser import ROOT, goto_app, launched_chromium, served_app, wait_idle

pytestmark = pytest.mark.browser
QUESTION_ID = "hostile-markup"


def hostile(field: str) -> str:
    """Text that would run code in ``field``'s name if the page made HTML or links of it."""
    mark = f"window.__pwned='{field}'"
    return (
        f"{field} <script>{mark}</script> and <img src=x onerror={mark}> and <svg onload=alert('{field}')></svg> "
        f'and [{field} link](javascript:{mark}) and <a href="javascript:{mark}">{field} anchor</a>'
    )


def localized(field: str) -> dict[str, str]:
    return {"en": hostile(field), "zh": hostile(field)}


QUESTION = {
    "id": QUESTION_ID,
    "topic": "fundamentals",
    "difficulty": "easy",
    "kind": "concept",
    "source": "original",
    "question": localized("question"),
    "answer": localized("answer"),
    "explanation": localized("explanation"),
    "key_points": [localized(f"point{i}") for i in range(3)],
    "correction": localized("correction"),
    "follow_ups": [localized("followup")],
    "references": [
        {
            "title": hostile("reference"),
            "authors": [hostile("author")],
            "year": 2020,
            "venue": hostile("venue"),
            # A URL may not hold spaces or start with javascript:, but it may try to close the link.
            "url": "https://example.org/)[reflink](javascript:window.__pwned='url')",
        }
    ],
}
FIELDS = ["question", "answer", "explanation", "point0", "correction", "followup", "reference", "author", "venue"]


def test_the_schema_refuses_a_javascript_url():
    with pytest.raises(pydantic.ValidationError):
        Reference(title="t", authors=["a"], year=2020, venue="v", url="javascript:alert(1)")


@pytest.fixture(scope="module")
def bank_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("banks")
    (folder / "hostile.yaml").write_text(yaml.safe_dump([QUESTION], allow_unicode=True), encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "engine", "check", str(folder)], cwd=ROOT, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return folder


@pytest.fixture(scope="module")
def base_url(bank_folder, tmp_path_factory):
    env = {"SPARSELAB_BANKS": str(bank_folder), "SPARSELAB_DB": str(tmp_path_factory.mktemp("db") / "p.sqlite")}
    with served_app(env) as url:
        yield url


def test_a_hostile_question_is_shown_as_text_and_runs_nothing(base_url):
    with launched_chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        goto_app(page, f"{base_url}/?q={QUESTION_ID}")
        main = page.locator('[data-testid="stMain"]')
        page.locator(".st-key-reveal button").click()
        wait_idle(page, "document.body.innerText.includes('point0')")
        main.get_by_text("Follow-up questions").click()
        page.get_by_text("followup <script>").wait_for()
        text = main.inner_text()
        for field in FIELDS:
            assert f"{field} <script>" in text, field
        assert "onerror=window.__pwned" in text
        assert main.locator("script, iframe, svg[onload], img[src='x'], [onerror]").count() == 0
        links = main.locator("a")
        hrefs = [(links.nth(i).get_attribute("href") or "").strip().lower() for i in range(links.count())]
        assert hrefs and not any(href.startswith("javascript:") for href in hrefs)
        for name in ("question link", "answer link", "reference link"):
            main.get_by_text(name, exact=True).click()
        assert page.evaluate("window.__pwned") is None
        assert dialogs == []
