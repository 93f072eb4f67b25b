"""Opening the app's pages under AppTest, as a user would from a link."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def session(timeout: float = 60, **query: str) -> AppTest:
    """An app session, started, then pointed at ``?<query>`` (run it next).

    A session's first run ends in a rerun (see ``ui/shell.py``), which AppTest replays under other
    widget ids than a browser does; starting the session first keeps that out of the tests.
    Deep links on a session's first run are tested in a real browser (``tests/test_browser*.py``).
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    at.query_params.update(query)
    return at


def open_demo(name: str, lang: str = "en", timeout: float = 120, **query: str) -> AppTest:
    """The demos page opened at ``/demos?demo=<name>&lang=<lang>&<query>``, run once, with no exception."""
    at = session(timeout, demo=name, lang=lang, **query)
    at.run()
    at.switch_page("pages/demos.py").run()
    assert not at.exception, at.exception
    return at
