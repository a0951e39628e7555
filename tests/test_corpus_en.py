"""Proof on the real docs: the English SuperOffice documentation builds with the project's settings.

The user help (``docs/en`` without ``automation/`` and ``database/``, about 1,740 pages) is built by the default
suite (marked ``corpus``: ``-m "not corpus"`` leaves it out); the whole folder (about 4,360 pages) is marked
``slow`` and runs with ``-m slow``. What each asserts:

* the build ends with no traceback, only with the errors it reports (the docs have true mistakes);
* no page shows DocFX syntax or Markdown raw, except where Markdig shows it raw too: DocFX syntax that
  CommonMark makes part of an HTML block (the build says so at the page), Markdown that CommonMark's reference
  parser leaves raw as well (an unclosed ``**``, a stray ``]`` in ``[text]][1]``, ``Address[*][]`` in a YAML
  page's HTML table);
* the link checker, with the corpus's own list of upstream files, finds at most a few dozen problems, each
  named at a Markdown line: mistakes in the upstream text (listed with the build's output by ``-s``).
"""

from __future__ import annotations

import logging
import posixpath
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.corpus_en import (
    CORPUS_EN,
    USER_HELP_LEFT_OUT,
    CorpusBuild,
    build_corpus,
    markdig_shows,
    raw_syntax,
    source_of,
)

pytestmark = pytest.mark.skipif(not (CORPUS_EN / "docs").is_dir(), reason=f"{CORPUS_EN} is absent: the proof "
                                "on the real English docs needs ../shared beside the project")

# DocFX syntax may show raw only where CommonMark makes it part of an HTML block (Markdig shows it raw too),
# and only when the build said so at the page; Markdown may show raw only where CommonMark's reference parser
# shows it raw as well (an unclosed **, a stray bracket: the upstream text's mistakes).
_DOCFX = {"[!include", "[!code", "[!ALERT]", "xref:"}
_SAID_FOR_DOCFX = re.compile(r"belongs to an HTML block")
_SAID_HIDDEN = re.compile(r"<template> is never closed")


@pytest.fixture(scope="module")
def user_help(tmp_path_factory: pytest.TempPathFactory) -> CorpusBuild:
    build = build_corpus(tmp_path_factory.mktemp("user-help") / "site", USER_HELP_LEFT_OUT)
    print(f"\nuser help: {build.pages} pages built and checked in {build.seconds:.0f} s")
    _print_summary(build)
    return build


def _print_summary(build: CorpusBuild) -> None:
    for kind, messages in sorted(build.diagnostic_kinds().items(), key=lambda item: -len(item[1])):
        print(f"{len(messages):5d}  {kind}")
        for example in messages[:3]:
            print(f"         e.g. {example}")
    for problem in build.problems:
        print(f"  link problem: {problem.source}: {problem.written!r}: {problem.reason}"
              + (f" (on {problem.pages} pages)" if problem.pages > 1 else ""))


def _assert_proof(build: CorpusBuild, min_pages: int, max_problems: int) -> None:
    assert build.pages >= min_pages
    assert not [m for m in build.messages(logging.ERROR, logging.CRITICAL) if "Traceback" in m]
    assert build.aborted is None or "Aborted with a BuildError" in build.aborted, build.aborted
    # Every raw sighting is one Markdig makes as well, and the build told the writer where.
    said: dict[str, list[str]] = {}
    for message in build.messages(logging.WARNING, logging.INFO):
        page = message.split(":", 1)[0]
        page = page.removeprefix("docs/").removesuffix(".md").removesuffix(".yml").removesuffix("/index")
        said.setdefault(page, []).append(message)
    unexplained = []
    for page, hits in raw_syntax(build.site).items():
        told = said.get(source_of(page), [])
        for hit in hits:
            explained = any(_SAID_FOR_DOCFX.search(m) for m in told) if hit in _DOCFX else markdig_shows(page, hit)
            if not explained:
                unexplained.append(f"{page}: {hit}")
    assert unexplained == []
    # At most a few dozen link problems, every one at a Markdown line (none from the generator's templates).
    assert len(build.problems) <= max_problems
    # The only exception: a page whose own text hides the headings its table of contents links to (an unclosed
    # <template>, as DocFX publishes it too), which the build names at the YAML line.
    hidden = {page for page, told in said.items() if any(_SAID_HIDDEN.search(m) for m in told)}
    assert [p.source for p in build.problems if p.path is None and source_of(p.page) not in hidden] == []


@pytest.mark.corpus
def test_user_help_builds_without_raw_syntax_and_with_few_link_problems(user_help: CorpusBuild) -> None:
    _assert_proof(user_help, min_pages=1700, max_problems=40)


@pytest.mark.corpus
def test_user_help_publishes_the_shared_icons_and_include_images(user_help: CorpusBuild) -> None:
    site: Path = user_help.site
    assert any((site / "common" / "icons").glob("*.png"))
    assert any(site.glob("en/**/includes/media/*"))
    assert not list(site.glob("en/**/includes/*.html")) and not (site / "en" / "automation").exists()


@pytest.mark.corpus
def test_user_help_toc_entries_all_resolve(user_help: CorpusBuild) -> None:
    toc_errors = [m for m in user_help.messages(logging.ERROR) if re.match(r"\S*toc\.yml:\d+", m)]
    assert toc_errors == []


@pytest.mark.corpus
def test_user_help_every_page_is_in_the_navigation_or_named_as_unlisted(user_help: CorpusBuild) -> None:
    """Every built page is linked from the navigation of some page (with a pruned navigation, from the pages
    of its own section), or is one of the pages the build names as in no toc.yml."""
    site: Path = user_help.site
    built = {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}
    in_nav = set()
    for page in built:
        folder = posixpath.dirname(page)
        html = LexborHTMLParser((site / page).read_text(encoding="utf-8"))
        for link in html.css("nav.md-nav--primary a.md-nav__link[href]"):
            href = (link.attributes.get("href") or "").split("#", 1)[0]
            if href and "://" not in href:
                path = posixpath.normpath(posixpath.join(folder, href))
                in_nav.add(path if path.endswith(".html") else posixpath.normpath(f"{path}/index.html"))
    unlisted = [int(m.group(1)) for m in map(re.compile(r"(\d+) page\(s\) are in no toc\.yml").search,
                                            user_help.messages(logging.INFO)) if m]
    assert len(built) >= 1700 and len(in_nav & built) >= 1500
    assert unlisted, "the build names the pages that are in no toc.yml"
    assert len(built - in_nav) == sum(unlisted), sorted(built - in_nav)[:20]


@pytest.mark.slow
def test_whole_docs_folder_builds_the_same_way(tmp_path: Path) -> None:
    build = build_corpus(tmp_path / "site", [])
    print(f"\nwhole folder: {build.pages} pages built and checked in {build.seconds:.0f} s")
    _print_summary(build)
    _assert_proof(build, min_pages=4300, max_problems=120)
