"""The site's languages: which language a page is in, its translation, the switcher and the engine's words."""

from __future__ import annotations

import datetime as dt

import pytest

from sodocs.core.datacheck import DataChecker
from sodocs.core.languages import Languages, glossary_for
from sodocs.core.yaml_lines import load
from sodocs.diagnostics import Diagnostics
from sodocs.docfx.labels import format_date
from sodocs.plans.macros import translated_url
from sodocs.site.language_switch import switcher

DA_EN = Languages.of("da", ["en"])
PAGES = {"index.md", "en/index.md", "da/learn/a.md", "en/learn/a.md", "da/learn/only-da.md"}


@pytest.mark.parametrize(("rel", "language"), [
    ("index.md", "da"),
    ("da/learn/a.md", "da"),
    ("en/learn/a.md", "en"),
    ("english/a.md", "da"),  # a folder whose name only starts like a language
    ("en", "da"),  # a file, not a folder
])
def test_a_page_is_in_the_language_of_its_first_folder(rel: str, language: str) -> None:
    assert DA_EN.language_of(rel) == language


def test_with_one_language_a_folder_named_like_a_language_is_just_a_folder() -> None:
    assert Languages.of("da", []).language_of("en/learn/a.md") == "da"
    assert Languages.of("da", ["da"]).codes == ("da",)


@pytest.mark.parametrize(("rel", "language", "expected"), [
    ("da/learn/a.md", "en", "en/learn/a.md"),
    ("en/learn/a.md", "da", "da/learn/a.md"),
    ("index.md", "en", "en/index.md"),  # the default language's home at the top
    ("en/index.md", "da", "index.md"),
    ("da/learn/only-da.md", "en", None),
    ("en/learn/a.md", "en", "en/learn/a.md"),
])
def test_the_translation_is_the_page_at_the_same_place(rel: str, language: str, expected: str | None) -> None:
    assert DA_EN.counterpart(rel, language, PAGES) == expected


def test_each_language_has_its_home_page() -> None:
    assert DA_EN.home("da", PAGES) == "index.md"
    assert DA_EN.home("en", PAGES) == "en/index.md"
    assert DA_EN.home("en", {"index.md"}) is None


@pytest.mark.parametrize(("rel", "expected"), [
    ("da/learn/a.md", "en/learn/a.md"),  # translated
    ("da/ai/learn/index.md", "en/ai/learn/index.md"),  # not carried: the English place, for the upstream fallback
    ("en/learn/a.md", "en/learn/a.md"),
    ("release-notes/x.md", "en/release-notes/x.md"),
])
def test_a_link_written_for_danish_leads_an_english_page_to_english(rel: str, expected: str) -> None:
    assert DA_EN.translated_link(rel, "en", lambda p: p in PAGES) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("../content/da/learn/a.md", "../content/en/learn/a.md"),
    ("../content/da/learn/a.md#step", "../content/en/learn/a.md#step"),
    ("https://example.org/da/x", "https://example.org/da/x"),
    ("#top", "#top"),
])
def test_macro_links_are_translated_relative_to_their_data_file(url: str, expected: str) -> None:
    def translate(rel: str) -> str:
        docs_rel = rel.removeprefix("content/")
        return "content/" + DA_EN.translated_link(docs_rel, "en", lambda p: p in PAGES)

    assert translated_url(url, "data/plans.yml", translate) == expected


def test_glossary_of_a_language_sits_beside_the_default_one() -> None:
    assert glossary_for("includes/glossary.md", "en") == "includes/glossary.en.md"
    assert glossary_for("glossary", "en") == "glossary.en"


def _switch(page: str) -> list[tuple[str, str, bool, bool]]:
    notes = {"da": "forsiden (siden findes ikke på dansk)", "en": "home page (not in English)"}
    result = switcher(DA_EN, page, PAGES, lambda rel: "/" + rel.removesuffix("index.md"),
                      {"da": "Dansk", "en": "English"}.__getitem__, notes.__getitem__, "Vælg sprog", "")
    return [(e.name, e.url, e.current, e.translated) for e in result.entries]


def test_the_switcher_goes_to_the_same_page_in_the_other_language() -> None:
    assert _switch("da/learn/a.md") == [("Dansk", "/da/learn/a.md", True, True),
                                         ("English", "/en/learn/a.md", False, True)]
    assert _switch("en/index.md") == [("Dansk", "/", False, True), ("English", "/en/", True, True)]


def test_an_untranslated_page_switches_to_the_home_page_and_says_so() -> None:
    result = switcher(DA_EN, "da/learn/only-da.md", PAGES, lambda rel: "/" + rel, lambda c: c.upper(),
                      lambda c: f"no {c} version", "Language", "")
    english = result.entries[1]
    assert (english.url, english.translated, english.note) == ("/en/index.md", False, "no en version")
    assert result.alternates == ()  # hreflang names translations only


def test_switcher_texts_are_escaped_once() -> None:
    result = switcher(DA_EN, "index.md", PAGES, lambda rel: rel, lambda c: "<b>" + c, lambda c: "&", "<x>", "")
    assert str(result.entries[0].name) == "&lt;b&gt;da"
    assert str(result.label) == "&lt;x&gt;"


def test_a_site_with_pages_in_one_language_shows_no_switcher() -> None:
    assert not switcher(DA_EN, "index.md", {"index.md"}, str, str, str, "", "")


@pytest.mark.parametrize(("language", "expected"), [
    ("da", "23. april 2024"),
    ("en", "April 23, 2024"),
    ("en-GB", "April 23, 2024"),
    ("fr", "April 23, 2024"),  # a language without words of its own: English
])
def test_dates_are_written_the_way_the_language_writes_them(language: str, expected: str) -> None:
    assert format_date(dt.date(2024, 4, 23), language) == expected


def _text(yaml_text: str, language: str) -> tuple[str | None, list[str]]:
    diags = Diagnostics()
    data = load(yaml_text)
    value = DataChecker("data/x.yml", diags, "plan-data", language, ("da", "en")).text(data, "label", "feature 'a'")
    return value, [f"{d.severity}: {d}" for d in diags]


def test_a_text_is_one_for_every_language_or_one_per_language() -> None:
    assert _text("label: Quote Management\n", "en") == ("Quote Management", [])
    assert _text("label: {da: Salg, en: Sales}\n", "en") == ("Sales", [])
    assert _text("label: {da: Salg, en: Sales}\n", "da") == ("Salg", [])


def test_a_missing_translation_is_a_warning_at_its_line_and_the_default_text_is_shown() -> None:
    value, messages = _text("other: 1\nlabel:\n  da: Salg\n", "en")
    assert value == "Salg"
    assert messages == ["warning: data/x.yml:2: 'label' of feature 'a' has no 'en' text; the 'da' text is shown "
                        "on 'en' pages meanwhile"]


def test_a_text_in_a_language_the_site_does_not_have_is_kept_for_later() -> None:
    assert _text("label:\n  da: Salg\n  en: Sales\n  sv: Försäljning\n", "da") == ("Salg", [])


def test_an_empty_text_for_a_language_of_the_site_is_an_error() -> None:
    _, messages = _text("label:\n  da: Salg\n  en: ''\n", "da")
    assert messages == ["error: data/x.yml:3: the 'en' text of 'label' of feature 'a' must be a text"]
