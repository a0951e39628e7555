"""The navigation of a site deeper than this one, built with the project's own ``mkdocs.yml``.

A page carries its own part of the navigation only (as Material's ``navigation.prune`` does), so pages do not grow
with every page added elsewhere; but from any page a reader still reaches every entry of each section the page is
in, and, link by link, every page of the site.
"""

from __future__ import annotations

import posixpath
import shutil

import pytest
import yaml

from tests.helpers import ROOT, Build, build_site, one, write_tree

# (title, page) or (title, [entries]): the first entry of a section is its own page.
Entry = tuple[str, str | list["Entry"]]
TREE: list[Entry] = [
    ("Forside", "index.md"),
    ("Salg", [
        ("Om salg", "salg/index.md"),
        ("Tilbud", [
            ("Om tilbud", "salg/tilbud/index.md"),
            ("Nyt tilbud", "salg/tilbud/nyt.md"),
            ("Skabeloner", [
                ("Om skabeloner", "salg/tilbud/skabeloner/index.md"),
                ("Word-skabeloner", "salg/tilbud/skabeloner/word.md"),
            ]),
            ("Godkendelse", "salg/tilbud/godkendelse.md"),
        ]),
        ("Salgsmuligheder", [
            ("Om salgsmuligheder", "salg/muligheder/index.md"),
            ("Faser", "salg/muligheder/faser.md"),
        ]),
        ("Rapporter om salg", "salg/rapporter.md"),
    ]),
    ("Service", [
        ("Om service", "service/index.md"),
        ("Sager", [
            ("Om sager", "service/sager/index.md"),
            ("Ny sag", "service/sager/ny.md"),
        ]),
        ("Kunder", "service/kunder.md"),
    ]),
]


def _pages(entries: list[Entry]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for title, target in entries:
        out += [(title, target)] if isinstance(target, str) else _pages(target)
    return out


def _first_page(target: str | list[Entry]) -> str:
    return target if isinstance(target, str) else _first_page(target[0][1])


def _toc(entries: list[Entry]) -> list[dict[str, object]]:
    return [{"href": target} if isinstance(target, str) else {"name": title, "items": _toc(target)}
            for title, target in entries]


def _built(source: str) -> str:
    return "index.html" if source == "index.md" else source.removesuffix(".md").removesuffix("/index") + "/index.html"


def _sections_of(page: str, entries: list[Entry]) -> list[list[Entry]] | None:
    """The entry lists from the top down to the one that holds ``page`` itself."""
    for _title, target in entries:
        if target == page:
            return [entries]
        if isinstance(target, list) and (inner := _sections_of(page, target)) is not None:
            return [entries, *inner]
    return None


@pytest.fixture(scope="module")
def deep_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = tmp_path_factory.mktemp("deep-nav")
    for folder in ("site_overrides", "includes", "macros", "data"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copytree(ROOT / "content" / "assets", project / "content" / "assets")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    write_tree(project, {f"content/{src}": f"---\ntitle: {title}\n---\n# {title}\n\nTekst om {title.lower()}.\n"
                         for title, src in _pages(TREE)})
    (project / "content" / "toc.yml").write_text(yaml.safe_dump({"items": _toc(TREE)}, allow_unicode=True),
                                                 encoding="utf-8")
    build = build_site(project, project / "site")
    assert build.returncode == 0, build.log
    assert build.warnings == []
    return build


def nav_links(build: Build, built: str) -> tuple[set[str], set[str]]:
    """The pages the primary navigation of ``built`` links to, and the ones it marks as this page."""
    nav = one(build.html(built), "nav.md-nav--primary")
    here = posixpath.dirname(built)
    links: set[str] = set()
    active: set[str] = set()
    for a in nav.css("a.md-nav__link[href]"):
        href = (a.attributes.get("href") or "").split("#", 1)[0]
        path = posixpath.normpath(posixpath.join(here, href))
        target = "index.html" if path == "." else f"{path}/index.html" if href.endswith("/") or href in (".", "./") \
            else path
        links.add(target)
        if "md-nav__link--active" in (a.attributes.get("class") or ""):
            active.add(target)
    return links, active


def test_every_page_reaches_every_entry_of_each_section_it_is_in(deep_site: Build) -> None:
    for _title, src in _pages(TREE):
        sections = _sections_of(src, TREE)
        assert sections is not None
        links, active = nav_links(deep_site, _built(src))
        assert active == {_built(src)}, src
        # An entry that is a section is reached through its first page: its link, or the section laid open.
        wanted = {_built(_first_page(target)) for entries in sections for _t, target in entries}
        assert wanted <= links, (src, sorted(wanted - links))


def test_following_the_navigation_from_the_home_page_reaches_every_page(deep_site: Build) -> None:
    seen, todo = {"index.html"}, ["index.html"]
    while todo:
        links, _active = nav_links(deep_site, todo.pop())
        todo += sorted(links - seen)
        seen |= links
    assert seen == {_built(src) for _title, src in _pages(TREE)}


def test_a_page_carries_no_deeper_entries_of_sections_it_is_not_in(deep_site: Build) -> None:
    links, _active = nav_links(deep_site, _built("service/kunder.md"))
    assert "salg/tilbud/nyt/index.html" not in links and "salg/muligheder/faser/index.html" not in links
    assert "salg/tilbud/index.html" in links  # the collapsed section's own page
    assert "Word-skabeloner" not in one(deep_site.html("service/kunder/index.html"), "nav.md-nav--primary").text()
