"""The search index of the built site holds text a reader can read: no table cells run together, no
screen-reader-only duplicates, no ✓/– marks, no controls. Read from the Pagefind index the site publishes
(its data fragments: what a search result shows); the markup that keeps things out is data-pagefind-ignore."""

from __future__ import annotations

import re

import pytest

from sodocs.diagnostics import Diagnostics
from sodocs.plans.model import load_plans
from tests.helpers import ROOT, Build
from tests.pagefind_index import Fragment, fragments, languages

# Words written with a capital inside them on purpose (product names); anything else like "DiasOnline"
# or "EssentialsSales" is two words run together.
CAMEL_NAMES = {"SuperOffice", "SharePoint", "WebTools", "MailGun", "ExtraFlags", "ExtraInfo", "macOS", "CRMScript"}


def docs(build: Build) -> list[Fragment]:
    return list(fragments(build.site).values())


def entries(build: Build, page: str) -> dict[str, str]:
    """Section title -> its text, for one page (page like da/admin/license/user-plans/)."""
    return fragments(build.site)["/" + page].sections()


def test_every_page_is_indexed_in_its_language_and_nothing_else(real_site: Build) -> None:
    built = {"/" + p.parent.relative_to(real_site.site).as_posix().removeprefix(".") for p in
             real_site.site.rglob("index.html") if "pagefind" not in p.parts}
    built = {u if u.endswith("/") else u + "/" for u in built}
    assert set(fragments(real_site.site)) == built  # not the 404 page, which has no article
    english = {u for u in built if u.startswith("/en/")}
    assert english and languages(real_site.site) == {"da": len(built - english), "en": len(english)}
    for doc in docs(real_site):
        assert doc.title and "¶" not in doc.title and "¶" not in doc.content, doc.url
        assert "Spring til indhold" not in doc.content and "Søg" not in doc.content.split()[:3], doc.url
        assert "Skip to content" not in doc.content and "Search" not in doc.content.split()[:3], doc.url


def test_no_marks_or_screen_reader_duplicates_anywhere(real_site: Build) -> None:
    for doc in docs(real_site):
        text = doc.content
        assert "✓" not in text, doc.url
        assert "Ikke inkluderet" not in text, doc.url
        assert not re.search(r"–\s*–|✓|Inkluderet\s*Inkluderet", text), doc.url


def test_no_words_run_together(real_site: Build) -> None:
    for doc in docs(real_site):
        for word in re.findall(r"[\wæøåÆØÅ-]*[a-zæøå][A-ZÆØÅ][\wæøåÆØÅ-]*", doc.content + " " + doc.title):
            assert any(name in word for name in CAMEL_NAMES), f"{doc.url}: {word!r}"


def test_tables_pages_read_as_sentences_and_lists(real_site: Build) -> None:
    explorer = entries(real_site, "da/admin/license/plan-explorer/")
    compare = explorer["Sammenlign grundplanerne"]
    assert compare.startswith("Tabellen viser") and "grundplaner" in compare
    assert "Sales-Essentials" not in compare  # the table's header row is not in the index
    assert explorer["Hvad sælges et valg som?"].startswith("Hver række er et valg")
    assert "indlæses" not in explorer["Planvælger"]  # the explorer's placeholder is no content

    diags = Diagnostics()
    plans = load_plans((ROOT / "data/plans.yml").read_text(encoding="utf-8"), "data/plans.yml", diags)
    assert plans is not None
    several = entries(real_site, "da/admin/license/user-plans/")["Brugere med flere planer"]
    for combo in plans.combinations():
        assert plans.combination_name(combo) in several  # the list kept beside the matrix is found
    assert "Intet valgt" not in several and "flerplansbruger flerplansbruger" not in several


def test_page_metadata_and_tab_labels_stay_out(real_site: Build) -> None:
    user_plans = " ".join(entries(real_site, "da/admin/license/user-plans/").values())
    assert "Opdateret" not in user_plans and "Version 10.3.5" not in user_plans
    login = " ".join(entries(real_site, "da/learn/getting-started/login/").values())
    assert "OnlineOnsite" not in login and "Glemt adgangskoden?" in login  # the tabs' content stays


@pytest.mark.parametrize("page", ["da/admin/license/plan-explorer/", "da/admin/license/user-plans/"])
def test_no_interface_data_in_the_index(real_site: Build, page: str) -> None:
    text = " ".join(entries(real_site, page).values())
    assert '"texts"' not in text and "explorer_prompt" not in text and "data-plans" not in text
