"""The publishing workflow the site's users run on GitHub."""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def load() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_triggers_on_pull_requests_and_pushes_to_main() -> None:
    on = load()[True]  # YAML 1.1 reads the key "on" as True
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]


def test_build_job_installs_tests_and_builds_strict() -> None:
    runs = [s.get("run", "") for s in load()["jobs"]["build"]["steps"]]
    assert any("pip install" in r and ".[test]" in r for r in runs)
    assert any("pytest" in r for r in runs)
    assert any("mkdocs build --strict" in r for r in runs)
    assert any("sodocs check" in r for r in runs)


def test_deploy_uses_the_official_pages_actions_pinned_without_secrets() -> None:
    jobs = load()["jobs"]
    uses = [s["uses"] for job in jobs.values() for s in job["steps"] if "uses" in s]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    for u in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u), f"{u} is not pinned to a commit"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8")
