"""What the plan macros see: the checked ``Plans`` and a few lookups, plus the explorer's JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import StrictUndefined

from .model import Plans

# The names the plan data gives the macros (``macro_context``'s keys), and the onboarding data's one.
PLAN_NAMES = ("plans", "groups", "features", "solutions", "tiers", "plan_features", "explorer_json",
              "feature_rows")
ONBOARDING_NAMES = ("onboarding_steps",)
UI_NAMES = ("ui_json", "t", "count")  # the interface strings' (sodocs.plans.ui_text)


def missing_data(path: str, names: tuple[str, ...]) -> dict[str, Any]:
    """Stand-ins for the names a data file would give: any use says the file is missing, by name."""
    return {name: StrictUndefined(hint=f"{path} is missing (deleted or moved?); {name!r} comes from it")
            for name in names}


def macro_context(plans: Plans) -> tuple[dict[str, Any], dict[str, Callable[..., Any]]]:
    tiers = {t.id: t for t in plans.tiers}

    def feature_rows(group: str) -> list[str]:
        return [f.id for f in plans.features.values() if f.group == group]

    variables: dict[str, Any] = {
        "plans": plans,
        "groups": {g.id: g for g in plans.groups},
        "features": plans.features,
        "solutions": {s.id: s for s in plans.solutions},
        "tiers": tiers,
        "plan_features": {p.id: set(plans.plan_features(p)) for p in plans.base_plans},
        "explorer_json": explorer_data(plans),
    }
    return variables, {"feature_rows": feature_rows}


def explorer_data(plans: Plans) -> dict[str, Any]:
    """Everything the plan explorer needs, computed once here so no rule is written again in JavaScript."""
    choices = []
    for choice in plans.all_choices():
        kind, name = plans.sold_as(choice)
        choices.append({"choice": choice, "kind": kind, "name": name, "features": plans.choice_features(choice)})
    return {
        "solutions": [{"id": s.id, "name": s.name, "audience": s.audience,
                       "plans": [{"id": p.id, "tier": p.tier, "name": p.name, "features": plans.plan_features(p),
                                  "own": [f.id for f in p.own]} for p in s.plans]}
                      for s in plans.solutions],
        "tiers": [{"id": t.id, "name": t.name, "includes": list(t.includes)} for t in plans.tiers],
        "groups": [{"id": g.id, "label": g.label} for g in plans.groups],
        "features": {f.id: {"label": f.label, "group": f.group} for f in plans.features.values()},
        "common": plans.common_ids(),
        "choices": choices,
    }
