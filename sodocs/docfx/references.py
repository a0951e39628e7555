"""Reference-style links scoped to the file that defines them.

Python-Markdown keeps one reference table per page, so an included file's ``[7]: …`` silently
replaces the page's own ``[7]: …``. We resolve every file's references against its own
definitions *before* files are joined, turning ``[text][7]`` into ``[text](target)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.blocks import verbatim_mask
from ..core.markdown_scan import _TEXT, code_spans, format_link, in_spans
from ..diagnostics import Diagnostics, Origin

_DEFINITION = re.compile(
    r"^[ \t]*\[(?P<label>[^\]\n]+)\]:[ \t]*(?P<dest><[^<>\n]*>|\S+)?"
    r"(?:[ \t]+(?P<title>\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*$"
)
_FULL_REF = re.compile(rf"(?<!\\)(?P<bang>!?)\[(?P<text>{_TEXT})\]\[(?P<label>[^\[\]\n]*)\]")
_SHORTCUT_REF = re.compile(rf"(?<![\\\]])(?P<bang>!?)\[(?P<text>{_TEXT})\](?![\[(:])")


@dataclass(frozen=True)
class Definition:
    dest: str
    title: str | None
    index: int  # line index in the file's lines


def normalize_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def scope_references(lines: list[str], origins: list[Origin], diags: Diagnostics) -> list[str]:
    """Turn the file's reference links into inline links and drop its definitions."""
    skip = verbatim_mask(lines)
    defs: dict[str, Definition] = {}
    out = list(lines)
    for i, line in enumerate(lines):
        if skip[i]:
            continue
        match = _DEFINITION.match(line)
        if not match or match.group("label").startswith(("!", "^")):
            continue
        label = normalize_label(match.group("label"))
        dest = (match.group("dest") or "").removeprefix("<").removesuffix(">")
        if label in defs and defs[label].dest != dest:
            first = origins[defs[label].index].innermost
            diags.add(origins[i], "duplicate-definition",
                      f"link label [{match.group('label')}] is defined again (first at line {first.line}); "
                      "the first definition is used", "warning")
        else:
            defs.setdefault(label, Definition(dest, match.group("title"), i))
        out[i] = ""  # keep the line count so every later line keeps its origin

    used: set[str] = set()
    for i, line in enumerate(out):
        if skip[i] or "[" not in line:
            continue
        out[i] = _replace_refs(line, origins[i], defs, used, diags)
    for label, definition in defs.items():
        if label not in used:
            diags.add(origins[definition.index], "unused-definition",
                      f"link label [{label}] is defined but never used", "info")
    return out


def _replace_refs(line: str, origin: Origin, defs: dict[str, Definition], used: set[str],
                  diags: Diagnostics) -> str:
    def resolve(m: re.Match[str], spans: list[tuple[int, int]], shortcut: bool) -> str:
        raw_label = m.group("text") if shortcut else (m.group("label") or m.group("text"))
        label = normalize_label(raw_label)
        # A label of nothing but blanks is no label (CommonMark): `Field[][]` is a type name, not a link.
        if not label or in_spans(m.start(), spans) or (shortcut and label not in defs):
            return m.group(0)
        definition = defs.get(label)
        where = origin.with_column(m.start() + 1)
        if definition is None:
            diags.add(where, "undefined-reference",
                      f"link label [{raw_label}] is not defined in this file", "warning")
            # Not a link in CommonMark: Markdig shows the brackets as typed (`arr[0][1]`, a mistyped label),
            # so the reader sees what DocFX shows. Python-Markdown leaves them as they are, for this file's
            # definitions are taken out above and no other file's can match.
            return m.group(0)
        used.add(label)
        if not definition.dest:
            diags.add(where, "empty-definition", f"link label [{raw_label}] has no target", "warning")
            return m.group("text")
        return format_link(bool(m.group("bang")), m.group("text"), definition.dest, definition.title)

    spans = code_spans(line)
    line = _FULL_REF.sub(lambda m: resolve(m, spans, shortcut=False), line)
    spans = code_spans(line)
    return _SHORTCUT_REF.sub(lambda m: resolve(m, spans, shortcut=True), line)
