"""The DocFX-flavoured Markdown pipeline for one page: plain functions, no MkDocs."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from ..core.blocks import verbatim_mask
from ..core.markdown_scan import (
    code_spans,
    in_spans,
)
from ..core.memo import TextMemo
from ..diagnostics import Diagnostics, Origin
from . import fences, frontmatter, html_blocks
from .alerts import convert_alerts
from .frontmatter import FrontMatter
from .icons import convert_icons
from .includes import expand
from .links import LinkRecord, Site, resolve_links
from .lists import normalize_lists
from .page_meta import check_meta
from .tabs import convert_tabs
from .text import Text
from .xref import Target, UidIndex, resolve_xrefs

_LEFTOVER = re.compile(r"\[!(?P<name>[A-Za-z]+)\b[^\]\n]*\]")


@dataclass
class PageResult:
    markdown: str
    diagnostics: Diagnostics
    links: list[LinkRecord] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)  # where each line of ``markdown`` was written


def index_pages(pages: list[tuple[str, str]], memo: TextMemo[FrontMatter] | None = None,
                ) -> tuple[dict[str, FrontMatter], UidIndex, Diagnostics]:
    """Front matter of every page (checked) and the uid index, before any page is rendered; with ``memo``,
    a page whose text is unchanged since the last build is not parsed again."""
    fronts: dict[str, FrontMatter] = {}
    uids, diags = UidIndex(), Diagnostics()
    for rel, raw in pages:
        if memo is None:
            fm = checked_front_matter(rel, raw, diags)
        else:
            fm = memo.get(rel, raw, partial(checked_front_matter, rel, raw), diags)
        if uid := fm.data.get("uid"):
            title = str(fm.data.get("title") or posixpath.basename(rel))
            uids.add(str(uid), Target(rel, title, Origin.at(rel, frontmatter.key_line(raw, "uid"))), diags)
        fronts[rel] = fm
    return fronts, uids, diags


def checked_front_matter(rel: str, raw: str, diags: Diagnostics) -> FrontMatter:
    fm = frontmatter.split(raw, rel)
    diags.extend(fm.diagnostics)
    if not fm.diagnostics:
        check_meta(rel, raw, fm.data, diags)
    return fm


@dataclass
class PageRun:
    """One page going through the pipeline: what every step may read, and where it reports."""

    site: Site
    page: str
    diags: Diagnostics
    links: list[LinkRecord] = field(default_factory=list)
    language: str = "da"  # the page's language: the words the engine writes (alert titles)


Step = Callable[[PageRun, Text], Text]


def _includes(run: PageRun, text: Text) -> Text:
    return expand(run.site.project, run.page, text, run.diags)


def _fences(run: PageRun, text: Text) -> Text:
    return fences.normalize(text)


def _xrefs(run: PageRun, text: Text) -> Text:
    return text.substituted(resolve_xrefs(run.page, text.lines, text.origins, run.site.uids, run.diags,
                                          text.roles))


def _alerts(run: PageRun, text: Text) -> Text:
    # An alert may hold another (a note whose body includes a note): each pass converts one level.
    for _ in range(8):
        converted = convert_alerts(text, run.diags, run.language)
        if converted.lines == text.lines:
            break
        text = converted
    return text


def _tabs(run: PageRun, text: Text) -> Text:
    return convert_tabs(text, run.diags)


def _lists(run: PageRun, text: Text) -> Text:
    return text.substituted(normalize_lists(text.lines, text.verbatim))


def _icons(run: PageRun, text: Text) -> Text:
    return text.substituted(convert_icons(text.lines, text.origins, run.diags, text.code))


def _leftovers(run: PageRun, text: Text) -> Text:
    return text.substituted(_strip_leftovers(text.lines, text.origins, run.diags, text.verbatim))


def _links(run: PageRun, text: Text) -> Text:
    lines, records = resolve_links(run.site, run.page, text.lines, text.origins, run.diags, text.roles)
    run.links.extend(records)
    return text.substituted(lines)


def _html(run: PageRun, text: Text) -> Text:
    return html_blocks.stash(text, run.diags)


# Order matters: includes first (their text takes part in every later step), then the steps that read the
# text as CommonMark, then those that write Python-Markdown (alerts, tabs, lists) and hand the block roles
# on; links last but one (they see the final text, xref targets included), then raw HTML blocks are
# set aside for Python-Markdown to pass through.
STEPS: tuple[Step, ...] = (_includes, _fences, _xrefs, _alerts, _tabs, _lists, _icons, _leftovers, _links, _html)


def render_page(site: Site, page: str, body: str, body_line: int, origins: list[Origin] | None = None,
                language: str = "da") -> PageResult:
    run = PageRun(site, page, Diagnostics(), language=language)
    text = Text.from_file(page, body, body_line)
    if origins is not None:
        text.origins = origins
    for step in STEPS:
        text = step(run, text)
    return PageResult(text.markdown(), run.diags, run.links, text.origins)


def _strip_leftovers(lines: list[str], origins: list[Origin], diags: Diagnostics,
                     skip: list[bool] | None = None) -> list[str]:
    """Any DocFX ``[!NAME …]`` construct still here is unsupported: say so, never show it raw."""
    skip = skip if skip is not None else verbatim_mask(lines)
    out = []
    for i, line in enumerate(lines):
        if skip[i] or "[!" not in line:
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
