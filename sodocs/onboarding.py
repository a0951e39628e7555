"""The onboarding checklist's steps: ``data/onboarding.yml``, checked like the plan data."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from . import yaml_lines
from .diagnostics import Diagnostics, Origin
from .plans import DataChecker


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    text: str
    link: str


def load_steps(text: str, path: str, diags: Diagnostics) -> list[Step] | None:
    before = len(diags)
    try:
        raw = yaml_lines.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        diags.add(Origin.at(path, (mark.line + 1) if mark else 1), "plan-data",
                  f"not valid YAML: {getattr(exc, 'problem', None) or exc}", "error")
        return None
    ck = DataChecker(path, diags)
    steps: list[Step] = []
    seen: dict[str, int] = {}
    for line, item in ck.items(raw if isinstance(raw, dict) else {}, "steps", "the onboarding data"):
        sid = ck.get(item, "id", str, "a step")
        if sid in seen:
            ck.error(line, f"duplicate step id '{sid}' (first on line {seen[sid]})")
            continue
        what = f"step '{sid}'"
        title, text_, link = (ck.get(item, k, str, what) for k in ("title", "text", "link"))
        if sid and title and text_ and link:
            seen[sid] = line
            steps.append(Step(sid, title, text_, link))
    return None if len(diags) > before else steps
