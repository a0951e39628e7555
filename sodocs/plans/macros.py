"""Jinja2 macros in pages that ask for them (front matter ``macros: true``), with source lines kept.

Before rendering, each source line (outside a Jinja tag) and each ``{{``/``{%`` is tagged with an
invisible marker carrying its line number; after rendering the markers say which source line each
output line came from, so a link inside a macro's output is reported at the line of the call.

Nothing a writer types runs as code: the environment is Jinja's immutable sandbox (no attribute that
starts with ``_``, no method that changes data), and templates load only from the macros folder.
Every expression and block of a page is guarded on its own, so one failing call does not hide the next:
all the page's macro errors are reported in one build.
"""

from __future__ import annotations

import contextvars
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateError, TemplateNotFound, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from ..core.markdown_scan import rebase
from ..core.project import NotUtf8, decode_text
from ..diagnostics import Diagnostics, Origin
from ..settings import Settings

_MARK = "\x1e"
_MARKER = re.compile(f"{_MARK}(\\d+){_MARK}")
_TAG = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
MACRO_SUFFIXES = (".j2", ".jinja", ".html", ".md")

current_page: contextvars.ContextVar[str] = contextvars.ContextVar("current_page", default="")
current_url: contextvars.ContextVar[str] = contextvars.ContextVar("current_url", default="")


def add_markers(source: str, first_line: int) -> str:
    out: list[str] = []
    depth = 0
    for number, line in enumerate(source.split("\n"), start=first_line):
        marked = [f"{_MARK}{number}{_MARK}"] if depth == 0 else []
        last = 0
        for m in _TAG.finditer(line):
            token = m.group(0)
            if token in ("{{", "{%", "{#"):
                if depth == 0:
                    marked.append(line[last:m.start()] + f"{_MARK}{number}{_MARK}")
                    last = m.start()
                depth += 1
            elif depth > 0:
                depth -= 1
        marked.append(line[last:])
        out.append("".join(marked))
    return "\n".join(out)


def strip_markers(rendered: str, path: str, first_line: int) -> tuple[list[str], list[Origin]]:
    lines: list[str] = []
    origins: list[Origin] = []
    current = first_line
    for line in rendered.split("\n"):
        line_no = current
        found = _MARKER.findall(line)
        if found:
            line_no = int(found[0])
            current = int(found[-1])
        lines.append(_MARKER.sub("", line))
        origins.append(Origin.at(path, line_no))
    return lines, origins


def page_link(url: str, written_in: str) -> str:
    """A link written relative to the project file ``written_in``, rebased for the page being rendered."""
    page = current_page.get()
    return rebase(url, posixpath.dirname(written_in), posixpath.dirname(page))


def translated_url(url: str, written_in: str, translate: Callable[[str], str]) -> str:
    """A relative link written in the project file ``written_in``, pointed at the translation of its target."""
    if not url or url.startswith(("#", "/")) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url):
        return url
    path, sep, fragment = url.partition("#")
    base = posixpath.dirname(written_in)
    target = translate(posixpath.normpath(posixpath.join(base, path)))
    return posixpath.relpath(target, base or ".") + sep + fragment


class MacroFileOutside(TemplateError):
    """A macro file name that leads outside the macros folder (``..``, an absolute path or a symbolic link)."""


class MacroFileUnreadable(TemplateError):
    """A macro file that is not UTF-8 text."""

    def __init__(self, message: str, lineno: int) -> None:
        super().__init__(message)
        self.lineno = lineno


