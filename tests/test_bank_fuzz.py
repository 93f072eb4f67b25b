"""Hostile and malformed bank files: each is loaded or refused with `path:line: message`, never a
traceback, never code run, in bounded time and memory.

Hypothesis runs a short form here; ``SPARSELAB_FUZZ_SCALE=50`` runs fifty times as many examples.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import bank, yaml_lines
from engine.schema import Question

ROOT = Path(__file__).resolve().parent.parent
SCALE = int(os.environ.get("SPARSELAB_FUZZ_SCALE", "1"))
EXAMPLE = (ROOT / "questions" / "README.md").read_text(encoding="utf-8").split("```yaml\n")[1].split("```")[0]
REAL_FILES = sorted((ROOT / "questions").glob("*.yaml"))
REAL_DATA = [json.dumps(yaml.safe_load(path.read_text(encoding="utf-8"))) for path in REAL_FILES]
PROBLEM = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+): (?P<message>[^\n]+)$")
NAME = "fuzz.yaml"
YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a new line


def fuzz(examples: int):
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        derandomize=SCALE == 1,  # the short form is the same every run
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def check(data: bytes | str, seconds: float = 5.0) -> tuple[list[Question], list[bank.Problem]]:
    """Load ``data`` as a bank file and assert the contract every file must meet."""
    start = time.perf_counter()
    good, problems = bank.load_text(data, NAME)
    assert time.perf_counter() - start < seconds
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    last_line = len(YAML_BREAK.findall(text)) + 1
    for question, line in good:
        assert isinstance(question, Question)
        assert 1 <= line <= last_line
    for problem in problems:
        assert 1 <= problem.line <= last_line, problem
        match = PROBLEM.match(str(problem))
        assert match and match["path"] == NAME, str(problem)
        assert len(problem.message) <= bank.MAX_MESSAGE
    return [q for q, _ in good], problems


# ---------------------------------------------------------------- generated files

TOKENS = [
    "- ", "id: ", "topic: ", "question: ", "en: ", "zh: ", ": ", ":", "\n", "\n  ", "\n    ", "  ", "\t",
    "[", "]", "{", "}", ",", "&a ", "*a", "&b ", "*b", "<<: ", "? ", "---\n", "...\n", "# note\n", "|\n",
    ">-\n", "'", '"', "\\", "!!str ", "!!int ", "!!binary ", "!!set ", "!!omap ", "!local ", "!<tag:x.org,1:y> ",
    "!!python/object/apply:os.system ", "!!python/name:builtins.exec ", "%YAML 1.1\n", "%TAG !e! tag:e.org:\n",
    "x", "relu", "阈值", "0", "-1", "1e999", ".nan", "~", "null", "yes", "2001-12-14", "2001-13-45", "0x1F",
    "\x00", "\x07", "\u2028", "\ufeff", "\U0001f600", "\ud800",
]  # fmt: skip


@fuzz(400)
@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
def test_token_soup(text):
    check(text)
    check(text.encode("utf-8", "surrogatepass"))


@fuzz(200)
@given(st.binary(max_size=3000))
def test_binary_junk(data):
    check(data)


ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "utf-8-sig", "gb18030"]


@fuzz(150)
@given(st.sampled_from(ENCODINGS), st.text(max_size=300), st.booleans())
def test_other_encodings(encoding, text, with_example):
    data = (EXAMPLE + text) if with_example else text
    try:
        encoded = data.encode(encoding)
    except UnicodeEncodeError:
        encoded = data.encode(encoding, "replace")
    questions, problems = check(encoded)
    if encoding.startswith(("utf-16", "utf-32")) and data.strip():
        assert not questions
        assert any("not UTF-8" in p.message for p in problems)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=40),
    st.text(alphabet="ab-1 \n:#'\"", max_size=20),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), children, max_size=5),
    ),
    max_leaves=40,
)


def same(a, b) -> bool:
    """Equal, with NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@fuzz(300)
