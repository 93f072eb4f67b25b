"""Parse YAML safely, in one pass over libyaml's events, within fixed bounds, and find the
line of any value.

:func:`parse` gives what ``yaml.safe_load`` gives (merge keys included) for plain values,
lists and mappings, plus the line of each top-level item. It refuses any other tag (no
Python objects, sets or ordered maps), duplicate keys, nesting deeper than
:data:`MAX_DEPTH`, and documents that expand (through aliases) to more than
:data:`MAX_NODES` values or :data:`MAX_CHARS` characters; it stops as soon as a bound is
passed, so its time and memory stay in proportion to the text. :class:`Lines` finds the
line of any key or item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml import events

Path_ = tuple[int | str, ...]

MAX_NODES = 200_000  # after expanding aliases; stops "billion laughs"
MAX_CHARS = 20_000_000  # characters of text after expanding aliases
MAX_DEPTH = 50  # a question needs 6 levels

_TAG = "tag:yaml.org,2002:"
STR, SEQ, MAP, MERGE, VALUE = (_TAG + name for name in ("str", "seq", "map", "merge", "value"))
SCALAR_TAGS = frozenset(_TAG + name for name in ("str", "null", "bool", "int", "float", "timestamp", "binary"))

# libyaml's parser where PyYAML has it (about 10x faster); both construct safely.
_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a new line
_RESOLVED_BY_FIRST = frozenset(key for key in yaml.SafeLoader.yaml_implicit_resolvers if key)


class Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader; a scalar that no implicit type can match (quoted, or starting with a
    character no resolver looks at) is a string without asking the resolver."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and not (implicit[0] and (not value or value[0] in _RESOLVED_BY_FIRST)):
            return STR
        return super().resolve(kind, value, implicit)


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A file that is not acceptable YAML, at a 1-based line."""

    line: int
    message: str


def parse(text: str) -> tuple[Any, list[int]]:
    """The document's data and the line of each item when it is a list (else ``[]``)."""
    data, lines = _Builder(text, index=False).run()
    return data, [lines[(i,)] for i in range(len(data))] if isinstance(data, list) else []


