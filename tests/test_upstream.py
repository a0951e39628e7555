from __future__ import annotations

import pytest

from sodocs.core.upstream import UpstreamConfig, upstream_path, upstream_url

HTML = UpstreamConfig("https://docs.superoffice.com/", "docs/", "html")
FOLDER = UpstreamConfig("https://docs.example.org/help", "docs/", "folder")


@pytest.mark.parametrize(("target", "path", "url"), [
    ("content/en/document/templates/variables/index.md", "docs/en/document/templates/variables/index.md",
     "https://docs.superoffice.com/en/document/templates/variables/index.html"),
    ("content/da/learn/getting-started/preferences.md", "docs/da/learn/getting-started/preferences.md",
     "https://docs.superoffice.com/da/learn/getting-started/preferences.html"),
    ("release-notes/9.2/cep/9.2-R01-update.md", "release-notes/9.2/cep/9.2-R01-update.md",
     "https://docs.superoffice.com/release-notes/9.2/cep/9.2-R01-update.html"),
    ("content/da/learn/index.yml", "docs/da/learn/index.yml", "https://docs.superoffice.com/da/learn/index.html"),
])
def test_html_scheme(target: str, path: str, url: str) -> None:
    assert upstream_path(target, "content", "docs/") == path
    assert upstream_url(path, HTML) == url


@pytest.mark.parametrize(("path", "url"), [
    ("docs/da/learn/index.md", "https://docs.example.org/help/da/learn/"),
    ("docs/da/learn/login.md", "https://docs.example.org/help/da/learn/login/"),
])
def test_folder_scheme(path: str, url: str) -> None:
    assert upstream_url(path, FOLDER) == url


def test_link_that_climbs_out_of_the_project_has_no_upstream() -> None:
    assert upstream_path("../outside.md", "content", "docs/") is None
