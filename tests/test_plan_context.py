"""What plan macros and the explorer see, from a small hand-written plan file whose answers are known."""

from __future__ import annotations

import pytest

from sodocs.diagnostics import Diagnostics
from sodocs.plans.context import explorer_data, macro_context
from sodocs.plans.model import Plans, load_plans

SMALL = """\
groups:
  - {id: base, label: Grundlag}
  - {id: extra, label: Ekstra}
features:
  contacts: {label: Kontakter, group: base}
  diary: {label: Dagbog, group: base}
  guide: {label: Salgsguide, group: extra}
  cases: {label: Sager, group: extra}
common:
  - {group: base, features: [contacts, diary]}
tiers:
  - {id: essential, name: Essential}
  - {id: premium, name: Premium, includes: [essential]}
solutions:
  - id: sales
    name: Sales
    audience: For sælgere
    link: https://example.org/sales
    tiers:
      essential: {plan: Sales-Essentials, features: []}
      premium: {plan: Sales-Premium, features: [guide]}
  - id: service
    name: Service
    audience: For service
    link: https://example.org/service
    tiers:
      essential: {plan: Service-Essentials, features: [cases]}
      premium: {plan: Service-Premium, features: []}
combinations:
  min_solutions: 2
  max_solutions: 2
  separator: " + "
  not_sold: []
  list_blocks: []
addons: []
billing: {periods: [månedligt], contract_months: 12, renewal: automatic}
"""


@pytest.fixture(scope="module")
def plans() -> Plans:
    diags = Diagnostics()
    loaded = load_plans(SMALL, "data/plans.yml", diags)
    assert loaded is not None, [str(d) for d in diags]
    return loaded


def test_macro_lookups(plans: Plans) -> None:
    variables, functions = macro_context(plans)
    assert functions["feature_rows"]("extra") == ["guide", "cases"]
    # Premium includes Essential, so Sales-Premium has what Sales-Essentials has and its own guide.
    assert variables["plan_features"]["sales-premium"] >= {"contacts", "diary", "guide"}
    assert "cases" not in variables["plan_features"]["sales-premium"]


def test_explorer_data_lists_every_choice_once(plans: Plans) -> None:
    data = explorer_data(plans)
    # Two solutions, each none/essential/premium: 3 × 3 choices.
    assert len(data["choices"]) == 9
    by_choice = {(c["choice"]["sales"], c["choice"]["service"]): c for c in data["choices"]}
    assert by_choice[(None, None)]["kind"] == "none"
    assert (by_choice[("premium", None)]["kind"], by_choice[("premium", None)]["name"]) == ("base", "Sales-Premium")
    both = by_choice[("essential", "essential")]
    assert (both["kind"], both["name"]) == ("combination", "Sales-Essentials + Service-Essentials")
    assert set(both["features"]) == {"contacts", "diary", "cases"}
    assert data["common"] == ["contacts", "diary"]
    assert [t["includes"] for t in data["tiers"]] == [[], ["essential"]]
