"""Where every link of a page leads, and what it must say in the built site.

A link is written relative to the Markdown file, as in DocFX. It stays on this site when the site publishes
what it reaches: a page (also when written with the page's ``.html`` name, as DocFX's output is addressed,
or with other letter case, which DocFX's builds on case-insensitive file systems forgive, with a warning
here), or any other file of the project, which is then published where the link expects it, as DocFX
publishes the resources of its whole docset. A page the site does not carry is linked in the full public
documentation. Raw HTML gets the same treatment, and since MkDocs never rewrites raw HTML, its URLs are
written here as the built page needs them (``folder/`` pages included).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field, replace
from urllib.parse import quote, unquote

from ..core.blocks import Role, scan
from ..core.markdown_scan import (
    AUTOLINK,
    code_spans,
    in_spans,
    is_relative,
    iter_links,
    iter_raw_urls,
    map_srcset,
    split_url,
    url_problem,
)
from ..core.project import Project
from ..core.upstream import PAGE_EXTENSIONS, UpstreamConfig, upstream_path, upstream_url
from ..diagnostics import Diagnostics, Origin
from ..linkcheck.link_report import LinkKind
from .xref import UidIndex


@dataclass(frozen=True)
class LinkRecord:
    """One link of the rendered Markdown, with where the writer wrote it and what it resolved to."""

    origin: Origin
    written: str  # the destination as the page sees it (after include rebasing)
    dest: str  # the destination written into the final Markdown
    kind: LinkKind
    upstream: str | None = None  # upstream repository path, for fallback links
    image: bool = False  # an <img src>: "no alt text" is matched to the n-th of these on a page
    target: str | None = None  # the project-relative file the link reaches (or would reach, when missing)
    suffix: str = ""  # for local links: the query and fragment written after the path
    raw: bool = False  # raw HTML: ``dest`` is already the address the built page uses


@dataclass
class Site:
    """What the engine needs to know about the whole site."""

    project: Project
    files: set[str]  # project-relative paths of every file the site publishes
    upstream: UpstreamConfig
    uids: UidIndex = field(default_factory=UidIndex)
    directory_urls: bool = True  # MkDocs' use_directory_urls: a page a/b.md is served as a/b/
    resources: dict[str, str] = field(default_factory=dict)  # project file -> docs-relative path it is served at
    yaml_pages: frozenset[str] = frozenset()  # project paths of the DocFX YAML pages (pages, like .md files)
    _folded: dict[str, str] | None = field(default=None, repr=False)

    def other_case(self, target: str) -> str | None:
        """The published file whose path differs from ``target`` only in letter case."""
        if self._folded is None:
            self._folded = {}
            for f in sorted(self.files, reverse=True):
                self._folded[f.casefold()] = f
        found = self._folded.get(target.casefold())
        return found if found != target else None

    def served_at(self, rel: str) -> str:
        """The docs-relative path a published project file is served at."""
        docs = self.project.docs_dir.rstrip("/") + "/"
        if rel in self.resources:
            return self.resources[rel]
        return rel[len(docs):] if rel.startswith(docs) else rel

    def url(self, rel: str) -> str:
        """MkDocs' URL of a published file, relative to the site root (``a/b/`` or ``a/b.html`` for pages)."""
        served = self.served_at(rel)
        stem, ext = posixpath.splitext(served)
        if ext != ".md" and rel not in self.yaml_pages:
            return served
        folder, name = posixpath.split(stem)
        if name in ("index", "README"):
            return (folder + "/") if folder else "./"
        if self.directory_urls:
            return posixpath.join(folder, name) + "/"
        return stem + ".html"


def relative_url(url: str, from_url: str) -> str:
    """``url`` as seen from the page at ``from_url`` (both site-relative), the way MkDocs writes it."""
    base = from_url
    if base != "./":
        head, tail = posixpath.split(base)
        base = head if "." in tail else base
    base = "." if base in ("", "./") else base
    rel = posixpath.relpath(url.rstrip("/") or ".", base.rstrip("/") or ".")
    return rel + "/" if url.endswith("/") else rel


