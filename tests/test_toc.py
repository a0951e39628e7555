"""toc.yml trees -> one navigation tree, with DocFX's semantics; every mistake is ``toc.yml:line: message``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sodocs.docfx.toc import (
    DocSet,
    NavItem,
    NavLink,
    NavPage,
    NavTree,
    build_nav,
    mkdocs_nav,
    open_expanded,
    unlisted_message,
)


def docset(files: dict[str, str], unpublished: tuple[str, ...] = ()) -> DocSet:
    def read(path: str) -> str:
        return files[path]

    published = frozenset(p for p in files if not p.startswith(unpublished))
    pages = frozenset(p for p in published if p.endswith(".md") or (p.endswith(".yml") and "toc.yml" not in p))
    return DocSet("docs", frozenset(files), published, pages, read,
                  fallback=lambda p: "https://up.example/" + p.removeprefix("docs/"),
                  uids={"the-uid": "docs/b.md"},
                  upstream_has=lambda p: True if p == "docs/api/x.md" else False if p.startswith("docs/api/") else None)


def outline(items: list[NavItem] | tuple[NavItem, ...]) -> list[object]:
    """The tree as a reader sees it: titles (None = the page's own) and where each entry leads."""
    out: list[object] = []
    for item in items:
        if isinstance(item, NavPage):
            out.append(f"{item.title} -> {item.path}")
        elif isinstance(item, NavLink):
            out.append(f"{item.title} => {item.url or item.path}")
        else:
            head = f"{item.title} [{item.page}]" + (" (expanded)" if item.expanded else "")
            out.append({head: outline(item.children)})
    return out


def messages(tree: NavTree) -> list[str]:
    return [str(d) for d in tree.diagnostics]


PAGES = {f"docs/{name}": f"# {name}\n" for name in ("index.md", "a.md", "b.md", "sub/index.md", "sub/c.md")}

CASES: list[tuple[str, dict[str, str], list[object], list[str]]] = [
    ("names, pages, children and expanded",
     {"docs/toc.yml": "items:\n- name: Home\n  href: index.md\n- name: Group\n  expanded: true\n  items:\n"
                      "  - href: a.md\n  - name: B\n    href: b.md\n"},
     ["Home -> docs/index.md", {"Group [None] (expanded)": ["None -> docs/a.md", "B -> docs/b.md"]}], []),
    ("a list at the top works like items:",
     {"docs/toc.yml": "- name: A\n  href: a.md\n"}, ["A -> docs/a.md"], []),
    ("a nested toc.yml is expanded in place; its hrefs are relative to it",
     {"docs/toc.yml": "- name: Sub\n  href: sub/toc.yml\n  topicHref: sub/index.md\n",
      "docs/sub/toc.yml": "- name: C\n  href: c.md\n- name: Up\n  href: ../a.md\n"},
     [{"Sub [docs/sub/index.md]": ["C -> docs/sub/c.md", "Up -> docs/a.md"]}], []),
    ("href to a folder means its toc.yml",
     {"docs/toc.yml": "- name: Sub\n  href: sub/\n", "docs/sub/toc.yml": "- name: C\n  href: c.md\n"},
     [{"Sub [None]": ["C -> docs/sub/c.md"]}], []),
    ("href to a folder without a toc.yml means its index page",
     {"docs/toc.yml": "- name: Sub\n  href: sub/\n"}, ["Sub -> docs/sub/index.md"], []),
    ("href to a page with items: the section's own page",
     {"docs/toc.yml": "- name: S\n  href: sub/index.md\n  items:\n  - name: C\n    href: sub/c.md\n"},
     [{"S [docs/sub/index.md]": ["C -> docs/sub/c.md"]}], []),
    ("the section's page again as its first child is the same entry",
     {"docs/toc.yml": "- name: S\n  href: a.md\n  items:\n  - name: Overview\n    href: a.md\n"
                      "  - name: B\n    href: b.md\n"},
     [{"S [docs/a.md]": ["B -> docs/b.md"]}], []),
    ("external links, xref and uid",
     {"docs/toc.yml": "- name: Ext\n  href: https://example.com/x\n- name: X\n  href: xref:the-uid\n"
                      "- name: U\n  uid: the-uid\n"},
     ["Ext => https://example.com/x", "X -> docs/b.md"],
     ["docs/toc.yml:6: page 'b.md' is listed twice (first at docs/toc.yml:4); the navigation keeps the first"]),
    ("a YAML page is a page",
     {"docs/toc.yml": "- name: Hub\n  href: hub.yml\n", "docs/hub.yml": "### YamlMime:Category\ntitle: Hub\n"},
     ["Hub -> docs/hub.yml"], []),
    ("a missing page",
     {"docs/toc.yml": "- name: A\n  href: a.md\n- name: Gone\n  href: gone.md\n"},
     ["A -> docs/a.md"], ["docs/toc.yml:4: href 'gone.md': there is no file docs/gone.md"]),
    ("a page only the full documentation has links there; one it lacks too is reported",
     {"docs/toc.yml": "- name: X\n  href: api/x.md\n- name: Y\n  href: api/y.md\n"},
     ["X => https://up.example/api/x.md"],
     ["docs/toc.yml:4: href 'api/y.md': there is no file docs/api/y.md (nor has the full documentation)"]),
    ("a missing nested toc",
     {"docs/toc.yml": "- name: Gone\n  href: gone/toc.yml\n"}, [],
     ["docs/toc.yml:2: href 'gone/toc.yml': there is no file docs/gone/toc.yml"]),
    ("a page listed twice in one toc tree",
     {"docs/toc.yml": "- name: A\n  href: a.md\n- name: Sub\n  href: sub/toc.yml\n",
      "docs/sub/toc.yml": "- name: A again\n  href: ../a.md\n- name: C\n  href: c.md\n"},
     ["A -> docs/a.md", {"Sub [None]": ["C -> docs/sub/c.md"]}],
     ["docs/sub/toc.yml:2: page '../a.md' is listed twice (first at docs/toc.yml:2); the navigation keeps the first"]),
    ("a cycle of nested tocs",
     {"docs/toc.yml": "- name: Sub\n  href: sub/toc.yml\n",
      "docs/sub/toc.yml": "- name: C\n  href: c.md\n- name: Back\n  href: ../toc.yml\n"},
     [{"Sub [None]": ["C -> docs/sub/c.md"]}],
     ["docs/sub/toc.yml:4: toc files nest each other in a cycle: docs/toc.yml -> docs/sub/toc.yml -> docs/toc.yml"]),
    ("a toc that nests itself",
     {"docs/toc.yml": "- name: A\n  href: a.md\n- name: Me\n  href: toc.yml\n"}, ["A -> docs/a.md"],
     ["docs/toc.yml:4: toc files nest each other in a cycle: docs/toc.yml -> docs/toc.yml"]),
    ("a letter case that differs from the file is found and reported",
     {"docs/toc.yml": "- name: A\n  href: A.md\n"}, ["A -> docs/a.md"],
     ["docs/toc.yml:2: href 'A.md' differs in letter case from the file docs/a.md; DocFX finds it on "
      "case-insensitive file systems only"]),
    ("a backslash is read as / and reported",
     {"docs/toc.yml": "- name: C\n  href: sub\\c.md\n"}, ["C -> docs/sub/c.md"],
     ["docs/toc.yml:2: href 'sub\\\\c.md' uses '\\' (DocFX on Windows only); write 'sub/c.md'"]),
    ("an absolute path leads nowhere in DocFX; the relative one is suggested",
     {"docs/sub/toc.yml": "- name: C\n  href: /sub/c.md\n"}, [],
     ["docs/sub/toc.yml:2: href '/sub/c.md' is an absolute path, which DocFX publishes as written and which "
      "leads to no page; write the path relative to the toc file: 'c.md'"]),
    ("a page this site leaves out links to the full documentation",
     {"docs/toc.yml": "- name: Other\n  href: other/x.md\n", "docs/other/x.md": "# X\n"},
     ["Other => https://up.example/other/x.md"], []),
    ("a nested toc of a part this site leaves out is one link to that part",
     {"docs/toc.yml": "- name: Other\n  href: other/toc.yml\n", "docs/other/toc.yml": "- name: X\n  href: x.md\n",
      "docs/other/x.md": "# X\n"},
     ["Other => https://up.example/other/x.md"], []),
    ("an entry of the top toc that names a page gets that page's own toc as children",
     {"docs/toc.yml": "- name: Sub\n  topicHref: sub/index.md\n",
      "docs/sub/toc.yml": "- name: Sub home\n  href: index.md\n- name: C\n  href: c.md\n"},
     [{"Sub [docs/sub/index.md]": ["C -> docs/sub/c.md"]}], []),
    ("a toc nobody nests is added at the top level",
     {"docs/toc.yml": "- name: A\n  href: a.md\n", "docs/sub/toc.yml": "- name: C\n  href: c.md\n"},
     ["A -> docs/a.md", "C -> docs/sub/c.md"], []),
    ("a page that two separate toc trees list keeps its first place, silently",
     {"docs/toc.yml": "- name: A\n  href: a.md\n", "docs/sub/toc.yml": "- name: A\n  href: ../a.md\n"
      "- name: C\n  href: c.md\n"},
     ["A -> docs/a.md", "C -> docs/sub/c.md"], []),
    ("an entry without name whose children are kept",
     {"docs/toc.yml": "- items:\n  - name: A\n    href: a.md\n"}, ["A -> docs/a.md"],
     ["docs/toc.yml:1: a toc entry with children needs a 'name'; its children are shown in its place"]),
    ("bad shapes are reported with their lines",
     {"docs/toc.yml": "- just a string\n- name: A\n  href: [a.md]\n- name: B\n  href: b.md\n  items: 3\n"
                      "- name: Nothing\n"},
     ["B -> docs/b.md"],
     ["docs/toc.yml:1: a toc entry must be a mapping with 'name' and 'href' or 'items'",
      "docs/toc.yml:3: 'href' must be a path or an address",
      "docs/toc.yml:6: 'items' must be a list of entries",
      "docs/toc.yml:7: toc entry 'Nothing' has no href and no items"]),
    ("a mapping without items",
     {"docs/toc.yml": "name: A\nhref: a.md\n"}, [],
     ["docs/toc.yml:1: a toc file is a list of entries, or has them under 'items'"]),
    ("not YAML", {"docs/toc.yml": "- name: A\n  href: [a.md\n"}, [], ["docs/toc.yml:3: not valid YAML"]),
]


@pytest.mark.parametrize(("files", "expected", "problems"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_toc_tree(files: dict[str, str], expected: list[object], problems: list[str]) -> None:
    tree = build_nav(docset({**PAGES, **files}, unpublished=("docs/other/",)))
    assert outline(tree.items) == expected
    got = messages(tree)
    assert len(got) == len(problems), got
    for message, want in zip(got, problems, strict=True):
        assert message.startswith(want), (message, want)


def test_pages_in_no_toc_are_listed_once() -> None:
    tree = build_nav(docset({**PAGES, "docs/toc.yml": "- name: A\n  href: a.md\n"}))
    assert tree.unlisted == ["docs/b.md", "docs/index.md", "docs/sub/c.md", "docs/sub/index.md"]
    assert unlisted_message(tree.unlisted, shown=2) == (
        "4 page(s) are in no toc.yml; they are built but not in the navigation: docs/b.md, docs/index.md "
        "and 2 more")


def test_top_toc_comes_first_and_other_trees_in_folder_order() -> None:
    files = {**PAGES, "docs/zz/toc.yml": "- name: Z\n  href: ../b.md\n",
             "docs/sub/toc.yml": "- name: C\n  href: c.md\n", "docs/toc.yml": "- name: A\n  href: a.md\n"}
    assert outline(build_nav(docset(files)).items) == ["A -> docs/a.md", "C -> docs/sub/c.md", "Z -> docs/b.md"]


# --- property: whatever the writer puts in a toc file, the builder reports and never raises ---------------------

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12),
                     st.sampled_from(["a.md", "sub/", "sub/toc.yml", "toc.yml", "../toc.yml", "/x.md", "A.MD",
                                      "sub\\c.md", "https://x.y/", "xref:the-uid", "#frag", "..", "."]))
_keys = st.sampled_from(["name", "href", "items", "topicHref", "tocHref", "uid", "expanded", "other"])
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(_keys, inner, max_size=5)), max_leaves=25)


