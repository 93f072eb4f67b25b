"""Loading and checking bank files: every kind of broken file gets `path:line: message`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from engine import bank

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "questions" / "README.md").read_text(encoding="utf-8").split("```yaml\n")[1].split("```")[0]
LINE = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+): (?P<message>.+)$")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def write(tmp_path: Path, text: str, name: str = "bank.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check_one(path: Path) -> tuple[int, str]:
    """Run `check` on a broken file; return (line, message) of its single problem."""
    result = run_cli("check", str(path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, lines
    match = LINE.match(lines[0])
    assert match, lines[0]
    assert match["path"].endswith(path.name)
    return int(match["line"]), match["message"]


def test_the_readme_example_is_a_valid_bank_file(tmp_path):
    result = run_cli("check", str(write(tmp_path, EXAMPLE)))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("ok: 1 questions")


def test_the_shipped_bank_is_valid():
    result = run_cli("check")
    assert result.returncode == 0, result.stdout
    assert "Traceback" not in result.stderr


def test_invalid_yaml(tmp_path):
    text = EXAMPLE.replace("  tags: [relu, initialisation]", "  tags: [relu, initialisation")
    line, message = check_one(write(tmp_path, text))
    assert message.startswith("invalid YAML")
    assert line_of(text, "tags: [relu") <= line <= line_of(text, "tags: [relu") + 2


def test_unknown_field(tmp_path):
    text = EXAMPLE.replace("  tags: [relu, initialisation]\n", "  tags: [relu, initialisation]\n  colour: red\n")
    assert check_one(write(tmp_path, text)) == (
        line_of(text, "colour: red"),
        "relu-sparsity-at-init: unknown field 'colour'",
    )


def test_missing_required_field(tmp_path):
    start = EXAMPLE.index("  explanation:")
    text = EXAMPLE[:start] + EXAMPLE[EXAMPLE.index("  key_points:") :]
    line, message = check_one(write(tmp_path, text))
    assert (line, message) == (1, "relu-sparsity-at-init: missing required field 'explanation'")


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        (
            "difficulty: easy",
            "difficulty: extreme",
            "difficulty:",
            "difficulty: input should be 'easy', 'medium' or 'hard'",
        ),
        ("      year: 2011", "      year: soon", "year: soon", "references.0.year: input should be a valid integer"),
        ("  tags: [relu, initialisation]", "  tags: relu", "tags: relu", "tags: input should be a valid list"),
        (
            "      answer: 0.8413",
            "      answer: [1]",
            "answer: [1]",
            "quiz.numeric.answer: input should be a valid number",
        ),
    ],
)
def test_wrong_type(tmp_path, old, new, needle, expected):
    text = EXAMPLE.replace(old, new)
    line, message = check_one(write(tmp_path, text))
    assert line == line_of(text, needle)
    assert message.startswith("relu-sparsity-at-init: " + expected), message


def test_missing_language(tmp_path):
    text = EXAMPLE.replace("    zh: 大约一半。激活前的值大致关于零对称,ReLU 把负的一半置为零。\n", "")
    assert text != EXAMPLE
    line, message = check_one(write(tmp_path, text))
    assert message == "relu-sparsity-at-init: missing language 'zh' in answer"
    assert line == line_of(text, "  answer:")


def test_duplicate_id_across_files(tmp_path):
    first = write(tmp_path, EXAMPLE, "a.yaml")
    second = write(tmp_path, "# another file\n" + EXAMPLE, "b.yaml")
    result = run_cli("check", str(first), str(second))
    assert result.returncode == 1
    [problem] = result.stdout.strip().splitlines()
    assert re.match(r".*b\.yaml:2: duplicate id 'relu-sparsity-at-init' \(first at .*a\.yaml:1\)$", problem)


def test_unknown_demo(tmp_path):
    text = EXAMPLE.replace("    name: threshold", "    name: warp_drive")
    line, message = check_one(write(tmp_path, text))
    assert line == line_of(text, "name: warp_drive")
    assert message.startswith("relu-sparsity-at-init: demo: unknown demo 'warp_drive'")


def test_demo_parameter_out_of_range(tmp_path):
    text = EXAMPLE.replace("params: {dist: normal, threshold: 0.0}", "params: {dist: normal, threshold: 9.5}")
    line, message = check_one(write(tmp_path, text))
    assert line == line_of(text, "params: {dist")
    assert message == "relu-sparsity-at-init: demo.threshold: 9.5 is outside [-5, 5]"


def test_unknown_demo_parameter(tmp_path):
    text = EXAMPLE.replace("params: {dist: normal, threshold: 0.0}", "params:\n      dist: normal\n      warp: 9")
    line, message = check_one(write(tmp_path, text))
    assert line == line_of(text, "warp: 9")
    assert message == "relu-sparsity-at-init: demo.warp: unknown parameter"


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"", 1, "the file holds no questions"),
        (b"id: x\ntopic: y\n", 1, "a bank file must be a YAML list"),
        (b"- 42\n", 1, "item 1 is not a question"),
        (b"- id: a\n  id: b\n", 2, "duplicate key 'id'"),
        (b"- !!python/object/apply:os.system ['echo pwned']\n", 1, "invalid YAML"),
        (b"# fine\n- id: \xff\xfe\n", 2, "not UTF-8 text"),
    ],
)
def test_other_broken_files(tmp_path, content, line, message):
    path = tmp_path / "bank.yaml"
    path.write_bytes(content)
    got_line, got_message = check_one(path)
    assert got_line == line
    assert message in got_message


def test_alias_bomb_is_rejected_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    _, message = check_one(write(tmp_path, "\n".join(lines) + "\n"))
    assert "expands to over" in message


def test_a_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeff".encode() + EXAMPLE.encode())
    assert run_cli("check", str(path)).returncode == 0


def test_a_missing_path_is_a_problem_not_a_crash(tmp_path):
    result = run_cli("check", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stdout.strip().endswith("nowhere:1: no such file or folder")


def test_good_questions_load_beside_a_broken_file(tmp_path):
    write(tmp_path, EXAMPLE, "good.yaml")
    write(tmp_path, "- id: [oops\n", "broken.yaml")
    loaded = bank.load([tmp_path])
    assert [q.id for q in loaded.questions] == ["relu-sparsity-at-init"]
    assert loaded.broken_files() == [str(tmp_path / "broken.yaml")]


def test_bank_folders_from_the_environment_are_added(tmp_path, monkeypatch):
    write(tmp_path, EXAMPLE.replace("relu-sparsity-at-init", "my-own-question"), "mine.yaml")
    monkeypatch.setenv("SPARSELAB_BANKS", str(tmp_path))
    ids = {q.id for q in bank.load().questions}
    assert "my-own-question" in ids
    assert "seed-q1-what-is-sparse-activation" in ids


def test_export_json_is_the_whole_bank_with_schema_field_names():
    result = run_cli("export", "--format", "json")
    assert result.returncode == 0, result.stderr
    exported = json.loads(result.stdout)
    loaded = bank.load()
    assert [q["id"] for q in exported] == [q.id for q in loaded.questions]
    seed = next(q for q in exported if q["id"] == "seed-q6-implement-sparse-activation")
    assert set(seed) >= {"id", "topic", "difficulty", "kind", "question", "answer", "explanation", "key_points"}
    assert seed["demo"] == {
        "name": "threshold",
        "params": {"dist": "normal", "threshold": 0.5, "mu": 0.0, "sigma": 1.0},
    }
    assert seed["question"]["zh"] == "实现一个稀疏激活函数。"


def test_export_of_a_given_file(tmp_path):
    result = run_cli("export", "--format", "json", str(write(tmp_path, EXAMPLE)))
    assert [q["id"] for q in json.loads(result.stdout)] == ["relu-sparsity-at-init"]
