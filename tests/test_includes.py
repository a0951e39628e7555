from __future__ import annotations

import os
from pathlib import Path

import pytest

from sodocs.core.project import Project
from sodocs.diagnostics import Diagnostics
from sodocs.docfx.includes import expand, resolve_include
from sodocs.docfx.text import Text
from tests.helpers import write_tree


def render(root: Path, page: str) -> tuple[str, Diagnostics, Text]:
    project = Project(root, "content", "includes")
    diags = Diagnostics()
    body = (root / page).read_text(encoding="utf-8")
    out = expand(project, page, Text.from_file(page, body, 1), diags)
    return out.markdown(), diags, out


def test_page_and_include_keep_their_own_reference_7(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "content/da/learn/getting-started/index.md":
            "[!include[List](includes/list.md)]\n\n[Præferencer][7]\n\n[7]: preferences.md\n",
        "content/da/learn/getting-started/includes/list.md":
            "* [Dashboard][7]\n\n[7]: ../../../dashboard/learn/index.md\n",
    })
    md, diags, _ = render(tmp_path, "content/da/learn/getting-started/index.md")
    assert "[Dashboard](../../dashboard/learn/index.md)" in md
    assert "[Præferencer](preferences.md)" in md
    assert not [d for d in diags if d.severity != "info"]


def test_links_and_images_are_rebased_from_a_nested_include(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "content/da/a/page.md": "[!include[x](../shared/deep/inc.md)]\n",
        "content/da/shared/deep/inc.md": (
            '[Side](../../b/target.md#afsnit) ![Billede](img/p.png) [Ude](https://x.dk/a.md) [Her](#lokal)\n'
            '<img src="img/raw.png" alt="r">\n'),
    })
    md, _, _ = render(tmp_path, "content/da/a/page.md")
    assert "[Side](../b/target.md#afsnit)" in md
    assert "![Billede](../shared/deep/img/p.png)" in md
    assert "[Ude](https://x.dk/a.md)" in md and "[Her](#lokal)" in md
    assert 'src="../shared/deep/img/raw.png"' in md


def test_block_include_keeps_its_lines_and_origins(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "content/p.md": "Før\n\n> [!include[x](inc.md)]\n\nEfter\n",
        "content/inc.md": "---\ntitle: Skal ikke vises\n---\nLinje et\nLinje to\n",
    })
    md, _, text = render(tmp_path, "content/p.md")
    assert "> Linje et\n> Linje to" in md
    assert "Skal ikke vises" not in md and "title:" not in md
    index = text.lines.index("> Linje to")
    assert str(text.origins[index]) == "content/p.md:3:3 -> content/inc.md:5"


def test_inline_include_in_a_list_item_continues_the_item(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "content/p.md": "* Første\n* [!INCLUDE[x](inc.md)]\n* Sidste\n",
        "content/inc.md": "<!-- markdownlint-disable-file MD041 -->\nTekst et\nfortsat\n",
    })
    md, _, _ = render(tmp_path, "content/p.md")
    assert md.splitlines()[:4] == ["* Første", "* Tekst et", "  fortsat", "* Sidste"]


def test_inline_include_inside_a_sentence(tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/p.md": "Gå til [!include[x](inc.md)] og klik.\n",
                          "content/inc.md": "**Indstillinger**\n"})
    md, _, _ = render(tmp_path, "content/p.md")
    assert md.splitlines()[0] == "Gå til **Indstillinger** og klik."


def test_includes_nest_and_a_cycle_names_the_whole_chain(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "content/a.md": "Start\n[!include[b](b.md)]\n",
        "content/b.md": "B\n\n[!include[c](c.md)]\n",
        "content/c.md": "C\n[!include[a](a.md)]\n",
    })
    md, diags, _ = render(tmp_path, "content/a.md")
    assert "B" in md and "C" in md
    cycles = [d for d in diags if d.kind == "include-cycle"]
    assert len(cycles) == 1
    assert cycles[0].message == (
        "include cycle: content/a.md:2:1 -> content/b.md:3:1 -> content/c.md:2:1 -> content/a.md")


