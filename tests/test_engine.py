"""The page pipeline's link rule: local when the site has the page, the full documentation otherwise."""

from __future__ import annotations

from pathlib import Path

from sodocs.docfx.pipeline import Site, render_page
from sodocs.settings import Settings

PAGE = "content/da/learn/getting-started/index.md"
BODY = "[Præferencer](preferences.md#sprog) og [Noter](../../../release-notes/9.2/x.md)\n"


def render(files: set[str]) -> tuple[str, list[str]]:
    settings = Settings(root=Path("."), docs_dir="content", site_dir=Path("site"))
    result = render_page(Site(settings.project(), files, settings.upstream), PAGE, BODY, 1)
    return result.markdown, [r.kind for r in result.links]


def test_a_page_the_site_lacks_falls_back_to_the_full_documentation() -> None:
    markdown, kinds = render({PAGE})
    assert "(<https://docs.superoffice.com/da/learn/getting-started/preferences.html#sprog>)" in markdown
    assert "(<https://docs.superoffice.com/release-notes/9.2/x.html>)" in markdown
    assert kinds == ["upstream", "upstream"]


def test_adding_the_page_switches_its_links_to_local_with_no_edit() -> None:
    markdown, kinds = render({PAGE, "content/da/learn/getting-started/preferences.md"})
    assert "[Præferencer](preferences.md#sprog)" in markdown
    assert kinds == ["local", "upstream"]
