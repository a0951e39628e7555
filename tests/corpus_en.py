"""Build the English SuperOffice docs (../shared, test data only) with the project's own settings.

The docset's folder is the project, as the folder that holds ``docfx.json`` is for DocFX: includes, code
snippets and the shared ``common/`` icons are read from it. Everything else is the project's ``mkdocs.yml``:
its theme, Markdown extensions and sodocs options; only the docs folder, the pages left out, the output folder
and the list of upstream files (the corpus's own ``PATHS.txt``) differ.
"""

from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selectolax.lexbor import LexborHTMLParser

from sodocs.linkcheck.check import Options, Problem, check_site
from sodocs.linkcheck.upstream_list import UpstreamList
from sodocs.settings import from_mkdocs
from tests.helpers import ROOT, SHARED

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

CORPUS_EN = SHARED / "corpus" / "superoffice-docs-en"
PATHS = CORPUS_EN / "PATHS.txt"
USER_HELP_LEFT_OUT = ["/en/automation/", "/en/database/"]
ABSENT = f"the English corpus {CORPUS_EN} is absent (../shared is not beside the project)"

# DocFX syntax that must never reach a reader, and Markdown that Python-Markdown would have left raw.
RAW = {
    "[!include": re.compile(r"\[!include", re.I),
    "[!code": re.compile(r"\[!code", re.I),
    "[!ALERT]": re.compile(r"\[!(?:NOTE|TIP|IMPORTANT|CAUTION|WARNING)\]", re.I),
    # An unresolved reference link shows as `[text][label]` or `[text][]`. Two empty pairs, `[][]`, are never
    # one: CommonMark has no empty label, so `NSLocalizedField[][]` (a CRMScript type, in the reference pages'
    # names, types and summaries) is literal text in DocFX's output as well, and in ours.
    "][": re.compile(r"(?<!\[)\]\[|\]\[(?!\])"),
    "xref:": re.compile(r"xref:"),
    "``` as text": re.compile(r"^\s*(?:```|~~~)", re.M),
    "**": re.compile(r"\*\*\S"),
    "## heading": re.compile(r"^\s*#{2,6} \S", re.M),
}


@dataclass
class CorpusBuild:
    site: Path
    seconds: float
    records: list[logging.LogRecord]
    aborted: str | None  # the build's closing message when it ended with errors (upstream mistakes do)
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0

    def messages(self, *levels: int) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno in levels]

    def diagnostic_kinds(self) -> dict[str, list[str]]:
        """Each engine message by its kind (the words that stay when paths and names are taken out)."""
        kinds: dict[str, list[str]] = {}
        for record in self.records:
            if record.levelno < logging.WARNING or not record.name.startswith("mkdocs.plugins.sodocs"):
                continue
            message = record.getMessage()
            text = re.sub(r"'[^']*'|\"[^\"]*\"|\S*/\S*|\[[^\]]*\]|\d+", "…", message.split(": ", 1)[-1])
            kinds.setdefault(f"{record.levelname.lower()}: {text[:90]}", []).append(message)
        return kinds


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def corpus_config(out: Path, left_out: list[str], *, sodocs: bool = True, prune: bool = False,
                  corpus: Path = CORPUS_EN, **overrides: Any) -> MkDocsConfig:
    """The project's ``mkdocs.yml`` pointed at the corpus; ``sodocs=False`` is stock Material (the same file
    without the plugin, the navigation made from the folders), ``prune`` adds Material's ``navigation.prune``.
    ``corpus``: another copy of it (the serve benchmark edits one); ``overrides``: more mkdocs.yml settings."""
    from mkdocs.config import load_config
    from pathspec.gitignore import GitIgnoreSpec

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # The project's search options, as mkdocs.yml has them; only the sodocs entry is left out.
    if not sodocs:
        overrides["plugins"] = {"search": {"lang": "da"}}
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(out), **overrides)
    config.config_file_path = str(corpus / "mkdocs.yml")  # the docset's folder is the project
    config["docs_dir"] = str(corpus / "docs")
    config["nav"] = None  # the navigation comes from the docset's toc.yml files (or, without sodocs, folders)
    config["exclude_docs"] = GitIgnoreSpec.from_lines(["includes/", *left_out])
    config["extra_css"], config["extra_javascript"] = [], []  # the site's own assets live in its content/
    config.theme["logo"], config.theme["favicon"] = None, "assets/images/favicon.png"  # (Material's own)
    if prune and "navigation.prune" not in config.theme["features"]:
        config.theme["features"].append("navigation.prune")
    config["mdx_configs"]["pymdownx.snippets"]["base_path"] = [str(ROOT / "includes")]
    if sodocs:
        plugin = config.plugins["sodocs"]
        plugin.config.upstream_list = str(corpus / PATHS.name)
        plugin.config.glossary = ""  # the site's Danish glossary is this project's, not the docset's
        plugin.config.link_report = "_sodocs/links.json"
        plugin.config.check_links = False  # the caller checks, or sets it
    return config


