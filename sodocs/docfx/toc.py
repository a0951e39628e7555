"""DocFX ``toc.yml`` trees as one navigation tree.

DocFX's rules (https://dotnet.github.io/docfx/docs/table-of-contents.html), as this module applies them:

* a toc file is a list of entries, or a mapping whose ``items`` is that list;
* an entry has ``name`` (its title; without one the page's own title is used), ``href``, ``items`` (children),
  ``topicHref`` (the entry's own page when ``href`` names a toc or a folder), ``tocHref`` (a toc to nest),
  ``uid`` (a page by its uid) and ``expanded`` (show the children open); other keys are ignored, as DocFX does;
* ``href`` to a page (``.md`` or a YAML page) makes the entry that page; to another ``toc.yml`` nests that toc's
  entries in place; to a folder (``x/``) means the folder's ``toc.yml``, or else its index page; to an address
  with a scheme (``https://…``) or to ``xref:uid`` as written; a relative ``href`` is resolved from the folder of
  the toc file that holds it.

DocFX shows the top-level toc (``<docs>/toc.yml``) as the top bar and each page with the toc nearest to it as the
sidebar. A site with one navigation tree needs every toc somewhere in it, so: an entry of the top-level toc that
names a page without children gets that page's own toc (the nearest toc above the page that lists it) as its
children, and every toc that is still in the tree nowhere, and that no toc nests, is added at the top level.
A page keeps its first place; a page listed twice within one toc tree is reported, a page that two separate
trees list (DocFX shows it in both sidebars) is not.

A page listed twice, a target that does not exist, and a cycle of nested tocs are ``toc.yml:line: message``.
Nothing here raises: every problem is a diagnostic and the entry is left out (its children are kept).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..core import yaml_lines
from ..diagnostics import Diagnostics, Origin

TOC_NAME = "toc.yml"
PAGE_SUFFIXES = (".md", ".yml")
INDEX_NAMES = ("index.md", "index.yml", "README.md")
MAX_DEPTH = 64
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class NavPage:
    """A page of the site: ``path`` is project-relative (``content/da/a.md``); no title means the page's own."""

    path: str
    title: str | None
    origin: Origin


@dataclass(frozen=True)
class NavLink:
    """A link: an external address (``url``), or a file the site publishes that is not a page (``path``)."""

    title: str
    origin: Origin
    url: str = ""
    path: str | None = None


@dataclass(frozen=True)
class NavSection:
    """An entry with children; ``page`` is its own page (``href`` or ``topicHref``), if it has one."""

    title: str | None
    children: tuple[NavItem, ...]
    origin: Origin
    page: str | None = None
    expanded: bool = False


NavItem = NavPage | NavLink | NavSection


def _no_fallback(_path: str) -> str | None:
    return None


def _unknown_upstream(_path: str) -> bool | None:
    return None


@dataclass(frozen=True)
class DocSet:
    """What the toc builder may know of the site; every path is project-relative and uses ``/``.

    ``files``: every file under ``docs_dir``, published or not; ``published``: the files the site publishes;
    ``pages``: the published pages; ``read``: a file's text; ``fallback``: the address in the full documentation
    of a page the site does not publish (or None); ``uids``: uid -> page; ``upstream_has``: whether the full
    documentation has a file this project lacks (None: no list of its files to tell).
    """

    docs_dir: str
    files: frozenset[str]
    published: frozenset[str]
    pages: frozenset[str]
    read: Callable[[str], str]
    fallback: Callable[[str], str | None] = _no_fallback
    uids: Mapping[str, str] = field(default_factory=dict)
    upstream_has: Callable[[str], bool | None] = _unknown_upstream


@dataclass
class NavTree:
    items: list[NavItem]
    diagnostics: Diagnostics
    tocs: list[str]  # the toc files the tree was made from, in reading order
    listed: dict[str, Origin]  # page -> the entry that gives it its place, in reading order
    unlisted: list[str]  # published pages that no toc lists


def build_nav(docset: DocSet) -> NavTree:
    return _Builder(docset).run()


def find_tocs(files: frozenset[str] | set[str], docs_dir: str) -> list[str]:
    """Toc files below ``docs_dir``, outermost first (DocFX accepts ``toc.yml`` in any letter case)."""
    prefix = _prefix(docs_dir)
    found = [f for f in files if f.startswith(prefix) and posixpath.basename(f).lower() == TOC_NAME]
    return sorted(found, key=lambda p: (p.count("/"), p))


