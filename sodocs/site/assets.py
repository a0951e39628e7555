"""Theme files readers never load: source maps, and the search stemmers of languages the site does not use.

Material copies every one of them into the site (1.3 MB of source maps, 0.9 MB of lunr languages). Which lunr
files the search worker loads is decided by Material's worker (``workers/search.*.js``): the stemmer support
and one ``lunr.<lang>.min.js`` for each configured language but English, ``tinyseg.js`` for Japanese,
``wordcut.js`` for Hindi and Thai, and ``lunr.multi.min.js`` when there are several languages.
This module does not import MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

LUNR = "assets/javascripts/lunr/"
_MAP_COMMENT = re.compile(rb"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^\n]*?\*/)\s*\Z")


def lunr_files(languages: Iterable[str]) -> frozenset[str]:
    """The lunr files (relative to the site) the search worker loads for ``languages``."""
    langs = [lang for lang in dict.fromkeys(languages) if lang]
    needed: set[str] = set()
    for lang in langs:
        if lang == "ja":
            needed.add(LUNR + "tinyseg.js")
        elif lang in ("hi", "th"):
            needed.add(LUNR + "wordcut.js")
        if lang != "en":
            needed.add(f"{LUNR}min/lunr.{lang}.min.js")
    if len(langs) > 1:
        needed.add(LUNR + "min/lunr.multi.min.js")
    if needed:
        needed.add(LUNR + "min/lunr.stemmer.support.min.js")
    return frozenset(needed)


def unneeded(src_uri: str, lunr_needed: frozenset[str]) -> bool:
    """True for a file that must not reach the published site."""
    if src_uri.endswith(".map"):
        return True
    return src_uri.startswith(LUNR) and src_uri not in lunr_needed


def without_source_map_comment(data: bytes) -> bytes:
    """A minified script or stylesheet without the trailing comment that points at its (removed) map."""
    return _MAP_COMMENT.sub(b"\n", data, count=1) if b"sourceMappingURL=" in data[-300:] else data
