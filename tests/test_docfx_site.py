"""Every DocFX construct on one fixture page, built with --strict, read back from the HTML."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborNode

from tests.helpers import ROOT, Build, build_site, one

FIXTURE = ROOT / "tests" / "fixtures" / "docfx"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = build_site(FIXTURE, tmp_path_factory.mktemp("docfx-site"))
    assert build.returncode == 0, build.log
    assert build.warnings == []
    return build


@pytest.fixture(scope="module")
def article(built: Build) -> LexborNode:
    return one(built.html("da/guide/index.html"), "article")


def test_alerts_are_admonitions_with_danish_titles(article: LexborNode) -> None:
    found = [(d.attributes["class"], one(d, ".admonition-title").text()) for d in article.css(".admonition")]
    assert found == [("admonition note", "Bemærk"), ("admonition tip", "Tip"), ("admonition info", "Vigtigt"),
                     ("admonition danger", "Forsigtig"), ("admonition warning", "Advarsel"),
                     ("admonition tip", "Tip"), ("admonition note", "Bemærk")]
    step = one(article, "ol > li")
    assert step.css_first(".admonition.tip") is not None  # the alert stays inside its numbered step


def test_video_is_a_link_not_an_embedded_player(article: LexborNode) -> None:
    video = one(article, "a.so-video")
    assert video.attributes["href"] == "https://www.youtube.com/watch?v=HYYI4ZCl4S4"
    assert article.css_first("iframe") is None


def test_tabs_are_content_tabs(article: LexborNode) -> None:
    assert [label.text() for label in article.css(".tabbed-set .tabbed-labels label")] == ["Online", "Onsite"]
    assert "Tekst til onsite." in article.css(".tabbed-block")[1].text()


def test_icons_are_inline_svg_with_their_labels(article: LexborNode) -> None:
    icons = article.css(".so-icon")
    assert len(icons) == 3 and all(one(i, "svg") for i in icons)
    assert [i.attributes.get("aria-label") for i in icons] == [None, "Advarsel", "Ja"]
    assert article.css_first("i.ph") is None


def test_xref_forms_and_scoped_references(article: LexborNode) -> None:
    links = [(a.text().strip(), a.attributes.get("href")) for a in article.css("a[href]")
             if "headerlink" not in (a.attributes.get("class") or "")]
    assert ("målsiden", "maal/") in links and links.count(("Målsiden", "maal/")) == 2
    assert ("sit eget link", "maal/") in links  # the include's own [1]
    assert ("Tekst", "maal/#mål") in links  # the page's own [1]


def test_includes_block_and_inline_without_their_front_matter(article: LexborNode) -> None:
    text = article.text()
    assert "Et punkt fra et include" in text and "En note fra et include." in text
    assert "Ignoreres" not in text and "[!" not in text and "xref:" not in text


def test_nested_list_and_raw_anchor(article: LexborNode) -> None:
    assert one(article, "ol ul li").text() == "Underpunkt med to mellemrum"
    assert article.css_first("a#mit-anker") is not None


def test_date_and_deployment_badge(built: Build) -> None:
    meta = one(built.html("da/guide/index.html"), ".so-page-meta").text(separator=" ")
    assert "2. november 2025" in meta and "Onsite" in meta
