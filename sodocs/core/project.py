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

    def forget(self, rel: str | None = None) -> None:
        """Drop cached text (``mkdocs serve`` calls this when a file changes)."""
        if rel is None:
            self._cache.clear()
        else:
            self._cache.pop(rel, None)