class MacroLoader(BaseLoader):
    """Templates from the macros folder only, checked after every symbolic link is resolved.

    Jinja's own ``FileSystemLoader`` follows a symbolic link wherever it leads, so a link in ``macros/``
    could publish any file of the machine through ``{% include %}``.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = os.path.realpath(folder)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = [p for p in template.replace("\\", "/").split("/") if p not in ("", ".")]
        if template.startswith(("/", "\\")) or ".." in pieces or "\0" in template or not pieces:
            raise MacroFileOutside(f"macro file {template!r} is not a name inside the macros folder; refused")
        path = os.path.join(self.folder, *pieces)
        real = os.path.realpath(path)
        if os.path.commonpath([real, self.folder]) != self.folder:
            raise MacroFileOutside(f"macro file {template!r} is a symbolic link that leads outside the macros "
                                   "folder; refused")
        if not os.path.isfile(real):
            raise TemplateNotFound(template)
        mtime = os.path.getmtime(real)
        try:
            source = decode_text(Path(real).read_bytes())
        except NotUtf8 as exc:
            raise MacroFileUnreadable(str(exc), exc.line) from None
        return source, real, lambda: os.path.isfile(real) and os.path.getmtime(real) == mtime

    def list_templates(self) -> list[str]:
        found = []
        for folder, dirs, names in os.walk(self.folder):  # symbolic links to folders are not followed
            dirs.sort()
            rel = os.path.relpath(folder, self.folder)
            found += [posixpath.normpath(posixpath.join(rel.replace(os.sep, "/"), n)) for n in names]
        return sorted(found)


_GUARD = "sodocs_guard"
MAX_RETRIES = 20  # renders of one page, each leaving out one more statement that failed
_SCOPE_BINDINGS = (nodes.Assign, nodes.AssignBlock, nodes.Macro, nodes.Import, nodes.FromImport)


class _Guarded(NodeTransformer):
    """Wrap each expression and block of a page in ``{% call sodocs_guard(line) %}…{% endcall %}``.

    A call block's body is a macro that the guard calls itself, so an exception in it stops at the
    guard: it is reported at its line, its output is left out, and the rest of the page renders.
    Statements that set names for what follows (``{% set %}``, an ``{% if %}`` with a ``{% set %}``
    inside) are not wrapped, as a call block's body has a scope of its own; ``MacroRenderer.render``
    leaves such a statement out when it fails and renders the page again.
    """

    def _wrap(self, node: nodes.Node) -> nodes.CallBlock:
        call = nodes.Call(nodes.Name(_GUARD, "load"), [nodes.Const(node.lineno)], [], None, None, lineno=node.lineno)
        return nodes.CallBlock(call, [], [], [node], lineno=node.lineno)

    def visit_Output(self, node: nodes.Output) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                out.append(nodes.Output([child], lineno=child.lineno))
            else:
                out.append(self._wrap(nodes.Output([self.visit(child)], lineno=child.lineno)))
        return out

    def _block(self, node: nodes.Node) -> nodes.Node:
        self.generic_visit(node)
        return self._wrap(node)

    def _block_unless_it_binds(self, node: nodes.Node) -> nodes.Node:
        self.generic_visit(node)
        return node if any(True for _ in node.find_all(_SCOPE_BINDINGS)) else self._wrap(node)

    visit_For = _block  # a loop has a scope of its own already
    visit_With = _block
    visit_Include = _block
    visit_CallBlock = _block
    visit_If = _block_unless_it_binds
    visit_FilterBlock = _block_unless_it_binds


class _EndlessRecursion(Exception):
    """Raised through inner guards so that the outermost one reports a runaway recursion once."""


@dataclass
class _Guard:
    """The page's guard: records each error once, at the page line of the expression that raised it."""

    renderer: MacroRenderer
    page: str
    first_line: int
    diags: Diagnostics
    depth: int = 0
    seen: set[tuple[str, str]] = field(default_factory=set)

    def __call__(self, line: int, caller: Callable[[], str]) -> str:
        self.depth += 1
        try:
            return caller()
        except _EndlessRecursion as exc:
            if self.depth > 1:
                raise
            self.report(exc.__cause__ or exc, line)
        except RecursionError as exc:
            if self.depth > 1:
                raise _EndlessRecursion from exc  # the stack is nearly full here: report it further out
            self.report(exc, line)
        except Exception as exc:  # anything a macro may raise becomes a message at its line
            self.report(exc, line)
        finally:
            self.depth -= 1
        return Markup("")

    def report(self, exc: BaseException, line: int) -> None:
        origin = self.renderer.origin(exc, self.page, self.first_line + line - 1)
        message = describe(exc)
        if (str(origin), message) not in self.seen:
            self.seen.add((str(origin), message))
            self.diags.add(origin, "macro", message, "error")


def describe(exc: BaseException) -> str:
    """A macro error in a writer's words."""
    if isinstance(exc, SecurityError):
        return f"not allowed in a macro: {str(exc).rstrip('.')} (macros may read the data, not run code or change it)"
    if isinstance(exc, RecursionError):
        return "macro error: a macro calls itself without end (the recursion never stops)"
    if isinstance(exc, ZeroDivisionError):
        return "macro error: division by zero"
    if isinstance(exc, TemplateNotFound):
        return f"macro error: no macro file {exc.name!r} in the macros folder"
    return f"macro error: {exc}"


