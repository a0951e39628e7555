"""Plan data: the rule, the checks (message and line), and the rendered page against the seed itself."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from sodocs.diagnostics import Diagnostics
from sodocs.plans.model import Plans, load_plans
from tests.helpers import ROOT, SEEDS, Build, attr, build_site, one

DATA = ROOT / "data" / "plans.yml"
SEED = SEEDS / "004_691f0675a416ade6.txt"


def seed() -> str:
    if not SEED.exists():
        pytest.skip(f"seed {SEED} is absent (../shared is not beside the project)")
    return SEED.read_text(encoding="utf-8")


def real_plans() -> Plans:
    diags = Diagnostics()
    plans = load_plans(DATA.read_text(encoding="utf-8"), "data/plans.yml", diags)
    assert plans is not None, [str(d) for d in diags]
    return plans


def seed_list(after: str, until: str = "\n## ") -> list[str]:
    """The list items of the seed between two markers, with reference links reduced to their text."""
    text = seed()
    start = text.index(after) + len(after)
    block = text[start:text.index(until, start)]
    return [re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", m) for m in re.findall(r"^\s*\* (.+)$", block, flags=re.M)]


def test_the_rule_yields_exactly_the_seeds_20_combinations_in_order() -> None:
    plans = real_plans()
    expected = seed_list("Disse kan kombineres til:")
    assert len(expected) == 20
    assert [plans.combination_name(c) for c in plans.combinations()] == expected


def test_the_combination_blocks_follow_the_seed() -> None:
    text = seed()
    block_text = text[text.index("Disse kan kombineres til:"):text.index("## Tilgængelige")]
    blocks = [re.findall(r"^\* (.+)$", b, flags=re.M) for b in re.split(r"\n\s*\n", block_text)]
    blocks = [b for b in blocks if b]
    plans = real_plans()
    assert [[plans.combination_name(c) for c in b] for b in plans.combination_blocks()] == blocks


def test_base_plan_names_exactly_as_the_seed_writes_them() -> None:
    assert [p.name for p in real_plans().base_plans] == seed_list("Grundplanerne:", "Disse kan")


def test_premium_includes_essential_because_the_data_says_so() -> None:
    plans = real_plans()
    sales_premium = plans.plan("sales", "premium")
    assert "opportunities" in plans.plan_features(sales_premium)  # an Essential feature
    assert [t.includes for t in plans.tiers] == [(), ("essential",)]


@pytest.mark.parametrize(("choice", "kind", "name"), [
    ({}, "none", ""),
    ({"sales": "premium"}, "base", "Sales-Premium"),
    ({"sales": "premium", "service": "essential"}, "combination", "Sales-Premium + Service-Essentials"),
    ({"sales": "essential", "service": "premium", "marketing": "premium"}, "combination",
     "Sales-Essentials + Service-Premium + Marketing-Premium"),
    ({"service": "premium", "marketing": "essential"}, "combination", "Service-Premium + Marketing-Essentials"),
])
def test_what_a_choice_is_sold_as(choice: dict[str, str | None], kind: str, name: str) -> None:
    assert real_plans().sold_as(choice) == (kind, name)


def test_shared_features_are_counted_once_in_a_combination() -> None:
    plans = real_plans()
    features = plans.choice_features({"sales": "premium", "service": "premium"})
    assert features.count("project-management") == 1 and features.count("saint") == 1


def test_not_sold_exceptions_are_data() -> None:
    text = DATA.read_text(encoding="utf-8").replace(
        "  not_sold: []", "  not_sold:\n    - [Sales-Essentials, Marketing-Premium]")
    diags = Diagnostics()
    plans = load_plans(text, "data/plans.yml", diags)
    assert plans is not None
    names = [plans.combination_name(c) for c in plans.combinations()]
    assert len(names) == 19 and "Sales-Essentials + Marketing-Premium" not in names
    assert plans.sold_as({"sales": "essential", "marketing": "premium"})[0] == "not-sold"


# -- validation: one mistake each, with the writer's message and the line ---------------------------

def mutate(old: str, new: str) -> str:
    text = DATA.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ("      essential:\n        plan: Sales-Essentials", "      essentiel:\n        plan: Sales-Essentials",
     "essentiel:", "solution 'sales' offers an unknown tier 'essentiel' (known tiers: essential, premium)"),
    ("    includes: [essential]", "    includes: [basic]", "includes: [basic]",
     "tier 'premium' includes an unknown tier 'basic'"),
    ("    includes: [essential]", "    includes: [[essential]]", "includes: [[essential]]",
     "tier 'premium' includes an unknown tier '['essential']'"),
    ("  - id: calendar\n", "  - id: persons\n", "id: persons\n    label: {da: Kalender",
     "duplicate id 'persons': a feature group uses an id already used on line {first}"),
    ("  relations: {label: {da: Relationer, en: Relations}, group: persons}",
     "  relations: {label: {da: Relationer, en: Relations}, group: persons}\n"
     "  relations: {label: Igen, group: persons}", "relations: {label: Igen",
     "'relations' is written twice in the same place; ids must be unique"),
    ("features: [opportunities, forecasts,", "features: [opportunities, forecast,",
     "features: [opportunities, forecast,",
     "plan 'Sales-Essentials' names feature 'forecast', which is not defined under 'features'"),
    ("  currency: {label: {da: Valutaunderstøttelse, en: Currency support}, group: sales}",
     "  currency: {group: sales}",
     "currency: {group",
     "feature 'currency' has no 'label'"),
    ("  contract_months: 12", "  contract_months: tolv", "contract_months: tolv",
     "'contract_months' of 'billing' must be a whole number, not 'tolv'"),
    ("    audience: {da: For sælgere, en: For sales people}\n", "    audience: [For sælgere]\n", "audience: [For",
     "'audience' of solution 'sales' must be a text or one text per language, not ['For sælgere']"),
])
def test_each_mistake_is_reported_with_its_line(old: str, new: str, needle: str, message: str) -> None:
    text = mutate(old, new)
    diags = Diagnostics()
    assert load_plans(text, "data/plans.yml", diags) is None
    reported = [str(d) for d in diags]
    message = message.format(first=line_of(text, "  - id: persons"))
    assert f"data/plans.yml:{line_of(text, needle)}: {message}" in reported, reported


def test_one_mistake_is_reported_once() -> None:
    text = mutate("  relations: {label: {da: Relationer, en: Relations}, group: persons}",
                  "  relations: {label: {da: Relationer, en: Relations}, group: personer}")
    diags = Diagnostics()
    assert load_plans(text, "data/plans.yml", diags) is None
    assert [str(d) for d in diags] == [
        f"data/plans.yml:{line_of(text, 'relations: {label')}: feature 'relations' names an unknown group 'personer'"]


def test_malformed_yaml_is_reported_with_its_line() -> None:
    diags = Diagnostics()
    assert load_plans("groups:\n  - id: a\n   label: [x\n", "data/plans.yml", diags) is None
    assert str(next(iter(diags))).startswith("data/plans.yml:3: not valid YAML")


# -- the rendered pages --------------------------------------------------------------------------

def test_user_plans_page_has_every_item_of_the_seed_in_its_wording(real_site: Build) -> None:
    article = one(real_site.html("da/admin/license/user-plans/index.html"), "article")
    items = {" ".join("".join(n.text() for n in li.iter(include_text=True) if n.tag not in ("ul", "ol")).split())
             for li in article.css("li")}
    text = seed()
    for raw in re.findall(r"^\s*\* (.+)$", text[text.index("## Fælles"):], flags=re.M):
        wording = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", raw).strip()
        assert wording in items, wording
    assert "Kontraktperioden er 12 måneder. Efter de første 12 måneder" in article.text()


def test_user_plans_links_from_data_keep_their_targets(real_site: Build) -> None:
    article = one(real_site.html("da/admin/license/user-plans/index.html"), "article")
    links = {a.text().strip(): a.attributes.get("href") for a in article.css("a")}
    assert links["For sælgere"] == "https://www.superoffice.com/crm/sales-features/"
    assert links["Expander Services"] == "https://docs.superoffice.com/da/admin/license/expander-services.html"
    assert links["Customer Engagement Platform (CEP)"] == \
        "https://docs.superoffice.com/release-notes/9.2/cep/9.2-R01-update.html"


def compare_cells(build: Build) -> dict[str, dict[str, str]]:
    table = one(build.html("da/admin/license/plan-explorer/index.html"), "#so-compare")
    plans = [th.text() for th in table.css("thead th")][1:]
    rows: dict[str, dict[str, str]] = {}
    for tr in table.css("tbody tr[data-feature]"):
        cells = [one(td, ".so-sr-only").text() for td in tr.css("td")]
        rows[one(tr, "th").text()] = dict(zip(plans, cells, strict=True))
    return rows


def test_comparison_table_cells(real_site: Build) -> None:
    rows = compare_cells(real_site)
    project = rows["Projektstyring"]
    assert [p for p, v in project.items() if v == "Inkluderet"] == \
        ["Sales-Premium", "Service-Premium", "Marketing-Essentials", "Marketing-Premium"]
    assert project["Sales-Essentials"] == "Ikke inkluderet"
    assert set(rows["Firmaer og personer"].values()) == {"Inkluderet"}
    assert [p for p, v in rows["Marketing automation (flows)"].items() if v == "Inkluderet"] == ["Marketing-Premium"]
    assert rows["Salgsprognoser"]["Sales-Premium"] == "Inkluderet"  # Premium includes Essential


def test_comparison_table_is_accessible(real_site: Build) -> None:
    table = one(real_site.html("da/admin/license/plan-explorer/index.html"), "#so-compare")
    assert table.css_first("caption") is not None
    assert len(table.css('th[scope="row"]')) == len(real_plans().features)
    wrapper = table.parent
    assert wrapper is not None
    assert wrapper.attributes.get("role") == "region" and wrapper.attributes.get("tabindex") == "0"


def test_combination_matrix_cells(real_site: Build) -> None:
    table = one(real_site.html("da/admin/license/plan-explorer/index.html"), "#so-matrix")
    cells = {}
    for tr in table.css("tbody tr"):
        sales, service = (th.text() for th in tr.css("th"))
        for marketing, td in zip(("Ingen", "Essential", "Premium"), tr.css("td"), strict=True):
            cells[(sales, service, marketing)] = " ".join(td.text(separator=" ").split())
    assert len(cells) == 27
    assert cells[("Ingen", "Ingen", "Ingen")] == "Intet valgt"
    assert cells[("Premium", "Ingen", "Ingen")] == "Sales-Premium grundplan"
    assert cells[("Premium", "Essential", "Ingen")] == "Sales-Premium + Service-Essentials flerplansbruger"
    assert cells[("Ingen", "Premium", "Essential")] == "Service-Premium + Marketing-Essentials flerplansbruger"


def test_explorer_json_is_embedded_from_the_same_data(real_site: Build) -> None:
    import json
    node = one(real_site.html("da/admin/license/plan-explorer/index.html"), "#so-plan-explorer")
    data = json.loads(attr(node, "data-plans"))
    plans = real_plans()
    assert set(data["features"]) == set(plans.features)
    sold = {c["name"] for c in data["choices"] if c["kind"] == "combination"}
    assert sold == {plans.combination_name(c) for c in plans.combinations()}


# -- macros in fixture sites ----------------------------------------------------------------------

def copy_site(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for folder in ("content", "includes", "macros", "data", "site_overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def test_data_reaches_html_escaped(tmp_path: Path) -> None:
    project = copy_site(tmp_path)
    data = project / "data" / "plans.yml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "{da: Relationer,", "{da: \"<script>alert('x')</script>\","), encoding="utf-8")
    build = build_site(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    for page in ("da/admin/license/user-plans/index.html", "da/admin/license/plan-explorer/index.html"):
        html = (build.site / page).read_text(encoding="utf-8")
        assert "<script>alert" not in html
        assert "<script>alert('x')</script>" in one(build.html(page), "article").text()


def test_bad_data_fails_the_build_before_any_page(tmp_path: Path) -> None:
    project = copy_site(tmp_path)
    data = project / "data" / "plans.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("group: sales}", "group: salg}", 1), encoding="utf-8")
    build = build_site(project, tmp_path / "site")
    assert build.returncode != 0
    assert "data/plans.yml:" in build.log and "names an unknown group 'salg'" in build.log
    assert "Traceback" not in build.log
    assert not (tmp_path / "site" / "da").exists()


@pytest.mark.parametrize(("call", "message"), [
    ("{{ no_such_macro() }}", "'no_such_macro' is undefined"),
    ("{{ plan_tier_features(\"sales\", \"gold\") }}", "gold"),
    ("{{ plan_common_features( }}", "macro syntax"),
])
def test_macro_errors_name_the_page_line_and_never_reach_the_page(tmp_path: Path, call: str, message: str) -> None:
    project = copy_site(tmp_path)
    page = project / "content/da/admin/license/user-plans.md"
    text = page.read_text(encoding="utf-8").replace("## Sales\n", f"## Sales\n\n{call}\n", 1)
    page.write_text(text, encoding="utf-8")
    line = line_of(text, call)
    build = build_site(project, tmp_path / "site", strict=True)
    assert build.returncode != 0
    assert f"content/da/admin/license/user-plans.md:{line}" in build.log and message in build.log
    non_strict = build_site(project, tmp_path / "site2", strict=False)
    assert non_strict.returncode != 0 and not non_strict.site.exists()  # an error fails every build
    # A --dirty build writes in place, so the page the error was on can be read.
    dirty = build_site(project, tmp_path / "site3", strict=False, args=("--dirty",))
    assert dirty.returncode != 0
    html = (dirty.site / "da/admin/license/user-plans/index.html").read_text(encoding="utf-8")
    assert "undefined" not in html and "{{" not in html and "macro" not in html.lower()


def test_pages_without_macros_true_keep_braces_as_text(tmp_path: Path) -> None:
    project = copy_site(tmp_path)
    (project / "content/skabeloner.md").write_text(
        "---\ntitle: Skabeloner\n---\n# Skabeloner\n\nSkabeloner bruger `{{ navn }}` og {{ firma }}.\n",
        encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - Forside: index.md\n", "  - Forside: index.md\n  - skabeloner.md\n"), encoding="utf-8")
    build = build_site(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    assert "{{ firma }}" in one(build.html("skabeloner/index.html"), "article").text()


def test_data_and_macros_folders_are_watched_by_mkdocs_serve() -> None:
    from mkdocs.config import load_config
    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    watched = {Path(p).resolve() for p in config.watch}
    assert {ROOT / "data", ROOT / "includes", ROOT / "macros"} <= watched


def test_common_features_are_nested_under_their_groups_as_in_the_seed(real_site: Build) -> None:
    article = one(real_site.html("da/admin/license/user-plans/index.html"), "article")
    first_list = one(article, "h2#fælles-funktioner-i-alle-planer-og-niveauer").next
    while first_list is not None and first_list.tag != "ul":  # the list right under the heading
        first_list = first_list.next
    def children(node: Any) -> list[Any]:
        return [c for c in node.iter() if c.tag == "li"] if node is not None else []

    groups = {" ".join(li.text(deep=False).split()): [" ".join(c.text().split()) for c in children(li.css_first("ul"))]
              for li in children(first_list)}
    text = seed()
    block = text[text.index("## Fælles"):text.index("## Sales")]
    expected: dict[str, list[str]] = {}
    for line in block.splitlines():
        if line.startswith("* "):
            current = line[2:].strip()
            expected[current] = []
        elif line.startswith("  * "):
            expected[current].append(line[4:].strip())
    assert groups == expected
