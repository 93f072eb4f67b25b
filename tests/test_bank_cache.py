"""Reloading the bank validates only the files whose content changed."""

from __future__ import annotations

from pathlib import Path

from engine import bank

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "questions" / "README.md").read_text(encoding="utf-8").split("```yaml\n")[1].split("```")[0]


def counting(monkeypatch) -> list[str]:
    validated: list[str] = []
    load_text = bank.load_text

    def spy(data, name):
        validated.append(Path(name).name)
        return load_text(data, name)

    monkeypatch.setattr(bank, "load_text", spy)
    return validated


def test_only_changed_files_are_validated_again(tmp_path, monkeypatch):
    bank.forget()
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(EXAMPLE, encoding="utf-8")
    b.write_text(EXAMPLE.replace("relu-sparsity-at-init", "second"), encoding="utf-8")
    validated = counting(monkeypatch)
    first = bank.load([tmp_path])
    assert validated == ["a.yaml", "b.yaml"]
    again = bank.load([tmp_path])
    assert validated == ["a.yaml", "b.yaml"]  # nothing read twice
    assert [q.id for q in again.questions] == [q.id for q in first.questions] == ["relu-sparsity-at-init", "second"]
    b.write_text(EXAMPLE.replace("relu-sparsity-at-init", "third"), encoding="utf-8")  # same size, maybe same mtime
    changed = bank.load([tmp_path])
    assert validated == ["a.yaml", "b.yaml", "b.yaml"]
    assert [q.id for q in changed.questions] == ["relu-sparsity-at-init", "third"]


def test_problems_are_reported_again_from_the_cache(tmp_path):
    bank.forget()
    (tmp_path / "broken.yaml").write_text("- id: [oops\n", encoding="utf-8")
    first = bank.load([tmp_path])
    second = bank.load([tmp_path])
    assert [str(p) for p in second.problems] == [str(p) for p in first.problems] != []


def test_the_cache_holds_a_bounded_number_of_files(tmp_path, monkeypatch):
    bank.forget()
    monkeypatch.setattr(bank, "MAX_CACHED_FILES", 3)
    for i in range(5):
        (tmp_path / f"{i}.yaml").write_text(EXAMPLE.replace("relu-sparsity-at-init", f"q{i}"), encoding="utf-8")
    assert len(bank.load([tmp_path]).questions) == 5
    validated = counting(monkeypatch)
    bank.load([tmp_path / "4.yaml"])
    bank.load([tmp_path / "0.yaml"])
    assert validated == ["0.yaml"]  # the most recent files stayed, the oldest went
