"""Phosphor icon tags (``<i class="ph ph-gear">``) become inline SVG served with the page.

The SVG files are vendored from the MIT-licensed npm package ``@phosphor-icons/core`` into
``sodocs/docfx/phosphor/`` (see ``scripts/vendor_icons.sh``), so no page ever loads an icon font from a CDN.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from markupsafe import escape

from ..core.markdown_scan import fenced_mask
from ..diagnostics import Diagnostics, Origin

_ICON = re.compile(r"<i\s+(?P<attrs>[^>]*\bclass\s*=\s*[\"'][^\"']*\bph-(?P<name>[a-z0-9-]+)[^>]*)>\s*</i>")
_ICONS = Path(__file__).parent / "phosphor"
_LABEL = re.compile(r"\baria-label\s*=\s*[\"'](?P<label>[^\"']*)[\"']")


@cache
def icon_svg(name: str) -> str | None:
    path = _ICONS / f"{name}.svg"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def convert_icons(lines: list[str], origins: list[Origin], diags: Diagnostics,
                  fenced: list[bool] | None = None) -> list[str]:
    fenced = fenced if fenced is not None else fenced_mask(lines)
    out = []
    for i, line in enumerate(lines):
        if fenced[i] or "<i" not in line:
            out.append(line)
            continue

        def replace(m: re.Match[str], origin: Origin = origins[i]) -> str:
            svg = icon_svg(m.group("name"))
            if svg is None:
                diags.add(origin.with_column(m.start() + 1), "icon",
                          f"icon ph-{m.group('name')} is not vendored; add it with scripts/vendor_icons.sh",
                          "warning")
                return ""
            label = _LABEL.search(m.group("attrs"))
            a11y = (f'role="img" aria-label="{escape(label.group("label"))}"' if label
                    else 'aria-hidden="true"')
            return f'<span class="twemoji so-icon" {a11y}>{svg}</span>'

        out.append(_ICON.sub(replace, line))
    return out
