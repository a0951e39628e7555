"""The English pages of the real site, read back beside their Danish counterparts.

Each English page speaks English (``<html lang>``, title, headings, navigation), shows no raw DocFX or macro
syntax, and its language switcher and hreflang links lead to the Danish page and back. The plan pages state
the same facts in both languages: the tables are made from one data file, so only the words may differ.
"""

from __future__ import annotations

import posixpath
import re

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode

from tests.helpers import ROOT, Build, attr, one

# English page (built) -> its Danish counterpart (built)
PAIRS = {
    "en/index.html": "index.html",
    "en/learn/getting-started/index.html": "da/learn/getting-started/index.html",
    "en/learn/getting-started/login/index.html": "da/learn/getting-started/login/index.html",
    "en/learn/getting-started/preferences/index.html": "da/learn/getting-started/preferences/index.html",
    "en/learn/getting-started/connect-email-doc/index.html": "da/learn/getting-started/connect-email-doc/index.html",
    "en/learn/getting-started/main-screen/index.html": "da/learn/getting-started/main-screen/index.html",
    "en/learn/getting-started/main-screen/navigator/index.html":
        "da/learn/getting-started/main-screen/navigator/index.html",
    "en/admin/license/user-plans/index.html": "da/admin/license/user-plans/index.html",
    "en/admin/license/plan-explorer/index.html": "da/admin/license/plan-explorer/index.html",
}
LEAKS = ("[!include", "[!INCLUDE", "[!NOTE", "[!TIP", "[!", "][", "[img1]", "{{", "}}", "{%", "xref:", "#tab/")
EN_NAV = ["Home", "Getting started", "Licences and plans"]
DA_NAV = ["Forside", "Kom i gang", "Licens og planer"]


def resolve(page: str, href: str) -> str:
    """The built file a relative link on ``page`` leads to (``folder/`` is ``folder/index.html``)."""
    path = href.split("#", 1)[0]
    assert not re.match(r"^[a-z]+:|^/", path), f"{page}: {href!r} is not a link within the site"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return "index.html" if target == "." else (target + "/index.html" if not target.endswith(".html") else target)


def heading(node: LexborNode) -> str:
    return " ".join(node.text().replace("¶", "").split())


def article(build: Build, rel: str) -> LexborNode:
    return one(build.html(rel), "article")


def top_entries(tree: LexborHTMLParser) -> list[str]:
    nav = one(tree, "nav.md-nav--primary")
    return [" ".join(one(li, "label, a").text().split()) for li in nav.css("nav.md-nav--primary > ul > li")]


@pytest.mark.parametrize("en", sorted(PAIRS))
def test_english_page_is_english_and_differs_from_the_danish_one(real_site: Build, en: str) -> None:
    tree, danish = real_site.html(en), real_site.html(PAIRS[en])
    assert attr(one(tree, "html"), "lang") == "en"
    assert attr(one(danish, "html"), "lang") == "da"
    title, da_title = one(tree, "title").text(), one(danish, "title").text()
    assert title.endswith("SuperOffice CRM – getting started"), title  # the English site name
    assert title.split(" - ")[0] != da_title.split(" - ")[0]
    h1, da_h1 = heading(one(tree, "article h1")), heading(one(danish, "article h1"))
    assert h1 != da_h1
    # The same headings structure: as many h2 and h3 as the Danish page, none of them the Danish words.
    for level in ("h2", "h3"):
        ours = [heading(h) for h in tree.css(f"article {level}")]
        theirs = [heading(h) for h in danish.css(f"article {level}")]
        assert len(ours) == len(theirs), (level, ours, theirs)
        assert not set(ours) & (set(theirs) - {"Sales", "Service", "Marketing"}), (ours, theirs)
    text = one(tree, "article").text(separator=" ")
    assert not re.search(r"[æøåÆØÅ]", text), "Danish letters in the English article: a text is not translated"


@pytest.mark.parametrize("en", sorted(PAIRS))
def test_no_raw_docfx_or_macro_syntax(real_site: Build, en: str) -> None:
    text = " ".join(article(real_site, en).text(separator=" ").split())
    for leak in LEAKS:
        assert leak not in text, f"{leak!r} leaked into {en}"


