"""DocFX code snippets: ``[!code-csharp[Name](../src/file.cs?range=3-10&highlight=2)]`` becomes fenced code.

The forms are DocFX's: a region or tag by ``#name`` or ``?name=name`` (``#region name`` in C#, ``// <name>``
comments in the C family, ``<!-- <name> -->`` in XML, …), line ranges by ``?range=1-3,7``, ``?start=&end=``
or ``#L1-L3``, ``?highlight=`` (lines counted within the snippet) and ``?dedent=``. The path is relative to
the file that holds the directive, as for includes, and it may not lead out of the project. A missing file,
tag or line, or a query DocFX cannot read, is reported at the directive; DocFX itself shows the whole file
for a query it cannot read, and so does this.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..core.project import Project
from ..diagnostics import Diagnostics, Origin

SNIPPET = re.compile(
    r"^(?P<prefix>[ \t>]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)?)"
    r"\[!code(?:-(?P<lang>[^\[\]\n]*))?\[(?P<name>(?:[^\]\\\n]|\\.)*)\]"
    r"\(\s*(?P<path>(?:[^#?\"()\s\\]|\\.|\([^()\s]*\))+)(?:\?(?P<query>[^\"#)]*))?(?:#(?P<bookmark>[^\")]*))?"
    r"(?:\s+\"(?P<title>(?:[^\"\\]|\\.)*)\")?\s*\)\s*\][ \t]*$",
    re.IGNORECASE,
)
_MARKER = re.compile(r"(?:[*+-]|\d{1,9}[.)])(?=[ \t])")
_BOOKMARK_LINES = re.compile(r"^L(?P<start>\d+)(?:-L(?P<end>\d+))?$", re.IGNORECASE)

# DocFX's language names and aliases (file extensions included) -> its canonical name.
_ALIASES: dict[str, tuple[str, ...]] = {
    "actionscript": (".as",), "arduino": (".ino",), "assembly": ("nasm", ".asm"), "batchfile": (".bat", ".cmd"),
    "cpp": ("c", "c++", "objective-c", "obj-c", "objc", "objectivec", ".c", ".cpp", ".h", ".hpp", ".cc"),
    "csharp": ("cs", ".cs"), "cuda": (".cu", ".cuh"), "d": ("dlang", ".d"), "erlang": (".erl",),
    "fsharp": ("fs", ".fs", ".fsi", ".fsx"), "go": ("golang", ".go"), "haskell": (".hs",),
    "html": (".html", ".jsp", ".asp", ".aspx", ".ascx"), "cshtml": (".cshtml", "aspx-cs", "aspx-csharp"),
    "vbhtml": (".vbhtml", "aspx-vb"), "java": (".java",), "javascript": ("js", "node", ".js"),
    "lisp": (".lisp", ".lsp"), "lua": (".lua",), "matlab": (".matlab",), "pascal": (".pas",), "perl": (".pl",),
    "php": (".php",), "powershell": ("posh", ".ps1"), "processing": (".pde",), "python": (".py",), "r": (".r",),
    "ruby": ("ru", ".ru", ".ruby"), "rust": (".rs",), "scala": (".scala",), "shell": ("sh", "bash", ".sh", ".bash"),
    "smalltalk": (".st",), "sql": (".sql",), "swift": (".swift",), "typescript": ("ts", ".ts"), "xaml": (".xaml",),
    "xml": ("xsl", "xslt", "xsd", "wsdl", ".xml", ".csdl", ".edmx", ".xsl", ".xslt", ".xsd", ".wsdl"),
    "vb": ("vbnet", "vbscript", ".vb", ".bas", ".vbs", ".vba"),
}
_CANONICAL = {alias: name for name, aliases in _ALIASES.items() for alias in (name, *aliases)}
# DocFX names that the highlighter (Pygments) knows by another name.
_PYGMENTS = {"batchfile": "batch", "vb": "vbnet", "vbhtml": "html", "cshtml": "html", "assembly": "nasm",
             "shell": "bash", "processing": "java"}


@dataclass(frozen=True)
class _TagStyle:
    """How one family of languages marks a named part of a file."""

    start: re.Pattern[str]
    end: re.Pattern[str]
    named_end: bool = True  # the end line names the tag (comments); a region's end line does not


def _comment(lead: str) -> _TagStyle:
    lead = r"\s*".join(re.escape(c) for c in lead)
    return _TagStyle(re.compile(rf"^\s*{lead}\s*<\s*(?P<name>[\w.]+)\s*>\s*$", re.I),
                     re.compile(rf"^\s*{lead}\s*<\s*/\s*(?P<name>[\w.]+)\s*>\s*$", re.I))


_C = _comment("//")
_REGION = _TagStyle(re.compile(r"^\s*#\s*region\b\s*\"?(?P<name>[^\"\r\n]*?)\"?\s*$", re.I),
                    re.compile(r"^\s*#\s*end\s*region\b.*$", re.I), named_end=False)
_XML = _TagStyle(re.compile(r"^\s*<!--\s*<\s*(?P<name>[\w.]+)\s*>\s*-->\s*$", re.I),
                 re.compile(r"^\s*<!--\s*<\s*/\s*(?P<name>[\w.]+)\s*>\s*-->\s*$", re.I))
_STYLES: dict[str, tuple[_TagStyle, ...]] = {}
for _names, _style in (
    (("vb", "vbhtml"), _comment("'")),
    (("actionscript", "arduino", "assembly", "cpp", "csharp", "cshtml", "cuda", "d", "fsharp", "go", "java",
      "javascript", "pascal", "php", "processing", "rust", "scala", "smalltalk", "swift", "typescript"), _C),
    (("xml", "xaml", "html", "cshtml", "vbhtml"), _XML),
    (("haskell", "lua", "sql"), _comment("--")),
    (("perl", "powershell", "python", "r", "ruby", "shell"), _comment("#")),
    (("batchfile",), _comment("rem")),
    (("csharp", "cshtml", "vb", "vbhtml"), _REGION),
    (("erlang", "matlab"), _comment("%")),
    (("lisp",), _comment(";")),
):
    for _name in _names:
        _STYLES[_name] = (*_STYLES.get(_name, ()), _style)


@dataclass
class Query:
    tag: str | None = None
    ranges: list[tuple[int, int | None]] | None = None  # 1-based, inclusive; None = to the end of the file
    highlight: list[tuple[int, int | None]] = field(default_factory=list)
    dedent: int | None = None
    problems: list[str] = field(default_factory=list)


def _ranges(value: str) -> list[tuple[int, int | None]] | None:
    out: list[tuple[int, int | None]] = []
    for part in value.split(","):
        m = re.fullmatch(r"\s*(\d+)?\s*(?:(-)\s*(\d+)?)?\s*", part)
        if not m or not (m.group(1) or m.group(3)):
            return None
        start = int(m.group(1)) if m.group(1) else 1
        end = int(m.group(3)) if m.group(3) else (None if m.group(2) else start)
        if start < 1 or (end is not None and end < start):
            return None
        out.append((start, end))
    return out


def parse_query(query: str | None, bookmark: str | None) -> Query:
    """DocFX's snippet query, in its order of precedence: tag, ``#L`` lines, start/end, range, whole file."""
    q = Query()
    start_end: list[int | None] = [None, None]
    ranges = None
    for item in (query or "").split("&") if query and query.strip() else []:
        key, eq, value = item.partition("=")
        key = key.strip().lower()
        value = unquote(value.strip())
        if not eq:
            q.problems.append(f"'{item}' is not key=value")
            continue
        if key == "name":
            q.tag = value
        elif key in ("start", "end") and value.isdigit():
            start_end[key == "end"] = int(value)
        elif key == "range" and (parsed := _ranges(value)) is not None:
            ranges = parsed
        elif key == "highlight" and (parsed := _ranges(value)) is not None:
            q.highlight = parsed
        elif key == "dedent" and value.isdigit():
            q.dedent = int(value)
        elif key in ("name", "start", "end", "range", "highlight", "dedent"):
            q.problems.append(f"{key}={value!r} is not a line number or a list of line ranges")
        else:
            q.problems.append(f"unknown key '{key}' (DocFX reads name, range, highlight, start, end, dedent)")
    if bookmark:
        lines = _BOOKMARK_LINES.match(bookmark.strip())
        if lines:
            start = int(lines.group("start"))
            q.ranges = [(start, int(lines.group("end")) if lines.group("end") else start)]
        else:
            q.tag = q.tag or bookmark.strip()
    if q.ranges is None and start_end[0] is not None:
        q.ranges = [(start_end[0], start_end[1] if start_end[1] is not None else start_end[0])]
    if q.ranges is None:
        q.ranges = ranges
    return q


