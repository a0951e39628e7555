"""One settings object for every part: a setting changed in mkdocs.yml changes the build, the macros and the checker.

Each row moves one file or folder to a place no default names, builds a small project with it, and checks what
the writer would look at: the built page, the build log, and ``sodocs check -f mkdocs.yml`` run from elsewhere.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

import pytest

from sodocs import settings
from tests.helpers import ROOT, Build, build_site, write_tree

BASE_YML = """\
site_name: Settings fixture
docs_dir: content
theme:
  name: material
  language: da
  font: false
plugins:
  - sodocs:
      check_links: true
{options}
exclude_docs: |
  includes/
markdown_extensions:
  - attr_list
  - md_in_html
"""

PAGE = """\
---
title: Forside
macros: true
---

# Forside

{body}
"""


@dataclass
class Case:
    option: str
    value: str
    files: dict[str, str]
    body: str
    check: Callable[[Build, subprocess.CompletedProcess[str]], None]


def _run_check(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    # From another folder: the CLI must take every path from mkdocs.yml, not from the current folder.
    return subprocess.run([sys.executable, "-m", "sodocs", "check", str(site), "-f", str(project / "mkdocs.yml"),
                           "--format", "json"], capture_output=True, text=True, cwd=ROOT / "tests", timeout=120)


def _page(build: Build) -> str:
    return (build.site / "index.html").read_text(encoding="utf-8")


def check_link_report(build: Build, check: subprocess.CompletedProcess[str]) -> None:
    assert (build.site / "report" / "links.json").is_file()
    assert not (build.site / "_sodocs").exists()
    problems = json.loads(check.stdout)["problems"]
    assert [p["source"] for p in problems] == ["content/index.md:8:1"], check.stdout


def check_upstream_list(build: Build, check: subprocess.CompletedProcess[str]) -> None:
    problems = json.loads(check.stdout)["problems"]
    assert [(p["kind"], p["written"]) for p in problems] == [("upstream-missing", "da/findes-ikke.md")]
    assert "the full documentation has no docs/da/findes-ikke.md" in build.log


def check_plan_data(build: Build, check: subprocess.CompletedProcess[str]) -> None:
    assert "Fælles funktion fra et andet sted" in _page(build)


def check_onboarding_data(build: Build, check: subprocess.CompletedProcess[str]) -> None:
    html = _page(build)
    assert "Et trin fra en anden fil" in html
    assert 'href="side/"' in html  # ../../content/side.md, written relative to facts/steps/trin.yml


def check_ui_data(build: Build) -> None:
    assert "Ord fra en anden fil" in _page(build)


def check_includes_dir(build: Build, check: subprocess.CompletedProcess[str]) -> None:
    assert "Tekst fra den delte mappe" in _page(build)


def check_macros_dir(build: Build, check: subprocess.CompletedProcess[str]) -> None:
    assert "Hilsen fra en anden makromappe" in _page(build)


PLANS = (ROOT / "data" / "plans.yml").read_text(encoding="utf-8")
UI = (ROOT / "data" / "ui.yml").read_text(encoding="utf-8")  # the macros' words, where a macro is called
STEPS = """\
steps:
  - id: trin
    title: Et trin fra en anden fil
    text: Forklaring.
    link: ../../content/side.md
"""

CASES = [
    Case("link_report", "report/links.json", {}, "[Forkert](side.md#ingen-anker)", check_link_report),
    Case("upstream_list", "lists/paths.txt", {"lists/paths.txt": "#covered:docs/da/\ndocs/da/findes.md\n"},
         "[Findes](da/findes.md) og [findes ikke](da/findes-ikke.md)", check_upstream_list),
    Case("plan_data", "facts/plans.yml",
         {"facts/plans.yml": PLANS.replace("da: Personoplysninger", "da: Fælles funktion fra et andet sted", 1),
          "data/ui.yml": UI},
         "{{ plan_comparison_table() }}", check_plan_data),
    Case("onboarding_data", "facts/steps/trin.yml", {"facts/steps/trin.yml": STEPS, "data/ui.yml": UI},
         "{{ onboarding_checklist() }}", check_onboarding_data),
    Case("ui_data", "words/da.yml",
         {"words/da.yml": UI.replace("summary_title: Kort fortalt", "summary_title: Ord fra en anden fil", 1)},
         "{{ t('summary_title') }}", lambda build, check: check_ui_data(build)),
    Case("includes_dir", "shared", {"shared/tekst.md": "Tekst fra den delte mappe.\n"},
         "[!include[Tekst](includes/tekst.md)]", check_includes_dir),
    Case("macros_dir", "skabeloner", {"skabeloner/hilsen.j2": "{% macro hilsen() %}Hilsen fra en anden "
                                                              "makromappe{% endmacro %}\n"},
         "{{ hilsen() }}", check_macros_dir),
]


def test_every_project_setting_has_a_row() -> None:
    path_options = {"link_report", "upstream_list", "plan_data", "onboarding_data", "ui_data", "includes_dir",
                    "macros_dir"}
    assert {c.option for c in CASES} == path_options
    assert path_options <= {f.name for f in fields(settings.Options)}


@pytest.mark.parametrize("case", CASES, ids=[c.option for c in CASES])
def test_a_setting_changes_every_part(case: Case, tmp_path: Path) -> None:
    project = tmp_path / "project"
    files = {
        "mkdocs.yml": BASE_YML.format(options=f"      {case.option}: {case.value}"),
        "content/index.md": PAGE.format(body=case.body),
        "content/side.md": "---\ntitle: Side\n---\n\n# Side\n",
        **case.files,
    }
    write_tree(project, files)
    # Nothing is at the default place of the file a row moves, so a part that ignored the setting fails the row.
    if case.option in ("plan_data", "onboarding_data"):
        shutil.copytree(ROOT / "macros", project / "macros")
        # The checklist macro links its script, which the site keeps beside its pages.
        script = "content/assets/javascripts/onboarding.js"
        (project / script).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / script, project / script)
    build = build_site(project, tmp_path / "site", strict=False)
    assert build.returncode == 0, build.log
    assert "Traceback" not in build.log
    case.check(build, _run_check(project, build.site))


def test_defaults_are_declared_once() -> None:
    """The plugin's typed config takes its defaults from sodocs.settings.Options, so both always agree."""
    from sodocs.mkdocs_plugin import SodocsConfig

    config = SodocsConfig()
    config.load_dict({})
    errors, _warnings = config.validate()
    assert not errors
    assert settings.options_from(config) == settings.Options()
