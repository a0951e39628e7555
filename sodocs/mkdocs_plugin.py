"""The MkDocs adapter: hooks that hand pages to the plain-Python engine and log what it reports."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import mkdocs
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import settings as settings_
from .diagnostics import Diagnostic, Diagnostics
from .docfx.links import LinkRecord, Site
from .docfx.markdown_ext import DocfxMarkdownExtension, UpstreamLinksExtension
from .docfx.page_meta import badges_html, escape_meta
from .docfx.pipeline import index_pages, render_page
from .docfx.xref import upstream_uids
from .linkcheck import link_report
from .linkcheck.check import Options, check_site
from .linkcheck.upstream_list import UpstreamList
from .plans.context import macro_context
from .plans.macros import MacroRenderer
from .plans.model import load_plans
from .plans.onboarding import load_steps
from .settings import Settings
from .site import assets, output, serve_banner, sitemap
from .site.build_log import BuildLog
from .site.publish import Publisher
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


def _top_logger() -> logging.Logger:
    """The generator's own top logger ("mkdocs", or "properdocs" under ProperDocs), where its strict-mode
    counter listens; every plugin's logger ("mkdocs.plugins.*") ends up there too."""
    return logging.getLogger(mkdocs.__name__)


class SodocsPlugin(BasePlugin[SodocsConfig]):
    """DocFX-flavoured Markdown for MkDocs: includes, scoped references, xref, alerts, tabs, fallbacks.

    It also owns the build's output: MkDocs writes into a fresh folder beside ``site_dir`` (see
    ``sodocs.site.output``) that replaces ``site_dir`` only when the build succeeded.
    """

    dirty = False  # `--dirty` builds only changed pages, into the existing folder
    build_log: BuildLog | None = None
    final_site: Path | None = None
    _config: MkDocsConfig | None = None

    def __init__(self) -> None:
        super().__init__()
        self.output = Publisher()

    @property
    def serving(self) -> bool:
        return self.output.serving

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.output.serving = command == "serve"
        self.dirty = dirty

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Callable[..., Any]) -> LiveReloadServer:
        """A rebuild that raises would leave every request waiting for a build that never finishes; the
        failure is already shown in the pages, so the rebuild ends normally and browsers reload."""
        rebuild = server.builder
        served = Path(server.root)

        def guarded_rebuild() -> None:
            self.output.failure_shown = False
            early = BuildLog(strict=False)  # what is logged before the build starts (a broken mkdocs.yml)
            _top_logger().addHandler(early)
            try:
                rebuild()
            except (Exception, SystemExit) as exc:
                log.error("the rebuild failed (%s); still serving the last good pages", exc)
                if not self.output.failure_shown:
                    message = str(exc) or type(exc).__name__
                    self.output.show(served, serve_banner.banner_html(
                        [*early.errors, *([message] if message not in early.errors else [])], self.output.last_good))
            finally:
                _top_logger().removeHandler(early)

        server.builder = guarded_rebuild
        return server

    def on_shutdown(self) -> None:
        self._end_log()

    @event_priority(100)  # first, so the build log sees every warning MkDocs' strict counter sees
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._begin_log(config.strict)
        self.unmapped: list[str] = []
        self._config = config
        self.settings: Settings = settings_.from_mkdocs(config, self.config)
        s = self.settings
        self.macros_broken = False
        self.project = s.project()
        config.markdown_extensions.append(UpstreamLinksExtension(s.options.upstream_url))  # type: ignore[arg-type]
        config.markdown_extensions.append(DocfxMarkdownExtension())  # type: ignore[arg-type]
        for missing in missing_snippets(config.mdx_configs.get("pymdownx.snippets", {})):
            raise PluginError(f"{missing}: the snippet file that mkdocs.yml appends to every page is missing")
        for folder in (s.options.includes_dir, s.options.macros_dir, *{
                str(s.path(p).parent.relative_to(s.root)) for p in (s.options.plan_data, s.options.onboarding_data)}):
            if folder not in ("", ".") and s.path(folder).is_dir():
                config.watch.append(str(s.path(folder)))
        # MkDocs' sitemap dates every page with the clock and, without site_url, lists bare paths;
        # ours is written in on_post_build, only when the address is known.
        config.theme.static_templates.discard("sitemap.xml")
        if not config.site_url:
            log.info("site_url is not set (SITE_URL): pages carry no canonical address and no sitemap is written")
        self.final_site = Path(os.path.abspath(config.site_dir))
        try:
            config.site_dir = str(self.output.begin(self.final_site, self.dirty))
        except output.OutputError as exc:
            raise PluginError(str(exc)) from None
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.project.forget()  # `mkdocs serve` rebuilds: read changed includes afresh
        docs = self.project.docs_dir
        pages = [(f"{docs}/{f.src_uri}", f.content_string) for f in files.documentation_pages()]
        self.front, uids, diags = index_pages(pages)
        if self.settings.upstream_list.is_file():
            uids.upstream = upstream_uids(UpstreamList.read(self.settings.upstream_list).paths, docs,
                                          self.settings.upstream.docs_prefix)
        self.links: dict[str, tuple[str, list[tuple[LinkRecord, str]]]] = {}
        published = {f"{docs}/{f.src_uri}" for f in files if not f.inclusion.is_excluded()}
        self.site = Site(self.project, published, self.settings.upstream, uids,
                         directory_urls=config.use_directory_urls)
        self.published_resources: set[str] = set()
        self.macros = self._load_macros(diags)
        report(diags)
        if diags.stops_build:
            if not self.serving:
                raise PluginError(f"the plan data or the macros have errors (listed above); nothing was built "
                                  f"and {self.final_site} was left as it was")
            self.macros_broken = True  # serve goes on, so the errors reach the pages' banner
        self.files = self._trim(files, config)
        self.page_dates = sitemap.git_dates(self.settings.root, [f"{docs}/{f.src_uri}" for f in
                                                                 files.documentation_pages()], docs)
        return self.files

    def _trim(self, files: Files, config: MkDocsConfig) -> Files:
        """Leave out what readers never load: source maps and the search languages the site does not use."""
        search = config.plugins.get("search") or config.plugins.get("material/search")
        lang = getattr(getattr(search, "config", None), "lang", None) or []
        needed = assets.lunr_files([lang] if isinstance(lang, str) else lang)
        docs = os.path.abspath(config.docs_dir)
        for file in list(files):
            from_theme = not os.path.abspath(file.abs_src_path or "").startswith(docs + os.sep)
            if from_theme and file.src_uri == "sitemap.xml":  # the template, no longer rendered: see on_config
                files.remove(file)
            elif assets.unneeded(file.src_uri, needed):
                files.remove(file)
                if file.src_uri.endswith(".map"):
                    self.unmapped.append(file.dest_uri.removesuffix(".map"))
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
        if fm.data.get("macros") is True and not self.macros_broken:
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

    @event_priority(-100)  # last: the swap must see every warning and error of the build
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the link report, check the built site, then publish it or keep the previous one."""
        site = Path(config.site_dir)
        pages = {dest: link_report.ReportedPage(src, tuple(
            link_report.ReportedLink(href, str(r.origin), tuple((f.path, f.line, f.column) for f in r.origin.frames),
                                     r.written, r.kind, r.upstream, r.image, r.target) for r, href in records))
            for dest, (src, records) in self.links.items()}
        inside = bool(self.settings.options.link_report)  # opted into publishing it with the site
        report_path = self.settings.link_report_for(site) if inside else self.output.report_path(
            self.settings.link_report)
        link_report.write(report_path, link_report.LinkReport(pages))
        self._write_sitemap(config, site)
        if self.settings.options.check_links:
            self._check_links(site, report_path)
        build_log = self._end_log()
        try:
            if build_log is None or not build_log.failed:
                try:
                    self.output.succeed(site, report_path, None if inside else self.settings.link_report,
                                        self.unmapped)
                except output.OutputError as exc:
                    raise PluginError(str(exc)) from None
                log.info("The site is in %s", self.final_site)
                return
            self.output.fail(build_log.problems)
            if not self.serving and build_log.errors:
                raise PluginError(f"the build has {build_log.summary()} (listed above); "
                                  f"{self.final_site} was left as it was")
            if not self.serving:
                log.info("%s was left as it was", self.final_site)  # MkDocs aborts for strict mode next
        finally:
            self._restore(config)

    def on_build_error(self, *, error: Exception) -> None:
        """An exception anywhere in the build: the previous site stays (in serve, with the problem shown)."""
        build_log = self._end_log()
        if isinstance(error, OSError) and self.final_site is not None:
            log.error("%s: the build could not write its output (%s); the previous site is unchanged",
                      self.final_site, output.reason(error))
        problems = build_log.problems if build_log is not None else []
        message = str(error) or type(error).__name__
        if self.output.staging is not None:
            self.output.fail(problems + ([message] if message not in problems else []), crashed=True)
        if self._config is not None:
            self._restore(self._config)

    def _restore(self, config: MkDocsConfig) -> None:
        """Callers after the build (gh-deploy, `sodocs check --build`) read site_dir: the final one."""
        if self.final_site is not None:
            config.site_dir = str(self.final_site)

    def _begin_log(self, strict: bool) -> None:
        self._end_log()
        self.build_log = BuildLog(strict)
        _top_logger().addHandler(self.build_log)

    def _end_log(self) -> BuildLog | None:
        build_log, self.build_log = self.build_log, None
        if build_log is not None:
            _top_logger().removeHandler(build_log)
        return build_log

    def _write_sitemap(self, config: MkDocsConfig, site: Path) -> None:
        if not config.site_url:
            return
        entries = []
        for file in self.files.documentation_pages():
            if file.page is None or not file.page.canonical_url:
                continue
            data = self.front[f"{self.project.docs_dir}/{file.src_uri}"].data
            if sitemap.indexed(data):
                rel = f"{self.project.docs_dir}/{file.src_uri}"
                entries.append(sitemap.Entry(file.page.canonical_url,
                                             sitemap.front_matter_date(data) or self.page_dates.get(rel)))
        (site / "sitemap.xml").write_text(sitemap.render(entries), encoding="utf-8")

    def _check_links(self, site: Path, report_path: Path) -> None:
        s = self.settings
        try:
            result = check_site(Options(site, s, UpstreamList.read(s.upstream_list)
                                        if s.upstream_list.is_file() else None, link_report=report_path))
        except link_report.LinkReportError as exc:
            raise PluginError(str(exc)) from None
        for notice in result.notices:
            log.info("%s", notice)
        for problem in result.problems:
            log.warning("%s: broken link %r: %s", problem.source, problem.written, problem.reason)