def canonical_language(written: str | None, path: str) -> str | None:
    name = (written or "").strip().lower()
    if name:
        return _CANONICAL.get(name, name)
    return _CANONICAL.get(posixpath.splitext(path)[1].lower())


def _tag_lines(lines: list[str], style: _TagStyle) -> tuple[dict[str, tuple[int, int | None]], set[int]]:
    """Every tag of one style: name -> (first line, last line) 0-based, and the marker lines themselves."""
    found: dict[str, tuple[int, int | None]] = {}
    markers: set[int] = set()
    stack: list[str] = []
    for i, line in enumerate(lines):
        end = style.end.match(line)
        if end:
            markers.add(i)
            name = end.group("name").lower() if style.named_end else (stack.pop() if stack else "")
            if name in found and found[name][1] is None:
                found[name] = (found[name][0], i - 1)
            continue
        start = style.start.match(line)
        if start:
            markers.add(i)
            name = start.group("name").strip().lower()
            found[name] = (i + 1, None)
            stack.append(name)
    return found, markers


@dataclass(frozen=True)
class Snippet:
    language: str  # for the fence's info string (a Pygments name when one differs from DocFX's)
    lines: list[str]
    highlight: str  # "2 3 4" for superfences' hl_lines, or ""


def extract(code: str, path: str, lang: str | None, query: Query, where: Origin, diags: Diagnostics) -> Snippet:
    lines = code.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    language = canonical_language(lang, path) or ""
    for problem in query.problems:
        diags.add(where, "code-snippet", f"code snippet query: {problem}; the whole file is shown", "warning")
    chosen: list[int]
    if query.tag:
        chosen = _by_tag(lines, language, query.tag, path, where, diags)
    elif query.ranges:
        chosen = []
        for start, end in query.ranges:
            last = len(lines) if end is None else end
            if start > len(lines):
                diags.add(where, "code-snippet", f"line {start} is past the end of {path} "
                          f"({len(lines)} lines)", "error")
                continue
            if last > len(lines):
                diags.add(where, "code-snippet", f"lines {start}-{last} run past the end of {path} "
                          f"({len(lines)} lines); shown up to line {len(lines)}", "warning")
            chosen.extend(range(start - 1, min(last, len(lines))))
    else:
        chosen = list(range(len(lines)))
    shown = [lines[i].expandtabs(4) for i in chosen]
    shown = _dedent(shown, query.dedent)
    marks = sorted({n for start, end in query.highlight for n in range(start, (end or len(shown)) + 1)
                    if n <= len(shown)})
    return Snippet(_PYGMENTS.get(language, language), shown, " ".join(map(str, marks)))