def unlisted_message(unlisted: list[str], shown: int = 10) -> str:
    """One line for all the pages no toc lists (they are built all the same)."""
    names = ", ".join(unlisted[:shown]) + (f" and {len(unlisted) - shown} more" if len(unlisted) > shown else "")
    return f"{len(unlisted)} page(s) are in no toc.yml; they are built but not in the navigation: {names}"


@dataclass(frozen=True)
class _Target:
    kind: Literal["page", "toc", "link", "file"]
    path: str = ""
    url: str = ""


_Entries = list[tuple[Any, int]]


class _Builder:
    def __init__(self, docset: DocSet) -> None:
        self.ds = docset
        self.diags = Diagnostics()
        self.parsed: dict[str, _Entries | None] = {}
        self.order: list[str] = []
        self.listed: dict[str, tuple[Origin, str]] = {}  # page -> (entry, tree)
        self.placed: dict[str, tuple[Origin, str]] = {}  # toc -> (where it was put in the tree, tree)
        self.lower = {f.lower(): f for f in sorted(docset.files)}
        self.dirs = {d for f in self.lower for d in _parents(f)}
        self.tocs = find_tocs(docset.files, docset.docs_dir)
        self.top = _prefix(docset.docs_dir) + TOC_NAME

    def run(self) -> NavTree:
        nested = self._nested_by_published()
        items: list[NavItem] = []
        roots = [t for t in self.tocs if t in self.ds.published and (t == self.top or t not in nested)]
        roots.sort(key=lambda t: t != self.top)
        leftovers = [t for t in self.tocs if t in self.ds.published and t not in roots]
        for toc in roots + leftovers:  # leftovers: tocs nested only from a cycle no tree reaches
            if toc not in self.placed:
                items.extend(self._root(toc))
        unlisted = sorted(p for p in self.ds.pages if p not in self.listed)
        return NavTree(items, self.diags, self.order, {p: w for p, (w, _) in self.listed.items()}, unlisted)

    def _root(self, toc: str) -> list[NavItem]:
        where = Origin.at(toc, 1)
        items = self._expand(toc, (), where, toc, None)
        if toc == self.top or len(items) <= 1:
            return items
        words = (posixpath.basename(posixpath.dirname(toc)) or "docs").replace("-", " ").replace("_", " ")
        return [NavSection(words[:1].upper() + words[1:], tuple(items), where)]

    # --- reading -----------------------------------------------------------------------------------------------
    def entries(self, toc: str) -> _Entries | None:
        """The raw entries of a toc file with their lines; None (reported) when the file cannot be used."""
        if toc in self.parsed:
            return self.parsed[toc]
        self.parsed[toc] = None
        self.order.append(toc)
        try:
            text = self.ds.read(toc)
        except (OSError, UnicodeDecodeError) as exc:
            self.diags.add(Origin.at(toc, 1), "toc", f"cannot read the toc file: {exc}", "error")
            return None
        raw = _load(text, toc, self.diags)
        if raw is _INVALID:
            return None
        holder: Any = None
        if isinstance(raw, dict):
            if "items" not in raw:
                self.diags.add(Origin.at(toc, yaml_lines.line_of(raw)), "toc",
                               "a toc file is a list of entries, or has them under 'items'", "error")
                return None
            holder, raw = raw, raw["items"]
        if raw is None:
            raw = []
        if not isinstance(raw, list):
            line = yaml_lines.line_of(holder, "items") if holder is not None else 1
            self.diags.add(Origin.at(toc, line), "toc", "the entries of a toc file must be a list", "error")
            return None
        result = [(item, yaml_lines.line_of(raw, i)) for i, item in enumerate(raw)]
        self.parsed[toc] = result
        return result

    def _nested_by_published(self) -> set[str]:
        """The tocs that a published toc nests explicitly: those have their place and are no top-level tree."""
        nested: set[str] = set()
        for toc in self.tocs:
            if toc not in self.ds.published:
                continue
            for item in _walk(self.entries(toc) or []):
                for key in ("href", "tocHref"):
                    href = item.get(key)
                    target = self._toc_of(toc, href) if isinstance(href, str) else None
                    if target is not None and target != toc:
                        nested.add(target)
        return nested

    def _toc_of(self, toc: str, href: str) -> str | None:
        """The toc file an ``href`` nests, found without reporting anything."""
        if _SCHEME.match(href) or href.startswith(("/", "#")):
            return None
        path = _join(toc, href.replace("\\", "/"))
        if path is None:
            return None
        if posixpath.basename(path).lower() == TOC_NAME:
            return self.lower.get(path.lower())
        if href.endswith("/") or path.lower() in self.dirs:
            return self.lower.get(posixpath.join(path, TOC_NAME).lower())
        return None

    # --- expanding ---------------------------------------------------------------------------------------------
    def _expand(self, toc: str, stack: tuple[str, ...], where: Origin, tree: str,
                parent: str | None) -> list[NavItem]:
        if toc in stack:
            chain = " -> ".join((*stack[stack.index(toc):], toc))
            self.diags.add(where, "toc-cycle", f"toc files nest each other in a cycle: {chain}", "error")
            return []
        if len(stack) >= MAX_DEPTH:
            self.diags.add(where, "toc", f"toc files nested more than {MAX_DEPTH} deep", "error")
            return []
        if toc in self.placed:
            first, first_tree = self.placed[toc]
            if first_tree == tree:
                self.diags.add(where, "toc-duplicate", f"toc {toc} is nested twice (first at {first}); "
                               "the navigation keeps the first", "warning")
            return []
        self.placed[toc] = (where, tree)
        entries = self.entries(toc)
        return [] if entries is None else self._items(toc, entries, (*stack, toc), 0, tree, parent)

    def _items(self, toc: str, entries: _Entries, stack: tuple[str, ...], depth: int, tree: str,
               parent: str | None) -> list[NavItem]:
        out: list[NavItem] = []
        for item, line in entries:
            out.extend(self._item(toc, item, line, stack, depth, tree, parent))
        return out

    def _item(self, toc: str, item: Any, line: int, stack: tuple[str, ...], depth: int, tree: str,
              parent: str | None) -> list[NavItem]:
        where = Origin.at(toc, line)
        if not isinstance(item, dict):
            self.diags.add(where, "toc", "a toc entry must be a mapping with 'name' and 'href' or 'items'", "error")
            return []
        if depth > MAX_DEPTH:
            self.diags.add(where, "toc", f"toc entries nested more than {MAX_DEPTH} deep", "error")
            return []
        at = {key: Origin.at(toc, yaml_lines.line_of(item, key, line)) for key in item if isinstance(key, str)}
        name = _text(item.get("name"))
        expanded = item.get("expanded") is True
        page: str | None = None
        page_where = where
        link: NavLink | None = None
        nested: tuple[str, Origin] | None = None

        def take(target: _Target | None, key: str) -> None:
            nonlocal page, page_where, link, nested
            if target is None:
                return
            if target.kind == "toc":
                if nested is None:
                    nested = (target.path, at.get(key, where))
            elif target.kind == "page":
                if page is None:
                    page, page_where = target.path, at.get(key, where)
            elif link is None:
                link = NavLink(name or target.url or posixpath.basename(target.path), where, target.url,
                               target.path if target.kind == "file" else None)

        take(self._resolve(toc, self._string(item, "topicHref", at, where), at.get("topicHref", where),
                           topic=True), "topicHref")
        uid = self._string(item, "uid", at, where)
        if uid is not None and page is None:
            take(self._uid(uid, at.get("uid", where)), "uid")
        for key in ("href", "tocHref"):
            take(self._resolve(toc, self._string(item, key, at, where), at.get(key, where), toc_only=key == "tocHref"),
                 key)

        # The parent's own page again below it (DocFX's "Overview" habit) is the same entry: its children, if it
        # has any, belong to the parent.
        merge = page is not None and page == parent
        if merge or (page is not None and not self._place(page, page_where, tree)):
            page = None
        own_page = parent if merge else page

        children: list[NavItem] = []
        has_children = False
        if nested is not None:
            sub, sub_where = nested
            has_children = True
            if sub in self.ds.published:
                children.extend(self._expand(sub, stack, sub_where, tree, own_page))
            elif page is None and link is None and not merge:
                link = self._unpublished_toc(sub, name, where)
        raw_children = item.get("items")
        if isinstance(raw_children, list):
            has_children = True
            entries = [(c, yaml_lines.line_of(raw_children, i)) for i, c in enumerate(raw_children)]
            children.extend(self._items(toc, entries, stack, depth + 1, tree, own_page))
        elif raw_children is not None:
            self.diags.add(at.get("items", where), "toc", "'items' must be a list of entries", "error")

        if toc == self.top and not has_children and page is not None:
            own = self._own_toc(page)
            if own is not None:
                children = self._expand(own, stack, where, own, page)
                has_children = True
                if len(children) == 1 and isinstance(children[0], NavSection) and children[0].page is None:
                    # The toc's one top entry only groups its entries: the top bar entry is that group.
                    expanded = expanded or children[0].expanded
                    children = list(children[0].children)

        if merge:
            return children
        if children or (has_children and page is not None):
            if name is None and page is None:
                self.diags.add(where, "toc", "a toc entry with children needs a 'name'; its children are shown "
                               "in its place", "warning")
                return children
            return [NavSection(name, tuple(children), where, page, expanded)]
        if page is not None:
            return [NavPage(page, name, where)]
        if link is not None:
            return [link]
        if not at:
            self.diags.add(where, "toc", "an empty toc entry", "warning")
        elif not has_children and not any(k in item for k in ("href", "topicHref", "tocHref", "uid")):
            self.diags.add(where, "toc", f"toc entry {name!r} has no href and no items", "warning")
        return []

    def _place(self, page: str, where: Origin, tree: str) -> bool:
        """Give the page its place in the navigation; False when it already has one."""
        if page not in self.listed:
            self.listed[page] = (where, tree)
            return True
        first, first_tree = self.listed[page]
        if first_tree == tree and first != where:
            self.diags.add(where, "toc-duplicate", f"page {_rel(where, page)!r} is listed twice (first at {first}); "
                           "the navigation keeps the first", "warning")
        return False

    def _own_toc(self, page: str) -> str | None:
        """The toc DocFX shows beside ``page``: the nearest toc above it that lists it, else its folder's toc."""
        folder = posixpath.dirname(page)
        own: str | None = None
        while True:
            candidate = self.lower.get(posixpath.join(folder, TOC_NAME).lower())
            if candidate is not None and candidate != self.top and candidate in self.ds.published:
                own = own or candidate
                if self._lists(candidate, page):
                    own = candidate
                    break
            if not folder or folder == posixpath.dirname(self.top):
                break
            folder = posixpath.dirname(folder)
        if own is None or own in self.placed:
            return None
        return own

    def _lists(self, toc: str, page: str) -> bool:
        for item in _walk(self.entries(toc) or []):
            for key in ("href", "topicHref"):
                href = item.get(key)
                if isinstance(href, str) and _join(toc, href.replace("\\", "/")) == page:
                    return True
        return False

    def _unpublished_toc(self, toc: str, name: str | None, where: Origin) -> NavLink | None:
        """A nested toc of a part the site leaves out: one link to that part's first page in the full docs."""
        for item in _walk(self.entries(toc) or []):
            href = item.get("topicHref") or item.get("href")
            if isinstance(href, str) and href.endswith(PAGE_SUFFIXES) and not _SCHEME.match(href):
                path = _join(toc, href)
                url = self.ds.fallback(path) if path is not None else None
                if url is not None:
                    return NavLink(name or _text(item.get("name")) or url, where, url)
        return None

    # --- one href ----------------------------------------------------------------------------------------------
    def _string(self, item: dict[Any, Any], key: str, at: dict[str, Origin], where: Origin) -> str | None:
        value = item.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.diags.add(at.get(key, where), "toc", f"'{key}' must be a path or an address", "error")
            return None
        return value.strip()

    def _uid(self, uid: str, where: Origin) -> _Target | None:
        path = self.ds.uids.get(uid)
        if path is None:
            self.diags.add(where, "toc-missing", f"no page has uid {uid!r}", "warning")
            return None
        return _Target("page", path)

    def _resolve(self, toc: str, href: str | None, where: Origin, topic: bool = False,
                 toc_only: bool = False) -> _Target | None:
        if href is None:
            return None
        if href.lower().startswith("xref:"):
            return self._uid(href[5:].split("#", 1)[0], where)
        if _SCHEME.match(href) or href.startswith("//"):
            return _Target("link", url=href)
        path_part = href.split("#", 1)[0].split("?", 1)[0]
        if not path_part:
            self.diags.add(where, "toc-missing", f"href {href!r} names no file", "warning")
            return None
        if href.startswith("/"):
            hint = self._suggest(toc, path_part)
            self.diags.add(where, "toc-missing", f"href {href!r} is an absolute path, which DocFX publishes as "
                           "written and which leads to no page; write the path relative to the toc file"
                           + (f": {hint!r}" if hint else ""), "warning")
            return None
        if "\\" in path_part:
            path_part = path_part.replace("\\", "/")
            self.diags.add(where, "toc-path", f"href {href!r} uses '\\' (DocFX on Windows only); write "
                           f"{path_part!r}", "warning")
        path = _join(toc, path_part)
        if path is None:
            self.diags.add(where, "toc-missing", f"href {href!r} leads outside the docs", "error")
            return None
        found = self._find(path, href, where)
        if path_part.endswith("/") or (found is None and path.lower() in self.dirs):
            return self._folder(path, href, where, topic)
        if found is None:
            # A part of the docs this project does not hold (the corpus leaves out the API reference): when the
            # full documentation has the page, the entry leads there, as a Markdown link to it would.
            upstream = self.ds.upstream_has(path) if path.endswith(PAGE_SUFFIXES) else None
            url = self.ds.fallback(path) if upstream else None
            if url is not None:
                return _Target("link", url=url)
            also = " (nor has the full documentation)" if upstream is False else ""
            self.diags.add(where, "toc-missing", f"href {href!r}: there is no file {path}{also}", "warning")
            return None
        if posixpath.basename(found).lower() == TOC_NAME:
            if topic:
                self.diags.add(where, "toc", f"topicHref {href!r} must name a page, not a toc", "warning")
                return None
            return _Target("toc", found)
        if toc_only:
            self.diags.add(where, "toc", f"tocHref {href!r} must name a toc.yml or a folder", "warning")
            return None
        return self._page(found, href, where)

    def _folder(self, path: str, href: str, where: Origin, topic: bool) -> _Target | None:
        folder = path.rstrip("/")
        nested = self.lower.get(posixpath.join(folder, TOC_NAME).lower())
        if nested is not None and not topic:
            return _Target("toc", nested)
        for index in INDEX_NAMES:
            page = self.lower.get(posixpath.join(folder, index).lower())
            if page is not None:
                return self._page(page, href, where)
        self.diags.add(where, "toc-missing", f"folder {href!r} has no toc.yml and no index page", "warning")
        return None

    def _page(self, path: str, href: str, where: Origin) -> _Target | None:
        if path in self.ds.pages:
            return _Target("page", path)
        if path in self.ds.published:
            return _Target("file", path=path)
        url = self.ds.fallback(path) if path.endswith(PAGE_SUFFIXES) else None
        if url is not None:
            return _Target("link", url=url)
        self.diags.add(where, "toc-missing", f"href {href!r}: {path} is not published by this site", "warning")
        return None

    def _find(self, path: str, href: str, where: Origin) -> str | None:
        """The file at ``path``; a name that matches only in another letter case is found and reported."""
        if path in self.ds.files:
            return path
        actual = self.lower.get(path.lower())
        if actual is not None:
            self.diags.add(where, "toc-case", f"href {href!r} differs in letter case from the file {actual}; "
                           "DocFX finds it on case-insensitive file systems only", "warning")
        return actual

    def _suggest(self, toc: str, absolute: str) -> str | None:
        """An absolute href usually means a file below the toc's folder: name the relative path that finds it."""
        base = posixpath.dirname(toc)
        parts = absolute.strip("/").split("/")
        for i in range(len(parts)):
            candidate = posixpath.join(base, *parts[i:])
            if candidate in self.ds.files:
                return posixpath.relpath(candidate, base or ".")
        return None


