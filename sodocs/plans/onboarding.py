"""The onboarding checklist's steps: ``data/onboarding.yml``, checked like the plan data."""

from __future__ import annotations

from dataclasses import dataclass

from ..core import yaml_lines
from ..core.datacheck import DataChecker
from ..diagnostics import Diagnostics


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    text: str
    link: str


def load_steps(text: str, path: str, diags: Diagnostics, language: str = "da",
               languages: tuple[str, ...] = ()) -> list[Step] | None:
    """The steps, their title and text in ``language`` (each may be one text per language of the site)."""
    before = len(diags)
    raw = yaml_lines.load_reported(text, path, diags, "onboarding-data")
    if len(diags) > before:
        return None
    ck = DataChecker(path, diags, "onboarding-data", language, languages)
    steps: list[Step] = []
    seen: dict[str, int] = {}
    for line, item in ck.items(raw if isinstance(raw, dict) else {}, "steps", "the onboarding data"):
        sid = ck.get(item, "id", str, "a step")
        if sid in seen:
            ck.error(line, f"duplicate step id '{sid}' (first on line {seen[sid]})")
            continue
        what = f"step '{sid}'"
        title, text_ = (ck.text(item, k, what) for k in ("title", "text"))
        link = ck.get(item, "link", str, what)
        if sid and title and text_ and link:
            seen[sid] = line
            steps.append(Step(sid, title, text_, link))
    return None if diags.errors_since(before) else steps
