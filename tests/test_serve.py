"""`mkdocs serve` on a copy of the real project: a failed rebuild keeps the last good pages, shows the
problems in a banner on every page, and never leaves a request waiting."""

from __future__ import annotations

import os
import re
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
        self.tmp = project.parent / "tmp"  # where `mkdocs serve` makes the folder it serves
        self.tmp.mkdir(exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}", "-f",
             str(project / "mkdocs.yml")], cwd=project, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(self.tmp)})

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


def served_folder(srv: Server) -> Path:
    """The folder `mkdocs serve` serves (a temporary one of its own)."""
    srv.wait_for(lambda html: "Sales" in article(html))
    folders = [p for p in srv.tmp.glob("mkdocs_*") if p.is_dir()]
    assert len(folders) == 1, folders
    return folders[0]


def page_stamps(site: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*.html")
            if p.name != "404.html"}


def pages_whose_source_has(project: Path, needle: str) -> set[str]:
    """The built pages (``da/x/index.html``) of the Markdown files whose text contains ``needle``."""
    found = set()
    for source in (project / "content").rglob("*.md"):
        if needle in source.read_text(encoding="utf-8"):
            rel = source.relative_to(project / "content").with_suffix("").as_posix()
            found.add("index.html" if rel == "index" else
                      (rel.removesuffix("/index") if rel.endswith("/index") else rel) + "/index.html")
    return found


def rewritten_after(srv: Server, site: Path, before: dict[str, tuple[int, int]], expected: set[str]) -> set[str]:
    """Wait until every page in ``expected`` was written anew, then say which pages were."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = page_stamps(site)
        changed = {p for p, stamp in now.items() if before.get(p) != stamp}
        if expected <= changed:
            time.sleep(1.5)  # a page written after the expected ones would be a page too many
            now = page_stamps(site)
            return {p for p, stamp in now.items() if before.get(p) != stamp}
        time.sleep(0.2)
    raise AssertionError(f"not all of {sorted(expected)} were rebuilt:\n{srv.log.read_text(encoding='utf-8')}")


def test_an_edit_rebuilds_exactly_the_pages_made_from_the_edited_file(server: Server) -> None:
    """Never a stale page, never a page too many: an include edit rewrites exactly the pages that include it,
    a data edit exactly the macro pages, a page edit that page, and the log says how many."""
    site = served_folder(server)
    include = server.project / "includes/list-crm-sections.md"
    readers = pages_whose_source_has(server.project, "includes/list-crm-sections.md")
    assert readers, "the include is used by some page"
    before = page_stamps(site)
    include.write_text(include.read_text(encoding="utf-8") + "\n- Rediger mig: ny linje fra testen\n",
                       encoding="utf-8")
    assert rewritten_after(server, site, before, readers) == readers
    for page in readers:
        assert "Rediger mig: ny linje fra testen" in (site / page).read_text(encoding="utf-8")
    count = len(readers)
    assert f"rebuilding {count} page{'s' if count != 1 else ''} (includes/list-crm-sections.md changed)" in \
        server.log.read_text(encoding="utf-8")

    macro_pages = pages_whose_source_has(server.project, "macros: true")
    before = page_stamps(site)
    edit(server.project / "data/plans.yml", "da: Salgsprognoser", "da: Salg-testnavn")
    assert rewritten_after(server, site, before, macro_pages) == macro_pages
    assert "Salg-testnavn" in (site / PAGE / "index.html").read_text(encoding="utf-8")

    login = server.project / "content/da/learn/getting-started/login.md"
    built = site / "da/learn/getting-started/login/index.html"
    sidebar = sidebar_of(built.read_text(encoding="utf-8"))
    before = page_stamps(site)
    login.write_text(login.read_text(encoding="utf-8") + "\nEn ny sidste linje.\n", encoding="utf-8")
    assert rewritten_after(server, site, before, {"da/learn/getting-started/login/index.html"}) == \
        {"da/learn/getting-started/login/index.html"}
    # The rebuilt page's sidebar is the full build's, though the rebuild read no other page.
    assert sidebar_of(built.read_text(encoding="utf-8")) == sidebar
    log = server.log.read_text(encoding="utf-8")
    assert "watching for edits by the system's change events (auto: " in log, log
    assert re.search(r"rebuilt in \d+\.\d\d s \(settings and file list .*, publishing \d+\.\d\d s, of it \d+ full "
                     r"garbage collections? \d+\.\d\d s\)", log), log


def sidebar_of(html: str) -> str:
    node = LexborHTMLParser(html).css_first("nav.md-nav--primary")
    assert node is not None
    return str(node.html)


def test_a_new_subtitle_reaches_the_sidebar_of_every_page(server: Server) -> None:
    """The sidebar shows each page's subtitle: a new one rebuilds every page, not only its own."""
    site = served_folder(server)
    before = page_stamps(site)
    login = server.project / "content/da/learn/getting-started/login.md"
    edit(login, "title: Log ind og aktiver din konto", "title: Log ind og aktiver din konto\nsubtitle: Første gang")
    assert rewritten_after(server, site, before, set(before)) == set(before)
    other = sidebar_of((site / "da/learn/getting-started/preferences/index.html").read_text(encoding="utf-8"))
    assert "<small>Første gang</small>" in other


