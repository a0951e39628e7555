"""The MkDocs adapter: hooks that hand pages to the plain-Python engine and log what it reports."""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import settings as settings_
from .diagnostics import Diagnostic, Diagnostics
from .docfx.links import LinkRecord, Site
from .docfx.markdown_ext import DocfxMarkdownExtension, UpstreamLinksExtension
from .docfx.page_meta import badges_html, escape_meta
from .docfx.pipeline import index_pages, render_page
from .linkcheck import link_report
from .linkcheck.check import Options, check_site
from .linkcheck.upstream_list import UpstreamList
from .plans.context import macro_context
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
        config.markdown_extensions.append(DocfxMarkdownExtension())  # type: ignore[arg-type]
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
        pages = [(f"{docs}/{f.src_uri}", f.content_string) for f in files.documentation_pages()]
        self.front, uids, diags = index_pages(pages)
        self.links: dict[str, tuple[str, list[tuple[LinkRecord, str]]]] = {}
        published = {f"{docs}/{f.src_uri}" for f in files if not f.inclusion.is_excluded()}
        self.site = Site(self.project, published, self.settings.upstream, uids,
                         directory_urls=config.use_directory_urls)
        self.published_resources: set[str] = set()
        self.macros = self._load_macros(diags)
        report(diags)
        if diags.stops_build:
            raise PluginError("the plan data or the macros have errors (listed above); nothing was built")
        return files

    def _load_macros(self, diags: Diagnostics) -> MacroRenderer:
        """Check the plan data first: a page is only rendered from data that passed every check."""
        s = self.settings
        variables: dict[str, Any] = {}
        functions: dict[str, Any] = {}
        if s.path(s.options.plan_data).is_file():
            plans = load_plans(s.path(s.options.plan_data).read_text(encoding="utf-8"), s.options.plan_data, diags)
            if plans is not None:
                variables, functions = macro_context(plans)
        if s.path(s.options.onboarding_data).is_file():
            text = s.path(s.options.onboarding_data).read_text(encoding="utf-8")
            variables["onboarding_steps"] = load_steps(text, s.options.onboarding_data, diags) or []
        renderer = MacroRenderer(s, variables, functions)
        diags.extend(renderer.diagnostics)
        return renderer

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        rel = f"{self.project.docs_dir}/{page.file.src_uri}"
        fm = self.front[rel]
        body, origins = fm.body, None
        if fm.data.get("macros") is True:
            body, origins, macro_diags = self.macros.render(rel, fm.body, fm.body_line)
            report(macro_diags)
        result = render_page(self.site, rel, body, fm.body_line, origins)
        report(result.diagnostics)
        self._publish_resources(files, config)
        self.links[page.file.dest_uri] = (rel, [(r, self._href(r, page, files)) for r in result.links])
        escape_meta(page.meta)
        return result.markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        badges = badges_html(page.meta)
        head, sep, tail = html.partition("</h1>")
        return head + sep + badges + tail if sep else badges + html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return name_search_dialog(output)

    def _publish_resources(self, files: Files, config: MkDocsConfig) -> None:
        """Publish the files pages link to that MkDocs would not: excluded ones (an include folder's images)
        and ones outside the docs folder (shared icons). Static files are copied after every page is read."""
        for rel, served in self.site.resources.items():
            if rel in self.published_resources:
                continue
            self.published_resources.add(rel)
            existing = files.get_file_from_path(served)
            if existing is not None:
                existing.inclusion = InclusionLevel.INCLUDED
            else:
                files.append(File.generated(config, served, abs_src_path=str(self.project.root / rel)))

    def _href(self, record: LinkRecord, page: Page, files: Files) -> str:
        """The address MkDocs writes into the HTML for a link, so a built link maps back to its line."""
        if record.raw or record.kind != "local" or record.target is None:
            return record.dest
        file = files.get_file_from_path(self.site.served_at(record.target))
        return file.url_relative_to(page.file) + record.suffix if file is not None else record.dest

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write every link with its source position, then check the built site if asked to."""
        pages = {dest: link_report.ReportedPage(src, tuple(
            link_report.ReportedLink(href, str(r.origin), tuple((f.path, f.line, f.column) for f in r.origin.frames),
                                     r.written, r.kind, r.upstream, r.image, r.target) for r, href in records))
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
