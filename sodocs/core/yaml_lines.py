"""YAML loading that remembers the line of every key and list item, for writer-facing errors."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, SequenceNode

from ..diagnostics import DiagnosticKind, Diagnostics, Origin


class LineDict(dict[str, Any]):
    line: int
    key_lines: dict[str, int]
    duplicates: list[tuple[str, int]]


class LineList(list[Any]):
    line: int
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            result.duplicates.append((str(key), line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = line
    return result


def _sequence(loader: _Loader, node: SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load(text: str) -> Any:
    """Parse YAML; mappings and lists carry their lines. Raises ``yaml.YAMLError`` as PyYAML does."""
    return yaml.load(text, Loader=_Loader)


def load_reported(text: str, path: str, diags: Diagnostics, kind: DiagnosticKind) -> Any:
    """Parse YAML for a writer: a syntax error becomes ``path:line: not valid YAML: …``; None then."""
    try:
        return load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        diags.add(Origin.at(path, (mark.line + 1) if mark else 1), kind,
                  f"not valid YAML: {getattr(exc, 'problem', None) or exc}", "error")
        return None


def line_of(container: Any, key: str | int | None = None, default: int = 1) -> int:
    if isinstance(container, LineDict):
        return container.key_lines.get(str(key), container.line) if key is not None else container.line
    if isinstance(container, LineList):
        if isinstance(key, int) and 0 <= key < len(container.item_lines):
            return container.item_lines[key]
        return container.line
    return default
