"""The MkDocs adapter: hooks that hand pages to the plain-Python engine and log what it reports."""

from __future__ import annotations

import logging
import os
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import settings as settings_
from .core.project import NotUtf8, refused_files
from .diagnostics import Diagnostic, DiagnosticKind, Diagnostics, Origin
from .docfx.markdown_ext import GuardExtension, UpstreamLinksExtension
from .docfx.page_meta import badges_html, escape_meta
from .docfx.pipeline import LinkRecord, Site, index_pages, render_page
from .linkcheck import link_report
from .linkcheck.check import Options, check_site
from .linkcheck.upstream_list import UpstreamList
from .plans.context import ONBOARDING_NAMES, PLAN_NAMES, macro_context, missing_data
from .plans.macros import MacroRenderer
from .plans.model import load_plans
from .plans.onboarding import load_steps
from .settings import Settings
from .site.theme_fixes import missing_snippets, name_search_dialog

log = logging.getLogger("mkdocs.plugins.sodocs")
_LOG = {"error": log.error, "warning": log.warning, "info": log.info}
_D = settings_.Options()  # the one place defaults are declared; MkDocs' typed config repeats none of them


class SodocsConfig(base.Config):
    """The plugin's options; their meaning is documented on ``sodocs.settings.Options`` and in the README."""

    upstream_url = c.Type(str, default=_D.upstream_url)
    upstream_docs_prefix = c.Type(str, default=_D.upstream_docs_prefix)
    upstream_url_style = c.Choice(("html", "folder"), default=_D.upstream_url_style)
    includes_dir = c.Type(str, default=_D.includes_dir)
    link_report = c.Type(str, default=_D.link_report)
    plan_data = c.Type(str, default=_D.plan_data)
    onboarding_data = c.Type(str, default=_D.onboarding_data)
    check_links = c.Type(bool, default=_D.check_links)
    upstream_list = c.Type(str, default=_D.upstream_list)
    macros_dir = c.Type(str, default=_D.macros_dir)


def report(diags: Diagnostics | list[Diagnostic]) -> None:
    for diag in diags:
        _LOG[diag.severity]("%s", diag)


