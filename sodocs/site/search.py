"""The site's search index: Pagefind, run on the finished site before it replaces the published one.

Material's lunr index is one file every reader downloads in full on the first page (10.5 MB, 1.55 MB
gzipped, for 4,363 pages); Pagefind splits its index into chunks and a reader's browser loads only those a
query needs, plus one data fragment per result shown. It keeps one index per ``<html lang>``, with that
language's stemmer, so a Danish page searches the Danish pages and an English page the English ones.

Only Material's article is indexed (``data-pagefind-body``): not the header, the navigation or the footer, and
not the 404 page, which has no article. Inside it, what carries ``data-pagefind-ignore`` stays out (tables
whose cells would run together, screen-reader duplicates, page badges, tab labels), and so does the
permalink mark after every heading. This module does not import MkDocs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

BUNDLE = "pagefind"
"""The folder inside the site that holds the index and Pagefind's search script."""
SCRIPT = "_sodocs/search.js"
"""Our script that drives Pagefind from Material's search dialog (``sodocs/site/assets/search.js``)."""
THEME_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
"""Material's lunr search files (the stemmers and the worker), which nothing loads once Pagefind answers."""

_ARTICLE = '<article class="md-content__inner md-typeset">'
_EXCLUDE = (".headerlink",)  # the "¶" permalink after each heading would end every section title
# Pagefind's own interfaces; the site drives the search API from Material's dialog instead (search.js).
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
_TIMEOUT = 900  # seconds; 4,363 pages take well under a minute on two cores


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why in a writer's words."""


@dataclass(frozen=True)
class IndexStats:
    pages: dict[str, int]  # language -> pages indexed
    seconds: float
    bytes: int  # the whole bundle as published

    def summary(self) -> str:
        langs = ", ".join(f"{lang}: {n}" for lang, n in sorted(self.pages.items()))
        total = sum(self.pages.values())
        return (f"search index: {total} page{'s' if total != 1 else ''} ({langs}), "
                f"{self.bytes / 1e6:.1f} MB, {self.seconds:.1f} s")


_DIALOG = '<div class="md-search" data-md-component="search"'
_FORM = '<form class="md-search__form" name="search">'


def mark_body(html: str) -> str:
    """Tell Pagefind which part of a built page to index: the article, once per page."""
    return html.replace(_ARTICLE, _ARTICLE[:-1] + " data-pagefind-body>", 1)


def take_over_dialog(html: str) -> str:
    """Hand Material's search dialog to our script: Material mounts its search on
    ``data-md-component="search"`` and fetches its lunr index for a form named ``search``; without either it
    starts no worker and requests nothing, and the dialog's markup, styles and toggle stay as they are."""
    return html.replace(_DIALOG, '<div class="md-search" data-so-search', 1).replace(
        _FORM, '<form class="md-search__form">', 1)


def script() -> str:
    return (resources.files("sodocs.site") / "assets" / "search.js").read_text(encoding="utf-8")


def executable() -> Path:
    """Pagefind's binary: ``PAGEFIND_BINARY_PATH``, else the one the ``pagefind[bin]`` package ships."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = None
    else:
        found = get_executable()
    if found is None or not found.is_file():
        raise SearchIndexError("Pagefind is not installed, so the site cannot get its search index; install "
                               "the project again (pip install -e .), which brings 'pagefind[bin]'")
    return Path(found)


def build_index(site: Path) -> IndexStats:
    """Index the built ``site`` into ``site/pagefind/``; ``SearchIndexError`` when Pagefind fails."""
    bundle = site / BUNDLE
    if bundle.exists():  # a --dirty build keeps the last index; Pagefind writes a whole new one
        shutil.rmtree(bundle)
    cmd = [str(executable()), "--site", str(site), "--output-subdir", BUNDLE]
    for selector in _EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=_TIMEOUT, check=False,
                              env={**os.environ, "NO_COLOR": "1"})
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"{site}: Pagefind did not finish indexing the site in {_TIMEOUT} s") from None
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not be started ({exc.strerror or exc})") from None
    seconds = time.perf_counter() - start
    entry = bundle / "pagefind-entry.json"
    if proc.returncode != 0 or not entry.is_file():
        said = [line.strip() for line in (proc.stderr + proc.stdout).splitlines() if line.strip()]
        raise SearchIndexError(f"{site}: Pagefind could not index the site (exit code {proc.returncode}): "
                               + " / ".join(said[-6:]))
    try:
        data_of_entry = json.loads(entry.read_text(encoding="utf-8"))
        languages = data_of_entry["languages"]
        pages = {str(lang): int(data["page_count"]) for lang, data in languages.items()}
        wasm = {f"wasm.{data['wasm']}.pagefind" for data in languages.values() if data.get("wasm")}
        # Pagefind lists a site's languages in no fixed order: sorted, two builds of one site are the same bytes.
        data_of_entry["languages"] = dict(sorted(languages.items()))
        entry.write_text(json.dumps(data_of_entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SearchIndexError(f"{entry}: Pagefind wrote an index this site cannot read ({exc})") from None
    # Readers load the stemmer (wasm) of their page's language only; one for no language at all is never used.
    for path in bundle.iterdir():
        if path.name in _UNUSED or (path.name.startswith("wasm.") and path.name not in wasm):
            path.unlink()
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return IndexStats(pages, seconds, size)


class BackgroundIndex:
    """``mkdocs serve`` after a partial rebuild: index the served site again without making the writer wait.

    One indexing at a time; a request while one runs is done once it ends, so the last edit is always in the
    index. A failure is logged by ``on_error``; the served pages are never touched by it.
    """

    def __init__(self, on_error: Callable[[str], None] | None = None) -> None:
        self.on_error = on_error
        self._lock = threading.Lock()
        self._pending: Path | None = None
        self._thread: threading.Thread | None = None

    def request(self, site: Path) -> None:
        with self._lock:
            self._pending = site
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="sodocs-search-index", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                site, self._pending = self._pending, None
                if site is None:
                    return
            try:
                build_index(site)
            except SearchIndexError as exc:
                if self.on_error is not None:
                    self.on_error(str(exc))

    def wait(self) -> None:
        thread = self._thread
        if thread is not None:
            thread.join()
