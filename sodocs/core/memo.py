"""What was parsed from a file's text, kept for the next build of the same process (``mkdocs serve``).

Every build needs the front matter of every page and every DocFX YAML page, parsed, before it renders any
page: at 4,363 pages that is most of a serve rebuild that renders one page. A file whose text is the same as
at the last build gives the same result, so the result is kept with the text it came from, together with
the problems parsing reported (they are reported again: a build shows every problem of the site, not only
those of the files that changed). A changed text is parsed again; nothing is judged from times or names.

The parse must be a function of the path and the text alone, and its result is shared between builds, so
nothing may change it afterwards. This module does not import MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from ..diagnostics import Diagnostic, Diagnostics

T = TypeVar("T")


class TextMemo(Generic[T]):
    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, T, tuple[Diagnostic, ...]]] = {}
        self._seen: set[str] = set()
        self.parsed = 0  # parses run since the last ``sweep`` (the rest came from the memo)

    def get(self, path: str, text: str, parse: Callable[[Diagnostics], T], diags: Diagnostics) -> T:
        """``parse``'s result for this text of ``path``: kept from an earlier build when the text is equal."""
        self._seen.add(path)
        kept = self._kept.get(path)
        if kept is not None and kept[0] == text:
            diags.extend(list(kept[2]))
            return kept[1]
        own = Diagnostics()
        value = parse(own)
        self.parsed += 1
        self._kept[path] = (text, value, tuple(own))
        diags.extend(own)
        return value

    def forget(self) -> None:
        """Keep nothing: a one-off build (``mkdocs build``) has no next build to keep the texts for."""
        self._kept.clear()
        self._seen.clear()
        self.parsed = 0

    def sweep(self) -> None:
        """End of a build: forget the files it did not ask for (removed, renamed, no longer a page)."""
        for path in self._kept.keys() - self._seen:
            del self._kept[path]
        self._seen.clear()
        self.parsed = 0
