"""DocFX YAML pages and the toc.yml navigation: the renderer on its own, then a fixture site built with --strict."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser
from selectolax.lexbor import LexborNode as Node

from sodocs.core.project import Project
from sodocs.core.upstream import UpstreamConfig
from sodocs.diagnostics import Diagnostics
from sodocs.docfx import yaml_pages
from sodocs.docfx.links import Site
from sodocs.docfx.markdown_ext import DocfxMarkdownExtension
from sodocs.docfx.pipeline import render_page
from tests.helpers import ROOT, Build, build_site, one

FIXTURE = ROOT / "tests" / "fixtures" / "yaml_pages"


def site_markdown() -> markdown.Markdown:
    from mkdocs.config import load_config

    config = load_config(str(FIXTURE / "mkdocs.yml"))
    # The plugin adds the DocFX extension (raw HTML blocks put back, Markdig's heading ids) to the site's own.
    return markdown.Markdown(extensions=[*config.markdown_extensions, DocfxMarkdownExtension()],
                             extension_configs=config.mdx_configs)


MD = site_markdown()


def render_html(source: str, tmp_path: Path, name: str = "content/page.yml",
                extra: dict[str, str] | None = None) -> tuple[LexborHTMLParser, Diagnostics]:
    """A YAML page through the renderer, the DocFX pipeline and the site's Markdown, as a reader gets it."""
    for rel, text in {name: source, **(extra or {})}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    diags = Diagnostics()
    page = yaml_pages.load_page(name, source, diags)
    assert page is not None, [str(d) for d in diags]
    rendered = yaml_pages.render(page, yaml_pages.Context(), diags)
    files = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()}
    site = Site(Project(tmp_path, "content", "includes"), files,
                UpstreamConfig("https://docs.superoffice.com/", "docs/", "html"))
    result = render_page(site, name, rendered.markdown, 1, rendered.origins)
    diags.extend(result.diagnostics)
    return LexborHTMLParser(MD.reset().convert(result.markdown)), diags


@pytest.mark.parametrize(("first_line", "kind"), [
    ("### YamlMime:Category", "Category"), ("###YamlMime:Tutorial", "Tutorial"),
    ("\ufeff### YamlMime:ManagedReference", "ManagedReference"), ("### YamlMime:Landing", "Landing"),
    ("# YamlMime:Category", None), ("title: x", None), ("", None),
])
def test_the_kind_is_named_on_the_first_line(first_line: str, kind: str | None) -> None:
    assert yaml_pages.yaml_mime(first_line + "\ntitle: x\n") == kind


@pytest.mark.parametrize("written", [
    "Plain title", "<b>bold</b> & <script>alert(1)</script>", "&amp; &lt;already escaped&gt;", "*stars* _under_ `code`",
    "[link](x.md) ![img](y.png)", "@some-uid and xref:other", ":smile: :material-home:", "[!NOTE] [!include[a](b.md)]",
    "# not a heading", "1. not a list", "a | b | c", "{: .class } {#id}", "backslash \\ here", "quote \" and '",
])
def test_plain_text_values_reach_the_reader_exactly_as_written(written: str, tmp_path: Path) -> None:
    source = f"### YamlMime:Category\ntitle: {yaml.safe_dump(written).strip().removesuffix('...').strip()}\n" \
             f"summary: {yaml.safe_dump(written).strip().removesuffix('...').strip()}\n"
    html, diags = render_html(source, tmp_path)
    assert heading(one(html, "h1")) == written
    assert one(html, "p").text() == written
    assert html.css_first("script") is None and html.css_first("b") is None
    assert [str(d) for d in diags] == []


def test_markdown_fields_are_the_writers_markdown(tmp_path: Path) -> None:
    source = ("### YamlMime:ManagedReference\nitems:\n- uid: A\n  name: A\n  type: Class\n"
              "  summary: \"A **bold** claim with <em>HTML</em> &quot;quoted&quot;.\"\n")
    html, _ = render_html(source, tmp_path)
    assert one(html, "strong").text() == "bold"
    assert one(html, "em").text() == "HTML"
    assert '"quoted"' in html.text()


