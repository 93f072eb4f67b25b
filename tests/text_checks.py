"""Checks on interface text shared by the demo tests."""

from __future__ import annotations

import re
from collections.abc import Mapping

CJK = r"[\u4e00-\u9fff]"
NOT_PROSE = re.compile(r"`[^`]*`|\$[^$]*\$|\{[^}]*\}")  # inline code, LaTeX, format fields


def ascii_punctuation(mapping: Mapping[str, str], *, anywhere: bool = False) -> list[str]:
    """Keys of Chinese strings with ASCII punctuation in their prose: next to a Chinese
    character, or ``anywhere`` at all."""
    pattern = r"[,;:()]" if anywhere else CJK + r"[,.;:()]|[,;:()]" + CJK
    return [key for key, value in mapping.items() if re.search(pattern, NOT_PROSE.sub("", value))]
