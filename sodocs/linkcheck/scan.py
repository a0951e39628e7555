"""Read one built HTML page once: the ids it offers and every URL it asks for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from ..core.markdown_scan import srcset_urls

# (selector, attribute) pairs: every place an HTML page names another resource.
URL_ATTRS: tuple[tuple[str, str], ...] = (
    ("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("img", "srcset"),
    ("source", "src"), ("source", "srcset"), ("iframe", "src"), ("video", "src"), ("video", "poster"),
    ("audio", "src"), ("embed", "src"), ("track", "src"), ("object", "data"),
)
_SELECTOR = ", ".join(sorted({tag for tag, _ in URL_ATTRS}))  # each tag once: a node is yielded once
ATTRS_BY_TAG: dict[str, tuple[str, ...]] = {}
for _tag, _attr in URL_ATTRS:
    ATTRS_BY_TAG[_tag] = (*ATTRS_BY_TAG.get(_tag, ()), _attr)



@dataclass(frozen=True)
class PageScan:
    rel: str  # path inside the site, POSIX
    ids: frozenset[str]
    links: tuple[tuple[str, str, str], ...]  # (tag, attribute, url)
    images_without_alt: tuple[tuple[str, int], ...]  # (src, how many earlier images have that src)


def scan_html(rel: str, html: str) -> PageScan:
    tree = LexborHTMLParser(html)
    ids = {node.attributes.get("id") or "" for node in tree.css("[id]")}
    ids |= {node.attributes.get("name") or "" for node in tree.css("a[name]")}
    ids.discard("")
    links: list[tuple[str, str, str]] = []
    no_alt: list[tuple[str, int]] = []
    seen_src: dict[str, int] = {}
    for node in tree.css(_SELECTOR):
        tag = node.tag or ""
        attrs = node.attributes
        for attr in ATTRS_BY_TAG.get(tag, ()):
            value = attrs.get(attr)
            if value is None:
                continue
            if attr == "srcset":
                links.extend((tag, attr, url) for url in srcset_urls(value))
            else:
                links.append((tag, attr, value.strip()))
        if tag == "img":
            src = attrs.get("src") or ""
            if "alt" not in attrs:
                no_alt.append((src, seen_src.get(src, 0)))
            seen_src[src] = seen_src.get(src, 0) + 1
    return PageScan(rel, frozenset(ids), tuple(links), tuple(no_alt))


def scan_file(args: tuple[str, str]) -> PageScan:
    """Worker entry point for a process pool: (site folder, page path inside it)."""
    site, rel = args
    return scan_html(rel, Path(site, rel).read_text(encoding="utf-8", errors="replace"))
