"""The MkDocs adapter: hooks that hand pages to the plain-Python engine and log what it reports."""

from __future__ import annotations

import dataclasses
import logging
import os
import posixpath
from collections.abc import Callable, Hashable
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import jinja2
import mkdocs
from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url
from mkdocs.utils.templates import TemplateContext

from . import settings as settings_
from .core import heap, lexers
from .core.languages import Languages, glossary_for
from .core.memo import TextMemo
from .core.project import NotUtf8, Project, inside, links_in, refused_files
from .core.upstream import upstream_path, upstream_url
from .diagnostics import Diagnostic, DiagnosticKind, Diagnostics, Origin
from .docfx import toc, yaml_pages
from .docfx.frontmatter import FrontMatter
from .docfx.links import LinkRecord, Site
from .docfx.markdown_ext import UPSTREAM_TITLE, DocfxMarkdownExtension, GuardExtension, UpstreamLinksExtension
from .docfx.page_meta import badges_html, escape_meta
from .docfx.pipeline import index_pages, render_page
from .docfx.xref import Target, UidIndex, upstream_uids
from .linkcheck import link_report
from .linkcheck.check import Options, SiteError, check_site
from .linkcheck.upstream_list import UpstreamList, UpstreamListError
from .plans.context import ONBOARDING_NAMES, PLAN_NAMES, UI_NAMES, macro_context, missing_data
from .plans.macros import MacroRenderer
from .plans.model import load_plans
from .plans.onboarding import load_steps
from .plans.ui_text import UiText, load_ui
from .settings import Settings
from .site import (
    assets,
    incremental,
    language_switch,
    nav_html,
    output,
    phases,
    search,
    serve_banner,
    sitemap,
    template_cache,
    watcher,
)
from .site.build_log import BuildLog, Problem
from .site.publish import Publisher
from .site.theme_fixes import SEARCH_DIALOG_NAME, missing_snippets, name_search_dialog, quiet_tab_labels

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
    ui_data = c.Type(str, default=_D.ui_data)
    search = c.Choice(settings_.SEARCH_ENGINES, default=_D.search)
    languages = c.ListOfItems(c.Type(str), default=list(_D.languages))
    glossary = c.Type(str, default=_D.glossary)
    nav_list_limit = c.Type(int, default=_D.nav_list_limit)
    serve_watcher = c.Choice(watcher.WATCHER_SETTINGS, default=_D.serve_watcher)


def report(diags: Diagnostics | list[Diagnostic]) -> None:
    for diag in diags:
        _LOG[diag.severity]("%s", diag)


def _page_key(page: Any) -> Hashable:
    """A page's key in the sidebar's entries, the same in every build of one serve (its source file)."""
    return str(page.file.src_uri)


def _theme_search(config: MkDocsConfig) -> BasePlugin[Any] | None:
    """The theme's search plugin as mkdocs.yml lists it, enabled or not."""
    return config.plugins.get("material/search") or config.plugins.get("search")


def _search_plugin(config: MkDocsConfig) -> BasePlugin[Any] | None:
    """The theme's search plugin, when mkdocs.yml enables it (it draws the search box in the header)."""
    plugin = _theme_search(config)
    enabled = getattr(getattr(plugin, "config", None), "enabled", True)
    return plugin if plugin is not None and enabled else None


def _stop_lunr_index(config: MkDocsConfig, plugin: BasePlugin[Any] | None) -> None:
    """Pagefind answers the search box: the theme's search plugin still draws the box, but need not collect
    every page's text (a second parse of each page) or write the lunr index nobody downloads."""
    for event in ("page_context", "post_build"):
        methods = config.plugins.events.get(event, [])
        methods[:] = [m for m in methods if getattr(m, "__self__", None) is not plugin]


def _theme_nav_folder(config: MkDocsConfig, features: frozenset[str]) -> str | None:
    """Material's templates folder, when its navigation is the one nav_html writes: the theme's own
    ``partials/nav.html`` (no override in custom_dir) with features nav_html reproduces."""
    if config.theme.name != "material" or not nav_html.supports(features) or "material/typeset" in config.plugins:
        return None
    for folder in config.theme.dirs:
        if os.path.isfile(os.path.join(folder, "partials", "nav.html")):
            return folder if os.path.isfile(os.path.join(folder, "partials", "nav-item.html")) and \
                os.path.abspath(folder) != os.path.abspath(config.theme.custom_dir or "") else None
    return None


def _top_logger() -> logging.Logger:
    """The generator's own top logger ("mkdocs", or "properdocs" under ProperDocs), where its strict-mode
    counter listens; every plugin's logger ("mkdocs.plugins.*") ends up there too."""
    return logging.getLogger(mkdocs.__name__)


def _split_toggle(toggle: str) -> tuple[str, str]:
    """``__nav_2_3`` -> (``__nav_2``, ``_3``): the top-level entry's toggle and the path below it."""
    head, _, rest = toggle.removeprefix("__nav_").partition("_")
    return f"__nav_{head}", f"_{rest}" if rest else ""


class YamlPageFile(File):
    """A DocFX YAML page (``### YamlMime:…``): a page for MkDocs, its Markdown made by ``docfx.yaml_pages``.

    It keeps its ``.yml`` name, so links and toc entries to it resolve as written.
    """

    def is_documentation_page(self) -> bool:
        return True


YAML_PAGE_ASSETS = ("_sodocs/yaml-pages.css", "_sodocs/yaml-pages.js")
LANGUAGE_SCRIPT = "_sodocs/language.js"
NAV_SCRIPT = "_sodocs/nav.js"  # shows the entries a long navigation list leaves out (nav_html)
THEME_PREFIX = "_sodocs_theme"  # the theme's own templates, for the navigation of a page without so_nav
# The ui.yml texts that stand for mkdocs.yml's words on a page of their language (absent: mkdocs.yml's).
_SITE_TEXTS = ("site_name", "site_description", "copyright")


