"""The site's languages, as the upstream tree lays them out: ``<docs>/da/…`` beside ``<docs>/en/…``.

A page's language is the first folder of its path when that folder names a language of the site; any other
page (the landing page at the top, a corpus page outside every language folder) is in the default language,
the theme's. A page's translation is the page at the same place in the other language's folder; the default
language may also keep a page at the top (``index.md`` is the Danish home, ``en/index.md`` the English one).
Plain Python: the plugin, the macros and the navigation split use it; it does not import MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass

HOME = "index.md"


@dataclass(frozen=True)
class Languages:
    default: str
    codes: tuple[str, ...]  # the default first

    @classmethod
    def of(cls, default: str, listed: list[str] | tuple[str, ...]) -> Languages:
        """The theme's language and the ``languages`` option (empty: the theme's language only)."""
        codes = [default, *(code for code in listed if code != default)]
        return cls(default, tuple(dict.fromkeys(codes)))

    @property
    def several(self) -> bool:
        return len(self.codes) > 1

    def split(self, rel: str) -> tuple[str, str]:
        """(language, the path inside the language's folder) of a docs-relative path."""
        first, sep, rest = rel.partition("/")
        if sep and first in self.codes and self.several:
            return first, rest
        return self.default, rel

    def language_of(self, rel: str) -> str:
        return self.split(rel)[0]

    def candidates(self, rel: str, language: str) -> list[str]:
        """Where ``rel``'s translation into ``language`` would be, most likely first."""
        _, rest = self.split(rel)
        places = [f"{language}/{rest}"]
        if language == self.default:
            places.append(rest)
        return places

    def counterpart(self, rel: str, language: str, pages: Container[str]) -> str | None:
        """The page that is ``rel`` in ``language`` (``rel`` itself for its own language), or None."""
        if self.language_of(rel) == language:
            return rel
        return next((p for p in self.candidates(rel, language) if p in pages), None)

    def home(self, language: str, pages: Container[str]) -> str | None:
        """The language's home page: ``<lang>/index.md``, or the top ``index.md`` for the default language."""
        return next((p for p in self.candidates(HOME, language) if p in pages), None)

    def translated_link(self, rel: str, language: str, exists: Callable[[str], bool]) -> str:
        """A docs-relative target as a page of ``language`` links to it: the translation when there is one,
        else the same place in the language's folder, which the engine sends to that language's upstream page
        when the site does not carry it (a link written for Danish leads an English reader to English)."""
        if self.language_of(rel) == language or not self.several:
            return rel
        places = self.candidates(rel, language)
        return next((p for p in places if exists(p)), places[0])


def glossary_for(rel: str, language: str) -> str:
    """``includes/glossary.md`` -> ``includes/glossary.en.md``: a language's file beside the default one."""
    stem, dot, suffix = rel.rpartition(".")
    return f"{stem}.{language}.{suffix}" if dot and "/" not in suffix else f"{rel}.{language}"


__all__ = ["HOME", "Languages", "glossary_for"]
