"""Search benchmark: what one search costs a reader, and what it finds, Pagefind against Material's lunr.

    python -m benchmarks.search_bench               # the project's site and the 4,363-page English corpus
    python -m benchmarks.search_bench --site-only   # the project's own site only (about a minute)

Each site is built twice in a fresh process: as configured (Pagefind answers Material's search box) and with
the plugin's ``search: material`` (the theme's own lunr index); the corpus as ``tests/corpus_en.py`` builds it,
against Material + ``navigation.prune`` with lunr, the build benchmark's (b). Each build is served by the
Lighthouse benchmark's gzip server and searched by headless Chromium as a reader searches: open a page, press
``/``, type the query, wait for the results. Every query starts in a fresh browser context (nothing cached) and
counts every byte of search the browser transferred, from the page load on (Material fetches its index with
the first page; Pagefind nothing until the search box is used): index and its chunks, fragments, stemmer,
worker and scripts. The budget is 300 KB per search at 4,363 pages. The top five results of both engines are
printed side by side, to judge relevance by reading them.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from benchmarks.lighthouse_bench import GzipHandler

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "superoffice-docs-en"
CHROMIUM = "/usr/bin/chromium"
BUDGET = 300 * 1024
TOP = 5
# The three Danish queries, and two a new user types in the first week.
SITE_QUERIES = ["salg", "udvalg", "flerplansbruger", "adgangskode", "e-mail"]
# Words a user of the English docs looks up: common ones (many hits, many chunks) and a rare one.
CORPUS_QUERIES = ["selection", "sale", "contact person", "document template", "mailbox"]
# What belongs to search: Pagefind's bundle and our driver; Material's index, worker and stemmers.
SEARCH_PATHS = ("/pagefind/", "/_sodocs/search.js", "search_index.json", "/javascripts/lunr/",
                "/javascripts/workers/search.")
START = {"site": "", "corpus": "en/index.html"}
SITES = {
    "site-pagefind": "project site, Pagefind (as configured)",
    "site-material": "project site, search: material (lunr)",
    "corpus-pagefind": "4,363 pages, sodocs + Pagefind",
    "corpus-material": "4,363 pages, Material + prune, lunr",
}


@dataclass
class Search:
    query: str
    bytes: int                 # search files transferred (gzip or as stored), page load included
    requests: int
    seconds: float             # from the first key to the results shown
    top: list[str]             # the first results' titles


def child(kind: str, out: Path) -> None:
    """Build one site in this process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if kind.startswith("site-"):
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(out))
        if kind == "site-material":
            config.plugins["sodocs"].config.search = "material"
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        return
    from tests.corpus_en import corpus_config, run_build

    config = corpus_config(out, [], sodocs=kind == "corpus-pagefind", prune=kind == "corpus-material")
    if kind == "corpus-material":
        lunr = next(p for name, p in config.plugins.items() if name.endswith("search"))
        lunr.config.lang = ["en"]  # the corpus is English: lunr's English stemmer
    run_build(config)
    if kind == "corpus-pagefind" and not (out / "pagefind").is_dir():
        # The docset's own mistakes end its build with errors, and a build with errors publishes no new
        # index; its pages are all written, so they are indexed here as a clean build would index them.
        from sodocs.site.search import build_index

        build_index(out)


