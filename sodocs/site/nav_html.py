"""The site's navigation sidebar, written in Python with Material's markup, a window on each long list.

Material's ``partials/nav-item.html`` is a recursive Jinja macro run for every entry of every page: on the
4,363-page docs it was a third of the build (``benchmarks/build_bench.py``), and with ``navigation.prune``
each page still carried the lists of its sections whole (hundreds of entries, about 125 KB a page). Here
the same elements, classes, ids and attributes are written once per page from a plain tree, with two
limits on what a page carries (``limit`` entries):

- a longer list shows a window of ``limit`` entries around the current page, and a link before and after
  it to the rest: with JavaScript they are shown in place (``assets/nav.js`` reads them from
  ``lists_json``); without, the link leads to the nearest page left out, whose own window goes on from
  there, so every page stays reachable from its section;
- when the top-level sections a page is not in hold more than ``limit`` entries together, each of them is
  one link to its first page, as every deeper section the page is not in already is with prune.

Supported: Material's ``navigation.sections`` and ``navigation.prune`` (on or off) without
``navigation.tabs``, ``navigation.indexes`` or ``navigation.expand``; ``supports`` says whether a feature list
is one of these (the theme's own template is used otherwise). This module does not import MkDocs.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

UNSUPPORTED_FEATURES = frozenset({"navigation.tabs", "navigation.indexes", "navigation.expand"})


def supports(features: Iterable[str]) -> bool:
    return not UNSUPPORTED_FEATURES & set(features)


@dataclass(eq=False)
class Entry:
    """One navigation entry: a page or a link (``url``) or a section (``children``).

    ``title`` and ``subtitle`` are HTML, as the theme prints them (the navigation's titles are escaped once
    where they are read). A page's ``url`` is relative to the site's root, as MkDocs gives it.
    """

    title: str
    url: str = ""
    is_page: bool = False
    children: list[Entry] = field(default_factory=list)
    subtitle: str = ""
    status: str = ""
    parent: Entry | None = field(default=None, repr=False)
    path: str = ""  # the theme's toggle id of a section: __nav_2_3 is the third entry of the second


def tree(entries: list[Entry]) -> list[Entry]:
    """The top-level entries with every ``parent`` and section ``path`` filled in."""

    def walk(items: list[Entry], parent: Entry | None, path: str) -> None:
        for index, item in enumerate(items, start=1):
            item.parent = parent
            item.path = f"{path}_{index}"
            walk(item.children, item, item.path)

    walk(entries, None, "__nav")
    return entries


@dataclass(frozen=True)
class Options:
    sections: bool = True  # navigation.sections: the top-level sections shown open, as headings
    prune: bool = True  # navigation.prune: a section the page is not in shows as a link to its first page
    limit: int = 0  # the most entries a list shows; 0: all
    expanded: frozenset[str] = frozenset()  # toggle ids of sections shown open (toc.yml's expanded: true)
    status_titles: dict[str, str] = field(default_factory=dict)  # extra.status: a page status's tooltip (HTML)


@dataclass(frozen=True)
class Words:
    """The more-links' texts (HTML), given how many entries they stand for."""

    before: Callable[[int], str]
    after: Callable[[int], str]


@dataclass(frozen=True)
class Rendered:
    """The list items of the navigation's top list; the current page's table of contents goes in between
    (the theme's ``partials/toc.html``) when ``toc`` is true."""

    before: str
    after: str
    toc: bool


@dataclass(frozen=True)
class Page:
    """What one page's navigation depends on besides the tree."""

    current: Entry | None  # the page's own entry (None: a page not in the navigation, the 404 page)
    has_toc: bool  # the page's table of contents has entries (below a lone top heading)
    href: Callable[[str], str]  # a site-relative URL as the page links to it
    lists_src: str  # where ``lists_json`` is published, as the page links to it


