"""Plan data: load ``data/plans.yml``, check it with writer-facing messages, and apply its rules.

Plain Python, no MkDocs: the macros and the plan explorer's JSON both start from ``Plans``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..core import yaml_lines
from ..core.datacheck import DataChecker
from ..core.yaml_lines import line_of
from ..diagnostics import Diagnostics

SoldAs = Literal["none", "base", "combination", "not-sold"]


@dataclass(frozen=True)
class Group:
    id: str
    label: str


@dataclass(frozen=True)
class Feature:
    id: str
    label: str
    group: str


@dataclass(frozen=True)
class Tier:
    id: str
    name: str
    includes: tuple[str, ...]


@dataclass(frozen=True)
class PlanFeature:
    id: str
    label: str  # the wording this plan's list shows


@dataclass(frozen=True)
class Plan:
    id: str
    solution: str
    tier: str
    name: str
    own: tuple[PlanFeature, ...]


@dataclass(frozen=True)
class Solution:
    id: str
    name: str
    audience: str
    link: str
    plans: tuple[Plan, ...]  # in tier order


@dataclass(frozen=True)
class CommonGroup:
    group: str
    features: tuple[str, ...]


@dataclass(frozen=True)
class Addon:
    name: str
    link: str


@dataclass(frozen=True)
class CombinationRule:
    min_solutions: int
    max_solutions: int
    separator: str
    not_sold: tuple[frozenset[str], ...]
    list_blocks: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Billing:
    periods: tuple[str, ...]
    contract_months: int
    renewal: str


@dataclass(frozen=True)
class Plans:
    groups: tuple[Group, ...]
    features: dict[str, Feature]
    common: tuple[CommonGroup, ...]
    tiers: tuple[Tier, ...]
    solutions: tuple[Solution, ...]
    rule: CombinationRule
    addons: tuple[Addon, ...]
    billing: Billing

    # -- lookups -------------------------------------------------------------------------------
    def plan(self, solution: str, tier: str) -> Plan:
        sol = next(s for s in self.solutions if s.id == solution)
        return next(p for p in sol.plans if p.tier == tier)

    @property
    def base_plans(self) -> list[Plan]:
        return [p for s in self.solutions for p in s.plans]

    def common_ids(self) -> list[str]:
        return [f for g in self.common for f in g.features]

    def tier_chain(self, tier: str) -> list[str]:
        """The tier and every tier it includes, included ones first (Essential before Premium)."""
        found: list[str] = []

        def visit(tid: str) -> None:
            t = next(t for t in self.tiers if t.id == tid)
            for inc in t.includes:
                visit(inc)
            if tid not in found:
                found.append(tid)

        visit(tier)
        return found

    def plan_features(self, plan: Plan) -> list[str]:
        """Every feature of a base plan: the common ones, the included tiers', then its own; each once."""
        ids = self.common_ids()
        for tier in self.tier_chain(plan.tier):
            ids += [f.id for f in self.plan(plan.solution, tier).own]
        return list(dict.fromkeys(ids))

    def choice_features(self, choice: Mapping[str, str | None]) -> list[str]:
        ids: list[str] = self.common_ids()
        for plan in self.chosen_plans(choice):
            ids += self.plan_features(plan)
        return list(dict.fromkeys(ids))

    def chosen_plans(self, choice: Mapping[str, str | None]) -> list[Plan]:
        return [self.plan(s.id, t) for s in self.solutions if (t := choice.get(s.id))]

    # -- the combination rule ------------------------------------------------------------------
    def combinations(self) -> list[tuple[Plan, ...]]:
        """Every sold multi-plan combination, in the order of the user-plans page."""
        rule = self.rule
        plan_rank = {p.id: i for i, p in enumerate(self.base_plans)}
        combos: list[tuple[Plan, ...]] = []
        for size in range(rule.min_solutions, rule.max_solutions + 1):
            for sols in itertools.combinations(self.solutions, size):
                for plans in itertools.product(*(s.plans for s in sols)):
                    if frozenset(p.name for p in plans) not in rule.not_sold:
                        combos.append(plans)
        # A combination comes right before the longer ones it starts (a depth-first order).
        return sorted(combos, key=lambda c: [plan_rank[p.id] for p in c])

    def combination_name(self, plans: tuple[Plan, ...] | list[Plan]) -> str:
        return self.rule.separator.join(p.name for p in plans)

    def combination_blocks(self) -> list[list[tuple[Plan, ...]]]:
        blocks: list[list[tuple[Plan, ...]]] = [[] for _ in self.rule.list_blocks]
        for combo in self.combinations():
            for i, starts in enumerate(self.rule.list_blocks):
                if combo[0].name in starts:
                    blocks[i].append(combo)
        return blocks

    def sold_as(self, choice: Mapping[str, str | None]) -> tuple[SoldAs, str]:
        plans = self.chosen_plans(choice)
        if not plans:
            return "none", ""
        if len(plans) == 1:
            return "base", plans[0].name
        name = self.combination_name(plans)
        rule = self.rule
        sold = (rule.min_solutions <= len(plans) <= rule.max_solutions
                and frozenset(p.name for p in plans) not in rule.not_sold)
        return ("combination" if sold else "not-sold"), name

    def all_choices(self) -> list[dict[str, str | None]]:
        options: list[list[str | None]] = [[None, *(t.id for t in self.tiers)] for _ in self.solutions]
        return [dict(zip((s.id for s in self.solutions), combo, strict=True))
                for combo in itertools.product(*options)]


