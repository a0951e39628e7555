"""The one typed settings object every part of sodocs reads: the plugin, the CLI, the macros and the checker.

The plugin's options and their defaults are declared here once (``Options``); ``from_mkdocs`` builds the
whole ``Settings`` from a loaded MkDocs configuration, so ``sodocs check -f mkdocs.yml`` sees exactly what the
build saw. This module does not import MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from .core.languages import Languages
from .core.project import Project
from .core.upstream import UpstreamConfig
from .site.watcher import WATCHER_SETTINGS, WatcherSetting

UrlStyle = Literal["html", "folder"]
SearchEngine = Literal["pagefind", "material"]
SEARCH_ENGINES: tuple[SearchEngine, ...] = ("pagefind", "material")


@dataclass(frozen=True)
class Options:
    """The ``sodocs`` plugin's options in ``mkdocs.yml``; each default is written here and nowhere else."""

    upstream_url: str = "https://docs.superoffice.com/"
    """Base URL of the full public documentation, where links to pages this site lacks go."""
    upstream_docs_prefix: str = "docs/"
    """The upstream repository folder that ``docs_dir`` stands for."""
    upstream_url_style: UrlStyle = "html"
    """How upstream pages are addressed: ``html`` (``a/b.html``) or ``folder`` (``a/b/``)."""
    includes_dir: str = "includes"
    """Project folder of shared include files (``includes/x.md`` written in any page finds it)."""
    macros_dir: str = "macros"
    """Project folder of Jinja macro files (``*.j2``), loaded for pages with ``macros: true``."""
    plan_data: str = "data/plans.yml"
    """Project file with the plan facts that the plan macros render."""
    onboarding_data: str = "data/onboarding.yml"
    """Project file with the first-steps checklist."""
    ui_data: str = "data/ui.yml"
    """Project file with the interface strings (per language) of the plan tables, explorer and checklist."""
    upstream_list: str = "data/upstream-paths.txt"
    """Project file listing every file of the full documentation, to check fallback links offline."""
    link_report: str = ""
    """Where the build writes every link with its source position. Empty: beside the site, as
    ``<site_dir>.links.json`` (``site.links.json`` for ``site/``), so it is never published; a path is taken
    relative to ``site_dir`` and published with the site (opt-in)."""
    check_links: bool = False
    """Check every link of the built site at the end of the build (a broken link fails ``--strict``)."""
    languages: tuple[str, ...] = ()
    """The site's languages besides the theme's (``theme.language``, the default): ``[en]`` makes the pages
    under ``<docs_dir>/en/`` English, with a language switcher in the header, hreflang alternates and a search
    index of their own. Empty: every page is in the theme's language."""
    glossary: str = ""
    """Project file of abbreviation definitions (``*[SAINT]: …``) appended to every page, so each term gets its
    tooltip; a page in another language gets ``<name>.<lang>.md`` beside it (``includes/glossary.en.md``)."""
    nav_list_limit: int = 40
    """The most entries a list of the navigation sidebar shows (Material's theme without tabs, indexes or
    expand): a longer list shows this many around the page, and a link before and after them shows the
    rest in place (or, without JavaScript, leads on to the nearest page left out). 0: every entry."""
    serve_watcher: WatcherSetting = "auto"
    """How ``mkdocs serve`` sees edits: ``native``, the system's change events (at once, no work in between);
    ``polling``, MkDocs' own look at every file twice a second (works on network and virtual-machine shares);
    ``auto``, native where the project is on a local disk of a Linux machine, polling elsewhere."""
    search: SearchEngine = "pagefind"
    """What answers the theme's search box (when mkdocs.yml has the ``search`` plugin): ``pagefind``, an index
    per page language that readers load in small chunks, or ``material``, the theme's own lunr index."""


def option_names() -> list[str]:
    return [f.name for f in fields(Options)]


@dataclass(frozen=True)
class Settings:
    """Everything the generator knows about one project; paths in ``options`` are project-relative."""

    root: Path  # the project folder (where mkdocs.yml is), symbolic links resolved
    docs_dir: str  # project-relative, e.g. "content"
    site_dir: Path
    options: Options = field(default_factory=Options)
    theme_overrides: Path | None = None  # the theme's custom_dir, for naming templates in link problems
    base_path: str = "/"  # the path part of site_url: where the site is served
    language: str = "en"  # the theme's language (theme.language): picks the section of the interface strings

    @property
    def upstream(self) -> UpstreamConfig:
        o = self.options
        return UpstreamConfig(o.upstream_url, o.upstream_docs_prefix, o.upstream_url_style)

    @property
    def languages(self) -> Languages:
        return Languages.of(self.language, self.options.languages)

    def project(self) -> Project:
        """The file sandbox for this project (includes, macros and data are read through it)."""
        return Project(self.root, self.docs_dir, self.options.includes_dir)

    def path(self, rel: str) -> Path:
        """A project-relative option as a path."""
        return self.root / rel

    @property
    def link_report(self) -> Path:
        return self.link_report_for(self.site_dir)

    def link_report_for(self, site: Path) -> Path:
        """The link report of the site built at ``site``."""
        if self.options.link_report:
            return site / self.options.link_report
        site = Path(os.path.abspath(site))
        return site.with_name(site.name + ".links.json")

    @property
    def upstream_list(self) -> Path:
        return self.path(self.options.upstream_list)


def options_from(values: Any) -> Options:
    """``Options`` from any object that has the option names as attributes (the plugin's typed config)."""
    if values is None:
        return Options()
    data = {name: getattr(values, name) for name in option_names() if hasattr(values, name)}
    if data.get("upstream_url_style") not in (None, "html", "folder"):
        raise ValueError(f"upstream_url_style must be 'html' or 'folder', not {data['upstream_url_style']!r}")
    if data.get("search") not in (None, *SEARCH_ENGINES):
        raise ValueError(f"search must be one of {', '.join(SEARCH_ENGINES)}, not {data['search']!r}")
    if data.get("serve_watcher") not in (None, *WATCHER_SETTINGS):
        raise ValueError(f"serve_watcher must be one of {', '.join(WATCHER_SETTINGS)}, not {data['serve_watcher']!r}")
    if "languages" in data:
        listed = data["languages"] or ()
        if isinstance(listed, str) or not all(isinstance(code, str) and code.strip() for code in listed):
            raise ValueError(f"languages must be a list of language codes (e.g. [en]), not {listed!r}")
        data["languages"] = tuple(listed)
    return Options(**data)


def from_mkdocs(config: Any, plugin_options: Any = None) -> Settings:
    """Settings from a loaded MkDocs config (typed ``Any``: this module must not import MkDocs).

    ``plugin_options`` is the sodocs plugin's config; when not given it is looked up in ``config.plugins``,
    and a configuration without the plugin gets the defaults.
    """
    if plugin_options is None:
        plugin = config.plugins.get("sodocs") if config.plugins is not None else None
        plugin_options = getattr(plugin, "config", None)
    root = Path(os.path.realpath(Path(config.config_file_path or os.getcwd()).resolve().parent))
    docs_dir = os.path.relpath(os.path.realpath(config.docs_dir), root).replace(os.sep, "/")
    custom_dir = config.theme.custom_dir if config.theme is not None else None
    return Settings(
        root=root,
        docs_dir=docs_dir,
        site_dir=Path(config.site_dir),
        options=options_from(plugin_options),
        theme_overrides=Path(custom_dir) if custom_dir else None,
        base_path=urlsplit(config.site_url or "/").path or "/",
        language=str((config.theme.get("language") if config.theme is not None else None) or "en"),
    )