def _publishable(project: Project, rel: str) -> bool:
    """A project file a page may publish: not a page, not hidden, inside the project."""
    parts = rel.split("/")
    return (not rel.endswith((*PAGE_EXTENSIONS, ".html")) and not any(p.startswith(".") for p in parts)
            and project.is_file(rel))


@dataclass
class _Resolved:
    kind: LinkKind
    target: str | None = None  # project-relative file
    upstream: str | None = None
    url: str | None = None  # for upstream links


def _resolve_target(site: Site, page: str, path: str, image: bool, where: Origin, written: str,
                    diags: Diagnostics) -> _Resolved:
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))
    candidates = [target, target.rstrip("/") + "/index.md"]
    if target.endswith(".html"):
        # DocFX's output name of a page: a/b.html is the page a/b.md.
        candidates += [target.removesuffix(".html") + ".md", target.removesuffix(".html") + ".yml"]
    for found in candidates:
        if found in site.files or found in site.resources:
            return _Resolved("local", found)
    for found in candidates:
        other = site.other_case(found)
        if other is not None:
            _case_warning(where, written, found, other, diags)
            return _Resolved("local", other)
    if target == ".." or target.startswith("../"):
        diags.add(where, "missing-file", f"link {written!r} leads outside the project", "error")
        return _Resolved("missing", target)
    for resource in (target, site.project.find_other_case(target)):
        if resource is not None and _publishable(site.project, resource):
            if resource != target:
                _case_warning(where, written, target, resource, diags)
            site.resources.setdefault(resource, _serve_path(site, resource))
            return _Resolved("local", resource)
    page_target = next((c for c in candidates[2:]), target) if target.endswith(".html") else target
    if image or not page_target.endswith(PAGE_EXTENSIONS):
        what = "image" if image else "file"
        diags.add(where, "missing-file", f"{what} {written!r} not found: there is no {target}", "error")
        return _Resolved("missing", target)
    up = upstream_path(page_target, site.project.docs_dir, site.upstream.docs_prefix)
    if up is None:
        diags.add(where, "missing-file", f"link {written!r} leads outside the project", "error")
        return _Resolved("missing", target)
    return _Resolved("upstream", page_target, up, upstream_url(up, site.upstream))


def _serve_path(site: Site, rel: str) -> str:
    """Where a file that is not among MkDocs' files is served: its docs-relative path, or, for a file
    outside the docs folder, its project path (the full documentation's address for it too), unless a file
    of the docs folder is served there already."""
    docs = site.project.docs_dir.rstrip("/") + "/"
    if rel.startswith(docs):
        return rel[len(docs):]
    return rel if docs + rel not in site.files else "_project/" + rel


def _case_warning(where: Origin, written: str, target: str, actual: str, diags: Diagnostics) -> None:
    diags.add(where, "link-case", f"link {written!r} names {target}, but the file is spelled {actual}; "
              "it works on Windows only: write the name as the file has it", "warning")


def resolve(site: Site, page: str, dest: str, image: bool, where: Origin, diags: Diagnostics,
            raw: bool = False) -> tuple[str | None, LinkRecord]:
    """The destination to write for one link (None: leave only the link's text), and its record."""
    if problem := url_problem(dest):
        diags.add(where, "bad-url", f"link {dest!r}: {problem}", "error")
        return None, LinkRecord(where, dest, dest, "missing", raw=raw)
    if not is_relative(dest):
        kind: LinkKind = "anchor" if dest.startswith("#") else "external"
        return dest, LinkRecord(where, dest, dest, kind, raw=raw)
    path, rest = split_url(dest)
    if not path:
        return dest, LinkRecord(where, dest, dest, "anchor", raw=raw)
    found = _resolve_target(site, page, path, image, where, dest, diags)
    if found.kind == "upstream":
        assert found.url is not None
        url = found.url + rest
        return url, LinkRecord(where, dest, url, "upstream", found.upstream, target=found.target, raw=raw)
    if found.kind == "missing" or found.target is None:
        return dest, LinkRecord(where, dest, dest, "missing", target=found.target, raw=raw)
    if raw:
        url = _quote(relative_url(site.url(found.target), site.url(page))) + rest
        return url, LinkRecord(where, dest, url, "local", target=found.target, suffix=rest, raw=True)
    served = site.served_at(found.target)
    page_dir = posixpath.dirname(site.served_at(page))
    as_written = posixpath.normpath(posixpath.join(page_dir, unquote(path)))
    if as_written == served or (as_written.rstrip("/") + "/index.md") == served:
        new = dest
    else:
        new = _quote(posixpath.relpath(served, page_dir or ".")) + rest
    return new, LinkRecord(where, dest, new, "local", target=found.target, suffix=rest)


