"""Small fixes around the theme and its Markdown extensions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_SEARCH_DIALOG = re.compile(r'(<div class="md-search" (?:data-md-component="search"|data-so-search) role="dialog")>')
SEARCH_DIALOG_NAME = "Søg på siden"


def name_search_dialog(html: str, name: str = SEARCH_DIALOG_NAME) -> str:
    """Material's search dialog has no accessible name (axe: aria-dialog-name); give it one (``name``, in the
    page's language, HTML-escaped)."""
    return _SEARCH_DIALOG.sub(lambda m: f'{m.group(1)} aria-label="{name}">', html, count=1)


_TAB_LABELS = '<div class="tabbed-labels">'


def quiet_tab_labels(html: str) -> str:
    """Tab labels are controls, and their text reaches the search index run together ("OnlineOnsite"):
    keep them out of both search indexes (Material's and Pagefind's)."""
    return html.replace(_TAB_LABELS, '<div class="tabbed-labels" data-search-exclude data-pagefind-ignore>')


def missing_snippets(snippets_config: Mapping[str, Any]) -> list[str]:
    """Auto-appended snippet files (the glossary) that do not exist: pymdownx.snippets would crash on them."""
    bases = [Path(str(b)) for b in snippets_config.get("base_path", [])]
    return [str(name) for name in snippets_config.get("auto_append", [])
            if not any((base / str(name)).is_file() for base in bases)]
