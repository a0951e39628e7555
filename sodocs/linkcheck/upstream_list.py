"""The list of files that exist in the full public documentation, for offline fallback checks."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.project import NotUtf8, decode_text
from ..core.upstream import UpstreamConfig


class UpstreamListError(Exception):
    """The list cannot be read; the message names the file (and line) and says why."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}" if line else f"{path}: {reason}")
        self.path, self.line, self.reason = path, line, reason


@dataclass
class UpstreamList:
    paths: set[str] = field(default_factory=set)
    covered: tuple[str, ...] = ()
    _folded: dict[str, str] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def read(cls, path: Path) -> UpstreamList:
        paths: set[str] = set()
        covered: list[str] = []
        try:
            text = decode_text(path.read_bytes())
        except NotUtf8 as exc:
            raise UpstreamListError(path, exc.line, str(exc)) from None
        except OSError as exc:
            raise UpstreamListError(path, 0, f"the list of upstream files cannot be read ({exc.strerror or exc})") \
                from None
        for line in text.splitlines():
            if line.startswith("#covered:"):
                covered.append(line.removeprefix("#covered:").strip())
            elif line and not line.startswith("#"):
                paths.add(line.strip())
        return cls(paths, tuple(covered))

    def other_case(self, repo_path: str) -> str | None:
        """The listed file whose path differs from ``repo_path`` only in letter case, if there is one."""
        if self._folded is None:
            self._folded = {p.casefold(): p for p in sorted(self.paths, reverse=True)}
        return self._folded.get(repo_path.casefold())

    def is_covered(self, repo_path: str) -> bool:
        return not self.covered or any(repo_path.startswith(prefix) for prefix in self.covered)


def repo_candidates(url: str, config: UpstreamConfig) -> list[str]:
    """Published URL -> the upstream repository files that would have produced it."""
    base = config.base_url.rstrip("/") + "/"
    path = unquote(urlsplit(url)._replace(query="", fragment="").geturl())
    if not path.startswith(base):
        return []
    published = path[len(base):]
    if config.url_style == "folder" or published.endswith("/") or not published:
        stem = published.rstrip("/")
        stems = [posixpath.join(stem, "index"), stem] if stem else ["index"]
    else:
        stems = [published.removesuffix(".html")]
    out = []
    for stem in stems:
        for ext in (".md", ".yml"):
            out.append(config.docs_prefix + stem + ext)
            out.append(stem + ext)
    return out
