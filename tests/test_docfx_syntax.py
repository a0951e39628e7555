"""Alerts, video, tabs, icons, xref and leftovers: table-driven over the pure functions."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from sodocs.core.project import Project
from sodocs.core.upstream import UpstreamConfig
from sodocs.diagnostics import Diagnostics, Origin
from sodocs.docfx.alerts import convert_alerts
from sodocs.docfx.icons import convert_icons
from sodocs.docfx.links import Site
from sodocs.docfx.pipeline import render_page
from sodocs.docfx.tabs import convert_tabs
from sodocs.docfx.text import Text
from sodocs.docfx.xref import Target, UidIndex, resolve_xrefs, upstream_uids
from tests.helpers import write_tree


def origins(lines: list[str]) -> list[Origin]:
    return [Origin.at("p.md", i + 1) for i in range(len(lines))]


def alerts(lines: list[str], diags: Diagnostics | None = None) -> list[str]:
    return convert_alerts(Text(lines, origins(lines)), diags if diags is not None else Diagnostics()).lines


def tabs(lines: list[str], diags: Diagnostics | None = None) -> Text:
    return convert_tabs(Text(lines, origins(lines)), diags if diags is not None else Diagnostics())


@pytest.mark.parametrize(("kind", "adm", "title"), [
    ("NOTE", "note", "Bemærk"), ("TIP", "tip", "Tip"), ("IMPORTANT", "info", "Vigtigt"),
    ("CAUTION", "danger", "Forsigtig"), ("WARNING", "warning", "Advarsel"), ("note", "note", "Bemærk"),
])
def test_alerts_become_admonitions_with_danish_titles(kind: str, adm: str, title: str) -> None:
    lines = [f"> [!{kind}]", "> Første linje", "> anden linje", "", "Efter"]
    out = alerts(lines)
    assert out[:4] == [f'!!! {adm} "{title}"', "", "    Første linje", "    anden linje"]
    assert out[-1] == "Efter"


def test_alert_inside_a_list_item_keeps_its_indent() -> None:
    lines = ["1. Trin", "", "   > [!TIP]", "   > Husk at gemme."]
    out = alerts(lines)
    assert out[2:5] == ['   !!! tip "Tip"', "", "       Husk at gemme."]


def test_video_becomes_a_link_to_the_video_not_an_embedded_player() -> None:
    lines = ["> [!Video https://www.youtube.com/embed/HYYI4ZCl4S4]"]
    out = alerts(lines)
    assert out == ["[:material-play-circle-outline: Se videoen](https://www.youtube.com/watch?v=HYYI4ZCl4S4)"
                   "{ .so-video }"]


def test_unknown_alert_is_reported_and_shown_as_a_note() -> None:
    lines = ["> [!SPOILER]", "> x"]
    diags = Diagnostics()
    out = alerts(lines, diags)
    assert out[0] == '!!! note "Bemærk"'
    assert [d.kind for d in diags] == ["unsupported"]


def test_docfx_tabs_become_content_tabs() -> None:
    lines = ["# [Online](#tab/online)", "Tekst online", "", "# [Onsite](#tab/onsite/win)", "Tekst onsite", "",
             "---", "Efter"]
    diags = Diagnostics()
    out = tabs(lines, diags)
    assert out.lines == ['=== "Online"', "", "    Tekst online", "", '=== "Onsite"', "", "    Tekst onsite", "", "",
                         "Efter"]
    assert len(out.origins) == len(out.lines) and list(diags) == []


@pytest.mark.parametrize(("tag", "expect"), [
    ('<i class="ph ph-gear" aria-hidden="true"></i>', 'aria-hidden="true"'),
    ('<i class="ph ph-warning" aria-label="Advarsel &quot;x&quot;"></i>', 'role="img" aria-label="Advarsel'),
])
def test_icons_become_inline_svg(tag: str, expect: str) -> None:
    out = convert_icons([f"Klik {tag} her"], [Origin.at("p.md", 1)], Diagnostics())
    assert "<svg" in out[0] and expect in out[0] and "<i " not in out[0]


def test_unknown_icon_is_reported_and_removed() -> None:
    diags = Diagnostics()
    out = convert_icons(['<i class="ph ph-no-such-icon"></i>'], [Origin.at("p.md", 7)], diags)
    assert out == [""]
    assert str(next(iter(diags))).startswith("p.md:7:1: icon ph-no-such-icon is not vendored")


@pytest.fixture
def index() -> UidIndex:
    idx = UidIndex()
    idx.add("help-da-user-plans", Target("content/da/admin/license/user-plans.md", "Brugerplaner",
                                         Origin.at("content/da/admin/license/user-plans.md", 2)), Diagnostics())
    return idx


@pytest.mark.parametrize(("source", "expected"), [
    ("[Planer](xref:help-da-user-plans)", "[Planer](../admin/license/user-plans.md)"),
    ("[Planer](xref:help-da-user-plans#sales)", "[Planer](../admin/license/user-plans.md#sales)"),
    ("Se <xref:help-da-user-plans>.", "Se [Brugerplaner](../admin/license/user-plans.md)."),
    ("Se @help-da-user-plans i dag", "Se [Brugerplaner](../admin/license/user-plans.md) i dag"),
    ("Skriv til support@superoffice.com", "Skriv til support@superoffice.com"),
    # A domain after "@" is text, unreported: DocFX shows an unknown @uid as written, silently.
    ('The domain (email ending)"@yourdomain.com".', 'The domain (email ending)"@yourdomain.com".'),
    ("enter the name without @domain.xx, and", "enter the name without @domain.xx, and"),
    ("`<xref:help-da-user-plans>`", "`<xref:help-da-user-plans>`"),
])
def test_xref_forms(index: UidIndex, source: str, expected: str) -> None:
    diags = Diagnostics()
    out = resolve_xrefs("content/da/learn/page.md", [source], [Origin.at("p.md", 1)], index, diags)
    assert out == [expected]
    assert not list(diags)


@pytest.mark.parametrize("source", ["[x](xref:nope-uid)", "<xref:nope-uid>", "@nope-uid"])
def test_unknown_uid_is_an_error_with_position(index: UidIndex, source: str) -> None:
    diags = Diagnostics()
    out = resolve_xrefs("content/p.md", ["ab " + source], [Origin.at("content/p.md", 4)], index, diags)
    [problem] = list(diags)
    assert str(problem) == "content/p.md:4:4: cross reference to unknown uid 'nope-uid'"
    assert "xref:" not in out[0]


# The <xref> tag as DocFX's XRefDetails reads it: href (or uid) is a uid with an optional query and fragment;
# resolved, the text is the tag's content, else its text/name attribute, else the target's displayProperty
# (name by default; a target without the property shows its name); unresolved, the content, else alt, else the
# uid, as plain text. Targets: a reference page with a member, and a Markdown page (no fullName of its own).
REF = "content/en/ref/System.String.yml"


@pytest.fixture
def ref_index() -> UidIndex:
    idx, diags = UidIndex(), Diagnostics()
    idx.add("System.String", Target(REF, "String", Origin.at(REF, 3), "",
                                    {"fullName": "System.String", "nameWithType": "String"}), diags)
    idx.add("System.String.Concat", Target(REF, "Concat", Origin.at(REF, 20), "#System_String_Concat",
                                           {"fullName": "System.String.Concat", "nameWithType": "String.Concat"}),
            diags)
    idx.add("help-plans", Target("content/en/admin/plans.md", "User plans", Origin.at("content/en/admin/plans.md", 2)),
            diags)
    return idx


@pytest.mark.parametrize(("source", "expected"), [
    # Resolved: a link to the target's page; the text is the target's name.
    ('See <xref href="System.String" data-throw-if-not-resolved="false"></xref>.',
     "See [String](../ref/System.String.yml)."),
    ('See <xref href="System.String"/>', "See [String](../ref/System.String.yml)"),
    ('<xref uid="System.String"></xref>', "[String](../ref/System.String.yml)"),
    # A member: its anchor on the type's page; a fragment written in href wins.
    ('<xref href="System.String.Concat"></xref>', "[Concat](../ref/System.String.yml#System_String_Concat)"),
    ('<xref href="System.String.Concat#remarks"></xref>', "[Concat](../ref/System.String.yml#remarks)"),
    # displayProperty, in the query or as an attribute (HTML attribute names ignore case, quotes are optional).
    ('<xref href="System.String.Concat?displayProperty=fullName"></xref>',
     "[System.String.Concat](../ref/System.String.yml#System_String_Concat)"),
    ('<xref href="System.String.Concat" displayProperty="nameWithType"></xref>',
     "[String.Concat](../ref/System.String.yml#System_String_Concat)"),
    ("See <XREF HREF='System.String.Concat' DISPLAYPROPERTY=fullName />",
     "See [System.String.Concat](../ref/System.String.yml#System_String_Concat)"),
    # A Markdown page has no fullName: its name (the title) is shown.
    ('<xref href="help-plans?displayProperty=fullName"></xref>', "[User plans](../admin/plans.md)"),
    # The tag's own content, or its text attribute, is the link text.
    ('<xref href="System.String">the <b>string</b> type</xref>', "[the <b>string</b> type](../ref/System.String.yml)"),
    ('<xref href="System.String" text="a &amp; b"></xref>', "[a &#38; b](../ref/System.String.yml)"),
    # The autolink takes the same query.
    ("<xref:System.String.Concat?displayProperty=nameWithType>",
     "[String.Concat](../ref/System.String.yml#System_String_Concat)"),
    # Unresolved and data-throw-if-not-resolved="false": plain text, nothing reported.
    ('See <xref href="CRMScript.NetServer.Gone" data-throw-if-not-resolved="false"></xref>.',
     "See CRMScript.NetServer.Gone."),
    ('<xref href="Gone" data-throw-if-not-resolved="False">the gone type</xref>', "the gone type"),
    ('<xref href="Gone" alt="Gone type" data-throw-if-not-resolved="false"/>', "Gone type"),
    ('<xref href="Gone" text="Not shown" data-throw-if-not-resolved="false"/>', "Gone"),  # text is for links
    ('<xref href="My_Gone_Type" data-throw-if-not-resolved="false"></xref>', "My&#95;Gone&#95;Type"),  # no emphasis
    # In a code span the tag is code.
    ('`<xref href="System.String"></xref>`', '`<xref href="System.String"></xref>`'),
])
def test_xref_tag(ref_index: UidIndex, source: str, expected: str) -> None:
    diags = Diagnostics()
    out = resolve_xrefs("content/en/learn/page.md", [source], [Origin.at("p.md", 1)], ref_index, diags)
    assert out == [expected]
    assert [str(d) for d in diags] == []


@pytest.mark.parametrize(("source", "severity", "message"), [
    # Without the attribute DocFX shows the text silently; the engine warns, so a mistyped uid is seen.
    ('<xref href="Nope.Uid"></xref>', "warning", "cross reference to unknown uid 'Nope.Uid', shown as plain text; "
     'write data-throw-if-not-resolved="false" if that is meant'),
    # data-throw-if-not-resolved="true" asks for DocFX's error, as <xref:uid> does.
    ('<xref href="Nope.Uid" data-throw-if-not-resolved="true"></xref>', "error",
     "cross reference to unknown uid 'Nope.Uid'"),
    ('<xref href="Nope.Uid" data-throw-if-not-resolved="True"/>', "error", "cross reference to unknown uid 'Nope.Uid'"),
])
def test_unknown_uid_in_an_xref_tag_is_reported_at_its_position(ref_index: UidIndex, source: str, severity: str,
                                                                message: str) -> None:
    diags = Diagnostics()
    out = resolve_xrefs("content/p.md", ["ab " + source], [Origin.at("content/p.md", 4)], ref_index, diags)
    assert [(str(d), d.kind, d.severity) for d in diags] == [(f"content/p.md:4:4: {message}", "unknown-uid", severity)]
    assert out == ["ab Nope.Uid"]


def test_an_xref_tag_without_a_uid_is_reported_and_shows_its_content(ref_index: UidIndex) -> None:
    diags = Diagnostics()
    out = resolve_xrefs("content/p.md", ["<xref>text</xref>"], [Origin.at("content/p.md", 2)], ref_index, diags)
    assert out == ["text"]
    assert [(str(d.origin), d.severity) for d in diags] == [("content/p.md:2:1", "warning")]


@pytest.mark.parametrize(("lines", "expected"), [
    # DocFX resolves the tag in the HTML it publishes, raw HTML blocks included: there it becomes HTML. (A line
    # of nothing but a self-closed tag is such a block, CommonMark's kind 7.)
    (['<xref href="System.String"/>'], ['<a class="xref" href="../ref/System.String.yml">String</a>']),
    (['<table><tr><td><xref href="System.String" data-throw-if-not-resolved="false"></xref></td>'
      '<td><xref href="Gone&amp;Lost" data-throw-if-not-resolved="false"></xref></td></tr></table>'],
     ['<table><tr><td><a class="xref" href="../ref/System.String.yml">String</a></td>'
      "<td>Gone&amp;Lost</td></tr></table>"]),
    (["<div>", '<xref href="System.String.Concat?displayProperty=nameWithType" title="The &quot;concat&quot;"/>',
      "</div>"],
     ["<div>", '<a class="xref" href="../ref/System.String.yml#System_String_Concat" '
      'title="The &#34;concat&#34;">String.Concat</a>', "</div>"]),
    # Code is code.
    (["```html", '<xref href="System.String"></xref>', "```"],
     ["```html", '<xref href="System.String"></xref>', "```"]),
    (["    <xref href=\"Gone\"></xref>"], ["    <xref href=\"Gone\"></xref>"]),
])
def test_xref_tag_in_raw_html_and_code(ref_index: UidIndex, lines: list[str], expected: list[str]) -> None:
    diags = Diagnostics()
    assert resolve_xrefs("content/en/learn/page.md", lines, origins(lines), ref_index, diags) == expected
    assert [str(d) for d in diags] == []


def test_duplicate_uid_is_an_error_naming_both_files() -> None:
    idx, diags = UidIndex(), Diagnostics()
    idx.add("x", Target("content/a.md", "A", Origin.at("content/a.md", 2)), diags)
    idx.add("x", Target("content/b.md", "B", Origin.at("content/b.md", 3)), diags)
    assert [str(d) for d in diags] == ["content/b.md:3: uid 'x' is already used by content/a.md:2"]


@pytest.mark.parametrize(("lines", "expected"), [
    # An alert include written inside a block quote: the note sits in the quote.
    (["1. Trin", "    > > [!NOTE]", "    > > Skal udfyldes."],
     ["1. Trin", "    >", '    > !!! note "Bemærk"', "    >", "    >     Skal udfyldes.", "    >"]),
    # An alert include written as a list item: the note is the item's content.
    (["* > [!TIP]", "  > Husk det."], ['* !!! tip "Tip"', "", "      Husk det.", ""]),
    # A fence in the alert body stays a fence, and keeps its role.
    (["> [!NOTE]", "> ```cs", "> x", "> ```"], ['!!! note "Bemærk"', "", "    ```cs", "    x", "    ```", ""]),
])
def test_alerts_inside_quotes_and_list_items(lines: list[str], expected: list[str]) -> None:
    assert alerts(lines) == expected


def test_alert_body_keeps_the_roles_of_its_lines() -> None:
    out = convert_alerts(Text(["> [!NOTE]", "> ```", "> [!include[x](y.md)]", "> ```"],
                              origins(["", "", "", ""])), Diagnostics())
    assert out.roles == ["text", "text", "fence", "fence", "fence", "text"]


def test_unclosed_tab_group_is_reported_at_its_first_tab_and_runs_to_the_end() -> None:
    diags = Diagnostics()
    out = tabs(["# [A](#tab/a)", "Tekst", "", "Mere"], diags)
    assert out.lines == ['=== "A"', "", "    Tekst", "", "    Mere"]
    assert [(str(d.origin), d.kind, d.severity) for d in diags] == [("p.md:1", "unclosed", "warning")]


def test_tab_group_opened_in_an_include_ends_with_the_include() -> None:
    page = Origin.at("p.md", 5)
    lines = ["# [A](#tab/a)", "Fra include", "Fra siden"]
    text = Text(lines, [Origin.at("inc.md", 1).included_from(page), Origin.at("inc.md", 2).included_from(page),
                        Origin.at("p.md", 6)])
    diags = Diagnostics()
    out = convert_tabs(text, diags)
    assert out.lines == ['=== "A"', "", "    Fra include", "", "Fra siden"]
    assert [d.origin.chain() for d in diags] == ["p.md:5 -> inc.md:1"]


def test_a_dash_line_under_text_is_a_heading_not_the_end_of_a_tab_group() -> None:
    out = tabs(["# [A](#tab/a)", "", "Overskrift", "---", "Tekst", "", "---", "Efter"])
    assert out.lines[-1] == "Efter" and "    Tekst" in out.lines


def test_an_alert_inside_an_alert_becomes_an_admonition_inside_an_admonition(tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/p.md": "1. Trin\n\n    > [!NOTE]\n    > [!include[M](i.md)]\n",
                          "content/i.md": "<!-- lint -->\n> [!WARNING]\n> Skal udfyldes.\n"})
    site = Site(Project(tmp_path, "content", "includes"), {"content/p.md"},
                UpstreamConfig("https://docs.superoffice.com/", "docs/", "html"))
    result = render_page(site, "content/p.md", (tmp_path / "content/p.md").read_text(encoding="utf-8"), 1)
    assert "[!" not in result.markdown and list(result.diagnostics) == []
    html = markdown.markdown(result.markdown, extensions=["admonition"])
    assert '<div class="admonition note">' in html and '<div class="admonition warning">' in html
    assert html.index("admonition note") < html.index("admonition warning") < html.index("Skal udfyldes")


def test_a_uid_the_site_lacks_but_the_full_documentation_has_links_there() -> None:
    index = UidIndex()
    index.upstream = upstream_uids(["docs/en/api/web/SuperOffice.Web.DialogCard.yml", "docs/en/api/toc.yml",
                                    "docs/en/crm/CRMScript.Native.Message.yml"], "content", "docs/")
    lines = ["Se <xref:SuperOffice.Web.DialogCard>, [setValue](xref:CRMScript.Native.Message.setValue(String,String))"
             " og @Nope.Missing."]
    diags = Diagnostics()
    out = resolve_xrefs("content/en/a/p.md", lines, origins(lines), index, diags)
    assert out == ["Se [DialogCard](../api/web/SuperOffice.Web.DialogCard.yml), "
                   "[setValue](../crm/CRMScript.Native.Message.yml) og @Nope.Missing."]
    assert [d.message for d in diags] == ["cross reference to unknown uid 'Nope.Missing'"]
