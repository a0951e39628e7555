"""Screenshots of every page of the built site, to look at: 1280 and 375 px wide, light and dark.

    python -m benchmarks.screenshots                # builds the site, writes benchmarks/out/screenshots/
    python -m benchmarks.screenshots --full-page    # the whole page instead of the first screen

Each page gets PAGE-WIDTH-SCHEME.png (the first screen a reader sees). The folder is git-ignored.
Needs Playwright (the test extra) and Debian's chromium.
"""

from __future__ import annotations

import argparse
import functools
import os
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "screenshots"
CHROMIUM = os.environ.get("SODOCS_CHROMIUM") or "/usr/bin/chromium"
SIZES = {1280: 800, 375: 812}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def pages(site: Path) -> list[str]:
    """Every page's address relative to the site root, the 404 page left out."""
    found = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    return [("" if p == "." else p + "/") for p in found if not p.startswith(("assets", "search"))]


def name_of(path: str) -> str:
    return path.strip("/").replace("/", "_").replace("da_", "", 1) or "forside"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full-page", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from tests.helpers import build_site

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        build = build_site(ROOT, site, env_extra={"SITE_URL": url})
        if build.returncode != 0:
            raise SystemExit(build.log)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            for width, height in SIZES.items():
                for scheme in ("light", "dark"):
                    context = browser.new_context(viewport={"width": width, "height": height},
                                                  color_scheme=scheme)
                    page = context.new_page()
                    for path in pages(site):
                        page.goto(url + path)
                        page.wait_for_load_state("networkidle")
                        target = args.out / f"{name_of(path)}-{width}-{scheme}.png"
                        page.screenshot(path=str(target), full_page=args.full_page)
                        print(target.relative_to(ROOT))
                    context.close()
            browser.close()
        httpd.shutdown()


if __name__ == "__main__":
    main()
