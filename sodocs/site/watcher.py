"""Which file watcher ``mkdocs serve`` uses: the kernel's change events, or polling.

MkDocs polls: every half second it stats every file it watches. That works on every file system, including
network and virtual-machine mounts that report no change events, but on the English docs (9,140 files) a
poll takes 0.17 s of Python, so the watcher thread takes about a third of a core, holds the interpreter
while a rebuild needs it, and an edit waits about 0.4 s on average before a poll sees it.
Where the project is on a local disk, the kernel's events (inotify on Linux) say at once what changed and
cost nothing in between. Only Linux is judged here, from ``/proc/self/mountinfo``: elsewhere ``auto`` keeps
MkDocs' polling, and ``native`` asks for the platform's events.

This module does not import MkDocs.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any, Literal

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

WatcherSetting = Literal["auto", "native", "polling"]
WATCHER_SETTINGS: tuple[WatcherSetting, ...] = ("auto", "native", "polling")
WatcherKind = Literal["native", "polling"]

# File systems that are a disk (or memory) of this machine: their changes reach inotify. Network and
# virtual-machine shares (nfs, cifs, 9p, virtiofs, fuse.*, Docker Desktop's fakeowner) may not send them.
LOCAL_FILESYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "bcachefs", "zfs", "f2fs", "jfs",
                               "reiserfs", "tmpfs", "ramfs", "overlay"})


@dataclass(frozen=True)
class Choice:
    kind: WatcherKind
    reason: str  # for the serve log: why this watcher


def _unescape(field: str) -> str:
    r"""A mountinfo path field: spaces, tabs, newlines and backslashes are written as octal (``\040``)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 3 < len(field) and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def filesystem_of(path: str, mountinfo: str) -> str | None:
    """The file system type of the mount that holds ``path`` (absolute, links resolved), from the text of
    ``/proc/self/mountinfo``; None when no line covers it or the text is not mountinfo."""
    best: tuple[int, str] | None = None
    for line in mountinfo.splitlines():
        fields = line.split(" ")
        if len(fields) < 7 or "-" not in fields[6:]:
            continue
        point = _unescape(fields[4])
        dash = fields.index("-", 6)
        if dash + 1 >= len(fields):
            continue
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        # The last of equal mount points wins: it is the one mounted over the others.
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), fields[dash + 1])
    return best[1] if best else None


def choose(setting: WatcherSetting, folder: str, platform: str = sys.platform,
           mountinfo: str | None = None) -> Choice:
    """The watcher for a project whose pages are in ``folder``. ``mountinfo``: the mount table's text (read
    from ``/proc/self/mountinfo`` when not given)."""
    if setting == "polling":
        return Choice("polling", "serve_watcher: polling")
    if setting == "native":
        return Choice("native", "serve_watcher: native")
    if not platform.startswith("linux"):
        return Choice("polling", f"auto: the file system is not judged on {platform}; set serve_watcher: native "
                      "for the platform's change events")
    if mountinfo is None:
        try:
            with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as table:
                mountinfo = table.read()
        except OSError:
            return Choice("polling", "auto: the mount table cannot be read")
    real = os.path.realpath(folder)
    kind = filesystem_of(real, mountinfo)
    if kind in LOCAL_FILESYSTEMS:
        return Choice("native", f"auto: {real} is on a local {kind} file system")
    return Choice("polling", f"auto: {real} is on {kind or 'an unknown file system'}, which may not report changes")


# The events that mean a file changed. The kernel also reports a file opened or closed without writing, and
# serve rebuilds on any event: every build reads the pages, so those would rebuild for ever.
CHANGES: tuple[type[FileSystemEvent], ...] = (FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent,
                                              FileClosedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent)


class ChangesOnlyObserver(Observer):  # type: ignore[misc, valid-type]  # the platform's class, chosen at import
    """The platform's native observer, told to report changes only (what polling reports)."""

    def schedule(self, event_handler: FileSystemEventHandler, path: str, *, recursive: bool = False,
                 event_filter: list[type[FileSystemEvent]] | None = None) -> ObservedWatch:
        events = event_filter if event_filter is not None else list(CHANGES)
        watch: ObservedWatch = super().schedule(event_handler, path, recursive=recursive, event_filter=events)
        return watch


def use_native(server: Any) -> str | None:
    """Move ``server``'s watched paths to a native observer, before it starts. None when done, else why not
    (the server keeps polling): a serve command of another shape, or a kernel that refuses the watches.

    MkDocs' ``LiveReloadServer`` (ProperDocs' too) makes its polling observer in its constructor and offers
    no setting for it; its ``watch`` and ``unwatch`` are public, the count of each path's watches is not."""
    counts = getattr(server, "_watched_paths", None)
    if not isinstance(counts, dict) or not hasattr(server, "observer") or not callable(getattr(server, "watch", None)):
        return "this serve command's server is not MkDocs' LiveReloadServer"
    counts = dict(counts)
    polling = server.observer

    def watch_all() -> None:
        for path, count in counts.items():
            for _ in range(count):
                server.watch(path)

    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = ChangesOnlyObserver()
    try:
        watch_all()
    except OSError as exc:  # inotify's watch limit (fs.inotify.max_user_watches), mostly
        # The native observer never started: forget its watches (the failed one is half made) and poll.
        server._watched_paths.clear()
        getattr(server, "_watch_refs", {}).clear()
        server.observer = polling
        watch_all()
        return f"the kernel refused to watch the files ({exc})"
    return None


__all__ = ["CHANGES", "LOCAL_FILESYSTEMS", "WATCHER_SETTINGS", "ChangesOnlyObserver", "Choice", "WatcherKind",
           "WatcherSetting", "choose", "filesystem_of", "use_native"]
