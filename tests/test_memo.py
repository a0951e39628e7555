"""sodocs.core.memo: a serve rebuild parses only the texts that changed, and still reports every problem."""

from __future__ import annotations

from sodocs.core.memo import TextMemo
from sodocs.diagnostics import Diagnostics, Origin
from sodocs.docfx.frontmatter import FrontMatter
from sodocs.docfx.pipeline import index_pages


class Counting:
    """A parse that counts its calls and reports one problem for a text that says so."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, path: str, text: str, diags: Diagnostics) -> str:
        self.calls.append(path)
        if "bad" in text:
            diags.add(Origin.at(path, 1), "front-matter", "bad text", "error")
        return text.upper()


def test_the_same_text_is_parsed_once_and_its_problems_are_reported_every_build() -> None:
    memo: TextMemo[str] = TextMemo()
    parse = Counting()
    for build in range(3):
        diags = Diagnostics()
        assert memo.get("a.md", "bad a", lambda d: parse("a.md", "bad a", d), diags) == "BAD A"
        assert memo.get("b.md", "b", lambda d: parse("b.md", "b", d), diags) == "B"
        assert [d.message for d in diags] == ["bad text"], build
        memo.sweep()
    assert parse.calls == ["a.md", "b.md"]


def test_a_changed_text_is_parsed_again() -> None:
    memo: TextMemo[str] = TextMemo()
    parse = Counting()
    memo.get("a.md", "bad", lambda d: parse("a.md", "bad", d), Diagnostics())
    memo.sweep()
    diags = Diagnostics()
    assert memo.get("a.md", "good", lambda d: parse("a.md", "good", d), diags) == "GOOD"
    assert parse.calls == ["a.md", "a.md"]
    assert not diags.items  # the fixed text's problem is gone
    assert memo.parsed == 1


def test_a_file_left_out_of_a_build_is_forgotten() -> None:
    memo: TextMemo[str] = TextMemo()
    parse = Counting()
    memo.get("gone.md", "x", lambda d: parse("gone.md", "x", d), Diagnostics())
    memo.sweep()
    memo.sweep()  # a build that did not ask for gone.md
    memo.get("gone.md", "x", lambda d: parse("gone.md", "x", d), Diagnostics())
    assert parse.calls == ["gone.md", "gone.md"]


def test_index_pages_with_a_memo_gives_what_it_gives_without() -> None:
    pages = [("docs/a.md", "---\ntitle: A\nuid: a\n---\n# A\n"),
             ("docs/b.md", "---\ntitle: B\nso.date: 31.12.2024\n---\ntext\n"),
             ("docs/c.md", "---\ntitle: [unclosed\n---\n")]
    plain_front, plain_uids, plain_diags = index_pages(pages)
    memo: TextMemo[FrontMatter] = TextMemo()
    for _build in range(2):
        front, uids, diags = index_pages(pages, memo)
        memo.sweep()
        assert {rel: fm.data for rel, fm in front.items()} == {rel: fm.data for rel, fm in plain_front.items()}
        assert [str(d) for d in diags] == [str(d) for d in plain_diags]
        assert set(uids.targets) == set(plain_uids.targets) == {"a"}
    assert len(plain_diags) == 2  # the date written day.month.year and the unclosed list
