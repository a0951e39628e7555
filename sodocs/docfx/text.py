"""The pipeline's data type: lines of Markdown, each with the place it was written and its block role."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.blocks import Role, scan
from ..diagnostics import Origin


@dataclass
class Text:
    """Lines of Markdown with the origin of each line.

    ``roles`` are the CommonMark block roles of the text as the writer wrote it (see ``core.blocks``). They are
    computed once, while the text is still CommonMark; a step that turns DocFX syntax into Python-Markdown
    syntax (an alert into an indented admonition) hands the roles on instead of letting them be recomputed,
    because an admonition's body would read as indented code to a CommonMark scan.
    """

    lines: list[str]
    origins: list[Origin]
    _roles: list[Role] | None = field(default=None, repr=False, compare=False)

    @property
    def roles(self) -> list[Role]:
        if self._roles is None or len(self._roles) != len(self.lines):
            self._roles = scan(self.lines).roles
        return self._roles

    @property
    def verbatim(self) -> list[bool]:
        """Lines Markdig passes through untouched (code and raw HTML blocks): no DocFX syntax there."""
        return [role != "text" for role in self.roles]

    @property
    def code(self) -> list[bool]:
        """Lines of code (fenced or indented): not even raw HTML is looked at there."""
        return [role in ("fence", "code") for role in self.roles]

    def replaced(self, lines: list[str], origins: list[Origin] | None = None,
                 roles: list[Role] | None = None) -> Text:
        """A new text with other lines; without ``roles`` they are scanned afresh when asked for."""
        return Text(lines, self.origins if origins is None else origins, roles)

    def substituted(self, lines: list[str]) -> Text:
        """The same lines edited inside each line (no line added, no block moved): the roles still hold."""
        return Text(lines, self.origins, self._roles)

    @classmethod
    def from_file(cls, rel: str, body: str, first_line: int, outer: Origin | None = None) -> Text:
        lines = body.split("\n")
        origins = [Origin.at(rel, first_line + i) for i in range(len(lines))]
        if outer is not None:
            origins = [o.included_from(outer) for o in origins]
        return cls(lines, origins)

    def markdown(self) -> str:
        return "\n".join(self.lines)


class TextBuilder:
    """Builds a new text line by line from an old one, handing on each kept line's origin and role."""

    def __init__(self, source: Text) -> None:
        self.source = source
        self.roles_in = source.roles
        self.lines: list[str] = []
        self.origins: list[Origin] = []
        self.roles: list[Role] = []

    def keep(self, i: int, line: str | None = None) -> None:
        """Line ``i`` of the source (perhaps edited inside the line)."""
        self.lines.append(self.source.lines[i] if line is None else line)
        self.origins.append(self.source.origins[i])
        self.roles.append(self.roles_in[i])

    def add(self, line: str, i: int, role: Role = "text") -> None:
        """A new line, reported as written at source line ``i``."""
        self.lines.append(line)
        self.origins.append(self.source.origins[i])
        self.roles.append(role)

    @property
    def last(self) -> str | None:
        return self.lines[-1] if self.lines else None

    def text(self) -> Text:
        return Text(self.lines, self.origins, self.roles)
