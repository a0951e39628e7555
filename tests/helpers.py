"""Shared test helpers: build a site with MkDocs --strict into a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
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