@pytest.mark.parametrize("en", sorted(PAIRS))
def test_switcher_and_hreflang_lead_to_the_danish_page_and_back(real_site: Build, en: str) -> None:
    da = PAIRS[en]
    for page, other, language in ((en, da, "da"), (da, en, "en")):
        tree = real_site.html(page)
        switch = one(tree, f"a.md-select__link[hreflang={language}]")
        assert resolve(page, attr(switch, "href")) == other
        assert "hidden" in one(switch, ".so-language__note").attributes  # a translation: no "not translated" note
        current = one(tree, "a.md-select__link[aria-current=true]")
        assert resolve(page, attr(current, "href")) == page
        alternates = {attr(link, "hreflang"): resolve(page, attr(link, "href")) for link in tree.css("link[hreflang]")}
        assert alternates == {"da": da, "en": en}


@pytest.mark.parametrize("en", sorted(PAIRS))
def test_each_language_has_its_own_navigation(real_site: Build, en: str) -> None:
    english, danish = real_site.html(en), real_site.html(PAIRS[en])
    assert top_entries(english) == EN_NAV
    assert top_entries(danish) == DA_NAV
    for tree, page, folder in ((english, en, "en/"), (danish, PAIRS[en], "da/")):
        links = [attr(a, "href") for a in one(tree, "nav.md-nav--primary").css("a.md-nav__link[href]")]
        targets = {resolve(page, href) for href in links if not href.startswith("#")}
        # The pruned navigation carries the sections a page is in, and the first page of every other one.
        assert len(targets) >= len(EN_NAV), targets
        assert all(t.startswith(folder) or (folder == "da/" and t == "index.html") for t in targets), targets


def test_previous_and_next_pages_stay_in_the_language(real_site: Build) -> None:
    for en in PAIRS:
        for link in real_site.html(en).css("a.md-footer__link[href]"):
            assert resolve(en, attr(link, "href")).startswith("en/"), (en, link.attributes)


def plan_structure(node: LexborNode) -> dict[str, object]:
    """What the plan macros showed, without the words: list sizes, plan names, table shapes and marks."""
    return {
        "lists": [len(ul.css("li")) for ul in node.css("ul:not(.md-nav__list)")],
        "plans": [p.text() for p in node.css(".so-plan")],
        "sold": [attr(td, "class") for td in node.css("td.so-sold")],
        "matrix_rows": len(node.css("table.so-matrix tbody tr")),
        "compare": [(tr.attributes.get("data-feature"), [attr(td, "class") for td in tr.css("td")])
                    for tr in node.css("table.so-compare tbody tr")],
        "abbr_plans": sorted({a.text() for a in node.css("abbr") if re.match(r"(Sales|Service|Marketing)-", a.text())}),
    }


@pytest.mark.parametrize("page", ["admin/license/user-plans/index.html", "admin/license/plan-explorer/index.html"])
def test_plan_facts_are_the_same_in_both_languages(real_site: Build, page: str) -> None:
    english, danish = plan_structure(article(real_site, f"en/{page}")), plan_structure(article(real_site, f"da/{page}"))
    assert english == danish
    if page.endswith("user-plans/index.html"):
        assert english["matrix_rows"] == 9 and len(english["sold"]) == 27  # type: ignore[arg-type]
        combinations = [" ".join(li.text().split()) for li in
                        article(real_site, f"en/{page}").css("details.so-list li")]
        danish_combinations = [" ".join(li.text().split()) for li in
                               article(real_site, f"da/{page}").css("details.so-list li")]
        assert len(combinations) == 20 and combinations == danish_combinations
    else:
        assert len(english["compare"]) > 20  # type: ignore[arg-type]


def test_plan_tables_are_in_english(real_site: Build) -> None:
    tree = article(real_site, "en/admin/license/user-plans/index.html")
    kinds = {" ".join(small.text().split()) for small in tree.css("td.so-sold small")}
    assert kinds == {"base plan", "multi-plan user"}
    assert one(tree, "table.so-matrix caption").text() == "What each choice of a tier per solution is sold as"
    assert "In short" in one(tree, ".so-summary").text()
    compare = article(real_site, "en/admin/license/plan-explorer/index.html")
    assert one(compare, "table.so-compare caption").text() == "Features of the six base plans"
    assert "Companies and persons" in compare.text()


