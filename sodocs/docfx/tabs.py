"""DocFX tabs (``# [Online](#tab/online)`` … ``---``) become pymdownx.tabbed content tabs.

Material's ``content.tabs.link`` then links tabs with the same label across the page, the way
DocFX keeps tab groups in step.
"""

from __future__ import annotations

import re

from ..core.markdown_scan import fenced_mask
from ..diagnostics import Origin

_TAB = re.compile(r"^#{1,6}[ \t]+\[(?P<label>[^\]]+)\]\(#tab/(?P<id>[\w.-]+)(?:/[\w.-]+)?\)[ \t]*$")
_END = re.compile(r"^-{3,}[ \t]*$")


def convert_tabs(lines: list[str], origins: list[Origin],
                 fenced: list[bool] | None = None) -> tuple[list[str], list[Origin]]:
    fenced = fenced if fenced is not None else fenced_mask(lines)
    out: list[str] = []
    out_origins: list[Origin] = []
    in_group = False
    for i, line in enumerate(lines):
        tab = None if fenced[i] else _TAB.match(line)
        if tab:
            label = tab.group("label").replace('"', "&quot;")
            out.extend([f'=== "{label}"', ""])
            out_origins.extend([origins[i], origins[i]])
            in_group = True
            continue
        if in_group and not fenced[i] and _END.match(line):
            in_group = False
            out.append("")
            out_origins.append(origins[i])
            continue
        out.append(("    " + line) if in_group and line.strip() else line)
        out_origins.append(origins[i])
    return out, out_origins