def test_unknown_kind_is_a_warning_naming_the_file() -> None:
    diags = Diagnostics()
    assert yaml_pages.load_page("content/x.yml", "### YamlMime:Landing\ntitle: x\n", diags) is None
    assert [str(d) for d in diags] == ["content/x.yml:1: YamlMime kind 'Landing' is not supported (supported: "
                                       "Category, SubCategory, Tutorial, ManagedReference); the file is not "
                                       "published as a page"]
    assert diags.items[0].severity == "warning"


@pytest.mark.parametrize(("source", "expected"), [
    ("### YamlMime:Tutorial\ntitle: x\n  - bad: indent\n", "content/x.yml:3: not valid YAML"),
    ("### YamlMime:Tutorial\n- a list\n", "content/x.yml:1: a YamlMime:Tutorial page must be a mapping of keys"),
])
def test_broken_pages_are_reported(source: str, expected: str) -> None:
    diags = Diagnostics()
    assert yaml_pages.load_page("content/x.yml", source, diags) is None
    assert str(diags.items[0]).startswith(expected)


def test_a_stray_control_character_is_reported_and_dropped(tmp_path: Path) -> None:
    html, diags = render_html("### YamlMime:Category\ntitle: T\nsummary: a\x7fb\n", tmp_path)
    assert [str(d) for d in diags] == ["content/page.yml:3: control character U+007F is not allowed in YAML; "
                                       "it was left out"]
    assert one(html, "p").text() == "ab"


def test_an_unknown_item_type_is_reported_at_its_line(tmp_path: Path) -> None:
    source = ("### YamlMime:Category\ntitle: T\nhighlightedContent:\n  items:\n  - title: A\n"
              "    itemType: nonsense\n    url: https://example.com/\n")
    html, diags = render_html(source, tmp_path)
    assert str(diags.items[0]).startswith("content/page.yml:6: itemType 'nonsense' is not one of DocFX's")
    assert one(html, ".grid.cards a").attributes["href"] == "https://example.com/"


def test_a_tutorial_step_problem_is_reported_at_its_yaml_line(tmp_path: Path) -> None:
    source = ("### YamlMime:Tutorial\ntitle: T\nitems:\n- title: One\n  content: |\n    First line.\n\n"
              "    [!include[x](missing.md)]\n- title: Two\n  content: Fine.\n")
    html, diags = render_html(source, tmp_path)
    assert [str(d) for d in diags] == ["content/page.yml:8:1: include file 'missing.md' not found (looked for "
                                       "content/missing.md)"]
    assert [heading(h) for h in html.css("h2.so-tutorial__step")] == ["1. One", "2. Two"]
    assert [e.attributes["data-step"] for e in html.css(".so-tutorial__end")] == ["step-1", "step-2"]


def test_a_fence_left_open_in_a_field_does_not_swallow_the_page(tmp_path: Path) -> None:
    source = ("### YamlMime:ManagedReference\nitems:\n- uid: A\n  name: A\n  type: Class\n"
              "  summary: \"```\\ncode\"\n- uid: A.b\n  name: b()\n  type: Method\n  summary: After.\n")
    html, _ = render_html(source, tmp_path)
    assert [heading(h) for h in html.css("h3")] == ["b()"]



@pytest.mark.parametrize(("description", "warned"), [
    ('"<template variable><other template variable>"', True),  # a placeholder read as HTML: hides the rest
    ('"<template>x</template> is closed"', False),
    ('"\\\\<template variable> written as text"', False),
    ('"<templates> is another tag"', False),
])
def test_an_unclosed_template_tag_is_reported_at_its_line(description: str, warned: bool, tmp_path: Path) -> None:
    source = ("### YamlMime:ManagedReference\nitems:\n- uid: A\n  name: A\n  type: Class\n- uid: A.b\n"
              f"  name: b()\n  type: Method\n  syntax:\n    return:\n      type: T\n      description: {description}\n")
    _, diags = render_html(source, tmp_path)
    found = [str(d) for d in diags if "<template> is never closed" in d.message]
    assert found == (["content/page.yml:12: raw HTML <template> is never closed: a browser hides the rest of the "
                      "page (DocFX publishes the same HTML); write \\<…> for angle brackets meant as text"]
                     if warned else [])

