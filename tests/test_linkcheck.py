"""The link checker against a fixture site with known broken links, and on the real site."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from sodocs.linkcheck.online import fetch_all
from sodocs.linkcheck.scan import scan_html
from tests.helpers import ROOT, Build, build_site, write_tree

FIXTURE = ROOT / "tests" / "fixtures" / "linkcheck"

EXPECTED = {
    # (where the writer must edit, the link as written, kind)
    ("content/index.md:25:1 -> content/includes/broken.md:1:1", "guide/index.md#forkert-anker",
     "missing-anchor"),
    ("content/index.md:13:10", "findes-ikke/", "missing-file"),  # missing page, raw HTML
    ("content/index.md:15:1", "#findes-ikke", "missing-anchor"),  # same page
    ("content/index.md:17:1", "guide/index.md#intet-anker", "missing-anchor"),  # another page
    ("content/index.md:19:1", "mangler.png", "missing-file"),  # broken image
    ("content/index.md:21:27", "mangler-2x.png", "missing-file"),  # broken srcset
    ("content/index.md:23:11", "ok.png", "no-alt"),  # image without alt text
    ("content/index.md:27:1", "findes-heller-ikke.pdf", "missing-file"),  # from a macro's output
    ("content/index.md:29:1", "da/findes-slet-ikke.md", "upstream-missing"),  # fallback the list lacks
}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    site = tmp_path_factory.mktemp("linkcheck-site")
    # The fixture's broken links include errors, which fail every build and keep the previous site; a
    # --dirty build writes in place, so its pages stay for the checker to read.
    build = build_site(FIXTURE, site, strict=False, args=("--dirty",))
    # Raw HTML links are resolved by the build like Markdown links, so its two broken ones count as well.
    assert build.returncode == 1 and "the build has 4 errors" in build.log, build.log
    assert (site / "index.html").is_file()
    return build


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sodocs", "check", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_finds_exactly_the_known_problems(fixture_site: Build) -> None:
    proc = run_check(str(fixture_site.site), "-f", str(FIXTURE / "mkdocs.yml"), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    problems = json.loads(proc.stdout)["problems"]
    assert {(p["source"], p["written"], p["kind"]) for p in problems} == EXPECTED


def test_text_and_github_formats(fixture_site: Build) -> None:
    text = run_check(str(fixture_site.site), "-f", str(FIXTURE / "mkdocs.yml")).stdout
    assert "content/index.md:17:1: 'guide/index.md#intet-anker': no element with id 'intet-anker' in " \
           "guide/index.html" in text
    github = run_check(str(fixture_site.site), "-f", str(FIXTURE / "mkdocs.yml"), "--format", "github").stdout
    assert "::error file=content/index.md,line=19,col=1::'mangler.png': no file content/mangler.png" in github
    assert "::error file=content/includes/broken.md,line=1,col=1::" in github


def test_exit_code_2_on_bad_usage(tmp_path: Path) -> None:
    assert run_check("--format", "xml").returncode == 2
    assert run_check(str(tmp_path / "missing")).returncode == 2


def test_theme_template_problems_name_the_template(fixture_site: Build, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(fixture_site.site, site)
    shutil.copy(f"{fixture_site.site}.links.json", f"{site}.links.json")  # the report names what is the theme's
    for page in ("index.html", "guide/index.html"):
        path = site / page
        path.write_text(path.read_text(encoding="utf-8").replace(
            "</body>", '<a href="/from-theme/">x</a></body>'), encoding="utf-8")
    proc = run_check(str(site), "-f", str(FIXTURE / "mkdocs.yml"))
    assert "theme template (Material for MkDocs), on guide/index.html: '/from-theme/': no file " \
           "from-theme/index.html in the built site (on 2 pages)" in proc.stdout


def test_real_site_has_zero_broken_links(real_site: Build) -> None:
    proc = run_check(str(real_site.site))
    assert proc.returncode == 0, proc.stdout
    assert "0 broken of" in proc.stdout


def test_strict_build_fails_on_a_broken_link(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "upstream_list: ../../../data/upstream-paths.txt", f"upstream_list: {ROOT / 'data/upstream-paths.txt'}\n"
        "      check_links: true"), encoding="utf-8")
    page = project / "content" / "index.md"  # keep only the problems MkDocs itself cannot see
    page.write_text("---\ntitle: Forside\n---\n# Forside\n\n<a href=\"guide/#nope\">rå</a>\n", encoding="utf-8")
    (project / "content/includes/broken.md").unlink()
    build = build_site(project, tmp_path / "site")
    assert build.returncode != 0
    assert "content/index.md:6:10: broken link 'guide/#nope': no element with id 'nope' in guide/index.html" \
        in build.log


@pytest.mark.parametrize(("html", "links"), [
    ('<img src="a.png" srcset="b.png 2x, c%20d.png 3x" alt="">', [("img", "src", "a.png"), ("img", "srcset", "b.png"),
                                                                  ("img", "srcset", "c%20d.png")]),
    ('<picture><source srcset="x.webp"></picture>', [("source", "srcset", "x.webp")]),
    ('<link rel="stylesheet" href="s.css"><script src="j.js"></script>', [("link", "href", "s.css"),
                                                                         ("script", "src", "j.js")]),
])
def test_scanner_sees_every_kind_of_url(html: str, links: list[tuple[str, str, str]]) -> None:
    assert list(scan_html("p.html", html).links) == links


# -- online mode, against a local server only -----------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, body: bool) -> None:
        count = self.hits[self.path] = self.hits.get(self.path, 0) + 1
        status = 200
        if self.path == "/missing":
            status = 404
        elif self.path == "/flaky" and count < 2:
            status = 503
        elif self.path == "/no-head" and self.command == "HEAD":
            status = 405
        self.send_response(status)
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.hits = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_online_mode_retries_falls_back_to_get_and_caches(server: str, tmp_path: Path) -> None:
    urls = [f"{server}/ok", f"{server}/missing", f"{server}/flaky", f"{server}/no-head"]
    cache = tmp_path / "cache.json"
    results = fetch_all(urls, cache, timeout=5)
    assert results[f"{server}/ok"][0] and results[f"{server}/flaky"][0] and results[f"{server}/no-head"][0]
    assert results[f"{server}/missing"] == (False, "HTTP 404")
    assert _Handler.hits["/flaky"] == 2
    before = dict(_Handler.hits)
    again = fetch_all(urls, cache, timeout=5)
    assert again == results and _Handler.hits == before  # answered from the cache: no request


def test_one_mistake_is_one_problem_with_the_pages_it_affects(tmp_path: Path) -> None:
    """An include's broken image shows on every page that includes it: one problem, at the include's line.
    The theme's link to the root page, written with another ../ on each level, is one problem too."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    shutil.rmtree(project / "content")
    pages = {"index.md": "", "a/one.md": "../", "a/b/two.md": "../../"}
    write_tree(project, {f"content/{page}": f"---\ntitle: T\n---\n# T\n\n[!include[i]({up}includes/i.md)]\n"
                         for page, up in pages.items()})
    write_tree(project, {"content/includes/i.md": "Se ![billede](media/mangler.png)\n"})
    build = build_site(project, tmp_path / "site", strict=False, args=("--dirty",))  # errors keep no site else
    assert "the build has 3 errors" in build.log, build.log
    for page in ("a/one/index.html", "a/b/two/index.html"):
        path = build.site / page
        up = "../" * page.count("/")
        path.write_text(path.read_text(encoding="utf-8").replace("</body>", f'<a href="{up}gone/">x</a></body>'),
                        encoding="utf-8")
    problems = json.loads(run_check(str(build.site), "-f", str(project / "mkdocs.yml"), "--format",
                                    "json").stdout)["problems"]
    assert [(p["path"], p["line"], p["reason"], p["pages"]) for p in problems] == [
        ("content/includes/i.md", 1, "no file content/includes/media/mangler.png", 3),
        (None, None, "no file gone/index.html in the built site", 2),
    ]
