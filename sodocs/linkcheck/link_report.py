"""The build's link report: every link of every page with the Markdown position it was written at.

The plugin writes it after a build, the checker reads it to name a broken link's source line. Both use
this module, so the file's shape is defined once; the file carries a version so an old report is refused
with a message instead of being misread.
"""

from __future__ import annotations

import json
import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

VERSION = 1

LinkKind = Literal["local", "upstream", "external", "anchor", "raw-html", "missing"]
_KINDS = frozenset(get_args(LinkKind))


class LinkReportError(Exception):
    """The report cannot be used; the message says why in a writer's words."""


@dataclass(frozen=True)
class ReportedLink:
    href: str  # the address as it is in the built HTML
    source: str  # "content/b.md:40 -> content/a.md:12:5" (outermost first)
    frames: tuple[tuple[str, int, int], ...]  # (path, line, column), innermost first
    written: str  # the link as the writer wrote it
    kind: LinkKind
    upstream: str | None = None  # the upstream repository file, for fallback links
    image: bool = False
    target: str | None = None  # the project file the link leads to (or would, when it is missing)


@dataclass(frozen=True)
class ReportedPage:
    source: str  # the page's Markdown file, project-relative
    links: tuple[ReportedLink, ...]


@dataclass
class LinkReport:
    pages: dict[str, ReportedPage] = field(default_factory=dict)  # built page (dest_uri) -> its links


def write(path: Path, report: LinkReport) -> None:
    write_pages(path, sorted(report.pages.items()))


def write_pages(path: Path, pages: Iterable[tuple[str, ReportedPage]]) -> None:
    """The report of ``pages`` (in the order given), written a page at a time: the report of the English docs
    is 14 MB, and its text and objects made all at once were 90 MB more at the end of the build."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write(f'{{"version": {VERSION}, "pages": {{')
        for index, (dest, page) in enumerate(pages):
            entry = {"source": page.source, "links": [_link_json(link) for link in page.links]}
            out.write(f'{"," if index else ""}\n{json.dumps(dest, ensure_ascii=False)}: '
                      f"{json.dumps(entry, ensure_ascii=False)}")
        out.write("\n}}\n")


def _link_json(link: ReportedLink) -> dict[str, Any]:
    return {"href": link.href, "source": link.source, "written": link.written, "kind": link.kind,
            "frames": [list(f) for f in link.frames], "upstream": link.upstream, "image": link.image,
            "target": link.target}


def read(path: Path, only: Container[str] | None = None) -> LinkReport:
    """The report at ``path``; ``LinkReportError`` when it is missing, corrupt or of another version.

    With ``only``, the report of those built pages alone: the checker needs the sources of the pages that
    have problems, and holding the whole report of the English docs was 75 MB at the build's peak. A report
    written by ``write_pages`` has a page per line, read one at a time; every page is still checked.
    """
    try:
        with path.open(encoding="utf-8") as text:
            head = text.readline()
            streamed = _streamed_version(head)
            if streamed is None:
                return _from_json(path, json.loads(head + text.read()), only)
            _check_version(path, streamed)
            return LinkReport(dict(_streamed_pages(path, text, only)))
    except FileNotFoundError:
        raise LinkReportError(f"{path}: no link report (build the site with the sodocs plugin first)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LinkReportError(f"{path}: the link report cannot be read ({exc}); build the site again") from None


_HEAD = re.compile(r'\{"version": (-?\d+), "pages": \{\n\Z')


def _streamed_version(head: str) -> int | None:
    match = _HEAD.match(head)
    return int(match.group(1)) if match else None


def _check_version(path: Path, version: object) -> None:
    if version != VERSION:
        raise LinkReportError(f"{path}: link report version {version!r}, this sodocs reads version "
                              f"{VERSION}; build the site again")


def _from_json(path: Path, data: Any, only: Container[str] | None) -> LinkReport:
    if not isinstance(data, dict) or "version" not in data:
        raise LinkReportError(f"{path}: not a sodocs link report (no version); build the site again")
    _check_version(path, data["version"])
    try:
        pages = {dest: _page(entry) for dest, entry in data["pages"].items()}
        return LinkReport(pages if only is None else {dest: page for dest, page in pages.items() if dest in only})
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise LinkReportError(f"{path}: the link report is damaged ({exc!r}); build the site again") from None


def _streamed_pages(path: Path, lines: Iterable[str], only: Container[str] | None
                    ) -> Iterator[tuple[str, ReportedPage]]:
    decoder = json.JSONDecoder()
    ended = False
    for number, line in enumerate(lines, start=2):
        if ended or line == "}}\n":
            if ended or line != "}}\n":
                raise LinkReportError(f"{path}:{number}: the link report is damaged (text after its end); "
                                      "build the site again")
            ended = True
            continue
        try:
            dest, end = decoder.raw_decode(line)
            if not isinstance(dest, str) or line[end:end + 2] != ": ":
                raise ValueError("a page line is not '\"page\": {…}'")
            page = _page(json.loads(line[end + 2:].rstrip().removesuffix(",")))  # checked even when not kept
            if only is None or dest in only:
                yield dest, page
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise LinkReportError(f"{path}:{number}: the link report is damaged ({exc!r}); "
                                  "build the site again") from None
    if not ended:
        raise LinkReportError(f"{path}: the link report is damaged (it ends early); build the site again")


def _page(entry: Any) -> ReportedPage:
    return ReportedPage(str(entry["source"]), tuple(_link(link) for link in entry["links"]))


def _link(raw: dict[str, Any]) -> ReportedLink:
    kind = raw["kind"]
    if kind not in _KINDS:
        raise ValueError(f"unknown link kind {kind!r}")
    frames = tuple((str(p), int(line), int(col)) for p, line, col in raw["frames"])
    if not frames:
        raise ValueError("a link without a source position")
    target = raw.get("target")
    return ReportedLink(str(raw["href"]), str(raw["source"]), frames, str(raw["written"]), kind,
                        raw.get("upstream"), bool(raw.get("image", False)), str(target) if target else None)