class Lines:
    """The line of any mapping key or sequence item of a text that :func:`parse` accepted, by
    path (``(0, "question", "en")``); the text is parsed again on first use, so only files with
    problems pay for it."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[Path_, int] | None = None

    def of(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        if self._lines is None:
            self._lines = _Builder(self._text, index=True).run()[1]
        for end in range(len(path), -1, -1):
            if path[:end] in self._lines:
                return self._lines[path[:end]]
        return 1


_PENDING = object()  # a mapping's next key, not read yet


class _Frame:
    """A list or mapping being filled; ``path`` is ``None`` where lines are not kept."""

    __slots__ = ("anchor", "chars", "key", "merges", "nodes", "path", "value")

    def __init__(self, value: list | dict, path: Path_ | None, anchor: str | None, nodes: int, chars: int) -> None:
        self.value = value
        self.path = path
        self.anchor = anchor
        self.nodes, self.chars = nodes, chars  # the counts when it started
        self.key: Any = _PENDING
        self.merges: list[tuple[Any, int]] = []  # the values of merge keys, with their lines


class _Builder:
    """Data from events, with the bounds checked as each value arrives."""

    def __init__(self, text: str, *, index: bool) -> None:
        self.text = text
        self.index = index
        self.lines: dict[Path_, int] = {}
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # value, values and characters it expands to
        self.nodes = 0
        self.chars = 0

    def run(self) -> tuple[Any, dict[Path_, int]]:
        loader = Loader(self.text)
        try:
            return self._events(loader), self.lines
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            what = " ".join(part for part in (exc.context, exc.problem) if part)
            last = len(_BREAK.findall(self.text)) + 1  # the parser may point past the end
            raise YamlProblem(min(mark.line + 1, last) if mark else 1, f"invalid YAML: {what}") from None
        except yaml.reader.ReaderError as exc:
            raise YamlProblem(self._line_at(exc.position), f"invalid YAML: {exc.reason}") from None
        except yaml.YAMLError as exc:
            raise YamlProblem(1, f"invalid YAML: {exc}") from None
        finally:
            loader.dispose()

    def _line_at(self, position: int) -> int:
        """The line of a reader error's position (libyaml counts bytes of UTF-8, PyYAML characters)."""
        if isinstance(position, int) and position >= 0:
            prefix = self.text.encode()[:position] if yaml.__with_libyaml__ else self.text[:position]
            return prefix.count(b"\n" if isinstance(prefix, bytes) else "\n") + 1
        return 1

    def _events(self, loader: Any) -> Any:
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        while True:
            event = loader.get_event()
            kind = type(event)
            line = event.start_mark.line + 1
            if kind is events.ScalarEvent:
                value, tag = event.value, event.tag
                if tag is None or tag == "!":
                    if event.implicit[0] and (not value or value[0] in _RESOLVED_BY_FIRST):
                        value = self._scalar(loader, event, line)
                elif tag != STR:
                    value = self._scalar(loader, event, line)
                chars = len(value) if isinstance(value, (str, bytes)) else 1
                self.nodes += 1
                self.chars += chars
                if self.nodes > MAX_NODES or self.chars > MAX_CHARS:
                    self._count(0, 0, line)
                if event.anchor is not None:
                    self._anchor(event.anchor, value, 1, chars, line)
            elif kind is events.AliasEvent:
                if event.anchor not in self.anchors:
                    raise YamlProblem(line, f"invalid YAML: found undefined alias {event.anchor!r}")
                value, nodes, chars = self.anchors[event.anchor]
                self._count(nodes, chars, line)
            elif kind is events.SequenceStartEvent or kind is events.MappingStartEvent:
                self._container_tag(event, SEQ if kind is events.SequenceStartEvent else MAP, line)
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(line, f"nested deeper than {MAX_DEPTH} levels")
                path = () if not stack else self._child_path(stack[-1]) if self.index else None
                self._count(1, 0, line)
                container: list | dict = [] if kind is events.SequenceStartEvent else {}
                if stack:
                    self._add(stack[-1], container, line)
                else:
                    root = container
                    self.lines[()] = line
                stack.append(_Frame(container, path, event.anchor, self.nodes, self.chars))
                if event.anchor is not None:
                    self._anchor(event.anchor, container, 1, 0, line)  # an alias inside it counts once
                continue
            elif kind is events.SequenceEndEvent or kind is events.MappingEndEvent:
                frame = stack.pop()
                value = frame.value
                if frame.merges:
                    value = _merged(frame)
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (value, self.nodes - frame.nodes + 1, self.chars - frame.chars)
                if value is not frame.value:  # replace the unmerged mapping where it was put
                    if stack:
                        _replace(stack[-1], value)
                    else:
                        root = value
                continue
            elif kind is events.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(line, "invalid YAML: expected a single document, but found another one")
                continue
            elif kind is events.StreamEndEvent:
                return root
            else:  # stream start, document end
                continue
            if not stack:
                root = value
                self.lines[()] = line
                continue
            frame = stack[-1]  # the common cases inline, the rest in _add
            if frame.path is not None or type(value) is _Special:
                self._add(frame, value, line)
            elif type(frame.value) is list:
                frame.value.append(value)
            elif frame.key is _PENDING:
                if type(value) is not str or value in frame.value:
                    self._add(frame, value, line)
                else:
                    frame.key = value
            elif type(frame.key) is _Special:
                self._add(frame, value, line)
            else:
                frame.value[frame.key] = value
                frame.key = _PENDING

    def _scalar(self, loader: Any, event: events.ScalarEvent, line: int) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == STR:
            return event.value
        if tag in (MERGE, VALUE):
            return _Special(tag, event.value)
        if tag not in SCALAR_TAGS:
            raise YamlProblem(line, f"invalid YAML: the tag {_short_tag(tag)!r} is not allowed in a bank file")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        try:
            return loader.construct_object(node)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # e.g. 2025-13-01, an integer of 5,000 digits, "!!int" with no digits
            what = f"{_short(event.value)} is not a valid {_short_tag(tag)}: {str(exc).split(';')[0]}"
            raise YamlProblem(line, f"invalid YAML: {what}") from None

    @staticmethod
    def _container_tag(event: events.CollectionStartEvent, default: str, line: int) -> None:
        if event.tag not in (None, "!", default):
            raise YamlProblem(line, f"invalid YAML: the tag {_short_tag(event.tag)!r} is not allowed in a bank file")

    def _count(self, nodes: int, chars: int, line: int) -> None:
        self.nodes += nodes
        self.chars += chars
        if self.nodes > MAX_NODES:
            raise YamlProblem(line, f"document expands to over {MAX_NODES:,} values (aliases?)")
        if self.chars > MAX_CHARS:
            raise YamlProblem(line, f"document expands to over {MAX_CHARS:,} characters of text (aliases?)")

    def _anchor(self, name: str, value: Any, nodes: int, chars: int, line: int) -> None:
        if name in self.anchors:
            raise YamlProblem(line, f"invalid YAML: found duplicate anchor {name!r}")
        self.anchors[name] = (value, nodes, chars)

    @staticmethod
    def _child_path(frame: _Frame) -> Path_:
        path = frame.path or ()
        return (*path, len(frame.value)) if isinstance(frame.value, list) else (*path, frame.key)

    def _add(self, frame: _Frame, value: Any, line: int) -> None:
        """Put a value into the list or mapping being filled."""
        target = frame.value
        if type(target) is list:
            if frame.path is not None:
                self.lines[(*frame.path, len(target))] = line
            target.append(value)
            return
        if frame.key is _PENDING:
            if isinstance(value, _Special) and value.tag == VALUE:
                value = value.text
            try:
                hash(value)
            except TypeError:
                raise YamlProblem(line, "invalid YAML: a mapping key must be a plain value") from None
            if not isinstance(value, _Special) and value in target:
                raise YamlProblem(line, f"duplicate key {_short(value)}")
            frame.key = value
            if self.index and frame.path is not None and not isinstance(value, _Special):
                self.lines[(*frame.path, value)] = line
            return
        key, frame.key = frame.key, _PENDING
        if isinstance(key, _Special):  # a merge key: "<<: *defaults" or "<<: [*a, *b]"; merged at the end
            frame.merges.append((value, line))
            return
        if isinstance(value, _Special):
            raise YamlProblem(line, f"invalid YAML: the tag {_short_tag(value.tag)!r} is not allowed in a bank file")
        target[key] = value


@dataclass(frozen=True)
class _Special:
    """A plain ``<<`` (merge) or ``=`` (value) scalar, which means something only as a key."""

    tag: str
    text: str


def _merged(frame: _Frame) -> dict:
    """A mapping with merge keys: the merged mappings' entries (the first one to have a key
    wins), then its own (which win over all merged ones)."""
    sources = []
    for value, line in frame.merges:
        found = value if isinstance(value, list) else [value]
        if not all(isinstance(source, dict) for source in found):
            raise YamlProblem(line, "invalid YAML: a merge key (<<) needs a mapping or a list of mappings")
        sources += found
    out: dict = {}
    for source in reversed(sources):
        out.update(source)
    out.update(frame.value)
    return out


def _replace(frame: _Frame, new: Any) -> None:
    target = frame.value
    if isinstance(target, list):
        target[-1] = new
    else:  # it was the value of the last key (a mapping as a key was refused at once)
        target[next(reversed(target))] = new


def _short_tag(tag: str) -> str:
    text = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
    return text if len(text) <= 60 else text[:57] + "..."


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) or len(value) <= 60 else repr(value[:57]) + "..."
    return text if len(text) <= 80 else text[:77] + "..."
