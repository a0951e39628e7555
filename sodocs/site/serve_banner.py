"""`mkdocs serve` after a failed build: the last good pages stay, each with a banner that lists the problems.

The banner is written into the served copy only (``mkdocs serve`` builds into a temporary folder), so a
published site never carries one. Its styles are inline: it must show even when the theme's CSS is what
broke. This module does not import MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from markupsafe import escape

START = "<!-- sodocs:build-errors -->"
END = "<!-- /sodocs:build-errors -->"
_OLD = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
_BODY = re.compile(r"<body\b[^>]*>", re.I)
MAX_SHOWN = 50

_STYLE = ("position:relative;z-index:10;margin:0;padding:.8rem 1.2rem;background:#b00020;color:#fff;"
          "font:14px/1.45 system-ui,sans-serif")


def banner_html(problems: Iterable[str], last_good: bool) -> str:
    items = list(problems) or ["the build failed (see the terminal running mkdocs serve)"]
    shown = "".join(f'<li style="margin:.2rem 0;font-family:monospace">{escape(p)}</li>' for p in items[:MAX_SHOWN])
    more = f"<li>… and {len(items) - MAX_SHOWN} more (see the terminal)</li>" if len(items) > MAX_SHOWN else ""
    state = ("These are the last pages that built without errors." if last_good
             else "No build has succeeded yet: these pages were built with the errors below.")
    what = "these problems" if len(items) != 1 else "this problem"
    return (f'{START}<div class="so-build-errors" role="alert" style="{_STYLE}">'
            f"<strong>The build failed: fix {what} and save.</strong> {state}"
            f'<ul style="margin:.4rem 0 0 1.2rem;padding:0">{shown}{more}</ul></div>{END}')


def with_banner(html: str, banner: str) -> str:
    """The page with ``banner`` as the first thing in its body, replacing an earlier banner."""
    html = _OLD.sub("", html)
    match = _BODY.search(html)
    at = match.end() if match else 0
    return html[:at] + banner + html[at:]


def without_banner(html: str) -> str:
    return _OLD.sub("", html)


def mark_pages(site: Path, banner: str) -> int:
    """Put ``banner`` on every HTML page under ``site``; returns how many pages were marked."""
    count = 0
    for page in sorted(site.rglob("*.html")):
        try:
            text = page.read_text(encoding="utf-8")
            page.write_text(with_banner(text, banner), encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # a page that cannot be marked is still served as it was
        count += 1
    return count


def unmark_pages(site: Path) -> int:
    """Take the banner off every page under ``site`` that has one; returns how many pages had it."""
    count = 0
    for page in sorted(site.rglob("*.html")):
        try:
            text = page.read_text(encoding="utf-8")
            if START in text:
                page.write_text(without_banner(text), encoding="utf-8")
                count += 1
        except (OSError, UnicodeDecodeError):
            continue
    return count
