"""Opening the app's pages under AppTest, as a user would from a link."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_demo(name: str, lang: str = "en", timeout: float = 120, **query: str) -> AppTest:
    """The demos page opened at ``/demo?demo=<name>&lang=<lang>&<query>``, run once, with no exception."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params.update({"demo": name, "lang": lang, **query})
    at.run()
    at.switch_page("pages/demos.py").run()
    assert not at.exception, at.exception
    return at