# --- property: any data under any kind is reported, never raised -------------------------------------------------

_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10), st.just("x.md"))
_keys = st.sampled_from(["title", "summary", "items", "links", "url", "text", "itemType", "linkListType",
                         "linkLists", "content", "durationInMinutes", "uid", "name", "type", "syntax", "parameters",
                         "return", "description", "example", "remarks", "children", "references", "metadata",
                         "highlightedContent", "conceptualContent", "additionalContent", "sections",
                         "landingContent", "footer", "langs", "id"])
_data = st.recursive(_leaf, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(_keys, inner, max_size=6)), max_leaves=30)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(yaml_pages.KINDS), data=st.dictionaries(_keys, _data, max_size=8))
def test_any_yaml_page_data_renders_or_is_reported(kind: str, data: dict[str, object]) -> None:
    source = f"### YamlMime:{kind}\n" + yaml.safe_dump(data, allow_unicode=True)
    diags = Diagnostics()
    page = yaml_pages.load_page("content/p.yml", source, diags)
    if page is not None:
        rendered = yaml_pages.render(page, yaml_pages.Context(), diags)
        assert len(rendered.lines) == len(rendered.origins)
        assert rendered.lines and rendered.lines[0].startswith("# ")
    assert all(str(d).startswith("content/p.yml:") for d in diags)


# --- the fixture site -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = build_site(FIXTURE, tmp_path_factory.mktemp("yaml-pages-site"))
    assert build.returncode == 0, build.log
    assert build.warnings == []
    return build


def article(build: Build, rel: str) -> LexborHTMLParser:
    node = one(build.html(rel), "article")
    return LexborHTMLParser(node.html or "")


def heading(node: Node) -> str:
    """A heading's text without the permalink sign after it."""
    return node.text().removesuffix("¶")


def links(node: LexborHTMLParser | Node) -> list[tuple[str, str]]:
    return [(a.text().strip(), a.attributes.get("href") or "") for a in node.css("a[href]")
            if "headerlink" not in (a.attributes.get("class") or "")]


def nav_outline(build: Build, rel: str) -> list[str]:
    """The primary navigation as "depth title -> href" lines (sections have no href)."""
    out: list[str] = []
    nav = one(build.html(rel), "nav.md-nav--primary")

    def children(node: Node, tag: str) -> list[Node]:
        return [c for c in node.iter() if c.tag == tag]

    def walk(ul: Node, depth: int) -> None:
        for li in children(ul, "li"):
            link = next((c for c in li.iter() if c.tag in ("a", "label") and "md-nav__link" in
                         (c.attributes.get("class") or "")), None)
            title = " ".join(link.text().split()) if link is not None else ""
            href = link.attributes.get("href") if link is not None and link.tag == "a" else None
            out.append(f"{depth} {title}" + (f" -> {href}" if href else ""))
            for sub in children(li, "nav"):
                for sub_ul in children(sub, "ul"):
                    walk(sub_ul, depth + 1)

    walk(children(nav, "ul")[0], 0)
    return out


def test_navigation_is_the_toc_tree(built: Build) -> None:
    assert nav_outline(built, "orphan/index.html") == [
        "0 Forside -> ..",
        "0 Værktøjskassen", "1 Værktøjskassen -> ../hub/", "1 Guiden -> ../hub/guide/",
        "1 Oversigten -> ../hub/overview/", "1 Dybere", "2 Dybt nede -> ../hub/deep/",
        "0 Trin for trin", "1 Byg en widget -> ../tutorial/start/", "1 Efter turen -> ../tutorial/after/",
        "0 Reference", "1 Widget -> ../ref/Fix.Widget/", "1 Gadget -> ../ref/Fix.Gadget/",
        "0 Ekstern <dokumentation> -> https://example.com/docs",
    ]


