"""The pipeline's data type: lines of Markdown, each with the place it was written."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.markdown_scan import fenced_mask
from ..diagnostics import Origin


@dataclass
class Text:
    """Lines of Markdown with the origin of each line."""

    lines: list[str]
    origins: list[Origin]
    _fenced: list[bool] | None = field(default=None, repr=False, compare=False)

    @property
    def fenced(self) -> list[bool]:
        """Which lines are inside fenced code: computed once per text, shared by every step that reads it."""
        if self._fenced is None or len(self._fenced) != len(self.lines):
            self._fenced = fenced_mask(self.lines)
        return self._fenced

    def replaced(self, lines: list[str], origins: list[Origin] | None = None) -> Text:
        """A new text with other lines: its fenced mask will be computed afresh."""
        return Text(lines, self.origins if origins is None else origins)

    def substituted(self, lines: list[str]) -> Text:
        """The same lines edited inside each line (no line added, no fence moved): the mask still holds."""
        return Text(lines, self.origins, self._fenced)

    @classmethod
    def from_file(cls, rel: str, body: str, first_line: int, outer: Origin | None = None) -> Text:
        lines = body.split("\n")
        origins = [Origin.at(rel, first_line + i) for i in range(len(lines))]
        if outer is not None:
            origins = [o.included_from(outer) for o in origins]
        return cls(lines, origins)

    def markdown(self) -> str:
        return "\n".join(self.lines)
