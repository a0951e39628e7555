"""The navigation of a site deeper than this one, built with the project's own ``mkdocs.yml``.

A page carries its own part of the navigation only (as Material's ``navigation.prune`` does), so pages do not grow
with every page added elsewhere; but from any page a reader still reaches every entry of each section the page is
in, and, link by link, every page of the site.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from importlib import resources
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from selectolax.lexbor import LexborNode

from tests.helpers import ROOT, Build, attr, build_site, one, write_tree

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
    # "Salg" open from the start (toc.yml's expanded: true), so the sidebar's open sections are compared too.
    return [{"href": target} if isinstance(target, str) else
            {"name": title, "items": _toc(target), **({"expanded": True} if title == "Salg" else {})}
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


def _project(tmp_path_factory: pytest.TempPathFactory, tree: list[Entry], name: str) -> Path:
    project = tmp_path_factory.mktemp(name)
    for folder in ("site_overrides", "includes", "macros", "data"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copytree(ROOT / "content" / "assets", project / "content" / "assets")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    write_tree(project, {f"content/{src}": f"---\ntitle: {title}\n---\n# {title}\n\nTekst om {title.lower()}.\n"
                         for title, src in _pages(tree)})
    (project / "content" / "toc.yml").write_text(yaml.safe_dump({"items": _toc(tree)}, allow_unicode=True),
                                                 encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def deep_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = _project(tmp_path_factory, TREE, "deep-nav")
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


def reachable(build: Build) -> set[str]:
    """Every page reached by following the primary navigation's links from the home page."""
    seen, todo = {"index.html"}, ["index.html"]
    while todo:
        links, _active = nav_links(build, todo.pop())
        todo += sorted(links - seen)
        seen |= links
    return seen


def test_following_the_navigation_from_the_home_page_reaches_every_page(deep_site: Build) -> None:
    assert reachable(deep_site) == {_built(src) for _title, src in _pages(TREE)}


def test_a_page_carries_no_deeper_entries_of_sections_it_is_not_in(deep_site: Build) -> None:
    links, _active = nav_links(deep_site, _built("service/kunder.md"))
    assert "salg/tilbud/nyt/index.html" not in links and "salg/muligheder/faser/index.html" not in links
    assert "salg/tilbud/index.html" in links  # the collapsed section's own page
    assert "Word-skabeloner" not in one(deep_site.html("service/kunder/index.html"), "nav.md-nav--primary").text()


# -- the sidebar is Material's own markup ----------------------------------------------------------------------

def _outline(node: LexborNode, page: str) -> list[str]:
    """An element tree as lines of tag, attributes and text: the same for markup that differs in whitespace
    between tags and in how a link is written (../b/ from a/ is b/ from the root), nothing else."""
    lines: list[str] = []

    def walk(n: LexborNode, depth: int) -> None:
        if n.tag == "-text":
            text = re.sub(r"\s+", " ", n.text(deep=False)).strip()
            if text:
                lines.append("  " * depth + repr(text))
            return
        if n.tag is None or n.tag.startswith("-"):
            return
        attrs = {k: v for k, v in n.attributes.items()}
        if attrs.get("href") is not None:
            attrs["href"] = urljoin("http://site/" + page, attrs["href"])
        lines.append("  " * depth + f"{n.tag} {sorted(attrs.items(), key=lambda kv: kv[0])}")
        child = n.child
        while child is not None:
            walk(child, depth + 1)
            child = child.next

    walk(node, 0)
    return lines


