"""The search index of the built site holds text a reader can read: no table cells run together, no
screen-reader-only duplicates, no ✓/– marks, no controls. Written against Material's
search/search_index.json; the same markup (data-pagefind-ignore) keeps it out of a Pagefind index."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from sodocs.diagnostics import Diagnostics
from sodocs.plans.model import load_plans
from tests.helpers import ROOT, Build

# Words written with a capital inside them on purpose (product names); anything else like "DiasOnline"
# or "EssentialsSales" is two words run together.
CAMEL_NAMES = {"SuperOffice", "SharePoint", "WebTools", "MailGun", "ExtraFlags", "ExtraInfo", "macOS", "CRMScript"}


def docs(build: Build) -> list[dict[str, Any]]:
    return list(json.loads((build.site / "search/search_index.json").read_text(encoding="utf-8"))["docs"])


def plain(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def entries(build: Build, page: str) -> dict[str, str]:
    """Section title -> its text, for one page (location like da/admin/license/user-plans/)."""
    return {d["title"]: plain(d["text"]) for d in docs(build) if d["location"].split("#")[0] == page}


def test_no_marks_or_screen_reader_duplicates_anywhere(real_site: Build) -> None:
    for doc in docs(real_site):
        text = plain(doc["text"])
        assert "✓" not in text, doc["location"]
        assert "Ikke inkluderet" not in text, doc["location"]
        assert not re.search(r"–\s*–|✓|Inkluderet\s*Inkluderet", text), doc["location"]


def test_no_words_run_together(real_site: Build) -> None:
    for doc in docs(real_site):
        for word in re.findall(r"[\wæøåÆØÅ-]*[a-zæøå][A-ZÆØÅ][\wæøåÆØÅ-]*", plain(doc["text"]) + " " + doc["title"]):
            assert any(name in word for name in CAMEL_NAMES), f"{doc['location']}: {word!r}"


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
