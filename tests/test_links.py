"""Where links lead: pages by any of their names, project files published where the link expects them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sodocs.core.project import Project
from sodocs.core.upstream import UpstreamConfig
from sodocs.diagnostics import Diagnostics, Origin
from sodocs.docfx.links import Site, relative_url, resolve
from tests.helpers import attr, build_site, one, write_tree

UPSTREAM = UpstreamConfig("https://docs.superoffice.com/", "docs/", "html")
PAGE = "docs/en/admin/learn/page.md"


@pytest.fixture
def site(tmp_path: Path) -> Site:
    write_tree(tmp_path, {
        PAGE: "# Side\n", "docs/en/admin/learn/Other-Page.md": "# Anden\n", "docs/en/admin/index.md": "# Admin\n",
        "docs/en/admin/learn/includes/media/shot.png": "png", "docs/en/admin/learn/includes/tip.md": "tip",
        "common/icons/gear.png": "png", "common/includes/note.md": "note", ".secret/key.png": "png",
        "docs/en/automation/index.md": "# Ikke med\n", "docs/en/img/Logo.PNG": "png",
    })
    published = {PAGE, "docs/en/admin/learn/Other-Page.md", "docs/en/admin/index.md", "docs/en/img/Logo.PNG"}
    return Site(Project(tmp_path, "docs", "includes"), published, UPSTREAM)


CASES = [
    # (written in PAGE, raw HTML?, written into the Markdown, kind, target, warning kinds)
    ("Other-Page.md#x", False, "Other-Page.md#x", "local", "docs/en/admin/learn/Other-Page.md", []),
    ("other-page.md", False, "Other-Page.md", "local", "docs/en/admin/learn/Other-Page.md", ["link-case"]),
    ("Other-Page.html#x", False, "Other-Page.md#x", "local", "docs/en/admin/learn/Other-Page.md", []),
    ("../index.html", False, "../index.md", "local", "docs/en/admin/index.md", []),
    ("../../img/logo.png", False, "../../img/Logo.PNG", "local", "docs/en/img/Logo.PNG", ["link-case"]),
    ("includes/media/shot.png", False, "includes/media/shot.png", "local",
     "docs/en/admin/learn/includes/media/shot.png", []),
    ("../../../../common/icons/gear.png", False, "../../../common/icons/gear.png", "local", "common/icons/gear.png",
     []),
    ("../../automation/index.md", False, "https://docs.superoffice.com/en/automation/index.html", "upstream",
     "docs/en/automation/index.md", []),
    ("../../automation/index.html", False, "https://docs.superoffice.com/en/automation/index.html", "upstream",
     "docs/en/automation/index.md", []),
    ("includes/tip.md", False, "https://docs.superoffice.com/en/admin/learn/includes/tip.html", "upstream",
     "docs/en/admin/learn/includes/tip.md", []),
    ("../../../../.secret/key.png", False, "../../../../.secret/key.png", "missing", ".secret/key.png",
     ["missing-file"]),
    ("../../../../../outside.png", False, "../../../../../outside.png", "missing", "../outside.png",
     ["missing-file"]),
    # Raw HTML: MkDocs never rewrites it, so the address is written as the built page (en/admin/learn/page/)
    # needs it.
    ("Other-Page.md#x", True, "../Other-Page/#x", "local", "docs/en/admin/learn/Other-Page.md", []),
    ("includes/media/shot.png", True, "../includes/media/shot.png", "local",
     "docs/en/admin/learn/includes/media/shot.png", []),
    ("../../../../common/icons/gear.png", True, "../../../../common/icons/gear.png", "local",
     "common/icons/gear.png", []),
    ("../index.md", True, "../../", "local", "docs/en/admin/index.md", []),
]


@pytest.mark.parametrize(("written", "raw", "dest", "kind", "target", "warnings"), CASES,
                         ids=[f"{c[0]}{' (raw)' if c[1] else ''}" for c in CASES])
def test_link_resolution(site: Site, written: str, raw: bool, dest: str, kind: str, target: str,
                         warnings: list[str]) -> None:
    diags = Diagnostics()
    new, record = resolve(site, PAGE, written, written.endswith(".png"), Origin.at(PAGE, 3, 1), diags, raw=raw)
    assert (new, record.kind, record.target) == (dest, kind, target)
    assert [d.kind for d in diags] == warnings


def test_case_warning_names_the_right_spelling(site: Site) -> None:
    diags = Diagnostics()
    resolve(site, PAGE, "other-page.md", False, Origin.at(PAGE, 3, 5), diags)
    (warning,) = diags
    assert str(warning.origin) == "docs/en/admin/learn/page.md:3:5"
    assert "spelled docs/en/admin/learn/Other-Page.md" in warning.message and warning.severity == "warning"


def test_published_resources_are_remembered_with_their_address(site: Site) -> None:
    resolve(site, PAGE, "../../../../common/icons/gear.png", True, Origin.at(PAGE, 1), Diagnostics())
    resolve(site, PAGE, "includes/media/shot.png", True, Origin.at(PAGE, 1), Diagnostics())
    assert site.resources == {"common/icons/gear.png": "common/icons/gear.png",
                              "docs/en/admin/learn/includes/media/shot.png": "en/admin/learn/includes/media/shot.png"}


@pytest.mark.parametrize(("url", "page", "expected"), [
    ("en/x/", "en/a/b/", "../../x/"),
    ("en/a/img.png", "en/a/b/", "../img.png"),
    ("en/a/img.png", "en/a/b.html", "img.png"),
    ("./", "en/a/", "../../"),
    ("en/a/", "./", "en/a/"),
])
def test_relative_url_is_mkdocs(url: str, page: str, expected: str) -> None:
    assert relative_url(url, page) == expected


def test_built_site_serves_every_linked_file_where_its_link_expects_it(tmp_path: Path) -> None:
    """Built by MkDocs: shared icons outside docs/, an excluded include folder's image, raw HTML under a folder
    URL, a page by its .html name and by other letter case; then every link of the site is checked."""
    write_tree(tmp_path, {
        "mkdocs.yml": "site_name: T\ndocs_dir: docs\ntheme: material\nexclude_docs: |\n  includes/\n"
                      "plugins:\n  - sodocs:\n      upstream_list: none.txt\n",
        "docs/index.md": "---\ntitle: Forside\n---\n# Forside\n\n[Guide](en/guide.html) og [igen](en/Guide.md)\n",
        "docs/en/guide.md": "---\ntitle: Guide\n---\n# Guide\n\n[!include[i](includes/tip.md)]\n\n"
                            '<img src="includes/media/raw.png" alt="Rå">\n\n<a href="../index.md">Forside</a>\n',
        "docs/en/includes/tip.md": "Klik ![tandhjul](../../../common/icons/gear.png) og "
                                   "![billede](media/shot.png)\n",
        "docs/en/includes/media/shot.png": "png", "docs/en/includes/media/raw.png": "png",
        "common/icons/gear.png": "png", "none.txt": "",
    })
    build = build_site(tmp_path, tmp_path / "site", strict=False)
    assert build.returncode == 0, build.log
    site = build.site
    for served in ("common/icons/gear.png", "en/includes/media/shot.png", "en/includes/media/raw.png"):
        assert (site / served).is_file(), served
    assert not (site / "en/includes/tip").exists()
    guide = build.html("en/guide/index.html")
    assert [attr(i, "src") for i in guide.css("article img")] == [
        "../../common/icons/gear.png", "../includes/media/shot.png", "../includes/media/raw.png"]
    assert attr(one(guide, "article a[href='../../']"), "href") == "../../"
    home = build.html("index.html")
    assert [attr(a, "href") for a in home.css("article p a")] == ["en/guide/", "en/guide/"]
    assert "docs/index.md:6:27: link 'en/Guide.md' names docs/en/Guide.md, but the file is spelled " \
           "docs/en/guide.md" in build.log
    proc = subprocess.run([sys.executable, "-m", "sodocs", "check", str(site), "-f", str(tmp_path / "mkdocs.yml")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_upstream_link_with_other_letter_case_names_the_right_spelling(tmp_path: Path) -> None:
    from sodocs.linkcheck.check import Options, check_site
    from sodocs.linkcheck.upstream_list import UpstreamList
    from sodocs.settings import Settings

    site = write_tree(tmp_path / "site", {"index.html": '<a href="https://docs.superoffice.com/en/db/ModuleOwner.html">'
                                                        "x</a><a href=\"https://docs.superoffice.com/en/db/ok.html\">"
                                                        "y</a>"})
    listing = UpstreamList({"docs/en/db/moduleowner.md", "docs/en/db/ok.md"})
    report = check_site(Options(site, Settings(root=tmp_path, docs_dir="docs", site_dir=site), listing, jobs=1))
    assert [p.reason for p in report.problems] == [
        "the full documentation has no docs/en/db/ModuleOwner.md (it has docs/en/db/moduleowner.md: the letter "
        "case differs)"]
