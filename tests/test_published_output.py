"""What the published site is: reproducible bytes, no localhost, a sitemap dated by the pages, and nothing
readers never load (source maps, unused search languages, the link report)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sodocs.site import sitemap
from tests.helpers import ROOT, Build, build_site, snapshot

SITE_URL = "https://example.test/repo/"
DANISH = {  # page source -> its built address
    "content/index.md": "",
    "content/da/learn/getting-started/index.md": "da/learn/getting-started/",
    "content/da/admin/license/user-plans.md": "da/admin/license/user-plans/",
    "content/da/admin/license/plan-explorer.md": "da/admin/license/plan-explorer/",
    "content/da/learn/getting-started/login.md": "da/learn/getting-started/login/",
    "content/da/learn/getting-started/preferences.md": "da/learn/getting-started/preferences/",
    "content/da/learn/getting-started/connect-email-doc/index.md": "da/learn/getting-started/connect-email-doc/",
    "content/da/learn/getting-started/main-screen/index.md": "da/learn/getting-started/main-screen/",
    "content/da/learn/getting-started/main-screen/navigator.md": "da/learn/getting-started/main-screen/navigator/",
}
# Every Danish page has its English translation at the same place under en/ (the home page: en/index.md).
ENGLISH = {("content/en/index.md" if src == "content/index.md" else src.replace("content/da/", "content/en/", 1)):
           ("en/" if url == "" else "en/" + url.removeprefix("da/")) for src, url in DANISH.items()}
PAGES = {**DANISH, **ENGLISH}
FIRST_STEPS = [src for pages in (DANISH, ENGLISH) for src in list(pages)[4:]]
FIRST_STEPS_DATE = "2026-12-01"  # so.date: 12.01.2026 on each first-step page


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site as the workflow builds it (SITE_URL set), with SOURCE_DATE_EPOCH set."""
    site = tmp_path_factory.mktemp("published") / "site"
    build = build_site(ROOT, site, env_extra={"SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": "86400",
                                              "PYTHONHASHSEED": "1"})
    assert build.returncode == 0, build.log
    return build


def test_two_builds_are_byte_identical_with_and_without_source_date_epoch(published: Build, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(site)], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**env, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL, "PYTHONHASHSEED": "2"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    first, second = snapshot(published.site), snapshot(site)
    assert sorted(first) == sorted(second)
    assert [rel for rel in first if first[rel] != second[rel]] == []
    assert published.site.with_name("site.links.json").read_bytes() == site.with_name("site.links.json").read_bytes()


def _git_date(rel: str) -> dt.date | None:
    proc = subprocess.run(["git", "log", "-1", "--format=%ct", "--", rel], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0 or not proc.stdout.strip():
        return None
    return dt.datetime.fromtimestamp(int(proc.stdout), dt.UTC).date()


def test_sitemap_lists_every_page_dated_by_its_front_matter_or_last_commit(published: Build) -> None:
    text = (published.site / "sitemap.xml").read_text(encoding="utf-8")
    entries = dict(re.findall(r"<loc>([^<]*)</loc>\s*(?:<lastmod>([^<]*)</lastmod>)?", text))
    expected = {
        **{f"content/{lang}/learn/getting-started/index.md": "2023-03-07" for lang in ("da", "en")},  # so.date
        **{f"content/{lang}/admin/license/user-plans.md": "2024-04-23" for lang in ("da", "en")},  # date: 04.23.2024
        **{source: FIRST_STEPS_DATE for source in FIRST_STEPS},  # the first-step pages
    }
    for source, url in PAGES.items():
        git = _git_date(source)
        want = expected.get(source) or (git.isoformat() if git else "")
        assert entries[SITE_URL + url] == want, source
    assert len(entries) == len(PAGES) == 18
    # Each entry names both language versions of its page (hreflang), itself included.
    blocks = re.findall(r"<url>(.*?)</url>", text, re.S)
    english = dict(zip(DANISH.values(), ENGLISH.values(), strict=True))
    for block in blocks:
        loc = re.search(r"<loc>([^<]*)</loc>", block)
        assert loc is not None
        url = loc.group(1).removeprefix(SITE_URL)
        da = url if url in english else next(d for d, e in english.items() if e == url)
        alternates = dict(re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', block))
        assert alternates == {"da": SITE_URL + da, "en": SITE_URL + english[da]}, url
    assert not (published.site / "sitemap.xml.gz").exists()


def test_git_dates_come_from_the_last_commit_of_each_file(tmp_path: Path) -> None:
    def git(*args: str, when: str = "2001-02-03T04:05:06+00:00") -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True,
                       env={**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
                            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.test",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.test"})

    git("init", "-q")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("a", encoding="utf-8")
    (tmp_path / "content/b.md").write_text("b", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "one")
    (tmp_path / "content/b.md").write_text("b2", encoding="utf-8")
    git("commit", "-qam", "two", when="2005-06-07T23:30:00-02:00")  # 01:30 the next day in UTC
    (tmp_path / "content/c.md").write_text("never committed", encoding="utf-8")
    dates = sitemap.git_dates(tmp_path, ["content/a.md", "content/b.md", "content/c.md"], "content")
    assert dates == {"content/a.md": dt.date(2001, 2, 3), "content/b.md": dt.date(2005, 6, 8)}
    assert sitemap.git_dates(tmp_path / "content", ["a.md"]) == {"a.md": dt.date(2001, 2, 3)}
    outside = tmp_path.parent / "not-a-repo"
    outside.mkdir()
    assert sitemap.git_dates(outside, ["x.md"]) == {}


def test_sitemap_leaves_out_pages_that_ask_not_to_be_indexed_and_escapes_urls() -> None:
    assert not sitemap.indexed({"index": False}) and sitemap.indexed({"title": "x"})
    text = sitemap.render([sitemap.Entry("https://example.test/a?b=1&c=2", None)])
    assert "<loc>https://example.test/a?b=1&amp;c=2</loc>" in text and "lastmod" not in text


def test_without_site_url_nothing_points_at_localhost_or_any_self_address(real_site: Build) -> None:
    assert real_site.returncode == 0, real_site.log
    assert "SITE_URL" in real_site.log  # the build says why there is no sitemap
    assert not (real_site.site / "sitemap.xml").exists()
    for path in real_site.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".js", ".css", ".txt"):
            data = path.read_bytes()
            assert b"127.0.0.1" not in data and b"localhost:8000" not in data, path
    for page in real_site.site.rglob("*.html"):
        assert real_site.html(str(page.relative_to(real_site.site))).css_first('link[rel="canonical"]') is None


