"""DocFX code snippets and fences, table-driven over the pure functions, and property-tested for robustness."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sodocs.core.project import Project
from sodocs.diagnostics import Diagnostics, Origin
from sodocs.docfx import fences
from sodocs.docfx.code_snippets import Query, extract, parse_query
from sodocs.docfx.includes import expand
from sodocs.docfx.text import Text
from tests.helpers import write_tree

CS = """using System;
namespace Demo
{
    #region Main
    public static void Main()
    {
        // <greet>
        Console.WriteLine("Hej");
        // </greet>
    }
    #endregion
}
"""
XML = """<root>
  <!-- <part> -->
  <a/>
  <!-- </part> -->
  <b/>
</root>
"""


def run(root: Path, page: str) -> tuple[list[str], Diagnostics]:
    diags = Diagnostics()
    body = (root / page).read_text(encoding="utf-8")
    return expand(Project(root, "content", "includes"), page, Text.from_file(page, body, 1), diags).lines, diags


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(tmp_path, {"content/src/Demo.cs": CS, "content/src/conf.xml": XML,
                                 "content/src/list.txt": "".join(f"line {n}\n" for n in range(1, 11))})


CASES = [
    # (directive written in content/a/page.md, the fence it becomes). As in DocFX, a region drops its own marker
    # lines, not the comment tags of another style inside it.
    ("[!code-csharp[Main](../src/Demo.cs#Main)]",
     ["```csharp", "public static void Main()", "{", "    // <greet>", '    Console.WriteLine("Hej");',
      "    // </greet>", "}", "```"]),
    ("[!code-csharp[Main](../src/Demo.cs?name=main)]",
     ["```csharp", "public static void Main()", "{", "    // <greet>", '    Console.WriteLine("Hej");',
      "    // </greet>", "}", "```"]),
    ("[!code-cs[G](../src/Demo.cs#greet)]", ["```csharp", 'Console.WriteLine("Hej");', "```"]),
    ("[!code[G](../src/Demo.cs?name=greet)]", ["```csharp", 'Console.WriteLine("Hej");', "```"]),
    ("[!code-xml[P](../src/conf.xml#part)]", ["```xml", "<a/>", "```"]),
    ("[!code-text[L](../src/list.txt?range=2-3,9)]", ["```text", "line 2", "line 3", "line 9", "```"]),
    ("[!code-text[L](../src/list.txt?range=9-)]", ["```text", "line 9", "line 10", "```"]),
    ("[!code-text[L](../src/list.txt?start=4&end=5)]", ["```text", "line 4", "line 5", "```"]),
    ("[!code-text[L](../src/list.txt#L7-L8)]", ["```text", "line 7", "line 8", "```"]),
    ("[!code-text[L](../src/list.txt?range=1-3&highlight=2-3)]",
     ['```text hl_lines="2 3"', "line 1", "line 2", "line 3", "```"]),
    ("[!code-batchfile[B](../src/list.txt?range=1)]", ["```batch", "line 1", "```"]),
    ('[!code-csharp[M](../src/Demo.cs?range=5-6 "Titel")]',
     ["```csharp", "public static void Main()", "{", "```"]),
    ("[!CODE-CSHARP[M](../src/Demo.cs?range=6&dedent=0)]", ["```csharp", "    {", "```"]),
]


@pytest.mark.parametrize(("directive", "fence"), CASES, ids=[c[0] for c in CASES])
def test_snippet_becomes_a_fence(project: Path, directive: str, fence: list[str]) -> None:
    write_tree(project, {"content/a/page.md": f"Før\n\n{directive}\n\nEfter\n"})
    lines, diags = run(project, "content/a/page.md")
    assert lines[2:2 + len(fence)] == fence
    assert lines[2 + len(fence):] == ["", "Efter", ""]
    assert [str(d) for d in diags] == []


def test_snippet_in_a_list_item_and_in_an_include_uses_its_own_folder(project: Path) -> None:
    write_tree(project, {
        "content/a/page.md": "1. Trin\n\n   [!code-text[L](../src/list.txt?range=1)]\n\n[!include[i](../inc/i.md)]\n",
        "content/inc/i.md": "> [!code-text[L](../src/list.txt?range=2)]\n",
    })
    lines, diags = run(project, "content/a/page.md")
    assert lines[2:5] == ["   ```text", "   line 1", "   ```"]
    assert lines[6:9] == ["> ```text", "> line 2", "> ```"]
    assert list(diags) == []


BAD = [
    ("[!code-cs[x](../src/Nope.cs)]", "content/a/page.md:1:1", "error", "code snippet file '../src/Nope.cs' not found"),
    ("[!code-cs[x](../src/Demo.cs#nowhere)]", "content/a/page.md:1:1", "error", "no region or tag 'nowhere'"),
    ("[!code-text[x](../src/list.txt?range=40-41)]", "content/a/page.md:1:1", "error", "line 40 is past the end"),
    ("[!code-text[x](../src/list.txt?43-52)]", "content/a/page.md:1:1", "warning", "'43-52' is not key=value"),
    ("[!code-text[x](../src/list.txt?range=6.xml)]", "content/a/page.md:1:1", "warning", "range='6.xml'"),
    ("[!code-cs[x](../../../etc/passwd)]", "content/a/page.md:1:1", "error", "leads outside the project"),
    ("[!code-cs[x](/etc/passwd)]", "content/a/page.md:1:1", "error", "must be a path relative"),
    ("[!code-zz[x](../src/list.txt#tag)]", "content/a/page.md:1:1", "error", "knows no tag syntax"),
]


@pytest.mark.parametrize(("directive", "where", "severity", "phrase"), BAD, ids=[b[3] for b in BAD])
def test_snippet_mistakes_are_reported_at_the_directive(project: Path, directive: str, where: str, severity: str,
                                                        phrase: str) -> None:
    write_tree(project, {"content/a/page.md": directive + "\n"})
    lines, diags = run(project, "content/a/page.md")
    assert [(str(d.origin), d.severity) for d in diags] == [(where, severity)]
    assert phrase in next(iter(diags)).message
    assert not any("[!code" in line for line in lines)


def test_snippet_in_code_or_a_comment_is_left_alone(project: Path) -> None:
    write_tree(project, {"content/a/page.md": "```md\n[!code-cs[x](../src/Nope.cs)]\n```\n\n"
                                              "<!--\n[!code-cs[x](../src/Nope.cs)]\n-->\n"})
    lines, diags = run(project, "content/a/page.md")
    assert lines.count("[!code-cs[x](../src/Nope.cs)]") == 2 and list(diags) == []


def test_snippet_fence_is_longer_than_any_backtick_run_in_the_code(tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/doc.md": "a\n````\nb\n", "content/p.md": "[!code-markdown[x](doc.md)]\n"})
    lines, _ = run(tmp_path, "content/p.md")
    assert lines[:5] == ["`````markdown", "a", "````", "b", "`````"]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="name=range-highlight&,0123456789L#?start end dedent", max_size=40),
       st.one_of(st.none(), st.text(alphabet="L0123456789-abc", max_size=8)))
def test_any_query_gives_lines_or_a_message_never_an_exception(query: str, bookmark: str | None) -> None:
    q = parse_query(query, bookmark)
    diags = Diagnostics()
    snippet = extract(CS, "x.cs", None, q, Origin.at("p.md", 1), diags)
    assert all(isinstance(line, str) for line in snippet.lines)
    assert isinstance(q, Query)


FENCES = [
    # (opening line as written, as superfences gets it)
    ("```crmscript!", "```crmscript"),
    ("```SQL", "```sql"),
    ("``` xml ", "```xml"),
    ("```csharp title extra words", "```csharp"),
    ("~~~Javascript", "~~~javascript"),
    ("```", "```"),
    ("```{.cs}", "```"),
]


@pytest.mark.parametrize(("opening", "expected"), FENCES)
def test_fence_info_strings_become_a_clean_language(opening: str, expected: str) -> None:
    marker = opening[:3]
    longer_close = marker + marker[0]  # CommonMark closes with a run at least as long; superfences wants the same
    text = Text([opening, "x", longer_close], [Origin.at("p.md", n) for n in (1, 2, 3)])
    out = fences.normalize(text).lines
    assert out == [expected, "x", marker]


def test_unclosed_fence_is_closed_where_its_container_ends_and_reported() -> None:
    lines = ["> ```cs", "> x", "", "Efter"]
    diags = Diagnostics()
    out = fences.close_unclosed(Text(lines, [Origin.at("p.md", n) for n in range(1, 5)]), diags)
    assert out.lines == ["> ```cs", "> x", "> ```", "", "Efter"]
    assert [(str(d.origin), d.kind) for d in diags] == [("p.md:1:3", "unclosed")]


def test_unclosed_fence_in_an_include_ends_with_the_include(tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/p.md": "[!include[i](i.md)]\n\n> [!NOTE]\n> Efter\n",
                          "content/i.md": "```cs\nx\n"})
    lines, diags = run(tmp_path, "content/p.md")
    assert lines[:4] == ["```cs", "x", "", "```"]
    assert lines[5:7] == ["> [!NOTE]", "> Efter"]
    assert [d.origin.chain() for d in diags] == ["content/p.md:1:1 -> content/i.md:1:1"]


def test_snippet_and_include_in_other_letter_case_work_with_a_warning(project: Path) -> None:
    write_tree(project, {"content/a/page.md": "[!code-text[L](../src/LIST.txt?range=1)]\n\n"
                                              "[!include[i](../inc/I.md)]\n", "content/inc/i.md": "inkluderet\n"})
    lines, diags = run(project, "content/a/page.md")
    assert lines[:3] == ["```text", "line 1", "```"] and "inkluderet" in lines
    assert [(str(d.origin), d.kind) for d in diags] == [("content/a/page.md:1:1", "link-case"),
                                                        ("content/a/page.md:3:1", "link-case")]
    assert "spelled content/src/list.txt" in next(iter(diags)).message
