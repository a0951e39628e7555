"""Raw HTML blocks kept exactly where CommonMark ends them.

Python-Markdown reads raw HTML its own way: an opening ``<details>`` at the margin swallows everything up
to its ``</details>`` as raw HTML, blank lines and Markdown included, so ``## Heading`` or ``**bold**`` written
between them is published as typed. CommonMark (Markdig) ends such an HTML block at the first blank line and
renders the Markdown after it. So the engine hands each CommonMark HTML block to Python-Markdown as one
comment line that it passes through untouched, and ``restore`` puts the block back into the HTML.

Blocks whose opening tag has a ``markdown`` attribute are Python-Markdown's own ``md_in_html`` (the site's
card grids and macros use it) and are left to it, together with everything up to their closing tag.
"""

from __future__ import annotations

import base64
import re

from ..diagnostics import Diagnostics
from .text import Text, TextBuilder

PLACEHOLDER = re.compile(r"(?:<p>)?<!--sodocs-html:(?P<data>[A-Za-z0-9+/=]*)-->(?:</p>)?")
_MD_IN_HTML = re.compile(r"<(?P<tag>[a-zA-Z][\w-]*)\b[^>]*?\smarkdown\b")
# What may stand before an HTML block on its first line: indentation, quote markers, a list item's marker.
_TAGS = re.compile(r"<!--.*?-->|<[^<>]*>", re.S)
# Markdown or DocFX syntax that a writer surely meant to be rendered, seen in the text of an HTML block.
_MEANT_AS_MARKDOWN = re.compile(r"\*\*|__|\[!|\]\(|\]\[|`|^\s*(?:#{1,6}\s|[*+-]\s|\d+\.\s|>)", re.M)
_PREFIX = re.compile(r"^[ \t>]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)?(?=<)")
# Elements whose text is literal by intent (code, preformatted text, scripts): "][" or "`" there is code.
_HEADING = re.compile(r"^\s*#{1,6}\s", re.M)
_LITERAL = re.compile(r"<(?P<tag>pre|code|script|style|textarea)\b[^>]*>.*?</(?P=tag)\s*>", re.S | re.I)


def placeholder(raw: str) -> str:
    return f"<!--sodocs-html:{base64.b64encode(raw.encode('utf-8')).decode('ascii')}-->"


def restore(html: str) -> str:
    """The HTML with every placeholder replaced by its block (a paragraph around it goes too)."""
    if "<!--sodocs-html:" not in html:
        return html
    return PLACEHOLDER.sub(lambda m: base64.b64decode(m.group("data")).decode("utf-8"), html)


def _md_in_html_lines(text: Text) -> set[int]:
    """Lines from a ``<tag markdown>`` opening to its matching close: Python-Markdown's to read."""
    inside: set[int] = set()
    tag: str | None = None
    depth = 0
    for i, line in enumerate(text.lines):
        if tag is None:
            found = _MD_IN_HTML.search(line) if text.roles[i] == "html" else None
            if found is None:
                continue
            tag = found.group("tag").lower()
            depth = 0
        inside.add(i)
        depth += len(re.findall(rf"<{tag}\b", line, re.I)) - len(re.findall(rf"</{tag}\s*>", line, re.I))
        if depth <= 0:
            tag = None
    return inside


def stash(text: Text, diags: Diagnostics | None = None) -> Text:
    """Each run of raw HTML lines becomes one placeholder line with the run's container prefix.

    Markdown that CommonMark reads as part of an HTML block (text after ``<!-- x -->`` on the same line, a
    directive right under ``<details>`` with no blank line) is shown as typed, by DocFX too: said at its line.
    """
    roles = text.roles
    if "html" not in roles:
        return text
    keep = _md_in_html_lines(text)
    out = TextBuilder(text)
    i = 0
    while i < len(text.lines):
        if roles[i] != "html" or i in keep:
            out.keep(i)
            i += 1
            continue
        j = i
        while j + 1 < len(text.lines) and roles[j + 1] == "html" and j + 1 not in keep:
            j += 1
        prefix = _PREFIX.match(text.lines[i])
        lead = prefix.group(0) if prefix else text.lines[i][:len(text.lines[i]) - len(text.lines[i].lstrip())]
        quotes = lead.count(">")
        rest = [_strip(text.lines[k], quotes) for k in range(i + 1, j + 1)]
        # Inside a container the lines carry its indentation, which is not the HTML's; at the margin every
        # space is the writer's and stays.
        indent = min((len(b) - len(b.lstrip(" ")) for b in rest if b.strip()), default=0) if lead else 0
        raw = "\n".join([text.lines[i][len(lead):], *(b[indent:] for b in rest)])
        if diags is not None:
            _report_markdown(text, i, j, diags)
        out.keep(i, lead + placeholder(raw))
        i = j + 1
    return out.text()


def _report_markdown(text: Text, first: int, last: int, diags: Diagnostics) -> None:
    lines = []
    for k in range(first, last + 1):
        line = text.lines[k]
        prefix = _PREFIX.match(line) if k == first else None
        lines.append(line[prefix.end():] if prefix else line.lstrip(" \t>"))
    # What a comment holds is meant to be hidden, over as many lines as it runs; what a closed <pre> or <code>
    # holds is code, meant as typed (an unclosed one is no code the writer ended, and is looked at; nor is code
    # that runs over a heading line: a <pre> left open in one YAML field and closed in a later one).
    visible = _TAGS.sub(_blank, _LITERAL.sub(_blank_code, "\n".join(lines))).split("\n")
    for k, line in zip(range(first, last + 1), visible, strict=True):
        found = _MEANT_AS_MARKDOWN.search(line)
        if found and line.strip():
            diags.add(text.origins[k], "raw-html", "this line belongs to an HTML block, so its Markdown "
                      f"({found.group(0).strip() or found.group(0)!r}) is shown as typed, in DocFX too; "
                      "put the HTML on lines of its own with a blank line after it", "warning")
            return


def _blank(m: re.Match[str]) -> str:
    """The match as spaces, its line breaks kept."""
    return re.sub(r"[^\n]", " ", m.group(0))


def _blank_code(m: re.Match[str]) -> str:
    return m.group(0) if _HEADING.search(m.group(0)) else _blank(m)


def _strip(line: str, quotes: int) -> str:
    """The line without its first ``quotes`` block-quote markers (and the one space after each)."""
    pos = 0
    for _ in range(quotes):
        at = line.find(">", pos)
        if at < 0 or line[pos:at].strip():
            break
        pos = at + 1
        if line[pos:pos + 1] == " ":
            pos += 1
    return line[pos:].expandtabs(4)
