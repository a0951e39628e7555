"""Small accessibility fixes to the theme's own markup, applied to each built page."""

from __future__ import annotations

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_DIALOG_NAME = "Søg på siden"


def name_search_dialog(html: str) -> str:
    """Material's search dialog has no accessible name (axe: aria-dialog-name); give it one."""
    return html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{SEARCH_DIALOG_NAME}">', 1)
