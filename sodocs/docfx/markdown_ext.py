"""A Python-Markdown extension that marks links to the full public documentation."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

UPSTREAM_CLASS = "so-upstream"
UPSTREAM_TITLE = "Åbner siden i den fulde SuperOffice-dokumentation"


class _MarkUpstream(Treeprocessor):
    def __init__(self, md: Markdown, base_url: str) -> None:
        super().__init__(md)
        self.base_url = base_url

    def run(self, root: etree.Element) -> None:
        for a in root.iter("a"):
            href = a.get("href", "")
            if href.startswith(self.base_url):
                a.set("class", (a.get("class", "") + " " + UPSTREAM_CLASS).strip())
                a.set("title", a.get("title") or UPSTREAM_TITLE)


class UpstreamLinksExtension(Extension):
    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_MarkUpstream(md, self.base_url), "sodocs_upstream", 1)
