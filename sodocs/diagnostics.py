"""Diagnostics that carry their source location through includes and macros."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]

DiagnosticKind = Literal[
    "front-matter", "include", "include-cycle", "missing-file", "unsupported", "icon",
    "duplicate-uid", "unknown-uid",
    "duplicate-definition", "unused-definition", "undefined-reference", "empty-definition",
    "macro", "macro-file", "plan-data", "onboarding-data", "ui-data", "outside-project", "unreadable", "markdown",
    "bad-url", "toc", "toc-missing", "toc-duplicate", "toc-cycle", "toc-case", "toc-path", "toc-unlisted", "yaml-page",
    "code-snippet", "unclosed", "link-case", "raw-html", "translation",
]

# Site-wide inputs: a page rendered from data or macros that failed their checks would be wrong, so these
# stop the build before any page is rendered; every other kind is reported at its page.
_STOPS_BUILD: frozenset[DiagnosticKind] = frozenset({"plan-data", "onboarding-data", "ui-data", "macro-file"})


@dataclass(frozen=True)
class Frame:
    """One place in one file: ``path`` is relative to the project root, lines and columns count from 1.

    Line 0 stands for the whole file (a file that may not be published at all has no line to name).
    """

    path: str
    line: int
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")


@dataclass(frozen=True)
class Origin:
    """Where a piece of text came from: the innermost frame first, then each file that included it."""

    frames: tuple[Frame, ...]

    @classmethod
    def at(cls, path: str, line: int, column: int = 0) -> Origin:
        return cls((Frame(path, line, column),))

    @property
    def innermost(self) -> Frame:
        return self.frames[0]

    def included_from(self, outer: Origin) -> Origin:
        return Origin(self.frames + outer.frames)

    def with_column(self, column: int) -> Origin:
        first = self.frames[0]
        return Origin((Frame(first.path, first.line, column), *self.frames[1:]))

    def chain(self) -> str:
        """``content/a.md:12 -> includes/b.md:3``: outermost first, as the reader follows the includes."""
        return " -> ".join(str(f) for f in reversed(self.frames))

    def __str__(self) -> str:
        # One format for the build log and the link checker: the reader follows the includes outward-in.
        return self.chain()


@dataclass(frozen=True)
class Diagnostic:
    origin: Origin
    kind: DiagnosticKind
    message: str
    severity: Severity = "warning"

    @property
    def stops_build(self) -> bool:
        """True when no page may be rendered until this is fixed (the data or macro files are wrong)."""
        return self.kind in _STOPS_BUILD and self.severity == "error"

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass
class Diagnostics:
    """An append-only list, so that every problem of a run is reported, not only the first."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, origin: Origin, kind: DiagnosticKind, message: str, severity: Severity = "warning") -> None:
        self.items.append(Diagnostic(origin, kind, message, severity))

    def extend(self, other: Diagnostics | list[Diagnostic]) -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    @property
    def stops_build(self) -> bool:
        return any(d.stops_build for d in self.items)

    def __len__(self) -> int:
        return len(self.items)

    def errors_since(self, start: int) -> bool:
        """True when an error was added after the first ``start`` diagnostics (warnings do not count)."""
        return any(d.severity == "error" for d in self.items[start:])
