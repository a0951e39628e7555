"""Fenced code as Markdig reads it, written so that Python-Markdown (pymdownx.superfences) reads it the same way.

Markdig takes any info string: the language is its first word, whatever its case or punctuation
(SuperOffice marks runnable CRMScript as ```` ```crmscript! ````). superfences only opens a fence whose
info string is a bare language name, and only closes it with the very same fence; anything else would be
published as a paragraph of raw code. So each opening line is rewritten to the fence and a clean language
name, each closing line to the opening fence, and a fence that is never closed is closed where CommonMark
ends it (with its block quote or list item, or at the end of its file) and reported at its opening line.
"""

from __future__ import annotations

import re

from ..core.blocks import Fence, scan
from ..diagnostics import Diagnostics
from .text import Text, TextBuilder

_LANGUAGE = re.compile(r"[\w#+.-]+")
_HL_LINES = re.compile(r'\bhl_lines="[\d ]*"')  # written by code snippets (``?highlight=``)
_MARKER = re.compile(r"(?:[*+-]|\d{1,9}[.)])(?=[ \t]|$)")


def language(info: str) -> str:
    """The language a Markdig info string names: its first word, lower case, trailing punctuation dropped."""
    word = info.split(maxsplit=1)[0] if info.strip() else ""
    found = _LANGUAGE.match(word)
    return found.group(0).lower().strip(".-") if found else ""


def _prefix(line: str, fence: Fence) -> str:
    """What stands before the fence on its opening line, as it stands on the lines after it."""
    return _MARKER.sub(lambda m: " " * len(m.group(0)), line[:fence.column])


def close_unclosed(text: Text, diags: Diagnostics) -> Text:
    """Close each fence its file never closes, right where CommonMark ends it, and say so at its opening line."""
    blocks = scan(text.lines)
    unclosed = {f.last: f for f in blocks.fences if f.close is None}
    if not unclosed:
        return text
    out = TextBuilder(text)
    for i, line in enumerate(text.lines):
        out.keep(i, line)
        fence = unclosed.get(i)
        if fence is not None:
            opener = text.lines[fence.open]
            where = "the end of the file" if i == len(text.lines) - 1 else \
                f"line {text.origins[i].innermost.line}, where its {_container(opener, fence)} ends"
            diags.add(text.origins[fence.open].with_column(fence.column + 1), "unclosed",
                      f"code block opened with {fence.marker} is never closed; it runs to {where}", "warning")
            out.add(_prefix(opener, fence) + fence.marker, i, "fence")
    return out.text()


def _container(line: str, fence: Fence) -> str:
    return "block quote" if ">" in line[:fence.column] else "list item"


def normalize(text: Text) -> Text:
    """Rewrite every fence's opening and closing line for superfences; nothing else changes."""
    blocks = scan(text.lines)
    if not blocks.fences:
        return text
    lines = list(text.lines)
    for fence in blocks.fences:
        opener = lines[fence.open]
        prefix = opener[:fence.column]
        lang = language(fence.info)
        hl = _HL_LINES.search(fence.info)
        lines[fence.open] = prefix + fence.marker + lang + (f" {hl.group(0)}" if hl and lang else "")
        if fence.close is not None:
            lines[fence.close] = _prefix(opener, fence) + fence.marker
    return text.substituted(lines)