class SodocsPlugin(BasePlugin[SodocsConfig]):
    """DocFX-flavoured Markdown for MkDocs: includes, scoped references, xref, alerts, tabs, fallbacks."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings: Settings = settings_.from_mkdocs(config, self.config)
        s = self.settings
        self.project = s.project()
        config.markdown_extensions.append(UpstreamLinksExtension(s.options.upstream_url))  # type: ignore[arg-type]
        self.guard = GuardExtension()
        config.markdown_extensions.append(self.guard)  # type: ignore[arg-type]
        for missing in missing_snippets(config.mdx_configs.get("pymdownx.snippets", {})):
            raise PluginError(f"{missing}: the snippet file that mkdocs.yml appends to every page is missing")
        for folder in (s.options.includes_dir, s.options.macros_dir, *{
                str(s.path(p).parent.relative_to(s.root)) for p in (s.options.plan_data, s.options.onboarding_data)}):
            if folder not in ("", ".") and s.path(folder).is_dir():
                config.watch.append(str(s.path(folder)))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.project.forget()  # `mkdocs serve` rebuilds: read changed includes afresh
        docs = self.project.docs_dir
        diags = Diagnostics()
        # Only the project's own files: the theme's come from the installed package, outside the project.
        docs_dir = os.path.abspath(config.docs_dir)
        own = {f"{docs}/{f.src_uri}": f for f in files
               if f.abs_src_path is not None and f.src_dir is not None and os.path.abspath(f.src_dir) == docs_dir}
        for rel in refused_files(self.project, sorted(own), diags):
            files.remove(own.pop(rel))
        pages: list[tuple[str, str]] = []
        documentation = set(files.documentation_pages())
        for rel, file in own.items():
            if file in documentation:
                text = self._read(rel, diags)
                if text is None:
                    files.remove(file)
                else:
                    pages.append((rel, text))
        self.front, uids, page_diags = index_pages(pages)
        diags.extend(page_diags)
        self.links: dict[str, tuple[str, list[tuple[LinkRecord, str]]]] = {}
        self.site = Site(self.project, {f"{docs}/{f.src_uri}" for f in files}, self.settings.upstream, uids)
        self.macros = self._load_macros(diags)
        report(diags)
        if diags.stops_build:
            raise PluginError("the plan data or the macros have errors (listed above); nothing was built")
        return files

    def _read(self, rel: str, diags: Diagnostics, kind: DiagnosticKind = "unreadable") -> str | None:
        """A project file's text, or None with the reason at its line (not UTF-8) or for the whole file."""
        try:
            return self.project.read(rel)
        except NotUtf8 as exc:
            diags.add(Origin.at(rel, exc.line), kind, str(exc), "error")
        except OSError as exc:
            diags.add(Origin.at(rel, 0), kind, f"the file cannot be read ({exc.strerror or exc})", "error")
        return None

    def _load_macros(self, diags: Diagnostics) -> MacroRenderer:
        """Check the plan data first: a page is only rendered from data that passed every check."""
        s = self.settings
        variables: dict[str, Any] = {}
        functions: dict[str, Any] = {}
        plan_text = self._data(s.options.plan_data, "plan-data", diags)
        plans = load_plans(plan_text, s.options.plan_data, diags) if plan_text is not None else None
        if plans is not None:
            variables, functions = macro_context(plans)
        elif plan_text is None:
            variables.update(missing_data(s.options.plan_data, PLAN_NAMES))
        steps_text = self._data(s.options.onboarding_data, "onboarding-data", diags)
        if steps_text is not None:
            variables["onboarding_steps"] = load_steps(steps_text, s.options.onboarding_data, diags) or []
        else:
            variables.update(missing_data(s.options.onboarding_data, ONBOARDING_NAMES))
        renderer = MacroRenderer(s, variables, functions)
        diags.extend(renderer.diagnostics)
        return renderer

    def _data(self, rel: str, kind: DiagnosticKind, diags: Diagnostics) -> str | None:
        """A data file's text; None when it is missing (its names then say so where a macro uses them)."""
        if not self.project.contains(rel):
            if os.path.lexists(self.settings.path(rel)):
                diags.add(Origin.at(rel, 0), kind, "the data file is outside the project (mkdocs.yml names it "
                          "there, or it is a symbolic link that leads there); refused", "error")
            return None
        if not self.settings.path(rel).is_file():
            return None
        return self._read(rel, diags, kind)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        rel = f"{self.project.docs_dir}/{page.file.src_uri}"
        fm = self.front[rel]
        body, origins = fm.body, None
        if fm.data.get("macros") is True:
            body, origins, macro_diags = self.macros.render(rel, fm.body, fm.body_line)
            report(macro_diags)
        result = render_page(self.site, rel, body, fm.body_line, origins)
        report(result.diagnostics)
        self.guard.problems.clear()
        self.origins = result.origins
        self.links[page.file.dest_uri] = (rel, [(r, self._href(r, page, files)) for r in result.links])
        escape_meta(page.meta)
        return result.markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        rel = f"{self.project.docs_dir}/{page.file.src_uri}"
        for problem in self.guard.problems:
            origin = self.origins[problem.index] if problem.index is not None and problem.index < len(self.origins) \
                else Origin.at(rel, 0)
            log.error("%s", Diagnostic(origin, "markdown", problem.message, "error"))
        badges = badges_html(self.front[rel].data)  # the writer's values: page.meta is escaped for the theme
        head, sep, tail = html.partition("</h1>")
        return head + sep + badges + tail if sep else badges + html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return name_search_dialog(output)

    def _href(self, record: LinkRecord, page: Page, files: Files) -> str:
        """The address MkDocs writes into the HTML for a link, so a built link maps back to its line."""
        if record.kind != "local" or record.target is None:
            return record.dest
        file = files.get_file_from_path(record.target.removeprefix(self.project.docs_dir + "/"))
        return file.url_relative_to(page.file) + record.suffix if file is not None else record.dest

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write every link with its source position, then check the built site if asked to."""
        pages = {dest: link_report.ReportedPage(src, tuple(
            link_report.ReportedLink(href, str(r.origin), tuple((f.path, f.line, f.column) for f in r.origin.frames),
                                     r.written, r.kind, r.upstream, r.image) for r, href in records))
            for dest, (src, records) in self.links.items()}
        link_report.write(self.settings.link_report, link_report.LinkReport(pages))
        if self.settings.options.check_links:
            self._check_links()

    def _check_links(self) -> None:
        s = self.settings
        try:
            result = check_site(Options(s.site_dir, s, UpstreamList.read(s.upstream_list)
                                        if s.upstream_list.is_file() else None))
        except link_report.LinkReportError as exc:
            raise PluginError(str(exc)) from None
        for notice in result.notices:
            log.info("%s", notice)
        for problem in result.problems:
            log.warning("%s: broken link %r: %s", problem.source, problem.written, problem.reason)
