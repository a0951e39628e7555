"""The real site: built with --strict, then read back as a reader's browser would get it."""

from __future__ import annotations

import re

import pytest

from tests.helpers import SEEDS, Build, attr, one

PAGES = {
    "000_177f61d328bc7970.txt": ("da/learn/getting-started/index.html", "Introduktion"),
    "004_691f0675a416ade6.txt": ("da/admin/license/user-plans/index.html", "Brugerplaner"),
}


def seed_text(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed {path} is absent (../shared is not beside the project)")
    return path.read_text(encoding="utf-8")


def article_text(build: Build, rel: str, separator: str = " ") -> str:
    article = build.html(rel).css_first("article")
    assert article is not None
    return " ".join(article.text(separator=separator).split())


def test_real_site_builds_strict_with_zero_warnings(real_site: Build) -> None:
    assert real_site.returncode == 0, real_site.log
    assert real_site.warnings == []
    assert "MkDocs 2.0" not in real_site.log


@pytest.mark.parametrize("seed", sorted(PAGES))
def test_title_and_every_seed_heading(real_site: Build, seed: str) -> None:
    rel, title = PAGES[seed]
    tree = real_site.html(rel)
    assert one(tree, "title").text().startswith(title)
    headings = {" ".join(h.text().replace("¶", "").split()) for h in tree.css("article h1, article h2, article h3")}
    for line in seed_text(seed).splitlines():
        if m := re.match(r"^#{1,6}\s+(.*)$", line):
            assert m.group(1).strip() in headings


@pytest.mark.parametrize("seed", sorted(PAGES))
def test_seed_prose_is_kept_word_for_word(real_site: Build, seed: str) -> None:
    rel, _ = PAGES[seed]
    text = article_text(real_site, rel, separator="")
    body = seed_text(seed).split("\n---\n", 1)[1]
    for line in body.splitlines():
        if not line.strip() or line.startswith(("#", "[", "<!--", "!", "*", "  *")):
            continue
        plain = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", line)
        plain = re.sub(r"\*\*|`", "", plain)
        assert " ".join(plain.split()) in text


@pytest.mark.parametrize("rel", [r for r, _ in PAGES.values()] + ["index.html"])
def test_no_raw_markdown_or_docfx_syntax_leaks(real_site: Build, rel: str) -> None:
    text = article_text(real_site, rel)
    for leak in ("[!include", "][", "[img1]", "{{", "{%", "[!NOTE", "xref:"):
        assert leak not in text, f"{leak!r} leaked into {rel}"


def test_scoped_reference_7_reaches_both_targets(real_site: Build) -> None:
    links = {a.text().strip(): a.attributes.get("href") for a in
             real_site.html("da/learn/getting-started/index.html").css("article a")}
    assert links["Angiv dine personlige præferencer"] == \
        "https://docs.superoffice.com/da/learn/getting-started/preferences.html"
    assert links["Dashboard"] == "https://docs.superoffice.com/da/dashboard/learn/index.html"
    assert links["Telefonopkald direkte fra SuperOffice CRM"] == \
        "https://docs.superoffice.com/da/diary/learn/phone-call/preferences.html"


def test_fallback_links_are_marked_and_local_links_stay_local(real_site: Build) -> None:
    tree = real_site.html("da/admin/license/user-plans/index.html")
    cep = next(a for a in tree.css("article a") if "CEP" in a.text())
    assert cep.attributes["href"] == "https://docs.superoffice.com/release-notes/9.2/cep/9.2-R01-update.html"
    assert "so-upstream" in attr(cep, "class")
    landing = real_site.html("index.html")
    hrefs = [a.attributes.get("href") for a in landing.css("article a")]
    assert "da/learn/getting-started/" in hrefs and "da/admin/license/user-plans/" in hrefs


def test_screenshot_is_local_with_alt_text(real_site: Build) -> None:
    img = one(real_site.html("da/learn/getting-started/index.html"), "article img")
    assert img.attributes["src"] == "../../../media/loc/en/learn/getstarted-personalsettings.png"
    assert (real_site.site / "media/loc/en/learn/getstarted-personalsettings.png").stat().st_size > 1000
    assert "indstilling" in attr(img, "alt")


def test_danish_letters_survive_in_heading_anchors(real_site: Build) -> None:
    ids = [h.attributes.get("id") for h in real_site.html("da/admin/license/user-plans/index.html").css("h2")]
    assert "fælles-funktioner-i-alle-planer-og-niveauer" in ids


def test_page_metadata(real_site: Build) -> None:
    tree = real_site.html("da/admin/license/user-plans/index.html")
    meta = one(tree, ".so-page-meta").text(separator=" ")
    assert "23. april 2024" in meta and "Online" in meta and "web" in meta and "10.3.5" in meta
    assert attr(one(tree, 'meta[name="keywords"]'), "content") == "brugerplan, licens, essential, premium"
    assert attr(one(tree, 'meta[name="description"]'), "content").startswith("SuperOffice brugerplaner")
    assert tree.css_first('meta[name="robots"]') is None  # index: true
    assert "7. marts 2023" in one(real_site.html("da/learn/getting-started/index.html"), ".so-page-meta").text()


def test_danish_theme_404_sitemap_and_no_third_party_requests(real_site: Build) -> None:
    assert attr(one(real_site.html("index.html"), "html"), "lang") == "da"
    assert "Siden findes ikke" in real_site.html("404.html").text()
    assert not (real_site.site / "sitemap.xml").exists()  # built without SITE_URL: see test_published_output
    for page in real_site.site.rglob("*.html"):
        tree = real_site.html(str(page.relative_to(real_site.site)))
        for node in tree.css("link[href], script[src], img[src], iframe[src], source[src]"):
            if node.attributes.get("rel") in ("canonical", "alternate"):
                continue  # names the page's address; the browser fetches nothing
            url = node.attributes.get("href") or node.attributes.get("src") or ""
            assert not re.match(r"^(https?:)?//", url), f"{page}: third-party request {url}"


def test_navigation_is_danish(real_site: Build) -> None:
    nav = " ".join(one(real_site.html("index.html"), "nav.md-nav--primary").text().split())
    for label in ("Forside", "Kom i gang", "Introduktion", "Licens og planer", "Brugerplaner"):
        assert label in nav
