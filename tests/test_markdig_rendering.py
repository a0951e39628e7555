"""Pages render as Markdig renders them: the engine's Markdown through the site's own Python-Markdown setup."""

from __future__ import annotations

from functools import cache

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from sodocs.core.project import Project
from sodocs.core.upstream import UpstreamConfig
from sodocs.diagnostics import Origin
from sodocs.docfx import html_blocks
from sodocs.docfx.links import Site
from sodocs.docfx.markdown_ext import DocfxMarkdownExtension, markdig_slug, unique_slug
from sodocs.docfx.pipeline import render_page
from sodocs.docfx.text import Text
from tests.helpers import ROOT, one


@cache
def _md() -> markdown.Markdown:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=[*config.markdown_extensions, DocfxMarkdownExtension()],
                             extension_configs=config.mdx_configs)


def html(source: str) -> LexborHTMLParser:
    site = Site(Project(ROOT, "content", "includes"), set(), UpstreamConfig("https://docs.superoffice.com/", "docs/",
                                                                            "html"))
    result = render_page(site, "content/x.md", source, 1)
    return LexborHTMLParser(_md().reset().convert(result.markdown))


HTML_BLOCKS = [
    # (source, CSS selector that must find the Markdown rendered inside the HTML)
    ("<details><summary>Klik</summary>\n\n## Data\n\n**fed**\n\n</details>\n", "details h2, details strong"),
    ("<div class=\"x\">\n\n* punkt\n\n</div>\n", "div.x ul li"),
    ("* <details><summary>Felt</summary>\n\n    Med **fed**\n\n    </details>\n", "li details strong"),
    ("> <details><summary>I citat</summary>\n>\n> *kursiv*\n>\n> </details>\n", "blockquote details em"),
]


@pytest.mark.parametrize(("source", "selector"), HTML_BLOCKS)
def test_markdown_between_html_blocks_renders(source: str, selector: str) -> None:
    tree = html(source)
    for part in selector.split(", "):
        assert tree.css_first(part) is not None, part
    assert "**" not in one(tree, "body").text() and "##" not in one(tree, "body").text()


def test_html_block_is_passed_through_verbatim_and_ends_at_the_blank_line() -> None:
    tree = html('<table class="t"><tr><td>*ikke kursiv*</td></tr></table>\n\n*kursiv*\n')
    assert one(tree, "table.t td").text() == "*ikke kursiv*"
    assert one(tree, "p em").text() == "kursiv"


def test_md_in_html_blocks_are_left_to_python_markdown() -> None:
    tree = html('<div class="grid" markdown>\n\n- **kort**\n\n</div>\n')
    assert tree.css_first("div.grid li strong") is not None


@pytest.mark.parametrize(("source", "text"), [
    ("So\\<navn>\\<TagName>.config", "So<navn><TagName>.config"),
    ("\\*ikke kursiv\\*, \\_ heller ikke\\_", "*ikke kursiv*, _ heller ikke_"),
    ("a \\$ b \\% c \\~ d \\| e \\= f", "a $ b % c ~ d | e = f"),
])
def test_backslash_escapes_follow_commonmark(source: str, text: str) -> None:
    assert one(html(source), "p").text() == text


HEADINGS = [
    (["Pros", "Pros", "Pros"], ["pros", "pros-1", "pros-2"]),
    (["Pros & cons"], ["pros--cons"]),
    (["Step 1: Do **this**", "`Bot Session Created`"], ["step-1-do-this", "bot-session-created"]),
    (["Mål og planer", "Hvad er SAINT?"], ["mål-og-planer", "hvad-er-saint"]),
    (['<a name="anker"></a>Med anker', "Med anker"], ["anker", "med-anker-1"]),
    (["A-1", "A", "A"], ["a-1", "a", "a-2"]),
    (["!!!"], ["section"]),
]


@pytest.mark.parametrize(("titles", "ids"), HEADINGS)
def test_heading_ids_are_markdigs(titles: list[str], ids: list[str]) -> None:
    tree = html("\n\n".join(f"## {t}" for t in titles) + "\n")
    assert [h.attributes.get("id") for h in tree.css("h2")] == ids
    assert tree.css_first("h2 a[name]") is None


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=8))
def test_unique_slugs_are_unique_and_markdig_shaped(texts: list[str]) -> None:
    used: set[str] = set()
    slugs = [unique_slug(markdig_slug(t), used) for t in texts]
    assert len(set(slugs)) == len(slugs)
    assert all(s and s == s.lower() and " " not in s for s in slugs)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["<div>", "</div>", "<!-- c -->", "text", "", "> <p>", "* <span>x</span>",
                                 "    <b>", "```", "<details><summary>S</summary>", "**fed**"]), max_size=12))