_INVALID = object()


def _load(text: str, path: str, diags: Diagnostics) -> Any:
    before = len(diags)
    try:
        data = yaml_lines.load_reported(text, path, diags, "toc")
    except (TypeError, ValueError, RecursionError) as exc:  # unhashable keys, absurd nesting: still a writer's text
        diags.add(Origin.at(path, 1), "toc", f"not a usable toc file: {exc}", "error")
        return _INVALID
    return _INVALID if len(diags) > before else data


def _walk(entries: _Entries) -> Iterator[dict[Any, Any]]:
    """Every entry of a toc file, children included, without following nested tocs."""
    stack: list[Any] = [item for item, _ in reversed(entries)]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            children = item.get("items")
            if isinstance(children, list):
                stack.extend(reversed(children))


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _prefix(docs_dir: str) -> str:
    return "" if docs_dir in ("", ".") else docs_dir.rstrip("/") + "/"


def _join(toc: str, href: str) -> str | None:
    path = posixpath.normpath(posixpath.join(posixpath.dirname(toc), href))
    if path in ("..", ".") or path.startswith(("../", "/")):
        return None
    return path


def _parents(path: str) -> Iterator[str]:
    parent = posixpath.dirname(path)
    while parent:
        yield parent
        parent = posixpath.dirname(parent)