# ---------------------------------------------------------------------------------------------
# Loading and checking


def load_plans(text: str, path: str, diags: Diagnostics, language: str = "da",
               languages: tuple[str, ...] = ()) -> Plans | None:
    """Parse and check the plan data, its texts in ``language``; every problem goes to ``diags``; None when
    any error is found. A text readers see may be one per language of the site (``languages``)."""
    before = len(diags)
    raw = yaml_lines.load_reported(text, path, diags, "plan-data")
    if len(diags) > before:
        return None
    ck = DataChecker(path, diags, "plan-data", language, languages)
    if not isinstance(raw, dict):
        ck.error(1, "the plan data must be a mapping with groups, features, common, tiers, solutions, …")
        return None
    ck.duplicates(raw)
    groups = _groups(ck, raw)
    features = _features(ck, raw, {g.id for g in groups})
    tiers = _tiers(ck, raw)
    common = _common(ck, raw, features, {g.id for g in groups})
    solutions = _solutions(ck, raw, features, tiers)
    rule = _rule(ck, raw, {p.name for s in solutions for p in s.plans}, len(solutions))
    addons = [Addon(n, lk) for _, a in ck.items(raw, "addons", "the plan data")
              if (n := ck.text(a, "name", "an add-on")) and (lk := ck.get(a, "link", str, f"add-on {n}"))]
    billing = _billing(ck, raw)
    if diags.errors_since(before) or rule is None or billing is None:
        return None
    return Plans(tuple(groups), features, tuple(common), tuple(tiers), tuple(solutions), rule, tuple(addons),
                 billing)


def _ids(ck: DataChecker, seen: dict[str, int], ident: Any, line: int, what: str) -> str | None:
    if not isinstance(ident, str) or not ident.strip():
        ck.error(line, f"{what} needs an id (a short lower-case name)")
        return None
    if ident in seen:
        ck.error(line, f"duplicate id '{ident}': {what} uses an id already used on line {seen[ident]}")
        return None
    seen[ident] = line
    return ident


def _groups(ck: DataChecker, raw: dict[str, Any]) -> list[Group]:
    out, seen = [], {}  # type: ignore[var-annotated]
    for line, item in ck.items(raw, "groups", "the plan data"):
        gid = _ids(ck, seen, item.get("id") if isinstance(item, dict) else None, line, "a feature group")
        label = ck.text(item, "label", f"feature group '{gid}'")
        if gid and label:
            out.append(Group(gid, label))
    return out