def test_stash_and_restore_give_back_every_html_block(lines: list[str]) -> None:
    text = Text(lines, [Origin.at("p.md", n + 1) for n in range(len(lines))])
    stashed = html_blocks.stash(text)
    assert [line for line, role in zip(stashed.lines, stashed.roles, strict=True) if role != "html"] == \
           [line for line, role in zip(text.lines, text.roles, strict=True) if role != "html"]
    restored = html_blocks.restore("\n".join(stashed.lines))
    assert "sodocs-html" not in restored
    for line, role in zip(lines, text.roles, strict=True):
        if role == "html":
            assert line.lstrip(" >*").strip() in restored


@pytest.mark.parametrize("source", [
    # Code in <pre> or <code> is meant as typed: a CRMScript array type, a backtick in an example.
    "<pre><code>LocalizedField[][] adr = c.getFormattedAddress();\nadr[0][0].setValue(x);</code></pre>\n",
    "<pre><code>String(&quot;a b&quot;)`.getWord(1)</code></pre>\n",
    "<p>Use <code>**kwargs</code> here</p>\n",
])
def test_markdown_characters_in_code_inside_html_are_not_reported(source: str) -> None:
    site = Site(Project(ROOT, "content", "includes"), set(), UpstreamConfig("https://docs.superoffice.com/", "docs/",
                                                                            "html"))
    assert [str(d) for d in render_page(site, "content/x.md", source, 1).diagnostics] == []


def test_an_unclosed_pre_that_swallows_markdown_is_still_reported() -> None:
    site = Site(Project(ROOT, "content", "includes"), set(), UpstreamConfig("https://docs.superoffice.com/", "docs/",
                                                                            "html"))
    for source in ("<pre><code>Rsa rsa;\n\n### loadPublicKey\n",
                   "<pre><code>Rsa rsa;\n\n### loadPublicKey\n\n<pre><code>Rsa r;</code></pre>\n"):
        result = render_page(site, "content/x.md", source, 1)
        assert [(str(d.origin), d.kind) for d in result.diagnostics] == [("content/x.md:3", "raw-html")]


@pytest.mark.parametrize(("source", "line", "shown"), [
    ("1. <!-- onsite -->Vælg **Udgiv**\n", 1, "**"),
    ("1. Trin\n    <details><summary>Eksempel</summary>\n    [!include[E](x.md)]\n    </details>\n", 3, "[!"),
    ("<div>\n## Ikke en overskrift\n</div>\n", 2, "## "),
])
def test_markdown_that_commonmark_reads_as_html_is_shown_as_typed_and_reported(source: str, line: int,
                                                                                shown: str) -> None:
    site = Site(Project(ROOT, "content", "includes"), set(), UpstreamConfig("https://docs.superoffice.com/", "docs/",
                                                                            "html"))
    result = render_page(site, "content/x.md", source, 1)
    assert [(str(d.origin), d.kind) for d in result.diagnostics] == [(f"content/x.md:{line}", "raw-html")]
    assert shown.strip() in html(source).text()


FENCED = [
    "```crmscript!\nString s = \"x\";\n```\n",
    "```SQL\nSELECT 1\n```\n",
    "``` xml \n<a/>\n```\n",
    "~~~\nplain\n~~~\n",
    "```unknownlanguage extra words\nkode\n````\n",
    "1. Trin\n\n   ```cs\n   var x = 1;\n   ```\n\n2. Næste\n",
    "* Punkt\n\n    ```cs\n    var x = 1;\n    ```\n",
    "> ```\n> citeret kode\n> ```\n",
    "> [!NOTE]\n> ```crmscript!\n> kode i en note\n> ```\n",
]


@pytest.mark.parametrize("source", FENCED)
def test_every_fence_markdig_renders_as_code_renders_as_code(source: str) -> None:
    tree = html(source)
    code = [" ".join(n.text().split()) for n in tree.css("pre code")]
    assert len(code) == 1 and code[0], source
    assert "```" not in one(tree, "body").text() and "~~~" not in one(tree, "body").text()


def test_snippet_highlight_marks_its_lines() -> None:
    tree = html('```text hl_lines="2"\nen\nto\ntre\n```\n')
    assert [" ".join(n.text().split()) for n in tree.css("pre .hll")] == ["to"]


# Brackets that are no link in CommonMark: Markdig shows them as typed (a type name, an index, a label that no
# definition in the file names), so the reader must see the same characters, never the text without them.
NOT_LINKS = [
    "Returns NSLocalizedField[][].",
    "String[][] getFunctionList()",
    "Tom [ ][] og [a][ ]",
    "arr[0][1] er et element",
    "Se [Kalender][9] her.",
    "[x][] og [**fed**][]",
    "![Alt][mangler]",
    "Indeks [1] alene",
]


@pytest.mark.parametrize("source", NOT_LINKS)
def test_brackets_that_are_no_link_show_as_markdig_shows_them(source: str) -> None:
    import commonmark

    ours = one(html(source), "p")
    markdig = one(LexborHTMLParser(commonmark.commonmark(source)), "p")
    assert ours.text() == markdig.text()
    assert not ours.css("a")
    assert [n.text() for n in ours.css("strong")] == [n.text() for n in markdig.css("strong")]
