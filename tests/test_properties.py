"""Property tests over the pure core: whatever a writer types, the code answers with text and messages.

Each property feeds generated input (Markdown built from the syntax the engine knows, YAML data, URLs,
HTML) to one part of the engine and checks that nothing raises but the project's own error types, and a
few things that must always hold (line origins stay aligned, a title shows exactly as written, the
streamed HTML scan agrees with Lexbor's). Hypothesis keeps the examples small and reproducible; the
counts below add up to a few thousand examples per run.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from sodocs.core import markdown_scan as scan
from sodocs.core.project import NotUtf8, Project, decode_text, unusable_path
from sodocs.core.upstream import UpstreamConfig
from sodocs.diagnostics import Diagnostics, Origin
from sodocs.docfx import frontmatter
from sodocs.docfx.alerts import convert_alerts
from sodocs.docfx.includes import expand, resolve_include
from sodocs.docfx.lists import normalize_lists
from sodocs.docfx.page_meta import check_meta
from sodocs.docfx.pipeline import Site, index_pages, render_page
from sodocs.docfx.references import scope_references
from sodocs.docfx.tabs import convert_tabs
from sodocs.docfx.text import Text
from sodocs.docfx.xref import Target, UidIndex, plain_text, resolve_xrefs
from sodocs.linkcheck.check import _Classifier, _Resolver
from sodocs.linkcheck.scan import scan_html
from sodocs.linkcheck.stream_scan import StreamedPage
from sodocs.plans.macros import MacroRenderer
from sodocs.plans.model import load_plans
from sodocs.plans.onboarding import load_steps
from sodocs.settings import Options, Settings
from tests.helpers import ROOT, write_tree


def examples(n: int) -> settings:
    """Hypothesis settings for ``n`` examples: about 3,300 in all, some 10 s of CPU (no per-example deadline)."""
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# A small project on disk, made once: the include and link steps read real files (and a symbolic link
# that leads outside it).
_TMP = Path(tempfile.mkdtemp(prefix="sodocs-properties-"))
atexit.register(shutil.rmtree, _TMP, True)
PROJECT_ROOT = write_tree(_TMP / "project", {
    "content/index.md": "---\ntitle: Forside\nuid: forside\n---\n# Forside\n",
    "content/da/a.md": "---\ntitle: A & <b>\nuid: side-a\n---\n# A\n",
    "content/da/includes/blok.md": "Blok med [link](../a.md) og [!include[x](punkt.md)]\n",
    "content/da/includes/punkt.md": "punkt\n",
    "content/da/includes/selv.md": "[!include[igen](selv.md)]\n",
    "includes/faelles.md": "---\ntitle: ignoreret\n---\nFælles [tekst](../content/index.md)\n",
    "content/billede.png": "",
})
(_TMP / "outside.md").write_text("uden for\n", encoding="utf-8")
os.symlink(_TMP / "outside.md", PROJECT_ROOT / "includes" / "ude.md")
PROJECT = Project(PROJECT_ROOT, "content", "includes")
FILES = {str(p.relative_to(PROJECT_ROOT).as_posix()) for p in PROJECT_ROOT.rglob("*") if p.is_file()}
UIDS = UidIndex({"forside": Target("content/index.md", "Forside", Origin.at("content/index.md", 3)),
                 "side-a": Target("content/da/a.md", "A & <b> *x* [y](z) @forside", Origin.at("content/da/a.md", 3))})
SITE = Site(PROJECT, FILES, UpstreamConfig("https://docs.example.com/", "docs/", "html"), UIDS)
PAGE = "content/da/side.md"

# -- Markdown made of the constructs the engine rewrites, mixed with noise ---------------------------

PATHS = st.sampled_from(["a.md", "../index.md", "includes/blok.md", "includes/faelles.md", "includes/ude.md",
                         "includes/selv.md", "mangler.md", "../../x.md", "/etc/passwd", "a%00b.md", "x" * 300,
                         "<a b.md>", "http://[fe80::1/x", "//[", "#anker", "billede.png", "", "%zz", "\\x.md"])
WORDS = st.sampled_from(["tekst", "Økonomi", "@forside", "@side-a", "@ukendt-uid", "xref:side-a", "*", "_", "`",
                         "[", "]", "(", ")", "<", ">", "&", "#", "!", "{{", "}}", "{%", "%}", "\\", "|", "~~~", "```",
                         "-", ":", "\t", "<!--", "-->", "<i class=\"ph ph-gear\"></i>", "<i class=\"ph ph-nope\">"])


@st.composite
def markdown_line(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 17))
    path = draw(PATHS)
    word = draw(WORDS)
    text = draw(st.text(max_size=12))
    return [
        f"[!include[{text}]({path})]",
        f"* [!include[x]({path})] {word}",
        f"[{text}]({path})",
        f"![{text}]({path} \"titel\")",
        f"[{text}][{draw(st.sampled_from(['1', '2', 'a', text]))}]",
        f"[{draw(st.sampled_from(['1', '2', 'a']))}]: {path}",
        f"<xref:{draw(st.sampled_from(['side-a', 'forside', 'nope', text]))}>",
        f"[{text}](xref:{draw(st.sampled_from(['side-a', 'nope', '', 'side-a#x']))})",
        f"> [!{draw(st.sampled_from(['NOTE', 'TIP', 'WARNING', 'CAUTION', 'IMPORTANT', 'Video', 'nope']))}] {text}",
        f"> {word} {text}",
        f"# [{text}](#tab/{draw(st.sampled_from(['online', 'onsite', '']))})",
        "---",
        draw(st.sampled_from(["```", "~~~", "````python", "  ```"])),
        f"{' ' * draw(st.integers(0, 6))}{draw(st.sampled_from(['*', '-', '1.', '+']))} {text}",
        f'<a href="{path}">{text}</a> <img src="{path}" srcset="{path} 2x">',
        f"<{path}>",
        f"`{word}` {word} {text}",
        f"{word}{text}{word}",
    ][kind]


MARKDOWN = st.lists(markdown_line(), max_size=14).map("\n".join)


def text_of(body: str, path: str = PAGE) -> Text:
    return Text.from_file(path, body, 5)


def aligned(lines: list[str], origins: list[Origin]) -> bool:
    return len(lines) == len(origins) and all(isinstance(o, Origin) for o in origins)


@examples(300)
@given(written=st.one_of(PATHS, st.text(max_size=40)), including=st.sampled_from([PAGE, "content/index.md",
                                                                                  "includes/faelles.md"]))
def test_include_resolution_never_raises(written: str, including: str) -> None:
    target, reason = resolve_include(PROJECT, including, written)
    assert (target is None) == bool(reason)
    if target is not None:
        assert PROJECT.contains(target) and (PROJECT_ROOT / target).is_file()


@examples(200)
@given(body=MARKDOWN)
def test_includes_and_references_never_raise_and_keep_origins(body: str) -> None:
    diags = Diagnostics()
    out = expand(PROJECT, PAGE, text_of(body), diags)
    assert aligned(out.lines, out.origins)
    assert "uden for" not in out.markdown()  # the symbolic link out of the project is never followed
    lines = scope_references(body.split("\n"), text_of(body).origins, Diagnostics())
    assert len(lines) == len(body.split("\n"))


@examples(200)
@given(body=MARKDOWN)
def test_xrefs_alerts_tabs_and_lists_never_raise(body: str) -> None:
    text = text_of(body)
    diags = Diagnostics()
    lines = resolve_xrefs(PAGE, text.lines, text.origins, UIDS, diags)
    assert len(lines) == len(text.lines)
    alerted, origins = convert_alerts(lines, text.origins, diags)
    assert aligned(alerted, origins)
    tabbed, origins = convert_tabs(alerted, origins)
    assert aligned(tabbed, origins)
    assert isinstance(normalize_lists(tabbed), list)


@examples(100)
@given(body=MARKDOWN)
def test_the_whole_page_pipeline_never_raises(body: str) -> None:
    result = render_page(SITE, PAGE, body, 5)
    lines = result.markdown.split("\n") if result.markdown else []  # an include of nothing leaves no line
    assert len(lines) == len(result.origins) or (result.origins and not result.markdown)
    assert "uden for" not in result.markdown
    for diag in result.diagnostics:
        assert diag.origin.frames and str(diag)


@examples(300)
@given(title=st.text(max_size=60))
def test_an_xref_shows_the_title_exactly_as_text(title: str) -> None:
    """Through Python-Markdown (with the site's inline extensions) the link text is the title, nothing else."""
    html = markdown.markdown(f"Se [{plain_text(title)}](side.md) her.", extensions=["attr_list", "abbr"])
    links = LexborHTMLParser(html).css("a")
    # What a reader can see of it: no control characters, white space as single spaces.
    expected = " ".join("".join(c for c in title if c.isspace() or unicodedata.category(c) != "Cc").split())
    if not expected:
        return
    assert len(links) == 1, html
    assert links[0].text() == expected
    assert not LexborHTMLParser(html).css("a *")  # no markup inside the link


@examples(300)
@given(line=st.one_of(markdown_line(), st.text(max_size=80)))
def test_markdown_scanning_never_raises(line: str) -> None:
    for link in scan.iter_links(line):
        assert line[link.start:link.end].endswith(")")
    assert scan.rewrite_links(line, lambda link: None) == line
    list(scan.iter_raw_urls(line))
    scan.rewrite_raw_urls(line, lambda raw: raw.url)
    scan.code_spans(line)
    scan.url_problem(line)
    path, rest = scan.split_url(line)
    assert path + rest == line
    scan.rebase(line, "content/da", "content")
    assert len(scan.fenced_mask(line.split("\n"))) == len(line.split("\n"))


@examples(150)
@given(raw=st.one_of(MARKDOWN, st.text(max_size=200)),
       data=st.dictionaries(st.sampled_from(["title", "uid", "so.date", "date", "description", "author", "macros"]),
                            st.one_of(st.text(max_size=20), st.integers(), st.none(), st.booleans(),
                                      st.lists(st.text(max_size=5), max_size=3)), max_size=5))
def test_front_matter_never_raises(raw: str, data: dict[str, Any]) -> None:
    for text in (raw, "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + raw, "---\n" + raw):
        fm = frontmatter.split(text, PAGE)
        assert isinstance(fm.data, dict) and fm.body_line >= 1
        check_meta(PAGE, text, fm.data, Diagnostics())
    index_pages([(PAGE, raw), ("content/b.md", "---\n" + yaml.safe_dump(data) + "---\n")])


# -- data files: YAML of any shape, and the real files with a value swapped --------------------------

YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-3, 50), st.text(max_size=8),
              st.sampled_from(["sales", "essential", "premium", "crm", "a"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(["id", "name", "label", "group", "tier", "plans",
                                                             "features", "tiers", "groups", "solutions", "steps",
                                                             "includes", "title", "text", "link", "min", "max"]),
                                            inner, max_size=5)),
    max_leaves=25)