def _features(ck: DataChecker, raw: dict[str, Any], groups: set[str]) -> dict[str, Feature]:
    feats = ck.get(raw, "features", dict, "the plan data")
    out: dict[str, Feature] = {}
    if feats is None:
        return out
    ck.duplicates(feats)
    for fid, item in feats.items():
        line = line_of(feats, fid)
        if not isinstance(item, dict):
            ck.error(line, f"feature '{fid}' must be written as {{label: …, group: …}}")
            continue
        label = ck.text(item, "label", f"feature '{fid}'")
        group = ck.get(item, "group", str, f"feature '{fid}'")
        if group and group not in groups:
            ck.error(line_of(item, "group"), f"feature '{fid}' names an unknown group '{group}'")
        # Registered even when something is wrong, so one mistake is reported once, not again at every use.
        out[str(fid)] = Feature(str(fid), label or str(fid), group or "")
    return out


def _tiers(ck: DataChecker, raw: dict[str, Any]) -> list[Tier]:
    out, seen = [], {}  # type: ignore[var-annotated]
    items = ck.items(raw, "tiers", "the plan data")
    # Only text can name a tier; a list or mapping written as an id is reported by _ids, not hashed here.
    known = {i.get("id") for _, i in items if isinstance(i, dict) and isinstance(i.get("id"), str | int)}
    for line, item in items:
        tid = _ids(ck, seen, item.get("id") if isinstance(item, dict) else None, line, "a tier")
        name = ck.get(item, "name", str, f"tier '{tid}'")
        included: list[str] = []
        for inc in ck.get(item, "includes", list, f"tier '{tid}'", required=False) or []:
            if isinstance(inc, str | int) and inc in known and inc != tid:
                included.append(str(inc))
            else:
                ck.error(line_of(item, "includes"), f"tier '{tid}' includes an unknown tier '{inc}'")
        if tid and name:
            out.append(Tier(tid, name, tuple(included)))
    return out


def _feature_ref(ck: DataChecker, features: dict[str, Feature], ref: Any, line: int, where: str) -> PlanFeature | None:
    fid, label = (ref.get("id"), ref.get("label")) if isinstance(ref, dict) else (ref, None)
    if not isinstance(fid, str):
        ck.error(line, f"{where}: a feature must be an id or {{id: …, label: …}}, not {ref!r}")
        return None
    if fid not in features:
        ck.error(line, f"{where} names feature '{fid}', which is not defined under 'features'")
        return None
    if label is not None:
        label = ck.text(ref, "label", f"{where}, feature '{fid}'")
        if label is None:
            return None
    return PlanFeature(fid, label or features[fid].label)


def _common(ck: DataChecker, raw: dict[str, Any], features: dict[str, Feature], groups: set[str]) -> list[CommonGroup]:
    out = []
    for line, item in ck.items(raw, "common", "the plan data"):
        group = ck.get(item, "group", str, "an entry of 'common'")
        if group and group not in groups:
            ck.error(line, f"'common' names an unknown group '{group}'")
        refs = ck.get(item, "features", list, f"common group '{group}'") or []
        ids = [f.id for i, r in enumerate(refs)
               if (f := _feature_ref(ck, features, r, line_of(refs, i), f"common group '{group}'"))]
        if group:
            out.append(CommonGroup(group, tuple(ids)))
    return out


