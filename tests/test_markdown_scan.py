"""The shared Markdown scanning pieces, table-driven: code regions, links, raw URLs, rebasing."""

from __future__ import annotations

import pytest

from sodocs.core.markdown_scan import (
    fenced_mask,
    format_link,
    is_relative,
    iter_links,
    iter_raw_urls,
    rebase,
    split_url,
    srcset_urls,
)


@pytest.mark.parametrize(("lines", "mask"), [
    (["a", "```", "code", "```", "b"], [False, True, True, True, False]),
    (["~~~~", "```", "still code", "~~~~", "x"], [True, True, True, True, False]),
    (["> ```", "> code", "> ```", "after"], [True, True, True, False]),
    (["```", "a shorter fence ``", "````", "x"], [True, True, True, False]),
    (["text ``` not a fence"], [False]),
])
def test_fenced_mask(lines: list[str], mask: list[bool]) -> None:
    assert fenced_mask(lines) == mask


@pytest.mark.parametrize(("line", "found"), [
    ("[a](b.md)", [(False, "a", "b.md", None)]),
    ('![alt](img.png "Titel")', [(True, "alt", "img.png", '"Titel"')]),
    ("[a](<with space.md>)", [(False, "a", "with space.md", None)]),
    ("[nested [x]](y.md#z)", [(False, "nested [x]", "y.md#z", None)]),
    ("`[not](a.md)` and [yes](b.md)", [(False, "yes", "b.md", None)]),
    ("[a](b(c).md)", [(False, "a", "b(c).md", None)]),
    ("no link here [x] (y)", []),
])
def test_iter_links(line: str, found: list[tuple[bool, str, str, str | None]]) -> None:
    assert [(ln.image, ln.text, ln.dest, ln.title) for ln in iter_links(line)] == found


def test_iter_links_columns_cover_the_whole_link() -> None:
    line = "see [a](b.md) now"
    (link,) = iter_links(line)
    assert line[link.start:link.end] == "[a](b.md)"


@pytest.mark.parametrize(("line", "found"), [
    ('<a href="x.md">x</a>', [("a", "href", 9, "x.md")]),
    ("<img src='p.png' srcset='p2.png 2x'>", [("img", "src", 10, "p.png"), ("img", "srcset", 25, "p2.png 2x")]),
    ('`<a href="code.md">`', []),
    ('<div data-href="no.md">', []),
])
def test_iter_raw_urls(line: str, found: list[tuple[str, str, int, str]]) -> None:
    assert [(r.tag, r.attr, r.start, r.url) for r in iter_raw_urls(line)] == found


def test_srcset_urls() -> None:
    assert srcset_urls("a.png 1x, b.png 2x,c.png") == ["a.png", "b.png", "c.png"]


@pytest.mark.parametrize(("url", "relative"), [
    ("a.md", True), ("../a.md#x", True), ("#x", False), ("/abs.md", False), ("https://x.org", False),
    ("mailto:a@b.dk", False), ("", False), ("\\\\server\\x", False),
])
def test_is_relative(url: str, relative: bool) -> None:
    assert is_relative(url) is relative


@pytest.mark.parametrize(("url", "parts"), [
    ("a/b.md#x?y", ("a/b.md", "#x?y")), ("a.md?q=1#f", ("a.md", "?q=1#f")), ("a.md", ("a.md", "")),
    ("#only", ("", "#only")),
])
def test_split_url(url: str, parts: tuple[str, str]) -> None:
    assert split_url(url) == parts


@pytest.mark.parametrize(("url", "from_dir", "to_dir", "out"), [
    ("../content/da/a.md", "includes", "content/da/learn", "../a.md"),
    ("media/x.png", "content/da/includes", "content/da", "includes/media/x.png"),
    ("sub/", "content/a", "content", "a/sub/"),
    ("b.md#anker", "content/x", "content/x", "b.md#anker"),
    ("https://x.org/a", "a", "b", "https://x.org/a"),
    ("#frag", "a", "b", "#frag"),
])
def test_rebase(url: str, from_dir: str, to_dir: str, out: str) -> None:
    assert rebase(url, from_dir, to_dir) == out


@pytest.mark.parametrize(("args", "out"), [
    ((False, "a", "b.md", None), "[a](b.md)"),
    ((True, "alt", "with space.png", None), "![alt](<with space.png>)"),
    ((False, "a", "b.md", '"T"'), '[a](b.md "T")'),
    ((False, "a", "", None), "[a](<>)"),
])
def test_format_link(args: tuple[bool, str, str, str | None], out: str) -> None:
    assert format_link(*args) == out
