"""DocFX alerts (``> [!NOTE]``) become Material admonitions; ``> [!Video url]`` a plain link."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from ..diagnostics import Diagnostics
from .labels import words
from .text import Text, TextBuilder

# DocFX alert -> (Material admonition type, Danish title); a page in another language takes its titles from labels
ALERTS: dict[str, tuple[str, str]] = {
    "NOTE": ("note", "Bemærk"),
    "TIP": ("tip", "Tip"),
    "IMPORTANT": ("info", "Vigtigt"),
    "CAUTION": ("danger", "Forsigtig"),
    "WARNING": ("warning", "Advarsel"),
}
# What stands before an alert's own ">": indentation, perhaps a list marker, and the markers of block quotes
# that hold the alert (an alert include written inside a quote: ``> [!include[…](note.md)]``).
_PRE = r"(?P<pre>[ \t]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)?(?:>[ \t]*)*?)"
_ALERT = re.compile(rf"^{_PRE}>[ \t]?\[!(?P<kind>[A-Za-z]+)\][ \t]*(?P<rest>.*)$")
_VIDEO = re.compile(rf"^{_PRE}>[ \t]?\[!video[ \t]+(?P<url>[^\]\s]+)\][ \t]*$", re.IGNORECASE)
_BODY = re.compile(r"^(?P<indent>[ \t]*)>[ \t]?(?P<rest>.*)$")
_MARKER = re.compile(r"(?:[*+-]|\d{1,9}[.)])(?=[ \t])")


def watch_url(url: str) -> str:
    """A YouTube embed address opens as an ordinary video page; other addresses stay as written."""
    parsed = urlparse(url)
    if parsed.netloc.endswith("youtube.com") and parsed.path.startswith("/embed/"):
        video = parsed.path.removeprefix("/embed/").strip("/")
        start = parse_qs(parsed.query).get("start", [""])[0]
        return f"https://www.youtube.com/watch?v={video}" + (f"&t={start}s" if start else "")
    return url


def convert_alerts(text: Text, diags: Diagnostics, language: str = "da") -> Text:
    said = words(language)
    verbatim = text.verbatim
    out = TextBuilder(text)
    lines = text.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        video = None if verbatim[i] else _VIDEO.match(line)
        alert = None if verbatim[i] or video else _ALERT.match(line)
        if video:
            url = watch_url(video.group("url"))
            out.keep(i, f"{video.group('pre')}[:material-play-circle-outline: {said['video']}]({url}){{ .so-video }}")
            i += 1
            continue
        if alert is None:
            out.keep(i)
            i += 1
            continue
        kind = alert.group("kind").upper()
        if kind not in ALERTS:
            diags.add(text.origins[i], "unsupported", f"unsupported DocFX alert [!{alert.group('kind')}]; "
                      "shown as a note", "warning")
        alert_type = ALERTS.get(kind, ALERTS["NOTE"])[0]
        title = said.get(kind, said["NOTE"])
        pre = alert.group("pre")
        # Lines after the first carry the list marker's width as spaces, and the same quote markers.
        cont = _MARKER.sub(lambda m: " " * len(m.group(0)), pre)
        blank = cont.rstrip()
        if out.last is not None and out.last.strip() and out.last.strip() != blank.strip():
            out.add(blank, i)  # an admonition starts a block: never a lazy continuation of the line above
        out.keep(i, f'{pre}!!! {alert_type} "{title}"')
        out.add(blank, i)
        if alert.group("rest").strip():
            out.add(f"{cont}    {alert.group('rest')}", i)
        i += 1
        body = re.compile(rf"^{re.escape(blank)}[ \t]*>[ \t]?(?P<rest>.*)$") if blank else _BODY
        while i < len(lines):
            quote = body.match(lines[i])
            if not quote or (not blank and quote.group("indent") != cont):
                break
            rest = quote.group("rest")
            out.keep(i, f"{cont}    {rest}" if rest.strip() else blank)
            i += 1
        out.add(blank, i - 1)
    return out.text()

