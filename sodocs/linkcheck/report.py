"""Output formats: text for people, JSON for tools, annotations for GitHub Actions."""

from __future__ import annotations

import json
from dataclasses import asdict

from .check import Report


def as_text(report: Report) -> str:
    lines = []
    for p in report.problems:
        extra = f" (on {p.pages} pages)" if p.pages > 1 else ""
        lines.append(f"{p.source}: {p.written!r}: {p.reason}{extra}")
    lines.append(f"{len(report.problems)} broken of {report.links} links on {report.pages} pages "
                 f"({report.external} external addresses, {report.upstream_checked} links to the full documentation "
                 f"checked offline, {report.upstream_unverified} outside the list's coverage)")
    return "\n".join(lines)


def as_json(report: Report) -> str:
    return json.dumps({"problems": [asdict(p) for p in report.problems], "notices": report.notices,
                       "pages": report.pages,
                       "links": report.links, "external": report.external,
                       "upstream_checked": report.upstream_checked,
                       "upstream_unverified": report.upstream_unverified}, ensure_ascii=False, indent=1)


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def as_github(report: Report) -> str:
    lines = []
    for p in report.problems:
        message = _escape(f"{p.written!r}: {p.reason} ({p.source})")
        if p.path:
            col = f",col={p.column}" if p.column else ""
            lines.append(f"::error file={p.path},line={p.line}{col}::{message}")
        else:
            lines.append(f"::error::{message}")
    return "\n".join(lines)


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
