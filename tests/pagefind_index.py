"""Read a built site's Pagefind index as a reader's browser gets it, without a browser.

Each page's data fragment (``pagefind/fragment/*.pf_fragment``) is gzip-compressed JSON after a 12-byte
signature: the page's URL, its indexed text (``content``), its title (``meta``) and the headings with an id
(``anchors``, each at the word where it starts). That is what a search result shows, so the tests read it
here; which pages a query finds is asked of Pagefind itself, in the browser tests.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass(frozen=True)
class Fragment:
    url: str  # from the site root, e.g. /da/admin/license/user-plans/
    title: str
    content: str
    anchors: list[dict[str, Any]]

    def sections(self) -> dict[str, str]:
        """Heading text -> the words under it up to the next heading (the heading's own words left out),
        as Pagefind's sub-results split a page."""
        words = self.content.split()
        heads = sorted((a for a in self.anchors if a["element"] in HEADINGS), key=lambda a: int(a["location"]))
        out: dict[str, str] = {}
        for i, head in enumerate(heads):
            start = int(head["location"]) + len(str(head.get("text", "")).split())
            end = int(heads[i + 1]["location"]) if i + 1 < len(heads) else len(words)
            out[str(head.get("text", ""))] = " ".join(words[start:end])
        return out


def read_fragment(path: Path) -> Fragment:
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(SIGNATURE), f"{path}: not a Pagefind fragment"
    data = json.loads(raw[len(SIGNATURE):])
    return Fragment(data["url"], str(data.get("meta", {}).get("title", "")), data["content"], data["anchors"])


def fragments(site: Path) -> dict[str, Fragment]:
    """URL -> fragment, for every page in the site's index (all languages)."""
    found = [read_fragment(p) for p in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))]
    assert found, f"{site} has no Pagefind index"
    return {f.url: f for f in found}


def languages(site: Path) -> dict[str, int]:
    """Language -> number of pages, as Pagefind's entry file announces them to the browser."""
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {lang: int(data["page_count"]) for lang, data in entry["languages"].items()}
