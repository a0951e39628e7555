"""Fixture sites with writers' mistakes: the build names the file and line, and never shows a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import attr, build_site, one, write_tree

MKDOCS_YML = """site_name: Test
docs_dir: content
theme:
  name: material
  language: da
  font: false
plugins:
  - sodocs
exclude_docs: |
  includes/
markdown_extensions:
  - admonition
  - attr_list
"""


def make_site(tmp_path: Path, pages: dict[str, str]) -> Path:
    return write_tree(tmp_path / "project", {"mkdocs.yml": MKDOCS_YML, **pages})


@pytest.mark.parametrize(("page", "expected"), [
    ("---\ntitle: ok\nbad: [unclosed\n---\n# X\n", "content/index.md:4: malformed YAML front matter"),
    ("---\ndescription: ingen titel\n---\n# X\n", "content/index.md:1: front matter has no 'title'"),
    ("---\ntitle: X\nso.date: 31.12.2024\n---\n# X\n", "content/index.md:3: so.date: '31.12.2024' is not a date"),
    ("---\ntitle: X\n---\n# X\n\n[!include[a](nope.md)]\n", "content/index.md:6:1: include file 'nope.md' not found"),
    ("---\ntitle: X\n---\n# X\n\nSe [her](xref:nope)\n", "content/index.md:6:4: cross reference to unknown uid"),
    ("---\ntitle: X\n---\n# X\n\n![b](mangler.png)\n", "content/index.md:6:1: image 'mangler.png' not found"),
    ("---\ntitle: X\n---\n# X\n\n```cs\nx\n", "content/index.md:6:1: code block opened with ``` is never closed"),
    ("---\ntitle: X\n---\n# X\n\n# [A](#tab/a)\n\nTekst\n", "content/index.md:6: this tab group is never closed"),
    ("---\ntitle: X\n---\n# X\n\n[!code-cs[c](nope.cs)]\n",
     "content/index.md:6:1: code snippet file 'nope.cs' not found"),
    ("---\ntitle: X\n---\n# X\n\n[!code-cs[c](index.md#nope)]\n", "content/index.md:6:1: no region or tag 'nope'"),
    ("---\ntitle: X\n---\n# X\n\n[Her](INDEX.md)\n", "content/index.md:6:1: link 'INDEX.md' names content/INDEX.md, "
     "but the file is spelled content/index.md"),
    ("---\ntitle: X\n---\n# X\n\n<!-- note -->Vælg **Gem**\n", "content/index.md:6: this line belongs to an HTML "
     "block"),
])
def test_mistakes_fail_the_strict_build_with_file_and_line(tmp_path: Path, page: str, expected: str) -> None:
    build = build_site(make_site(tmp_path, {"content/index.md": page}), tmp_path / "site")
    assert build.returncode != 0
    assert expected in build.log
    assert "Traceback" not in build.log


def test_an_include_inside_a_comment_stays_commented_out(tmp_path: Path) -> None:
    page = "---\ntitle: X\n---\n# X\n\n<!--\n[!include[a](includes/hemmelig.md)]\n-->\n\nSynlig\n"
    build = build_site(make_site(tmp_path, {"content/index.md": page,
                                            "content/includes/hemmelig.md": "HEMMELIG TEKST\n"}), tmp_path / "site")
    assert build.returncode == 0, build.log
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "HEMMELIG TEKST" not in html and "Synlig" in html


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    page = "---\ntitle: X\n---\n# X\n\n[!include[a](a.md)]\n\n[!include[b](b.md)]\n\nSe <xref:nope>\n"
    build = build_site(make_site(tmp_path, {"content/index.md": page}), tmp_path / "site")
    assert "content/index.md:6:1" in build.log and "content/index.md:8:1" in build.log
    assert "content/index.md:10:4" in build.log


def test_problem_inside_an_include_names_the_chain(tmp_path: Path) -> None:
    build = build_site(make_site(tmp_path, {
        "content/index.md": "---\ntitle: X\n---\n# X\n\n[!include[a](includes/a.md)]\n",
        "content/includes/a.md": "Tekst\n\n[!include[b](b.md)]\n",
    }), tmp_path / "site")
    assert "content/index.md:6:1 -> content/includes/a.md:3:1: include file 'b.md' not found" in build.log
    assert not (tmp_path / "site" / "includes").exists()  # include files are not pages


def test_front_matter_reaches_html_escaped(tmp_path: Path) -> None:
    page = '---\ntitle: X\ndescription: \'"><script>alert(1)</script>\'\nauthor: "<b>A</b>"\n---\n# X\n'
    build = build_site(make_site(tmp_path, {"content/index.md": page}), tmp_path / "site")
    assert build.returncode == 0, build.log
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "<b>A</b>" not in html
    assert attr(one(build.html("index.html"), 'meta[name="description"]'), "content") == \
        '"><script>alert(1)</script>'


def test_index_false_asks_search_engines_not_to_index(tmp_path: Path) -> None:
    project = make_site(tmp_path, {"content/index.md": "---\ntitle: X\nindex: false\n---\n# X\n"})
    (project / "mkdocs.yml").write_text(MKDOCS_YML.replace("  font: false\n", "  font: false\n  custom_dir: "
                                        + str(Path(__file__).parent.parent / "site_overrides") + "\n"),
                                        encoding="utf-8")
    build = build_site(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    assert attr(one(build.html("index.html"), 'meta[name="robots"]'), "content") == "noindex"


def test_missing_glossary_snippet_is_a_clear_error(tmp_path: Path) -> None:
    config = MKDOCS_YML + """  - pymdownx.snippets:
      base_path: [!relative $config_dir/includes]
      auto_append: [glossary.md]
"""
    project = make_site(tmp_path, {"content/index.md": "---\ntitle: X\n---\n# X\n"})
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    build = build_site(project, tmp_path / "site")
    assert build.returncode != 0
    assert "glossary.md: the snippet file that mkdocs.yml appends to every page is missing" in build.log
    assert "Traceback" not in build.log
