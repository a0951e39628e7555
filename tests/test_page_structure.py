"""What a reader meets first on the plan pages, and where the developer note and the combinations went."""

from __future__ import annotations

from typing import Any

from sodocs.diagnostics import Diagnostics
from sodocs.plans.model import load_plans
from tests.helpers import ROOT, Build, one

USER_PLANS = "da/admin/license/user-plans/index.html"


def article(build: Build, rel: str) -> Any:
    node = build.html(rel).css_first("article")
    assert node is not None
    return node


def blocks(node: Any) -> list[Any]:
    """The article's top-level elements in order (the theme's own wrappers left out)."""
    return [c for c in node.iter() if c.tag not in ("-text", "-comment")]


def test_user_plans_opens_with_what_a_buyer_needs(real_site: Build) -> None:
    top = blocks(article(real_site, USER_PLANS))
    first = next(b for b in top if b.tag not in ("h1", "a") and "so-page-meta" not in (b.attributes.get("class") or ""))
    assert "so-summary" in (first.attributes.get("class") or "")
    summary = " ".join(first.text(separator=" ").split())
    for fact in ("3 løsninger", "Sales, Service og Marketing", "2 niveauer", "6 grundplaner", "20 kombinationer",
                 "4 tilføjelser", "månedligt, kvartalsvis, halvårligt eller årligt", "12 måneder"):
        assert fact in summary, fact
    action = first.css_first("a.md-button")
    assert action is not None and action.attributes["href"] == "../plan-explorer/"


def test_the_developer_note_is_a_box_at_the_end(real_site: Build) -> None:
    top = blocks(article(real_site, USER_PLANS))
    boxes = [i for i, b in enumerate(top) if "ExtraFlags" in b.text()]
    assert len(boxes) == 1, "ExtraFlags is mentioned outside the developer box"
    box = top[boxes[0]]
    assert "so-developer" in (box.attributes.get("class") or "")
    assert box.css_first(".admonition-title").text().strip() == "For udviklere"
    last_heading = max(i for i, b in enumerate(top) if b.tag == "h2")
    assert boxes[0] > last_heading
    assert all(b.tag in ("script", "div") and not b.text().strip() for b in top[boxes[0] + 1:])


def test_combinations_are_a_matrix_with_the_list_kept(real_site: Build) -> None:
    page = article(real_site, USER_PLANS)
    matrix = page.css_first("#so-matrix")
    assert matrix is not None and len(matrix.css("tbody tr")) == 9
    details = page.css_first("details.so-list")
    assert details is not None
    diags = Diagnostics()
    plans = load_plans((ROOT / "data/plans.yml").read_text(encoding="utf-8"), "data/plans.yml", diags)
    assert plans is not None
    names = [plans.combination_name(c) for c in plans.combinations()]
    assert [" ".join(li.text().split()) for li in details.css("li")] == names
    assert details.css_first("summary").text().strip() == f"Alle {len(names)} kombinationer som liste"


def test_tables_are_kept_out_of_both_search_indexes(real_site: Build) -> None:
    for rel, ids in ((USER_PLANS, ["#so-matrix"]),
                     ("da/admin/license/plan-explorer/index.html", ["#so-matrix", "#so-compare"])):
        for table_id in ids:
            table = one(real_site.html(rel), table_id)
            wrapper = table.parent
            while wrapper is not None and "so-table-wrap" not in (wrapper.attributes.get("class") or ""):
                wrapper = wrapper.parent
            assert wrapper is not None, f"{rel} {table_id} has no wrapper"
            assert "data-search-exclude" in wrapper.attributes and "data-pagefind-ignore" in wrapper.attributes


def test_scripts_load_only_where_they_are_used(real_site: Build) -> None:
    def scripts(rel: str) -> set[str]:
        return {(s.attributes.get("src") or "").rsplit("/", 1)[-1] for s in real_site.html(rel).css("script[src]")}

    assert "plan-explorer.js" in scripts("da/admin/license/plan-explorer/index.html")
    for rel in (USER_PLANS, "index.html", "da/learn/getting-started/index.html",
                "da/learn/getting-started/login/index.html"):
        assert "plan-explorer.js" not in scripts(rel), rel
    assert "onboarding.js" in scripts("index.html")
    assert "onboarding.js" in scripts("da/learn/getting-started/index.html")
    assert "onboarding.js" not in scripts(USER_PLANS)


def test_glossary_tooltips_cover_whole_plan_names(real_site: Build) -> None:
    """A tier's tooltip ("Premium") must not sit on half a plan name ("Sales-Premium"): each plan name is a term."""
    diags = Diagnostics()
    plans = load_plans((ROOT / "data/plans.yml").read_text(encoding="utf-8"), "data/plans.yml", diags)
    assert plans is not None
    glossary = (ROOT / "includes/glossary.md").read_text(encoding="utf-8")
    for plan in plans.base_plans:
        assert f"*[{plan.name}]:" in glossary, plan.name
    for rel in (USER_PLANS, "da/admin/license/plan-explorer/index.html"):
        page = article(real_site, rel)
        for abbr in page.css("abbr"):
            before = abbr.prev.text() if abbr.prev is not None and abbr.prev.tag == "-text" else ""
            assert not before.endswith("-"), f"{rel}: a tooltip covers only {abbr.text()!r} of a longer name"
    assert "Sales-Premium" in {abbr.text() for abbr in article(real_site, USER_PLANS).css("abbr")}
