"""What a build logged, to decide whether its output may replace the site.

One rule for every build: an ERROR (a page, include, data or macro mistake) fails it, strict or not; a
WARNING (a broken link, a page missing from the navigation) fails only ``--strict``. The handler sits on the
generator's top logger for one build, so it sees MkDocs' own messages, every plugin's and ours, exactly as
MkDocs' strict-mode counter does. This module does not import MkDocs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

# MkDocs names the page in its link and anchor warnings, some of which come after every page is rendered.
_MKDOCS_PAGE = re.compile(r"^Doc file '([^']+)'")


@dataclass(frozen=True)
class Problem:
    error: bool  # else a warning
    text: str


class BuildLog(logging.Handler):
    """Counts and keeps the warnings and errors of one build, and which page each came from (``page``, the
    page being rendered; MkDocs' own messages name theirs), so a serve rebuild of some pages keeps the
    problems of the pages it did not redo."""

    def __init__(self, strict: bool, docs_dir: str = "") -> None:
        super().__init__(logging.WARNING)
        self.strict = strict
        self.docs_dir = docs_dir
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.page: str | None = None
        self.by_page: dict[str, list[Problem]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a record that cannot format is still a problem of this build
            text = str(record.msg)
        error = record.levelno >= logging.ERROR
        (self.errors if error else self.warnings).append(text)
        named = _MKDOCS_PAGE.match(text)
        page = f"{self.docs_dir}/{named.group(1)}" if named and self.docs_dir else self.page
        if page is not None:
            self.by_page.setdefault(page, []).append(Problem(error, text))

    def carry(self, problems: Iterable[Problem]) -> None:
        """Count the problems of pages this build did not redo, as their last build found them."""
        for problem in problems:
            (self.errors if problem.error else self.warnings).append(problem.text)

    @property
    def failed(self) -> bool:
        return bool(self.errors) or (self.strict and bool(self.warnings))

    @property
    def problems(self) -> list[str]:
        """What made the build fail, errors first."""
        return self.errors + (self.warnings if self.strict else [])

    def summary(self) -> str:
        parts = []
        if self.errors:
            parts.append(f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}")
        if self.strict and self.warnings:
            parts.append(f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''} in strict mode")
        return " and ".join(parts)