def test_expanded_sections_are_open(built: Build) -> None:
    html = built.html("orphan/index.html")
    toggles = {i.attributes["id"]: "checked" in i.attributes for i in html.css("input.md-nav__toggle[id^=__nav]")}
    assert toggles["__nav_2"] and toggles["__nav_2_4"]
    assert not toggles["__nav_3"]


def test_pages_in_no_toc_are_built_and_named_once(built: Build) -> None:
    assert (built.site / "orphan" / "index.html").is_file()
    assert built.log.count("in no toc.yml") == 1
    assert "content/toc.yml:1: 1 page(s) are in no toc.yml; they are built but not in the navigation: " \
        "content/orphan.md" in built.log
    assert not list(built.site.rglob("toc.yml"))


def test_hub_page_has_cards_with_icons_and_resolved_links(built: Build) -> None:
    hub = article(built, "hub/index.html")
    assert heading(one(hub, "h1")) == "Værktøjskassen <b>&amp; *mere*</b> @fix-tutorial :smile: [!NOTE]"
    assert one(built.html("hub/index.html"), "title").text().startswith("Værktøjskassen - ")
    highlighted = one(hub, ".grid.cards.so-hub--highlighted")
    assert links(highlighted) == [("Guiden", "guide/"), ("Oversigten", "overview/")]
    assert [t.text() for t in highlighted.css(".so-hub__type")] == ["Vejledning", "Overblik"]
    assert len(highlighted.css(".so-icon svg")) == 2
    cards = hub.css(".grid.cards.so-hub")[1]
    assert one(cards, "strong").text() == "Kom videre"
    assert links(cards) == [("Trin for trin", "../tutorial/start/"), ("Widget", "../ref/Fix.Widget/"),
                            ("En video", "https://example.com/video")]
    footer = hub.css("p")[-1]
    assert footer.text() == "Skrevet i Markdown." and one(footer, "strong").text() == "Markdown"


def test_subcategory_groups_links_by_type(built: Build) -> None:
    page = article(built, "hub/overview/index.html")
    card = one(page, ".grid.cards.so-hub li")
    assert [t.text() for t in card.css(".so-hub__type")] == ["Vejledning", "Reference"]
    assert links(card) == [("Guiden", "../guide/"), ("Gadget", "../../ref/Fix.Gadget/")]


def test_tutorial_steps_and_their_content(built: Build) -> None:
    page = article(built, "tutorial/start/index.html")
    assert [heading(h) for h in page.css("h2.so-tutorial__step")] == ["1. Find værktøjet", "2. Skru den sammen"]
    assert one(page, ".so-tutorial__facts").text() == "Niveau: Begynder · Målgruppe: Bruger · 5 min."
    assert [li.text() for li in page.css("ol li")] == ["Vælg Widget.", "Klik Næste."]  # from the include
    assert one(page, ".admonition.tip .admonition-title").text() == "Tip"
    assert ("guiden", "../../hub/guide/") in links(page)
    head = built.html("tutorial/start/index.html")
    assert any("_sodocs/yaml-pages.js" in (s.attributes.get("src") or "") for s in head.css("script"))
    assert (built.site / "_sodocs" / "yaml-pages.js").is_file()


