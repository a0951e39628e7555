"""The MkDocs adapter: hooks that hand pages to the plain-Python engine and log what it reports."""

from __future__ import annotations

import json
import logging
import os
import posixpath
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .diagnostics import Diagnostic, Diagnostics
from .engine import LinkRecord, Site, index_pages, render_page
from .includes import Project
from .linkcheck.check import Options, check_site
from .linkcheck.upstream_list import UpstreamList
from .macros import MacroRenderer
from .markdown_ext import UpstreamLinksExtension
from .markdown_scan import split_url
from .onboarding import load_steps
from .page_meta import badges_html, escape_meta
from .plan_context import macro_context
from .plans import load_plans
from .theme_fixes import missing_snippets, name_search_dialog, quiet_tab_labels
from .ui_text import load_ui
from .upstream import UpstreamConfig

log = logging.getLogger("mkdocs.plugins.sodocs")
_LOG = {"error": log.error, "warning": log.warning, "info": log.info}


class SodocsConfig(base.Config):
    upstream_url = c.Type(str, default="https://docs.superoffice.com/")
    upstream_docs_prefix = c.Type(str, default="docs/")
    upstream_url_style = c.Choice(("html", "folder"), default="html")
    includes_dir = c.Type(str, default="includes")
    link_report = c.Type(str, default="_sodocs/links.json")
    plan_data = c.Type(str, default="data/plans.yml")
    onboarding_data = c.Type(str, default="data/onboarding.yml")
    check_links = c.Type(bool, default=False)
    upstream_list = c.Type(str, default="data/upstream-paths.txt")
    macros_dir = c.Type(str, default="macros")
    ui_data = c.Type(str, default="data/ui.yml")


def upstream_config(config: SodocsConfig) -> UpstreamConfig:
    style: Literal["html", "folder"] = "folder" if config.upstream_url_style == "folder" else "html"
    return UpstreamConfig(config.upstream_url, config.upstream_docs_prefix, style)


def report(diags: Diagnostics | list[Diagnostic]) -> None:
    for diag in diags:
        _LOG[diag.severity]("%s", diag)


def _link_json(record: LinkRecord, href: str) -> dict[str, Any]:
    return {"href": href, "source": str(record.origin), "written": record.written, "kind": record.kind,
            "frames": [[f.path, f.line, f.column] for f in record.origin.frames],
            "upstream": record.upstream, "image": record.image}


class SodocsPlugin(BasePlugin[SodocsConfig]):
    """DocFX-flavoured Markdown for MkDocs: includes, scoped references, xref, alerts, tabs, fallbacks."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or os.getcwd()).resolve().parent
        docs_dir = os.path.relpath(config.docs_dir, root).replace(os.sep, "/")
        self.project = Project(root, docs_dir, self.config.includes_dir)
        self.upstream = upstream_config(self.config)
        self.language = str(config.theme.get("language") or "en")
        config.markdown_extensions.append(UpstreamLinksExtension(self.upstream.base_url))  # type: ignore[arg-type]
        for missing in missing_snippets(config.mdx_configs.get("pymdownx.snippets", {})):
            raise PluginError(f"{missing}: the snippet file that mkdocs.yml appends to every page is missing")
        for folder in (self.config.includes_dir, self.config.macros_dir, os.path.dirname(self.config.plan_data)):
            if folder and (root / folder).is_dir():
                config.watch.append(str(root / folder))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.project.forget()  # `mkdocs serve` rebuilds: read changed includes afresh
        docs = self.project.docs_dir
        pages = [(f"{docs}/{f.src_uri}", f.content_string) for f in files.documentation_pages()]
        self.front, uids, diags = index_pages(pages)
        self.links: dict[str, tuple[str, list[tuple[LinkRecord, str]]]] = {}
        self.site = Site(self.project, {f"{docs}/{f.src_uri}" for f in files}, uids, self.upstream)
        self.macros = self._load_macros(diags)
        report(diags)
        if any(d.kind in ("plan-data", "macro") for d in diags):
            raise PluginError("the plan data or the macros have errors (listed above); nothing was built")
        return files

    def _load_macros(self, diags: Diagnostics) -> MacroRenderer:
        """Check the plan data first: a page is only rendered from data that passed every check."""
        root = self.project.root
        variables: dict[str, Any] = {}
        functions: dict[str, Any] = {}
        data_path = root / self.config.plan_data
        if data_path.is_file():
            plans = load_plans(data_path.read_text(encoding="utf-8"), self.config.plan_data, diags)
            if plans is not None:
                variables, functions = macro_context(plans)
        steps_path = root / self.config.onboarding_data
        if steps_path.is_file():
            steps = load_steps(steps_path.read_text(encoding="utf-8"), self.config.onboarding_data, diags)
            variables["onboarding_steps"] = steps or []
        ui_path = root / self.config.ui_data
        if ui_path.is_file():
            ui = load_ui(ui_path.read_text(encoding="utf-8"), self.config.ui_data, self.language, diags)
            if ui is not None:
                variables["ui_json"] = ui.for_script()
                functions.update(t=ui.text, count=ui.count)
        renderer = MacroRenderer(root / self.config.macros_dir, root, variables, functions)
        diags.extend(renderer.diagnostics)
        return renderer

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        rel = f"{self.project.docs_dir}/{page.file.src_uri}"
        fm = self.front[rel]
        body, origins = fm.body, None
        if fm.data.get("macros") is True:
            body, origins, macro_diags = self.macros.render(rel, fm.body, fm.body_line, page.url)
            report(macro_diags)
        result = render_page(self.site, rel, body, fm.body_line, origins)
        report(result.diagnostics)
        self.links[page.file.dest_uri] = (rel, [(r, self._href(r, page, files)) for r in result.links])
        escape_meta(page.meta)
        return result.markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        badges = badges_html(page.meta)
        html = quiet_tab_labels(html)
        head, sep, tail = html.partition("</h1>")
        return head + sep + badges + tail if sep else badges + html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return name_search_dialog(output)

    @staticmethod
    def _href(record: LinkRecord, page: Page, files: Files) -> str:
        """The address MkDocs writes into the HTML for a link, so a built link maps back to its line."""
        if record.kind != "local":
            return record.dest
        path, rest = split_url(record.dest)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), unquote(path)))
        file = files.get_file_from_path(target) or files.get_file_from_path(posixpath.join(target, "index.md"))
        return file.url_relative_to(page.file) + rest if file is not None else record.dest

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write every link with its source position, then check the built site if asked to."""
        pages = {dest: {"source": src, "links": [_link_json(r, href) for r, href in records]}
                 for dest, (src, records) in sorted(self.links.items())}
        target = Path(config.site_dir) / self.config.link_report
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"pages": pages}, ensure_ascii=False, indent=1), encoding="utf-8")
        if self.config.check_links:
            self._check_links(config)

    def _check_links(self, config: MkDocsConfig) -> None:
        list_path = self.project.root / self.config.upstream_list
        report_ = check_site(Options(
            Path(config.site_dir), self.upstream, UpstreamList.read(list_path) if list_path.is_file() else None,
            Path(config.theme.custom_dir) if config.theme.custom_dir else None,
            urlsplit(config.site_url or "/").path or "/"))
        for problem in report_.problems:
            log.warning("%s: broken link %r: %s", problem.source, problem.written, problem.reason)
