"""Interface strings in English and Chinese, one module per part of the app.

Each module here holds ``STRINGS: dict[key, {"en": ..., "zh": ...}]``; :func:`merged` joins them.
"""

from __future__ import annotations

import importlib
import pkgutil


def merged() -> dict[str, dict[str, str]]:
    """Every module's strings in one dict; a key defined twice is an error."""
    joined: dict[str, dict[str, str]] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        for key, entry in importlib.import_module(f"{__name__}.{module}").STRINGS.items():
            if key in joined:
                raise KeyError(f"interface string {key!r} is defined twice (again in engine/strings/{module}.py)")
            joined[key] = entry
    return joined