@given(documents, st.booleans())
def test_the_parser_reads_what_safe_load_reads(document, flow):
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    expected = yaml.safe_load(text)
    data, item_lines = yaml_lines.parse(text)
    assert same(data, expected)
    if isinstance(data, list):
        assert len(item_lines) == len(data)
        assert item_lines == sorted(item_lines)
    check(text)


# ---------------------------------------------------------------- mutated real files


@st.composite
def mutated_real_file(draw) -> str:
    """A real bank file with lines deleted, duplicated, swapped, re-indented or altered."""
    lines = draw(st.sampled_from(REAL_FILES)).read_text(encoding="utf-8").splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "value", "token", "cut"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = "  " + lines[i]
        elif kind == "dedent":
            lines[i] = lines[i].removeprefix("  ")
        elif kind == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            value = draw(st.sampled_from(["", " 42", " [1, 2]", " {a: 1}", " ~", " yes", " .inf", " &x y", " *x"]))
            lines[i] = f"{key}:{value}\n"
        elif kind == "token":
            lines.insert(i, draw(st.sampled_from(TOKENS)) + "\n")
        elif kind == "cut":
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
        if not lines:
            lines = ["\n"]
    return "".join(lines)


@fuzz(150)
@given(mutated_real_file())
def test_mutated_real_files(text):
    check(text)


WRONG_VALUES = [None, 0, -1, 10**30, 1.5, float("nan"), True, "", "x" * 30_000, [], [1, "a"], {}, {"en": 1}]


@st.composite
def retyped_question(draw) -> tuple[str, int]:
    """A real bank file, one of whose questions has one field (at any depth) given a wrong type."""
    items = json.loads(draw(st.sampled_from(REAL_DATA)))
    index = draw(st.integers(0, len(items) - 1))
    node = items[index]
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = draw(st.sampled_from(keys))
        if isinstance(node[key], (dict, list)) and node[key] and draw(st.booleans()):
            node = node[key]
            continue
        node[key] = draw(st.sampled_from(WRONG_VALUES))
        return yaml.safe_dump(items, allow_unicode=True, sort_keys=False), index


@fuzz(80)
@given(retyped_question())
def test_fields_of_the_wrong_type(case):
    text, index = case
    questions, problems = check(text)
    starts = [i + 1 for i, line in enumerate(text.splitlines()) if line.startswith("- ")]
    first, end = starts[index], (starts[index + 1] if index + 1 < len(starts) else text.count("\n") + 1)
    for problem in problems:  # every problem is inside the question it is about
        assert first <= problem.line <= end, (problem, first, end)
    assert len(questions) + bool(problems) >= len(starts) - 1


# ---------------------------------------------------------------- hostile files, one by one

PWNED = Path("/tmp/sparselab-fuzz-pwned")


def bomb(levels: int = 9, width: int = 10) -> str:
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


