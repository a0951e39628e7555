"""DocFX cross references by ``uid``: ``[text](xref:uid)``, ``<xref:uid>`` and ``@uid``."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..core.blocks import verbatim_mask
from ..core.markdown_scan import Link, code_spans, format_link, in_spans, rewrite_links
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
    path: str  # project-relative page (Markdown or a DocFX YAML page)
    title: str
    origin: Origin
    fragment: str = ""  # "#anchor" for a uid defined inside a page (a member on a reference page)


@dataclass
class UidIndex:
    targets: dict[str, Target] = field(default_factory=dict)
    # uid -> project path of a DocFX YAML page the full documentation has (its name is its uid) and this site
    # does not: a cross reference to it links there, as any link to a page the site lacks.
    upstream: dict[str, str] = field(default_factory=dict)

    def find(self, uid: str) -> Target | None:
        """The page a uid names here, or else its page in the full documentation (a member's uid names its
        type's page: ``A.B.Type.method(String)`` is on ``A.B.Type``)."""
        if uid in self.targets:
            return self.targets[uid]
        bare = uid.split("(", 1)[0]
        for candidate in (uid, bare, bare.rpartition(".")[0]):
            if candidate in self.upstream:
                short = bare.rpartition(".")[2] or bare
                return Target(self.upstream[candidate], short, Origin.at(self.upstream[candidate], 1))
        return None

    def add(self, uid: str, target: Target, diags: Diagnostics) -> None:
        if uid in self.targets:
            first = self.targets[uid].origin
            diags.add(target.origin, "duplicate-uid", f"uid {uid!r} is already used by {first}", "error")
            return
        self.targets[uid] = target


def upstream_uids(paths: Iterable[str], docs_dir: str, docs_prefix: str) -> dict[str, str]:
    """uid -> project path of each DocFX YAML page in a list of the full documentation's files."""
    out: dict[str, str] = {}
    for path in sorted(paths):
        name = posixpath.basename(path)
        if not name.endswith(".yml") or name in ("toc.yml", "docfx.yml"):
            continue
        rel = docs_dir.rstrip("/") + "/" + path[len(docs_prefix):] if path.startswith(docs_prefix) else path
        out.setdefault(name.removesuffix(".yml"), rel)
    return out


def _split(ref: str) -> tuple[str, str]:
    ref = unquote(ref)
    uid, _, fragment = ref.partition("#")
    uid = uid.split("?", 1)[0]
    return uid, ("#" + fragment if fragment else "")


def resolve_xrefs(page: str, lines: list[str], origins: list[Origin], index: UidIndex,
                  diags: Diagnostics, skip: list[bool] | None = None) -> list[str]:
    page_dir = posixpath.dirname(page)
    skip = skip if skip is not None else verbatim_mask(lines)

    def href(uid: str, fragment: str, where: Origin) -> Target | None:
        target = index.find(uid)
        if target is None:
            diags.add(where, "unknown-uid", f"cross reference to unknown uid {uid!r}", "error")
        return target

    out: list[str] = []
    for i, line in enumerate(lines):
        if skip[i] or ("xref:" not in line and "@" not in line):
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
            dest = posixpath.relpath(target.path, page_dir or ".") + (fragment or target.fragment)
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
            dest = posixpath.relpath(target.path, page_dir or ".") + (fragment or target.fragment)
            return format_link(False, plain_text(target.title), dest, None)

        line = _AUTOLINK.sub(auto, line)
        spans = code_spans(line)

        def at(m: re.Match[str], spans: list[tuple[int, int]] = spans, origin: Origin = origin) -> str:
            uid = m.group("uid")
            if in_spans(m.start(), spans):
                return m.group(0)
            target = index.find(uid)
            if target is None:
                # A bare "@word" is ordinary text; only uid-shaped words are reported.
                if "-" in uid or "." in uid:
                    href(uid, "", origin.with_column(m.start() + 1))
                return m.group(0)
            return format_link(False, plain_text(target.title),
                               posixpath.relpath(target.path, page_dir or ".") + target.fragment, None)

        out.append(_AT.sub(at, line))
    return out