def run_build(config: MkDocsConfig) -> tuple[list[logging.LogRecord], str | None]:
    """Build in place (a build with errors keeps its pages); the log records and the closing message when
    the build ended with errors (upstream mistakes do)."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)  # the info messages (pages in no toc.yml) are part of the proof
    logger.addHandler(collect)
    aborted = None
    try:
        config.plugins.on_startup(command="build", dirty=True)
        try:
            build(config, dirty=True)
        except Abort as exc:  # the errors are logged; Abort is how MkDocs ends a build that has some
            aborted = str(exc)
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(collect)
        logger.setLevel(level)
    return collect.records, aborted


def build_corpus(out: Path, left_out: list[str]) -> CorpusBuild:
    """Build the corpus into ``out`` (written in place, errors or not) and check every link of it."""
    start = time.perf_counter()
    config = corpus_config(out, left_out)
    records, aborted = run_build(config)
    result = CorpusBuild(out, time.perf_counter() - start, records, aborted)
    settings = from_mkdocs(config, config.plugins["sodocs"].config)
    report = check_site(Options(out, settings, UpstreamList.read(PATHS)))
    result.problems, result.pages = report.problems, report.pages
    return result


def raw_syntax(site: Path) -> dict[str, list[str]]:
    """Built page -> the raw syntax seen in its article text (code and preformatted text left out)."""
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        article = LexborHTMLParser(page.read_text(encoding="utf-8")).css_first("article")
        if article is None:
            continue
        for node in article.css("code, pre, script, style"):
            node.decompose()
        text = article.text()
        hits = [name for name, pattern in RAW.items() if pattern.search(text)]
        if hits:
            found[page.relative_to(site).as_posix()] = hits
    return found


def source_of(built: str) -> str:
    """``en/a/b/index.html`` -> ``en/a/b`` (the page's Markdown is ``en/a/b.md`` or ``en/a/b/index.md``)."""
    return built.removesuffix("index.html").rstrip("/")


def markdig_shows(built: str, hit: str) -> bool:
    """True when CommonMark's reference parser (Markdig follows it) shows ``hit`` raw on this page as well.

    The page's Markdown, its includes written in, is rendered by commonmark.py; if the same raw text is in
    what a reader sees there, DocFX shows it too: a mistake in the upstream text, not the generator's.
    """
    import commonmark

    from sodocs.core.project import Project
    from sodocs.diagnostics import Diagnostics
    from sodocs.docfx import frontmatter, yaml_pages
    from sodocs.docfx.includes import expand
    from sodocs.docfx.text import Text

    project = Project(CORPUS_EN, "docs", "includes")
    stem = "docs/" + source_of(built)
    source = next((c for c in (stem + ".md", stem + "/index.md", stem + ".yml") if project.is_file(c)), None)
    if source is None:
        return False
    if source.endswith(".yml"):
        # A DocFX YAML page: its Markdown fields (a summary, remarks with an HTML table) as the page renders
        # them, its names and types as the literal text DocFX's template shows.
        page = yaml_pages.load_page(source, project.read(source), Diagnostics())
        if page is None:
            return False
        markdown = yaml_pages.render(page, yaml_pages.Context(), Diagnostics()).markdown
    else:
        fm = frontmatter.split(project.read(source), source)
        markdown = expand(project, source, Text.from_file(source, fm.body, fm.body_line), Diagnostics()).markdown()
    tree = LexborHTMLParser(commonmark.commonmark(markdown))
    for node in tree.css("code, pre, script, style"):
        node.decompose()
    body = tree.body
    return body is not None and bool(RAW[hit].search(body.text()))
