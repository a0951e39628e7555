"""DocFX tabs (``# [Online](#tab/online)`` … ``---``) become pymdownx.tabbed content tabs.

Material's ``content.tabs.link`` then links tabs with the same label across the page, the way
DocFX keeps tab groups in step. As in DocFX, a group ends at a thematic break (``---``); one that is never
closed runs to the end of the file that opened it (an include is a document of its own for DocFX).
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostics, Origin
from .text import Text, TextBuilder

_TAB = re.compile(r"^#{1,6}[ \t]+\[(?P<label>[^\]]+)\]\(#tab/(?P<id>[\w.+-]+)(?:/[\w.-]*)?\)[ \t]*$")
_END = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")


def _same_file(line: Origin, opener: Origin) -> bool:
    """True when ``line`` comes from the file (and the very include of it) that holds ``opener``."""
    outer = opener.frames[1:]
    return len(line.frames) >= len(opener.frames) and line.frames[len(line.frames) - len(outer):] == outer


def convert_tabs(text: Text, diags: Diagnostics) -> Text:
    verbatim = text.verbatim
    out = TextBuilder(text)
    opener: Origin | None = None
    for i, line in enumerate(text.lines):
        if opener is not None and not _same_file(text.origins[i], opener):
            _unclosed(opener, diags)
            opener = None
            out.add("", i)
        tab = None if verbatim[i] else _TAB.match(line)
        if tab:
            label = tab.group("label").replace('"', "&quot;")
            out.keep(i, f'=== "{label}"')
            out.add("", i)
            opener = opener or text.origins[i]
            continue
        if opener is not None and not verbatim[i] and _END.match(line) and _ends_block(text, i):
            opener = None
            out.keep(i, "")
            continue
        out.keep(i, ("    " + line) if opener is not None and line.strip() else line)
    if opener is not None:
        _unclosed(opener, diags)
    return out.text()


def _ends_block(text: Text, i: int) -> bool:
    """``---`` right under a line of text underlines a heading (CommonMark's setext rule); else it is a break."""
    if i == 0 or text.lines[i].strip()[0] != "-":
        return True
    above = text.lines[i - 1]
    return not above.strip() or text.roles[i - 1] != "text" or bool(_ATX.match(above)) or bool(_TAB.match(above))


def _unclosed(opener: Origin, diags: Diagnostics) -> None:
    diags.add(opener, "unclosed", "this tab group is never closed with a line '---'; it runs to the end of "
              f"{opener.innermost.path}", "warning")
