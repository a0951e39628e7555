"""What a build logged, to decide whether its output may replace the site.

One rule for every build: an ERROR (a page, include, data or macro mistake) fails it, strict or not; a
WARNING (a broken link, a page missing from the navigation) fails only ``--strict``. The handler sits on the
generator's top logger for one build, so it sees MkDocs' own messages, every plugin's and ours, exactly as
MkDocs' strict-mode counter does. This module does not import MkDocs.
"""

from __future__ import annotations

import logging


class BuildLog(logging.Handler):
    """Counts and keeps the warnings and errors of one build."""

    def __init__(self, strict: bool) -> None:
        super().__init__(logging.WARNING)
        self.strict = strict
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a record that cannot format is still a problem of this build
            text = str(record.msg)
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(text)

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