def _bad_autolinks(line: str, origin: Origin, diags: Diagnostics) -> str:
    """``<http://[fe80::1/x>`` becomes its text, reported: MkDocs stops the build on such an address."""
    if "<" not in line:
        return line
    spans = code_spans(line)

    def check(m: re.Match[str]) -> str:
        if in_spans(m.start(), spans) or (problem := url_problem(m.group(1))) is None:
            return m.group(0)
        diags.add(origin.with_column(m.start() + 1), "bad-url", f"link {m.group(1)!r}: {problem}", "error")
        return m.group(1).replace("<", "&lt;")

    return AUTOLINK.sub(check, line)


def _quote(path: str) -> str:
    return quote(path, safe="/#?&=.-_~!$'()*+,;:@%")


def resolve_links(site: Site, page: str, lines: list[str], origins: list[Origin],
                  diags: Diagnostics, roles: list[Role] | None = None) -> tuple[list[str], list[LinkRecord]]:
    """Rewrite every link of the page (Markdown and raw HTML) to where it leads; record each."""
    roles = roles if roles is not None else scan(lines).roles
    records: list[LinkRecord] = []
    out: list[str] = []
    for i, line in enumerate(lines):
        if roles[i] in ("fence", "code"):
            out.append(line)
            continue
        parts: list[str] = []
        line_records: list[LinkRecord] = []
        last = 0
        for link in (iter_links(line) if roles[i] == "text" else ()):
            where = origins[i].with_column(link.start + 1)
            dest, record = resolve(site, page, link.dest, link.image, where, diags)
            line_records.append(replace(record, image=link.image))
            if dest is None:  # an address nothing can use: the text stays, the link goes
                parts.append(line[last:link.start])
                parts.append(link.text)
                last = link.end
            elif dest != link.dest:
                parts.append(line[last:link.start])
                title = f" {link.title}" if link.title else ""
                parts.append(f"{'!' if link.image else ''}[{link.text}](<{dest}>{title})")
                last = link.end
        parts.append(line[last:])
        line = _bad_autolinks("".join(parts), origins[i], diags)
        parts, last = [], 0
        for raw in iter_raw_urls(line):
            where = origins[i].with_column(raw.start + 1)
            is_img_src = raw.tag == "img" and raw.attr == "src"
            found: list[LinkRecord] = []

            def one(url: str, where: Origin = where, is_img_src: bool = is_img_src,
                    found: list[LinkRecord] = found) -> str:
                new, record = resolve(site, page, url, is_img_src, where, diags, raw=True)
                found.append(replace(record, image=is_img_src))
                return url if new is None else new

            new = map_srcset(raw.url, one) if raw.attr == "srcset" else one(raw.url)
            line_records.extend(found)
            parts.append(line[last:raw.start])
            parts.append(new)
            last = raw.start + len(raw.url)
        parts.append(line[last:])
        line = "".join(parts)
        # Document order within the line, so the n-th image of a page is the n-th image record.
        records.extend(sorted(line_records, key=lambda r: r.origin.innermost.column))
        out.append(line)
    return out, records
