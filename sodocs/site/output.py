"""Atomic output: a build writes a fresh folder beside ``site_dir`` and swaps it in only when it succeeded.

A failed, killed or crashed build therefore never costs the published site: until the swap, ``site_dir`` is
the previous build, byte for byte. The swap is one ``renameat2(RENAME_EXCHANGE)`` on Linux (``site_dir`` is
never missing, not even for an instant); elsewhere two renames, the second undone if it fails. A lock beside
``site_dir`` keeps two builds of the same site from interleaving. Leftovers of a killed build (the fresh
folder, an unlocked lock file) are removed by the next build that holds the lock.

This module does not import MkDocs.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class OutputError(Exception):
    """The output folder cannot be prepared or replaced; the message says why in a writer's words."""


def temp_prefix(final: Path) -> str:
    """Every folder a build of ``final`` leaves beside it starts with this, so the next build can find it."""
    return f".{final.name}.tmp-"


def lock_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.lock")


def reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)


class BuildLock:
    """An exclusive ``flock`` on a file beside the site; the kernel drops it when the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, site: Path) -> None:
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise OutputError(f"{self.path.parent}: cannot write beside {site.name}/ ({reason(exc)}); "
                                  f"the previous site is unchanged") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise OutputError(f"{site}: another build is writing this site right now (process {holder}); "
                                  "wait until it has finished, then build again") from None
            # The previous holder may have removed the file between our open and our lock: then we hold
            # a lock on a file nobody else can find, so try again with the file now at the path.
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode("ascii"))
                self._fd = fd
                return
            os.close(fd)

    def release(self) -> None:
        if self._fd is None:
            return
        # Unlink while still holding the lock: a waiting build then finds no file, or a new one.
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(self._fd)
        self._fd = None


def _exchange(a: Path, b: Path) -> None:
    """Swap two paths in one step (Linux ``renameat2``); ``OSError`` where the system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def _swap(new: Path, final: Path) -> None:
    """Put ``new`` at ``final``; afterwards ``new`` holds the previous tree (or nothing)."""
    if not final.exists():
        os.rename(new, final)
        return
    try:
        _exchange(new, final)
        return
    except OSError as exc:
        if exc.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    # No exchange on this system: two renames, and the old tree is put back if the second fails.
    old = Path(tempfile.mkdtemp(prefix=temp_prefix(final), dir=final.parent))
    os.rmdir(old)
    os.rename(final, old)
    try:
        os.rename(new, final)
    except OSError:
        os.rename(old, final)
        raise
    os.rename(old, new)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


@dataclass
class Staging:
    """One build's private output folder beside ``final``, and the lock that makes it the only one."""

    final: Path
    temp: Path
    lock: BuildLock
    extras: list[Path] = field(default_factory=list)

    def beside(self, suffix: str) -> Path:
        """A file that belongs to this build but not to the site (the link report): removed when the build
        is discarded, and, like the folder, by the next build when this one was killed."""
        path = self.temp.with_name(self.temp.name + suffix)
        self.extras.append(path)
        return path

    def publish(self) -> None:
        """Swap the finished build in, then remove the previous tree; ``OutputError`` leaves ``final`` as it was."""
        try:
            _swap(self.temp, self.final)
        except OSError as exc:
            self.discard()
            raise OutputError(f"{self.final}: cannot replace the site ({reason(exc)}); the previous site is "
                              "unchanged") from None
        _remove(self.temp)
        self.lock.release()

    def merge(self) -> None:
        """Move a partial build's files into ``final``, each in one rename (``mkdocs serve`` rebuilds only
        the pages an edit reaches); a file that cannot be moved leaves the rest of ``final`` as it was."""
        try:
            for folder, _dirs, names in os.walk(self.temp):
                inner = Path(folder).relative_to(self.temp)
                (self.final / inner).mkdir(parents=True, exist_ok=True)
                for name in names:
                    os.replace(Path(folder) / name, self.final / inner / name)
        except OSError as exc:
            self.discard()
            raise OutputError(f"{self.final}: cannot update the served pages ({reason(exc)})") from None
        _remove(self.temp)
        self.lock.release()

    def discard(self) -> None:
        """Throw the unfinished build away; ``final`` was never touched."""
        for path in (self.temp, *self.extras):
            _remove(path)
        self.lock.release()


def stage(final: Path) -> Staging:
    """Lock ``final``, clear what killed builds left, and make the fresh folder to build into."""
    final = Path(os.path.abspath(final))
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{final.parent}: cannot create the folder for the site ({reason(exc)})") from None
    lock = BuildLock(lock_path(final))
    lock.acquire(final)
    try:
        for stray in final.parent.glob(temp_prefix(final) + "*"):
            _remove(stray)
        temp = Path(tempfile.mkdtemp(prefix=temp_prefix(final), dir=final.parent))
        # mkdtemp makes the folder private (0700); the published site must be as readable as any folder.
        umask = os.umask(0)
        os.umask(umask)
        temp.chmod(0o777 & ~umask)
    except OSError as exc:
        lock.release()
        raise OutputError(f"{final.parent}: cannot write the new site beside {final.name}/ ({reason(exc)}); "
                          "the previous site is unchanged") from None
    return Staging(final, temp, lock)
