"""The sitemap, written only when the site's address is known, each page dated by itself, never by the clock.

A page's ``lastmod`` is its front-matter date (``so.date``, ``date``, ``ms.date``), else the date of the last
git commit that touched its file, else absent: two builds of one commit give the same bytes, with or without
``SOURCE_DATE_EPOCH``. Pages that ask search engines not to index them (``index: false``) are left out.
This module does not import MkDocs.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import escape

from ..docfx.frontmatter import parse_docfx_date

DATE_KEYS = ("so.date", "date", "ms.date")


@dataclass(frozen=True)
class Entry:
    url: str  # absolute
    lastmod: dt.date | None
    alternates: tuple[tuple[str, str], ...] = ()  # (language, absolute url) of each version, this one included


def front_matter_date(data: Mapping[str, Any]) -> dt.date | None:
    return next((d for k in DATE_KEYS if (d := parse_docfx_date(data.get(k))) is not None), None)


def indexed(data: Mapping[str, Any]) -> bool:
    return data.get("index") not in (False, "false", "False")


def git_dates(root: Path, paths: Iterable[str], under: str = ".") -> dict[str, dt.date]:
    """The date (UTC) of the last commit that touched each of ``paths`` (project-relative, in the folder
    ``under``), in one git call.

    Files git does not know, and every file when ``root`` is not in a git work tree or git is missing, get
    no date.
    """
    wanted = set(paths)
    if not wanted:
        return {}
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        # --relative: paths relative to root, and only files under it.
        log = subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=off", "log", "--no-renames",
                              "--format=@%ct", "--name-only", "--relative", "--", under],
                             capture_output=True, text=True, check=True, env=env, timeout=300).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, dt.date] = {}
    when: dt.date | None = None
    for line in log.splitlines():
        if line.startswith("@"):
            when = dt.datetime.fromtimestamp(int(line[1:]), dt.UTC).date()
        elif line and when is not None and line in wanted and line not in dates:
            dates[line] = when
    return dates


def render(entries: Iterable[Entry]) -> str:
    """The sitemap in the layout MkDocs writes (Material's instant navigation reads its ``<loc>``s)."""
    entries = list(entries)
    xhtml = ' xmlns:xhtml="http://www.w3.org/1999/xhtml"' if any(e.alternates for e in entries) else ""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{xhtml}>']
    for entry in entries:
        out.append("    <url>")
        out.append(f"         <loc>{escape(entry.url)}</loc>")
        if entry.lastmod is not None:
            out.append(f"         <lastmod>{entry.lastmod.isoformat()}</lastmod>")
        for language, url in entry.alternates:
            out.append(f'         <xhtml:link rel="alternate" hreflang="{escape(language)}" href="{escape(url)}"/>')
        out.append("    </url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"