def _rel(where: Origin, page: str) -> str:
    return posixpath.relpath(page, posixpath.dirname(where.innermost.path) or ".")


# --- the tree as MkDocs' ``nav`` ------------------------------------------------------------------------------

@dataclass
class MkDocsNav:
    """The tree in the shape of ``nav:`` in mkdocs.yml, and the theme's toggle ids of the expanded sections."""

    data: list[Any]
    expanded: set[str]


def mkdocs_nav(tree: NavTree, docs_dir: str, title_of: Callable[[str], str],
               escape: Callable[[str], str]) -> MkDocsNav:
    """``nav:`` data for MkDocs: paths relative to ``docs_dir``; titles escaped once (themes print them as HTML).

    A section's own page is its first child (with Material's ``navigation.indexes``, an index page becomes the
    section's link). ``expanded`` names the toggles as Material numbers them: ``__nav_2_3`` is the third
    child of the second top-level entry.
    """
    prefix = _prefix(docs_dir)
    expanded: set[str] = set()

    def src(path: str) -> str:
        return path.removeprefix(prefix)

    def convert(items: tuple[NavItem, ...] | list[NavItem], path: str, before: int) -> list[Any]:
        """``before``: entries ahead of these in their parent (the section's own page)."""
        out: list[Any] = []
        for item in items:
            if isinstance(item, NavPage):
                out.append({escape(item.title): src(item.path)} if item.title else src(item.path))
            elif isinstance(item, NavLink):
                if item.url:
                    out.append({escape(item.title): item.url})
            else:
                here = f"{path}_{before + len(out) + 1}"
                own = [src(item.page)] if item.page else []
                children = own + convert(item.children, here, len(own))
                if not children:
                    continue
                if len(children) == 1 and item.page:
                    title = item.title or title_of(item.page)
                    out.append({escape(title): src(item.page)})
                    continue
                title = item.title or (title_of(item.page) if item.page else "")
                if item.expanded:
                    expanded.add(here)
                out.append({escape(title): children})
        return out

    return MkDocsNav(convert(tree.items, "__nav", 0), expanded)


_TOGGLE = 'type="checkbox" id="__nav'


def open_expanded(html: str, expanded: set[str]) -> str:
    """Material shows a section open when its toggle is checked: check the toggles of ``expanded: true``.

    A page of a big site carries the whole navigation (hundreds of kilobytes), so this walks the toggles with
    ``str.find`` instead of a regular expression over the page. (With ``navigation.prune`` a collapsed section
    is not in the page at all; there is nothing to open.)
    """
    if not expanded:
        return html
    parts: list[str] = []
    last = 0
    at = html.find(_TOGGLE)
    while at >= 0:
        id_start = at + len('type="checkbox" id="')
        id_end = html.find('"', id_start)
        if id_end < 0:
            break
        if html[id_start:id_end] in expanded and not html.startswith(" checked", id_end + 1):
            parts.append(html[last:id_end + 1])
            parts.append(" checked")
            last = id_end + 1
        at = html.find(_TOGGLE, id_end)
    if not parts:
        return html
    parts.append(html[last:])
    return "".join(parts)
