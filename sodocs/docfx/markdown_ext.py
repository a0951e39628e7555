"""Python-Markdown extensions: links to the full documentation marked, snippets guarded, and Markdig's rendering
where it differs."""

from __future__ import annotations

import html
import os
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any

from markdown import Extension, Markdown
from markdown.extensions.toc import render_inner_html, strip_tags
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from ..core.markdown_scan import url_problem
from ..core.project import inside
from . import html_blocks

UPSTREAM_CLASS = "so-upstream"
UPSTREAM_TITLE = "Åbner siden i den fulde SuperOffice-dokumentation"


class _MarkUpstream(Treeprocessor):
    def __init__(self, md: Markdown, extension: UpstreamLinksExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        for a in root.iter("a"):
            href = a.get("href", "")
            if href.startswith(self.extension.base_url):
                a.set("class", (a.get("class", "") + " " + UPSTREAM_CLASS).strip())
                a.set("title", a.get("title") or self.extension.title)


class UpstreamLinksExtension(Extension):
    """Marks links to the full documentation; ``title`` is their tooltip, in the language of the page being
    converted (the plugin sets it before each page)."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url
        self.title = UPSTREAM_TITLE

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_MarkUpstream(md, self), "sodocs_upstream", 1)


@dataclass(frozen=True)
class PageProblem:
    """Something Python-Markdown could not do on a page, found while the page was converted."""

    index: int | None  # the line (0-based) of the page's Markdown it is on; None if it is not found there
    message: str


class _KeepLines(Preprocessor):
    """Remember the page's lines as the guards' first step, to name the line of a problem."""

    def __init__(self, md: Markdown, lines: list[str]) -> None:
        super().__init__(md)
        self.lines = lines

    def run(self, lines: list[str]) -> list[str]:
        self.lines[:] = lines
        return lines


class GuardExtension(Extension):
    """Problems inside Python-Markdown become messages for the page, never exceptions that stop the build.

    * pymdownx.snippets (``--8<-- "file"``): a file outside the snippet folders once symbolic links are
      resolved is never read (pymdownx checks the path as written only); a missing or unreadable file is
      reported (pymdownx would raise on the first one and stop the build);
    * MkDocs' link rewriting: an address ``urlsplit`` refuses (a reference link ``[x][1]`` with
      ``[1]: http://[fe80::1/x``) is left as written and reported (MkDocs would raise ``ValueError``).

    The plugin clears ``problems`` before each page and reports them after it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[PageProblem] = []

    def extendMarkdown(self, md: Markdown) -> None:
        page: list[str] = []
        md.preprocessors.register(_KeepLines(md, page), "sodocs_keep_lines", 1000)
        if "snippet" in md.preprocessors:
            self._guard_snippets(md.preprocessors["snippet"], page)
        if "relpath" in md.treeprocessors:
            self._guard_urls(md.treeprocessors["relpath"], page)

    def _guard_urls(self, relpath: Any, page: list[str]) -> None:
        path_to_url = relpath.path_to_url

        def guarded(url: str) -> str:
            if problem := url_problem(url):
                self._add(page, url, f"link {url!r}: {problem}")
                return url
            result: str = path_to_url(url)
            return result

        relpath.path_to_url = guarded

    def _guard_snippets(self, pre: Any, page: list[str]) -> None:
        run, get_path, read_lines = pre.run, pre.get_snippet_path, pre.read_lines
        report_missing = bool(pre.check_paths)
        bases = [os.path.realpath(b) for b in pre.base_path]

        def guarded_get_path(path: str) -> str | None:
            found: str | None = get_path(path)
            if found is None:
                if report_missing:
                    self._add(page, path, f"snippet file {path!r} not found in the snippets folder")
            elif not any(inside(base, found) for base in bases):
                self._add(page, path, f"snippet {path!r} is a symbolic link that leads outside the snippets "
                          "folder; refused")
                return None
            return found

        def guarded_read(path: str) -> list[str]:
            try:
                lines: list[str] = read_lines(path)
            except (OSError, UnicodeDecodeError) as exc:
                reason = "it is not UTF-8 text; save the file as UTF-8" if isinstance(exc, UnicodeDecodeError) \
                    else f"it cannot be read ({exc.strerror or exc})"
                self._add(page, os.path.basename(path), f"snippet file {os.path.basename(path)!r} is not "
                          f"inserted: {reason}")
                return []
            return lines

        def guarded_run(lines: list[str]) -> list[str]:
            pre.check_paths = False  # every missing file is reported above; pymdownx would stop at the first
            try:
                result: list[str] = run(lines)
            finally:
                pre.check_paths = report_missing
            return result

        pre.run, pre.get_snippet_path, pre.read_lines = guarded_run, guarded_get_path, guarded_read

    def _add(self, lines: list[str], needle: str, message: str) -> None:
        index = next((i for i, line in enumerate(lines) if needle and needle in line
                      and ("8<" in line or "://" in needle)), None)
        if index is None and needle:  # a snippet's block form: the file's name on a line of its own
            index = next((i for i, line in enumerate(lines) if line.strip() == needle), None)
        if PageProblem(index, message) not in self.problems:
            self.problems.append(PageProblem(index, message))
# CommonMark lets a backslash escape any ASCII punctuation character; Python-Markdown only a few of them,
# so "\<" would be published with its backslash.
COMMONMARK_ESCAPABLE = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ANCHOR_HEADING = re.compile(r'^\s*<a +(?:name|id)="(?P<id>[\w \-.]+)" *>\s*</a>')
_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")


def markdig_slug(text: str) -> str:
    """Markdig's GitHub-style auto-identifier of a heading's plain text (``AutoIdentifierOptions.GitHub``)."""
    out = []
    for ch in text:
        if ch.isalnum() or ch in "-_":
            out.append(ch.lower())
        elif ch == " ":
            out.append("-")
    return "".join(out)


def unique_slug(base: str, used: set[str]) -> str:
    """Markdig's way to keep ids apart: ``pros``, ``pros-1``, ``pros-2``; an empty one is ``section``."""
    base = base or "section"
    slug, n = base, 0
    while slug in used:
        n += 1
        slug = f"{base}-{n}"
    used.add(slug)
    return slug


class _HeadingIds(Treeprocessor):
    """Heading ids as DocFX writes them, so that deep links from other documentation keep working.

    Markdig gives each heading of a page the slug of its plain text and numbers repeats with ``-1``, ``-2``;
    DocFX then lets a heading that starts with ``<a name="x"></a>`` take the id ``x`` (and drops the empty
    anchor). Runs before ``toc``, which keeps ids that are already set. One difference remains: DocFX renders
    an include as a document of its own, so a heading repeated in an include is not numbered there.
    """

    def run(self, root: etree.Element) -> None:
        used: set[str] = set()
        for el in root.iter():
            if not (isinstance(el.tag, str) and re.fullmatch(r"h[1-6]", el.tag)) or "id" in el.attrib:
                continue
            inner = render_inner_html(el, self.md)
            slug = unique_slug(markdig_slug(html.unescape(strip_tags(inner))), used)
            anchor = _ANCHOR_HEADING.match(inner)
            if anchor:
                slug = anchor.group("id")
                self._drop_leading_anchor(el)
            el.set("id", slug)

    def _drop_leading_anchor(self, el: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        head = el.text or ""
        found = list(_STASHED.finditer(head))
        adjacent = len(found) >= 2 and not head[:found[0].start()].strip() \
            and not head[found[0].end():found[1].start()].strip()
        if adjacent:
            opening, closing = (str(stash[int(m.group(1))]) for m in found[:2])
            if opening.startswith("<a") and closing.strip() == "</a>":
                el.text = head[found[1].end():].lstrip()


class _RestoreHtmlBlocks(Postprocessor):
    """Put each CommonMark HTML block back, verbatim, where the engine left its placeholder (``html_blocks``)."""

    def run(self, text: str) -> str:
        return html_blocks.restore(text)


class DocfxMarkdownExtension(Extension):
    """What Markdig does that Python-Markdown does differently: escapes, heading ids, raw HTML blocks."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.ESCAPED_CHARS = list(COMMONMARK_ESCAPABLE)
        md.treeprocessors.register(_HeadingIds(md), "sodocs_heading_ids", 6)  # after inline (20), before toc (5)
        md.postprocessors.register(_RestoreHtmlBlocks(md), "sodocs_html_blocks", 5)  # after raw HTML (30)
