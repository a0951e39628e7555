"""The CommonMark block structure of a Markdown text, line by line: what Markdig sees before it renders.

DocFX's syntax lives in blocks (an include on a line of its own, an alert in a block quote) and never inside
code or raw HTML. Which lines are code or raw HTML is decided by CommonMark's container rules: a fence
indented into a list item is a fence, four spaces at the margin are indented code, a fence ends when the
block quote or list item that holds it ends, an HTML block of kind 6 or 7 ends at a blank line. This module
follows the CommonMark 0.31 block algorithm closely enough to give each line its role; it does not build a
tree and does not look inside lines beyond what the block rules need. ``tests/test_blocks.py`` checks it
against markdown-it-py, a CommonMark-conformant parser, on generated documents and on the corpus.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["text", "fence", "code", "html"]

_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|"
    "dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|"
    "legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|section|summary|table|"
    "tbody|td|tfoot|th|thead|title|tr|track|ul"
)
_ATTR = r"""(?:\s+[a-zA-Z_:][a-zA-Z0-9_.:-]*(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?)"""
# (start pattern, end pattern or None for "ends at a blank line"), in CommonMark's order of kinds 1-7.
_HTML_KINDS: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...] = (
    (re.compile(r"<(?:script|pre|style|textarea)(?:\s|>|$)", re.I),
     re.compile(r"</(?:script|pre|style|textarea)>", re.I)),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(rf"</?(?:{_BLOCK_TAGS})(?:\s|/?>|$)", re.I), None),
    (re.compile(rf"(?:<[A-Za-z][A-Za-z0-9-]*{_ATTR}*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$"), None),
)
_FENCE = re.compile(r"(?P<marker>`{3,}|~{3,})(?P<info>.*)$")
_BULLET = re.compile(r"[*+-](?=[ \t]|$)")
_ORDERED = re.compile(r"(?P<number>\d{1,9})[.)](?=[ \t]|$)")
_THEMATIC = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_ATX = re.compile(r"#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"(?:=+|-+)[ \t]*$")
# Not CommonMark: the site's own pages also use Python-Markdown's admonitions and content tabs, whose body is
# indented four columns under the marker line. Read as CommonMark that body would be indented code.
_INDENTED_BLOCK = re.compile(r"(?:!!!|\?\?\?\+?|===)[ \t]+\S")
TAB = 4


@dataclass(frozen=True)
class Fence:
    """One fenced code block: where it opens and closes, and what was written on its opening line."""

    open: int  # line index of the opening fence
    close: int | None  # line index of the closing fence; None when its container or the text ends first
    last: int  # index of the block's last line (the closing fence, or the last line of code)
    column: int  # index in the opening line at which the fence characters start
    marker: str  # the fence characters as written ("```", "~~~~")
    info: str  # the info string, stripped


@dataclass(frozen=True)
class HtmlBlock:
    first: int
    last: int
    kind: int  # CommonMark's HTML block kinds 1-7 (2 is a comment)
    column: int  # index in the first line at which the HTML starts


@dataclass
class Blocks:
    """Each line's role, and the fences and HTML blocks with their extent."""

    roles: list[Role]
    fences: list[Fence] = field(default_factory=list)
    html: list[HtmlBlock] = field(default_factory=list)

    @property
    def verbatim(self) -> list[bool]:
        """Lines that Markdig passes through as code or raw HTML: no DocFX syntax is looked for there."""
        return [role != "text" for role in self.roles]

    @property
    def fenced(self) -> list[bool]:
        return [role == "fence" for role in self.roles]


@dataclass
class _Container:
    quote: bool  # a block quote; otherwise a list item, or one of the site's own indented blocks
    content: int = 0  # columns from its parent's content start to its own content
    blank_start: bool = False  # list item that began with a blank line
    has_content: bool = False


@dataclass
class _Leaf:
    kind: Literal["paragraph", "fence", "code", "html"]
    depth: int  # how many containers were open when the leaf began
    fence: tuple[int, int, str, str, int] | None = None  # (open line, column, marker, info, indent)
    html_kind: int = 0
    html_start: tuple[int, int] = (0, 0)


def _columns(line: str) -> tuple[str, list[int]]:
    """The line with tabs expanded to CommonMark's tab stops, and the source index of every column."""
    if "\t" not in line:
        return line, list(range(len(line) + 1))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(line):
        if ch == "\t":
            width = TAB - len(out) % TAB
            out.extend(" " * width)
            index.extend([i] * width)
        else:
            out.append(ch)
            index.append(i)
    index.append(len(line))
    return "".join(out), index


def _indent(text: str, pos: int) -> int:
    n = 0
    while pos + n < len(text) and text[pos + n] == " ":
        n += 1
    return n


_RECENT: OrderedDict[tuple[str, ...], Blocks] = OrderedDict()
_KEEP = 8


def scan(lines: list[str]) -> Blocks:
    """Give every line its CommonMark block role.

    The engine's steps each ask for the roles of the text they are given, and most steps give the next one
    the text unchanged: two scans in three were of a text scanned a moment before (half the lines scanned in
    a build of the English user help). The last few results are kept, keyed by the lines themselves, and
    each caller gets lists of its own."""
    key = tuple(lines)
    found = _RECENT.get(key)
    if found is None:
        found = _RECENT[key] = _Scanner(lines).run()
        if len(_RECENT) > _KEEP:
            _RECENT.popitem(last=False)
    else:
        _RECENT.move_to_end(key)
    return Blocks(list(found.roles), list(found.fences), list(found.html))


class _Scanner:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.roles: list[Role] = ["text"] * len(lines)
        self.fences: list[Fence] = []
        self.html: list[HtmlBlock] = []
        self.containers: list[_Container] = []
        self.leaf: _Leaf | None = None

    def run(self) -> Blocks:
        for i, line in enumerate(self.lines):
            self._line(i, line)
        self._end_leaf(len(self.lines) - 1)
        return Blocks(self.roles, self.fences, self.html)

    def _end_leaf(self, last: int, close: int | None = None) -> None:
        leaf, self.leaf = self.leaf, None
        if leaf is None:
            return
        if leaf.kind == "fence" and leaf.fence is not None:
            start, column, marker, info, _ = leaf.fence
            self.fences.append(Fence(start, close, max(last, start), column, marker, info))
        elif leaf.kind == "html":
            first, column = leaf.html_start
            self.html.append(HtmlBlock(first, max(last, first), leaf.html_kind, column))

    def _close_containers(self, keep: int, line: int) -> None:
        if len(self.containers) > keep:
            del self.containers[keep:]
            if self.leaf is not None and self.leaf.depth > keep:
                self._end_leaf(line - 1)

    def _line(self, i: int, raw: str) -> None:
        text, index = _columns(raw)
        pos = 0
        matched = 0
        for container in self.containers:
            if container.quote:
                ind = _indent(text, pos)
                if ind <= 3 and text[pos + ind:pos + ind + 1] == ">":
                    pos += ind + 1
                    if text[pos:pos + 1] == " ":
                        pos += 1
                    matched += 1
                    continue
                break
            if not text[pos:].strip():
                if container.blank_start and not container.has_content:
                    break
                matched += 1
                continue
            if _indent(text, pos) >= container.content:
                pos += container.content
                matched += 1
                continue
            break
        all_matched = matched == len(self.containers)
        rest = text[pos:]
        blank = not rest.strip()
        leaf = self.leaf

        if leaf is not None and leaf.kind == "fence" and leaf.fence is not None:
            if all_matched:
                self.roles[i] = "fence"
                ind = _indent(text, pos)
                marker = leaf.fence[2]
                body = rest[ind:]
                closing = len(body) - len(body.lstrip(marker[0]))
                if ind <= 3 and closing >= len(marker) and not body[closing:].strip():
                    self._end_leaf(i, close=i)
                return
            self._end_leaf(i - 1)
        elif leaf is not None and leaf.kind == "html":
            if all_matched:
                end = _HTML_KINDS[leaf.html_kind - 1][1]
                if end is None and blank:
                    self._end_leaf(i - 1)
                    return
                self.roles[i] = "html"
                if end is not None and end.search(rest):
                    self._end_leaf(i)
                return
            self._end_leaf(i - 1)
        elif leaf is not None and leaf.kind == "code":
            if all_matched and (blank or _indent(text, pos) >= 4):
                if not blank:
                    self.roles[i] = "code"
                return
            self._end_leaf(i - 1)

        self._new_blocks(i, text, index, pos, matched)

    def _new_blocks(self, i: int, text: str, index: list[int], pos: int, matched: int) -> None:
        opened = False  # a new container began on this line
        unmatched = matched < len(self.containers)
        while True:
            rest = text[pos:]
            ind = _indent(text, pos)
            paragraph = self.leaf is not None and self.leaf.kind == "paragraph" and not opened
            if not rest.strip():
                self._close_containers(matched, i)
                if self.leaf is not None and self.leaf.kind == "paragraph":
                    self._end_leaf(i - 1)
                return
            if ind >= 4:
                if paragraph:
                    self._touch()
                    return  # indented text continues a paragraph (lazily, if containers did not match)
                self._close_containers(matched, i)
                self._end_leaf(i - 1)
                self.leaf = _Leaf("code", len(self.containers))
                self.roles[i] = "code"
                self._touch()
                return
            start = pos + ind
            ch = text[start]
            if ch == ">":
                self._close_containers(matched, i)
                self._end_leaf(i - 1)
                self._touch()
                self.containers.append(_Container(quote=True))
                matched = len(self.containers)
                pos = start + 1
                if text[pos:pos + 1] == " ":
                    pos += 1
                opened = True
                continue
            if _INDENTED_BLOCK.match(text, start):
                self._close_containers(matched, i)
                self._end_leaf(i - 1)
                self._touch()
                self.containers.append(_Container(quote=False, content=ind + 4, has_content=True))
                return
            item = self._list_marker(text, start, paragraph and not unmatched)
            if item is not None:
                width, spaces, empty = item
                self._close_containers(matched, i)
                self._end_leaf(i - 1)
                self._touch()
                content = ind + width + spaces
                self.containers.append(_Container(quote=False, content=content, blank_start=empty,
                                                  has_content=not empty))
                matched = len(self.containers)
                pos = min(pos + content, len(text)) if not empty else len(text)
                opened = True
                continue
            body = text[start:]
            fence = _FENCE.match(body)
            if fence and not (fence.group("marker")[0] == "`" and "`" in fence.group("info")):
                self._close_containers(matched, i)
                self._end_leaf(i - 1)
                self._touch()
                self.leaf = _Leaf("fence", len(self.containers),
                                  fence=(i, index[start], fence.group("marker"), fence.group("info").strip(), ind))
                self.roles[i] = "fence"
                return
            if ch == "<":
                kind = self._html_kind(body, paragraph and not unmatched)
                if kind:
                    self._close_containers(matched, i)
                    self._end_leaf(i - 1)
                    self._touch()
                    self.leaf = _Leaf("html", len(self.containers), html_kind=kind, html_start=(i, index[start]))
                    self.roles[i] = "html"
                    end = _HTML_KINDS[kind - 1][1]
                    if end is not None and end.search(body):
                        self._end_leaf(i)
                    return
            if paragraph and not unmatched and _SETEXT.match(body):
                self._end_leaf(i)  # a setext underline closes the paragraph it makes a heading of
                return
            if _THEMATIC.match(body) or _ATX.match(body):
                self._close_containers(matched, i)
                self._end_leaf(i - 1)
                self._touch()
                return
            if paragraph:
                self._touch()
                return  # paragraph continuation; when containers did not match, a lazy one that keeps them
            self._close_containers(matched, i)
            self._end_leaf(i - 1)
            self._touch()
            self.leaf = _Leaf("paragraph", len(self.containers))
            return

    def _touch(self) -> None:
        if self.containers:
            self.containers[-1].has_content = True

    @staticmethod
    def _list_marker(text: str, start: int, interrupts: bool) -> tuple[int, int, bool] | None:
        """(marker width, spaces to the content, empty item) for a list marker at ``start``, else None."""
        body = text[start:]
        if _THEMATIC.match(body):
            return None
        bullet = _BULLET.match(body)
        ordered = None if bullet else _ORDERED.match(body)
        marker = bullet or ordered
        if marker is None:
            return None
        width = marker.end()
        after = body[width:]
        empty = not after.strip()
        if interrupts and (empty or (ordered is not None and int(ordered.group("number")) != 1)):
            return None
        if empty:
            return width, 1, True
        spaces = _indent(body, width)
        if spaces > 4:
            spaces = 1  # content 5+ columns after the marker is indented code inside the item
        return width, spaces, False

    @staticmethod
    def _html_kind(body: str, paragraph: bool) -> int:
        for kind, (start, _end) in enumerate(_HTML_KINDS, start=1):
            if start.match(body):
                if kind == 7 and paragraph:
                    return 0  # kind 7 cannot interrupt a paragraph of its own container
                return kind
        return 0


def verbatim_mask(lines: list[str]) -> list[bool]:
    """Lines of code and raw HTML, where DocFX syntax is not looked for (see ``Blocks.verbatim``)."""
    return scan(lines).verbatim
