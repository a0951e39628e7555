"""Lighthouse budgets for the onboarding pages, behind a gzip server of the benchmark's own.

    python -m benchmarks.lighthouse_bench              # every page once, plus the baseline
    python -m benchmarks.lighthouse_bench --repeat 3   # three interleaved rounds, medians reported

Builds the site into a temporary folder, serves it on 127.0.0.1 with gzip (as any real host would),
and runs Lighthouse 12 from npm (`npm ci` installs it; package.json pins it) with its mobile defaults
against Debian's Chromium (CHROME_PATH, default /usr/bin/chromium). For each page it prints the four
category scores, LCP, TBT and CLS, and the bytes transferred for HTML + CSS + JS before search is used
(gzip, as on the wire; the search index and its worker are counted apart). A bare Material page with
the same theme settings, built in the same run and measured in the same rounds, is the baseline the
ratios are taken against. Exit code 1 when a page misses a budget:

    performance >= 95, accessibility = best practices = SEO = 100, HTML+CSS+JS <= 100 KB,
    CLS <= 0.02, and the plan explorer's script only on the plan explorer's page.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "Forside": "",
    "Introduktion": "da/learn/getting-started/",
    "Log ind": "da/learn/getting-started/login/",
    "Præferencer": "da/learn/getting-started/preferences/",
    "E-mail og dokumenter": "da/learn/getting-started/connect-email-doc/",
    "Hovedskærmbilledet": "da/learn/getting-started/main-screen/",
    "Navigatoren": "da/learn/getting-started/main-screen/navigator/",
    "Brugerplaner": "da/admin/license/user-plans/",
    "Planvælger": "da/admin/license/plan-explorer/",
}
BASELINE = "_baseline/"
EXPLORER_SCRIPT = "plan-explorer.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGET_SCORES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
BUDGET_BYTES = 100 * 1024
BUDGET_CLS = 0.02
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it; quiet."""

    def log_message(self, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") \
                or not ctype.startswith(GZIP_TYPES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


@dataclass
class Result:
    scores: dict[str, float]
    lcp: float
    tbt: float
    cls: float
    page_bytes: int          # HTML + CSS + JS, as transferred, search left out
    search_bytes: int        # the search index and worker, loaded by the theme
    scripts: list[str] = field(default_factory=list)


def build(site: Path, url: str) -> None:
    from tests.helpers import build_site

    result = build_site(ROOT, site, env_extra={"SITE_URL": url})
    if result.returncode != 0:
        raise SystemExit(result.log)
    # The baseline: one plain page with the same theme settings, nothing of this project's own.
    base = site.parent / "baseline-project"
    (base / "docs").mkdir(parents=True)
    (base / "docs" / "index.md").write_text(
        "---\ntitle: Grundlinje\ndescription: En tom side med samme tema.\n---\n\n# Grundlinje\n\n"
        "Et afsnit almindelig tekst, så siden har indhold at måle på.\n", encoding="utf-8")
    (base / "mkdocs.yml").write_text(
        f"site_name: Grundlinje\nsite_url: {url}{BASELINE}\ntheme:\n  name: material\n  language: da\n"
        "  font: false\nplugins:\n  - search:\n      lang: da\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(base / "mkdocs.yml"),
                    "-d", str(site / BASELINE)], check=True, env=env)


def lighthouse(url: str, out: Path, chrome: str) -> Result:
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
           "--only-categories=" + ",".join(CATEGORIES),
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"]
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": chrome}, timeout=300,
                   stdout=subprocess.DEVNULL)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    page_bytes = search_bytes = 0
    scripts = []
    for req in audits["network-requests"]["details"]["items"]:
        kind, size, address = req.get("resourceType"), int(req.get("transferSize") or 0), req.get("url", "")
        if "/search/" in address or "search_index" in address:
            search_bytes += size
        elif kind in ("Document", "Stylesheet", "Script"):
            page_bytes += size
        if kind == "Script":
            scripts.append(address.rsplit("/", 1)[-1])
    return Result(
        {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES},
        audits["largest-contentful-paint"]["numericValue"], audits["total-blocking-time"]["numericValue"],
        audits["cumulative-layout-shift"]["numericValue"], page_bytes, search_bytes, scripts)


def median(results: list[Result]) -> Result:
    return Result({c: statistics.median(r.scores[c] for r in results) for c in CATEGORIES},
                  statistics.median(r.lcp for r in results), statistics.median(r.tbt for r in results),
                  max(r.cls for r in results), max(r.page_bytes for r in results),
                  max(r.search_bytes for r in results), sorted({s for r in results for s in r.scripts}))


def misses(name: str, result: Result) -> list[str]:
    found = [f"{c} {result.scores[c]:.0f} < {want}" for c, want in BUDGET_SCORES.items() if result.scores[c] < want]
    if result.page_bytes > BUDGET_BYTES:
        found.append(f"{result.page_bytes / 1024:.1f} KB > {BUDGET_BYTES // 1024} KB")
    if result.cls > BUDGET_CLS:
        found.append(f"CLS {result.cls:.3f} > {BUDGET_CLS}")
    if (EXPLORER_SCRIPT in result.scripts) != (name == "Planvælger"):
        found.append(f"{EXPLORER_SCRIPT} {'missing' if name == 'Planvælger' else 'loaded here'}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="interleaved rounds (medians are reported)")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated page names")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` in the project folder")
    if not shutil.which(args.chrome) and not Path(args.chrome).exists():
        raise SystemExit(f"no Chromium at {args.chrome} (apt-get install -y chromium, or set CHROME_PATH)")
    chosen = {n: PAGES[n] for n in args.pages.split(",")}

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
        url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        build(site, url)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        runs: dict[str, list[Result]] = {n: [] for n in [*chosen, "Grundlinje"]}
        try:
            for round_ in range(args.repeat):
                for name, path in [*chosen.items(), ("Grundlinje", BASELINE)]:  # interleaved, baseline each round
                    print(f"round {round_ + 1}/{args.repeat}: {name}", file=sys.stderr)
                    runs[name].append(lighthouse(url + path, Path(tmp) / "report.json", args.chrome))
        finally:
            httpd.shutdown()

    base = median(runs.pop("Grundlinje"))
    header = (f"{'page':<22}{'perf':>5}{'a11y':>5}{'bp':>5}{'seo':>5}{'LCP ms':>8}{'×base':>6}{'TBT ms':>8}"
              f"{'CLS':>7}{'KB':>7}{'×base':>6}{'search KB':>10}  budget")
    print(header)
    failed = False
    for name, results in [*runs.items(), ("Grundlinje", [base])]:
        r = median(results)
        bad = misses(name, r) if name != "Grundlinje" else []
        failed |= bool(bad)
        print(f"{name:<22}" + "".join(f"{r.scores[c]:>5.0f}" for c in CATEGORIES)
              + f"{r.lcp:>8.0f}{r.lcp / base.lcp:>6.2f}{r.tbt:>8.0f}{r.cls:>7.3f}{r.page_bytes / 1024:>7.1f}"
              + f"{r.page_bytes / base.page_bytes:>6.2f}{r.search_bytes / 1024:>10.1f}  "
              + ("—" if name == "Grundlinje" else "ok" if not bad else "MISSED: " + "; ".join(bad)))
    print(f"\n{args.repeat} round(s); scores and times are medians, CLS and bytes the worst round. "
          "Lighthouse 12 mobile defaults (simulated slow 4G, 4× CPU slowdown).")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
