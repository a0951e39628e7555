from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ROOT, Build, build_site


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once per test run with --strict into a temporary folder."""
    site: Path = tmp_path_factory.mktemp("site")
    return build_site(ROOT, site)
