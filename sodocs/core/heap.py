"""Python's cyclic garbage collector on a 4,000-page build.

A full collection walks every object the interpreter tracks. After the sources are read that is millions
(the parsed front matter and YAML pages, the navigation, the pages), and the collector ran a full collection
about thirty times in a build of the English docs (7 s of 65), and once in nearly every ``mkdocs serve``
rebuild (0.5 s of 1.3). Those objects live to the end of the build (in serve: to the next full build), so
the build moves them out of the collector's sight once they are made (``gc.freeze``): a full collection
then walks only what was made after. Reference counting still frees them; only a cycle among them waits
for ``thaw`` (the next full build in serve, the end of the process in ``mkdocs build``).

This module does not import MkDocs.
"""

from __future__ import annotations

import gc
import time
from typing import Any


def settle() -> None:
    """What exists now lives to the end of the build: full collections stop walking it."""
    gc.freeze()


class Settler:
    """Settles every ``every`` calls: the pages read so far live to the end of the build, and a full
    collection walking all of them again each time made the collections grow with the site."""

    def __init__(self, every: int = 200) -> None:
        self.every = every
        self.seen = 0

    def tick(self) -> None:
        self.seen += 1
        if self.seen % self.every == 0:
            settle()


def pause() -> None:
    """No collection until ``resume``: a serve rebuild of a few pages lasts a second and makes little garbage,
    and each full collection in it (0.2 s) walked the objects the rebuild made and keeps anyway."""
    gc.disable()


def resume() -> None:
    gc.enable()


def thaw() -> None:
    """A new full build: what the last one settled may be garbage now, so the collector sees it again."""
    gc.unfreeze()


class FullCollections:
    """The time the collector spends in full collections, for the build's phase summary."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0
        self._started = 0.0
        gc.callbacks.append(self._observe)

    def _observe(self, phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.count += 1

    def take(self) -> tuple[int, float]:
        """Full collections since the last ``take``: how many, and their seconds."""
        out = (self.count, self.seconds)
        self.count, self.seconds = 0, 0.0
        return out


_WATCH: list[FullCollections] = []


def full_collections() -> FullCollections:
    """The process's one observer of full collections (made at the first call)."""
    if not _WATCH:
        _WATCH.append(FullCollections())
    return _WATCH[0]