class MacroRenderer:
    """Jinja2 (sandboxed) with autoescape and strict undefined; every macro in ``macros/`` is a global."""

    def __init__(self, settings: Settings, variables: dict[str, Any],
                 functions: dict[str, Callable[..., Any]],
                 translate: Callable[[str], str] | None = None) -> None:
        """``translate``: a project-relative page as this renderer's language links to it (its translation)."""
        self.root = settings.root
        macros_dir = settings.path(settings.options.macros_dir)
        data_files = {"plans": settings.options.plan_data, "onboarding": settings.options.onboarding_data}

        def link(url: str, data: str = "plans") -> str:
            """``link(url)`` in a macro: ``url`` is written relative to the data file named ``data``."""
            if data not in data_files:
                raise ValueError(f"link(): unknown data file {data!r}; use one of {', '.join(sorted(data_files))}")
            written_in = data_files[data]
            if translate is not None:
                url = translated_url(url, written_in, translate)
            return page_link(url, written_in)
        self.env: Environment = ImmutableSandboxedEnvironment(
            loader=MacroLoader(macros_dir), autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
        self.env.globals.update(variables)
        self.env.globals.update(functions)
        self.env.globals["link"] = link
        docs_dir = settings.docs_dir

        def site_file_link(target: str) -> str:
            """A file of the built site (``assets/javascripts/x.js``) as raw HTML writes it: relative to the
            page's Markdown file, like every link (the engine then rewrites it for the page's address)."""
            return posixpath.relpath(f"{docs_dir}/{target}", posixpath.dirname(current_page.get()) or ".")

        self.env.globals["site_link"] = site_file_link
        self.diagnostics = Diagnostics()
        if not macros_dir.is_dir():
            return
        for name in self.env.list_templates():
            if not name.endswith(MACRO_SUFFIXES):
                continue
            rel = self._rel(macros_dir / name)
            try:
                module = self.env.get_template(name).module
            except TemplateError as exc:
                self.diagnostics.add(Origin.at(rel, getattr(exc, "lineno", None) or 1), "macro-file",
                                     f"macro file does not load: {exc}", "error")
                continue
            except Exception as exc:  # the file's top level ran and raised: say what, at its line
                self.diagnostics.add(self._inner(exc) or Origin.at(rel, 1), "macro-file",
                                     f"macro file does not load: {describe(exc).removeprefix('macro error: ')}",
                                     "error")
                continue
            for attr, value in vars(module).items():
                if isinstance(value, Macro) and not attr.startswith("_"):
                    self.env.globals[attr] = value

    def _rel(self, path: Path | str) -> str:
        """Project-relative, symbolic links kept (the name the writer sees in the folder)."""
        rel = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        return rel if not rel.startswith("../") else str(path)

    def render(self, page: str, body: str, first_line: int, url: str = "") -> tuple[str, list[Origin], Diagnostics]:
        diags = Diagnostics()
        token = current_page.set(page)
        url_token = current_url.set(url)
        guard = _Guard(self, page, first_line, diags)
        marked = add_markers(body, first_line)
        dropped: set[int] = set()  # top-level statements left out after an error outside every guard
        try:
            for _attempt in range(MAX_RETRIES):
                tree = self.env.parse(marked)
                # Output is always guarded: only a statement can fail outside every guard.
                lines = [0 if isinstance(node, nodes.Output) else node.lineno for node in tree.body]
                tree.body = [node for i, node in enumerate(tree.body) if i not in dropped]
                try:
                    rendered = self.env.from_string(_Guarded().visit(tree), globals={_GUARD: guard}).render()
                except Exception as exc:  # outside every guard (a {% set %}): report, leave it out, render again
                    line = next((n for file, n in _template_frames(exc) if file is None), 1)
                    guard.report(exc.__cause__ or exc if isinstance(exc, _EndlessRecursion) else exc, line)
                    failed = max((i for i, n in enumerate(lines) if 0 < n <= line and i not in dropped),
                                 default=None)
                    if failed is None:
                        break
                    dropped.add(failed)
                    continue
                out, origins = strip_markers(rendered, page, first_line)
                return "\n".join(out), origins, diags
        except jinja2.TemplateSyntaxError as exc:
            # The markers add no newlines: Jinja's line is the body's line.
            diags.add(Origin.at(page, first_line + (exc.lineno or 1) - 1), "macro", f"macro syntax: {exc.message}",
                      "error")
        finally:
            current_page.reset(token)
            current_url.reset(url_token)
        return _without_jinja(body, page, first_line, diags)

    def _inner(self, exc: BaseException) -> Origin | None:
        """The innermost macro-file line of an exception's traceback, if it passed through a macro file."""
        inner = None
        for filename, line in _template_frames(exc):
            if filename is not None and filename.endswith(MACRO_SUFFIXES):
                inner = Origin.at(self._rel(filename), line)
        return inner

    def origin(self, exc: BaseException, page: str, page_line: int) -> Origin:
        """The page line, and the macro file's line when the error happened inside a macro."""
        outer = Origin.at(page, page_line)
        inner = self._inner(exc)
        return inner.included_from(outer) if inner else outer


def _template_frames(exc: BaseException) -> Iterator[tuple[str | None, int]]:
    """Each frame of template code in the traceback, outermost first: (template file, template line).

    The file is None for the page. A guard catches an error before Jinja rewrites the traceback, so
    those frames still carry Python line numbers of the compiled code, which the template maps back
    (as Jinja's own debug module does); an error that left ``render`` has frames rewritten by Jinja.
    """
    tb = exc.__traceback__
    while tb is not None:
        frame_globals = tb.tb_frame.f_globals
        template = frame_globals.get("__jinja_template__")
        if isinstance(template, jinja2.Template):
            yield template.filename, template.get_corresponding_lineno(tb.tb_lineno)
        elif "__jinja_exception__" in frame_globals:
            filename = tb.tb_frame.f_code.co_filename
            yield (None if filename == "<template>" else filename), tb.tb_lineno
        tb = tb.tb_next


def _without_jinja(body: str, page: str, first_line: int, diags: Diagnostics) -> tuple[str, list[Origin], Diagnostics]:
    """On a macro error the page is built without its macros: no error text, no raw ``{{`` for readers."""
    cleaned = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", body, flags=re.S)
    lines = cleaned.split("\n")
    return cleaned, [Origin.at(page, first_line + i) for i in range(len(lines))], diags
