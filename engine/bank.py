"""Loading the question bank: files to validated questions, and every problem
as ``path:line: message``."""

from __future__ import annotations

import gc
import hashlib
import os
import re
import reprlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.demos import validate_preset
from engine.schema import LANGS, Question
from engine.yaml_lines import Lines, YamlProblem, parse

BUILTIN = Path(__file__).resolve().parent.parent / "questions"
SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_QUESTIONS = 1_000  # per file
MAX_MESSAGE = 500  # characters of one problem's message
MAX_CACHED_FILES = 10_000

_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def _one_line(text: str, limit: int) -> str:
    """``text`` on one line (control characters escaped), at most ``limit`` characters."""
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class Problem:
    """Something wrong in a bank file, at a 1-based line; path and message are kept to one line."""

    path: str
    line: int
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", _one_line(self.path, 4 * MAX_MESSAGE))
        object.__setattr__(self, "message", _one_line(self.message, MAX_MESSAGE))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Bank:
    """Validated questions, and the problems of whatever did not validate.

    Attributes:
        questions: the questions in file order.
        problems: every problem found.
        files: the files read.
    """

    questions: list[Question] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def broken_files(self) -> list[str]:
        """Files with at least one problem, in order."""
        return list(dict.fromkeys(p.path for p in self.problems))


def default_paths() -> list[Path]:
    """The built-in bank, then the folders in ``SPARSELAB_BANKS``."""
    extra = os.environ.get("SPARSELAB_BANKS", "")
    return [BUILTIN, *(Path(p) for p in extra.split(os.pathsep) if p.strip())]


def bank_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The bank files under ``paths`` (files as given, folders searched for YAML)."""
    files, problems = [], []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 1, "no such file or folder"))
    return files, problems


def load(paths: Sequence[Path] | None = None) -> Bank:
    """Load and validate every bank file under ``paths`` (default: :func:`default_paths`).

    A broken file is named among the problems and the other files' questions still load. A
    file read before with the same content is not validated again (see :func:`_load_file`)."""
    files, problems = bank_files(default_paths() if paths is None else paths)
    bank = Bank(problems=problems)
    first_seen: dict[str, str] = {}
    with _gc_paused():
        for path in files:
            name = _display(path)
            bank.files.append(name)
            questions, file_problems = _load_file(path, name)
            bank.problems += file_problems
            for question, line in questions:
                if question.id in first_seen:
                    first = first_seen[question.id]
                    bank.problems.append(Problem(name, line, f"duplicate id {question.id!r} (first at {first})"))
                    continue
                first_seen[question.id] = f"{name}:{line}"
                bank.questions.append(question)
    return bank


Loaded = tuple[list[tuple[Question, int]], list[Problem]]
_cache: dict[str, tuple[bytes, Loaded]] = {}  # by file name: content digest, what it loaded to
_cache_lock = threading.Lock()  # pages load the bank from several threads


def _load_file(path: Path, name: str) -> Loaded:
    """:func:`load_text` of the file, remembered by name and content digest, so reloading a bank
    after one file changed validates only that file (the questions are immutable and shared)."""
    try:
        data = _read(path)
    except OSError as exc:
        return [], [Problem(name, 1, f"cannot read the file: {exc.strerror or exc}")]
    digest = hashlib.blake2b(data, digest_size=16).digest()
    with _cache_lock:
        cached = _cache.get(name)
    loaded = cached[1] if cached and cached[0] == digest else load_text(data, name)
    with _cache_lock:
        _cache.pop(name, None)
        _cache[name] = (digest, loaded)  # the most recently used last
        while len(_cache) > MAX_CACHED_FILES:
            del _cache[next(iter(_cache))]
    return loaded


def forget() -> None:
    """Drop the remembered files: the next :func:`load` reads and validates every file."""
    with _cache_lock:
        _cache.clear()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: parsing makes many objects and few cycles, and the
    collector's passes over a large bank would cost more than the parse itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_text(data: bytes | str, name: str) -> Loaded:
    """Validate one file's content; return each good question with its line, and the problems."""
    with _gc_paused():
        try:
            text = _decode(data)
            if not text.strip():
                return [], [Problem(name, 1, "the file holds no questions")]
            doc, item_lines = parse(text)
        except YamlProblem as exc:
            return [], [Problem(name, exc.line, exc.message)]
        if doc is None:
            return [], [Problem(name, 1, "the file holds no questions")]
        if not isinstance(doc, list):
            message = "a bank file must be a YAML list of questions (each item starting with '- id:')"
            return [], [Problem(name, 1, message)]
        if len(doc) > MAX_QUESTIONS:
            message = f"a bank file holds at most {MAX_QUESTIONS:,} questions, this one {len(doc):,}: split it"
            return [], [Problem(name, item_lines[MAX_QUESTIONS], message)]
        return _validate(doc, item_lines, Lines(text), name)


def _validate(doc: list, item_lines: list[int], lines: Lines, name: str) -> Loaded:
    good, problems = [], []
    for i, (item, line) in enumerate(zip(doc, item_lines, strict=True)):
        if not isinstance(item, dict):
            problems.append(Problem(name, line, f"item {i + 1} is not a question (a mapping of fields)"))
            continue
        given_id = item.get("id")
        label = f"{given_id}: " if isinstance(given_id, str) and 0 < len(given_id) <= 80 else ""
        try:
            question = Question.model_validate(item)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                problems.append(Problem(name, lines.of((i, *error["loc"])), label + describe(error)))
            continue
        preset_problems = _preset_problems(question, (i, "demo"), lines)
        problems += [Problem(name, where, label + message) for where, message in preset_problems]
        if not preset_problems:
            good.append((question, line))
    return good, sorted(problems, key=lambda p: p.line)


def _preset_problems(question: Question, path: tuple, lines: Lines) -> list[tuple[int, str]]:
    """Each problem of the question's demo preset, at the line of the parameter it names."""
    if question.demo is None:
        return []
    out = []
    for message in validate_preset(question.demo.name, question.demo.params):
        param = message.split(":", 1)[0]
        where = (*path, "params", param) if param in question.demo.params else (*path, "name")
        out.append((lines.of(where), f"demo.{message}" if param in question.demo.params else f"demo: {message}"))
    return out


def describe(error: dict[str, Any]) -> str:
    """One pydantic error in words a question author understands."""
    loc = [str(part) for part in error["loc"]]
    kind = error["type"]
    if kind == "missing":
        if loc[-1] in LANGS and len(loc) > 1:
            return f"missing language {loc[-1]!r} in {'.'.join(loc[:-1])}"
        return f"missing required field {'.'.join(loc)!r}"
    if kind == "extra_forbidden":
        return f"unknown field {'.'.join(loc)!r}"
    message = error["msg"].removeprefix("Value error, ")
    where = ".".join(loc) or "question"
    if kind in ("value_error", "assertion_error"):
        return f"{where}: {message}"
    return f"{where}: {message[0].lower()}{message[1:]} (got {_short(error.get('input'))})"


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother, _REPR.maxlong = 2, 4, 4, 50, 50, 40


def _short(value: Any) -> str:
    """A short ``repr``, built without walking all of a large value."""
    return _REPR.repr(value)


def _read(path: Path) -> bytes:
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    return data


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):  # checked as the bytes it would be saved as
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > MAX_FILE_BYTES:
        raise YamlProblem(1, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise YamlProblem(line, "not UTF-8 text: it holds NUL bytes (UTF-16, or not text at all?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})") from None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):  # elsewhere, no working folder, a symlink loop
        return str(path)
