"""Question files added in the browser: validated like the bank, clashing ids reported."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from engine import bank
from engine.uploads import MAX_FILES, Upload, with_uploads
from tests.pages import session
from ui.state import UPLOADS

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
EXAMPLE = (ROOT / "questions" / "README.md").read_text(encoding="utf-8").split("```yaml\n")[1].split("```")[0]
BASE = bank.load()


def example(question_id: str, **changes: object) -> bytes:
    """The README's example question under another id."""
    [question] = yaml.safe_load(EXAMPLE)
    question.update(id=question_id, **changes)
    return yaml.safe_dump([question], allow_unicode=True).encode()


def test_a_good_file_adds_its_questions_after_the_bank():
    merged = with_uploads(BASE, [Upload.of("mine.yaml", example("my-question"))])
    assert merged.problems == BASE.problems
    assert [q.id for q in merged.questions] == [q.id for q in BASE.questions] + ["my-question"]
    assert merged.files[-1] == "mine.yaml (uploaded)"
    assert len(BASE.questions) == len(bank.load().questions)  # the bank itself is untouched


def test_an_id_of_the_bank_or_of_an_earlier_upload_is_reported_and_left_out():
    taken = BASE.questions[0].id
    first = Upload.of("a.yaml", example("shared-id"))
    clashing = example(taken) + example("shared-id")
    second_line = clashing.decode().splitlines().index("- answer:", 1) + 1
    merged = with_uploads(BASE, [first, Upload.of("b.yaml", clashing)])
    messages = [str(p) for p in merged.problems[len(BASE.problems) :]]
    assert messages == [
        f"b.yaml (uploaded):1: id {taken!r} is already used by the bank; rename it to add the question",
        f"b.yaml (uploaded):{second_line}: id 'shared-id' is already used by a.yaml (uploaded):1;"
        " rename it to add the question",
    ]
    assert [q.id for q in merged.questions].count("shared-id") == 1
    assert [q.id for q in merged.questions].count(taken) == 1


def test_broken_and_oversized_files_are_reported_with_their_line():
    broken = Upload.of("broken.yaml", b"- id: x\n  topic: a: b\n")
    huge = Upload.of("huge.yaml", b"#" * (bank.MAX_FILE_BYTES + 1))
    merged = with_uploads(BASE, [broken, huge])
    new = merged.problems[len(BASE.problems) :]
    assert [p.path for p in new] == ["broken.yaml (uploaded)", "huge.yaml (uploaded)"]
    assert new[0].line == 2
    assert "larger than 5 MiB" in new[1].message
    assert merged.questions == BASE.questions


def test_more_files_than_the_limit_are_refused_by_name():
    files = [Upload.of(f"f{i}.yaml", example(f"q-{i}")) for i in range(MAX_FILES + 2)]
    merged = with_uploads(BASE, files)
    assert len(merged.questions) == len(BASE.questions) + MAX_FILES
    refused = [p for p in merged.problems if "at most" in p.message]
    assert [p.path for p in refused] == [f"f{i}.yaml (uploaded)" for i in (MAX_FILES, MAX_FILES + 1)]


def test_the_app_serves_uploaded_questions_as_text_and_names_the_broken_file():
    hostile = example(
        "my-hostile",
        question={"en": "Is <script>alert(1)</script> shown as text?", "zh": "<img src=x onerror=alert(1)> 是文本吗？"},
    )
    at = session(q="my-hostile")
    at.session_state[UPLOADS] = (Upload.of("mine.yaml", hostile), Upload.of("bad.yaml", b"- [\n"))
    at.run()
    assert not at.exception, at.exception
    assert any("<script>alert(1)</script>" in m.value for m in at.markdown)
    assert "1 bank file(s) could not be loaded" in at.expander[0].label
    assert "bad.yaml (uploaded):" in at.code[0].value
    assert os.environ["SPARSELAB_DB"]  # progress stays in the test's own database
