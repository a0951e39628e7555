"""A failed build never costs the published site: every way a build can fail leaves site/ byte-identical.

Each test starts from a site built once (copied, with its project, into the test's folder), breaks the build
in one way, and compares site/ byte for byte with what it was. The file-system cases (full disk, read-only
target) run the build in a private mount namespace on a small tmpfs.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sodocs.site import output
from tests.helpers import Build, build_site, leftovers, snapshot, snapshot_diff, write_tree

MKDOCS_YML = """site_name: Test
docs_dir: content
theme:
  name: material
  language: da
  font: false
plugins:
  - search:
      lang: da
  - sodocs:
      check_links: true
hooks:
  - hooks.py
exclude_docs: |
  includes/
"""

# A hook that lets a test stop a build in the middle (after some pages are written) or make it raise.
HOOKS = '''
import os, pathlib, time

def on_post_page(output, page, config):
    if os.environ.get("HOLD_AT") == page.file.src_uri:
        pathlib.Path(os.environ["HOLD_MARKER"]).write_text("holding", encoding="utf-8")
        release = pathlib.Path(os.environ["HOLD_RELEASE"])
        deadline = time.monotonic() + 120
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    if os.environ.get("RAISE_AT") == page.file.src_uri:
        raise RuntimeError("a hook failed on purpose")
    return output

def on_post_build(config):
    if os.environ.get("RAISE_AT") == "post_build":
        raise RuntimeError("a hook failed on purpose after every page was written")
'''

PAGES = {f"content/p{i}.md": f"---\ntitle: Side {i}\n---\n# Side {i}\n\nTekst {i}. Se [forsiden](index.md).\n"
         for i in range(1, 7)}
PROJECT = {
    "mkdocs.yml": MKDOCS_YML,
    "hooks.py": HOOKS,
    "content/index.md": "---\ntitle: Forside\n---\n# Forside\n\n[!include[a](includes/a.md)]\n",
    "content/includes/a.md": "Fælles tekst.\n",
    **PAGES,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with its site built once; tests copy it."""
    root = tmp_path_factory.mktemp("atomic")
    project = write_tree(root / "project", PROJECT)
    build = build_site(project, project / "site")
    assert build.returncode == 0, build.log
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def build(project: Path, strict: bool = True, **env: str) -> Build:
    return build_site(project, project / "site", strict=strict, env_extra=env)


def assert_unchanged(before: dict[str, bytes | None], project: Path) -> None:
    assert snapshot_diff(before, project / "site") == []


