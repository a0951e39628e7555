"""DocFX cross references by ``uid``: ``[text](xref:uid)``, ``<xref:uid>`` and ``@uid``."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..core.markdown_scan import Link, code_spans, fenced_mask, format_link, in_spans, rewrite_links
from ..diagnostics import Diagnostics, Origin

_AUTOLINK = re.compile(r"<xref:(?P<uid>[^>\s]+)>")
# DocFX's shorthand: "@" + uid, not inside a word or an e-mail address.
_AT = re.compile(r"(?<![\w@/.:\\`])@(?P<uid>[A-Za-z][\w.\-]*[\w])")


# Characters that Markdown, raw HTML or a later step of the pipeline (``@uid``, ``[!…]``, attribute lists,
# emoji) would read as syntax inside a link text. Written as numeric character references they are text.
_ACTIVE = frozenset("&<>\\`*_[](){}!#|~^:=@$")


def plain_text(title: str) -> str:
    """A page title as Markdown that shows exactly this text: never markup, never a link, never HTML.

    Runs of white space become one space; control characters, which are no text (and which Python-Markdown
    uses as placeholders of its own), are left out.
    """
    words = "".join(c for c in title if c.isspace() or unicodedata.category(c) != "Cc").split()
    return "".join(f"&#{ord(c)};" if c in _ACTIVE else c for c in " ".join(words))


@dataclass(frozen=True)
class Target:
    path: str  # project-relative Markdown file
    title: str
    origin: Origin


@dataclass
class UidIndex:
    targets: dict[str, Target] = field(default_factory=dict)

    def add(self, uid: str, target: Target, diags: Diagnostics) -> None:
        if uid in self.targets:
            first = self.targets[uid].origin
            diags.add(target.origin, "duplicate-uid", f"uid {uid!r} is already used by {first}", "error")
            return
        self.targets[uid] = target


def _split(ref: str) -> tuple[str, str]:
    ref = unquote(ref)
    uid, _, fragment = ref.partition("#")
    uid = uid.split("?", 1)[0]
    return uid, ("#" + fragment if fragment else "")


def resolve_xrefs(page: str, lines: list[str], origins: list[Origin], index: UidIndex,
                  diags: Diagnostics, fenced: list[bool] | None = None) -> list[str]:
    page_dir = posixpath.dirname(page)
    fenced = fenced if fenced is not None else fenced_mask(lines)

    def href(uid: str, fragment: str, where: Origin) -> Target | None:
        target = index.targets.get(uid)
        if target is None:
            diags.add(where, "unknown-uid", f"cross reference to unknown uid {uid!r}", "error")
        return target

    out: list[str] = []
    for i, line in enumerate(lines):
        if fenced[i] or ("xref:" not in line and "@" not in line):
            out.append(line)
            continue
        origin = origins[i]

        def inline(link: Link, origin: Origin = origin) -> str | None:
            if not link.dest.startswith("xref:"):
                return None
            uid, fragment = _split(link.dest[5:])
            target = href(uid, fragment, origin.with_column(link.start + 1))
            if target is None:
                return link.text
            dest = posixpath.relpath(target.path, page_dir or ".") + fragment
            return format_link(link.image, link.text or plain_text(target.title), dest, link.title)

        line = rewrite_links(line, inline)
        spans = code_spans(line)

        def auto(m: re.Match[str], spans: list[tuple[int, int]] = spans, origin: Origin = origin) -> str:
            if in_spans(m.start(), spans):
                return m.group(0)
            uid, fragment = _split(m.group("uid"))
            target = href(uid, fragment, origin.with_column(m.start() + 1))
            if target is None:
                return uid
            return format_link(False, plain_text(target.title),
                               posixpath.relpath(target.path, page_dir or ".") + fragment, None)

        line = _AUTOLINK.sub(auto, line)
        spans = code_spans(line)

        def at(m: re.Match[str], spans: list[tuple[int, int]] = spans, origin: Origin = origin) -> str:
            uid = m.group("uid")
            if in_spans(m.start(), spans):
                return m.group(0)
            if uid not in index.targets:
                # A bare "@word" is ordinary text; only uid-shaped words are reported.
                if "-" in uid or "." in uid:
                    href(uid, "", origin.with_column(m.start() + 1))
                return m.group(0)
            target = index.targets[uid]
            return format_link(False, plain_text(target.title), posixpath.relpath(target.path, page_dir or "."), None)

        out.append(_AT.sub(at, line))
    return out
