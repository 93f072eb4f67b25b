"""Adding a question file in a real Chromium: its questions join the bank, shown as text only."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from tests.browser import CHROMIUM_ARGS, chromium, served_app

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "questions" / "README.md").read_text(encoding="utf-8").split("```yaml\n")[1].split("```")[0]
HOSTILE = (
    "Is <script>window.__pwned = 1</script> plain text? <img src=x onerror='window.__pwned = 2'> "
    "[click me](javascript:window.__pwned=3)"
)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with (
        served_app({"SPARSELAB_DB": str(tmp_path_factory.mktemp("db") / "progress.sqlite")}) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url)
        page.wait_for_selector('[data-testid="stMain"] h1')
        page.dialogs = dialogs
        yield page
        browser.close()


def settle(page) -> None:
    """Wait until the app has finished its rerun."""
    time.sleep(0.3)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def test_an_uploaded_file_adds_its_question_as_text_and_runs_nothing(page, tmp_path):
    [question] = yaml.safe_load(EXAMPLE)
    question.update(id="my-uploaded-question", question={"en": HOSTILE, "zh": HOSTILE})
    good = tmp_path / "mine.yaml"
    good.write_text(yaml.safe_dump([question], allow_unicode=True), encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("- id: x\n  topic: a: b\n", encoding="utf-8")

    page.get_by_text("Add your own questions").click()
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', [good, broken])
    settle(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("<script>window.__pwned = 1</script> plain text?", exact=False).wait_for()
    assert "onerror='window.__pwned = 2'" in main.inner_text()  # the tag is shown, not made
    assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
    hrefs = [a.get_attribute("href") or "" for a in main.locator("a").all()]
    assert not any(h.strip().lower().startswith("javascript:") for h in hrefs)
    main.get_by_text("click me").click()
    settle(page)
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    page.get_by_text("1 bank file(s) could not be loaded").click()
    assert "broken.yaml (uploaded):2:" in page.locator('[data-testid="stCode"]').inner_text()