def test_every_plan_name_is_one_tooltip_in_english(real_site: Build) -> None:
    """A plan name shows the glossary's whole-name tooltip, never one for its Premium part only."""
    glossary = dict(re.findall(r"^\*\[([^\]]+)\]: (.*)$", (ROOT / "includes/glossary.en.md").read_text("utf-8"), re.M))
    tree = article(real_site, "en/admin/license/user-plans/index.html")
    names = [" ".join(li.text().split()) for li in tree.css("h2#users-with-more-than-one-plan ~ ul")[0].css("li")]
    assert len(names) == 6
    shown = {a.text(): a.attributes.get("title") for a in tree.css("abbr")}
    for name in names:
        assert shown.get(name) == glossary[name], name
    assert shown.get("multi-plan user") == glossary["multi-plan user"]
    danish_titles = set(re.findall(r"^\*\[[^\]]+\]: (.*)$", (ROOT / "includes/glossary.md").read_text("utf-8"), re.M))
    assert not set(shown.values()) & danish_titles


def test_checklist_on_the_english_page_links_to_the_english_first_steps(real_site: Build) -> None:
    page = "en/learn/getting-started/index.html"
    steps = yaml.safe_load((ROOT / "data/onboarding.yml").read_text(encoding="utf-8"))["steps"]
    links = real_site.html(page).css("#so-checklist a[data-step]")
    assert [attr(a, "data-step") for a in links] == [s["id"] for s in steps]
    assert [" ".join(a.text().split()) for a in links] == [s["title"]["en"] for s in steps]
    for a in links:
        target = resolve(page, attr(a, "href"))
        assert target.startswith("en/") and (real_site.site / target).is_file(), target
        assert attr(one(real_site.html(target), "html"), "lang") == "en"


def test_start_here_reaches_your_first_steps(real_site: Build) -> None:
    page = "en/index.html"
    tree = real_site.html(page)
    button = one(tree, "article a.md-button--primary")
    assert " ".join(button.text().split()) == "Start here"
    href = attr(button, "href")
    assert href.endswith("#your-first-steps"), href
    target = resolve(page, href)
    assert target == "en/learn/getting-started/index.html"
    first_steps = one(real_site.html(target), "#your-first-steps")
    assert first_steps.tag == "h2" and heading(first_steps) == "Your first steps"
    progress = one(tree, ".so-progress-summary a")
    assert resolve(page, attr(progress, "href")) == target and attr(progress, "href").endswith("#your-first-steps")
    # The Danish button, for contrast, keeps its own anchor on the Danish page.
    da_button = attr(one(real_site.html("index.html"), "article a.md-button--primary"), "href")
    assert da_button.endswith("#dine-første-trin") and resolve("index.html", da_button) == PAIRS[target]


def test_english_links_to_pages_the_site_lacks_lead_to_the_english_documentation(real_site: Build) -> None:
    for en in PAIRS:
        for a in article(real_site, en).css("a[href^='https://docs.superoffice.com/']"):
            href = attr(a, "href")
            assert "/da/" not in href, (en, href)
    links = {" ".join(a.text().split()): attr(a, "href") for a in
             article(real_site, "en/learn/getting-started/index.html").css("a")}
    assert links["Dashboard"] == "https://docs.superoffice.com/en/dashboard/learn/index.html"
    assert links["Set your personal preferences"] == "preferences/"
    assert links["Change your password in SuperOffice CRM"] == "login/#forgot-password"
    assert links["global buttons"] == "main-screen/#global-buttons"


@pytest.mark.parametrize("en", sorted(PAIRS))
def test_no_danish_words_around_the_english_page(real_site: Build, en: str) -> None:
    """The theme's, mkdocs.yml's and the engine's own words are English too: tooltips, the footer, the search
    dialog. Only the switcher's Danish entry (lang="da") and the scripts' JSON of every text are left out."""
    html = (real_site.site / en).read_text(encoding="utf-8")
    html = re.sub(r'data-ui="[^"]*"', "", html)
    html = re.sub(r'<a [^>]*\blang="da"[^>]*>.*?</a>', "", html, flags=re.S)
    assert not re.findall(r"[^<>\"\s]*[æøåÆØÅ][^<>\"\s]*", html)
    tree = real_site.html(en)
    assert "Content based on the SuperOffice documentation" in one(tree, ".md-copyright").text()
    assert attr(one(tree, ".md-search[role=dialog]"), "aria-label") == "Search the site"
    for permalink in tree.css("article a.headerlink"):
        assert attr(permalink, "title") == "Link to this section"
    for upstream in tree.css("article a.so-upstream"):
        assert attr(upstream, "title") == "Opens the page in the full SuperOffice documentation"
    danish = real_site.html(PAIRS[en])  # and the Danish page keeps its own words
    assert attr(one(danish, ".md-search[role=dialog]"), "aria-label") == "Søg på siden"
    assert {attr(a, "title") for a in danish.css("article a.headerlink")} <= {"Link til dette afsnit"}