def test_missing_include_is_an_error_at_its_line_and_leaves_no_syntax(tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/p.md": "Tekst\n\n[!include[x](findes-ikke.md)]\n"})
    md, diags, _ = render(tmp_path, "content/p.md")
    assert "[!include" not in md
    [problem] = [d for d in diags if d.severity == "error"]
    assert str(problem).startswith("content/p.md:3:1: include file 'findes-ikke.md' not found")


def test_top_level_includes_folder_is_the_fallback_for_includes_paths(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "content/da/learn/p.md": "[!include[x](includes/list.md)]\n",
        "includes/list.md": "* [Dashboard][1]\n\n[1]: ../content/da/dashboard/index.md\n",
    })
    md, diags, _ = render(tmp_path, "content/da/learn/p.md")
    assert "* [Dashboard](../dashboard/index.md)" in md
    assert not [d for d in diags if d.severity == "error"]


def test_include_next_to_the_page_wins_over_the_top_level_folder(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "content/p.md": "[!include[x](includes/a.md)]\n",
        "content/includes/a.md": "lokal\n",
        "includes/a.md": "fælles\n",
    })
    md, _, _ = render(tmp_path, "content/p.md")
    assert md.strip() == "lokal"


@pytest.mark.parametrize("written", ["../../../../etc/passwd", "../../outside.md", "/etc/passwd",
                                     "file:///etc/passwd"])
def test_paths_that_leave_the_project_are_refused(tmp_path: Path, written: str) -> None:
    project_root = tmp_path / "project"
    write_tree(tmp_path, {"outside.md": "hemmelig\n", "project/content/p.md": f"[!include[x]({written})]\n"})
    md, diags, _ = render(project_root, "content/p.md")
    assert "hemmelig" not in md and "root:" not in md
    [problem] = [d for d in diags if d.severity == "error"]
    assert "outside the project" in problem.message or "relative path" in problem.message


def test_a_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    write_tree(tmp_path, {"secret.md": "hemmelig\n", "project/content/p.md": "[!include[x](link.md)]\n"})
    os.symlink(tmp_path / "secret.md", tmp_path / "project/content/link.md")
    md, diags, _ = render(tmp_path / "project", "content/p.md")
    assert "hemmelig" not in md
    [problem] = [d for d in diags if d.severity == "error"]
    assert "outside the project" in problem.message


def test_resolve_include_compares_real_paths_not_prefixes(tmp_path: Path) -> None:
    # "project-evil" starts with the string "project" but is not inside it.
    write_tree(tmp_path, {"project/content/p.md": "", "project-evil/x.md": "ond\n"})
    project = Project(tmp_path / "project", "content", "includes")
    target, reason = resolve_include(project, "content/p.md", "../../project-evil/x.md")
    assert target is None and "outside the project" in reason


@pytest.mark.parametrize("page", [
    "<!--\n[!include[x](missing.md)]\n-->\n",
    "Tekst <!-- [!include[x](missing.md)] --> mere\n",
    "Tekst <!-- start\n[!include[x](missing.md)]\nslut --> mere\n",
    "```\n[!include[x](missing.md)]\n```\n",
    "    [!include[x](missing.md)]\n",
], ids=["comment block", "comment in a line", "comment over lines", "fence", "indented code"])
def test_include_inside_a_comment_or_code_stays_as_written(tmp_path: Path, page: str) -> None:
    write_tree(tmp_path, {"content/p.md": page})
    md, diags, _ = render(tmp_path, "content/p.md")
    assert md == page and list(diags) == []


def test_an_unclosed_comment_start_in_a_paragraph_is_text_and_the_include_works(tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/p.md": "Tekst <!-- uden slut [!include[x](i.md)]\n\nMere -->\n",
                          "content/i.md": "inkluderet\n"})
    md, diags, _ = render(tmp_path, "content/p.md")
    assert "inkluderet" in md and list(diags) == []


def test_an_include_saved_with_windows_line_ends_keeps_its_references(tmp_path: Path) -> None:
    (tmp_path / "content/inc").mkdir(parents=True)
    (tmp_path / "content/page.md").write_text("[!include[x](inc/steps.md)]\n", encoding="utf-8")
    (tmp_path / "content/inc/steps.md").write_bytes("1. Log ind.\r\n\r\n    ![Skærm][img1]\r\n\r\n"
                                                    "<!-- billeder -->\r\n[img1]: media/log-ind.png\r\n".encode())
    md, diags, _ = render(tmp_path, "content/page.md")
    assert "![Skærm](inc/media/log-ind.png)" in md
    assert "\r" not in md
    assert not [d for d in diags if d.severity != "info"], [str(d) for d in diags]
