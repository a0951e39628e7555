"""The words the engine itself writes into a page (alert titles, the date badge, the video link), per language.

A page gets the words of its own language (``sodocs.core.languages``); a language not listed here gets the
English words. Plain Python, no MkDocs.
"""

from __future__ import annotations

import datetime as dt

WORDS: dict[str, dict[str, str]] = {
    "da": {
        "NOTE": "Bemærk", "TIP": "Tip", "IMPORTANT": "Vigtigt", "CAUTION": "Forsigtig", "WARNING": "Advarsel",
        "video": "Se videoen", "updated": "Opdateret", "by": "Af", "deployment": "Gælder installationstypen {d}",
        "platform": "Platform", "since": "Gælder fra version", "version": "Version {v}",
    },
    "en": {
        "NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "CAUTION": "Caution", "WARNING": "Warning",
        "video": "Watch the video", "updated": "Updated", "by": "By", "deployment": "Applies to {d} installations",
        "platform": "Platform", "since": "Applies from version", "version": "Version {v}",
    },
}

MONTHS: dict[str, tuple[str, ...]] = {
    "da": ("januar", "februar", "marts", "april", "maj", "juni",
           "juli", "august", "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June",
           "July", "August", "September", "October", "November", "December"),
}


def base(language: str | None) -> str:
    """``en-GB`` -> ``en``; an unknown language -> ``en``."""
    code = (language or "en").split("-")[0].lower()
    return code if code in WORDS else "en"


def words(language: str | None) -> dict[str, str]:
    return WORDS[base(language)]


def format_date(date: dt.date, language: str | None) -> str:
    """"23. april 2024" in Danish, "April 23, 2024" in English."""
    code = base(language)
    month = MONTHS[code][date.month - 1]
    return f"{date.day}. {month} {date.year}" if code == "da" else f"{month} {date.day}, {date.year}"


__all__ = ["MONTHS", "WORDS", "base", "format_date", "words"]