def build_site(kind: str, out: Path) -> float:
    start = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    done = subprocess.run([sys.executable, "-m", "benchmarks.search_bench", "--child", kind, str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (out / "index.html").is_file():
        sys.exit(f"build ({kind}) failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


@contextmanager
def served(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def search(browser: Any, url: str, query: str, pagefind: bool) -> Search:
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sizes: dict[str, int] = {}

    def finished(request: Any) -> None:
        if any(p in request.url for p in SEARCH_PATHS):
            sizes[request.url] = request.sizes()["responseBodySize"]

    context.on("requestfinished", finished)
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.keyboard.press("/")
        page.locator("input.md-search__input").wait_for(state="visible")
        start = time.perf_counter()
        page.keyboard.type(query, delay=30)
        if pagefind:  # our driver marks the list with the query it shows
            page.locator(f'.md-search-result__list[data-query="{query}"]').wait_for(state="attached",
                                                                                  timeout=60_000)
        else:  # Material: wait until the list holds results for the whole query
            page.locator(".md-search-result__item").first.wait_for(state="attached", timeout=60_000)
        seconds = time.perf_counter() - start
        page.wait_for_load_state("networkidle")  # the fragments of the results shown
        page.wait_for_timeout(300)
        titles = page.locator(".md-search-result__item > a:first-child article h1").all_inner_texts()[:TOP]
        return Search(query, sum(sizes.values()), len(sizes), seconds, [t.strip() for t in titles])
    finally:
        context.close()


def measure(browser: Any, folder: Path, kind: str, queries: list[str], repeat: int) -> list[list[Search]]:
    with served(folder) as base:
        url = base + START[kind.split("-")[0]]
        return [[search(browser, url, q, kind.endswith("pagefind")) for q in queries] for _ in range(repeat)]


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


def report(label: str, runs: dict[str, list[list[Search]]], queries: list[str], budget: bool) -> None:
    pf = next(v for k, v in runs.items() if k.endswith("pagefind"))
    lunr = next(v for k, v in runs.items() if k.endswith("material"))
    print(f"\n{label}: bytes of search one reader transfers (median of {len(pf)}), first key -> results")
    print(f"  {'query':<20}{'Pagefind':>10}{'requests':>9}{'time':>7}{'lunr':>10}{'time':>7}{'ratio':>7}")
    worst = 0
    for i, q in enumerate(queries):
        p_bytes = statistics.median(r[i].bytes for r in pf)
        l_bytes = statistics.median(r[i].bytes for r in lunr)
        worst = max(worst, max(r[i].bytes for r in pf))
        print(f"  {q:<20}{_kb(p_bytes):>10}{pf[0][i].requests:>9}"
              f"{statistics.median(r[i].seconds for r in pf):>6.2f}s{_kb(l_bytes):>10}"
              f"{statistics.median(r[i].seconds for r in lunr):>6.2f}s{p_bytes / l_bytes:>7.2f}")
    if budget:
        verdict = "within" if worst <= BUDGET else "OVER"
        print(f"  largest search: {_kb(worst)}, {verdict} the {_kb(BUDGET)} budget")
    print(f"\n{label}: the first {TOP} results (Pagefind | lunr)")
    for i, q in enumerate(queries):
        print(f"  {q!r}")
        left, right = pf[0][i].top, lunr[0][i].top
        for n in range(max(len(left), len(right))):
            a = left[n] if n < len(left) else ""
            b = right[n] if n < len(right) else ""
            print(f"    {n + 1}. {a[:48]:<50}| {b[:48]}")
        shared = len(set(left) & set(right))
        print(f"    in both top {TOP}: {shared}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site-only", action="store_true", help="the project's own site, not the corpus")
    parser.add_argument("--repeat", type=int, default=3, help="searches per query and engine (fresh each time)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    kinds = [k for k in SITES if k.startswith("site-") or not args.site_only]
    if not args.site_only and not (CORPUS / "docs").is_dir():
        sys.exit(f"{CORPUS} is absent: the corpus part needs ../shared beside the project (or use --site-only)")
    if not Path(CHROMIUM).is_file():
        sys.exit(f"{CHROMIUM} is absent: install Debian's chromium")
    from playwright.sync_api import sync_playwright

    print(f"search_bench {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
          f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results: dict[str, list[list[Search]]] = {}
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        for kind in kinds:
            out = Path(tmp) / kind
            seconds = build_site(kind, out)
            bundle = out / "pagefind"
            index = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()) if bundle.is_dir() else \
                (out / "search" / "search_index.json").stat().st_size
            print(f"  built {SITES[kind]} in {seconds:.0f} s; its whole search index: {index / 1e6:.2f} MB",
                  flush=True)
            queries = SITE_QUERIES if kind.startswith("site-") else CORPUS_QUERIES
            results[kind] = measure(browser, out, kind, queries, args.repeat)
            shutil.rmtree(out, ignore_errors=True)
        browser.close()
    print(f"\nload after the runs: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    report("Project site (Danish)", {k: v for k, v in results.items() if k.startswith("site-")}, SITE_QUERIES,
           budget=False)
    if not args.site_only:
        report("English corpus, 4,363 pages", {k: v for k, v in results.items() if k.startswith("corpus-")},
               CORPUS_QUERIES, budget=True)
    if args.json:
        args.json.write_text(json.dumps({k: [[s.__dict__ for s in r] for r in v] for k, v in results.items()},
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