def window(count: int, at: int | None, limit: int) -> tuple[int, int]:
    """The entries ``[start, end)`` of a list of ``count`` a page shows: ``limit`` of them around ``at``."""
    if not limit or count <= limit:
        return 0, count
    if at is None:
        return 0, limit
    start = min(max(0, at - limit // 2), count - limit)
    return start, start + limit


def first_url(entry: Entry) -> str:
    """Where a collapsed section leads: its first page (the theme's ``render_pruned``)."""
    while entry.children:
        entry = entry.children[0]
    return entry.url


class _Writer:
    def __init__(self, page: Page, options: Options, words: Words) -> None:
        self.page = page
        self.options = options
        self.words = words
        self.active: set[int] = set()
        node = page.current
        while node is not None:
            self.active.add(id(node))
            node = node.parent
        self.out: list[str] = []
        self.toc_at: int | None = None
        self.collapsed = False  # the top-level sections the page is not in are links to their first page

    def content(self, entry: Entry) -> str:
        html = f'<span class="md-ellipsis">{entry.title}'
        if entry.subtitle:
            html += f"<br><small>{entry.subtitle}</small>"
        html += "</span>"
        if entry.status:
            tip = self.options.status_titles.get(entry.status)
            title = f' title="{tip}"' if tip else ""
            html += f'<span class="md-status md-status--{entry.status}"{title}></span>'
        return html

    def items(self, entries: list[Entry], level: int) -> None:
        at = next((i for i, e in enumerate(entries) if id(e) in self.active), None)
        if level == 1 and self.options.prune and self.options.limit:
            # Material shows every top-level section open: past the limit, only the page's own.
            others = sum(len(e.children) for e in entries if e.children and id(e) not in self.active)
            self.collapsed = others > self.options.limit
        # The top list is never cut: its sections are the site's outline, each shown open.
        start, end = window(len(entries), at, self.options.limit if level > 1 else 0)
        owner = entries[0].parent.path if entries and entries[0].parent else "__nav"
        if start:
            self.more("before", owner, start, end, self.words.before(start), entries[start - 1])
        for entry in entries[start:end]:
            self.item(entry, level)
        if end < len(entries):
            self.more("after", owner, start, end, self.words.after(len(entries) - end), entries[end])

    def more(self, side: str, owner: str, start: int, end: int, text: str, target: Entry) -> None:
        """A link to the entries a window hides: the script shows them in place, else it leads to the nearest."""
        href = self.page.href(first_url(target))
        self.out.append(
            f'<li class="md-nav__item so-nav-more so-nav-{side}"><a href="{href}" class="md-nav__link" '
            f'data-so-nav="{owner}" '
            f'data-so-nav-range="{start} {end}" data-so-nav-src="{self.page.lists_src}">'
            f'<span class="md-ellipsis">{text}</span></a></li>')

    def item(self, entry: Entry, level: int) -> None:
        out = self.out
        active = id(entry) in self.active
        cls = "md-nav__item md-nav__item--active" if active else "md-nav__item"
        if entry.children:
            is_section = self.options.sections and level == 1 and (active or not self.collapsed)
            pruned = self.options.prune and not is_section and not active
            if is_section:
                cls += " md-nav__item--section"
            if pruned:
                out.append(f'<li class="{cls} md-nav__item--pruned md-nav__item--nested">'
                           f'<a href="{self.page.href(first_url(entry))}" class="md-nav__link">'
                           f'{self.content(entry)}<span class="md-nav__icon md-icon"></span></a></li>')
                return
            path = entry.path
            checked = " checked" if active or path in self.options.expanded else ""
            tabindex = "" if is_section else "0"
            out.append(f'<li class="{cls} md-nav__item--nested">'
                       f'<input class="md-nav__toggle md-toggle " type="checkbox" id="{path}"{checked}>'
                       f'<label class="md-nav__link" for="{path}" id="{path}_label" tabindex="{tabindex}">'
                       f'{self.content(entry)}<span class="md-nav__icon md-icon"></span></label>'
                       f'<nav class="md-nav" data-md-level="{level}" aria-labelledby="{path}_label" '
                       f'aria-expanded="{"true" if active else "false"}">'
                       f'<label class="md-nav__title" for="{path}"><span class="md-nav__icon md-icon"></span>'
                       f'{entry.title}</label><ul class="md-nav__list" data-md-scrollfix>')
            self.items(entry.children, level + 1)
            out.append("</ul></nav></li>")
        elif entry is self.page.current:
            out.append(f'<li class="{cls}"><input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">')
            if self.page.has_toc:
                out.append(f'<label class="md-nav__link md-nav__link--active" for="__toc">{self.content(entry)}'
                           f'<span class="md-nav__icon md-icon"></span></label>')
            out.append(f'<a href="{self.page.href(entry.url)}" class="md-nav__link md-nav__link--active">'
                       f'{self.content(entry)}</a>')
            if self.page.has_toc:
                self.toc_at = len(out)
            out.append("</li>")
        else:
            out.append(f'<li class="{cls}"><a href="{self.page.href(entry.url)}" class="md-nav__link">'
                       f'{self.content(entry)}</a></li>')


def render(top: list[Entry], page: Page, options: Options, words: Words) -> Rendered:
    """The items of the navigation's top list as this page shows them."""
    writer = _Writer(page, options, words)
    writer.items(top, 1)
    out = writer.out
    if writer.toc_at is None:
        return Rendered("".join(out), "", False)
    return Rendered("".join(out[:writer.toc_at]), "".join(out[writer.toc_at:]), True)


def _sections(entries: list[Entry]) -> Iterator[tuple[str, list[Entry]]]:
    yield (entries[0].parent.path if entries and entries[0].parent else "__nav"), entries
    for entry in entries:
        if entry.children:
            yield from _sections(entry.children)


def lists_json(top: list[Entry], limit: int, text_of: Callable[[str], str]) -> str:
    """Every list longer than ``limit``, for the script that shows a window's hidden entries: by the owning
    section's toggle id, each entry as ``[text, site-relative URL, 1 for a section]``; ``text_of`` turns a
    title's HTML into the plain text the script sets (it never writes HTML)."""
    if not limit:
        return "{}"
    lists = {owner: [[text_of(e.title), first_url(e), 1 if e.children else 0] for e in entries]
             for owner, entries in _sections(top) if len(entries) > limit and entries[0].parent is not None}
    return json.dumps(lists, ensure_ascii=False, separators=(",", ":"))


def from_items(items: Iterable[Any], key: Callable[[Any], Hashable] = id) -> tuple[list[Entry], dict[Hashable, Entry]]:
    """The tree of MkDocs' navigation items (read by their attributes: this module does not import MkDocs),
    and each page's entry by ``key`` of the page. Call it once the pages are read: a page's title may come
    from its text."""
    pages: dict[Hashable, Entry] = {}

    def convert(item: Any) -> Entry:
        if getattr(item, "is_section", False):
            return Entry(str(item.title or ""), children=[convert(child) for child in item.children or ()])
        if getattr(item, "is_page", False):
            meta = item.meta or {}
            entry = Entry(str(item.title or ""), item.url, True, subtitle=str(meta.get("subtitle") or ""),
                          status=str(meta.get("status") or ""))
            pages[key(item)] = entry
            return entry
        return Entry(str(item.title or ""), str(item.url or ""))

    return tree([convert(item) for item in items]), pages


_TAG = re.compile(r"<[^>]*>")


def plain_text(title_html: str) -> str:
    """A title's text without markup and entities, as the list file gives it to the script."""
    return html.unescape(_TAG.sub("", title_html))


def has_long_list(items: Iterable[Any], limit: int) -> bool:
    """Whether a list below the top of MkDocs' navigation items is longer than ``limit``: only then do pages
    get more-links (and the site the script and the list file)."""
    stack = [child for item in items for child in [getattr(item, "children", None)] if child]
    while stack:
        children = stack.pop()
        if limit and len(children) > limit:
            return True
        stack.extend(grand for child in children for grand in [getattr(child, "children", None)] if grand)
    return False