REAL_PLANS = (ROOT / "data" / "plans.yml").read_text(encoding="utf-8")
REAL_STEPS = (ROOT / "data" / "onboarding.yml").read_text(encoding="utf-8")


@examples(150)
@given(data=YAML_VALUES, raw=st.text(max_size=120))
def test_plan_and_onboarding_data_never_raise(data: Any, raw: str) -> None:
    for text in (yaml.safe_dump(data, allow_unicode=True), raw):
        load_plans(text, "data/plans.yml", Diagnostics())
        load_steps(text, "data/onboarding.yml", Diagnostics())


@examples(40)
@given(line=st.integers(0, 400), value=st.one_of(YAML_VALUES, st.sampled_from(["", "[", "{", ":", "- x", "&a *a"])))
def test_the_real_data_with_one_line_changed_never_raises(line: int, value: Any) -> None:
    for real, load in ((REAL_PLANS, load_plans), (REAL_STEPS, load_steps)):
        lines = real.split("\n")
        i = line % len(lines)
        key, sep, _ = lines[i].partition(": ")
        dumped = yaml.safe_dump(value, default_flow_style=True).strip().split("\n")[0]
        lines[i] = f"{key}{sep}{dumped}" if sep else dumped
        diags = Diagnostics()
        result = load("\n".join(lines), "data/x.yml", diags)
        assert result is not None or any(d.severity == "error" for d in diags)


