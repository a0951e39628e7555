from __future__ import annotations

import datetime as dt

import pytest

from sodocs.diagnostics import Diagnostics
from sodocs.docfx.frontmatter import danish_date, parse_docfx_date, split
from sodocs.docfx.page_meta import badges_html, check_meta


@pytest.mark.parametrize(("value", "expected"), [
    ("04.23.2024", dt.date(2024, 4, 23)),
    ("03.07.2023", dt.date(2023, 3, 7)),  # month.day.year: 7 March, not 3 July
    ("12/31/2022", dt.date(2022, 12, 31)),
    (dt.date(2021, 5, 1), dt.date(2021, 5, 1)),
    ("23.04.2024", None),
    ("i går", None),
])
def test_docfx_dates_are_month_day_year(value: object, expected: dt.date | None) -> None:
    assert parse_docfx_date(value) == expected


def test_danish_date() -> None:
    assert danish_date(dt.date(2024, 4, 23)) == "23. april 2024"


def test_split_reports_malformed_yaml_at_its_line() -> None:
    fm = split("---\ntitle: ok\nbad: [unclosed\n---\nbody\n", "content/x.md")
    [problem] = list(fm.diagnostics)
    assert str(problem).startswith("content/x.md:4: malformed YAML front matter")
    assert fm.body == "body\n" and fm.body_line == 5


def test_missing_title_and_bad_date_are_reported() -> None:
    raw = "---\nso.date: 23.04.2024\n---\n"
    diags = Diagnostics()
    check_meta("content/x.md", raw, split(raw, "content/x.md").data, diags)
    assert [str(d) for d in diags] == [
        "content/x.md:1: front matter has no 'title' (the page's title in the navigation and the browser tab)",
        "content/x.md:2: so.date: '23.04.2024' is not a date written month.day.year (e.g. 04.23.2024)",
    ]


def test_badges_escape_front_matter() -> None:
    html = badges_html({"date": "04.23.2024", "author": "<script>alert(1)</script>", "deployment": "online",
                        "platform": "web", "version": "10.3.5"})
    assert "23. april 2024" in html and "Online" in html and "Version 10.3.5" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("date_line", ["so.date:", "so.date: ''", "date:", ""], ids=["empty", "empty string",
                                                                                    "empty date", "absent"])
def test_empty_or_absent_date_is_no_mistake_and_no_badge(date_line: str) -> None:
    raw = f"---\ntitle: X\n{date_line}\n---\n# X\n"
    diags = Diagnostics()
    meta = split(raw, "content/x.md").data
    check_meta("content/x.md", raw, meta, diags)
    assert list(diags) == []
    assert "<time" not in badges_html(meta)


@pytest.mark.parametrize("value", ["15.02.2021", "2007", "not a date"])
def test_a_date_that_is_written_wrong_is_still_reported_at_its_line(value: str) -> None:
    raw = f"---\ntitle: X\nso.date: {value}\n---\n# X\n"
    diags = Diagnostics()
    check_meta("content/x.md", raw, split(raw, "content/x.md").data, diags)
    assert [str(d.origin) for d in diags] == ["content/x.md:3"]


@pytest.mark.parametrize(("raw", "reported"), [
    ("# Overblik\n\nTekst\n", False),  # a plain DocFX page: its heading is its title
    ("Overblik\n========\n", False),
    ("```\n# not a heading\n```\nTekst\n", True),
    ("Tekst uden overskrift\n", True),
    ("---\nuid: x\n---\n# Overblik\n", True),  # front matter, but no title in it: the writer left it out
])
def test_a_page_without_front_matter_takes_its_title_from_its_first_heading(raw: str, reported: bool) -> None:
    diags = Diagnostics()
    check_meta("content/x.md", raw, split(raw, "content/x.md").data, diags)
    assert bool(list(diags)) is reported
