"""Check every link of a built site: files, anchors, fallback links, external syntax, alt text.

Each page is parsed once, and its links are classified in the same worker process (two on a
two-core machine); the main process keeps only anchor checks, external addresses and problems.
"""

from __future__ import annotations

import os
import posixpath
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple
from urllib.parse import unquote, urlsplit

from ..settings import Settings
from .scan import PageScan, scan_file
from .sources import Source, SourceMap, template_for
from .stream_scan import LARGE_PAGE, StreamedPage
from .upstream_list import UpstreamList, repo_candidates

ProblemKind = Literal["missing-file", "missing-anchor", "bad-url", "external", "upstream-missing", "no-alt"]
# What the classifier says of a URL: fine, not ours to check, to fetch, or a problem.
LinkClass = Literal["ok", "skip", "external", "missing-file", "bad-url"]

# HTML scrolls to the top for "#" and "#top" without an element of that id.
_TOP = frozenset({"", "top"})
SKIP_SCHEMES = frozenset({"mailto", "tel", "javascript", "data", "blob", "about", "sms"})


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    page: str  # the built page the link is on
    url: str  # the link as it is in the HTML
    written: str  # the link as the writer wrote it (the HTML's when it comes from a template)
    reason: str
    source: str  # "content/b.md:40 -> content/a.md:12:5" (outermost first) or "theme template …"
    path: str | None = None
    line: int | None = None
    column: int | None = None
    pages: int = 1  # on how many pages the same mistake shows (an include's, a template's)


class _Raw(NamedTuple):
    """A problem before its source is known."""

    kind: ProblemKind
    page: str
    url: str
    reason: str
    nth: int = 0  # for "no-alt": how many earlier images on the page share this source


@dataclass
class Options:
    """One run of the checker: the site to check, the project's settings, and how to run."""

    site: Path
    settings: Settings
    upstream_list: UpstreamList | None
    jobs: int = 2
    online: bool = False
    cache_file: Path | None = None
    online_timeout: float = 10.0
    per_host: int = 4
    link_report: Path | None = None  # default: the report of ``site`` (``settings.link_report_for``)


@dataclass
class Report:
    problems: list[Problem]
    notices: list[str] = field(default_factory=list)  # said once, not problems (e.g. no link report)
    pages: int = 0
    links: int = 0
    external: int = 0
    upstream_checked: int = 0
    upstream_unverified: int = 0


class SiteError(Exception):
    """The folder cannot be checked (not a built site, or damaged); the message says why in plain words."""


def list_site(site: Path) -> tuple[set[str], set[str]]:
    """Every file and folder of the site (symbolic links to folders are listed, not followed).

    ``SiteError`` when a symbolic link leads nowhere: the folder was not written by a build.
    """
    files: set[str] = set()
    dirs: set[str] = {""}
    dangling: list[str] = []
    stack = [("", str(site))]
    while stack:
        rel, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                path = posixpath.join(rel, entry.name) if rel else entry.name
                if entry.is_dir():
                    dirs.add(path)
                    if not entry.is_symlink():
                        stack.append((path, entry.path))
                elif entry.is_symlink() and not os.path.exists(entry.path):
                    dangling.append(path)
                else:
                    files.add(path)
    if dangling:
        shown = ", ".join(sorted(dangling)[:5]) + (f" and {len(dangling) - 5} more" if len(dangling) > 5 else "")
        raise SiteError(f"{site}: {shown}: a symbolic link to a file that does not exist; the folder is not a "
                        "site as a build writes it (build it again)")
    return files, dirs


@dataclass(frozen=True)
class PageLinks:
    """One page, parsed and with its links classified: only what still needs the whole site is kept."""

    rel: str
    ids: frozenset[str]
    count: int
    pending: tuple[tuple[str, LinkClass, str, str], ...]  # (url, kind, target, detail) for anchors, externals, problems
    images_without_alt: tuple[tuple[str, int], ...]


_WORKER: _Classifier | None = None


def _init_worker(files: set[str], dirs: set[str], base_path: str) -> None:
    global _WORKER
    _WORKER = _Classifier(_Resolver(files, dirs, base_path))


def _scan_and_classify(args: tuple[str, str]) -> PageLinks:
    site, rel = args
    path = Path(site, rel)
    try:
        # A large page is streamed: its DOM would take some 17 times its size in memory.
        scan: PageScan | StreamedPage = StreamedPage(rel, path) if path.stat().st_size > LARGE_PAGE \
            else scan_file(args)
        return _classified(scan)
    except OSError as exc:
        raise SiteError(f"{path}: the page cannot be read ({exc.strerror or exc})") from None


