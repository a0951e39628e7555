"""What a serve rebuild redoes, decided from the files' stamps and what each page read last time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sodocs.site.incremental import Changes, Graph, compare, plan, stamp_tree

GRAPH = Graph(
    sources={
        "content/a.md": frozenset({"content/a.md", "includes/x.md", "includes/glossary.md"}),
        "content/b.md": frozenset({"content/b.md", "includes/x.md", "includes/y.md", "includes/glossary.md"}),
        "content/c.md": frozenset({"content/c.md", "data/plans.yml", "includes/glossary.md"}),
    },
    shared={"content/a.md": ("A", "a"), "content/b.md": ("B", "b"), "content/c.md": ("C", "c")},
)


def every_page(path: str) -> bool:
    return path in {"mkdocs.yml", "data/ui.yml"} or path.endswith("toc.yml")


def changes(modified: set[str] = set(), added: set[str] = set(), removed: set[str] = set()) -> Changes:  # noqa: B006
    return Changes(frozenset(modified), frozenset(added), frozenset(removed))


@pytest.mark.parametrize(("edit", "full", "pages"), [
    (changes({"content/a.md"}), False, {"content/a.md"}),
    (changes({"includes/y.md"}), False, {"content/b.md"}),
    (changes({"includes/x.md"}), False, {"content/a.md", "content/b.md"}),
    (changes({"data/plans.yml"}), False, {"content/c.md"}),
    (changes({"includes/glossary.md"}), False, {"content/a.md", "content/b.md", "content/c.md"}),
    (changes({"includes/x.md", "data/plans.yml"}), False, {"content/a.md", "content/b.md", "content/c.md"}),
    (changes({"content/media/picture.png"}), False, set()),  # a static file: copied, no page rebuilt
    (changes({"content/toc.yml"}), True, set()),
    (changes({"mkdocs.yml", "content/a.md"}), True, set()),
    (changes({"data/ui.yml"}), True, set()),
    (changes(added={"content/new.md"}), True, set()),
    (changes(removed={"includes/y.md"}), True, set()),
])
def test_a_rebuild_redoes_the_pages_that_read_a_changed_file(edit: Changes, full: bool, pages: set[str]) -> None:
    result = plan(edit, GRAPH, every_page)
    assert result.full is full
    if not full:
        assert result.pages == pages
    assert result.changed == edit.all


def test_the_plan_says_what_it_does() -> None:
    assert plan(changes({"includes/x.md"}), GRAPH, every_page).summary() == \
        "rebuilding 2 pages (includes/x.md changed)"
    assert plan(changes({"content/a.md"}), GRAPH, every_page).summary() == "rebuilding 1 page (content/a.md changed)"
    assert plan(changes(added={"content/new.md"}), GRAPH, every_page).summary() == \
        "rebuilding every page: content/new.md was added"


def test_stamps_see_an_edit_an_addition_and_a_removal(tmp_path: Path) -> None:
    (tmp_path / "content/sub").mkdir(parents=True)
    (tmp_path / "content/a.md").write_text("a", encoding="utf-8")
    (tmp_path / "content/sub/b.md").write_text("b", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site/out.html").write_text("x", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x", encoding="utf-8")
    before = stamp_tree(tmp_path, ["content", "."], ["mkdocs.yml", "missing.yml"], ["site"])
    assert set(before) == {"content/a.md", "content/sub/b.md", "mkdocs.yml"}  # never the output folder
    a = tmp_path / "content/a.md"
    a.write_text("a, edited", encoding="utf-8")
    os.utime(a, ns=(before["content/a.md"].mtime_ns + 10**9,) * 2)
    (tmp_path / "content/sub/b.md").unlink()
    (tmp_path / "content/c.md").write_text("c", encoding="utf-8")
    diff = compare(before, stamp_tree(tmp_path, ["content", "."], ["mkdocs.yml"], ["site"]))
    assert diff.modified == {"content/a.md"}
    assert diff.added == {"content/c.md"}
    assert diff.removed == {"content/sub/b.md"}
    assert not compare(before, dict(before))

