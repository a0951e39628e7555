"""The checker's pure parts: resolving a built link to a file, classifying URLs, upstream candidates, the report."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sodocs.core.upstream import UpstreamConfig
from sodocs.linkcheck import link_report
from sodocs.linkcheck.check import _Classifier, _Resolver
from sodocs.linkcheck.upstream_list import repo_candidates

FILES = {"index.html", "guide/index.html", "guide/a.png", "da/x/index.html", "404.html"}
DIRS = {"", "guide", "da", "da/x"}


@pytest.mark.parametrize(("base", "page_dir", "path", "result"), [
    ("/", "guide", "a.png", ("ok", "guide/a.png")),
    ("/", "guide", "../da/x/", ("ok", "da/x/index.html")),
    ("/", "da/x", "../../guide", ("ok", "guide/index.html")),  # a folder without the slash
    ("/", "", "nope.html", ("missing", "nope.html")),
    ("/", "", "../up.html", ("outside", "../up.html")),
    ("/repo/", "guide", "/repo/guide/a.png", ("ok", "guide/a.png")),
    ("/", "guide", "a%20b.png", ("missing", "guide/a b.png")),
])
def test_resolver(base: str, page_dir: str, path: str, result: tuple[str, str]) -> None:
    assert _Resolver(FILES, DIRS, base).target(page_dir, path) == result


@pytest.mark.parametrize(("url", "kind", "detail"), [
    ("#top-x", "ok", "top-x"),
    ("", "skip", ""),
    ("mailto:a@b.dk", "skip", ""),
    ("https://example.org/", "external", ""),
    ("//cdn.example.org/x.js", "external", ""),
    ("https:///nohost", "bad-url", "not a valid web address"),
    ("ftp2x:thing", "bad-url", "unknown URL scheme 'ftp2x:'"),
    ("a.png?v=1#f", "ok", "f"),
    ("missing.png", "missing-file", "no file guide/missing.png in the built site"),
])
def test_classifier(url: str, kind: str, detail: str) -> None:
    got_kind, _target, got_detail = _Classifier(_Resolver(FILES, DIRS, "/")).classify("guide", url)
    assert (got_kind, got_detail) == (kind, detail)


HTML = UpstreamConfig("https://docs.superoffice.com/", "docs/", "html")
FOLDER = UpstreamConfig("https://docs.example.org/", "docs/", "folder")


@pytest.mark.parametrize(("config", "url", "first"), [
    (HTML, "https://docs.superoffice.com/da/learn/x.html#a", ["docs/da/learn/x.md", "da/learn/x.md"]),
    (HTML, "https://docs.superoffice.com/da/learn/", ["docs/da/learn/index.md", "da/learn/index.md"]),
    (FOLDER, "https://docs.example.org/da/y/", ["docs/da/y/index.md", "da/y/index.md"]),
    (HTML, "https://elsewhere.org/da/x.html", []),
])
def test_repo_candidates(config: UpstreamConfig, url: str, first: list[str]) -> None:
    assert repo_candidates(url, config)[:2] == first


def test_link_report_round_trip(tmp_path: Path) -> None:
    link = link_report.ReportedLink("../a/", "content/b.md:4 -> content/i.md:1:3",
                                    (("content/i.md", 1, 3), ("content/b.md", 4, 0)), "a.md", "local")
    report = link_report.LinkReport({"b/index.html": link_report.ReportedPage("content/b.md", (link,))})
    path = tmp_path / "r" / "links.json"
    link_report.write(path, report)
    assert link_report.read(path) == report


def _two_page_report(path: Path) -> link_report.LinkReport:
    def page(name: str) -> link_report.ReportedPage:
        link = link_report.ReportedLink(f"../{name}/", f"content/{name}.md:2:1", ((f"content/{name}.md", 2, 1),),
                                        f"{name}.md", "local")
        return link_report.ReportedPage(f"content/{name}.md", (link,))
    report = link_report.LinkReport({"a/index.html": page("a"), "b/index.html": page("b")})
    link_report.write(path, report)
    return report


def test_link_report_reads_only_the_pages_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    report = _two_page_report(path)
    assert link_report.read(path, {"b/index.html"}).pages == {"b/index.html": report.pages["b/index.html"]}
    assert link_report.read(path, set()).pages == {}
    # The same file written as one line of JSON reads the same.
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8"))), encoding="utf-8")
    assert link_report.read(path) == report
    assert link_report.read(path, {"a/index.html"}).pages == {"a/index.html": report.pages["a/index.html"]}


@pytest.mark.parametrize(("damage", "phrase"), [
    (lambda text: text.replace('"kind": "local"', '"kind": "weird"', 1), r"links.json:2: the link report is damaged"),
    (lambda text: text.replace('"b/index.html": {', '"b/index.html" {'), r"links.json:3: the link report is damaged"),
    (lambda text: text.removesuffix("}}\n"), "it ends early"),
    (lambda text: text + "{}\n", "text after its end"),
    (lambda text: text.replace('"version": 1', '"version": 7'), "version 7"),
])
def test_a_damaged_page_by_page_report_is_named_by_line(tmp_path: Path, damage: Callable[[str], str],
                                                       phrase: str) -> None:
    path = tmp_path / "links.json"
    _two_page_report(path)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(link_report.LinkReportError, match=phrase):
        link_report.read(path)
    with pytest.raises(link_report.LinkReportError, match=phrase):  # a damaged page not asked for, too
        link_report.read(path, {"b/index.html"})


@pytest.mark.parametrize(("text", "phrase"), [
    (None, "no link report"),
    ("{not json", "cannot be read"),
    ('{"pages": {}}', "no version"),
    ('{"version": 99, "pages": {}}', "version 99"),
    ('{"version": 1, "pages": {"a.html": {"source": "x", "links": [{"href": 1}]}}}', "damaged"),
    ('{"version": 1, "pages": {"a.html": {"source": "x", "links": [{"href": "h", "source": "s", "written": "w", '
     '"kind": "weird", "frames": [["p", 1, 1]]}]}}}', "damaged"),
])
def test_link_report_refuses_what_it_cannot_use(tmp_path: Path, text: str | None, phrase: str) -> None:
    path = tmp_path / "links.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(link_report.LinkReportError, match=phrase):
        link_report.read(path)