def test_the_sidebar_is_the_markup_materials_template_writes(tmp_path_factory: pytest.TempPathFactory,
                                                             deep_site: Build) -> None:
    # The same site with the theme's own partials/nav.html as an override: the site then leaves the
    # navigation to the theme's template.
    project = _project(tmp_path_factory, TREE, "deep-nav-material")
    theme = resources.files("material") / "templates" / "partials" / "nav.html"
    (project / "site_overrides" / "partials" / "nav.html").write_text(theme.read_text(encoding="utf-8"),
                                                                      encoding="utf-8")
    by_theme = build_site(project, project / "site")
    assert by_theme.returncode == 0, by_theme.log
    assert not (by_theme.site / "_sodocs" / "nav.da.json").exists()  # the sidebar was the theme's
    for built in [_built(src) for _title, src in _pages(TREE)]:
        ours = _outline(one(deep_site.html(built), "nav.md-nav--primary"), built)
        theirs = _outline(one(by_theme.html(built), "nav.md-nav--primary"), built)
        assert ours == theirs, built
    assert any("checked" in line and "__nav_2'" in line for line in ours)  # the expanded section
    # The 404 page too, where the expanded section is now open as on every other page (the theme's
    # template is given the toc's expanded sections after a page is written, and the 404 page is not one).
    ours = _outline(one(deep_site.html("404.html"), "nav.md-nav--primary"), "404.html")
    theirs = _outline(one(by_theme.html("404.html"), "nav.md-nav--primary"), "404.html")
    opened = [line.replace("('checked', None), ", "") if "'__nav_2'" in line else line for line in ours]
    assert opened != ours and opened == theirs


# -- a long list ---------------------------------------------------------------------------------------------

LIMIT = 6
REPORTS: list[tuple[str, str]] = [(f"Rapport {i:02}", f"rapporter/r{i:02}.md") for i in range(25)]
LONG_TREE: list[Entry] = [*TREE, ("Rapporter", list[Entry](REPORTS))]


def long_project(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """The deep site with a long section and a limit of LIMIT entries a list (tests/test_browser.py too)."""
    project = _project(tmp_path_factory, LONG_TREE, name)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    limited = config.replace("  - sodocs:\n", f"  - sodocs:\n      nav_list_limit: {LIMIT}\n")
    assert limited != config
    (project / "mkdocs.yml").write_text(limited, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = long_project(tmp_path_factory, "long-nav")
    build = build_site(project, project / "site")
    assert build.returncode == 0, build.log
    assert build.warnings == []
    return build


def _section_list(build: Build, built: str) -> list[LexborNode]:
    nav = one(build.html(built), "nav.md-nav--primary")
    label = next(node for node in nav.css("label.md-nav__title") if node.text(strip=True) == "Rapporter")
    ul = label.next
    while ul is not None and ul.tag != "ul":
        ul = ul.next
    assert ul is not None
    return [li for li in ul.iter() if li.tag == "li"]


def test_a_long_list_shows_a_window_around_the_page_and_the_list_file_holds_the_rest(long_site: Build) -> None:
    lists = json.loads((long_site.site / "_sodocs" / "nav.da.json").read_text(encoding="utf-8"))
    for index, (title, src) in enumerate(REPORTS):
        built = _built(src)
        items = _section_list(long_site, built)
        entries = [li for li in items if "so-nav-more" not in attr(li, "class")]
        more = [one(li, "a") for li in items if "so-nav-more" in attr(li, "class")]
        assert len(entries) == LIMIT, built
        assert title in [li.text(strip=True) for li in entries]
        # The window is centred on the page but for the first and last few, which get one link, not two.
        assert len(more) == (1 if index <= LIMIT // 2 or index >= len(REPORTS) - LIMIT // 2 else 2), built
        hidden = len(REPORTS) - LIMIT
        counted = sum(int(re.sub(r"\D", "", a.text())) for a in more)
        assert counted == hidden, built  # "Vis 3 sider ovenfor", "Vis 16 sider nedenfor"
        owner = {attr(a, "data-so-nav") for a in more}
        assert len(owner) == 1
        src_file = urljoin("http://site/" + built, attr(more[0], "data-so-nav-src"))
        assert src_file == "http://site/_sodocs/nav.da.json"
        listed = lists[owner.pop()]
        assert [entry[0] for entry in listed] == [t for t, _ in REPORTS]
        assert [urljoin("http://site/", entry[1]) for entry in listed] == [
            urljoin("http://site/", _built(s).removesuffix("index.html")) for _, s in REPORTS]


def test_without_the_script_the_more_links_lead_on_to_every_page_of_a_long_list(long_site: Build) -> None:
    assert reachable(long_site) == {_built(src) for _title, src in _pages(LONG_TREE)}
    first = _built(REPORTS[0][1])
    assert f"{len(REPORTS) - LIMIT} sider" in " ".join(a.text() for a in _section_list(long_site, first))