class _ThemeWords:
    """mkdocs.yml's own words, which a page in another language replaces while it is rendered."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.language = str(config.theme.get("language") or "en")
        self.site_name = config.site_name
        self.site_description = config.site_description
        self.copyright = config.copyright
        palette = config.theme.get("palette")
        self.toggles = [dict(p.get("toggle") or {}) for p in palette] if isinstance(palette, list) else []

    def apply(self, config: MkDocsConfig, language: str, texts: dict[str, str]) -> None:
        config.theme["language"] = language
        config.site_name = texts.get("site_name", self.site_name)
        config.site_description = texts.get("site_description", self.site_description)
        config.copyright = texts.get("copyright", self.copyright)
        palette = config.theme.get("palette")
        if isinstance(palette, list):
            for item, toggle in zip(palette, self.toggles, strict=False):
                scheme = item.get("scheme")
                key = "palette_to_light" if scheme == "slate" else "palette_to_dark"
                if toggle and key in texts:
                    item["toggle"] = {**toggle, "name": texts[key]}
                elif toggle:
                    item["toggle"] = dict(toggle)

    def restore(self, config: MkDocsConfig) -> None:
        self.apply(config, self.language, {})


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
        # serve: what the last good build read and the files as they were then (None: rebuild everything)
        self.graph = incremental.Graph()
        self.next_graph = incremental.Graph()
        self.stamps: incremental.Snapshot | None = None
        self.page_problems: dict[str, list[Problem]] = {}  # serve: each page's problems at its last rendering
        self.rebuild = incremental.FULL_FIRST
        self.rebuild_some = False  # this build runs as MkDocs' --dirty so it can skip pages (serve rebuilds)
        self.reindex = search.BackgroundIndex(lambda message: log.warning("search index: %s", message))
        # serve: what was parsed from each page's text at the last build (a rebuild parses only changed texts)
        self.front_memo: TextMemo[FrontMatter] = TextMemo()
        self.toc_nav: tuple[toc.NavTree, toc.MkDocsNav | None] | None = None  # the last navigation made
        self.upstream: tuple[UpstreamList | None, dict[str, str] | None, Diagnostics] | None = None
        self.templates = template_cache.InMemory()  # the theme's templates compiled once per serve session
        self.yaml_memo: TextMemo[yaml_pages.YamlPage | None] = TextMemo()

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
                heap.resume()  # whatever ended the rebuild (a partial one pauses the collector)
                _top_logger().removeHandler(early)

        server.builder = guarded_rebuild
        self._rebuild_only_what_changed(rebuild)
        self._choose_watcher(server, config)
        for folder in self._folders_read_outside(config):
            server.watch(str(folder))
        return server

    def _choose_watcher(self, server: LiveReloadServer, config: MkDocsConfig) -> None:
        choice = watcher.choose(self.settings.options.serve_watcher, config.docs_dir)
        not_done = watcher.use_native(server) if choice.kind == "native" else None
        if not_done:
            log.info("watching for edits by polling: %s (%s)", not_done, choice.reason)
        else:
            log.info("watching for edits by %s (%s)", "the system's change events" if choice.kind == "native"
                     else "polling", choice.reason)

    def _folders_read_outside(self, config: MkDocsConfig) -> list[Path]:
        """The project's folders that pages read from (shared includes in ``common/``) but serve does not
        watch: an edit there must rebuild the pages too."""
        root = self.settings.root
        watched = [Path(os.path.abspath(p)) for p in (config.docs_dir, *config.watch)]
        found = {root / rel.split("/", 1)[0] for rel in self.graph.all_sources()
                 if "/" in rel and not any((root / rel).is_relative_to(w) for w in watched)}
        return sorted(f for f in found if f.is_dir())

    def _rebuild_only_what_changed(self, rebuild: Callable[..., Any]) -> None:
        """Let serve rebuild only the pages an edit reaches (``sodocs.site.incremental``).

        MkDocs skips a page only in a ``--dirty`` build, and only by the page file's own time, which leaves
        the pages of an edited include stale. Its serve command calls the module's ``build`` by name, so the
        rebuilds after the first good one run as dirty builds, and this plugin says which files changed
        (``File.is_modified``) from what each page read. Without that name (another serve command) every
        rebuild stays a full one.
        """
        names = getattr(rebuild, "__globals__", None)
        build = names.get("build") if isinstance(names, dict) else None
        if not callable(build) or getattr(build, "sodocs_wrapped", False):
            return

        def build_only_what_changed(config: MkDocsConfig, *args: Any, dirty: bool = False, **kwargs: Any) -> Any:
            self.rebuild_some = self.stamps is not None and not self.dirty
            try:
                return build(config, *args, dirty=dirty or self.rebuild_some, **kwargs)
            finally:
                self.rebuild_some = False

        build_only_what_changed.sodocs_wrapped = True  # type: ignore[attr-defined]
        assert isinstance(names, dict)
        names["build"] = build_only_what_changed
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet_dirty_warning)

    def _quiet_dirty_warning(self, record: logging.LogRecord) -> bool:
        """MkDocs warns that a dirty build leaves stale pages; this plugin's dirty rebuilds leave none."""
        return not (self.rebuild_some and record.getMessage().startswith("A 'dirty' build is being performed"))

    def on_shutdown(self) -> None:
        self.reindex.wait()
        self._end_log()

    @event_priority(100)  # first, so the build log sees every warning MkDocs' strict counter sees
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.clock = phases.Clock()
        heap.full_collections().take()  # counted from here, for this build's summary
        if getattr(self, "stamps", None) is not None and getattr(self, "rebuild_some", False):
            heap.pause()  # a serve rebuild: partial unless on_files finds otherwise (it resumes then)
        self._begin_log(config.strict)
        self.unmapped: list[str] = []
        self._config = config
        self.settings: Settings = settings_.from_mkdocs(config, self.config)
        s = self.settings
        self.macros_broken = False
        self.earlier_project: Project | None = getattr(self, "project", None)
        self.project = s.project()
        if self.build_log is not None:
            self.build_log.docs_dir = self.project.docs_dir
        # `mkdocs serve` may hand the same config back: the nav made from toc.yml last time is still ours.
        self.nav_from_toc = config.nav is None or config.nav is getattr(self, "_toc_nav", None)
        # Pagefind answers the theme's search box; without the search plugin there is no box to answer.
        theme_search = _search_plugin(config)
        self.pagefind = s.options.search == "pagefind" and theme_search is not None
        if self.pagefind:
            _stop_lunr_index(config, theme_search)
            if search.SCRIPT not in [str(script) for script in config.extra_javascript]:
                config.extra_javascript.append(search.SCRIPT)
        self.languages: Languages = s.languages
        self.theme_words = _ThemeWords(config)
        if self.languages.several and LANGUAGE_SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(LANGUAGE_SCRIPT)
        self.features = frozenset(str(f) for f in config.theme.get("features") or ())
        self.theme_nav = _theme_nav_folder(config, self.features)
        self.nav_limit = max(0, s.options.nav_list_limit) if self.theme_nav is not None else 0
        lexers.install()
        self.upstream_links = UpstreamLinksExtension(s.options.upstream_url)
        config.markdown_extensions.append(self.upstream_links)  # type: ignore[arg-type]
        toc_config = config.mdx_configs.get("toc")
        self.permalink_title: str | None = toc_config.get("permalink_title") if isinstance(toc_config, dict) else None
        self.guard = GuardExtension()
        config.markdown_extensions.append(self.guard)  # type: ignore[arg-type]
        config.markdown_extensions.append(DocfxMarkdownExtension())  # type: ignore[arg-type]
        self._guard_theme_folder(config)
        for missing in missing_snippets(config.mdx_configs.get("pymdownx.snippets", {})):
            raise PluginError(f"{missing}: the snippet file that mkdocs.yml appends to every page is missing")
        for folder in (s.options.includes_dir, s.options.macros_dir, *{
                str(s.path(p).parent.relative_to(s.root)) for p in (s.options.plan_data, s.options.onboarding_data)}):
            if folder not in ("", ".") and s.path(folder).is_dir():
                config.watch.append(str(s.path(folder)))
        custom_dir = config.theme.custom_dir
        if custom_dir and inside(s.root, custom_dir) and os.path.isdir(custom_dir):
            # The project's own theme overrides are its sources too (MkDocs watches themes only when asked).
            config.watch.append(str(custom_dir))
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

    def _guard_theme_folder(self, config: MkDocsConfig) -> None:
        """Stop before MkDocs renders or copies a theme file that a symbolic link brings in from outside.

        Only a ``custom_dir`` inside the project is the writers' own; one outside it (a shared theme
        folder) is the site owner's choice, made in mkdocs.yml.
        """
        custom_dir = config.theme.custom_dir
        root = self.project.root
        if not custom_dir or not inside(root, custom_dir):
            return
        folder = os.path.relpath(os.path.realpath(custom_dir), root)
        diags = Diagnostics()
        refused = refused_files(self.project, links_in(self.project, folder), diags)
        if refused:
            report(diags)
            raise PluginError(f"the theme folder {folder}/ has {len(refused)} symbolic link(s) that lead out of the "
                              "project or nowhere (listed above); nothing was built")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.clock.mark("settings and file list")
        docs = self.project.docs_dir
        diags = Diagnostics()
        self._plan_rebuild(config)
        # Only the project's own files: the theme's come from the installed package, outside the project.
        docs_dir = os.path.abspath(config.docs_dir)
        own = {f"{docs}/{f.src_uri}": f for f in files
               if f.abs_src_path is not None and f.src_dir is not None and os.path.abspath(f.src_dir) == docs_dir}
        for rel in refused_files(self.project, sorted(own), diags):
            files.remove(own.pop(rel))
        all_files = frozenset(f"{docs}/{f.src_uri}" for f in files)
        published = frozenset(f"{docs}/{f.src_uri}" for f in files if f.inclusion.is_included())
        self._yaml_pages(files, config, diags)
        for f in [f for f in files if posixpath.basename(f.src_uri).lower() == toc.TOC_NAME]:
            files.remove(f)  # DocFX publishes the navigation, not its source
        pages: list[tuple[str, str]] = []
        documentation = set(files.documentation_pages())
        for rel, file in own.items():
            if file in documentation and not isinstance(file, YamlPageFile):
                text = self._read(rel, diags)
                if text is None:
                    files.remove(file)
                else:
                    pages.append((rel, text))
        self.front, uids, page_diags = index_pages(pages, self.front_memo)
        diags.extend(page_diags)
        self._confirm_partial()
        if self.rebuild.full:
            heap.resume()
            heap.thaw()
            self.settler = heap.Settler()
        if self.rebuild.full or self.upstream is None:
            found = Diagnostics()
            listed = self._upstream_list(found)
            paths = upstream_uids(listed.paths, docs, self.settings.upstream.docs_prefix) if listed else None
            self.upstream = (listed, paths, found)
        # A partial rebuild: the list is the file it was (a change to it rebuilds everything).
        self.listed, upstream_paths, found = self.upstream
        diags.extend(found)
        if upstream_paths is not None:
            uids.upstream = upstream_paths
        for page in self.yaml.values():
            for anchor in page.anchors:
                uids.add(anchor.uid, Target(page.path, anchor.title, Origin.at(page.path, anchor.line),
                                            anchor.fragment, dict(anchor.names)), diags)
        if self.nav_from_toc:
            self._nav_from_toc(files, config, all_files, published, uids, diags)
        self.links: dict[str, tuple[str, list[tuple[LinkRecord, str]]]] = {}
        served = {f"{docs}/{f.src_uri}" for f in files if not f.inclusion.is_excluded()}
        self.site = Site(self.project, served, self.settings.upstream, uids,
                         directory_urls=config.use_directory_urls, yaml_pages=frozenset(self.yaml))
        self.published_resources: set[str] = set()
        self.glossaries = self._glossaries(diags)
        self.ui: dict[str, UiText] = {}
        self.macros = {code: self._load_macros(diags if code == self.languages.default else None, code)
                       for code in self.languages.codes}
        report(diags)
        if diags.stops_build:
            if not self.serving:
                raise PluginError(f"the plan data or the macros have errors (listed above); nothing was built "
                                  f"and {self.final_site} was left as it was")
            self.macros_broken = True  # serve goes on, so the errors reach the pages' banner
        if self.pagefind and files.get_file_from_path(search.SCRIPT) is None:
            files.append(File.generated(config, search.SCRIPT, content=search.script()))
        if self.languages.several and files.get_file_from_path(LANGUAGE_SCRIPT) is None:
            files.append(File.generated(config, LANGUAGE_SCRIPT, content=language_switch.script()))
        self.files = self._trim(files, config)
        if self.rebuild.full or not hasattr(self, "page_dates"):
            self.page_dates = sitemap.git_dates(self.settings.root, [f"{docs}/{f.src_uri}" for f in
                                                                     files.documentation_pages()], docs)
        self._mark_what_to_build(self.files)
        if not self.rebuild.full:
            # The 404 page shows the navigation and the interface texts, which a partial rebuild leaves as
            # they were: the served one stays (rendering the whole navigation again was a quarter second).
            config.theme.static_templates.discard("404.html")
        if self.serving:
            log.debug("front matter parsed for %d pages, YAML pages %d (the rest as at the last build)",
                      self.front_memo.parsed, self.yaml_memo.parsed)
        for memo in (self.front_memo, self.yaml_memo):
            if self.serving:
                memo.sweep()
            else:
                memo.forget()
        if self.rebuild.full:
            heap.settle()  # the sources as read live to the end of the build
        self.clock.mark("reading the sources")
        return self.files

    def _plan_rebuild(self, config: MkDocsConfig) -> None:
        """Stamp the site's sources and decide what this build redoes (everything, but in a serve rebuild)."""
        s, root = self.settings, self.settings.root

        def rel(path: str | Path | None) -> str | None:
            full = Path(os.path.abspath(path)) if path else None
            return full.relative_to(root).as_posix() if full is not None and full.is_relative_to(root) else None

        theme = rel(config.theme.custom_dir)
        # What every page shows: the settings, the theme's templates, the interface texts, the upstream list.
        every_page = {p for p in (rel(config.config_file_path), s.options.ui_data, s.options.upstream_list) if p}
        folders = [s.docs_dir, s.options.includes_dir, s.options.macros_dir, *([theme] if theme else [])]
        single = [*every_page, s.options.plan_data, s.options.onboarding_data, *self.graph.all_sources()]
        stamps = incremental.stamp_tree(root, folders, single, [p for p in (rel(self.final_site),) if p])
        self.next_stamps = stamps
        macros = s.options.macros_dir.rstrip("/") + "/"
        # What a macro page is made from besides its text: the data and every template.
        self.macro_sources = frozenset({s.options.plan_data, s.options.onboarding_data, s.options.ui_data,
                                        *(p for p in stamps if p.startswith(macros))})
        self.next_graph = incremental.Graph()
        if not self.rebuild_some or self.stamps is None:
            self.rebuild = incremental.FULL_FIRST if self.stamps is None else incremental.Plan(True, "a full build")
            return
        yaml_pages_before = {p for p in self.graph.sources if p.endswith(".yml")}

        def affects_every_page(path: str) -> bool:
            return (path in every_page or path in yaml_pages_before
                    or posixpath.basename(path).lower() == toc.TOC_NAME
                    or (theme is not None and path.startswith(theme + "/")))

        self.rebuild = incremental.plan(incremental.compare(self.stamps, stamps), self.graph, affects_every_page)
        if not self.rebuild.full:
            self.next_graph = incremental.Graph(dict(self.graph.sources), dict(self.graph.shared))
            if self.earlier_project is not None:
                self.project.keep_texts(self.earlier_project, self.rebuild.changed)

    def _mark_what_to_build(self, files: Files) -> None:
        """A partial rebuild: MkDocs (in a dirty build) renders the pages and copies the files said modified."""
        if self.rebuild.full:
            if self.rebuild_some:  # a dirty build that must redo everything: every file counts as changed
                for file in files:
                    file.__dict__["is_modified"] = lambda: True
                log.info("%s", self.rebuild.summary())
            return
        docs, root = self.project.docs_dir, self.settings.root
        for file in files:
            if file.is_documentation_page():
                changed = f"{docs}/{file.src_uri}" in self.rebuild.pages
            elif file.generated_by is not None:
                changed = True  # the plugin's own scripts and the resources it publishes: small, always written
            else:
                src = Path(file.abs_src_path or "")
                changed = src.is_relative_to(root) and src.relative_to(root).as_posix() in self.rebuild.changed
            file.__dict__["is_modified"] = (lambda value: lambda: value)(changed)
        log.info("%s", self.rebuild.summary())

    def _confirm_partial(self) -> None:
        """A partial rebuild becomes a full one when a rebuilt page's title, uid, subtitle or status changed:
        the navigation and the xref link texts of other pages show them. Decided before the navigation is made
        (it may be kept)."""
        if self.rebuild.full:
            return
        for page in self.rebuild.pages:
            if page in self.front and incremental.shared_changed(self.graph, page, self._shared_of(page)):
                self.rebuild = incremental.Plan(True, f"{page}: what the other pages show of it changed (title, uid, "
                                                "subtitle or status)", changed=self.rebuild.changed)
                self.next_graph = incremental.Graph()
                return

    def _shared_of(self, rel: str) -> tuple[str, ...]:
        """What other pages show of a page: its title (navigation, xref link texts), its uid, and the subtitle
        and status its sidebar entry shows."""
        data = self.front[rel].data if rel in self.front else {}
        return tuple(str(data.get(key) or "") for key in ("title", "uid", "subtitle", "status"))

    def _trim(self, files: Files, config: MkDocsConfig) -> Files:
        """Leave out what readers never load: source maps and the search languages the site does not use."""
        lang = getattr(getattr(_theme_search(config), "config", None), "lang", None) or []
        needed = assets.lunr_files([lang] if isinstance(lang, str) else lang)
        docs = os.path.abspath(config.docs_dir)
        for file in list(files):
            from_theme = not os.path.abspath(file.abs_src_path or "").startswith(docs + os.sep)
            # The sitemap template is no longer rendered (see on_config); lunr's files are not loaded with Pagefind.
            lunr = self.pagefind and file.src_uri.startswith(search.THEME_SEARCH)
            if from_theme and (file.src_uri == "sitemap.xml" or lunr):
                files.remove(file)
            elif assets.unneeded(file.src_uri, needed):
                files.remove(file)
                if file.src_uri.endswith(".map"):
                    self.unmapped.append(file.dest_uri.removesuffix(".map"))
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
    def _yaml_pages(self, files: Files, config: MkDocsConfig, diags: Diagnostics) -> None:
        """DocFX YAML pages become pages; their stylesheet and script are served with the site."""
        self.yaml: dict[str, yaml_pages.YamlPage] = {}
        for f in list(files):
            if not f.src_uri.endswith(".yml") or posixpath.basename(f.src_uri).lower() == toc.TOC_NAME \
                    or not f.inclusion.is_included():
                continue
            rel = f"{self.project.docs_dir}/{f.src_uri}"
            source = self._read(rel, diags, "yaml-page")
            if source is None:
                continue
            page = self.yaml_memo.get(rel, source, partial(yaml_pages.load_page, rel, source), diags)
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

    def _upstream_list(self, diags: Diagnostics) -> UpstreamList | None:
        """The full documentation's file list, when the project has one; a damaged list is a message."""
        path = self.settings.upstream_list
        if not path.is_file():
            return None
        try:
            return UpstreamList.read(path)
        except UpstreamListError as exc:
            where = os.path.relpath(path, self.settings.root) if path.is_relative_to(self.settings.root) else str(path)
            diags.add(Origin.at(where, exc.line), "unreadable", exc.reason, "error")
            return None

    def _nav_from_toc(self, files: Files, config: MkDocsConfig, all_files: frozenset[str],
                      published: frozenset[str], uids: UidIndex, diags: Diagnostics) -> None:
        """No ``nav:`` in mkdocs.yml: the navigation is the docs' toc.yml tree."""
        docs = self.project.docs_dir
        s = self.settings

        def fallback(path: str) -> str | None:
            up = upstream_path(path, docs, s.upstream.docs_prefix)
            return upstream_url(up, s.upstream) if up is not None else None

        listed = self.listed

        def upstream_has(path: str) -> bool | None:
            up = upstream_path(path, docs, s.upstream.docs_prefix)
            if listed is None or up is None or not listed.is_covered(up):
                return None
            return up in listed.paths

        if self.rebuild.full or self.toc_nav is None:
            docset = toc.DocSet(
                docs, all_files, published, frozenset(f"{docs}/{f.src_uri}" for f in files.documentation_pages()),
                self.project.read, fallback, {uid: t.path for uid, t in uids.targets.items() if not t.fragment},
                upstream_has)
            tree = toc.build_nav(docset)
            nav = toc.mkdocs_nav(tree, docs, self._title_of, lambda t: escape(t)) if tree.tocs else None
            self.toc_nav = (tree, nav)
        else:
            # A partial rebuild changed no toc.yml, no file's presence, no title and no uid: what the
            # navigation is made of. The tree's problems are reported again, as every build reports them.
            tree, nav = self.toc_nav
        diags.extend(tree.diagnostics)
        self.expanded: set[str] = set()
        if nav is None:
            return
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

    def _load_macros(self, diags: Diagnostics | None, language: str) -> MacroRenderer:
        """Check the plan data first: a page is only rendered from data that passed every check.

        One renderer per language, its data texts in that language. The data is read once per language;
        ``diags`` None (every language but the default) keeps only what is that language's own (a missing
        translation): the rest was reported for the default language already.
        """
        s = self.settings
        mine = Diagnostics()
        codes = self.languages.codes
        variables: dict[str, Any] = {}
        functions: dict[str, Any] = {}
        plan_text = self._data(s.options.plan_data, "plan-data", mine)
        plans = load_plans(plan_text, s.options.plan_data, mine, language, codes) if plan_text is not None else None
        if plans is not None:
            variables, functions = macro_context(plans)
        elif plan_text is None:
            variables.update(missing_data(s.options.plan_data, PLAN_NAMES))
        steps_text = self._data(s.options.onboarding_data, "onboarding-data", mine)
        if steps_text is not None:
            variables["onboarding_steps"] = load_steps(steps_text, s.options.onboarding_data, mine, language,
                                                       codes) or []
        else:
            variables.update(missing_data(s.options.onboarding_data, ONBOARDING_NAMES))
        ui_text = self._data(s.options.ui_data, "ui-data", mine)
        reference = self.ui.get(self.languages.default) if language != self.languages.default else None
        ui = load_ui(ui_text, s.options.ui_data, language, mine, reference) if ui_text is not None else None
        if ui is not None:
            self.ui[language] = ui
            variables["ui_json"] = ui.for_script()
            functions.update(t=ui.text, count=ui.count)
        elif ui_text is None:
            variables.update(missing_data(s.options.ui_data, UI_NAMES))
        docs = self.project.docs_dir

        def translate(rel: str) -> str:
            if not rel.startswith(docs + "/"):
                return rel
            page = self.languages.translated_link(rel[len(docs) + 1:], language,
                                                  lambda p: f"{docs}/{p}" in self.site.files)
            return f"{docs}/{page}"

        renderer = MacroRenderer(s, variables, functions, translate if self.languages.several else None)
        mine.extend(renderer.diagnostics)
        if diags is not None:
            diags.extend(mine)
        else:
            diags_of_language = [d for d in mine if d.kind == "translation" or (ui is None and d.kind == "ui-data")]
            report(diags_of_language)
            if any(d.severity == "error" for d in diags_of_language):
                self.macros_broken = True
        return renderer

    def _glossaries(self, diags: Diagnostics) -> dict[str, str]:
        """Each language's glossary (abbreviation definitions appended to its pages), when the site has one."""
        rel = self.settings.options.glossary
        if not rel:
            return {}
        found: dict[str, str] = {}
        for code in self.languages.codes:
            path = rel if code == self.languages.default else glossary_for(rel, code)
            if self.project.contains(path) and self.settings.path(path).is_file():
                text = self._read(path, diags)
                if text is not None:
                    found[code] = text
            elif code == self.languages.default:
                diags.add(Origin.at(path, 0), "missing-file", "the glossary that mkdocs.yml names (glossary:) "
                          "is missing", "error")
            elif any(self.languages.language_of(rel.removeprefix(self.project.docs_dir + "/")) == code
                     for rel in self.front):
                diags.add(Origin.at(path, 0), "translation", f"the '{code}' pages have no glossary: write "
                          f"{path} (the definitions of {rel} in {code})", "warning")
        return found

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
        """The page's Markdown from the engine; what it read is kept, so serve knows when to redo it."""
        rel = f"{self.project.docs_dir}/{page.file.src_uri}"
        reads = {rel}
        self.project.reads = reads
        if self.build_log is not None:
            self.build_log.page = rel
        try:
            return self._page_markdown(rel, page, files)
        finally:
            self.project.reads = None
            self.next_graph.sources[rel] = frozenset(reads | self._other_sources(rel, page))
            self.next_graph.shared[rel] = self._shared_of(rel)

    def _other_sources(self, rel: str, page: Page) -> set[str]:
        """What a page is made from besides the files the engine read: its glossary, a macro page's data."""
        found = set()
        options = self.settings.options
        language = self.languages.language_of(page.file.src_uri)
        if options.glossary and language in self.glossaries:
            found.add(options.glossary if language == self.languages.default else glossary_for(options.glossary,
                                                                                                language))
        fm = self.front.get(rel)
        if fm is not None and fm.data.get("macros") is True:
            found |= self.macro_sources
        return found

    def _page_markdown(self, rel: str, page: Page, files: Files) -> str:
        config = self._config
        assert config is not None
        language = self.languages.language_of(page.file.src_uri)
        self._markdown_words(config, language)
        if rel in self.yaml:
            return self._yaml_page_markdown(rel, page, files)
        fm = self.front[rel]
        body, origins = fm.body, None
        if fm.data.get("macros") is True and not self.macros_broken:
            body, origins, macro_diags = self.macros[language].render(rel, fm.body, fm.body_line, page.url)
            report(macro_diags)
        result = render_page(self.site, rel, body, fm.body_line, origins, language)
        report(result.diagnostics)
        self.guard.problems.clear()
        self.origins = result.origins
        self._publish_resources(files, config)
        self.links[page.file.dest_uri] = (rel, [(r, self._href(r, page, files)) for r in result.links])
        escape_meta(page.meta)
        glossary = self.glossaries.get(language)
        # After the page's last line, as pymdownx.snippets' auto_append puts it: a definition list of its own.
        return f"{result.markdown}\n\n{glossary}" if glossary else result.markdown

    def _texts(self, language: str) -> dict[str, str]:
        ui = getattr(self, "ui", {}).get(language)
        return ui.texts if ui is not None else {}

    def _markdown_words(self, config: MkDocsConfig, language: str) -> None:
        """The words the conversion writes itself (the tooltip of a link to the full documentation, of a
        heading's permalink) in the page's language: data/ui.yml's, else mkdocs.yml's and the engine's."""
        texts = self._texts(language)
        self.upstream_links.title = texts.get("upstream_link_title", UPSTREAM_TITLE)
        toc_config = config.mdx_configs.get("toc")
        if isinstance(toc_config, dict) and self.permalink_title is not None:
            toc_config["permalink_title"] = texts.get("permalink_title", self.permalink_title)

    def _yaml_page_markdown(self, rel: str, page: Page, files: Files) -> str:
        yaml_page = self.yaml[rel]
        diags = Diagnostics()
        language = self.languages.language_of(page.file.src_uri)
        context = yaml_pages.Context(yaml_pages.labels_for(language), lambda uid: uid in self.site.uids.targets)
        rendered = yaml_pages.render(yaml_page, context, diags)
        report(diags)
        result = render_page(self.site, rel, rendered.markdown, 1, rendered.origins, language)
        report(result.diagnostics)
        self.links[page.file.dest_uri] = (rel, [(r, self._href(r, page, files)) for r in result.links])
        page.meta = dict(yaml_page.meta)
        escape_meta(page.meta)
        if not self.serving:
            # The parsed YAML (line-numbered) of the English docs' 591 pages was 90 MB held to the end of the
            # build; once the page is rendered only its title, metadata and anchors are asked for again.
            self.yaml[rel] = dataclasses.replace(yaml_page, data=None, source="")
        return result.markdown

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Each language its own navigation: a page shows the sections of its language, and its previous and
        next pages are of its language too. The sections keep the order the toc gives them.

        Another language's whole toc nested under one entry of the top toc (``- name: English``, ``href:
        en/toc.yml``) is that language's top bar entry in DocFX, its toc the sidebar of every page in it: here
        its entries are the top level of that language's navigation, as the default language's are of its own.
        """
        self.clock.mark("navigation (MkDocs)")
        nav = self._language_navigation(nav, config, files)
        self.clock.mark("navigation")
        return nav

    def _language_navigation(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.navs: dict[str, Navigation] = {}
        self.expanded_by_language: dict[str, set[str]] = {}
        if self.rebuild.full or not hasattr(self, "nav_entries"):
            # A partial rebuild keeps the last full build's sidebar entries: their titles, subtitles and
            # statuses are unchanged (else the rebuild is a full one), and the pages it does not read
            # have neither their metadata nor a title of their own (making them was 0.3 s of 1.3).
            self.nav_entries: dict[str, tuple[list[nav_html.Entry], dict[Hashable, nav_html.Entry]]] = {}
        self.page_files = {f.src_uri: f for f in files.documentation_pages()}
        self._nav_script(nav, config, files)
        if not self.languages.several:
            return nav
        groups: dict[str, list[tuple[int, Any]]] = {code: [] for code in self.languages.codes}
        for position, item in enumerate(nav.items, start=1):
            groups[self._language_of_item(item)].append((position, item))
        for code, entries in groups.items():
            pages = [p for p in nav.pages if self.languages.language_of(p.file.src_uri) == code]
            for before, after in zip([None, *pages], [*pages, None], strict=False):
                if before is not None:
                    before.next_page = after
                if after is not None:
                    after.previous_page = before
            expanded: set[str] = getattr(self, "expanded", set())
            root = self._language_root(code, entries, pages)
            if root is not None:
                items = list(root.children)
                for item in items:
                    item.parent = None  # the root entry is not shown: its entries are the top level
                inside = f"__nav_{entries[0][0]}_"
                toggles = {"__nav_" + toggle.removeprefix(inside) for toggle in expanded if toggle.startswith(inside)}
            else:
                items = [item for _, item in entries]
                # Material numbers a section's toggle by its place in the navigation the page shows.
                renumber = {f"__nav_{old}": f"__nav_{new}" for new, (old, _) in enumerate(entries, start=1)}
                toggles = {renumber[top] + rest for toggle in expanded
                           for top, rest in [_split_toggle(toggle)] if top in renumber}
            language_nav = Navigation(items, pages)
            home = self.languages.home(code, {p.file.src_uri for p in pages})
            language_nav.homepage = next((p for p in pages if p.file.src_uri == home), language_nav.homepage)
            self.navs[code] = language_nav
            self.expanded_by_language[code] = toggles
        return nav

    def _nav_script(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        """The script that shows a long list's hidden entries, for a site that has a list that long."""
        self.long_lists = bool(self.nav_limit) and nav_html.has_long_list(nav.items, self.nav_limit)
        if not self.long_lists:
            return
        if files.get_file_from_path(NAV_SCRIPT) is None:
            files.append(File.generated(config, NAV_SCRIPT, content=(
                resources.files("sodocs.site") / "assets" / "nav.js").read_text(encoding="utf-8")))
        if NAV_SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(NAV_SCRIPT)

    def _language_root(self, code: str, entries: list[tuple[int, Any]], pages: list[Page]) -> Section | None:
        """The one entry that holds every page of a language other than the default, when there is one."""
        if code == self.languages.default or len(entries) != 1 or not isinstance(entries[0][1], Section):
            return None
        section: Section = entries[0][1]
        held: set[int] = set()
        stack: list[Any] = list(section.children)
        while stack:
            node = stack.pop()
            if isinstance(node, Page):
                held.add(id(node))
            elif isinstance(node, Section):
                stack.extend(node.children)
        return section if pages and all(id(page) in held for page in pages) else None

    def _language_of_item(self, item: Any) -> str:
        """A navigation entry's language: that of its first page (a section of links only: the default)."""
        stack = [item]
        while stack:
            node = stack.pop(0)
            if isinstance(node, Page):
                return self.languages.language_of(node.file.src_uri)
            if isinstance(node, Section):
                stack = list(node.children) + stack
        return self.languages.default

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.clock.mark("reading pages")
        if self.rebuild.full:
            heap.settle()  # every page is read (and its Markdown made HTML): the pages live to the end
        env.bytecode_cache = self.templates
        if self.theme_nav is not None and env.loader is not None:
            own = (resources.files("sodocs") / "templates" / "nav.html").read_text(encoding="utf-8")
            env.loader = jinja2.ChoiceLoader([
                jinja2.DictLoader({"partials/nav.html": own}),
                jinja2.PrefixLoader({THEME_PREFIX: jinja2.FileSystemLoader(self.theme_nav)}), env.loader])
        return env

    def _sidebar(self, nav: Navigation, page: Page | None, base_url: str, language: str) -> nav_html.Rendered:
        """The navigation's list items on ``page`` (None: the 404 page, which shows the whole navigation of
        a site of several languages), made by nav_html."""
        if page is None:  # the 404 page is made once, in full builds only: its entries are not kept
            top, entries = nav_html.from_items(nav.items, _page_key)
        else:
            found = self.nav_entries.get(language)
            if found is None:  # once a full build: every page is read by now
                found = self.nav_entries[language] = nav_html.from_items(nav.items, _page_key)
            top, entries = found
        expanded = self.expanded_by_language.get(language) if self.languages.several else getattr(
            self, "expanded", None)
        texts = self.ui.get(language) if hasattr(self, "ui") else None

        def words(key: str, default: str) -> Callable[[int], str]:
            def text(n: int) -> str:
                if texts is not None and key in texts.texts and "page" in texts.counts:
                    return str(escape(texts.text(key, pages=texts.count(n, "page"))))
                return str(escape(default.format(pages=f"{n} page" if n == 1 else f"{n} pages")))
            return text

        toc_entries = list(page.toc) if page is not None else []
        if toc_entries and toc_entries[0].level == 1:
            toc_entries = list(toc_entries[0].children)
        href = partial(normalize_url, page=page, base=base_url)
        status = self._config.extra.get("status") if self._config is not None else None
        options = nav_html.Options(
            "navigation.sections" in self.features, "navigation.prune" in self.features, self.nav_limit,
            frozenset(expanded or ()), {k: str(v) for k, v in status.items()} if isinstance(status, dict) else {})
        return nav_html.render(top, nav_html.Page(
            entries.get(_page_key(page)) if page is not None else None, bool(toc_entries), href,
            href(f"_sodocs/nav.{language}.json")), options, nav_html.Words(
            words("nav_more_before", "Show {pages} above"), words("nav_more_after", "Show {pages} below")))

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """The theme speaks the page's language: ``<html lang>``, its own words, the site's name, the switcher."""
        if self.build_log is not None:
            self.build_log.page = f"{self.project.docs_dir}/{page.file.src_uri}"
        language = self.languages.language_of(page.file.src_uri)
        if self.theme_nav is not None:
            shown = self.navs.get(language, nav) if self.languages.several else nav
            context["so_nav"] = self._sidebar(shown, page, context["base_url"], language)  # type: ignore[typeddict-unknown-key]
        if not self.languages.several:
            return context
        ui = self.ui.get(language)
        texts = ui.texts if ui is not None else {}
        self.theme_words.apply(config, language, {k: v for k, v in texts.items()
                                                  if k in (*_SITE_TEXTS, "palette_to_dark", "palette_to_light")})
        context["config"] = config
        if language in self.navs:
            context["nav"] = self.navs[language]
        config.extra["alternate"] = self._switcher(page.file.src_uri, language)
        return context

    def _switcher(self, src_uri: str, language: str) -> language_switch.Switcher:
        pages = self.page_files

        def url_of(src: str) -> str:
            return pages[src].url

        def ui_text(code: str, key: str, fallback: str) -> str:
            ui = self.ui.get(code)
            return ui.texts.get(key, fallback) if ui is not None else fallback

        return language_switch.switcher(
            self.languages, src_uri, pages, url_of, lambda code: ui_text(code, "language_name", code),
            lambda code: ui_text(code, "language_untranslated", ""),
            ui_text(language, "language_select", "Language"), "")

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.rebuild.full:
            self.settler.tick()
        rel = f"{self.project.docs_dir}/{page.file.src_uri}"
        for problem in self.guard.problems:
            origin = self.origins[problem.index] if problem.index is not None and problem.index < len(self.origins) \
                else Origin.at(rel, 0)
            log.error("%s", Diagnostic(origin, "markdown", problem.message, "error"))
        if self.build_log is not None:
            self.build_log.page = None
        badges = badges_html(self._meta(rel), self.languages.language_of(page.file.src_uri))
        html = quiet_tab_labels(html)
        head, sep, tail = html.partition("</h1>")
        return head + sep + badges + tail if sep else badges + html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.build_log is not None:
            self.build_log.page = None
        if self.pagefind:
            output = search.take_over_dialog(search.mark_body(output))
        language = self.languages.language_of(page.file.src_uri)
        output = name_search_dialog(output, str(escape(self._texts(language).get("search_dialog_name",
                                                                                     SEARCH_DIALOG_NAME))))
        expanded = getattr(self, "expanded", None) if self.theme_nav is None else None  # else nav_html's
        if expanded and self.languages.several:
            expanded = self.expanded_by_language.get(self.languages.language_of(page.file.src_uri))
        return toc.open_expanded(output, expanded) if expanded else output

    def on_template_context(self, context: TemplateContext, /, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        """The 404 page says it in every language of the site, each with a link to that language's home."""
        if template_name != "404.html":
            return context
        if self.theme_nav is not None and context.get("nav") is not None:
            context["so_nav"] = self._sidebar(  # type: ignore[typeddict-unknown-key]
                context["nav"], None, context["base_url"], self.languages.default)
        if not self.languages.several:
            return context
        entries = []
        for code in self.languages.codes:
            ui = self.ui.get(code)
            home = self.languages.home(code, self.page_files)
            if ui is None or home is None or "not_found_title" not in ui.texts:
                continue
            before, _, after = ui.texts.get("not_found_hint", "{home}").partition("{home}")
            entries.append({key: escape(value) for key, value in {
                "language": code, "title": ui.texts["not_found_title"], "text": ui.texts.get("not_found_text", ""),
                "before": before, "after": after, "home_link": ui.texts.get("not_found_home", home),
                "home": self.page_files[home].url}.items()})
        context["so_not_found"] = entries  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page (a static template, so no on_post_page) has the same search box as every page."""
        if template_name != "404.html":
            return output_content
        if self.pagefind:
            output_content = search.take_over_dialog(output_content)
        return name_search_dialog(output_content)

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
        self.clock.mark("pages")
        site = Path(config.site_dir)
        if not self.rebuild.full:
            self._publish_some(site)
            return
        pages = ((dest, link_report.ReportedPage(src, tuple(
            link_report.ReportedLink(href, str(r.origin), tuple((f.path, f.line, f.column) for f in r.origin.frames),
                                     r.written, r.kind, r.upstream, r.image, r.target) for r, href in records)))
            for dest, (src, records) in sorted(self.links.items()))  # made as they are written
        published = bool(self.settings.options.link_report)  # opted into publishing it with the site
        report_path = self.settings.link_report_for(site) if published else self.output.report_path(
            self.settings.link_report)
        link_report.write_pages(report_path, pages)
        self._write_sitemap(config, site)
        self._write_nav_lists(site)
        if self.settings.options.check_links:
            self._check_links(site, report_path)
        if self.pagefind and not (self.build_log is not None and self.build_log.failed):
            self._index_search(site)
        build_log = self._end_log()
        try:
            if build_log is None or not build_log.failed:
                try:
                    self.output.succeed(site, report_path, None if published else self.settings.link_report,
                                        self.unmapped)
                except output.OutputError as exc:
                    raise PluginError(str(exc)) from None
                log.info("The site is in %s", self.final_site)
                self._served(build_log)
                return
            if self.output.fail(build_log.problems):
                self._served(build_log)
            if not self.serving and build_log.errors:
                raise PluginError(f"the build has {build_log.summary()} (listed above); "
                                  f"{self.final_site} was left as it was")
            if not self.serving:
                log.info("%s was left as it was", self.final_site)  # MkDocs aborts for strict mode next
        finally:
            self._restore(config)
            self.clock.mark("link report, link check, search and publishing")
            log.info("built in %s", self.clock.summary(heap.full_collections().take()))
            heap.settle()  # in serve, what this build made lives until the next build (the next full one thaws it)

    def _write_nav_lists(self, site: Path) -> None:
        """The entries each long navigation list leaves out, per language, for nav.js."""
        if not getattr(self, "long_lists", False):
            return
        for language, (top, _) in getattr(self, "nav_entries", {}).items():
            path = site / "_sodocs" / f"nav.{language}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(nav_html.lists_json(top, self.nav_limit, nav_html.plain_text), encoding="utf-8")

    def _publish_some(self, site: Path) -> None:
        """A serve rebuild of some pages: merge them into the served ones, then index the search anew in the
        background (the page is shown at once; search follows within seconds). The problems of the pages not
        rebuilt still count, as their last rendering found them. The whole-site link check waits for the
        next full build; each rebuilt page's links were checked as the engine read them."""
        build_log = self._end_log()
        try:
            if build_log is None:
                return
            build_log.carry(p for page, problems in self.page_problems.items() if page not in self.rebuild.pages
                            for p in problems)
            if build_log.failed:
                if self.output.fail(build_log.problems, partial=True):
                    self._served(build_log)
                return
            try:
                self.output.succeed(site, site, None, self.unmapped, partial=True)
            except output.OutputError as exc:
                self.stamps = None
                raise PluginError(str(exc)) from None
            self._served(build_log)
            if self.pagefind and self.final_site is not None:
                self.reindex.request(self.final_site)
        finally:
            heap.resume()
            self.clock.mark("publishing")
            log.info("rebuilt in %s", self.clock.summary(heap.full_collections().take()))
            assert self._config is not None
            self._restore(self._config)

    def _served(self, build_log: BuildLog | None) -> None:
        """This build's pages are the served ones: the next serve rebuild starts from what it read."""
        self.stamps, self.graph = self.next_stamps, self.next_graph
        # Files outside the stamped folders that pages read for the first time (shared includes in common/)
        unstamped = self.graph.all_sources() - self.stamps.keys()
        if unstamped:
            self.stamps = {**self.stamps, **incremental.stamp_tree(self.settings.root, [], unstamped)}
        found = build_log.by_page if build_log is not None else {}
        if self.rebuild.full:
            self.page_problems = dict(found)
        else:
            for page in self.rebuild.pages:
                self.page_problems[page] = found.get(page, [])

    @event_priority(-100)  # last: the Abort below ends the event, and every other plugin cleans up first
    def on_build_error(self, *, error: Exception) -> None:
        """An exception anywhere in the build: the previous site stays (in serve, with the problem shown)."""
        heap.resume()
        self.stamps = None
        build_log = self._end_log()
        problems = build_log.problems if build_log is not None else []
        message = str(error) or type(error).__name__
        if self.output.staging is not None:
            self.output.fail(problems + ([message] if message not in problems else []), crashed=True)
        if self._config is not None:
            self._restore(self._config)
        if isinstance(error, OSError) and self.final_site is not None:
            reason = output.reason(error)
            log.error("%s: the build could not write its output (%s); the previous site is unchanged",
                      self.final_site, reason)
            if not self.serving:
                # MkDocs re-raises an OSError as a traceback; a full disk is the machine's state, not a bug.
                raise Abort(f"Aborted: {self.final_site} could not be written ({reason})")

    def _restore(self, config: MkDocsConfig) -> None:
        """Callers after the build (gh-deploy, `sodocs check --build`) read site_dir: the final one; and
        mkdocs.yml's own words, which the pages of another language replaced while they were rendered."""
        if self.final_site is not None:
            config.site_dir = str(self.final_site)
        if getattr(self, "theme_words", None) is not None and self.languages.several:
            self.theme_words.restore(config)
            config.extra.pop("alternate", None)
        if getattr(self, "upstream_links", None) is not None:
            self._markdown_words(config, self.languages.default)

    def _begin_log(self, strict: bool) -> None:
        self._end_log()
        self.build_log = BuildLog(strict)
        _top_logger().addHandler(self.build_log)

    def _end_log(self) -> BuildLog | None:
        build_log, self.build_log = self.build_log, None
        if build_log is not None:
            _top_logger().removeHandler(build_log)
        return build_log

    def _meta(self, rel: str) -> dict[str, Any]:
        """A page's front matter as the writer wrote it (``page.meta`` is escaped for the theme)."""
        if rel in self.front:
            return dict(self.front[rel].data)
        return dict(self.yaml[rel].meta) if rel in self.yaml else {}

    def _write_sitemap(self, config: MkDocsConfig, site: Path) -> None:
        if not config.site_url:
            return
        entries = []
        for file in self.files.documentation_pages():
            if file.page is None or not file.page.canonical_url:
                continue
            data = self._meta(f"{self.project.docs_dir}/{file.src_uri}")
            if sitemap.indexed(data):
                rel = f"{self.project.docs_dir}/{file.src_uri}"
                entries.append(sitemap.Entry(file.page.canonical_url,
                                             sitemap.front_matter_date(data) or self.page_dates.get(rel),
                                             self._alternates(file.src_uri)))
        (site / "sitemap.xml").write_text(sitemap.render(entries), encoding="utf-8")

    def _alternates(self, src_uri: str) -> tuple[tuple[str, str], ...]:
        """Every language version of a page with its absolute address, when it has a translation."""
        if not self.languages.several:
            return ()
        found = []
        for code in self.languages.codes:
            other = self.languages.counterpart(src_uri, code, self.page_files)
            page = self.page_files[other].page if other is not None else None
            if page is not None and page.canonical_url:
                found.append((code, page.canonical_url))
        return tuple(found) if len(found) > 1 else ()

    def _index_search(self, site: Path) -> None:
        """Index the staged site before it is published: a failure keeps the previous site and its index."""
        try:
            stats = search.build_index(site)
        except search.SearchIndexError as exc:
            raise PluginError(f"{exc}; {self.final_site} was left as it was") from None
        log.info("%s", stats.summary())

    def _check_links(self, site: Path, report_path: Path) -> None:
        s = self.settings
        try:
            result = check_site(Options(site, s, UpstreamList.read(s.upstream_list)
                                        if s.upstream_list.is_file() else None, link_report=report_path))
        except (link_report.LinkReportError, SiteError, UpstreamListError) as exc:
            raise PluginError(str(exc)) from None
        for notice in result.notices:
            log.info("%s", notice)
        for problem in result.problems:
            log.warning("%s: broken link %r: %s", problem.source, problem.written, problem.reason)
