"""The file sandbox: every file the generator reads is inside the project once symbolic links are resolved."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostics, Origin

# Linux refuses a longer file name (ENAMETOOLONG); a path with one is reported, not passed to the OS.
MAX_NAME_BYTES = 255


class NotUtf8(ValueError):
    """A file that is not UTF-8 text, with the line and column (in bytes) of the first byte that is not."""

    def __init__(self, line: int, column: int, byte: int) -> None:
        self.line, self.column, self.byte = line, column, byte
        super().__init__(f"the file is not UTF-8 text (byte 0x{byte:02x} at column {column} of line {line}); "
                         "save the file as UTF-8")


def decode_text(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped, Windows line ends read as ``\n``, as MkDocs reads pages);
    ``NotUtf8`` names the first line that is not."""
    try:
        text = data.decode("utf-8-sig")
        return text.replace("\r\n", "\n") if "\r" in text else text
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise NotUtf8(line, column, data[exc.start]) from None


def unusable_path(rel: str) -> str | None:
    """Why the operating system cannot open ``rel`` at all (a NUL byte, a name too long), or None."""
    if "\0" in rel:
        return "contains a NUL character (%00)"
    if any(len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES for part in rel.split("/")):
        return f"has a name longer than {MAX_NAME_BYTES} bytes"
    return None


def inside(root: Path | str, path: Path | str) -> bool:
    """True when ``path`` is inside the folder ``root`` (already resolved) once its symbolic links are resolved."""
    real = os.path.realpath(path)
    return os.path.commonpath([real, str(root)]) == str(root)


@dataclass
class Project:
    """The files the engine may read: everything below ``root``, nothing outside it."""

    root: Path
    docs_dir: str
    includes_dir: str
    _cache: dict[str, str] = field(default_factory=dict, repr=False)
    _listings: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _real_folders: dict[str, bool] = field(default_factory=dict, repr=False)  # folder -> inside once resolved
    _links: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)  # folder -> its symbolic links
    reads: set[str] | None = field(default=None, repr=False)  # while set: every file read (a page's sources)

    def __post_init__(self) -> None:
        self.root = Path(os.path.realpath(self.root))

    def contains(self, rel: str) -> bool:
        """True when ``rel`` is inside the project once every symbolic link is resolved."""
        if rel.startswith("../") or rel == ".." or posixpath.isabs(rel) or unusable_path(rel):
            return False
        folder, name = posixpath.split(rel)
        full = os.path.join(self.root, rel)  # strings, not Paths: this runs for every file of every build
        if name in ("", ".", "..") or self.is_link(rel):
            return inside(self.root, full)
        # A file that is not a link is where its folder really is: one realpath per folder, not per file
        # (the site's every file is checked at each build; at 8,000 files that was most of a serve rebuild).
        if folder not in self._real_folders:
            self._real_folders[folder] = inside(self.root, os.path.join(self.root, folder))
        return self._real_folders[folder]

    def is_link(self, rel: str) -> bool:
        """True when ``rel`` (project-relative) is a symbolic link. Read from one listing of its folder: a
        test per file was a system call for each of the site's 9,000 files at every serve rebuild."""
        folder, name = posixpath.split(rel)
        links = self._links.get(folder)
        if links is None:
            try:
                with os.scandir(os.path.join(self.root, folder)) as entries:
                    links = self._links[folder] = frozenset(e.name for e in entries if e.is_symlink())
            except OSError:  # not a folder (or gone): ask the file itself
                return os.path.islink(os.path.join(self.root, rel))
        return name in links

    def is_file(self, rel: str) -> bool:
        return self.contains(rel) and (self.root / rel).is_file()

    def outside(self, paths: list[str]) -> list[str]:
        """The project-relative ``paths`` that lead outside the project (through a symbolic link, mostly)."""
        return [rel for rel in paths if not self.contains(rel)]

    def read(self, rel: str) -> str:
        """The text of a project file; ``NotUtf8`` or ``OSError`` when it cannot be read."""
        if self.reads is not None:
            self.reads.add(rel)
        if rel not in self._cache:
            self._cache[rel] = decode_text((self.root / rel).read_bytes())
        return self._cache[rel]

    def find_other_case(self, rel: str) -> str | None:
        """The project file whose path differs from ``rel`` only in letter case (DocFX builds on Windows,
        where such a link works), or None."""
        if not rel or not self.contains(rel):
            return None
        found = ""
        for part in rel.split("/"):
            listing = self._listing(found)
            actual = listing.get(part.casefold())
            if actual is None:
                return None
            found = posixpath.join(found, actual) if found else actual
        return found if found != rel and self.is_file(found) else None

    def _listing(self, folder: str) -> dict[str, str]:
        if folder not in self._listings:
            try:
                names = os.listdir(self.root / folder)
            except OSError:
                names = []
            self._listings[folder] = {name.casefold(): name for name in sorted(names, reverse=True)}
        return self._listings[folder]

    def keep_texts(self, earlier: Project, changed: frozenset[str]) -> None:
        """Start from ``earlier``'s texts but those of ``changed`` files (a serve rebuild reads only those)."""
        if earlier.root == self.root:
            self._cache.update((rel, text) for rel, text in earlier._cache.items() if rel not in changed)

    def forget(self, rel: str | None = None) -> None:
        """Drop cached text (``mkdocs serve`` calls this when a file changes)."""
        self._listings.clear()
        self._real_folders.clear()
        self._links.clear()
        if rel is None:
            self._cache.clear()
        else:
            self._cache.pop(rel, None)


def refused_files(project: Project, paths: list[str], diags: Diagnostics) -> list[str]:
    """The project-relative ``paths`` that may not reach the site, each reported.

    A symbolic link in ``content/`` that leads outside the project would publish that file (MkDocs copies
    whatever the link points to); one that leads nowhere would stop the build when MkDocs copies it.
    """
    refused = []
    for rel in paths:
        if not project.contains(rel):
            diags.add(Origin.at(rel, 0), "outside-project", "a symbolic link to a file outside the project; "
                      "it is not published (copy the file into the project instead)", "error")
        elif project.is_link(rel) and not os.path.exists(os.path.join(project.root, rel)):
            diags.add(Origin.at(rel, 0), "outside-project", "a symbolic link to a file that does not exist; "
                      "it is not published", "error")
        else:
            continue
        refused.append(rel)
    return refused


def links_in(project: Project, folder: str) -> list[str]:
    """The project-relative paths of the symbolic links below ``folder`` (a project-relative folder), sorted.

    The theme's ``custom_dir`` is read by MkDocs and Jinja, not by the engine: a template or an asset there
    that links out of the project would be rendered into every page or copied into the site.
    """
    found = []
    for base, dirs, names in os.walk(project.root / folder):
        for name in [*dirs, *names]:
            path = Path(base, name)
            if path.is_symlink():
                found.append(path.relative_to(project.root).as_posix())
    return sorted(found)
