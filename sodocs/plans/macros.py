"""Jinja2 macros in pages that ask for them (front matter ``macros: true``), with source lines kept.

Before rendering, each source line (outside a Jinja tag) and each ``{{``/``{%`` is tagged with an
invisible marker carrying its line number; after rendering the markers say which source line each
output line came from, so a link inside a macro's output is reported at the line of the call.
"""

from __future__ import annotations

import contextvars
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.runtime import Macro

from ..core.markdown_scan import rebase
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


def site_link(target: str) -> str:
    """A file of the built site (``assets/javascripts/x.js``) as a link from the page being rendered:
    raw HTML a macro writes is not rewritten by MkDocs, so the macro must write the final address."""
    url = current_url.get()
    base = url if url.endswith("/") else posixpath.dirname(url)
    return posixpath.relpath(target, base or ".")


class MacroRenderer:
    """Jinja2 with autoescape and strict undefined; every macro in ``macros/`` is a global."""

    def __init__(self, settings: Settings, variables: dict[str, Any],
                 functions: dict[str, Callable[..., Any]]) -> None:
        self.root = settings.root
        macros_dir = settings.path(settings.options.macros_dir)
        data_files = {"plans": settings.options.plan_data, "onboarding": settings.options.onboarding_data}

        def link(url: str, data: str = "plans") -> str:
            """``link(url)`` in a macro: ``url`` is written relative to the data file named ``data``."""
            if data not in data_files:
                raise ValueError(f"link(): unknown data file {data!r}; use one of {', '.join(sorted(data_files))}")
            return page_link(url, data_files[data])
        self.env = Environment(loader=FileSystemLoader(str(macros_dir)), autoescape=True,
                               undefined=StrictUndefined, keep_trailing_newline=True)
        self.env.globals.update(variables)
        self.env.globals.update(functions)
        self.env.globals["link"] = link
        self.env.globals["site_link"] = site_link
        self.diagnostics = Diagnostics()
        for name in sorted(self.env.list_templates()):
            if not name.endswith(MACRO_SUFFIXES):
                continue
            try:
                module = self.env.get_template(name).module
            except TemplateError as exc:
                rel = self._rel(macros_dir / name)
                self.diagnostics.add(Origin.at(rel, getattr(exc, "lineno", None) or 1), "macro-file",
                                     f"macro file does not load: {exc}", "error")
                continue
            for attr, value in vars(module).items():
                if isinstance(value, Macro) and not attr.startswith("_"):
                    self.env.globals[attr] = value

    def _rel(self, path: Path | str) -> str:
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def render(self, page: str, body: str, first_line: int, url: str = "") -> tuple[str, list[Origin], Diagnostics]:
        diags = Diagnostics()
        token = current_page.set(page)
        url_token = current_url.set(url)
        try:
            template = self.env.from_string(add_markers(body, first_line))
            rendered = template.render()
        except jinja2.TemplateSyntaxError as exc:
            # The markers add no newlines: Jinja's line is the body's line.
            diags.add(Origin.at(page, first_line + (exc.lineno or 1) - 1), "macro", f"macro syntax: {exc.message}",
                      "error")
            return _without_jinja(body, page, first_line, diags)
        except (TemplateError, TypeError, ValueError, LookupError) as exc:
            diags.add(self._origin(exc, page, first_line), "macro", f"macro error: {exc}", "error")
            return _without_jinja(body, page, first_line, diags)
        finally:
            current_page.reset(token)
            current_url.reset(url_token)
        lines, origins = strip_markers(rendered, page, first_line)
        return "\n".join(lines), origins, diags

    def _origin(self, exc: BaseException, page: str, first_line: int) -> Origin:
        """The page line from Jinja's rewritten traceback (and the macro file's line, when inside one)."""
        page_line, inner = None, None
        tb = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename == "<template>":
                page_line = tb.tb_lineno
            elif filename.endswith(MACRO_SUFFIXES) and Path(filename).exists():
                inner = (self._rel(filename), tb.tb_lineno)
            tb = tb.tb_next
        outer = Origin.at(page, first_line + (page_line or 1) - 1)
        return Origin.at(*inner).included_from(outer) if inner else outer


def _without_jinja(body: str, page: str, first_line: int, diags: Diagnostics) -> tuple[str, list[Origin], Diagnostics]:
    """On a macro error the page is built without its macros: no error text, no raw ``{{`` for readers."""
    cleaned = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", body, flags=re.S)
    lines = cleaned.split("\n")
    return cleaned, [Origin.at(page, first_line + i) for i in range(len(lines))], diags
