"""The DocFX-flavoured Markdown pipeline for one page: plain functions, no MkDocs."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import unquote

from ..core.markdown_scan import (
    AUTOLINK,
    code_spans,
    fenced_mask,
    in_spans,
    is_relative,
    iter_links,
    iter_raw_urls,
    split_url,
    srcset_urls,
    url_problem,
)
from ..core.project import Project
from ..core.upstream import PAGE_EXTENSIONS, UpstreamConfig, upstream_path, upstream_url
from ..diagnostics import Diagnostics, Origin
from ..linkcheck.link_report import LinkKind
from . import frontmatter
from .alerts import convert_alerts
from .frontmatter import FrontMatter
from .icons import convert_icons
from .includes import expand
from .lists import normalize_lists
from .page_meta import check_meta
from .tabs import convert_tabs
from .text import Text
from .xref import Target, UidIndex, resolve_xrefs

_LEFTOVER = re.compile(r"\[!(?P<name>[A-Za-z]+)\b[^\]\n]*\]")


@dataclass(frozen=True)
class LinkRecord:
    """One link of the rendered Markdown, with where the writer wrote it and what it resolved to."""

    origin: Origin
    written: str  # the destination as the page sees it (after include rebasing)
    dest: str  # the destination written into the final Markdown
    kind: LinkKind
    upstream: str | None = None  # upstream repository path, for fallback links
    image: bool = False  # an <img src>: "no alt text" is matched to the n-th of these on a page
    target: str | None = None  # for local links: the project-relative file the link reaches
    suffix: str = ""  # for local links: the query and fragment written after the path


@dataclass
class PageResult:
    markdown: str
    diagnostics: Diagnostics
    links: list[LinkRecord] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)  # where each line of ``markdown`` was written


@dataclass
class Site:
    """What the engine needs to know about the whole site."""

    project: Project
    files: set[str]  # project-relative paths of every file the site publishes
    upstream: UpstreamConfig
    uids: UidIndex = field(default_factory=UidIndex)


def index_pages(pages: list[tuple[str, str]]) -> tuple[dict[str, FrontMatter], UidIndex, Diagnostics]:
    """Front matter of every page (checked) and the uid index, before any page is rendered."""
    fronts: dict[str, FrontMatter] = {}
    uids, diags = UidIndex(), Diagnostics()
    for rel, raw in pages:
        fm = frontmatter.split(raw, rel)
        diags.extend(fm.diagnostics)
        if not fm.diagnostics:
            check_meta(rel, raw, fm.data, diags)
        if uid := fm.data.get("uid"):
            title = str(fm.data.get("title") or posixpath.basename(rel))
            uids.add(str(uid), Target(rel, title, Origin.at(rel, frontmatter.key_line(raw, "uid"))), diags)
        fronts[rel] = fm
    return fronts, uids, diags


@dataclass
class PageRun:
    """One page going through the pipeline: what every step may read, and where it reports."""

    site: Site
    page: str
    diags: Diagnostics
    links: list[LinkRecord] = field(default_factory=list)


Step = Callable[[PageRun, Text], Text]


def _includes(run: PageRun, text: Text) -> Text:
    return expand(run.site.project, run.page, text, run.diags)


def _xrefs(run: PageRun, text: Text) -> Text:
    return text.substituted(resolve_xrefs(run.page, text.lines, text.origins, run.site.uids, run.diags, text.fenced))


def _alerts(run: PageRun, text: Text) -> Text:
    return text.replaced(*convert_alerts(text.lines, text.origins, run.diags, text.fenced))


def _tabs(run: PageRun, text: Text) -> Text:
    return text.replaced(*convert_tabs(text.lines, text.origins, text.fenced))


def _lists(run: PageRun, text: Text) -> Text:
    return text.replaced(normalize_lists(text.lines, text.fenced))


def _icons(run: PageRun, text: Text) -> Text:
    return text.substituted(convert_icons(text.lines, text.origins, run.diags, text.fenced))


def _leftovers(run: PageRun, text: Text) -> Text:
    return text.substituted(_strip_leftovers(text.lines, text.origins, run.diags, text.fenced))


def _links(run: PageRun, text: Text) -> Text:
    lines, records = resolve_links(run.site, run.page, text.lines, text.origins, run.diags, text.fenced)
    run.links.extend(records)
    return text.substituted(lines)


# Order matters: includes first (their text takes part in every later step), links last (they see the
# final text, xref targets included).
STEPS: tuple[Step, ...] = (_includes, _xrefs, _alerts, _tabs, _lists, _icons, _leftovers, _links)


def render_page(site: Site, page: str, body: str, body_line: int, origins: list[Origin] | None = None) -> PageResult:
    run = PageRun(site, page, Diagnostics())
    text = Text.from_file(page, body, body_line)
    if origins is not None:
        text.origins = origins
    for step in STEPS:
        text = step(run, text)
    return PageResult(text.markdown(), run.diags, run.links, text.origins)


def resolve_links(site: Site, page: str, lines: list[str], origins: list[Origin],
                  diags: Diagnostics, fenced: list[bool] | None = None) -> tuple[list[str], list[LinkRecord]]:
    """Keep links to files the site has, send page links it lacks to the full documentation."""
    page_dir = posixpath.dirname(page)
    fenced = fenced if fenced is not None else fenced_mask(lines)
    records: list[LinkRecord] = []
    out: list[str] = []
    for i, line in enumerate(lines):
        if fenced[i]:
            out.append(line)
            continue
        parts: list[str] = []
        line_records: list[LinkRecord] = []
        last = 0
        for link in iter_links(line):
            where = origins[i].with_column(link.start + 1)
            dest, record = _resolve(site, page_dir, link.dest, link.image, where, diags)
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
        for raw in iter_raw_urls(line):
            where = origins[i].with_column(raw.start + 1)
            urls = srcset_urls(raw.url) if raw.attr == "srcset" else [raw.url]
            is_img_src = raw.tag == "img" and raw.attr == "src"
            line_records.extend(LinkRecord(where, u, u, "raw-html", image=is_img_src) for u in urls)
        # Document order within the line, so the n-th image of a page is the n-th image record.
        records.extend(sorted(line_records, key=lambda r: r.origin.innermost.column))
        out.append(line)
    return out, records


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


def _resolve(site: Site, page_dir: str, dest: str, image: bool, where: Origin,
             diags: Diagnostics) -> tuple[str | None, LinkRecord]:
    """The destination to write (None: leave only the link's text) and what the link is."""
    if problem := url_problem(dest):
        diags.add(where, "bad-url", f"link {dest!r}: {problem}", "error")
        return None, LinkRecord(where, dest, dest, "missing")
    if not is_relative(dest):
        kind: LinkKind = "anchor" if dest.startswith("#") else "external"
        return dest, LinkRecord(where, dest, dest, kind)
    path, rest = split_url(dest)
    target = posixpath.normpath(posixpath.join(page_dir, unquote(path)))
    for found in (target, target.rstrip("/") + "/index.md"):
        if found in site.files:
            return dest, LinkRecord(where, dest, dest, "local", target=found, suffix=rest)
    if image or not target.endswith(PAGE_EXTENSIONS):
        what = "image" if image else "file"
        diags.add(where, "missing-file", f"{what} {dest!r} not found ({target}); "
                  "files are never loaded from another host", "error")
        return dest, LinkRecord(where, dest, dest, "missing")
    up = upstream_path(target, site.project.docs_dir, site.upstream.docs_prefix)
    if up is None:
        diags.add(where, "missing-file", f"link {dest!r} leads outside the project", "error")
        return dest, LinkRecord(where, dest, dest, "missing")
    url = upstream_url(up, site.upstream) + rest
    return url, LinkRecord(where, dest, url, "upstream", up)


def _strip_leftovers(lines: list[str], origins: list[Origin], diags: Diagnostics,
                     fenced: list[bool] | None = None) -> list[str]:
    """Any DocFX ``[!NAME …]`` construct still here is unsupported: say so, never show it raw."""
    fenced = fenced if fenced is not None else fenced_mask(lines)
    out = []
    for i, line in enumerate(lines):
        if fenced[i] or "[!" not in line:
            out.append(line)
            continue
        spans = code_spans(line)

        def drop(m: re.Match[str], spans: list[tuple[int, int]] = spans, origin: Origin = origins[i]) -> str:
            if in_spans(m.start(), spans):
                return m.group(0)
            diags.add(origin.with_column(m.start() + 1), "unsupported",
                      f"unsupported DocFX syntax [!{m.group('name')}…] left out of the page", "warning")
            return ""

        out.append(_LEFTOVER.sub(drop, line))
    return out
