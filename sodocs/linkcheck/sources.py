"""Map a link of a built page back to the Markdown line that wrote it (the build's link report)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SOURCEMAP = "_sodocs/links.json"


@dataclass(frozen=True)
class Source:
    path: str
    line: int
    column: int
    text: str  # "content/a.md:12:5 (included from content/b.md:40)"
    written: str  # the link as the writer wrote it
    image: bool = False


@dataclass
class SourceMap:
    pages: dict[str, dict[str, list[Source]]] = field(default_factory=dict)  # page -> href -> sources

    @classmethod
    def read(cls, site: Path) -> SourceMap:
        path = site / SOURCEMAP
        if not path.is_file():
            return cls()
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        out = cls()
        for page, entry in data.get("pages", {}).items():
            by_href: dict[str, list[Source]] = {}
            for link in entry["links"]:
                first = link["frames"][0]
                by_href.setdefault(link["href"], []).append(
                    Source(first[0], first[1], first[2], link["source"], link["written"], link.get("image", False)))
            out.pages[page] = by_href
        return out

    def lookup(self, page: str, href: str) -> list[Source]:
        return self.pages.get(page, {}).get(href, [])


def template_for(href: str, overrides: Path | None) -> str:
    """Name the theme template a link most likely comes from."""
    if overrides is not None and overrides.is_dir():
        for template in sorted(overrides.rglob("*.html")):
            if href and href in template.read_text(encoding="utf-8", errors="replace"):
                return f"theme template {template.as_posix()}"
    return "theme template (Material for MkDocs)"
