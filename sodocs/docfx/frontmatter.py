"""DocFX front matter: split it from the body, parse it strictly, read its dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..diagnostics import Diagnostics, Origin
from .labels import MONTHS, format_date

_OPENING = re.compile(r"\A---[ \t]*\r?\n")
_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
# libyaml parses front matter about five times faster than the pure-Python loader, with the same results and
# marks; yaml.safe_load is always the latter.
_SAFE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DANISH_MONTHS = MONTHS["da"]


@dataclass
class FrontMatter:
    data: dict[str, Any]
    body: str
    body_line: int  # the file line on which ``body`` starts
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


def split(text: str, path: str) -> FrontMatter:
    """Separate YAML front matter from the body; a malformed block is reported, never rendered."""
    diags = Diagnostics()
    match = _FENCE.match(text)
    if not match:
        if _OPENING.match(text):
            diags.add(Origin.at(path, 1), "front-matter", "the front matter that starts on this line is never "
                      "closed: add a line with only '---' after its last key", "error")
        return FrontMatter({}, text, 1, diags)
    body = text[match.end():]
    body_line = text.count("\n", 0, match.end()) + 1
    raw = match.group(1) or ""
    try:
        data = yaml.load(raw, Loader=_SAFE)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        diags.add(Origin.at(path, line), "front-matter", f"malformed YAML front matter: {problem}", "error")
        return FrontMatter({}, body, body_line, diags)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        diags.add(Origin.at(path, 2), "front-matter", "front matter must be a mapping of keys to values", "error")
        data = {}
    return FrontMatter(data, body, body_line, diags)


def parse_docfx_date(value: object) -> dt.date | None:
    """DocFX writes ``so.date`` as month.day.year (``04.23.2024``); YAML may also give a real date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*", value)
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def danish_date(date: dt.date) -> str:
    return format_date(date, "da")


def key_line(text: str, key: str) -> int:
    """The file line where a top-level front-matter key is written (1 if not found)."""
    for number, line in enumerate(text.splitlines()[:200], start=1):
        if re.match(rf"{re.escape(key)}\s*:", line):
            return number
    return 1