def _classified(scan: PageScan | StreamedPage) -> PageLinks:
    assert _WORKER is not None
    rel = scan.rel
    page_dir = posixpath.dirname(rel)
    pending: dict[str, tuple[str, LinkClass, str, str]] = {}  # one entry per address: the verdict is the same
    count = 0
    for _tag, _attr, url in (scan.links() if isinstance(scan, StreamedPage) else scan.links):
        count += 1
        if url in pending:
            continue
        kind, target, detail = _WORKER.classify(page_dir, url)
        if kind == "skip" or (kind == "ok" and (not detail or (target and not target.endswith(".html")))):
            continue
        pending[url] = (url, kind, target, detail)
    return PageLinks(rel, frozenset(scan.ids), count, tuple(pending.values()), tuple(scan.images_without_alt))


def parse_site(site: Path, pages: list[str], files: set[str], dirs: set[str], base_path: str,
               jobs: int) -> list[PageLinks]:
    work = [(str(site), rel) for rel in pages]
    if jobs > 1 and len(work) > 64:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                                 initargs=(files, dirs, base_path)) as pool:
            return list(pool.map(_scan_and_classify, work, chunksize=max(8, len(work) // (jobs * 16))))
    _init_worker(files, dirs, base_path)
    return [_scan_and_classify(item) for item in work]


class _Resolver:
    def __init__(self, files: set[str], dirs: set[str], base_path: str) -> None:
        self.files, self.dirs = files, dirs
        self.base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"

    def target(self, page_dir: str, path: str) -> tuple[str, str]:
        """(status, target file): status is "ok", "missing" or "outside"."""
        raw = unquote(path) if "%" in path else path
        if raw.startswith("/"):
            raw = raw[len(self.base_path):] if raw.startswith(self.base_path) else raw.lstrip("/")
            parts: list[str] = []
        else:
            parts = page_dir.split("/") if page_dir else []
        for segment in raw.split("/"):
            if segment == "..":
                if not parts:
                    return "outside", raw
                parts.pop()
            elif segment and segment != ".":
                parts.append(segment)
        target = "/".join(parts)
        if raw.endswith("/") or target in self.dirs:
            target = f"{target}/index.html" if target else "index.html"
        return ("ok" if target in self.files else "missing"), target


class _Classifier:
    """What a URL on a page is. Not cached: with folder URLs each page has a folder of its own, so
    (folder, URL) pairs hardly repeat (13 % on the 1,000-page benchmark) and a cache only costs memory."""

    def __init__(self, resolver: _Resolver) -> None:
        self.resolver = resolver

    def classify(self, page_dir: str, url: str) -> tuple[LinkClass, str, str]:
        """(kind, target, detail): kind "ok" (detail = fragment), "external", "skip", or a problem kind."""
        if not url:
            return "skip", "", ""
        if url[0] == "#":
            return ("skip", "", "") if url[1:].lower() in _TOP else ("ok", "", url[1:])
        path, _, fragment = url.partition("#")
        path = path.partition("?")[0]
        colon = path.find(":")
        if (colon > 0 and "/" not in path[:colon]) or url.startswith("//"):
            try:
                parts = urlsplit(url)
            except ValueError as exc:  # "http://[fe80::1/x", "//[": no browser can follow it
                return "bad-url", "", f"not a valid web address ({exc})"
            scheme = parts.scheme.lower()
            if scheme in SKIP_SCHEMES:
                return "skip", "", ""
            if scheme in ("http", "https") or url.startswith("//"):
                if not parts.netloc or " " in parts.netloc:
                    return "bad-url", "", "not a valid web address"
                return "external", "", ""
            return "bad-url", "", f"unknown URL scheme '{scheme}:'"
        if not path:
            return ("skip", "", "") if fragment.lower() in _TOP else ("ok", "", fragment)
        status, target = self.resolver.target(page_dir, path)
        if status == "outside":
            return "missing-file", target, "leads outside the site"
        if status == "missing":
            return "missing-file", target, f"no file {target} in the built site"
        return "ok", target, fragment


def check_site(options: Options) -> Report:
    site = options.site
    settings = options.settings
    files, dirs = list_site(site)
    pages = sorted(f for f in files if f.endswith(".html"))
    if not pages:
        raise SiteError(f"{site} has no HTML pages: it is not a built site (build it first, or pass --build)")
    parsed = parse_site(site, pages, files, dirs, settings.base_path, options.jobs)
    ids = {p.rel: p.ids for p in parsed}
    report = Report([], pages=len(parsed))
    raw_problems: list[_Raw] = []
    external: dict[str, list[str]] = defaultdict(list)  # url -> pages
    for result in parsed:
        page = result.rel
        report.links += result.count
        for url, kind, target, detail in result.pending:
            if kind == "ok":
                target = target or page
                fragment = unquote(detail)
                target_ids = ids.get(target, frozenset())
                if fragment not in target_ids and detail not in target_ids and fragment.lower() not in _TOP:
                    where = "on the same page" if target == page else f"in {target}"
                    raw_problems.append(_Raw("missing-anchor", page, url, f"no element with id '{fragment}' {where}"))
            elif kind == "external":
                external[url].append(page)
            elif kind != "skip":
                raw_problems.append(_Raw(kind, page, url, detail))
        for src, nth in result.images_without_alt:
            raw_problems.append(_Raw("no-alt", page, src, "image has no alt text", nth))

    report.external = len(external)
    raw_problems += _check_external(external, options, report)
    sources, notice = SourceMap.read(options.link_report or settings.link_report_for(site),
                                     {raw.page for raw in raw_problems})
    if notice:
        report.notices.append(notice)
    report.problems = _attach_sources(raw_problems, sources, settings.theme_overrides, sources_known=not notice)
    return report


def _check_external(external: dict[str, list[str]], options: Options,
                    report: Report) -> list[_Raw]:
    out: list[_Raw] = []
    upstream = options.settings.upstream
    upstream_base = upstream.base_url.rstrip("/") + "/"
    offline_urls = []
    for url, pages in external.items():
        if url.startswith(upstream_base) and not options.online:
            if options.upstream_list is None:
                report.upstream_unverified += 1
                continue
            candidates = repo_candidates(url, upstream)
            if any(c in options.upstream_list.paths for c in candidates):
                report.upstream_checked += 1
            elif candidates and options.upstream_list.is_covered(candidates[0]):
                report.upstream_checked += 1
                spelled = next(filter(None, map(options.upstream_list.other_case, candidates)), None)
                hint = f" (it has {spelled}: the letter case differs)" if spelled else ""
                out += [_Raw("upstream-missing", p, url, f"the full documentation has no {candidates[0]}{hint}")
                        for p in sorted(set(pages))]
            else:
                report.upstream_unverified += 1
        else:
            offline_urls.append(url)
    if options.online and offline_urls:
        from .online import fetch_all

        results = fetch_all(offline_urls, options.cache_file, options.online_timeout, options.per_host)
        for url in offline_urls:
            ok, reason = results[url]
            if not ok:
                out += [_Raw("external", p, url, reason) for p in sorted(set(external[url]))]
    return out


def _attach_sources(raw: Iterable[_Raw], sources: SourceMap, overrides: Path | None,
                    sources_known: bool = True) -> list[Problem]:
    """Name each problem at the line to edit, once: a mistake in an include or a template that shows on many
    pages is one problem, with the number of pages it affects.

    Without a link report nothing is known of the sources: each problem is named by its built page.
    """
    problems: list[Problem] = []
    by_line: dict[tuple[ProblemKind, str, int, int, str], list[tuple[str, str, str, str]]] = defaultdict(list)
    theme: dict[tuple[ProblemKind, str], list[tuple[str, str]]] = defaultdict(list)
    for kind, page, url, reason, nth in raw:
        if not sources_known:
            problems.append(Problem(kind, page, url, url, reason, page))
            continue
        found: list[Source] = sources.lookup(page, url)
        if kind == "no-alt":
            # Per element, not per address: the n-th image with this source on the page.
            images = [s for s in found if s.image]
            found = [images[nth]] if nth < len(images) else images
        if not found:
            theme[(kind, reason)].append((page, url))
            continue
        for src in found:
            why = reason
            if kind == "missing-file" and src.target and not reason.startswith("leads outside"):
                why = f"no file {src.target}"  # the file the writer's link names, not its built address
            # An include's link is rebased for each page that includes it, so it is the line that makes
            # two sightings one mistake, not the link's text.
            by_line[(kind, src.path, src.line, src.column, why)].append((page, url, src.text, src.written))
    for (kind, path, line, column, why), hits in by_line.items():
        page, url, text, written = min(hits)
        problems.append(Problem(kind, page, url, written, why, text, path, line, column,
                                pages=len({h[0] for h in hits})))
    for (kind, reason), seen in theme.items():
        page, url = min(seen)
        template = template_for(url, overrides)
        problems.append(Problem(kind, page, url, url, reason, f"{template}, on {page}",
                                pages=len({h[0] for h in seen})))
    return sorted(problems, key=lambda p: (p.path or "~", p.line or 0, p.column or 0, p.page, p.url))
