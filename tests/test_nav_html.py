"""The navigation sidebar nav_html writes: Material's markup for the entries a page shows, a window on a
long list with links to the rest, and the list file the script reads the rest from.

(That the markup is Material's own, element for element, is checked against the theme's template on a
built site in tests/test_navigation.py.)"""

from __future__ import annotations

import json

import pytest
from selectolax.lexbor import LexborHTMLParser

from sodocs.site import nav_html
from sodocs.site.nav_html import Entry, Options, Page, Words
from tests.helpers import attr, one


@pytest.mark.parametrize(("count", "at", "limit", "expected"), [
    (10, 3, 0, (0, 10)),      # no limit: everything
    (10, 3, 10, (0, 10)),     # exactly the limit: everything
    (10, None, 4, (0, 4)),    # no entry of the page in the list: its beginning
    (100, 50, 10, (45, 55)),  # the page in the middle of its window
    (100, 0, 10, (0, 10)),    # at the start: the window does not run before the first entry
    (100, 2, 10, (0, 10)),
    (100, 99, 10, (90, 100)),  # at the end: nor after the last
    (100, 96, 10, (90, 100)),
    (11, 5, 10, (0, 10)),
    (11, 10, 10, (1, 11)),
])
def test_window(count: int, at: int | None, limit: int, expected: tuple[int, int]) -> None:
    start, end = nav_html.window(count, at, limit)
    assert (start, end) == expected
    assert end - start == min(count, limit or count)
    if at is not None:
        assert start <= at < end


def _section(title: str, *children: Entry) -> Entry:
    return Entry(title, children=list(children))


def _page(title: str, url: str) -> Entry:
    return Entry(title, url, True)


def _site(long: int = 12) -> list[Entry]:
    return nav_html.tree([
        _page("Home", ""),
        _section("Guide",
                 _page("Start", "guide/"),
                 _section("Reference", *[_page(f"Item {i}", f"guide/ref/{i}/") for i in range(long)]),
                 _section("Other", _page("Other start", "guide/other/"), _page("Other 2", "guide/other/2/"))),
        _section("Extra &amp; more", _page("Extra", "extra/")),
        Entry("Upstream", "https://example.com/docs/"),
    ])


def _words() -> Words:
    return Words(lambda n: f"{n} before", lambda n: f"{n} after")


def _render(top: list[Entry], current: Entry | None, limit: int = 0, has_toc: bool = False,
            expanded: frozenset[str] = frozenset(), prune: bool = True) -> LexborHTMLParser:
    def href(url: str) -> str:
        return url if "://" in url else "/" + url

    page = Page(current, has_toc, href, "/_sodocs/nav.en.json")
    rendered = nav_html.render(top, page, Options(True, prune, limit, expanded), _words())
    html = rendered.before + ("<nav class='toc-here'></nav>" if rendered.toc else "") + rendered.after
    return LexborHTMLParser(f"<ul>{html}</ul>")


def _texts(tree: LexborHTMLParser, selector: str) -> list[str]:
    return [node.text(strip=True) for node in tree.css(selector)]


def test_tree_numbers_the_toggles_as_the_theme_does() -> None:
    top = _site()
    assert [e.path for e in top] == ["__nav_1", "__nav_2", "__nav_3", "__nav_4"]
    assert [e.path for e in top[1].children] == ["__nav_2_1", "__nav_2_2", "__nav_2_3"]
    assert top[1].children[1].children[3].parent is top[1].children[1]


def test_a_page_shows_its_sections_open_and_the_others_as_links_to_their_first_page() -> None:
    top = _site()
    current = top[1].children[2].children[1]  # Guide > Other > Other 2
    tree = _render(top, current)
    active = tree.css("li.md-nav__item--active")
    assert [one(li, "label, a").text(strip=True) for li in active] == ["Guide", "Other", "Other 2"]
    assert "checked" in one(tree, "input#__nav_2_3").attributes
    # Reference, a section the page is not in, is one link to its first page, with the theme's classes.
    pruned = tree.css("li.md-nav__item--pruned")
    assert [(li.text(strip=True), one(li, "a").attributes["href"]) for li in pruned] == [
        ("Reference", "/guide/ref/0/")]
    assert pruned[0].attributes["class"] == "md-nav__item md-nav__item--pruned md-nav__item--nested"
    # A top-level section is a section heading (no tab stop), open whether or not the page is in it.
    extra = one(tree, "label#__nav_3_label")
    assert extra.attributes["tabindex"] == "" and extra.text(strip=True) == "Extra & more"
    assert "checked" not in one(tree, "input#__nav_3").attributes
    assert "md-nav__item--section" in attr(one(tree, "li:has(> input#__nav_3)"), "class")
    assert one(tree, "label#__nav_2_3_label").attributes["tabindex"] == "0"
    assert one(tree, "nav[aria-labelledby=__nav_2_3_label]").attributes["aria-expanded"] == "true"
    assert one(tree, "nav[aria-labelledby=__nav_3_label]").attributes["aria-expanded"] == "false"
    here = tree.css("a.md-nav__link--active")
    assert [(a.text(strip=True), a.attributes["href"]) for a in here] == [("Other 2", "/guide/other/2/")]
    assert _texts(tree, "a[href='https://example.com/docs/']") == ["Upstream"]


