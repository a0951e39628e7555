"""What a ``mkdocs serve`` rebuild has to redo: the pages an edit reaches, and nothing else.

A full build records, for every page, the files its text was made from (the page, the includes and code
files it read, the data and macro templates of a macro page, its language's glossary) and what other pages
take from it (its title and uid, used by the navigation and by xref link texts). Before the next rebuild the
project's files are stamped again (modification time and size); the difference decides:

* a change that every page may show (``mkdocs.yml``, the theme folder, a ``toc.yml``, the interface texts,
  a DocFX YAML page), a file added or removed, or a page whose title, uid, subtitle or status changed:
  everything is rebuilt;
* otherwise exactly the pages that read a changed file are rebuilt, and changed static files copied.

Nothing is guessed from names: a page is rebuilt when the last build saw it read the file. A rebuild after
a failed one is always full (the failure banner is on every served page). This module does not import MkDocs.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Folders below the project that are never a source of the site: version control, environments, output.
_SKIPPED = frozenset({".git", ".venv", "venv", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache",
                      ".pytest_cache"})


@dataclass(frozen=True)
class Stamp:
    mtime_ns: int
    size: int


Snapshot = dict[str, Stamp]  # project-relative path -> stamp


def stamp_tree(root: Path, folders: Iterable[str], files: Iterable[str], skip: Iterable[str] = ()) -> Snapshot:
    """Stamp every file below each of ``folders`` and each of ``files`` (project-relative; missing ones are
    left out). ``skip``: project-relative folders that are output, never input (``site_dir``)."""
    found: Snapshot = {}
    skipped = {posixpath.normpath(s) for s in skip}

    def add(rel: str, entry: os.DirEntry[str] | None = None) -> None:
        try:
            st = entry.stat(follow_symlinks=True) if entry is not None else (root / rel).stat()
        except OSError:
            return
        found[rel] = Stamp(st.st_mtime_ns, st.st_size)

    for folder in dict.fromkeys(posixpath.normpath(f) for f in folders):
        stack = [folder]
        while stack:
            current = stack.pop()
            try:
                entries = list(os.scandir(root / current))
            except OSError:
                continue
            for entry in entries:
                rel = entry.name if current == "." else f"{current}/{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in _SKIPPED and rel not in skipped:
                        stack.append(rel)
                elif entry.is_file():
                    add(rel, entry)
    for rel in files:
        if rel not in found:
            add(rel)
    return found


@dataclass(frozen=True)
class Changes:
    modified: frozenset[str]
    added: frozenset[str]
    removed: frozenset[str]

    @property
    def all(self) -> frozenset[str]:
        return self.modified | self.added | self.removed

    def __bool__(self) -> bool:
        return bool(self.all)


def compare(before: Mapping[str, Stamp], after: Mapping[str, Stamp]) -> Changes:
    return Changes(frozenset(p for p in after.keys() & before.keys() if after[p] != before[p]),
                   frozenset(after.keys() - before.keys()), frozenset(before.keys() - after.keys()))


@dataclass
class Graph:
    """What the last good build read: each page's sources and what others take from it."""

    sources: dict[str, frozenset[str]] = field(default_factory=dict)  # page -> files its text came from
    shared: dict[str, tuple[str, ...]] = field(default_factory=dict)  # page -> what others show of it (title, uid, …)

    def all_sources(self) -> set[str]:
        return {path for sources in self.sources.values() for path in sources}

    def readers(self, path: str) -> set[str]:
        return {page for page, sources in self.sources.items() if path in sources}


@dataclass(frozen=True)
class Plan:
    full: bool
    reason: str  # why everything is rebuilt, or which edit this is
    pages: frozenset[str] = frozenset()  # partial: the pages to rebuild
    changed: frozenset[str] = frozenset()  # every changed file (static files among them are copied)

    def summary(self) -> str:
        if self.full:
            return f"rebuilding every page: {self.reason}"
        pages = len(self.pages)
        return f"rebuilding {pages} page{'s' if pages != 1 else ''} ({self.reason})"


FULL_FIRST = Plan(True, "the first build")


def plan(changes: Changes, graph: Graph, affects_every_page: Callable[[str], bool]) -> Plan:
    """The rebuild ``changes`` need, from what the last good build read (``graph``)."""
    if changes.added or changes.removed:
        some = sorted(changes.added | changes.removed)
        return Plan(True, f"{some[0]} was {'added' if some[0] in changes.added else 'removed'}"
                    + (f" (and {len(some) - 1} more)" if len(some) > 1 else ""), changed=changes.all)
    everywhere = sorted(p for p in changes.modified if affects_every_page(p))
    if everywhere:
        return Plan(True, f"{everywhere[0]} changed", changed=changes.all)
    pages: set[str] = set()
    for path in changes.modified:
        pages |= graph.readers(path)
    names = sorted(changes.modified)
    reason = names[0] + " changed" if len(names) == 1 else f"{len(names)} files changed"
    return Plan(False, reason, frozenset(pages), changes.all)


def shared_changed(graph: Graph, page: str, now: tuple[str, ...]) -> bool:
    """True when a rebuilt page's title or uid is no longer what the other pages show of it."""
    return graph.shared.get(page) != now


__all__ = ["FULL_FIRST", "Changes", "Graph", "Plan", "Snapshot", "Stamp", "compare", "plan", "shared_changed",
           "stamp_tree"]