def _yaml(value: object) -> str:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(top=_values, sub=_values, raw=st.text(max_size=80))
def test_any_toc_content_is_reported_never_raised(top: object, sub: object, raw: str) -> None:
    files = {**PAGES, "docs/toc.yml": _yaml(top), "docs/sub/toc.yml": _yaml(sub), "docs/zz/toc.yml": raw}
    tree = build_nav(docset(files))
    for diag in tree.diagnostics:
        assert str(diag).split(":", 1)[0] in files  # every message names a toc file and a line
        assert diag.origin.innermost.line >= 1
    listed = [p for p in tree.listed]
    assert len(listed) == len(set(listed))
    assert set(tree.unlisted).isdisjoint(listed)


def test_mkdocs_nav_numbers_toggles_as_material_does() -> None:
    files = {**PAGES, "docs/toc.yml": "- name: A\n  href: a.md\n- name: <S>\n  href: sub/index.md\n  expanded: true\n"
             "  items:\n  - href: sub/c.md\n  - name: Inner\n    expanded: true\n    items:\n    - href: b.md\n"}
    nav = mkdocs_nav(build_nav(docset(files)), "docs", lambda p: p.upper(), lambda t: f"[{t}]")
    assert nav.data == [{"[A]": "a.md"}, {"[<S>]": ["sub/index.md", "sub/c.md", {"[Inner]": ["b.md"]}]}]
    # Material counts the section's own page among the children: Inner is the third child of the second entry.
    assert nav.expanded == {"__nav_2", "__nav_2_3"}


@pytest.mark.parametrize(("html", "expected"), [
    ('<input class="md-nav__toggle md-toggle " type="checkbox" id="__nav_2" >',
     '<input class="md-nav__toggle md-toggle " type="checkbox" id="__nav_2" checked >'),
    ('<input class="md-nav__toggle md-toggle " type="checkbox" id="__nav_2" checked>',
     '<input class="md-nav__toggle md-toggle " type="checkbox" id="__nav_2" checked>'),
    ('<input class="md-nav__toggle md-toggle " type="checkbox" id="__nav_2_1" >',
     '<input class="md-nav__toggle md-toggle " type="checkbox" id="__nav_2_1" >'),
    ('no navigation here', 'no navigation here'),
])
def test_open_expanded_checks_only_the_named_toggles(html: str, expected: str) -> None:
    assert open_expanded(html, {"__nav_2"}) == expected
