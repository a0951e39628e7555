"""The header's language switcher and the hreflang alternates of one page.

Each language of the site gets an entry: the page's translation when there is one, else that language's home
page with a note saying the page has no translation. The alternates (``<link hreflang>`` in the page's head and
in the sitemap) name translations only. Plain Python, no MkDocs: the plugin hands in the site's pages and a
function from a page to its address.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass
from importlib import resources

from markupsafe import escape

from ..core.languages import Languages


@dataclass(frozen=True)
class Entry:
    language: str
    name: str  # the language's own name ("Dansk", "English")
    url: str
    current: bool  # the page's own language
    translated: bool  # False: the url is the language's home page, the page has no translation
    note: str  # said beside the name when the page has no translation, in that language
    home_url: str  # the language's home page (the script falls back to it after instant navigation)


@dataclass(frozen=True)
class Switcher:
    """What the theme's ``config.extra.alternate`` holds while one page is rendered.

    It is true but not iterable on purpose: Material's header then includes the switcher (our
    ``partials/alternate.html``), while its own head template, which loops over an iterable ``alternate`` and
    links each language's home as the page's alternate, writes nothing; ``alternates`` are written instead.
    """

    label: str  # the button's accessible name ("Vælg sprog")
    entries: tuple[Entry, ...]
    alternates: tuple[Entry, ...]  # translations, the page itself included (hreflang wants both directions)
    home: str  # the site root: a link under it names its language by its first folder

    def __bool__(self) -> bool:
        return len(self.entries) > 1  # one language with pages: nothing to switch to

    @property
    def codes(self) -> str:
        return " ".join(e.language for e in self.entries)

    @property
    def default(self) -> str:
        return self.entries[0].language if self.entries else ""


def switcher(languages: Languages, page: str, pages: Container[str], url_of: Callable[[str], str],
             names: Callable[[str], str], note: Callable[[str], str], label: str, home: str) -> Switcher:
    """The switcher of ``page`` (docs-relative); ``names``/``note`` give each language's name and its
    "no translation" note, ``url_of`` a page's address as the page being rendered links to it.

    Theme templates print without autoescape: every text is escaped here, once."""
    own = languages.language_of(page)
    entries: list[Entry] = []
    for code in languages.codes:
        target = languages.counterpart(page, code, pages)
        home_page = languages.home(code, pages)
        translated = target is not None
        target = target or home_page
        if target is None or home_page is None:
            continue  # the language has no home page yet
        entries.append(Entry(code, escape(names(code)), escape(url_of(target)), code == own, translated,
                             escape(note(code)), escape(url_of(home_page))))
    alternates = tuple(e for e in entries if e.translated)
    return Switcher(escape(label), tuple(entries), alternates if len(alternates) > 1 else (), home)




def script() -> str:
    """The switcher's script (``sodocs/site/assets/language.js``), served as ``_sodocs/language.js``."""
    return (resources.files("sodocs.site") / "assets" / "language.js").read_text(encoding="utf-8")


__all__ = ["Entry", "Switcher", "script", "switcher"]
