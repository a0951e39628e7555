"""Interface strings (``data/ui.yml``): the words the plan tables, the explorer and the checklist show.

One section per language, so a second language is a second section; the macros and the scripts
read their words from here and count with the same plural rule.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

from ..core import yaml_lines
from ..core.datacheck import DataChecker
from ..core.yaml_lines import line_of
from ..diagnostics import Diagnostics, Origin

_FIELD = re.compile(r"\{(\w+)\}")


def plural_form(n: int, forms: tuple[str, str]) -> str:
    """Danish (and English) count nouns: the singular for exactly one, the plural for 0, 2, 3 …"""
    return forms[0] if abs(n) == 1 else forms[1]


@dataclass(frozen=True)
class UiText:
    language: str
    texts: dict[str, str]
    counts: dict[str, tuple[str, str]]

    def count(self, n: int, word: str) -> str:
        """``count(1, "feature")`` -> "1 funktion"; ``count(2, "feature")`` -> "2 funktioner"."""
        return f"{n} {plural_form(n, self.counts[word])}"

    def text(self, key: str, **values: object) -> str:
        template = self.texts[key]
        missing = set(_FIELD.findall(template)) - set(values)
        if missing:
            raise KeyError(f"text '{key}' needs {', '.join(sorted(missing))}")
        return string.Formatter().vformat(template, (), {k: str(v) for k, v in values.items()})

    def for_script(self) -> dict[str, Any]:
        """What the page's scripts need: the same texts and count forms, as JSON."""
        return {"texts": self.texts, "counts": {k: list(v) for k, v in self.counts.items()}}


def load_ui(text: str, path: str, language: str, diags: Diagnostics, reference: UiText | None = None) -> UiText | None:
    """The strings of ``language``. With ``reference`` (the default language's), a text or count it lacks is a
    warning at the language's line (``--strict`` fails on it) and the reference's is used meanwhile."""
    before = len(diags)
    raw = yaml_lines.load_reported(text, path, diags, "ui-data")
    if len(diags) > before:
        return None
    ck = DataChecker(path, diags, "ui-data")
    if not isinstance(raw, dict) or language not in raw:
        ck.error(line_of(raw), f"the interface strings have no section '{language}' (the site's language)")
        return None
    ck.duplicates(raw)
    section = ck.get(raw, language, dict, f"language '{language}'")
    for key in ("texts", "counts"):
        if isinstance(section, dict) and key not in section:  # said at the language's own line
            ck.error(line_of(raw, language), f"language '{language}' has no '{key}'")
    texts_raw = ck.get(section, "texts", dict, f"language '{language}'", required=False)
    counts_raw = ck.get(section, "counts", dict, f"language '{language}'", required=False)
    texts: dict[str, str] = {}
    counts: dict[str, tuple[str, str]] = {}
    for key in texts_raw or {}:
        if (value := ck.get(texts_raw, key, str, f"the {language} texts")) is not None:
            texts[str(key)] = value
    ck.duplicates(texts_raw)
    for key, forms in (counts_raw or {}).items():
        if not (isinstance(forms, list) and len(forms) == 2 and all(isinstance(f, str) and f for f in forms)):
            ck.error(line_of(counts_raw, key),
                     f"count '{key}' must be [the form for one, the form for other numbers], not {forms!r}")
            continue
        counts[str(key)] = (forms[0], forms[1])
    ck.duplicates(counts_raw)
    if reference is not None and isinstance(raw, dict):
        for what, mine, theirs in (("text", texts, reference.texts), ("count", counts, reference.counts)):
            missing = [key for key in theirs if key not in mine]
            for key in missing:
                mine[key] = theirs[key]  # type: ignore[assignment]
            if missing:
                diags.add(Origin.at(path, line_of(raw, language)), "translation",
                          f"language '{language}' has no {what} {', '.join(repr(k) for k in missing)}; the "
                          f"'{reference.language}' {what} is shown on '{language}' pages meanwhile", "warning")
    return None if diags.errors_since(before) else UiText(language, texts, counts)
