"""Map a link of a built page back to the Markdown line that wrote it (the build's link report)."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path

from . import link_report


@dataclass(frozen=True)
class Source:
    path: str
    line: int
    column: int
    text: str  # "content/b.md:40 -> content/a.md:12:5" (outermost first)
    written: str  # the link as the writer wrote it
    image: bool = False
    target: str | None = None  # the project file the link leads to, as the build resolved it


@dataclass
class SourceMap:
    pages: dict[str, dict[str, list[Source]]] = field(default_factory=dict)  # page -> href -> sources

    @classmethod
    def read(cls, path: Path, pages: Container[str] | None = None) -> tuple[SourceMap, str | None]:
        """The build's link report (of ``pages``, or all) as a lookup, and a notice when there is none
        (sources then stay unknown).

        A damaged report or one of another version raises ``link_report.LinkReportError``.
        """
        if not path.is_file():
            return cls(), (f"no link report at {path}: problems are named by built page, not by Markdown line "
                           "(build with the sodocs plugin to get source lines)")
        out = cls()
        for page, entry in link_report.read(path, pages).pages.items():
            by_href: dict[str, list[Source]] = {}
            for link in entry.links:
                path_, line, column = link.frames[0]
                by_href.setdefault(link.href, []).append(Source(path_, line, column, link.source, link.written,
                                                                link.image, link.target))
            out.pages[page] = by_href
        return out, None

    def lookup(self, page: str, href: str) -> list[Source]:
        return self.pages.get(page, {}).get(href, [])


def template_for(href: str, overrides: Path | None) -> str:
    """Name the theme template a link most likely comes from."""
    if overrides is not None and overrides.is_dir():
        for template in sorted(overrides.rglob("*.html")):
            if href and href in template.read_text(encoding="utf-8", errors="replace"):
                return f"theme template {template.as_posix()}"
    return "theme template (Material for MkDocs)"
