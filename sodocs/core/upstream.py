"""Links to pages this site does not carry fall back to the full public documentation.

``content/`` plays the role of the upstream repository's ``docs/`` folder, so a link that
misses locally names the upstream file ``docs/<path>``; a link that climbs above ``content/``
names a file at the upstream repository's root (``release-notes/…``). Both are published under
one base URL. The base URL and the URL style are configuration, not code.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Literal

PAGE_EXTENSIONS = (".md", ".yml")


@dataclass(frozen=True)
class UpstreamConfig:
    base_url: str
    docs_prefix: str
    url_style: Literal["html", "folder"]


def upstream_path(target: str, docs_dir: str, docs_prefix: str) -> str | None:
    """Project-relative ``target`` -> upstream repository path, or None if it climbs out of the project."""
    target = posixpath.normpath(target)
    if target == ".." or target.startswith("../"):
        return None
    if target.startswith(docs_dir.rstrip("/") + "/"):
        return docs_prefix + target[len(docs_dir.rstrip("/")) + 1:]
    return target


def upstream_url(path: str, config: UpstreamConfig) -> str:
    """Upstream repository path -> published URL (``docs/`` is not part of the published path)."""
    published = path.removeprefix(config.docs_prefix)
    stem, ext = posixpath.splitext(published)
    if ext in PAGE_EXTENSIONS:
        if config.url_style == "folder":
            stem = stem.removesuffix("index").rstrip("/")
            published = (stem + "/") if stem else ""
        else:
            published = stem + ".html"
    return config.base_url.rstrip("/") + "/" + published
