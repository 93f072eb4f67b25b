"""Markdown clean-up before display."""

from __future__ import annotations

import re

CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_WRAPPED = re.compile(rf"(?<=[{CJK}])\n[ \t]*(?=[{CJK}])")
_FENCE = re.compile(r"(^[ \t]*```.*?^[ \t]*```)", re.MULTILINE | re.DOTALL)


def unwrap_cjk(markdown: str) -> str:
    """Join lines broken between two Chinese characters.

    Markdown turns a line break inside a paragraph into a space, which is right
    between English words and wrong between Chinese characters. Code blocks are
    left as they are.
    """
    parts = _FENCE.split(markdown)
    return "".join(part if i % 2 else _WRAPPED.sub("", part) for i, part in enumerate(parts))
