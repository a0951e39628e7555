"""DocFX includes: ``[!include[Title](path.md)]`` as a block of its own or inside a line.

Rules (documented for writers in the README):

* the path is relative to the file that holds the directive (DocFX's rule);
* if nothing is there and the path starts with ``includes/``, the project's top-level
  ``includes/`` folder is tried (``includes/x.md`` -> ``<project>/includes/x.md``);
* links and images inside an included file are relative to that file; they are rebased
  so they still reach their target from the including page;
* every file's reference definitions stay its own (see ``references``);
* a file may not be reached outside the project, by ``..`` or by a symbolic link;
* nothing in code or raw HTML is a directive: an include inside ``<!-- … -->`` stays commented out;
* each file is a document of its own, as in DocFX: a code fence it leaves open ends with it.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from ..core.markdown_scan import (
    Link,
    code_spans,
    comment_spans,
    format_link,
    in_spans,
    map_srcset,
    rebase,
    rewrite_links,
    rewrite_raw_urls,
)
from ..core.project import NotUtf8, Project, unusable_path
from ..diagnostics import Diagnostics, Origin
from . import frontmatter
from .code_snippets import SNIPPET, expand_snippet, spelled_otherwise
from .fences import close_unclosed
from .references import scope_references
from .text import Text

INCLUDE = re.compile(r"\[!include\s*\[(?P<title>[^\]\n]*)\]\(\s*(?P<path><[^>\n]*>|[^)\s]+)\s*\)\]",
                     re.IGNORECASE)
_BLOCK_PREFIX = re.compile(r"^[ \t>]*$")
_LEADING_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
MAX_DEPTH = 16


def resolve_include(project: Project, including: str, written: str) -> tuple[str | None, str]:
    """Return (project-relative path, "") or (None, reason)."""
    path = unquote(written.strip().removeprefix("<").removesuffix(">"))
    if not path or posixpath.isabs(path) or re.match(r"^[a-zA-Z][\w+.-]*:", path):
        return None, f"include path {written!r} must be a relative path to a Markdown file"
    if problem := unusable_path(path):
        shown = written if len(written) <= 80 else written[:60] + "…"
        return None, f"include path {shown!r} {problem}; no file can have that name"
    candidates = [posixpath.normpath(posixpath.join(posixpath.dirname(including), path))]
    if path.startswith("includes/"):
        candidates.append(posixpath.join(project.includes_dir, path.removeprefix("includes/")))
    for candidate in candidates:
        if not project.contains(candidate):
            return None, f"include {written!r} leads outside the project; refused"
        if project.is_file(candidate):
            return candidate, ""
    return None, f"include file {written!r} not found (looked for {' and '.join(candidates)})"


def expand(project: Project, rel: str, text: Text, diags: Diagnostics, _stack: tuple[str, ...] = ()) -> Text:
    """Scope the file's references, close its open fences, then replace each include and code snippet."""
    stack = (*_stack, rel)
    text = close_unclosed(text.replaced(scope_references(text.lines, text.origins, diags)), diags)
    verbatim = text.verbatim
    comments = comment_spans(text.lines, verbatim)
    out = Text([], [])
    for i, line in enumerate(text.lines):
        origin = text.origins[i]
        if verbatim[i] or "[!" not in line:
            out.lines.append(line)
            out.origins.append(origin)
            continue
        snippet = SNIPPET.match(line)
        if snippet and not any(start <= snippet.start("name") < end for start, end in comments[i]):
            where = origin.with_column(len(snippet.group("prefix")) + 1)
            for code_line in expand_snippet(project, rel, snippet, where, diags):
                out.lines.append(code_line)
                out.origins.append(origin)
            continue
        if not INCLUDE.search(line):
            out.lines.append(line)
            out.origins.append(origin)
            continue
        _expand_line(project, rel, line, origin, out, diags, stack, comments[i])
    return out