def test_serve_can_poll_for_edits(tmp_path: Path) -> None:
    """On a share that reports no changes, polling (MkDocs' own watcher) still sees an edit."""
    project = tmp_path / "project"
    for folder in ("content", "includes", "macros", "data", "site_overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - sodocs:\n" in config
    polling = config.replace("  - sodocs:\n", "  - sodocs:\n      serve_watcher: polling\n", 1)
    (project / "mkdocs.yml").write_text(polling, encoding="utf-8")
    srv = Server(project)
    try:
        srv.wait_for(lambda html: "Sales" in article(html))
        page = project / "content/da/admin/license/user-plans.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nSet af den pollende overvåger.\n", encoding="utf-8")
        srv.wait_for(lambda html: "Set af den pollende overvåger." in article(html), timeout=60)
        assert "watching for edits by polling (serve_watcher: polling)" in srv.log.read_text(encoding="utf-8")
    finally:
        srv.stop()


def test_a_toc_edit_or_a_new_title_updates_the_navigation_of_every_page(server: Server) -> None:
    site = served_folder(server)
    before = page_stamps(site)
    edit(server.project / "content/toc.yml", "name: Licens og planer", "name: Licenser og planer i test")
    assert rewritten_after(server, site, before, set(before)) == set(before)
    for page in before:
        if page.startswith("da/"):
            assert "Licenser og planer i test" in (site / page).read_text(encoding="utf-8"), page
    before = page_stamps(site)
    edit(server.project / "content/da/learn/getting-started/login.md", "title: Log ind og aktiver din konto",
         "title: Log ind – ny titel i test")
    assert rewritten_after(server, site, before, set(before)) == set(before)
    assert "Log ind – ny titel i test" in (site / "da/learn/getting-started/preferences/index.html").read_text(
        encoding="utf-8")


def test_a_theme_edit_reaches_every_page_and_the_404_page_follows_the_navigation(server: Server) -> None:
    """Serve keeps the theme's compiled templates between rebuilds and leaves the 404 page alone when only
    pages changed: neither may hide an edit."""
    site = served_folder(server)
    not_found = site / "404.html"
    stamp = (not_found.stat().st_ino, not_found.stat().st_mtime_ns)
    login = server.project / "content/da/learn/getting-started/login.md"
    before = page_stamps(site)
    login.write_text(login.read_text(encoding="utf-8") + "\nEn linje mere.\n", encoding="utf-8")
    rewritten_after(server, site, before, {"da/learn/getting-started/login/index.html"})
    assert (not_found.stat().st_ino, not_found.stat().st_mtime_ns) == stamp  # no navigation changed
    before = page_stamps(site)
    edit(server.project / "site_overrides/main.html", "{% block extrahead %}",
         "{% block extrahead %}\n  <meta name=\"so-theme-test\" content=\"edited\">")
    assert rewritten_after(server, site, before, set(before)) == set(before)
    for page in before:
        assert 'name="so-theme-test"' in (site / page).read_text(encoding="utf-8"), page
    edit(server.project / "content/toc.yml", "name: Licens og planer", "name: Licenser og planer i test")
    server.wait_for(lambda html: "Licenser og planer i test" in html, path="404.html")


def test_a_site_with_errors_still_rebuilds_only_what_changed_and_its_banner_follows_the_fix(
        tmp_path: Path) -> None:
    """The real docs have mistakes: a writer still gets partial rebuilds, the banner keeps listing the
    mistakes of the pages not rebuilt, and it leaves every page once the last one is fixed."""
    project = tmp_path / "project"
    for folder in ("content", "includes", "macros", "data", "site_overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    login = project / "content/da/learn/getting-started/login.md"
    good = login.read_text(encoding="utf-8")
    login.write_text(good + "\n[!include[Mangler](../../../../includes/findes-ikke.md)]\n", encoding="utf-8")
    srv = Server(project)
    try:
        site = served_folder(srv)
        first = srv.get(PAGE) or ""
        assert any("findes-ikke.md" in problem for problem in banner(first)), banner(first)
        preferences = project / "content/da/learn/getting-started/preferences.md"
        before = page_stamps(site)
        preferences.write_text(preferences.read_text(encoding="utf-8") + "\nEn linje mere.\n", encoding="utf-8")
        page = "da/learn/getting-started/preferences/index.html"
        assert rewritten_after(srv, site, before, {page}) == {page}
        assert any("findes-ikke.md" in p for p in banner((site / page).read_text(encoding="utf-8")))
        before = page_stamps(site)
        login.write_text(good, encoding="utf-8")
        rewritten = rewritten_after(srv, site, before, {"da/learn/getting-started/login/index.html"})
        assert "rebuilding 1 page (content/da/learn/getting-started/login.md changed)" in srv.log.read_text(
            encoding="utf-8")
        for built in site.rglob("*.html"):
            assert banner(built.read_text(encoding="utf-8")) == [], built
        assert rewritten == set(before)  # the banner came off every page, so each was written once more
    finally:
        srv.stop()