def test_reference_page(built: Build) -> None:
    page = article(built, "ref/Fix.Widget/index.html")
    assert heading(one(page, "h1")) == "Widget"
    assert one(page, ".so-ref__kind").text() == "Klasse"
    assert [heading(h) for h in page.css("h2")] == ["Konstruktører", "Metoder"]
    assert [(heading(h), h.attributes["id"]) for h in page.css("h3")] == [
        ("Widget()", "Fix_Widget__ctor"), ("spin(Gadget)", "Fix_Widget_spin_Fix_Gadget_")]
    assert [c.text() for c in page.css("div.highlight code")] == ["Widget Widget()\n",
                                                                   "Integer spin(Gadget g, Unknown u)\n"]
    params = [" ".join(li.text().split()) for li in page.css("ul > li") if li.css_first("code")]
    assert params == ["g (Gadget): The gadget to use.", "u (Unknown[]): Something else."]
    assert ("Gadget", "../Fix.Gadget/") in links(page)  # a type with a page is a link to it
    assert {a.attributes.get("class") for a in page.css('a[href="../Fix.Gadget/"]')} == {"so-ref__type"}
    assert page.css("pre > code")[-1].text() == "Widget w;\nw.spin(g);"  # the example, HTML as written
    assert one(page, "b").text() == "spins"  # the summary's own HTML


def test_uids_in_yaml_pages_are_xref_targets_and_yml_links_resolve(built: Build) -> None:
    assert links(article(built, "index.html")) == [
        ("hubben", "hub/"), ("spin", "ref/Fix.Widget/#Fix_Widget_spin_Fix_Gadget_"),
        ("Byg en widget", "tutorial/start/")]


def test_xref_tags_are_uids_in_yaml_and_markdown_pages(built: Build) -> None:
    """DocFX's <xref href="uid"> in a reference page's summary and in its raw HTML table, and in a Markdown
    page: a link to the uid's page with its name (or the asked displayProperty); an unknown uid with
    data-throw-if-not-resolved="false" is its plain text, silently (the build has no warnings)."""
    gadget = article(built, "ref/Fix.Gadget/index.html")
    summary = gadget.css("p")[1]
    assert summary.text() == "Kinds of gadget, for a Widget, not for a Fix.Gone."
    assert links(summary) == [("Widget", "../Fix.Widget/")]
    table = one(gadget, "table")
    assert [td.text() for td in table.css("td")] == ["Small", "Fix.Widget", "Fix.Gone"]
    assert links(table) == [("Small", "./#Fix_Gadget_Small"), ("Fix.Widget", "../Fix.Widget/")]
    orphan = article(built, "orphan/index.html")
    assert " ".join(orphan.css("p")[-1].text().split()) == "Den mindste er Gadget.Small, den største findes ikke."
    assert links(orphan.css("p")[-1]) == [("Gadget.Small", "../ref/Fix.Gadget/#Fix_Gadget_Small")]
    assert "<xref" not in (gadget.html or "") + (orphan.html or "")


def _copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("../../../", str(ROOT) + "/")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    return project


def test_unknown_kind_and_toc_mistakes_fail_the_strict_build_with_file_and_line(tmp_path: Path) -> None:
    project = _copy(tmp_path)
    (project / "content" / "odd.yml").write_text("### YamlMime:Landing\ntitle: Odd\n", encoding="utf-8")
    toc = project / "content" / "toc.yml"
    toc.write_text(toc.read_text(encoding="utf-8") + "- name: Gone\n  href: gone.md\n- name: Again\n"
                   "  href: hub/guide.md\n", encoding="utf-8")
    build = build_site(project, tmp_path / "site")
    assert build.returncode != 0
    assert "content/odd.yml:1: YamlMime kind 'Landing' is not supported" in build.log
    assert "content/toc.yml:23: href 'gone.md': there is no file content/gone.md" in build.log
    assert "content/toc.yml:25: page 'hub/guide.md' is listed twice (first at content/toc.yml:8)" in build.log
    assert "Traceback" not in build.log


def test_explicit_nav_still_wins(tmp_path: Path) -> None:
    project = _copy(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nnav:\n  - index.md\n  - orphan.md\n", encoding="utf-8")
    build = build_site(project, tmp_path / "site", strict=False)
    assert build.returncode == 0, build.log
    assert nav_outline(build, "orphan/index.html") == ["0 Forside -> ..", "0 Uden plads -> ./"]
    assert "in no toc.yml" not in build.log
