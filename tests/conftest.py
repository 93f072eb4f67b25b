"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's extra banks or progress database."""
    monkeypatch.delenv("SPARSELAB_BANKS", raising=False)
    monkeypatch.setenv("SPARSELAB_DB", str(tmp_path / "progress.sqlite"))
    monkeypatch.chdir(ROOT)
    os.environ.setdefault("MPLBACKEND", "Agg")
