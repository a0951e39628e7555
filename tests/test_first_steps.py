"""The first-step pages: pages of this site, linked from the checklist, in the site's own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.corpus_en import ABSENT, CORPUS_EN
from tests.helpers import CORPUS, ROOT, Build, one

# page source (under content/) -> built page
FIRST_STEPS = {
    "da/learn/getting-started/login.md": "da/learn/getting-started/login/index.html",
    "da/learn/getting-started/preferences.md": "da/learn/getting-started/preferences/index.html",
    "da/learn/getting-started/connect-email-doc/index.md": "da/learn/getting-started/connect-email-doc/index.html",
    "da/learn/getting-started/main-screen/index.md": "da/learn/getting-started/main-screen/index.html",
    "da/learn/getting-started/main-screen/navigator.md": "da/learn/getting-started/main-screen/navigator/index.html",
}
GETTING_STARTED = "da/learn/getting-started/index.html"


def words(text: str) -> list[str]:
    return re.findall(r"[\wæøå']+", text.lower())


def corpus_prose(path: Path) -> str:
    """The upstream page as a reader reads it: no front matter, markup, link definitions or comments."""
    return corpus_prose_of(path.read_text(encoding="utf-8"))


def corpus_prose_of(text: str) -> str:
    text = text.split("\n---\n", 1)[-1]
    return re.sub(r"<!--.*?-->|<[^>]+>|^\[[^\]]+\]:.*$|!\[[^\]]*\]\[[^\]]*\]", " ", text, flags=re.S | re.M)


@pytest.mark.parametrize("source", sorted(FIRST_STEPS))
def test_page_has_title_front_matter_and_a_described_screenshot(real_site: Build, source: str) -> None:
    raw = (ROOT / "content" / source).read_text(encoding="utf-8")
    front = yaml.safe_load(raw.split("---\n")[1])
    assert {"uid", "title", "description", "so.date"} <= set(front), source
    tree = real_site.html(FIRST_STEPS[source])
    assert one(tree, "article h1").text().replace("¶", "").strip() == front["title"]
    img = tree.css_first("article img")
    assert img is not None, f"{source} has no screenshot"
    src = img.attributes["src"] or ""
    assert not src.startswith(("http:", "https:", "//"))
    built = ((real_site.site / FIRST_STEPS[source]).parent / src).resolve()
    assert src.endswith(".svg") and built.read_text(encoding="utf-8").lstrip().startswith("<svg")  # drawn
    alt = img.attributes.get("alt") or ""
    assert len(alt.split()) >= 8 and not alt.lower().endswith("screenshot"), alt
    assert img.attributes.get("width") and img.attributes.get("height")  # no layout shift when it loads


def test_every_page_has_its_own_drawing(real_site: Build) -> None:
    sources = [real_site.html(rel).css("article img") for rel in FIRST_STEPS.values()]
    own = [{img.attributes["src"].rsplit("/", 1)[-1] for img in imgs} for imgs in sources]  # type: ignore[union-attr]
    for i, names in enumerate(own):
        others = set().union(*(o for j, o in enumerate(own) if j != i))
        assert names - others, f"{list(FIRST_STEPS)[i]} shares every screenshot with another page"
    for name in set().union(*own):  # every screenshot is a drawing; a .png is rendered from its .svg
        assert (ROOT / "content/media/loc/en/learn" / (Path(name).stem + ".svg")).is_file(), name


def test_checklist_steps_link_to_pages_of_this_site(real_site: Build) -> None:
    steps = yaml.safe_load((ROOT / "data/onboarding.yml").read_text(encoding="utf-8"))["steps"]
    links = real_site.html(GETTING_STARTED).css("#so-checklist a[data-step]")
    assert [a.attributes["data-step"] for a in links] == [s["id"] for s in steps]
    for a in links:
        href = a.attributes["href"] or ""
        assert "so-upstream" not in (a.attributes.get("class") or ""), href
        assert not href.startswith("http"), href
        assert (real_site.site / "da/learn/getting-started" / href / "index.html").resolve().is_file(), href


def test_getting_started_links_here_where_the_page_now_exists(real_site: Build) -> None:
    hrefs = {a.text().strip(): a.attributes.get("href") for a in real_site.html(GETTING_STARTED).css("article a")}
    assert hrefs["Log ind og aktiver SuperOffice CRM"] == "login/"
    assert hrefs["Skift din adgangskode i SuperOffice CRM"] == "login/#forgot-password"
    assert hrefs["Hovedskærmbilledet"] == "main-screen/"
    assert hrefs["globale knapper"] == "main-screen/#global-buttons"
    assert hrefs["Forbind dine e-mails, dokumenter og dagbog med SuperOffice CRM"] == "connect-email-doc/"
    # What stays upstream is reference matter beyond the first steps, e.g. the section-tab guide.
    assert (hrefs["Arbejde med sektionsfaner og arkiver"] or "").startswith("https://docs.superoffice.com/da/")


def test_anchors_the_getting_started_page_uses_exist(real_site: Build) -> None:
    assert real_site.html("da/learn/getting-started/login/index.html").css_first("#forgot-password") is not None
    assert real_site.html("da/learn/getting-started/main-screen/index.html").css_first("#global-buttons") is not None


@pytest.mark.parametrize("source", sorted(FIRST_STEPS))
def test_written_in_our_own_words(real_site: Build, source: str) -> None:
    """Facts from the Danish corpus may be used, its sentences may not: no eight words in a row are shared."""
    upstream = CORPUS / "docs" / source
    if not upstream.exists():
        pytest.skip(f"{upstream} is absent (../shared is not beside the project)")
    theirs = words(corpus_prose(upstream))
    grams = {tuple(theirs[i:i + 8]) for i in range(len(theirs) - 7)}
    ours = words(one(real_site.html(FIRST_STEPS[source]), "article").text(separator=" "))
    shared = [" ".join(ours[i:i + 8]) for i in range(len(ours) - 7) if tuple(ours[i:i + 8]) in grams]
    assert shared == []


def test_first_steps_are_in_the_navigation(real_site: Build) -> None:
    nav = " ".join(one(real_site.html("index.html"), "nav.md-nav--primary").text().split())
    for source in FIRST_STEPS:
        title = yaml.safe_load((ROOT / "content" / source).read_text(encoding="utf-8").split("---\n")[1])["title"]
        assert title in nav, title


# The English pages (under content/) -> built page. Their facts come from the Danish pages; their sentences are
# checked against the English documentation, which covers the same topics.
ENGLISH_PAGES = {
    "en/index.md": "en/index.html",
    "en/learn/getting-started/index.md": "en/learn/getting-started/index.html",
    **{source.replace("da/", "en/", 1): built.replace("da/", "en/", 1) for source, built in FIRST_STEPS.items()},
    "en/admin/license/user-plans.md": "en/admin/license/user-plans/index.html",
    "en/admin/license/plan-explorer.md": "en/admin/license/plan-explorer/index.html",
}
# The English documentation's pages on the same topics: the page at the same place (when it has one), and every
# page of the topics these pages explain (getting started, licences, languages).
ENGLISH_TOPICS = ("en/learn/getting-started", "en/admin/license", "en/globalization-and-localization")


def english_prose(source: str) -> str:
    """An English page as written: its words and those of the English includes it uses, without the macros'
    output (plan and feature names from data/plans.yml, the same words the documentation uses)."""
    text = (ROOT / "content" / source).read_text(encoding="utf-8")
    included = [(ROOT / m).read_text(encoding="utf-8") for m in re.findall(r"\[!include\[[^\]]*\]\(([^)]+)\)\]", text)]
    prose = "\n".join([text, *included])
    return re.sub(r"\{\{.*?\}\}|\[!include\[[^\]]*\]\([^)]*\)\]", " ", corpus_prose_of(prose), flags=re.S)


@pytest.fixture(scope="module")
def english_corpus_grams() -> set[tuple[str, ...]]:
    if not CORPUS_EN.is_dir():
        pytest.skip(ABSENT)
    pages = {p for topic in ENGLISH_TOPICS for p in (CORPUS_EN / "docs" / topic).rglob("*.md")}
    pages |= {CORPUS_EN / "docs" / s for s in ENGLISH_PAGES if (CORPUS_EN / "docs" / s).is_file()}
    assert len(pages) > 20, f"{CORPUS_EN} holds too few of the pages on these topics to compare with"
    grams: set[tuple[str, ...]] = set()
    for page in pages:
        theirs = words(corpus_prose(page))
        grams |= {tuple(theirs[i:i + 8]) for i in range(len(theirs) - 7)}
    return grams


@pytest.mark.parametrize("source", sorted(ENGLISH_PAGES))
def test_english_pages_are_written_in_our_own_words(real_site: Build, english_corpus_grams: set[tuple[str, ...]],
                                                    source: str) -> None:
    """The English documentation's sentences may not be copied either: no eight words in a row are shared,
    neither in the page as written (and its includes) nor as built (without what the macros made)."""
    ours = words(english_prose(source))
    assert len(ours) > 40, source  # the page's own prose, not just its macros
    shared = [" ".join(ours[i:i + 8]) for i in range(len(ours) - 7) if tuple(ours[i:i + 8]) in english_corpus_grams]
    assert shared == []
    built = one(real_site.html(ENGLISH_PAGES[source]), "article")
    for made in built.css("#so-checklist, .so-progress-summary, .so-summary, .so-explorer, .so-table-wrap, ul, "
                          "details, table"):
        made.decompose()  # lists and tables: what the macros made from the data, and the includes checked above
    seen = words(built.text(separator=" "))
    shared = [" ".join(seen[i:i + 8]) for i in range(len(seen) - 7) if tuple(seen[i:i + 8]) in english_corpus_grams]
    assert shared == []
