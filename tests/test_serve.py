"""`mkdocs serve` on a copy of the real project: a failed rebuild keeps the last good pages, shows the
problems in a banner on every page, and never leaves a request waiting."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.helpers import ROOT

PAGE = "da/admin/license/user-plans/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    def __init__(self, project: Path) -> None:
        self.project = project
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = project.parent / "serve.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}", "-f",
             str(project / "mkdocs.yml")], cwd=project, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def get(self, path: str) -> str:
        """The page, answered within 10 seconds (a request that waits longer fails the test)."""
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return str(response.read().decode("utf-8"))

    def wait_for(self, check: Callable[[str], bool], path: str = PAGE, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text(encoding="utf-8")
            try:
                last = self.get(path)
            except urllib.error.URLError as exc:
                if not isinstance(exc.reason, ConnectionRefusedError):
                    raise
            else:
                if check(last):
                    return last
            time.sleep(0.3)
        raise AssertionError(f"timed out; last page:\n{last[:2000]}\nlog:\n{self.log.read_text(encoding='utf-8')}")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def banner(html: str) -> list[str]:
    node = LexborHTMLParser(html).css_first(".so-build-errors")
    return [] if node is None else [li.text().strip() for li in node.css("li")]


def article(html: str) -> str:
    node = LexborHTMLParser(html).css_first("article")
    return "" if node is None else " ".join(node.text().split())


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    project = tmp_path / "project"
    for folder in ("content", "includes", "macros", "data", "site_overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    srv = Server(project)
    try:
        yield srv
    finally:
        srv.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_failed_rebuilds_keep_the_last_good_pages_with_a_banner(server: Server) -> None:
    good = server.wait_for(lambda html: "Sales" in article(html))
    assert banner(good) == []
    good_text = article(good)

    # A plan-data error: before, every request waited until the file was fixed.
    data = server.project / "data/plans.yml"
    edit(data, "group: sales}", "group: salg}")
    line = next(n for n, text in enumerate(data.read_text(encoding="utf-8").splitlines(), 1) if "group: salg}" in text)
    failed = server.wait_for(lambda html: banner(html) != [])
    problems = banner(failed)
    assert any(p.startswith(f"data/plans.yml:{line}:") and "unknown group 'salg'" in p for p in problems), problems
    assert article(failed) == good_text  # the last good page, not one rendered from the broken data
    assert "Siden findes ikke" not in failed
    assert banner(server.get("")) == problems  # every page carries it

    edit(data, "group: salg}", "group: sales}")
    fixed = server.wait_for(lambda html: banner(html) == [])
    assert article(fixed) == good_text

    # A page error: the page names the file and line to fix.
    page = server.project / "content/da/admin/license/user-plans.md"
    edit(page, "## Sales\n", "## Sales\n\n[!include[x](findes-ikke.md)]\n")
    line = next(n for n, text in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if "findes-ikke" in text)
    failed = server.wait_for(lambda html: banner(html) != [])
    assert any(p.startswith(f"content/da/admin/license/user-plans.md:{line}:1: include file 'findes-ikke.md' "
                            "not found") for p in banner(failed)), banner(failed)
    assert article(failed) == good_text

    # A broken mkdocs.yml fails before the build starts; the pages still say so.
    config = server.project / "mkdocs.yml"
    edit(page, "\n[!include[x](findes-ikke.md)]\n", "")
    server.wait_for(lambda html: banner(html) == [])
    edit(config, "docs_dir: content", "docs_dir: [content")
    failed = server.wait_for(lambda html: banner(html) != [])
    assert article(failed) == good_text
    assert server.proc.poll() is None


def test_a_first_build_with_errors_still_serves_and_shows_them(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for folder in ("content", "includes", "macros", "data", "site_overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    edit(project / "data/plans.yml", "group: sales}", "group: salg}")
    srv = Server(project)
    try:
        failed = srv.wait_for(lambda html: banner(html) != [])
        assert any("unknown group 'salg'" in p for p in banner(failed))
        node = LexborHTMLParser(failed).css_first(".so-build-errors")
        assert node is not None and "No build has succeeded yet" in node.text()
        edit(project / "data/plans.yml", "group: salg}", "group: sales}")
        fixed = srv.wait_for(lambda html: banner(html) == [] and "Sales" in article(html))
        assert "{{" not in article(fixed)
    finally:
        srv.stop()


def test_serve_indexes_every_build_for_search(server: Server) -> None:
    """`mkdocs serve` publishes each build the way `mkdocs build` does: with its Pagefind index."""
    import json

    server.wait_for(lambda html: "Sales" in article(html))
    assert "pagefind/pagefind.js" in server.get("_sodocs/search.js")
    pages = json.loads(server.get("pagefind/pagefind-entry.json"))["languages"]["da"]["page_count"]
    new = server.project / "content/da/ny-side.md"
    new.write_text("---\ntitle: Ny side\n---\n# Ny side\n\nEn side, skrevet mens siden blev vist.\n", encoding="utf-8")
    server.wait_for(lambda text: json.loads(text)["languages"]["da"]["page_count"] == pages + 1,
                    path="pagefind/pagefind-entry.json")
    assert "Ny side" in article(server.get("da/ny-side/"))
