"""Shared test helpers: build a site with MkDocs --strict into a temporary folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

ROOT = Path(__file__).resolve().parent.parent
# The shared test data lie beside the project; a git worktree one folder deeper (``wt/name/``) finds them
# beside the main checkout.
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
              ROOT.parent / "shared")
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus" / "superoffice-docs"


def one(tree: LexborHTMLParser | LexborNode, selector: str) -> LexborNode:
    """The first element matching ``selector``; a test that expects it fails here with the selector named."""
    node = tree.css_first(selector)
    assert node is not None, f"no element matches {selector!r}"
    return node


def attr(node: LexborNode, name: str) -> str:
    value = node.attributes.get(name)
    assert value is not None, f"<{node.tag}> has no attribute {name!r}"
    return value


@dataclass
class Build:
    returncode: int
    log: str
    site: Path

    def html(self, rel: str) -> LexborHTMLParser:
        return LexborHTMLParser((self.site / rel).read_text(encoding="utf-8"))

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.log.splitlines() if line.startswith(("WARNING", "ERROR"))]


def build_site(project: Path, site: Path, strict: bool = True, env_extra: dict[str, str] | None = None,
               args: tuple[str, ...] = ()) -> Build:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env_extra or {})}
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site), *args]
    if strict:
        cmd.append("--strict")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=project, timeout=300)
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def snapshot(site: Path) -> dict[str, bytes | None]:
    """Every file under ``site`` with its bytes (folders as None), to compare a site before and after a build.

    ``snapshot(site) == before`` means byte-identical: same files, same folders, same contents.
    """
    out: dict[str, bytes | None] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_symlink():
            out[rel] = b"symlink:" + os.fsencode(os.readlink(path))
        elif path.is_dir():
            out[rel] = None
        else:
            out[rel] = path.read_bytes()
    return out


def snapshot_diff(before: dict[str, bytes | None], site: Path) -> list[str]:
    """What differs between ``before`` and ``site`` now: [] when the site is byte-identical."""
    after = snapshot(site) if site.is_dir() else {}
    problems = [f"missing: {rel}" for rel in sorted(before.keys() - after.keys())]
    problems += [f"added: {rel}" for rel in sorted(after.keys() - before.keys())]
    problems += [f"changed: {rel}" for rel in sorted(before.keys() & after.keys()) if before[rel] != after[rel]]
    if not site.is_dir():
        problems.insert(0, f"{site} is gone")
    return problems


def leftovers(site: Path) -> list[str]:
    """What builds left beside ``site`` besides the site and its link report (temporary folders, locks)."""
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


# A process that imports MkDocs, the theme and sodocs once, then forks one child per build: each build
# runs `mkdocs build …` exactly as the command line does (its own process, its own exit code, a traceback
# printed as Python prints one), without paying for the imports again.
_SERVER = r'''
import json, os, signal, sys, traceback
import mkdocs.__main__, mkdocs.commands.build, material.plugins.search.plugin, sodocs.mkdocs_plugin
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            signal.alarm(300)
            os.chdir(request["cwd"])
            os.environ.update(request["env"])
            fd = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            sys.argv = ["mkdocs", *request["args"]]
            mkdocs.__main__.cli()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        except BaseException:
            traceback.print_exc()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"code": os.waitstatus_to_exitcode(status)}), flush=True)
'''


class BuildServer:
    """Builds like ``build_site``, each in a process forked from one that has MkDocs imported already."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def build(self, project: Path, site: Path, strict: bool = True, args: tuple[str, ...] = ()) -> Build:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        fd, name = tempfile.mkstemp(suffix=".build.log")
        os.close(fd)
        log = Path(name)
        argv = ["build", "-f", str(project / "mkdocs.yml"), "-d", str(site), *args, *(["--strict"] if strict else [])]
        self.proc.stdin.write(json.dumps({"cwd": str(project), "env": {"NO_MKDOCS_2_WARNING": "1"}, "log": str(log),
                                          "args": argv}) + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        assert answer, "the build server stopped"
        text = log.read_text(encoding="utf-8", errors="replace")
        log.unlink()
        return Build(json.loads(answer)["code"], text, site)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)
