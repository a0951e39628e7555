"""DocFX front-matter keys shown to readers: date in Danish, version, deployment and platform badges."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, MutableMapping
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..core.blocks import scan
from ..diagnostics import Diagnostics, Origin
from .frontmatter import key_line, parse_docfx_date
from .labels import format_date, words

_ENV = Environment(loader=PackageLoader("sodocs", "templates"), autoescape=select_autoescape(default=True))
DATE_KEYS = ("so.date", "date", "ms.date")
DEPLOYMENT_LABELS = {"online": "Online", "onsite": "Onsite"}


def check_meta(path: str, raw: str, meta: Mapping[str, Any], diags: Diagnostics) -> None:
    """Problems a writer must fix: no title, a date that is not month.day.year."""
    title = meta.get("title")
    # A page with no front matter at all is a plain DocFX page: like DocFX, the site takes its first heading.
    untitled = not isinstance(title, str) or not title.strip()
    if untitled and not (not meta and has_h1(raw)):
        diags.add(Origin.at(path, 1), "front-matter", "front matter has no 'title' (the page's title in "
                  "the navigation and the browser tab)", "error")
    for key in DATE_KEYS:
        # An empty date (``so.date:`` with nothing after it) is a page without a date, not a mistake.
        if meta.get(key) not in (None, "") and parse_docfx_date(meta[key]) is None:
            diags.add(Origin.at(path, key_line(raw, key)), "front-matter",
                      f"{key}: {meta[key]!r} is not a date written month.day.year (e.g. 04.23.2024)", "error")


_H1 = re.compile(r"^ {0,3}#(?:[ \t]+\S|[ \t]*$)")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")


def has_h1(raw: str) -> bool:
    """True when the page has a level-1 heading outside code: DocFX and MkDocs take the title from it."""
    lines = raw.split("\n")
    roles = scan(lines).roles
    for i, line in enumerate(lines):
        if roles[i] != "text":
            continue
        if _H1.match(line) and line.strip("# \t"):
            return True
        if i and _SETEXT_H1.match(line) and lines[i - 1].strip() and roles[i - 1] == "text":
            return True
    return False


def badges_html(meta: Mapping[str, Any], language: str = "da") -> str:
    date = next((d for k in DATE_KEYS if (d := parse_docfx_date(meta.get(k))) is not None), None)
    deployment = meta.get("deployment")
    deployments = deployment if isinstance(deployment, list) else [deployment] if deployment else []
    platform = meta.get("platform")
    return _ENV.get_template("badges.html").render(
        words=words(language),
        date=format_date(date, language) if date else None,
        iso_date=date.isoformat() if date else None,
        author=_text(meta.get("author")),
        version=_text(meta.get("version")),
        deployments=[DEPLOYMENT_LABELS.get(str(d).lower(), str(d)) for d in deployments],
        platforms=[str(p) for p in (platform if isinstance(platform, list) else [platform] if platform else [])],
    )


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def escape_meta(meta: MutableMapping[str, Any]) -> None:
    """Theme templates print front matter without autoescape; escape every value once, here.

    Texts are escaped; a list keeps its items, each escaped; anything else a template could print
    (a mapping prints as its Python repr) becomes escaped text. Numbers, yes/no and dates stay as they are.
    """
    for key, value in meta.items():
        if isinstance(value, list):
            meta[key] = [_escaped(v) for v in value]
        else:
            meta[key] = _escaped(value)


def _escaped(value: object) -> object:
    if isinstance(value, Markup) or value is None or isinstance(value, bool | int | float | dt.date):
        return value
    return escape(value if isinstance(value, str) else str(value))