def _by_tag(lines: list[str], language: str, tag: str, path: str, where: Origin, diags: Diagnostics) -> list[int]:
    styles = _STYLES.get(language)
    if not styles:
        diags.add(where, "code-snippet", f"cannot find the part '{tag}' of {path}: DocFX knows no tag syntax for "
                  f"language '{language or posixpath.splitext(path)[1]}'; use line numbers (?range=)", "error")
        return []
    for style in styles:
        found, markers = _tag_lines(lines, style)
        span = found.get(tag.lower()) or found.get("snippet" + tag.lower())
        if span is not None:
            first, last = span
            end = len(lines) - 1 if last is None else last
            return [i for i in range(first, end + 1) if i not in markers]
    diags.add(where, "code-snippet", f"no region or tag '{tag}' in {path}", "error")
    return []


def _dedent(lines: list[str], dedent: int | None) -> list[str]:
    widths = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = dedent if dedent is not None else min(widths, default=0)
    out = []
    for line in lines:
        lead = len(line) - len(line.lstrip(" "))
        out.append(line[min(cut, lead):])
    return out


def spelled_otherwise(project: Project, including: str, written: str, where: Origin, diags: Diagnostics) -> str | None:
    """The file a path names in other letter case (DocFX builds on Windows, where it works), with a warning.
    Shared by includes and code snippets."""
    path = unquote(written.strip().removeprefix("<").removesuffix(">"))
    wanted = posixpath.normpath(posixpath.join(posixpath.dirname(including), path))
    found = project.find_other_case(wanted)
    if found is not None:
        diags.add(where, "link-case", f"{written!r} names {wanted}, but the file is spelled {found}; it works on "
                  "Windows only: write the name as the file has it", "warning")
    return found


def resolve_snippet_path(project: Project, including: str, written: str) -> tuple[str | None, str]:
    path = unquote(re.sub(r"\\(.)", r"\1", written.strip()))
    if not path or posixpath.isabs(path) or re.match(r"^[a-zA-Z][\w+.-]*:", path):
        return None, f"code snippet path {written!r} must be a path relative to this file"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(including), path))
    if not project.contains(target):
        return None, f"code snippet {written!r} leads outside the project; refused"
    if not project.is_file(target):
        return None, f"code snippet file {written!r} not found (looked for {target})"
    return target, ""


def expand_snippet(project: Project, including: str, match: re.Match[str], where: Origin,
                   diags: Diagnostics) -> list[str]:
    """The fenced code block that replaces one directive line (with the directive's own prefix)."""
    target, reason = resolve_snippet_path(project, including, match.group("path"))
    if target is None and "not found" in reason:
        target = spelled_otherwise(project, including, re.sub(r"\\(.)", r"\1", match.group("path")), where, diags)
    prefix = match.group("prefix")
    cont = _MARKER.sub(lambda m: " " * len(m.group(0)), prefix)
    if target is None:
        diags.add(where, "code-snippet", reason, "error")
        return [prefix.rstrip()] if prefix.strip() else [""]
    try:
        code = project.read(target)
    except (OSError, UnicodeDecodeError) as exc:
        diags.add(where, "code-snippet", f"cannot read code snippet {target}: {exc}", "error")
        return [""]
    snippet = extract(code, target, match.group("lang"), parse_query(match.group("query"), match.group("bookmark")),
                      where, diags)
    longest = max((len(m.group(0)) for line in snippet.lines for m in re.finditer(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    info = snippet.language + (f' hl_lines="{snippet.highlight}"' if snippet.highlight and snippet.language else "")
    body = [(cont + line) if line.strip() else cont.rstrip() for line in snippet.lines]
    return [prefix + fence + info, *body, cont + fence]
