"""Small, shared pieces of Markdown scanning: code regions and inline links.

A full Markdown parser would be the wrong tool here: the engine rewrites the source text
and must leave every byte it does not understand exactly as the writer wrote it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

_FENCE_OPEN = re.compile(r"^[ \t>]*(`{3,}|~{3,})")

# [text](dest "title") and ![alt](dest); text may hold one level of nested brackets.
_TEXT = r"(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*"
_DEST = r"<[^<>\n]*>|(?:[^\s()<>\\]|\\.|\((?:[^\s()\\]|\\.)*\))+"
_TITLE = r"\"[^\"]*\"|'[^']*'|\([^()]*\)"
INLINE_LINK = re.compile(
    rf"(?P<bang>!?)\[(?P<text>{_TEXT})\]\(\s*(?P<dest>{_DEST})?(?:\s+(?P<title>{_TITLE}))?\s*\)"
)
# Python-Markdown's autolink, ``<https://…>``.
AUTOLINK = re.compile(r"<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*)>")
RAW_TAG = re.compile(r"<(?P<tag>[a-zA-Z][\w-]*)(?P<attrs>\s[^<>]*)>")
_URL_ATTR = re.compile(r"""(?<=\s)(?P<attr>href|src|srcset|poster)\s*=\s*(?P<q>["'])(?P<url>[^"']*)(?P=q)""", re.I)
_SRCSET_ITEM = re.compile(r"(?P<url>[^\s,][^\s]*?)(?P<rest>(?:\s+[^,]*)?(?:,\s*|$))")


def srcset_urls(value: str) -> list[str]:
    return [m.group("url") for m in _SRCSET_ITEM.finditer(value)]


def map_srcset(value: str, fn: Callable[[str], str]) -> str:
    return "".join(fn(m.group("url")) + m.group("rest") for m in _SRCSET_ITEM.finditer(value))


@dataclass(frozen=True)
class RawUrl:
    tag: str
    attr: str
    start: int  # column (0-based) of the URL in the line
    url: str


def iter_raw_urls(line: str) -> Iterator[RawUrl]:
    """URL attributes of raw HTML tags written in Markdown, outside code spans."""
    spans = code_spans(line)
    for tag in RAW_TAG.finditer(line):
        if in_spans(tag.start(), spans):
            continue
        base = tag.start("attrs")
        for attr in _URL_ATTR.finditer(tag.group("attrs")):
            yield RawUrl(tag.group("tag").lower(), attr.group("attr").lower(), base + attr.start("url"),
                         attr.group("url"))


def rewrite_raw_urls(line: str, fn: Callable[[RawUrl], str]) -> str:
    out, last = [], 0
    for raw in iter_raw_urls(line):
        out.append(line[last:raw.start])
        out.append(fn(raw))
        last = raw.start + len(raw.url)
    out.append(line[last:])
    return "".join(out)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def fenced_mask(lines: list[str]) -> list[bool]:
    """True for each line that is inside (or delimits) a fenced code block."""
    mask: list[bool] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE_OPEN.match(line)
        stripped = line.lstrip(" \t>")
        if fence is None:
            if match:
                fence = match.group(1)
                mask.append(True)
            else:
                mask.append(False)
        else:
            mask.append(True)
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]).strip():
                fence = None
    return mask


def code_spans(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE_SPAN.finditer(line)]


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in spans)


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    image: bool
    text: str
    dest: str
    title: str | None


def iter_links(line: str) -> Iterator[Link]:
    spans = code_spans(line)
    for m in INLINE_LINK.finditer(line):
        if in_spans(m.start(), spans):
            continue
        dest = m.group("dest") or ""
        if dest.startswith("<") and dest.endswith(">"):
            dest = dest[1:-1]
        yield Link(m.start(), m.end(), bool(m.group("bang")), m.group("text"), dest, m.group("title"))


def format_link(image: bool, text: str, dest: str, title: str | None) -> str:
    needs_angle = any(c in dest for c in " ()<>") or dest == ""
    written = f"<{dest}>" if needs_angle else dest
    return f"{'!' if image else ''}[{text}]({written}{' ' + title if title else ''})"


def rewrite_links(line: str, fn: Callable[[Link], str | None]) -> str:
    """Replace each inline link for which ``fn`` returns new Markdown; ``None`` keeps it."""
    out: list[str] = []
    last = 0
    for link in iter_links(line):
        replacement = fn(link)
        if replacement is None:
            continue
        out.append(line[last:link.start])
        out.append(replacement)
        last = link.end
    out.append(line[last:])
    return "".join(out)


def is_relative(url: str) -> bool:
    """A link to another file of the project: not absolute, not a scheme, not a bare anchor."""
    return bool(url) and not url.startswith(("#", "/", "\\")) and not _SCHEME.match(url)


def url_problem(url: str) -> str | None:
    """Why ``url`` is not an address a browser (or MkDocs) can use, or None: ``http://[fe80::1/x``."""
    try:
        urlsplit(url)
    except ValueError as exc:
        return f"not a valid web address ({exc})"
    return None


def split_url(url: str) -> tuple[str, str]:
    """``a/b.md#x?y`` -> (``a/b.md``, ``#x?y``): the path and whatever follows it."""
    cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
    return url[:cut], url[cut:]


def rebase(url: str, from_dir: str, to_dir: str) -> str:
    """Re-express a relative ``url`` written in ``from_dir`` so that it works from ``to_dir``."""
    if not is_relative(url):
        return url
    path, rest = split_url(url)
    if not path:
        return url
    target = posixpath.normpath(posixpath.join(from_dir, path))
    new = posixpath.relpath(target, to_dir or ".")
    if path.endswith("/") and not new.endswith("/"):
        new += "/"
    return new + rest