def test_with_site_url_every_page_names_its_canonical_address(published: Build) -> None:
    for url in PAGES.values():
        canonical = published.html(url + "index.html").css_first('link[rel="canonical"]')
        assert canonical is not None and canonical.attributes["href"] == SITE_URL + url


def test_the_site_ships_no_source_maps_and_only_the_search_languages_of_its_pages(real_site: Build) -> None:
    files = {p.relative_to(real_site.site).as_posix() for p in real_site.site.rglob("*") if p.is_file()}
    assert not [f for f in files if f.endswith(".map")]
    for rel in files:
        if rel.endswith((".js", ".css")):
            assert b"sourceMappingURL" not in (real_site.site / rel).read_bytes(), rel
    # Pagefind answers the search box: none of Material's lunr search (index, stemmers, worker) is published,
    # and of Pagefind's files only its search script, its worker and the stemmers of the pages' languages
    # (Danish and English), each language's metadata once.
    assert not [f for f in files if "/lunr/" in f or "workers/search." in f or f.startswith("search/")]
    bundle = {f.removeprefix("pagefind/") for f in files if f.startswith("pagefind/") and "/" not in f[9:]}
    metas = {lang: [f for f in bundle if f.startswith(f"pagefind.{lang}_") and f.endswith(".pf_meta")]
             for lang in ("da", "en")}
    assert [len(m) for m in metas.values()] == [1, 1], bundle
    assert bundle == {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.da.pagefind",
                      "wasm.en.pagefind", *metas["da"], *metas["en"]}
    assert "_sodocs/search.js" in files


def test_the_link_report_lies_beside_the_site_and_the_checker_finds_it(real_site: Build) -> None:
    assert not (real_site.site / "_sodocs/links.json").exists()  # _sodocs/ holds only the search script
    assert not [p for p in real_site.site.rglob("*.json") if p.name != "pagefind-entry.json"]
    report = real_site.site.with_name(real_site.site.name + ".links.json")
    assert report.is_file()
    proc = subprocess.run([sys.executable, "-m", "sodocs", "check", str(real_site.site)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no link report" not in proc.stderr


def _links(build: Build, rel: str) -> list[tuple[str, str, str]]:
    tree = build.html(rel)
    return [(node.tag or "", attr, node.attributes.get(attr) or "") for node in tree.css("a[href], link[href], "
            "script[src], img[src], source[srcset], img[srcset]")
            for attr in ("href", "src", "srcset") if attr in node.attributes]


def test_properdocs_builds_the_same_site(published: Build, tmp_path: Path) -> None:
    """ProperDocs, the maintained MkDocs 1.x fork, is the project's exit from MkDocs: it loads the sodocs
    plugin and Material from their MkDocs entry points and must give the same pages with the same links."""
    pytest.importorskip("properdocs", reason="properdocs is in the test extra: pip install -e '.[test]'")
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(site)], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL,
                               "SOURCE_DATE_EPOCH": "86400", "PYTHONHASHSEED": "1"})
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "WARNING" not in log and "ERROR" not in log, log
    ours = Build(0, log, site)
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(published.site).as_posix() for p in published.site.rglob("*") if p.is_file())
    pages = [f for f in files if f.endswith(".html")]
    assert len(pages) == len(PAGES) + 1  # and the 404 page
    for rel in pages:
        assert _links(ours, rel) == _links(published, rel), rel
        article, reference = ours.html(rel).css_first("article"), published.html(rel).css_first("article")
        assert (article.html if article else None) == (reference.html if reference else None), rel
    # Beyond pages and links: every byte is the same but the generator's name in <meta name="generator">.
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    for rel in files:
        mine, theirs = (site / rel).read_bytes(), (published.site / rel).read_bytes()
        assert generator.sub(b"", mine) == generator.sub(b"", theirs), rel
    # The link report (source lines for `sodocs check`) is written the same way.
    assert site.with_name("site.links.json").read_bytes() == published.site.with_name("site.links.json").read_bytes()