@examples(300)
@given(data=st.binary(max_size=60))
def test_decoding_names_the_line_or_gives_text(data: bytes) -> None:
    try:
        text = decode_text(data)
    except NotUtf8 as exc:
        assert 1 <= exc.line <= data.count(b"\n") + 1 and "save the file as UTF-8" in str(exc)
    else:
        assert text.encode("utf-8") in (data, data.removeprefix(b"\xef\xbb\xbf"))
    unusable_path(data.decode("utf-8", "replace"))


# -- macros: whatever the page's Jinja, render returns text and messages -----------------------------

JINJA = st.lists(st.sampled_from([
    "{{ 1/0 }}", "{{ nope }}", "{{ hilsen('a') }}", "{{ hilsen( }}", "{% for i in range(3) %}", "{% endfor %}",
    "{% if x %}", "{% endif %}", "{% set x = 1/0 %}", "{% set x = 2 %}", "{{ x }}", "{{ ''.__class__ }}",
    "{{ [1].append(2) }}", "{% include 'm.j2' %}", "{% include '../x' %}", "{% macro r() %}{{ r() }}{% endmacro %}",
    "{{ r() }}", "{{ cycler.__init__ }}", "tekst", "\n", "{#", "#}", "{{", "}}", "{%", "%}", "{{ link('a.md') }}",
    "{{ link('a.md', 'x') }}", "{% raw %}", "{% endraw %}", "{{ range(10**9) | list }}",
]), max_size=10).map("".join)
_MACRO_ROOT = write_tree(_TMP / "macro-project", {
    "macros/m.j2": "{% macro hilsen(n) %}Hej {{ n }}{% endmacro %}\n{% macro igen(n) %}{{ igen(n) }}{% endmacro %}\n"})
