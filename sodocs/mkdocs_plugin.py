"""The MkDocs adapter: hooks that hand pages to the plain-Python engine and log what it reports."""

from __future__ import annotations

import logging
import posixpath
from importlib import resources
from typing import Any

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import settings as settings_
from .core.upstream import upstream_path, upstream_url
from .diagnostics import Diagnostic, Diagnostics, Origin
from .docfx import toc, yaml_pages
from .docfx.markdown_ext import UpstreamLinksExtension
from .docfx.page_meta import badges_html, escape_meta
from .docfx.pipeline import LinkRecord, Site, index_pages, render_page
from .docfx.xref import Target, UidIndex
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


class YamlPageFile(File):
    """A DocFX YAML page (``### YamlMime:…``): a page for MkDocs, its Markdown made by ``docfx.yaml_pages``.

    It keeps its ``.yml`` name, so links and toc entries to it resolve as written.
    """

    def is_documentation_page(self) -> bool:
        return True


YAML_PAGE_ASSETS = ("_sodocs/yaml-pages.css", "_sodocs/yaml-pages.js")


class SodocsPlugin(BasePlugin[SodocsConfig]):
    """DocFX-flavoured Markdown for MkDocs: includes, scoped references, xref, alerts, tabs, fallbacks."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings: Settings = settings_.from_mkdocs(config, self.config)
        s = self.settings
        self.project = s.project()
        # `mkdocs serve` may hand the same config back: the nav made from toc.yml last time is still ours.
        self.nav_from_toc = config.nav is None or config.nav is getattr(self, "_toc_nav", None)
        self.labels = yaml_pages.labels_for(str(config.theme.get("language") or "en"))
        config.markdown_extensions.append(UpstreamLinksExtension(s.options.upstream_url))  # type: ignore[arg-type]
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
        all_files = frozenset(f"{docs}/{f.src_uri}" for f in files)
        published = frozenset(f"{docs}/{f.src_uri}" for f in files if f.inclusion.is_included())
        self._yaml_pages(files, config, diags)
        for f in [f for f in files if posixpath.basename(f.src_uri).lower() == toc.TOC_NAME]:
            files.remove(f)  # DocFX publishes the navigation, not its source
        pages = [(f"{docs}/{f.src_uri}", f.content_string) for f in files.documentation_pages()
                 if not isinstance(f, YamlPageFile)]
        self.front, uids, index_diags = index_pages(pages)
        diags.extend(index_diags)
        for page in self.yaml.values():
            for anchor in page.anchors:
                uids.add(anchor.uid, Target(page.path, anchor.title, Origin.at(page.path, anchor.line),
                                            anchor.fragment), diags)
        if self.nav_from_toc:
            self._nav_from_toc(files, config, all_files, published, uids, diags)
        self.links: dict[str, tuple[str, list[tuple[LinkRecord, str]]]] = {}
        self.site = Site(self.project, {f"{docs}/{f.src_uri}" for f in files}, self.settings.upstream, uids)
        self.macros = self._load_macros(diags)
        report(diags)
        if diags.stops_build:
            raise PluginError("the plan data or the macros have errors (listed above); nothing was built")
        return files

    def _yaml_pages(self, files: Files, config: MkDocsConfig, diags: Diagnostics) -> None:
        """DocFX YAML pages become pages; their stylesheet and script are served with the site."""
        self.yaml: dict[str, yaml_pages.YamlPage] = {}
        for f in list(files):
            if not f.src_uri.endswith(".yml") or posixpath.basename(f.src_uri).lower() == toc.TOC_NAME \
                    or not f.inclusion.is_included():
                continue
            rel = f"{self.project.docs_dir}/{f.src_uri}"
            try:
                source = f.content_string
            except (OSError, UnicodeDecodeError) as exc:
                diags.add(Origin.at(rel, 1), "yaml-page", f"cannot read the file: {exc}", "error")
                continue
            page = yaml_pages.load_page(rel, source, diags)
            if page is None:
                continue
            self.yaml[rel] = page
            files.remove(f)
            files.append(YamlPageFile(f.src_path, f.src_dir, f.dest_dir, f.use_directory_urls, inclusion=f.inclusion))
        if not self.yaml:
            return
        assets = resources.files("sodocs.docfx") / "assets"
        for uri in YAML_PAGE_ASSETS:
            if files.get_file_from_path(uri) is None:
                content = (assets / posixpath.basename(uri)).read_text(encoding="utf-8")
                files.append(File.generated(config, uri, content=content))
        if YAML_PAGE_ASSETS[0] not in config.extra_css:
            config.extra_css.append(YAML_PAGE_ASSETS[0])
        if all(str(script) != YAML_PAGE_ASSETS[1] for script in config.extra_javascript):
            config.extra_javascript.append(YAML_PAGE_ASSETS[1])
        missing = [name for name in ("attr_list", "md_in_html") if name not in config.markdown_extensions]
        if missing:
            log.warning("mkdocs.yml: DocFX YAML pages need the Markdown extensions %s (hub cards and step "
                        "headings are written with them)", " and ".join(missing))

    def _nav_from_toc(self, files: Files, config: MkDocsConfig, all_files: frozenset[str],
                      published: frozenset[str], uids: UidIndex, diags: Diagnostics) -> None:
        """No ``nav:`` in mkdocs.yml: the navigation is the docs' toc.yml tree."""
        docs = self.project.docs_dir
        s = self.settings

        def fallback(path: str) -> str | None:
            up = upstream_path(path, docs, s.upstream.docs_prefix)
            return upstream_url(up, s.upstream) if up is not None else None

        listed = UpstreamList.read(s.upstream_list) if s.upstream_list.is_file() else None

        def upstream_has(path: str) -> bool | None:
            up = upstream_path(path, docs, s.upstream.docs_prefix)
            if listed is None or up is None or not listed.is_covered(up):
                return None
            return up in listed.paths

        docset = toc.DocSet(
            docs, all_files, published, frozenset(f"{docs}/{f.src_uri}" for f in files.documentation_pages()),
            self.project.read, fallback, {uid: t.path for uid, t in uids.targets.items() if not t.fragment},
            upstream_has)
        tree = toc.build_nav(docset)
        diags.extend(tree.diagnostics)
        self.expanded: set[str] = set()
        if not tree.tocs:
            return
        nav = toc.mkdocs_nav(tree, docs, self._title_of, lambda t: escape(t))
        self._toc_nav = config.nav = nav.data
        self.expanded = nav.expanded
        for rel in tree.unlisted:
            file = files.get_file_from_path(rel.removeprefix(docs + "/"))
            if file is not None:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        if tree.unlisted:
            diags.add(Origin.at(tree.tocs[0], 1), "toc-unlisted", toc.unlisted_message(tree.unlisted), "info")

    def _title_of(self, rel: str) -> str:
        if rel in self.yaml:
            return self.yaml[rel].title
        fm = self.front.get(rel)
        title = fm.data.get("title") if fm is not None else None
        return str(title) if title else posixpath.splitext(posixpath.basename(rel))[0]

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
        if rel in self.yaml:
            return self._yaml_page_markdown(rel, page, files)
        fm = self.front[rel]
        body, origins = fm.body, None
        if fm.data.get("macros") is True:
            body, origins, macro_diags = self.macros.render(rel, fm.body, fm.body_line)
            report(macro_diags)
        result = render_page(self.site, rel, body, fm.body_line, origins)
        report(result.diagnostics)
        self.links[page.file.dest_uri] = (rel, [(r, self._href(r, page, files)) for r in result.links])
        escape_meta(page.meta)
        return result.markdown

    def _yaml_page_markdown(self, rel: str, page: Page, files: Files) -> str:
        yaml_page = self.yaml[rel]
        diags = Diagnostics()
        context = yaml_pages.Context(self.labels, lambda uid: uid in self.site.uids.targets)
        rendered = yaml_pages.render(yaml_page, context, diags)
        report(diags)
        result = render_page(self.site, rel, rendered.markdown, 1, rendered.origins)
        report(result.diagnostics)
        self.links[page.file.dest_uri] = (rel, [(r, self._href(r, page, files)) for r in result.links])
        page.meta = dict(yaml_page.meta)
        escape_meta(page.meta)
        return result.markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        badges = badges_html(page.meta)
        head, sep, tail = html.partition("</h1>")
        return head + sep + badges + tail if sep else badges + html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        output = name_search_dialog(output)
        return toc.open_expanded(output, self.expanded) if getattr(self, "expanded", None) else output

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
