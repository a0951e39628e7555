from __future__ import annotations

import pytest

from sodocs.diagnostics import Diagnostics, Origin
from sodocs.docfx.references import scope_references


def run(text: str) -> tuple[str, Diagnostics]:
    lines = text.split("\n")
    diags = Diagnostics()
    out = scope_references(lines, [Origin.at("a.md", i + 1) for i in range(len(lines))], diags)
    return "\n".join(out).strip(), diags


@pytest.mark.parametrize(("source", "expected"), [
    ("[Tekst][7]\n\n[7]: side.md", "[Tekst](side.md)"),
    ("![Alt][img1]\n\n[img1]: ../media/x.png", "![Alt](../media/x.png)"),
    ("[Tekst][]\n\n[tekst]: a.md", "[Tekst](a.md)"),
    ("Se [Kalender] her.\n\n[kalender]: cal.md", "Se [Kalender](cal.md) her."),
    ("[a][1]\n\n[1]:https://example.com/x", "[a](https://example.com/x)"),
    ("[a][1]\n\n[1]: <sti med mellemrum.md> \"Titel\"", '[a](<sti med mellemrum.md> "Titel")'),
    ("[a][ Label  Med ]\n\n[label med]: x.md", "[a](x.md)"),
    ("`[a][1]`\n\n[1]: x.md", "`[a][1]`"),
    ("```\n[a][1]\n```\n\n[1]: x.md", "```\n[a][1]\n```"),
    ("[**Ny**-knappen][3] og [globale knapper][3]\n\n[3]: main.md#global",
     "[**Ny**-knappen](main.md#global) og [globale knapper](main.md#global)"),
    ("[Uden def] bliver stående", "[Uden def] bliver stående"),
    ("Et link [a](b.md) bliver stående", "Et link [a](b.md) bliver stående"),
    # An empty label is no label in CommonMark: a type like NSLocalizedField[][] is text, kept as typed.
    ("## NSLocalizedField[][] getAddress()", "## NSLocalizedField[][] getAddress()"),
    ("Tom [ ][] og [a][ ]\n\n[a]: x.md", "Tom [ ][] og [a][ ]"),
])
def test_reference_becomes_inline(source: str, expected: str) -> None:
    out, diags = run(source)
    assert out == expected
    assert not [d for d in diags if d.severity != "info"]


@pytest.mark.parametrize(("source", "kind", "line", "text"), [
    ("Linje\n[a][9]", "undefined-reference", 2, "[a][9]"),
    ("![Alt][x]", "undefined-reference", 1, "![Alt][x]"),
    ("[a][1]\n\n[1]:", "empty-definition", 1, "a"),
])
def test_reference_problems_are_reported_at_their_line(source: str, kind: str, line: int, text: str) -> None:
    out, diags = run(source)
    problems = [d for d in diags if d.kind == kind]
    assert len(problems) == 1 and problems[0].origin.innermost.line == line
    assert out.splitlines()[line - 1] == text  # as Markdig shows it: an undefined label is literal text


def test_unused_and_duplicate_definitions() -> None:
    out, diags = run("[a][1]\n\n[1]: x.md\n[1]: y.md\n[2]: z.md")
    assert out == "[a](x.md)"
    kinds = {(d.kind, d.origin.innermost.line) for d in diags}
    assert ("duplicate-definition", 4) in kinds
    assert ("unused-definition", 5) in kinds
