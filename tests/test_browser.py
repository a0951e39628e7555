"""The interactive parts in a real browser: Playwright driving Debian's Chromium against the built site
served on 127.0.0.1. Never a downloaded browser; CI installs Debian's `chromium` (.ci/run)."""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from sodocs.diagnostics import Diagnostics
from sodocs.plans.model import Plans, load_plans
from tests.helpers import ROOT, build_site

# Debian's Chromium by default; SODOCS_CHROMIUM names another build (GitHub's runners ship Google Chrome).
CHROMIUM = os.environ.get("SODOCS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("SODOCS_SCREENSHOTS", ROOT / "benchmarks" / "out" / "screenshots"))

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: install Debian's chromium (see .ci/run)")
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

EXPLORER = "da/admin/license/plan-explorer/"
GETTING_STARTED = "da/learn/getting-started/"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site, built for the address it is served at: Material's instant navigation only
    intercepts links to pages its sitemap lists, and the sitemap carries site_url."""
    site = tmp_path_factory.mktemp("browser-site")
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    build = build_site(ROOT, site, env_extra={"SITE_URL": url})
    assert build.returncode == 0, build.log
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield url
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: errors.append(f"third-party request {req.url}")
            if not req.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    yield page
    context.close()
    assert errors == []


def plans() -> Plans:
    diags = Diagnostics()
    result = load_plans((ROOT / "data/plans.yml").read_text(encoding="utf-8"), "data/plans.yml", diags)
    assert result is not None
    return result


def choose(page: Page, solution: str, tier: str) -> None:
    page.locator(f"#so-{solution}-{tier}").check()


def shown_features(page: Page) -> list[str]:
    return page.locator(".so-explorer__features li").all_inner_texts()


# -- plan explorer --------------------------------------------------------------------------------

def test_choice_shows_the_name_and_features_from_the_plan_data(page: Page) -> None:
    page.goto(EXPLORER)
    expect(page.locator(".so-explorer__prompt")).to_have_text("Vælg mindst én løsning for at se, hvad du får.")
    choose(page, "sales", "premium")
    choose(page, "service", "essential")
    data = plans()
    choice = {"sales": "premium", "service": "essential"}
    expect(page.get_by_test_id("plan-name")).to_have_text(data.sold_as(choice)[1])
    assert data.sold_as(choice)[1] == "Sales-Premium + Service-Essentials"
    expected = [data.features[f].label for f in data.choice_features(choice)]
    assert sorted(shown_features(page)) == sorted(expected)
    assert len(shown_features(page)) == len(set(shown_features(page)))  # shared features once
    # Service is at Essential: the explorer says what Premium would add.
    upgrade = page.locator(".so-explorer__upgrade")
    premium = set(data.plan_features(data.plan("service", "premium")))
    adds = sorted(data.features[f].label for f in premium - set(data.choice_features(choice)))
    expect(upgrade.locator("h3")).to_have_text([f"Service-Premium tilføjer {len(adds)} funktioner"])
    assert sorted(upgrade.locator("li").all_inner_texts()) == adds
    assert "Vidensbase (FAQs)" in adds and "Projektstyring" not in adds  # Sales-Premium has it already


def test_choice_lives_in_the_url_and_survives_reload(page: Page, base_url: str) -> None:
    page.goto(EXPLORER)
    choose(page, "marketing", "premium")
    choose(page, "service", "premium")
    assert page.url.endswith("?service=premium&marketing=premium") or "marketing=premium" in page.url
    page.reload()
    expect(page.get_by_test_id("plan-name")).to_have_text("Service-Premium + Marketing-Premium")
    expect(page.locator("#so-marketing-premium")).to_be_checked()
    other = page.context.new_page()
    other.goto(f"{EXPLORER}?sales=essential&marketing=essential")
    expect(other.get_by_test_id("plan-name")).to_have_text("Sales-Essentials + Marketing-Essentials")
    other.close()


def test_back_and_forward_restore_earlier_choices(page: Page) -> None:
    page.goto(EXPLORER)
    choose(page, "sales", "essential")
    expect(page.get_by_test_id("plan-name")).to_have_text("Sales-Essentials")
    choose(page, "sales", "premium")
    expect(page.get_by_test_id("plan-name")).to_have_text("Sales-Premium")
    page.go_back()
    expect(page.get_by_test_id("plan-name")).to_have_text("Sales-Essentials")
    expect(page.locator("#so-sales-essential")).to_be_checked()
    page.go_forward()
    expect(page.get_by_test_id("plan-name")).to_have_text("Sales-Premium")


def test_feature_finder(page: Page) -> None:
    page.goto(EXPLORER)
    page.locator("#so-finder-input").fill("projekt")
    item = page.locator(".so-finder__item").filter(has_text="Projektstyring")
    expect(item.locator(".so-finder__plans")).to_have_text(
        "Findes i: Sales-Premium, Service-Premium, Marketing-Essentials, Marketing-Premium")
    item.locator("button").click()
    expect(page.get_by_test_id("plan-name")).to_have_text("Marketing-Essentials")  # the smallest choice
    for query in ("saint", "SAINT", "salgsmal"):  # case- and accent-insensitive ("å" ~ "a")
        page.locator("#so-finder-input").fill(query)
        expect(page.locator(".so-finder__item").first).to_be_visible()
    page.locator("#so-finder-input").fill("saint")
    expect(page.locator(".so-finder__pick")).to_have_text(["Aktivitetsmonitorer (SAINT)"])


def test_explorer_is_keyboard_operable(page: Page) -> None:
    page.goto(EXPLORER)
    page.locator("#so-sales-none").focus()
    page.keyboard.press("ArrowDown")  # radio groups move with the arrow keys
    expect(page.get_by_test_id("plan-name")).to_have_text("Sales-Essentials")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_instant_navigation_initialises_the_explorer(page: Page) -> None:
    page.goto("")
    page.evaluate("window.__stillSameDocument = true")
    page.get_by_role("link", name="Åbn planvælgeren").click()
    page.wait_for_url(f"**/{EXPLORER}")
    choose(page, "service", "essential")
    expect(page.get_by_test_id("plan-name")).to_have_text("Service-Essentials")
    assert page.evaluate("window.__stillSameDocument === true")  # no full reload happened


def test_without_javascript_the_static_tables_remain(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto(EXPLORER)
    expect(page.locator("#so-compare tbody tr[data-feature]")).to_have_count(len(plans().features))
    expect(page.locator("#so-matrix tbody tr")).to_have_count(9)
    page.goto(GETTING_STARTED)
    expect(page.locator("#so-checklist li a")).to_have_count(5)
    context.close()


# -- checklist --------------------------------------------------------------------------------------

def test_checklist_progress_persists_across_reload_and_pages_and_resets(page: Page) -> None:
    page.goto(GETTING_STARTED)
    progress = page.locator("#so-checklist .so-progress__text")
    expect(progress).to_have_text("0 af 5 trin")
    page.locator("#so-step-login").check()
    page.locator("#so-step-preferences").check()
    expect(progress).to_have_text("2 af 5 trin")
    page.reload()
    expect(progress).to_have_text("2 af 5 trin")
    expect(page.locator("#so-step-login")).to_be_checked()
    page.goto("")
    expect(page.locator(".so-progress-summary .so-progress__text")).to_contain_text("2 af 5 trin")
    page.goto(GETTING_STARTED)
    page.get_by_role("button", name="Nulstil mine trin").click()
    expect(progress).to_have_text("0 af 5 trin")
    page.reload()
    expect(progress).to_have_text("0 af 5 trin")


def test_checklist_works_when_storage_refuses_writes(page: Page) -> None:
    # Private modes that give a storage with no room: every write throws QuotaExceededError.
    page.add_init_script("""
        Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
    """)
    page.goto(GETTING_STARTED)
    page.locator("#so-step-email").check()
    expect(page.locator("#so-checklist .so-progress__text")).to_have_text("1 af 5 trin")
    page.get_by_role("button", name="Nulstil mine trin").click()
    expect(page.locator("#so-checklist .so-progress__text")).to_have_text("0 af 5 trin")


def test_checklist_works_when_storage_is_blocked(browser: Browser, base_url: str) -> None:
    # Blocked site data: even reading window.localStorage throws. The theme's own scripts may
    # complain; ours must not, and the list must keep working.
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{exc} {exc.stack or ''}"))
    page.add_init_script("""
        Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError'); }});
    """)
    page.goto(GETTING_STARTED)
    page.locator("#so-step-email").check()
    page.locator("#so-step-login").check()
    expect(page.locator("#so-checklist .so-progress__text")).to_have_text("2 af 5 trin")
    assert [e for e in errors if "onboarding.js" in e or "plan-explorer.js" in e] == []
    context.close()


# -- glossary ------------------------------------------------------------------------------------------

def test_glossary_terms_have_tooltips_in_page_text(page: Page) -> None:
    page.goto("da/admin/license/user-plans/")
    for term in ("SAINT", "flerplansbruger", "Essential", "Premium"):
        abbr = page.locator(f"article abbr:text-is('{term}')").first
        expect(abbr).to_be_attached()
        assert len(abbr.get_attribute("title") or "") > 20, term


# -- search and the 404 page -----------------------------------------------------------------------

def test_search_finds_danish_pages(page: Page) -> None:
    """The site ships only the Danish lunr stemmer; the search worker must still load and answer."""
    page.goto("")
    page.locator("input.md-search__input").click()
    page.keyboard.type("brugerplaner", delay=30)  # Material searches on key events, not on a filled value
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15_000)
    assert "Brugerplaner" in page.locator(".md-search-result").inner_text()


class _SubPathHandler(SimpleHTTPRequestHandler):
    """A static host like GitHub Pages: the site under ``prefix``, its 404.html for every missing path."""

    prefix = "/"

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        root = Path(self.directory)
        path = self.path.split("?")[0]
        rel = path[len(self.prefix):] if path.startswith(self.prefix) else None
        target = None if rel is None else root / rel
        if target is not None and target.is_dir():
            target = target / "index.html"
        if target is None or not target.is_file():
            body = (root / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.path = "/" + (rel or "")
        super().do_GET()


@pytest.mark.parametrize("prefix", ["/", "/repo/"])
def test_404_page_is_styled_and_leads_home_at_the_root_and_under_a_sub_path(
        browser: Browser, tmp_path: Path, prefix: str) -> None:
    site = tmp_path / "site"
    handler_class = type("Handler", (_SubPathHandler,), {"prefix": prefix})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler_class, directory=str(site)))
    host = f"http://127.0.0.1:{httpd.server_address[1]}"
    # At the root no SITE_URL is needed; under a sub-path the site must be told its address.
    env = {"SITE_URL": host + prefix} if prefix != "/" else {}
    build = build_site(ROOT, site, env_extra=env)
    assert build.returncode == 0, build.log
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        failed: list[str] = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.request.resource_type != "document"
                else None)
        response = page.goto(f"{host}{prefix}findes/ikke/her")
        assert response is not None and response.status == 404
        expect(page.locator("h1").first).to_have_text("Siden findes ikke")
        # Styled: Material's stylesheet loaded and applied (the header is the indigo of the palette).
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") \
            == "rgb(64, 81, 181)"
        # Without SITE_URL there is no sitemap; Material then only skips instant navigation.
        assert failed == ([] if env else [f"{host}/sitemap.xml"])
        page.locator("article a", has_text="forsiden").click()
        expect(page.locator("article h1").first).to_contain_text("Velkommen til SuperOffice CRM")
        assert page.url == f"{host}{prefix}"
    finally:
        context.close()
        httpd.shutdown()


# -- accessibility and looks -----------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", GETTING_STARTED, "da/admin/license/user-plans/", EXPLORER])
def test_axe_reports_no_violations(page: Page, path: str, scheme: str) -> None:
    if not AXE.exists():
        if os.environ.get("CI"):
            raise RuntimeError("axe-core is missing: .ci/run must run 'npm ci'")
        pytest.skip("axe-core not installed (npm ci)")
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(f"{path}?sales=essential&service=premium" if path == EXPLORER else path)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 812)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_and_no_sideways_scroll_on_a_phone(browser: Browser, base_url: str, width: int, height: int,
                                                       scheme: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height},
                                  color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{EXPLORER}?sales=premium&service=essential")
    expect(page.get_by_test_id("plan-name")).to_be_visible()
    page.screenshot(path=str(SHOTS / f"explorer-{width}-{scheme}.png"), full_page=False)
    page.locator(".so-explorer__result").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"explorer-result-{width}-{scheme}.png"))
    # The page itself never scrolls sideways; wide tables scroll inside their own region.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.goto(GETTING_STARTED)
    page.locator("#so-step-login").check()
    page.locator("#so-checklist").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"checklist-{width}-{scheme}.png"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


def test_scripts_stay_small() -> None:
    import gzip
    for name in ("plan-explorer.js", "onboarding.js"):
        raw = (ROOT / "content/assets/javascripts" / name).read_bytes()
        assert len(gzip.compress(raw)) < 6_000, name
        assert not re.search(rb"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", raw), name
