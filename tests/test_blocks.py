"""The block scanner gives each line the role CommonMark's reference parser gives it.

The referee is ``commonmark`` (commonmark.py), a line-by-line port of commonmark.js: the same block algorithm
Markdig follows, so a disagreement is the scanner's mistake.
"""

from __future__ import annotations

import commonmark
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sodocs.core.blocks import scan

_ROLE = {"code_block": "code", "html_block": "html"}


def referee(text: str) -> list[str]:
    lines = text.split("\n")
    roles = ["text"] * len(lines)
    for node, entering in commonmark.Parser().parse(text).walker():
        if entering and node.t in _ROLE and node.sourcepos:
            (first, _), (last, _) = node.sourcepos
            role = "fence" if node.t == "code_block" and node.is_fenced else _ROLE[node.t]
            for k in range(first - 1, min(last, len(lines))):
                roles[k] = role
    return roles


def disagreements(text: str) -> list[tuple[int, str, str, str]]:
    """Lines on which the scanner and the referee differ; a line blank but for quote markers carries no role."""
    lines = text.split("\n")
    ours = scan(lines).roles
    return [(k, theirs, mine, lines[k]) for k, (theirs, mine) in enumerate(zip(referee(text), ours, strict=True))
            if lines[k].strip(" \t>") and theirs != mine]


CASES = [
    # (name, document, expected role of each line)
    ("closed fence", "```cs\nx\n```\ntext", ["fence", "fence", "fence", "text"]),
    ("info with a bang", "```crmscript!\nx\n```", ["fence", "fence", "fence"]),
    ("tilde fence holds backticks", "~~~\n```\n~~~\nafter", ["fence", "fence", "fence", "text"]),
    ("backtick info may not hold a backtick", "```a`b\ntext", ["text", "text"]),
    ("shorter run does not close", "````\n```\n````", ["fence", "fence", "fence"]),
    ("unclosed fence runs to the end", "```\nx\ny", ["fence", "fence", "fence"]),
    ("fence in a list item", "1. step\n\n   ```\n   x\n   ```\n2. next",
     ["text", "text", "fence", "fence", "fence", "text"]),
    ("list item ends the fence", "* a\n  ```\n  x\nb", ["text", "fence", "fence", "text"]),
    ("block quote ends the fence", "> ```\n> x\nout", ["fence", "fence", "text"]),
    ("four spaces at the margin", "text\n\n    code\n", ["text", "text", "code", "text"]),
    ("indented line continues a paragraph", "text\n    more", ["text", "text"]),
    ("comment over lines", "<!-- a\n[!include[x](y.md)]\n-->\ntext", ["html", "html", "html", "text"]),
    ("details ends at a blank line", "<details>\n<summary>S</summary>\n\n**bold**\n\n</details>",
     ["html", "html", "text", "text", "text", "html"]),
    ("kind 7 cannot interrupt a paragraph", "text\n<span>\n", ["text", "text", "text"]),
    ("kind 7 after a blank line", "text\n\n<span>\n", ["text", "text", "html", "text"]),
]
# The site's own pages also write Python-Markdown admonitions and tabs: their indented body is not code.
OWN_SYNTAX = [
    ("admonition body", '!!! tip "Tip"\n\n    Se [her](xref:a).\n\n    ```\n    x\n    ```\nUde',
     ["text", "text", "text", "text", "fence", "fence", "fence", "text"]),
    ("content tab body", '=== "A"\n\n    Tekst\n\n        kode', ["text", "text", "text", "text", "code"]),
]


@pytest.mark.parametrize(("name", "document", "roles"), CASES, ids=[c[0] for c in CASES])
def test_roles(name: str, document: str, roles: list[str]) -> None:
    lines = document.split("\n")
    assert scan(lines).roles[: len(roles)] == roles
    assert disagreements(document) == []


@pytest.mark.parametrize(("name", "document", "roles"), OWN_SYNTAX, ids=[c[0] for c in OWN_SYNTAX])
def test_roles_of_the_sites_own_indented_blocks(name: str, document: str, roles: list[str]) -> None:
    assert scan(document.split("\n")).roles == roles


def test_unclosed_fence_has_no_close_and_ends_with_its_container() -> None:
    blocks = scan(["> ```cs", "> x", "after", "```", "rest"])
    first, second = blocks.fences
    assert (first.open, first.close, first.last, first.info) == (0, None, 1, "cs")
    assert (second.open, second.close, second.last) == (3, None, 4)


PREFIXES = ["", "", "", " ", "  ", "   ", "    ", "> ", ">", "* ", "- ", "1. ", "2) ", "  * ", "   > ", "\t"]
BODIES = ["text", "more text", "", "", "```", "```cs", "```crmscript!", "``` xml ", "````", "~~~", "~~~ a`b",
          "```a`b", "<!-- c", "-->", "<!-- one -->", "<details>", "</details>", "<summary>S</summary>",
          "<div class=\"x\">", "</div>", "<span>", "<script>", "</script>", "<?x", "?>", "# Heading", "---", "===",
          "***", "* * *", "[!include[a](b.md)]", "> [!NOTE]", "| a | b |", "<a name=\"x\"></a>", "1. one", "-", "*"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(PREFIXES), max_size=3), st.sampled_from(BODIES)),
                min_size=1, max_size=14))
def test_scanner_agrees_with_commonmark(parts: list[tuple[list[str], str]]) -> None:
    document = "\n".join("".join(prefix) + body for prefix, body in parts)
    assert disagreements(document) == []
