"""Pygments lexers made once per process and shared by every code block of every page.

pymdownx.highlight asks Pygments for a new lexer for each code block. Most lexers are cheap to make, but the
C# lexer (and the other .NET ones) compiles all its regular expressions again for every new instance: about
a millisecond a block, six seconds of a build of the 4,363-page English docs, whose API pages are mostly
C# samples (``benchmarks/build_bench.py``). A lexer keeps no state between texts (it is given a text and
yields its tokens; pymdownx adds no filters to it), so one per language and options serves all blocks.
This module does not import MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_cache: dict[tuple[str, tuple[tuple[str, Any], ...]], Any] = {}


def shared(make: Callable[..., Any]) -> Callable[..., Any]:
    """``make`` (Pygments' ``get_lexer_by_name``), answering the same language and options with the same lexer."""
    if getattr(make, "sodocs_shared", False):
        return make

    def get(alias: str, **options: Any) -> Any:
        try:
            key = (alias, tuple(sorted(options.items())))
            hash(key)
        except TypeError:  # an option that is a list or a mapping: made anew, as before
            return make(alias, **options)
        lexer = _cache.get(key)
        if lexer is None:
            lexer = _cache[key] = make(alias, **options)  # an unknown name raises, and nothing is kept
        return lexer

    get.sodocs_shared = True  # type: ignore[attr-defined]
    return get


def install() -> None:
    """Make pymdownx.highlight's code blocks share their lexers (when Pygments and pymdownx are installed)."""
    try:
        from pymdownx import highlight
    except ImportError:
        return
    make = getattr(highlight, "get_lexer_by_name", None)
    if make is not None:
        highlight.get_lexer_by_name = shared(make)