def test_without_prune_every_section_is_written_whole() -> None:
    tree = _render(_site(), None, prune=False)
    assert tree.css("li.md-nav__item--pruned") == []
    assert len(tree.css("a[href^='/guide/ref/']")) == 12


def test_expanded_sections_are_open() -> None:
    tree = _render(_site(), None, expanded=frozenset({"__nav_3"}))
    assert "checked" in one(tree, "input#__nav_3").attributes
    assert "checked" not in one(tree, "input#__nav_2").attributes


def test_the_current_page_with_a_table_of_contents_gets_its_toggle_label_and_the_toc() -> None:
    top = _site()
    with_toc = _render(top, top[0], has_toc=True)
    li = one(with_toc, "li.md-nav__item--active")
    assert [child.tag for child in li.iter()] == ["input", "label", "a", "nav"]
    assert one(li, "label").attributes["for"] == "__toc"
    without = one(_render(top, top[0]), "li.md-nav__item--active")
    assert [child.tag for child in without.iter()] == ["input", "a"]


def test_a_long_list_shows_a_window_around_the_page_and_links_to_the_rest() -> None:
    top = _site(long=30)
    reference = top[1].children[1]
    current = reference.children[20]
    tree = _render(top, current, limit=10)
    shown = _texts(tree, "input#__nav_2_2 ~ nav > ul > li:not(.so-nav-more)")
    assert shown == [f"Item {i}" for i in range(15, 25)]
    before, after = tree.css("li.so-nav-more a")
    assert before.text(strip=True) == "15 before" and after.text(strip=True) == "5 after"
    # Without the script, each leads to the nearest page it stands for.
    assert before.attributes["href"] == "/guide/ref/14/" and after.attributes["href"] == "/guide/ref/25/"
    for link in (before, after):
        assert link.attributes["data-so-nav"] == "__nav_2_2"
        assert link.attributes["data-so-nav-range"] == "15 25"
        assert link.attributes["data-so-nav-src"] == "/_sodocs/nav.en.json"
    # The window keeps the theme's toggle ids: an entry is numbered by its place in the whole list.
    assert one(tree, "a.md-nav__link--active").text(strip=True) == "Item 20"


def test_the_top_list_and_short_lists_are_never_cut() -> None:
    top = nav_html.tree([_page(f"Top {i}", f"t{i}/") for i in range(20)])
    assert len(_render(top, top[19], limit=5).css("li")) == 20
    assert _render(_site(), None, limit=3).css("li.so-nav-more") == []  # no list longer than 3 but the top


def test_the_list_file_holds_every_entry_of_each_cut_list_as_text() -> None:
    top = _site(long=30)
    top[1].children[1].children[3].title = "A &lt;b&gt; &amp; c"
    lists = json.loads(nav_html.lists_json(top, 10, nav_html.plain_text))
    assert list(lists) == ["__nav_2_2"]
    entries = lists["__nav_2_2"]
    assert len(entries) == 30
    assert entries[0] == ["Item 0", "guide/ref/0/", 0]
    assert entries[3][0] == "A <b> & c"  # the script sets it as text: the characters, not markup
    assert json.loads(nav_html.lists_json(top, 0, nav_html.plain_text)) == {}
    assert json.loads(nav_html.lists_json(top, 2, nav_html.plain_text))["__nav_2"] == [
        ["Start", "guide/", 0], ["Reference", "guide/ref/0/", 1], ["Other", "guide/other/", 1]]


@pytest.mark.parametrize(("features", "supported"), [
    ([], True),
    (["navigation.sections", "navigation.prune", "navigation.instant"], True),
    (["navigation.tabs"], False),
    (["navigation.indexes"], False),
    (["navigation.expand"], False),
])
def test_supported_features(features: list[str], supported: bool) -> None:
    assert nav_html.supports(features) is supported


def test_past_the_limit_the_top_level_sections_a_page_is_not_in_are_links_to_their_first_page() -> None:
    def site() -> list[Entry]:
        return nav_html.tree([_section(f"Part {p}", *[_page(f"P{p} {i}", f"p{p}/{i}/") for i in range(4)])
                              for p in range(3)])

    top = site()
    # The other two parts hold 8 entries: under a limit of 8 they are shown open, as Material shows them.
    tree = _render(top, top[0].children[1], limit=8)
    assert tree.css("li.md-nav__item--pruned") == []
    assert len(tree.css("li.md-nav__item--section")) == 3
    # Past it, only the page's own part is open; the others are one link each to their first page.
    tree = _render(top, top[0].children[1], limit=7)
    assert [(a.text(strip=True), attr(a, "href")) for a in tree.css("li.md-nav__item--pruned > a")] == [
        ("Part 1", "/p1/0/"), ("Part 2", "/p2/0/")]
    assert [attr(li, "class") for li in tree.css("li.md-nav__item--section")] == [
        "md-nav__item md-nav__item--active md-nav__item--section md-nav__item--nested"]
    assert len(tree.css("a[href^='/p0/']")) == 4
    # Without prune the site's owner asked for every entry on every page.
    assert _render(top, top[0].children[1], limit=7, prune=False).css("li.md-nav__item--pruned") == []
