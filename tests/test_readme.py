"""The README's set-up works as written: the commands name what a bare Debian lacks, a writer's install has no
test tools, and the variable it names is the one Material for MkDocs reads for its end-of-life notice."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
TEST_TOOLS = ("pytest", "playwright", "ruff", "mypy", "properdocs")


def setup_blocks() -> list[str]:
    section = README[README.index("## Set-up"):README.index("### Publishing")]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.S)


def test_the_test_command_names_everything_a_bare_debian_lacks() -> None:
    developer = next(b for b in setup_blocks() if "pytest" in b)
    assert developer.index("apt-get update") < developer.index("apt-get install")
    for package in ("python3-venv", "nodejs", "npm", "chromium"):
        assert re.search(rf"apt-get install[^\n]*\b{package}\b", developer), package
    assert "npm ci" in developer and "pip install -e '.[test]'" in developer


def test_a_writers_install_has_no_test_tools() -> None:
    writer = next(b for b in setup_blocks() if "mkdocs serve" in b)
    assert "pip install -e .\n" in writer or "pip install -e . " in writer
    assert "[test]" not in writer
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = " ".join(project["dependencies"]).lower()
    assert not [tool for tool in TEST_TOOLS if tool in base]
    assert all(any(tool in dep for dep in project["optional-dependencies"]["test"]) for tool in TEST_TOOLS)


def test_the_named_variable_is_the_one_material_reads_and_every_command_sets_it() -> None:
    spec = importlib.util.find_spec("material")  # the installed theme's own source, not a copy of it
    assert spec is not None and spec.origin is not None
    source = (Path(spec.origin).parent / "templates" / "__init__.py").read_text(encoding="utf-8")
    variable = re.search(r'os\.getenv\("(\w+)"\)', source)
    assert variable is not None and variable.group(1) == "NO_MKDOCS_2_WARNING"
    assert f"`{variable.group(1)}=1`" in README
    for block in setup_blocks():
        if "mkdocs" in block or "pytest" in block:
            assert f"export {variable.group(1)}=1" in block
    assert f"export {variable.group(1)}=1" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_with_the_variable_mkdocs_prints_no_notice(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Side\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: X\ntheme:\n  name: material\n", encoding="utf-8")

    def output(**env: str) -> str:
        proc = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-q"], cwd=tmp_path,
                              env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout + proc.stderr

    assert "end of life" in output()  # the notice this is about …
    assert "end of life" not in output(NO_MKDOCS_2_WARNING="1")  # … and the variable that silences it


def test_the_settings_table_lists_every_option_with_its_default() -> None:
    from dataclasses import fields

    from sodocs.settings import Options

    section = README[README.index("## Settings"):README.index("## For writers")]
    rows = dict(re.findall(r"^\| `(\w+)` \| `([^`]*)` \|", section, flags=re.M))
    defaults = Options()
    written = {}
    for field in fields(Options):
        value = getattr(defaults, field.name)
        written[field.name] = ("true" if value else "false") if isinstance(value, bool) else \
            "[]" if value == () else '""' if value == "" else str(value)
    assert rows == written
