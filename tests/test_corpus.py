"""Every Markdown file of the real upstream Danish docs goes through the engine (read from ../shared)."""

from __future__ import annotations

import re
from collections import Counter

import markdown
import pytest
from selectolax.lexbor import LexborHTMLParser

from sodocs.docfx.pipeline import Site, index_pages, render_page
from sodocs.settings import Settings
from tests.helpers import CORPUS, ROOT

DOCS = CORPUS / "docs"
LEFTOVERS = re.compile(r"\[!include|\[!NOTE\]|\[!TIP\]|\[!Video|\[!IMPORTANT\]|\[!CAUTION\]|\[!WARNING\]|xref:|#tab/",
                       re.IGNORECASE)

def site_markdown() -> markdown.Markdown:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


pytestmark = pytest.mark.skipif(not DOCS.is_dir(), reason=f"corpus folder {DOCS} is absent (../shared not beside "
                                "the project); the compatibility test needs the real upstream pages")


def test_every_corpus_page_renders_without_raw_docfx_syntax() -> None:
    settings = Settings(root=CORPUS, docs_dir="docs", site_dir=CORPUS / "site")
    project = settings.project()
    files = {str(p.relative_to(CORPUS)) for p in DOCS.rglob("*") if p.is_file()}
    pages = sorted(p for p in files if p.endswith(".md") and "/includes/" not in p)
    fronts, uids, index_diags = index_pages([(page, project.read(page)) for page in pages])
    site = Site(project, files, settings.upstream, uids)
    kinds: Counter[str] = Counter(f"{d.severity}:{d.kind}" for d in index_diags)
    md = site_markdown()
    for page in pages:
        result = render_page(site, page, fronts[page].body, fronts[page].body_line)
        kinds.update(f"{d.severity}:{d.kind}" for d in result.diagnostics)
        masked = re.sub(r"```.*?```|`[^`\n]*`", "", result.markdown, flags=re.S)
        leftover = LEFTOVERS.search(masked)
        assert leftover is None, f"{page}: raw DocFX syntax left: {leftover.group(0)!r}"
        # And as the reader sees it: the page rendered with the site's own Markdown configuration.
        html = LexborHTMLParser(md.reset().convert(result.markdown))
        for node in html.css("code, pre"):
            node.decompose()
        visible = html.text()
        for leak in ("[!", "][", "]: ", "!!! ", '=== "'):
            assert leak not in visible, f"{page}: {leak!r} visible in the rendered page"
    print(f"\ncorpus: {len(pages)} pages rendered; diagnostics: {dict(sorted(kinds.items()))}")
    assert len(pages) > 50