def test_a_good_build_replaces_the_site_and_leaves_nothing_beside_it(project: Path) -> None:
    (project / "content/p1.md").write_text("---\ntitle: Ny side\n---\n# Ny side\n", encoding="utf-8")
    before = snapshot(project / "site")
    result = build(project)
    assert result.returncode == 0, result.log
    assert "Ny side" in (project / "site/p1/index.html").read_text(encoding="utf-8")
    assert snapshot_diff(before, project / "site") != []
    assert leftovers(project / "site") == []
    assert oct((project / "site").stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_data_error_keeps_the_site_also_without_strict(project: Path) -> None:
    before = snapshot(project / "site")
    write_tree(project, {"data/plans.yml": "solutions: [\n"})
    result = build(project, strict=False)
    assert result.returncode != 0
    assert "data/plans.yml:" in result.log and "nothing was built" in result.log
    assert "Traceback" not in result.log
    assert_unchanged(before, project)
    assert leftovers(project / "site") == []
    (project / "data/plans.yml").unlink()
    assert build(project).returncode == 0
    assert leftovers(project / "site") == []


def test_a_page_error_fails_a_build_without_strict_and_keeps_the_site(project: Path) -> None:
    before = snapshot(project / "site")
    write_tree(project, {"content/p2.md": "---\ntitle: X\n---\n# X\n\n[!include[a](mangler.md)]\n"})
    result = build(project, strict=False)
    assert result.returncode != 0
    assert "content/p2.md:6:1: include file 'mangler.md' not found" in result.log
    assert "the build has 1 error" in result.log and "was left as it was" in result.log
    assert "Traceback" not in result.log
    assert_unchanged(before, project)


def test_a_warning_fails_only_strict_and_then_keeps_the_site(project: Path) -> None:
    before = snapshot(project / "site")
    # MkDocs' own navigation check warns; MkDocs counts it and aborts after every plugin's post-build step.
    write_tree(project, {"mkdocs.yml": MKDOCS_YML + "nav:\n  - index.md\n  - findes-ikke.md\n"})
    result = build(project)
    assert result.returncode != 0
    assert "'findes-ikke.md'" in result.log and "in strict mode" in result.log
    assert_unchanged(before, project)
    assert leftovers(project / "site") == []
    lenient = build(project, strict=False)
    assert lenient.returncode == 0, lenient.log
    assert snapshot_diff(before, project / "site") != []


def test_a_broken_link_found_by_the_link_check_keeps_the_site_under_strict(project: Path) -> None:
    before = snapshot(project / "site")
    write_tree(project, {"content/p4.md": '---\ntitle: X\n---\n# X\n\n<a href="findes-ikke/">x</a>\n'})
    result = build(project)
    assert result.returncode != 0
    assert "content/p4.md:6:" in result.log and "broken link" in result.log
    assert_unchanged(before, project)


@pytest.mark.parametrize("where", ["p2.md", "post_build"])
def test_an_exception_in_a_hook_keeps_the_site(project: Path, where: str) -> None:
    before = snapshot(project / "site")
    result = build(project, RAISE_AT=where)
    assert result.returncode != 0
    assert "a hook failed on purpose" in result.log
    assert_unchanged(before, project)
    assert leftovers(project / "site") == []


@pytest.mark.parametrize("binary", ["fails", "missing"])
def test_a_search_index_that_fails_keeps_the_site_and_its_index(project: Path, tmp_path: Path, binary: str) -> None:
    """Pagefind runs on the staged site before the swap: when it fails, the old site and its search stay."""
    assert (project / "site/pagefind/pagefind-entry.json").is_file()
    (project / "content/p1.md").write_text("---\ntitle: Ny side\n---\n# Ny side\n", encoding="utf-8")
    fake = tmp_path / "pagefind"
    if binary == "fails":
        fake.write_text("#!/bin/sh\necho 'Error: the index could not be written' >&2\nexit 3\n", encoding="utf-8")
        fake.chmod(0o755)
    before = snapshot(project / "site")
    result = build(project, PAGEFIND_BINARY_PATH=str(fake))
    assert result.returncode != 0
    if binary == "fails":
        assert "Pagefind could not index the site (exit code 3): Error: the index could not be written" in result.log
    else:
        assert "Pagefind is not installed" in result.log
    assert "was left as it was" in result.log and "Traceback" not in result.log
    assert_unchanged(before, project)
    assert leftovers(project / "site") == []


def _start_held(project: Path, tmp_path: Path, name: str) -> tuple[subprocess.Popen[str], Path, Path]:
    marker, release = tmp_path / f"{name}.holding", tmp_path / f"{name}.release"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HOLD_AT": "p4.md", "HOLD_MARKER": str(marker),
           "HOLD_RELEASE": str(release)}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                             "-d", str(project / "site")], cwd=project, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()[0]
        assert time.monotonic() < deadline, "the build never reached the page it holds at"
        time.sleep(0.05)
    return proc, marker, release


def test_sigkill_in_the_middle_keeps_the_site_and_the_next_build_clears_up(project: Path, tmp_path: Path) -> None:
    (project / "content/p1.md").write_text("---\ntitle: Ny\n---\n# Ny\n", encoding="utf-8")
    before = snapshot(project / "site")
    proc, _, _ = _start_held(project, tmp_path, "kill")
    half = [p for p in project.iterdir() if p.name.startswith(".site.tmp-") and p.is_dir()]
    assert half and any(half[0].rglob("*.html")), "the killed build had written pages beside the site"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert_unchanged(before, project)
    result = build(project)
    assert result.returncode == 0, result.log
    assert leftovers(project / "site") == []
    assert "Ny" in (project / "site/p1/index.html").read_text(encoding="utf-8")


def test_a_second_build_at_the_same_time_is_refused_with_a_message(project: Path, tmp_path: Path) -> None:
    (project / "content/p1.md").write_text("---\ntitle: Først\n---\n# Først\n", encoding="utf-8")
    first, _, release = _start_held(project, tmp_path, "lock")
    try:
        second = build(project)
        assert second.returncode != 0
        assert "another build is writing this site right now" in second.log
        assert f"process {first.pid}" in second.log
        assert "Traceback" not in second.log
    finally:
        release.write_text("go", encoding="utf-8")
        log = first.communicate(timeout=120)[0]
    assert first.returncode == 0, log
    assert "Først" in (project / "site/p1/index.html").read_text(encoding="utf-8")
    assert leftovers(project / "site") == []


def _mount_namespace_available() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                            "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True, timeout=30)
    return probe.returncode == 0


