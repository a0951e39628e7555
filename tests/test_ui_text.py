"""Interface strings (data/ui.yml): the plural rule, the checks, and that every word a part shows is there."""

from __future__ import annotations

import re

import pytest

from sodocs.diagnostics import Diagnostics
from sodocs.plans.ui_text import UiText, load_ui, plural_form
from tests.helpers import ROOT, Build, one

UI = ROOT / "data" / "ui.yml"
SCRIPTS = ROOT / "content" / "assets" / "javascripts"


def real_ui() -> UiText:
    diags = Diagnostics()
    ui = load_ui(UI.read_text(encoding="utf-8"), "data/ui.yml", "da", diags)
    assert ui is not None, [str(d) for d in diags]
    return ui


@pytest.mark.parametrize(("n", "expected"), [
    (0, "0 funktioner"), (1, "1 funktion"), (2, "2 funktioner"), (11, "11 funktioner"), (21, "21 funktioner"),
    (101, "101 funktioner"), (-1, "-1 funktion"),
])
def test_danish_plural_rule(n: int, expected: str) -> None:
    assert real_ui().count(n, "feature") == expected


def test_plural_form_is_the_singular_for_exactly_one() -> None:
    assert [plural_form(n, ("kombination", "kombinationer")) for n in (0, 1, 2)] == \
        ["kombinationer", "kombination", "kombinationer"]
    assert real_ui().count(1, "step") == "1 trin" and real_ui().count(5, "step") == "5 trin"


def test_texts_are_filled_in_and_a_missing_value_is_an_error() -> None:
    ui = real_ui()
    assert ui.text("explorer_upgrade_plan", plan="Marketing-Premium", features=ui.count(1, "feature")) == \
        "Marketing-Premium tilføjer 1 funktion"
    with pytest.raises(KeyError, match="needs features"):
        ui.text("explorer_upgrade_plan", plan="Sales-Premium")


def test_every_text_the_scripts_and_macros_ask_for_exists() -> None:
    ui = real_ui()
    asked: set[str] = set()
    for script in SCRIPTS.glob("*.js"):
        source = re.sub(r"/\*.*?\*/", "", script.read_text(encoding="utf-8"), flags=re.S)
        asked |= set(re.findall(r"""w\.text\(\s*["']([\w]+)["']""", source))
        asked |= set(re.findall(r"""["'](kind_\w+)["']""", source))
        for word in re.findall(r"""w\.count\([^,]+,\s*["'](\w+)["']""", source):
            assert word in ui.counts, f"{script.name} counts '{word}', which data/ui.yml lacks"
    for macro in (ROOT / "macros").glob("*.j2"):
        source = re.sub(r"\{#.*?#\}", "", macro.read_text(encoding="utf-8"), flags=re.S)
        asked |= set(re.findall(r"""\bt\(\s*["'](\w+)["']""", source))
        for word in re.findall(r"""count\([^()]*(?:\([^()]*\))?[^()]*,\s*["'](\w+)["']\)""", source):
            assert word in ui.counts, f"{macro.name} counts '{word}', which data/ui.yml lacks"
    assert asked, "no texts found: the patterns above no longer match the sources"
    assert sorted(asked - set(ui.texts)) == []


def test_scripts_hold_no_danish_words() -> None:
    """Words a reader sees come from data/ui.yml, so a second language needs no change to the scripts."""
    for script in SCRIPTS.glob("*.js"):
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script.read_text(encoding="utf-8"), flags=re.S)
        strings = re.findall(r'"([^"\\]*)"', code)
        danish = [s for s in strings if re.search(r"[æøåÆØÅ]|\b(og|af|til|funktion\w*|trin|Vælg|Ingen)\b", s)]
        assert danish == [], script.name


@pytest.mark.parametrize(("text", "message"), [
    ("en:\n  texts: {}\n  counts: {}\n",
     "data/ui.yml:1: the interface strings have no section 'da' (the site's language)"),
    ("da:\n  texts:\n    a: tekst\n  counts:\n    feature: [funktion]\n",
     "data/ui.yml:5: count 'feature' must be [the form for one, the form for other numbers], "
     "not ['funktion']"),
    ("da:\n  texts:\n    a: [x]\n  counts: {}\n", "data/ui.yml:3: 'a' of the da texts must be a text, not ['x']"),
    ("da:\n  counts: {}\n", "data/ui.yml:1: language 'da' has no 'texts'"),
])
def test_mistakes_are_reported_with_their_line(text: str, message: str) -> None:
    diags = Diagnostics()
    assert load_ui(text, "data/ui.yml", "da", diags) is None
    assert message in [str(d) for d in diags]


def test_counted_words_on_the_built_pages_agree_in_number(real_site: Build) -> None:
    """No "1 funktioner" or "2 funktion" anywhere a macro counted something."""
    ui = real_ui()
    bad = re.compile("|".join(rf"\b1 {re.escape(other)}\b|\b(?:[02-9]|\d\d+) {re.escape(one)}\b"
                              for one, other in ui.counts.values() if one != other))
    for rel in ("index.html", "da/admin/license/user-plans/index.html", "da/admin/license/plan-explorer/index.html",
                "da/learn/getting-started/index.html"):
        text = " ".join(one(real_site.html(rel), "article").text(separator=" ").split())
        assert bad.findall(text) == [], rel
