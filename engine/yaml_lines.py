"""Parse YAML with ``SafeLoader`` and keep the line of every value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

Path_ = tuple[int | str, ...]

MAX_NODES = 200_000  # after expanding aliases; stops "billion laughs"
# libyaml's parser where PyYAML has it (about 10x faster); both construct safely.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A file that is not acceptable YAML, at a 1-based line."""

    line: int
    message: str


def parse(text: str) -> tuple[Any, dict[Path_, int]]:
    """The document's data (as ``yaml.safe_load`` gives it) and the line of
    each mapping key and sequence item, by path (``(0, "question", "en")``).
    """
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[Path_, int] = {(): node.start_mark.line + 1}
        _check_size(node)
        _index(node, (), lines)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        raise YamlProblem(line, f"invalid YAML: {what}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem(1, "invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()


def _check_size(root: yaml.Node) -> None:
    """Reject documents whose aliases expand past ``MAX_NODES`` nodes."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key not in sizes:
            sizes[key] = 0  # a cycle counts once
            children = _children(node)
            sizes[key] = 1 + sum(size(child) for _, child in children)
            if sizes[key] > MAX_NODES:
                raise YamlProblem(node.start_mark.line + 1, f"document expands to over {MAX_NODES:,} values (aliases?)")
        return sizes[key]

    size(root)


def _children(node: yaml.Node) -> list[tuple[Any, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        return [(k, v) for k, v in node.value] + [(None, k) for k, _ in node.value]
    if isinstance(node, yaml.SequenceNode):
        return list(enumerate(node.value))
    return []


def _index(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*path, i)] = item.start_mark.line + 1
            _index(item, (*path, i), lines)
    elif isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            if key in seen:
                raise YamlProblem(key_node.start_mark.line + 1, f"duplicate key {key!r}")
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _index(value, (*path, key), lines)


def line_of(lines: dict[Path_, int], path: Path_) -> int:
    """The line of ``path``, or of its nearest ancestor that exists."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1