HOSTILE = {
    "billion laughs": bomb(),
    "billion laughs of text": "s: &s " + "x" * 100_000 + "\nl: &l [" + ", ".join(["*s"] * 250) + "]\n",
    "aliased question": EXAMPLE.replace("- id:", "- &q\n  id:", 1) + "- *q\n" * 3,
    "self reference": "- &a [*a]\n",
    "deep flow": "[" * 5000 + "]" * 5000,
    "deep block": "".join("  " * i + "-\n" for i in range(200)),
    "deep mapping": "".join("  " * i + "k:\n" for i in range(60)) + "  " * 60 + "v\n",
    "os.system": "- !!python/object/apply:os.system ['touch /tmp/sparselab-fuzz-pwned']\n",
    "open a file": f"- !!python/object/apply:builtins.open ['{PWNED}', 'w']\n",
    "exec": f"- !!python/object/apply:builtins.exec [\"open('{PWNED}', 'w')\"]\n",
    "set a global": "- !!python/object/apply:builtins.setattr [!!python/module:engine.bank , PWNED, 1]\n",
    "python name": "- id: !!python/name:builtins.exec\n",
    "python module": "- !!python/module:os\n",
    "python object new": "- !!python/object/new:subprocess.Popen [['touch', '/tmp/sparselab-fuzz-pwned']]\n",
    "local tag": "- !question {id: x}\n",
    "verbatim tag": "- !<tag:yaml.org,2002:python/object:os.system> {}\n",
    "tag directive": "%TAG !p! tag:yaml.org,2002:python/\n---\n- !p!object/apply:os.system [ls]\n",
    "set": "- !!set {a, b}\n",
    "binary": "- id: !!binary aGVsbG8=\n",
    "two documents": EXAMPLE + "---\n" + EXAMPLE,
    "huge integer": "- id: x\n  year: " + "9" * 5000 + "\n",
    "bad date": "- id: x\n  when: 2001-13-45\n",
    "empty integer": "- id: x\n  year: !!int\n",
    "lone surrogate": "- id: \ud800\n",
    "unclosed list": "- [",
    "huge string": EXAMPLE.replace("    en: About half.", "    en: " + "x" * 3_000_000 + " About half."),
    "huge id": EXAMPLE.replace("id: relu-sparsity-at-init", "id: " + "a" * 100_000),
    "huge key": EXAMPLE.replace("  tags:", "  " + "k" * 100_000 + ": 1\n  tags:"),
    "newline in id": EXAMPLE.replace("id: relu-sparsity-at-init", 'id: "a\\nb\\u2028c"').replace("easy", "x", 1),
    "newline in a parameter": EXAMPLE.replace("threshold: 0.0}", 'threshold: 0.0, "w\\narp": 1}'),
    "huge parameter": EXAMPLE.replace("threshold: 0.0}", "threshold: " + "9" * 400 + "}"),
    "nan answer": EXAMPLE.replace("answer: 0.8413", "answer: .nan"),
    "infinite tolerance": EXAMPLE.replace("tolerance: 0.005", "tolerance: .inf"),
    "100,000 questions": "".join(f"- id: q{i}\n" for i in range(100_000)),
    "100,000 items": "- 1\n" * 100_000,
    "too many questions": "".join(EXAMPLE.replace("relu-sparsity-at-init", f"q{i}") for i in range(1_001)),
    "flow list at the size cap": "[" + "a," * (bank.MAX_FILE_BYTES // 2 - 2) + "a]",
    "block list at the size cap": "- a\n" * (bank.MAX_FILE_BYTES // 4),
    "over the size cap": "#" * (bank.MAX_FILE_BYTES + 1),
    "utf-16": EXAMPLE.encode("utf-16"),
    "utf-16 without bom": EXAMPLE.encode("utf-16-le"),
    "latin-1": EXAMPLE.replace("initialisation", "initialisation café").encode("latin-1", "replace"),
    "nul": "- id: x\x00\n",
    "control character": "- id: x\x07\n",
    "empty": b"",
    "blank": "\n\n   \n",
    "only comments": "# one\n# two\n",
    "null document": "~\n",
    "a mapping": "id: x\n",
    "undefined alias": "- *nothing\n",
    "duplicate anchor": "- &a 1\n- &a 2\n",
    "merge of a scalar": "- {<<: 1}\n",
    "a mapping as a key": "- {[a]: 1}\n",
}  # fmt: skip


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file(name):
    data = HOSTILE[name]
    PWNED.unlink(missing_ok=True)
    _, problems = check(data, seconds=20)
    assert not PWNED.exists()
    assert not hasattr(bank, "PWNED")
    if name != "aliased question":
        assert problems, name


def test_an_aliased_question_counts_as_a_duplicate(tmp_path):
    questions, problems = check(HOSTILE["aliased question"])
    assert [q.id for q in questions] == ["relu-sparsity-at-init"] * 4
    assert problems == []
    (tmp_path / "aliases.yaml").write_text(HOSTILE["aliased question"], encoding="utf-8")
    loaded = bank.load([tmp_path])
    assert [q.id for q in loaded.questions] == ["relu-sparsity-at-init"]
    assert [p.message.split(" (")[0] for p in loaded.problems] == ["duplicate id 'relu-sparsity-at-init'"] * 3


@pytest.mark.parametrize(
    ("name", "line", "expected"),
    [
        ("billion laughs", 6, "document expands to over 200,000 values"),
        ("billion laughs of text", 2, "document expands to over 20,000,000 characters"),
        ("deep flow", 1, "invalid YAML"),
        ("deep mapping", 51, "nested deeper than 50 levels"),
        ("os.system", 1, "invalid YAML: the tag '!!python/object/apply:os.system' is not allowed"),
        ("python name", 1, "invalid YAML: the tag '!!python/name:builtins.exec' is not allowed"),
        ("local tag", 1, "the tag '!question' is not allowed"),
        ("tag directive", 3, "the tag '!!python/object/apply:os.system' is not allowed"),
        ("set", 1, "the tag '!!set' is not allowed"),
        ("huge integer", 2, "is not a valid !!int: Exceeds the limit (4300 digits)"),
        ("bad date", 2, "'2001-13-45' is not a valid !!timestamp: month must be in 1..12"),
        ("empty integer", 2, "'' is not a valid !!int: string index out of range"),
        ("lone surrogate", 1, "not UTF-8 text (byte 0xed at offset 6)"),
        ("unclosed list", 1, "invalid YAML: while parsing a flow node did not find expected node content"),
        ("100,000 questions", 66_667, "document expands to over 200,000 values"),
        ("100,000 items", 1_001, "a bank file holds at most 1,000 questions, this one 100,000: split it"),
        ("flow list at the size cap", 1, "document expands to over 200,000 values"),
        ("utf-16", 1, "not UTF-8 text: it holds NUL bytes"),
        ("utf-16 without bom", 1, "not UTF-8 text: it holds NUL bytes"),
        ("control character", 1, "invalid YAML: control characters are not allowed"),
        ("only comments", 1, "the file holds no questions"),
        ("undefined alias", 1, "found undefined alias 'nothing'"),
        ("duplicate anchor", 2, "found duplicate anchor 'a'"),
        ("merge of a scalar", 1, "a merge key (<<) needs a mapping"),
        ("a mapping as a key", 1, "a mapping key must be a plain value"),
        ("two documents", EXAMPLE.count("\n") + 1, "expected a single document"),
    ],
)
def test_hostile_file_messages(name, line, expected):
    _, problems = check(HOSTILE[name], seconds=20)
    assert (problems[0].line, expected in problems[0].message) == (line, True), problems[0]


def test_a_question_over_the_limit_per_file_is_named():
    _, [problem] = check(HOSTILE["too many questions"], seconds=20)
    assert problem.line == 1_000 * EXAMPLE.count("\n") + 1
    assert problem.message == "a bank file holds at most 1,000 questions, this one 1,001: split it"


def test_newlines_in_user_text_stay_on_one_line():
    _, problems = check(HOSTILE["newline in id"])
    assert any(p.message.startswith(r"a\nb\u2028c: difficulty:") for p in problems), problems
    _, [problem] = check(HOSTILE["newline in a parameter"])
    assert problem.message == r"relu-sparsity-at-init: demo.w\narp: unknown parameter"


def test_huge_values_give_short_messages():
    _, problems = check(HOSTILE["huge id"])
    assert problems[0].message.startswith("id: string should have at most 80 characters (got 'aaaa")
    _, [problem] = check(HOSTILE["huge parameter"])
    assert problem.message == "relu-sparsity-at-init: demo.threshold: a huge number is outside [-5, 5]"
    _, [problem] = check(HOSTILE["huge string"])
    assert problem.message.startswith("relu-sparsity-at-init: answer.en: string should have at most 20000")


def test_numeric_answers_must_be_finite():
    for name, field in (("nan answer", "answer"), ("infinite tolerance", "tolerance")):
        _, [problem] = check(HOSTILE[name])
        assert problem.message.startswith(f"relu-sparsity-at-init: quiz.numeric.{field}: input should be a finite")


def test_unreadable_file_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    gone = tmp_path / "gone.yaml"
    monkeypatch.setattr(bank, "bank_files", lambda paths: ([gone], []))  # listed, then removed
    loaded = bank.load([tmp_path])
    assert [str(p) for p in loaded.problems] == [f"{gone}:1: cannot read the file: No such file or directory"]


# ---------------------------------------------------------------- the whole bank and the CLI


def test_a_broken_file_among_good_ones(tmp_path):
    for path in REAL_FILES[:3]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "zz-broken.yaml").write_bytes(HOSTILE["os.system"].encode())
    (tmp_path / "zz-utf16.yaml").write_bytes(HOSTILE["utf-16"])
    loaded = bank.load([tmp_path])
    expected = [q.id for path in REAL_FILES[:3] for q in bank.load([path]).questions]
    assert [q.id for q in loaded.questions] == expected
    assert loaded.broken_files() == [str(tmp_path / "zz-broken.yaml"), str(tmp_path / "zz-utf16.yaml")]
    assert "is not allowed" in loaded.problems[0].message
    assert "not UTF-8" in loaded.problems[1].message


def test_the_command_line_on_every_hostile_file(tmp_path):
    names = {}
    for i, (name, data) in enumerate(HOSTILE.items()):
        path = tmp_path / f"file{i:02d}.yaml"
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        names[path.name] = name
    result = subprocess.run(
        [sys.executable, "-m", "engine", "check", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert all(PROBLEM.match(line) for line in lines), [line for line in lines if not PROBLEM.match(line)][:3]
    assert {Path(PROBLEM.match(line)["path"]).name for line in lines} == set(names)  # each file named


WORST = [
    "billion laughs",
    "billion laughs of text",
    "flow list at the size cap",
    "block list at the size cap",
    "100,000 questions",
    "huge string",
    "too many questions",
]
MEASURE = """
import json, resource, sys, time, tracemalloc
from pathlib import Path
from engine import bank
tracemalloc.start()
figures = {}
for path in sys.argv[1:]:
    data = Path(path).read_bytes()
    tracemalloc.reset_peak()
    start = time.perf_counter()
    good, problems = bank.load_text(data, "worst.yaml")
    seconds, peak = time.perf_counter() - start, tracemalloc.get_traced_memory()[1]
    figures[Path(path).stem] = {"seconds": seconds, "peak": peak, "problems": len(problems)}
# VmHWM is this process's own peak; ru_maxrss also counts the parent's pages if the process was
# spawned with vfork (Linux keeps the larger of the two across exec).
status = Path("/proc/self/status")
hwm = [line for line in status.read_text().splitlines() if line.startswith("VmHWM:")] if status.exists() else []
rss = int(hwm[0].split()[1]) * 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"files": figures, "rss": rss}))
"""


def test_worst_cases_stay_within_time_and_memory(tmp_path):
    paths = []
    for i, name in enumerate(WORST):
        paths.append(tmp_path / f"{i}.yaml")
        data = HOSTILE[name]
        paths[-1].write_bytes(data if isinstance(data, bytes) else data.encode())
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    for i, name in enumerate(WORST):
        each = figures["files"][str(i)]
        assert each["problems"] >= 1, name
        assert each["seconds"] < 30, (name, each)  # generous for a shared machine; about 1 s here
        assert each["peak"] < 150 * 2**20, (name, each)  # traced Python allocations for a 5 MiB file
    assert figures["rss"] < 500 * 2**20, figures  # the whole process, interpreter and libraries included


@fuzz(60)
@given(st.integers(0, len(TOKENS) - 1), st.integers(1, 3000))
def test_long_repetitions(token, times):
    check(TOKENS[token] * times)