CONFINED = '''
import json, os, shutil, subprocess, sys
project, disk, mode, size = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", disk], check=True)
shutil.copytree(os.path.join(project, "site"), os.path.join(disk, "site"))
before = {}
for base, dirs, files in os.walk(os.path.join(disk, "site")):
    for name in files:
        path = os.path.join(base, name)
        before[os.path.relpath(path, disk)] = open(path, "rb").read().hex()
if mode == "ro":
    subprocess.run(["mount", "-o", "remount,ro", disk], check=True)
proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", os.path.join(project, "mkdocs.yml"),
                       "-d", os.path.join(disk, "site")], capture_output=True, text=True, cwd=project)
after = {}
for base, dirs, files in os.walk(os.path.join(disk, "site")):
    for name in files:
        path = os.path.join(base, name)
        after[os.path.relpath(path, disk)] = open(path, "rb").read().hex()
print(json.dumps({"rc": proc.returncode, "log": proc.stdout + proc.stderr, "same": before == after,
                  "files": len(before), "beside": sorted(os.listdir(disk))}))
'''


@pytest.mark.parametrize("mode", ["full", "ro"])
def test_a_full_disk_or_a_read_only_target_keeps_the_site(project: Path, tmp_path: Path, mode: str) -> None:
    if not _mount_namespace_available():
        pytest.skip("needs `unshare -m` and tmpfs mounts (root with CAP_SYS_ADMIN), as CI has")
    import json

    site_bytes = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file())
    (project / "content/p1.md").write_text("---\ntitle: Ny\n---\n# Ny\n", encoding="utf-8")
    disk = tmp_path / "disk"
    disk.mkdir()
    # Room for the old site and a fraction of a new one: the build runs out of space half-way.
    size = f"{(site_bytes * 3 // 2) // 1024 + 64}k"
    proc = subprocess.run(["unshare", "-m", "--propagation", "private", sys.executable, "-c", CONFINED,
                           str(project), str(disk), mode, size], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["rc"] != 0, result["log"]
    assert result["files"] > 10 and result["same"], result["log"]
    expected = "the disk is full" if mode == "full" else "the file system is read-only"
    assert expected in result["log"], result["log"]
    assert "Traceback" not in result["log"], result["log"]
    assert result["beside"] == ["site"]


def test_without_renameat2_the_swap_still_keeps_one_whole_site(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def no_exchange(a: Path, b: Path) -> None:
        raise OSError(38, "renameat2 is not available")

    monkeypatch.setattr(output, "_exchange", no_exchange)
    final = tmp_path / "site"
    write_tree(final, {"index.html": "old"})
    staging = output.stage(final)
    write_tree(staging.temp, {"index.html": "new"})
    staging.publish()
    assert (final / "index.html").read_text(encoding="utf-8") == "new"
    assert leftovers(final) == []


def test_a_failed_swap_puts_the_old_site_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_exchange(a: Path, b: Path) -> None:
        raise OSError(38, "renameat2 is not available")

    real_rename = os.rename
    calls = []

    def rename(a: str | Path, b: str | Path) -> None:
        calls.append((a, b))
        if len(calls) == 2:  # the new tree into place
            raise OSError(28, "No space left on device")
        real_rename(a, b)

    monkeypatch.setattr(output, "_exchange", no_exchange)
    final = tmp_path / "site"
    write_tree(final, {"index.html": "old"})
    before = snapshot(final)
    staging = output.stage(final)
    write_tree(staging.temp, {"index.html": "new"})
    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(output.OutputError, match=r"cannot replace the site \(the disk is full\)"):
        staging.publish()
    monkeypatch.undo()
    assert snapshot_diff(before, final) == []
    assert leftovers(final) == []


def test_the_lock_is_held_until_released(tmp_path: Path) -> None:
    final = tmp_path / "site"
    first = output.stage(final)
    with pytest.raises(output.OutputError, match="another build is writing this site"):
        output.stage(final)
    first.discard()
    second = output.stage(final)
    second.discard()
    assert leftovers(final) == []


@pytest.mark.parametrize("mistake", ["warning", "error"])
def test_under_properdocs_a_failed_build_keeps_the_site_too(project: Path, mistake: str) -> None:
    pytest.importorskip("properdocs", reason="properdocs is in the test extra: pip install -e '.[test]'")
    before = snapshot(project / "site")
    if mistake == "warning":  # counted by ProperDocs' own strict counter, on its own logger
        write_tree(project, {"mkdocs.yml": MKDOCS_YML + "nav:\n  - index.md\n  - findes-ikke.md\n"})
    else:
        write_tree(project, {"content/p2.md": "---\ntitle: X\n---\n# X\n\n[!include[a](mangler.md)]\n"})
    proc = subprocess.run([sys.executable, "-m", "properdocs", "build", *(["--strict"] if mistake == "warning" else []),
                           "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")], cwd=project,
                          capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert_unchanged(before, project)
    assert leftovers(project / "site") == []
