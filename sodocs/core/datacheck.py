"""Typed access to parsed YAML data files (plans, onboarding steps) that reports each mistake at its line."""

from __future__ import annotations

from typing import Any

from ..diagnostics import DiagnosticKind, Diagnostics, Origin
from .yaml_lines import LineDict, line_of


class DataChecker:
    """Typed access to parsed YAML that reports each mistake at its line, in a writer's words."""

    def __init__(self, path: str, diags: Diagnostics, kind: DiagnosticKind, language: str = "",
                 languages: tuple[str, ...] = ()) -> None:
        self.path = path
        self.diags = diags
        self.kind: DiagnosticKind = kind
        self.language = language  # the language texts are read in (``text``)
        self.languages = languages  # empty: the site's languages are not known here, any code is taken

    def text(self, parent: Any, key: str, what: str, required: bool = True) -> str | None:
        """A text readers see: one text for every language (a name such as "Sales-Essentials"), or one per
        language (``{da: Salg, en: Sales}``). A missing language is a warning (``--strict`` fails on it) and
        the first language's text is shown meanwhile."""
        value = self.get(parent, key, (str, dict), what, required)
        return self.text_value(value, line_of(parent, key), f"'{key}' of {what}")

    def text_value(self, value: Any, line: int, what: str) -> str | None:
        """``text`` for a value already read (an item of a list), written at ``line``."""
        if value is None or isinstance(value, str):
            return value
        if not isinstance(value, dict):
            self.error(line, f"{what} must be a text or one text per language, not {value!r}")
            return None
        for code, item in value.items():
            # A text in a language the site does not have (yet) is kept for later, not a mistake.
            if (not self.languages or code in self.languages) and (not isinstance(item, str) or not item.strip()):
                self.error(line_of(value, code), f"the '{code}' text of {what} must be a text")
        chosen = value.get(self.language)
        if isinstance(chosen, str) and chosen.strip():
            return chosen
        for code in self.languages or tuple(value):
            if isinstance(value.get(code), str) and value[code].strip():
                self.diags.add(Origin.at(self.path, line), "translation",
                               f"{what} has no '{self.language}' text; the '{code}' text is shown on "
                               f"'{self.language}' pages meanwhile", "warning")
                return str(value[code])
        return None

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
            name = expected.get(kind, "a list or mapping") if isinstance(kind, type) else \
                "a text or one text per language" if kind == (str, dict) else "a text or mapping"
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
