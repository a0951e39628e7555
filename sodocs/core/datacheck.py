"""Typed access to parsed YAML data files (plans, onboarding steps) that reports each mistake at its line."""

from __future__ import annotations

from typing import Any

from ..diagnostics import DiagnosticKind, Diagnostics, Origin
from .yaml_lines import LineDict, line_of


class DataChecker:
    """Typed access to parsed YAML that reports each mistake at its line, in a writer's words."""

    def __init__(self, path: str, diags: Diagnostics, kind: DiagnosticKind) -> None:
        self.path = path
        self.diags = diags
        self.kind: DiagnosticKind = kind

    def error(self, line: int, message: str) -> None:
        self.diags.add(Origin.at(self.path, line), self.kind, message, "error")

    def get(self, parent: Any, key: str, kind: type | tuple[type, ...], what: str, required: bool = True) -> Any:
        if not isinstance(parent, dict) or key not in parent or parent[key] is None:
            if required:
                self.error(line_of(parent), f"{what} has no '{key}'")
            return None
        value = parent[key]
        if (isinstance(value, bool) and kind is int) or not isinstance(value, kind):
            expected = {str: "a text", int: "a whole number", list: "a list", dict: "a mapping (key: value)"}
            name = expected.get(kind, "a list or mapping") if isinstance(kind, type) else "a text or mapping"
            self.error(line_of(parent, key), f"'{key}' of {what} must be {name}, not {value!r}")
            return None
        if isinstance(value, str) and not value.strip():
            self.error(line_of(parent, key), f"'{key}' of {what} is empty")
            return None
        return value

    def duplicates(self, mapping: Any) -> None:
        if isinstance(mapping, LineDict):
            for key, line in mapping.duplicates:
                self.error(line, f"'{key}' is written twice in the same place; ids must be unique")

    def items(self, parent: Any, key: str, what: str) -> list[tuple[int, Any]]:
        value = self.get(parent, key, list, what)
        return [(line_of(value, i), item) for i, item in enumerate(value)] if value is not None else []
