"""Source-line markers of the macro renderer: each output line maps back to the page line that produced it."""

from __future__ import annotations

import pytest

from sodocs.plans.macros import add_markers, strip_markers


def lines_of(source: str, rendered_by: dict[str, str] | None = None, first: int = 10) -> list[tuple[str, int]]:
    marked = add_markers(source, first)
    for tag, output in (rendered_by or {}).items():
        marked = marked.replace(tag, output)
    lines, origins = strip_markers(marked, "content/p.md", first)
    assert all(o.innermost.path == "content/p.md" for o in origins)
    return [(line, o.innermost.line) for line, o in zip(lines, origins, strict=True)]


def test_plain_lines_keep_their_numbers_and_text() -> None:
    assert lines_of("a\nb\n\nc") == [("a", 10), ("b", 11), ("", 12), ("c", 13)]


def test_lines_a_macro_call_produces_belong_to_the_call() -> None:
    out = lines_of("intro\n{{ call() }}\nafter", {"{{ call() }}": "one\ntwo\nthree"})
    assert out == [("intro", 10), ("one", 11), ("two", 11), ("three", 11), ("after", 12)]


def test_a_tag_spanning_lines_is_one_call() -> None:
    out = lines_of("{{ call(\n  1) }}\nafter", {"{{ call(\n  1) }}": "x"})
    assert out == [("x", 10), ("after", 12)]


@pytest.mark.parametrize("source", ["{# comment #}", "{% if x %}y{% endif %}", "a {{ b }} c"])
def test_markers_never_show_in_output(source: str) -> None:
    lines, _ = strip_markers(add_markers(source, 1), "p.md", 1)
    assert "\x1e" not in "\n".join(lines)
    assert "\n".join(lines) == source
