"""The file sandbox: every file the generator reads is inside the project once symbolic links are resolved."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Project:
    """The files the engine may read: everything below ``root``, nothing outside it."""

    root: Path
    docs_dir: str
    includes_dir: str
    _cache: dict[str, str] = field(default_factory=dict, repr=False)
    _listings: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.root = Path(os.path.realpath(self.root))

    def contains(self, rel: str) -> bool:
        """True when ``rel`` is inside the project once every symbolic link is resolved."""
        if rel.startswith("../") or rel == ".." or posixpath.isabs(rel):
            return False
        real = os.path.realpath(self.root / rel)
        return os.path.commonpath([real, str(self.root)]) == str(self.root)

    def is_file(self, rel: str) -> bool:
        return self.contains(rel) and (self.root / rel).is_file()

    def read(self, rel: str) -> str:
        if rel not in self._cache:
            self._cache[rel] = (self.root / rel).read_text(encoding="utf-8-sig")
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

    def forget(self, rel: str | None = None) -> None:
        """Drop cached text (``mkdocs serve`` calls this when a file changes)."""
        self._listings.clear()
        if rel is None:
            self._cache.clear()
        else:
            self._cache.pop(rel, None)
