"""Nested lists written the CommonMark way (DocFX) re-indented the Python-Markdown way.

CommonMark nests a block under a list item when it starts at the item's content column
(``* `` -> 2 spaces, ``1. `` -> 3). Python-Markdown wants four spaces per level, so the
public docs' 2-space nested lists would render flat. Each line inside a list is moved to
the column Python-Markdown expects; the indentation beyond the content column is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.markdown_scan import fenced_mask

_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[*+-]|\d{1,9}[.)])(?P<space> +|$)")
TAB = 4


@dataclass
class _Item:
    src_marker: int
    src_content: int
    out_content: int


def normalize_lists(lines: list[str], fenced: list[bool] | None = None) -> list[str]:
    fenced = fenced if fenced is not None else fenced_mask(lines)
    stack: list[_Item] = []
    out: list[str] = []
    previous_blank = True
    fence_shift = 0
    for i, line in enumerate(lines):
        expanded = line.expandtabs(TAB)
        if fenced[i] and i > 0 and fenced[i - 1]:
            out.append(_shift(expanded, fence_shift) if stack else line)  # inside a fence: move with its opener
            continue
        if not expanded.strip():
            out.append(line)
            previous_blank = True
            continue
        indent = len(expanded) - len(expanded.lstrip(" "))
        item = _ITEM.match(expanded)
        if item and not _is_rule(expanded):
            while stack and indent < stack[-1].src_content:
                stack.pop()
            out_marker = stack[-1].out_content if stack else indent
            marker = item.group("marker")
            spaces = len(item.group("space")) if item.group("space") else 1
            if spaces > 4:  # content that starts 5+ spaces after the marker is an indented code block
                spaces = 1
            stack.append(_Item(indent, indent + len(marker) + spaces, out_marker + TAB))
            new = " " * out_marker + expanded[indent:]
            fence_shift = out_marker - indent
        elif stack and indent > 0:
            while len(stack) > 1 and indent < stack[-1].src_content:
                stack.pop()
            top = stack[-1]
            extra = indent - top.src_content
            # CommonMark lets a block start up to 3 spaces past the content column; 4 or more is code
            # (or the body of an admonition above it), which keeps its extra indentation.
            target = top.out_content + (extra if extra >= TAB else 0)
            new = " " * target + expanded[indent:]
            fence_shift = target - indent
        else:
            if indent == 0 and previous_blank:
                stack = []  # a paragraph at the margin after a blank line ends the list
            new = line
            fence_shift = 0
        out.append(new)
        previous_blank = False
    return out


def _is_rule(line: str) -> bool:
    """``* * *`` and ``---`` are thematic breaks, not list items."""
    return bool(re.fullmatch(r" *([*_-])( *\1){2,} *", line))


def _shift(line: str, by: int) -> str:
    if by >= 0:
        return " " * by + line
    indent = len(line) - len(line.lstrip(" "))
    return line[min(indent, -by):]