def _solutions(ck: DataChecker, raw: dict[str, Any], features: dict[str, Feature], tiers: list[Tier]) -> list[Solution]:
    out, seen, names = [], {}, {}  # type: ignore[var-annotated]
    tier_ids = [t.id for t in tiers]
    for line, item in ck.items(raw, "solutions", "the plan data"):
        sid = _ids(ck, seen, item.get("id") if isinstance(item, dict) else None, line, "a solution")
        what = f"solution '{sid}'"
        name = ck.get(item, "name", str, what)
        audience = ck.text(item, "audience", what)
        link = ck.get(item, "link", str, what)
        offers = ck.get(item, "tiers", dict, what)
        plans: list[Plan] = []
        if offers is not None:
            ck.duplicates(offers)
            for tid in offers:
                if tid not in tier_ids:
                    ck.error(line_of(offers, tid), f"{what} offers an unknown tier '{tid}' "
                             f"(known tiers: {', '.join(tier_ids)})")
            for tid in tier_ids:
                if tid not in offers:
                    ck.error(line_of(item, "tiers"), f"{what} has no plan for tier '{tid}'")
                    continue
                offer = offers[tid]
                plan_name = ck.get(offer, "plan", str, f"tier '{tid}' of {what}")
                if plan_name in names:
                    ck.error(line_of(offer, "plan"),
                             f"plan name '{plan_name}' is already used on line {names[plan_name]}")
                elif plan_name:
                    names[plan_name] = line_of(offer, "plan")
                refs = ck.get(offer, "features", list, f"plan '{plan_name}'") or []
                own = [f for i, r in enumerate(refs)
                       if (f := _feature_ref(ck, features, r, line_of(refs, i), f"plan '{plan_name}'"))]
                if sid and plan_name:
                    plans.append(Plan(f"{sid}-{tid}", sid, tid, plan_name, tuple(own)))
        if sid and name and audience and link:
            out.append(Solution(sid, name, audience, link, tuple(plans)))
    return out


def _rule(ck: DataChecker, raw: dict[str, Any], plan_names: set[str], n_solutions: int) -> CombinationRule | None:
    rule = ck.get(raw, "combinations", dict, "the plan data")
    if rule is None:
        return None
    lo = ck.get(rule, "min_solutions", int, "'combinations'")
    hi = ck.get(rule, "max_solutions", int, "'combinations'")
    sep = rule.get("separator", " + ")
    if lo is not None and hi is not None and not (2 <= lo <= hi <= max(n_solutions, 2)):
        ck.error(line_of(rule, "min_solutions"), f"a combination must have from 2 to {n_solutions} solutions, "
                 f"and min_solutions ({lo}) may not be more than max_solutions ({hi})")
    not_sold: list[frozenset[str]] = []
    for line, names in ck.items(rule, "not_sold", "'combinations'") if "not_sold" in rule else []:
        if not isinstance(names, list) or any(n not in plan_names for n in names):
            ck.error(line, f"not_sold entries are lists of plan names; unknown plan in {names!r}")
        else:
            not_sold.append(frozenset(names))
    blocks: list[tuple[str, ...]] = []
    for line, block in ck.items(rule, "list_blocks", "'combinations'"):
        if not isinstance(block, list) or any(n not in plan_names for n in block):
            ck.error(line, f"list_blocks entries are lists of plan names; unknown plan in {block!r}")
        else:
            blocks.append(tuple(block))
    if lo is None or hi is None:
        return None
    return CombinationRule(lo, hi, str(sep), tuple(not_sold), tuple(blocks))


def _billing(ck: DataChecker, raw: dict[str, Any]) -> Billing | None:
    billing = ck.get(raw, "billing", dict, "the plan data")
    if billing is None:
        return None
    periods = ck.get(billing, "periods", list, "'billing'")
    months = ck.get(billing, "contract_months", int, "'billing'")
    renewal = ck.get(billing, "renewal", str, "'billing'")
    shown: list[str] = []
    for i, p in enumerate(periods or []):
        if isinstance(p, str) and not p.strip():
            ck.error(line_of(periods, i), f"a billing period must be a text, not {p!r}")
        elif (period := ck.text_value(p, line_of(periods, i), "a billing period")) is not None:
            shown.append(period)
    if periods is None or months is None or renewal is None:
        return None
    return Billing(tuple(shown), months, renewal)


__all__ = [
    "Addon", "Billing", "CombinationRule", "CommonGroup", "Feature", "Group", "Plan", "PlanFeature", "Plans",
    "Solution", "Tier", "load_plans",
]
