"""Question files added in the browser: validated exactly like bank files, on top of the bank."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from engine import bank
from engine.bank import Bank, Problem

MAX_FILES = 20


@dataclass(frozen=True)
class Upload:
    """One uploaded question file.

    Attributes:
        name: the file name as the user's browser gave it.
        data: its bytes.
        digest: SHA-256 of ``data``, hex (identifies the content for caching).
    """

    name: str
    data: bytes
    digest: str

    @classmethod
    def of(cls, name: str, data: bytes) -> Upload:
        """An upload of ``data`` named ``name``."""
        return cls(name, data, hashlib.sha256(data).hexdigest())

    @property
    def label(self) -> str:
        """How problems name the file: it has no path on this machine."""
        return f"{self.name} (uploaded)"


def with_uploads(base: Bank, uploads: Sequence[Upload]) -> Bank:
    """``base`` plus the good questions of each upload, in order.

    Each file is validated as a bank file is (:func:`engine.bank.load_text`), with the same size
    limit. A question whose id is already taken, by the bank or by an earlier upload, is left out
    and reported at its line, naming where the id was first used.
    """
    merged = Bank(list(base.questions), list(base.problems), list(base.files))
    seen = {q.id: "the bank" for q in base.questions}
    for upload in uploads[:MAX_FILES]:
        merged.files.append(upload.label)
        if len(upload.data) > bank.MAX_FILE_BYTES:
            limit = bank.MAX_FILE_BYTES // 2**20
            merged.problems.append(Problem(upload.label, 1, f"file is larger than {limit} MiB"))
            continue
        questions, problems = bank.load_text(upload.data, upload.label)
        merged.problems += problems
        for question, line in questions:
            if question.id in seen:
                message = f"id {question.id!r} is already used by {seen[question.id]}; rename it to add the question"
                merged.problems.append(Problem(upload.label, line, message))
                continue
            seen[question.id] = f"{upload.label}:{line}"
            merged.questions.append(question)
    for upload in uploads[MAX_FILES:]:
        merged.problems.append(Problem(upload.label, 1, f"at most {MAX_FILES} files can be added at once"))
    return merged