def _expand_line(project: Project, rel: str, line: str, origin: Origin, out: Text, diags: Diagnostics,
                 stack: tuple[str, ...], comments: list[tuple[int, int]]) -> None:
    spans = code_spans(line) + comments
    matches = [m for m in INCLUDE.finditer(line) if not in_spans(m.start(), spans)]
    if len(matches) == 1 and _BLOCK_PREFIX.match(line[:matches[0].start()]) and not line[matches[0].end():].strip():
        m = matches[0]
        included = _load(project, rel, m.group("path"), origin.with_column(m.start() + 1), diags, stack)
        prefix = line[:m.start()]
        for inc_line, inc_origin in zip(included.lines, included.origins, strict=True):
            out.lines.append((prefix + inc_line) if inc_line else prefix.rstrip())
            out.origins.append(inc_origin)
        return
    # Inline include: the included text takes the directive's place; further lines are indented
    # to the directive's column so that a list item (``* [!include…]``) continues.
    pieces: list[tuple[str, Origin]] = []
    cursor = 0
    current = ""
    for m in matches:
        current += line[cursor:m.start()]
        included = _load(project, rel, m.group("path"), origin.with_column(m.start() + 1), diags, stack)
        body = _trim(included)
        indent = " " * len(current.expandtabs()) if not pieces else " " * (len(line) - len(line.lstrip()))
        for k, (inc_line, inc_origin) in enumerate(body):
            if k == 0:
                current += inc_line
            else:
                pieces.append((current, origin))
                current = (indent + inc_line) if inc_line else ""
                origin = inc_origin
        cursor = m.end()
    current += line[cursor:]
    pieces.append((current, origin))
    for text_line, text_origin in pieces:
        out.lines.append(text_line)
        out.origins.append(text_origin)


def _trim(text: Text) -> list[tuple[str, Origin]]:
    pairs = list(zip(text.lines, text.origins, strict=True))
    while pairs and (not pairs[0][0].strip() or _LEADING_COMMENT.match(pairs[0][0])):
        pairs.pop(0)
    while pairs and not pairs[-1][0].strip():
        pairs.pop()
    return pairs


def _load(project: Project, including: str, written: str, where: Origin, diags: Diagnostics,
          stack: tuple[str, ...]) -> Text:
    target, reason = resolve_include(project, including, written)
    if target is None and reason.startswith("include file"):
        target = spelled_otherwise(project, including, written, where, diags)
    if target is None:
        diags.add(where, "include", reason, "error")
        return Text([], [])
    if target in stack:
        chain = where.chain() + " -> " + target
        diags.add(where, "include-cycle", f"include cycle: {chain}", "error")
        return Text([], [])
    if len(stack) > MAX_DEPTH:
        diags.add(where, "include", f"includes nest deeper than {MAX_DEPTH} levels", "error")
        return Text([], [])
    try:
        raw = project.read(target)
    except NotUtf8 as exc:
        diags.add(Origin.at(target, exc.line).included_from(where), "include", str(exc), "error")
        return Text([], [])
    except OSError as exc:
        diags.add(where, "include", f"cannot read include {target} ({exc.strerror or exc})", "error")
        return Text([], [])
    # Front matter of an included file is metadata for DocFX's own build; it is never rendered.
    fm = frontmatter.split(raw, target)
    body = Text.from_file(target, fm.body, fm.body_line, outer=where)
    expanded = expand(project, target, body, diags, stack)
    from_dir, to_dir = posixpath.dirname(target), posixpath.dirname(including)
    if from_dir != to_dir:
        code = expanded.code
        expanded = Text([line if code[i] else rebase_line(line, from_dir, to_dir)
                         for i, line in enumerate(expanded.lines)], expanded.origins, expanded.roles)
    return expanded


def rebase_line(line: str, from_dir: str, to_dir: str) -> str:
    """Rebase the Markdown links and the raw-HTML ``href``/``src`` of one line."""
    def markdown_link(link: Link) -> str | None:
        dest = rebase(link.dest, from_dir, to_dir)
        return format_link(link.image, link.text, dest, link.title) if dest != link.dest else None

    line = rewrite_links(line, markdown_link)
    return rewrite_raw_urls(line, lambda raw: map_srcset(raw.url, lambda u: rebase(u, from_dir, to_dir))
                            if raw.attr == "srcset" else rebase(raw.url, from_dir, to_dir))
