"""DocFX alerts (``> [!NOTE]``) become Material admonitions; ``> [!Video url]`` a plain link."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from ..core.markdown_scan import fenced_mask
from ..diagnostics import Diagnostics, Origin

# DocFX alert -> (Material admonition type, Danish title)
ALERTS: dict[str, tuple[str, str]] = {
    "NOTE": ("note", "Bemærk"),
    "TIP": ("tip", "Tip"),
    "IMPORTANT": ("info", "Vigtigt"),
    "CAUTION": ("danger", "Forsigtig"),
    "WARNING": ("warning", "Advarsel"),
}
_ALERT = re.compile(r"^(?P<indent>[ \t]*)>[ \t]?\[!(?P<kind>[A-Za-z]+)\][ \t]*(?P<rest>.*)$")
_VIDEO = re.compile(r"^(?P<indent>[ \t]*)>[ \t]?\[!video[ \t]+(?P<url>[^\]\s]+)\][ \t]*$", re.IGNORECASE)
_QUOTE = re.compile(r"^(?P<indent>[ \t]*)>[ \t]?(?P<rest>.*)$")


def watch_url(url: str) -> str:
    """A YouTube embed address opens as an ordinary video page; other addresses stay as written."""
    parsed = urlparse(url)
    if parsed.netloc.endswith("youtube.com") and parsed.path.startswith("/embed/"):
        video = parsed.path.removeprefix("/embed/").strip("/")
        start = parse_qs(parsed.query).get("start", [""])[0]
        return f"https://www.youtube.com/watch?v={video}" + (f"&t={start}s" if start else "")
    return url


def convert_alerts(lines: list[str], origins: list[Origin], diags: Diagnostics,
                   fenced: list[bool] | None = None) -> tuple[list[str], list[Origin]]:
    fenced = fenced if fenced is not None else fenced_mask(lines)
    out: list[str] = []
    out_origins: list[Origin] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        video = None if fenced[i] else _VIDEO.match(line)
        alert = None if fenced[i] or video else _ALERT.match(line)
        if video:
            indent = video.group("indent")
            url = watch_url(video.group("url"))
            out.append(f"{indent}[:material-play-circle-outline: Se videoen]({url}){{ .so-video }}")
            out_origins.append(origins[i])
            i += 1
            continue
        if not alert or alert.group("kind").upper() not in ALERTS:
            if alert:
                diags.add(origins[i], "unsupported", f"unsupported DocFX alert [!{alert.group('kind')}]; "
                          "shown as a note", "warning")
                alert_type, title = "note", "Bemærk"
            else:
                out.append(line)
                out_origins.append(origins[i])
                i += 1
                continue
        else:
            alert_type, title = ALERTS[alert.group("kind").upper()]
        indent = alert.group("indent")
        if out and out[-1].strip():
            out.append("")  # an admonition starts a block: never a lazy continuation of the line above
            out_origins.append(origins[i])
        out.append(f'{indent}!!! {alert_type} "{title}"')
        out_origins.append(origins[i])
        out.append("")
        out_origins.append(origins[i])
        if alert.group("rest").strip():
            out.append(f"{indent}    {alert.group('rest')}")
            out_origins.append(origins[i])
        i += 1
        while i < len(lines):
            quote = _QUOTE.match(lines[i])
            if not quote or quote.group("indent") != indent:
                break
            rest = quote.group("rest")
            out.append(f"{indent}    {rest}" if rest.strip() else "")
            out_origins.append(origins[i])
            i += 1
        out.append("")
        out_origins.append(origins[i - 1])
    return out, out_origins
