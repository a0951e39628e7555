from __future__ import annotations

import markdown
import pytest

from sodocs.docfx.lists import normalize_lists


def html(text: str) -> str:
    return markdown.markdown("\n".join(normalize_lists(text.split("\n"))), extensions=["admonition"])


@pytest.mark.parametrize(("source", "expected"), [
    ("* A\n  * A1\n  * A2\n* B", "* A\n    * A1\n    * A2\n* B"),
    ("1. Trin\n\n   Mere tekst\n\n2. Trin", "1. Trin\n\n    Mere tekst\n\n2. Trin"),
    ("* A\n  * A1\n    * A1a\n* B", "* A\n    * A1\n        * A1a\n* B"),
    ("* A\n    * A1", "* A\n    * A1"),  # already Python-Markdown style: unchanged
    ("1. Trin\n   ```\n   kode\n     indrykket\n   ```", "1. Trin\n    ```\n    kode\n      indrykket\n    ```"),
    ("Tekst\n\n    kode", "Tekst\n\n    kode"),  # an indented code block outside a list stays
    ("* A\n\nAfsnit\n  * ikke en underliste", "* A\n\nAfsnit\n  * ikke en underliste"),
    ("* * *", "* * *"),
])
def test_reindent(source: str, expected: str) -> None:
    assert "\n".join(normalize_lists(source.split("\n"))) == expected


def test_two_space_nested_list_renders_nested() -> None:
    out = html("* Personoplysninger\n  * Firmaer og personer\n  * Relationer\n* Kalender")
    assert out.count("<ul>") == 2 and "<li>Personoplysninger<ul>" in out


def test_block_indented_past_the_content_column_still_starts_a_block() -> None:
    # As in the corpus: a step (content at 3), a nested list, then an alert indented 4.
    out = html('1. Klik\n\n    * Punkt\n\n    !!! danger "Forsigtig"\n\n        Pas på.\n\n1. Næste')
    assert '<div class="admonition danger">' in out and "!!!" not in out


def test_admonition_inside_a_numbered_step_stays_inside() -> None:
    out = html('1. Trin\n\n   !!! tip "Tip"\n\n       Husk at gemme.\n\n2. Næste')
    assert '<ol>\n<li>\n<p>Trin</p>\n<div class="admonition tip">' in out