RENDERER = MacroRenderer(Settings(_MACRO_ROOT, "content", _MACRO_ROOT / "site", Options()), {}, {})


@examples(300)
@given(body=JINJA)
def test_macros_never_raise(body: str) -> None:
    text, origins, diags = RENDERER.render(PAGE, body, 7)
    assert len(text.split("\n")) == len(origins)
    for diag in diags:
        assert diag.origin.innermost.line >= 7 or diag.origin.innermost.path.startswith("macros/")


# -- the link checker -------------------------------------------------------------------------------

CLASSIFIER = _Classifier(_Resolver({"index.html", "a/index.html", "b.png"}, {"", "a"}, "/repo/"))


@examples(500)
@given(url=st.one_of(st.text(max_size=40), st.sampled_from(["//[", "http://[fe80::1/x", "#top", "#", "../../..",
                                                             "/repo/a/", "mailto:x", "a/#x", "http://ok/x?y#z"]),
                     st.builds(lambda a, b: a + b, st.sampled_from(["http://", "//", "/", "../", "#", "a:", ""]),
                               st.text(max_size=20))),
       page_dir=st.sampled_from(["", "a", "a/b"]))
def test_the_link_classifier_never_raises(url: str, page_dir: str) -> None:
    kind, target, detail = CLASSIFIER.classify(page_dir, url)
    assert kind in ("ok", "skip", "external", "missing-file", "bad-url")
    if kind in ("missing-file", "bad-url"):
        assert detail  # a problem always says why
    if kind == "ok" and target:
        assert target in {"index.html", "a/index.html", "b.png"}


ATTR_VALUES = st.sampled_from(["x.html", "#a", "a&amp;b", "", "mangler.png 2x, b.png 1x", " sp ", "a>b", "'", "&lt;"])


@st.composite
def html_page(draw: st.DrawFn) -> str:
    parts = ["<!doctype html><html><head><title>t <a href=no></title></head><body>"]
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(["a", "img", "div", "script", "style", "source", "link", "h2", "span", "p"]))
        attrs = " ".join(f'{name}="{draw(ATTR_VALUES)}"' for name in draw(st.lists(st.sampled_from(
            ["href", "src", "srcset", "id", "name", "alt", "class", "title"]), max_size=4, unique=True)))
        inner = draw(st.sampled_from(["tekst", '<a href="i.html">i</a>', "<!-- <a href=c.html> -->", ""]))
        if tag in ("img", "source", "link"):
            parts.append(f"<{tag} {attrs}>")
        elif tag in ("script", "style"):
            parts.append(f'<{tag} {attrs}>var s = "<a href=s.html>";</{tag}>')
        else:
            parts.append(f"<{tag} {attrs}>{inner}</{tag}>")
    parts.append("</body></html>")
    return "\n".join(parts)


@examples(200)
@given(html=html_page())
def test_the_streamed_scan_agrees_with_lexbor(html: str) -> None:
    path = _TMP / "page.html"
    path.write_text(html, encoding="utf-8")
    streamed = StreamedPage("page.html", path)
    links = tuple(streamed.links())
    dom = scan_html("page.html", html)
    assert links == dom.links
    assert frozenset(streamed.ids) == dom.ids
    assert tuple(streamed.images_without_alt) == dom.images_without_alt
