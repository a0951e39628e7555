"""Scan a large built page without building its DOM: ids, URLs and images without alt text, in one pass.

Lexbor's DOM takes some 17 bytes of memory per byte of HTML (a 20 MB page: 335 MB), so pages above
``LARGE_PAGE`` are read through a memory map by this tokenizer, which follows HTML5's tokenizing rules
for what the checker needs: comments, raw-text elements (``<script>``, ``<style>``, …), start tags and
their attributes (first of a repeated name wins, character references decoded). Its results equal
``scan.scan_html`` on well-formed pages (tests compare the two).
"""

from __future__ import annotations

import html
import mmap
import re
from collections.abc import Iterator
from pathlib import Path

from ..core.markdown_scan import srcset_urls
from .scan import ATTRS_BY_TAG

LARGE_PAGE = 1 << 20  # bytes; smaller pages go to Lexbor, which is faster

_RAW_TEXT = frozenset({b"script", b"style", b"textarea", b"title", b"xmp", b"iframe", b"noembed", b"noframes"})
_WANTED = {tag.encode(): tag for tag in ATTRS_BY_TAG}
_ATTRS = rb"""(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)>"""
_NAMES = b"|".join(sorted(set(_WANTED) | _RAW_TEXT | {b"plaintext"}))
# The next token that matters, found by the regular expression engine (other tags cost no Python code):
# a comment (HTML5: "<!-->" and "<!--->" are whole ones; one never closed runs to the end), a start tag
# the checker reads or whose text is raw, or any start tag with an id (or name) attribute.
_TOKEN = re.compile(
    rb"<(?:!--(?:-?>|.*?-->|.*\Z)"
    rb"|(?P<name>(?i:" + _NAMES + rb"))(?=[\t\n\f\r />])" + _ATTRS +
    rb"|(?P<other>[A-Za-z][^\t\n\f\r />\x00]*)"
    rb"(?=(?:[^>\"']|\"[^\"]*\"|'[^']*')*?[\t\n\f\r /](?i:id|name)[\t\n\f\r ]*=)" + _ATTRS.replace(b"attrs", b"attrs2")
    + rb")", re.S)
_ATTR = re.compile(rb"""(?P<name>[^\t\n\f\r />"'=][^\t\n\f\r />=]*)"""
                   rb"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\t\n\f\r >]*)))?""")


def _text(value: bytes) -> str:
    text = value.decode("utf-8", "replace")
    return html.unescape(text) if "&" in text else text


class StreamedPage:
    """One page, scanned as ``links()`` is iterated; ``ids`` and ``images_without_alt`` are complete after."""

    def __init__(self, rel: str, path: Path) -> None:
        self.rel = rel
        self.path = path
        self.ids: set[str] = set()
        self.images_without_alt: list[tuple[str, int]] = []

    def links(self) -> Iterator[tuple[str, str, str]]:
        """(tag, attribute, url) of every URL the page asks for, in document order."""
        with open(self.path, "rb") as f:
            size = f.seek(0, 2)
            if size == 0:
                return
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
                yield from self._scan(data, size)

    def _scan(self, data: mmap.mmap, size: int) -> Iterator[tuple[str, str, str]]:
        seen_src: dict[str, int] = {}
        pos = 0
        while (m := _TOKEN.search(data, pos)) is not None:
            pos = m.end()
            if m.group("other") is not None:  # a tag with an id, nothing else to read
                self._ids(m.group("other").lower(), _attributes(m.group("attrs2")))
                continue
            name = m.group("name")
            if name is None:
                continue  # a comment
            name = name.lower()
            tag = _WANTED.get(name)
            if tag is not None:
                yield from self._tag(tag, _attributes(m.group("attrs")), seen_src)
            else:
                self._ids(name, _attributes(m.group("attrs")))
            if name in _RAW_TEXT:  # even written "<script/>": HTML5 ignores the slash here
                end = _find_end_tag(data, name, pos)
                pos = size if end < 0 else end
            elif name == b"plaintext":
                return

    def _ids(self, name: bytes, attrs: dict[bytes, bytes]) -> None:
        if attrs.get(b"id"):
            self.ids.add(_text(attrs[b"id"]))
        if name == b"a" and attrs.get(b"name"):
            self.ids.add(_text(attrs[b"name"]))

    def _tag(self, tag: str, attrs: dict[bytes, bytes], seen_src: dict[str, int]) -> Iterator[tuple[str, str, str]]:
        self._ids(tag.encode(), attrs)
        for attr in ATTRS_BY_TAG[tag]:
            value = attrs.get(attr.encode())
            if value is None:
                continue
            text = _text(value)
            if attr == "srcset":
                for url in srcset_urls(text):
                    yield tag, attr, url
            else:
                yield tag, attr, text.strip()
        if tag == "img":
            src = _text(attrs.get(b"src", b""))
            if b"alt" not in attrs:
                self.images_without_alt.append((src, seen_src.get(src, 0)))
            seen_src[src] = seen_src.get(src, 0) + 1


def _attributes(raw: bytes) -> dict[bytes, bytes]:
    """A start tag's attributes by lower-case name; the first of a repeated name wins, as in HTML5."""
    attrs: dict[bytes, bytes] = {}
    for a in _ATTR.finditer(raw):
        key = a.group("name").lower()
        if key not in attrs:
            value = a.group("dq")
            if value is None:
                value = a.group("sq")
            attrs[key] = value if value is not None else a.group("uq") or b""
    return attrs


def _find_end_tag(data: mmap.mmap, name: bytes, pos: int) -> int:
    """Where the raw text of a ``<script>`` (and the like) ends: at ``</script`` in any case."""
    pattern = re.compile(rb"</" + re.escape(name) + rb"[\t\n\f\r />]", re.IGNORECASE)
    m = pattern.search(data, pos)
    return -1 if m is None else m.start()
