"""DocFX cross references by ``uid``: ``[text](xref:uid)``, ``<xref:uid>``, ``@uid`` and the ``<xref>`` tag.

The tag, ``<xref href="uid"></xref>`` (or ``uid="…"``, or ``<xref href="uid"/>``), is HTML, so DocFX resolves it
in raw HTML blocks too. Its ``href`` is a uid, never a file path. Resolved, it is a link whose text is the tag's
own content, else its ``text`` (or ``name``) attribute, else the target's ``displayProperty`` (``name`` unless
the tag or the query after the uid asks for ``fullName`` or ``nameWithType``; a target without that property
shows its name). Unresolved, it is plain text: its content, else its ``alt`` (or ``fullname``) attribute, else
the uid. ``data-throw-if-not-resolved="true"`` makes an unknown uid an error, as ``<xref:uid>`` does;
``"false"`` keeps it silent, as DocFX does (DocFX's API pages write it on every tag); without the attribute,
DocFX is silent as well, and this engine warns, so that a mistyped uid is not lost.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote

from markupsafe import escape

from ..core.blocks import Role, scan
from ..core.markdown_scan import Link, code_spans, format_link, in_spans, rewrite_links
from ..diagnostics import Diagnostics, Origin

_AUTOLINK = re.compile(r"<xref:(?P<uid>[^>\s]+)>")
# DocFX's shorthand: "@" + uid, not inside a word or an e-mail address.
_AT = re.compile(r"(?<![\w@/.:\\`])@(?P<uid>[A-Za-z][\w.\-]*[\w])")
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")
# The <xref> tag: its attributes (quoted values may hold ">"), then "/>", or ">" and the content up to
# "</xref>" on the same line (without one the tag has no content, as an empty element).
_TAG = re.compile(r"<xref(?=[\s/>])(?P<attrs>(?:\"[^\"]*\"|'[^']*'|[^'\">])*?)"
                  r"(?:/>|>(?:(?P<inner>.*?)</xref\s*>)?)", re.I)
_ATTR = re.compile(r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'=<>`]+)))?""")


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
    # Other names a reference page gives the uid (``fullName``, ``nameWithType``), for ``displayProperty``.
    names: Mapping[str, str] = field(default_factory=dict, compare=False)

    def display(self, prop: str) -> str:
        """The target's ``prop`` (DocFX's ``displayProperty``); its name when it has no such property."""
        return self.names.get(prop) or self.title


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


def _parse(ref: str) -> tuple[str, dict[str, str], str]:
    """``uid?displayProperty=fullName#frag`` -> (uid, query, "#frag"), as DocFX reads an xref's href."""
    rest, hash_, fragment = ref.partition("#")
    uid, _, query = rest.partition("?")
    return unquote(uid), dict(parse_qsl(query, keep_blank_values=True)), hash_ + fragment


def _attributes(raw: str) -> dict[str, str]:
    """An HTML tag's attributes: names in lower case (HTML ignores case), values decoded; the first one wins."""
    out: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        value = next((v for v in (m.group("dq"), m.group("sq"), m.group("uq")) if v is not None), "")
        out.setdefault(m.group("name").lower(), html.unescape(value))
    return out


def _is_true(value: str | None) -> bool:
    return value is not None and value.strip().lower() == "true"


def _label(target: Target, query: Mapping[str, str], attrs: Mapping[str, str] | None = None) -> str:
    """The text DocFX gives a resolved cross reference that has no content of its own (the tag's ``text``
    or ``name``, else the target's display property)."""
    attrs = attrs or {}
    given = attrs.get("text") or attrs.get("name") or query.get("text")
    if given:
        return given
    return target.display(attrs.get("displayproperty") or query.get("displayProperty") or "name")


