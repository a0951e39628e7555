"""Alerts, video, tabs, icons, xref and leftovers: table-driven over the pure functions."""

from __future__ import annotations

import pytest

from sodocs.diagnostics import Diagnostics, Origin
from sodocs.docfx.alerts import convert_alerts
from sodocs.docfx.icons import convert_icons
from sodocs.docfx.tabs import convert_tabs
from sodocs.docfx.xref import Target, UidIndex, resolve_xrefs


def origins(lines: list[str]) -> list[Origin]:
    return [Origin.at("p.md", i + 1) for i in range(len(lines))]


@pytest.mark.parametrize(("kind", "adm", "title"), [
    ("NOTE", "note", "Bemærk"), ("TIP", "tip", "Tip"), ("IMPORTANT", "info", "Vigtigt"),
    ("CAUTION", "danger", "Forsigtig"), ("WARNING", "warning", "Advarsel"), ("note", "note", "Bemærk"),
])
def test_alerts_become_admonitions_with_danish_titles(kind: str, adm: str, title: str) -> None:
    lines = [f"> [!{kind}]", "> Første linje", "> anden linje", "", "Efter"]
    out, _ = convert_alerts(lines, origins(lines), Diagnostics())
    assert out[:4] == [f'!!! {adm} "{title}"', "", "    Første linje", "    anden linje"]
    assert out[-1] == "Efter"


def test_alert_inside_a_list_item_keeps_its_indent() -> None:
    lines = ["1. Trin", "", "   > [!TIP]", "   > Husk at gemme."]
    out, _ = convert_alerts(lines, origins(lines), Diagnostics())
    assert out[2:5] == ['   !!! tip "Tip"', "", "       Husk at gemme."]


def test_video_becomes_a_link_to_the_video_not_an_embedded_player() -> None:
    lines = ["> [!Video https://www.youtube.com/embed/HYYI4ZCl4S4]"]
    out, _ = convert_alerts(lines, origins(lines), Diagnostics())
    assert out == ["[:material-play-circle-outline: Se videoen](https://www.youtube.com/watch?v=HYYI4ZCl4S4)"
                   "{ .so-video }"]


def test_unknown_alert_is_reported_and_shown_as_a_note() -> None:
    lines = ["> [!SPOILER]", "> x"]
    diags = Diagnostics()
    out, _ = convert_alerts(lines, origins(lines), diags)
    assert out[0] == '!!! note "Bemærk"'
    assert [d.kind for d in diags] == ["unsupported"]


def test_docfx_tabs_become_content_tabs() -> None:
    lines = ["# [Online](#tab/online)", "Tekst online", "", "# [Onsite](#tab/onsite/win)", "Tekst onsite", "---",
             "Efter"]
    out, outs = convert_tabs(lines, origins(lines))
    assert out == ['=== "Online"', "", "    Tekst online", "", '=== "Onsite"', "", "    Tekst onsite", "", "Efter"]
    assert len(outs) == len(out)


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
