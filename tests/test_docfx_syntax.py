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