def resolve_xrefs(page: str, lines: list[str], origins: list[Origin], index: UidIndex,
                  diags: Diagnostics, roles: list[Role] | None = None) -> list[str]:
    """Each cross reference of the page as a link to its target (or its text, reported, when the uid is
    unknown). In code nothing is looked at; in raw HTML blocks only the ``<xref>`` tag, which becomes HTML."""
    page_dir = posixpath.dirname(page)
    roles = roles if roles is not None else scan(lines).roles

    def href(uid: str, fragment: str, where: Origin) -> Target | None:
        target = index.find(uid)
        if target is None:
            diags.add(where, "unknown-uid", f"cross reference to unknown uid {uid!r}", "error")
        return target

    def dest_of(target: Target, fragment: str) -> str:
        return posixpath.relpath(target.path, page_dir or ".") + (fragment or target.fragment)

    def tags(line: str, origin: Origin, as_html: bool) -> str:
        spans = [] if as_html else code_spans(line)

        def tag(m: re.Match[str]) -> str:
            if in_spans(m.start(), spans):
                return m.group(0)
            attrs = _attributes(m.group("attrs"))
            inner = m.group("inner") or ""
            where = origin.with_column(m.start() + 1)
            uid, query, fragment = _parse(attrs.get("href") or attrs.get("uid") or "")
            target = index.find(uid) if uid else None
            if target is None:
                throw = attrs.get("data-throw-if-not-resolved")
                if not uid:
                    diags.add(where, "unknown-uid", "an <xref> tag without a uid (its href or uid attribute); "
                              "shown as its text", "warning")
                elif _is_true(throw):
                    diags.add(where, "unknown-uid", f"cross reference to unknown uid {uid!r}", "error")
                elif throw is None:
                    diags.add(where, "unknown-uid", f"cross reference to unknown uid {uid!r}, shown as plain "
                              'text; write data-throw-if-not-resolved="false" if that is meant', "warning")
                shown = attrs.get("alt") or attrs.get("fullname") or query.get("alt") or uid
                return inner or (str(escape(shown)) if as_html else plain_text(shown))
            dest = dest_of(target, fragment)
            title = attrs.get("title") or query.get("title")
            if as_html:
                text = inner or str(escape(_label(target, query, attrs)))
                title_attr = f' title="{escape(title)}"' if title else ""
                return f'<a class="xref" href="{escape(dest)}"{title_attr}>{text}</a>'
            text = inner or plain_text(_label(target, query, attrs))
            quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"' if title else None
            return format_link(False, text, dest, quoted)

        return _TAG.sub(tag, line)

    out: list[str] = []
    for i, line in enumerate(lines):
        role = roles[i]
        has_tag = "<xref" in line.lower()
        if role == "html" and has_tag:
            out.append(tags(line, origins[i], as_html=True))
            continue
        if role != "text" or ("xref" not in line.lower() and "@" not in line):
            out.append(line)
            continue
        origin = origins[i]
        if has_tag:
            line = tags(line, origin, as_html=False)

        def inline(link: Link, origin: Origin = origin) -> str | None:
            if not link.dest.startswith("xref:"):
                return None
            uid, query, fragment = _parse(link.dest[5:])
            target = href(uid, fragment, origin.with_column(link.start + 1))
            if target is None:
                return link.text
            return format_link(link.image, link.text or plain_text(_label(target, query)),
                               dest_of(target, fragment), link.title)

        line = rewrite_links(line, inline)
        spans = code_spans(line)

        def auto(m: re.Match[str], spans: list[tuple[int, int]] = spans, origin: Origin = origin) -> str:
            if in_spans(m.start(), spans):
                return m.group(0)
            uid, query, fragment = _parse(m.group("uid"))
            target = href(uid, fragment, origin.with_column(m.start() + 1))
            if target is None:
                return uid
            return format_link(False, plain_text(_label(target, query)), dest_of(target, fragment), None)

        line = _AUTOLINK.sub(auto, line)
        spans = code_spans(line)

        def at(m: re.Match[str], spans: list[tuple[int, int]] = spans, origin: Origin = origin) -> str:
            uid = m.group("uid")
            if in_spans(m.start(), spans):
                return m.group(0)
            target = index.find(uid)
            if target is None:
                # A bare "@word" is ordinary text, as in DocFX, which shows an unknown @uid as written and says
                # nothing; only uid-shaped words are reported, but not a domain name ("a mail to @example.com").
                if ("-" in uid or "." in uid) and not _DOMAIN.fullmatch(uid):
                    href(uid, "", origin.with_column(m.start() + 1))
                return m.group(0)
            return format_link(False, plain_text(target.title), dest_of(target, ""), None)

        out.append(_AT.sub(at, line))
    return out
