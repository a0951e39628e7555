"""Python-Markdown extensions: links to the full documentation marked, and Markdig's rendering where it differs."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.extensions.toc import render_inner_html, strip_tags
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from . import html_blocks

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


# CommonMark lets a backslash escape any ASCII punctuation character; Python-Markdown only a few of them,
# so "\<" would be published with its backslash.
COMMONMARK_ESCAPABLE = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ANCHOR_HEADING = re.compile(r'^\s*<a +(?:name|id)="(?P<id>[\w \-.]+)" *>\s*</a>')
_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")


def markdig_slug(text: str) -> str:
    """Markdig's GitHub-style auto-identifier of a heading's plain text (``AutoIdentifierOptions.GitHub``)."""
    out = []
    for ch in text:
        if ch.isalnum() or ch in "-_":
            out.append(ch.lower())
        elif ch == " ":
            out.append("-")
    return "".join(out)


def unique_slug(base: str, used: set[str]) -> str:
    """Markdig's way to keep ids apart: ``pros``, ``pros-1``, ``pros-2``; an empty one is ``section``."""
    base = base or "section"
    slug, n = base, 0
    while slug in used:
        n += 1
        slug = f"{base}-{n}"
    used.add(slug)
    return slug


class _HeadingIds(Treeprocessor):
    """Heading ids as DocFX writes them, so that deep links from other documentation keep working.

    Markdig gives each heading of a page the slug of its plain text and numbers repeats with ``-1``, ``-2``;
    DocFX then lets a heading that starts with ``<a name="x"></a>`` take the id ``x`` (and drops the empty
    anchor). Runs before ``toc``, which keeps ids that are already set. One difference remains: DocFX renders
    an include as a document of its own, so a heading repeated in an include is not numbered there.
    """

    def run(self, root: etree.Element) -> None:
        used: set[str] = set()
        for el in root.iter():
            if not (isinstance(el.tag, str) and re.fullmatch(r"h[1-6]", el.tag)) or "id" in el.attrib:
                continue
            inner = render_inner_html(el, self.md)
            slug = unique_slug(markdig_slug(html.unescape(strip_tags(inner))), used)
            anchor = _ANCHOR_HEADING.match(inner)
            if anchor:
                slug = anchor.group("id")
                self._drop_leading_anchor(el)
            el.set("id", slug)

    def _drop_leading_anchor(self, el: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        head = el.text or ""
        found = list(_STASHED.finditer(head))
        adjacent = len(found) >= 2 and not head[:found[0].start()].strip() \
            and not head[found[0].end():found[1].start()].strip()
        if adjacent:
            opening, closing = (str(stash[int(m.group(1))]) for m in found[:2])
            if opening.startswith("<a") and closing.strip() == "</a>":
                el.text = head[found[1].end():].lstrip()


class _RestoreHtmlBlocks(Postprocessor):
    """Put each CommonMark HTML block back, verbatim, where the engine left its placeholder (``html_blocks``)."""

    def run(self, text: str) -> str:
        return html_blocks.restore(text)


class DocfxMarkdownExtension(Extension):
    """What Markdig does that Python-Markdown does differently: escapes, heading ids, raw HTML blocks."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.ESCAPED_CHARS = list(COMMONMARK_ESCAPABLE)
        md.treeprocessors.register(_HeadingIds(md), "sodocs_heading_ids", 6)  # after inline (20), before toc (5)
        md.postprocessors.register(_RestoreHtmlBlocks(md), "sodocs_html_blocks", 5)  # after raw HTML (30)
