"""The interactive parts in a real browser: Playwright driving Debian's Chromium against the built site
served on 127.0.0.1. Never a downloaded browser; CI installs Debian's `chromium` (.ci/run)."""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
import time
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

from playwright.sync_api import Browser, Page, Route, expect, sync_playwright  # noqa: E402

EXPLORER = "da/admin/license/plan-explorer/"
EXPLORER_EN = "en/admin/license/plan-explorer/"
GETTING_STARTED = "da/learn/getting-started/"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site, built for the address it is served at: Material's instant navigation only
    intercepts links to pages its sitemap lists, and the sitemap carries site_url."""
    yield from _built_and_served(ROOT, tmp_path_factory.mktemp("browser-site"))


def _built_and_served(project: Path, site: Path) -> Iterator[str]:
    """``project`` built into ``site`` for the address it is then served at on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    build = build_site(project, site, env_extra={"SITE_URL": url})
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
    # What only the script can work is not offered: no progress that never moves, no button that does nothing.
    expect(page.locator("#so-checklist .so-progress")).to_be_hidden()
    expect(page.get_by_role("button", name="Nulstil mine trin")).to_be_hidden()
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


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 812)])
def test_checklist_is_on_the_first_screen(browser: Browser, base_url: str, width: int, height: int) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(GETTING_STARTED)
    expect(page.locator("#so-checklist .so-progress__text")).to_have_text("0 af 5 trin")
    for locator in (page.locator("#so-checklist progress"), page.locator("#so-checklist li").last):
        box = locator.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, (width, box)
    context.close()


def test_premium_adds_one_feature_in_the_singular(page: Page) -> None:
    page.goto(f"{EXPLORER}?marketing=essential")
    data = plans()
    extra = set(data.plan_features(data.plan("marketing", "premium"))) - set(
        data.choice_features({"marketing": "essential"}))
    assert len(extra) == 1  # the data: Premium adds marketing automation only
    expect(page.locator(".so-explorer__upgrade h3")).to_have_text(["Marketing-Premium tilføjer 1 funktion"])
    page.locator("#so-finder-input").fill("marketing automation")
    expect(page.locator("#so-finder-count")).to_have_text("1 funktion fundet")
    page.locator("#so-finder-input").fill("salg")
    expect(page.locator("#so-finder-count")).to_have_text(re.compile(r"^\d+ funktioner fundet$"))


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

def _search(page: Page, query: str) -> list[str]:
    """Open the search with its key, type ``query`` as a reader does, and return the result pages' addresses."""
    page.keyboard.press("/")
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.type(query, delay=30)
    expect(page.locator(f'.md-search-result__list[data-query="{query}"]')).to_be_attached(timeout=15_000)
    return [a.get_attribute("href") or "" for a in page.locator(".md-search-result__item > a:first-child").all()]


def test_search_finds_danish_pages_with_danish_stemming_and_loads_no_lunr(page: Page) -> None:
    """Pagefind's Danish index answers Material's search box; nothing of Material's lunr search is loaded."""
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto("")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "/pagefind/" in u]  # nothing of the index before the reader searches
    # "brugerplanen" is written on no page; the Danish stemmer finds "brugerplaner" and "brugerplan".
    assert _search(page, "brugerplanen")[0].endswith("/da/admin/license/user-plans/")
    assert "Brugerplaner" in page.locator(".md-search-result").inner_text()
    assert not [u for u in requests if "search_index" in u or "/lunr/" in u or "workers/search" in u]
    assert any("/pagefind/wasm.da.pagefind" in u for u in requests)


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
        # Styled: the stylesheets loaded and applied (the header is the brand navy, #0b3b60).
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") \
            == "rgb(11, 59, 96)"
        # Without SITE_URL there is no sitemap; Material then only skips instant navigation.
        assert failed == ([] if env else [f"{host}/sitemap.xml"])
        page.locator("article a", has_text="forsiden").click()
        expect(page.locator("article h1").first).to_contain_text("Velkommen til SuperOffice CRM")
        assert page.url == f"{host}{prefix}"
        # The page says "brug søgefeltet øverst": the search works there too, and leads into the site's path.
        page.goto(f"{host}{prefix}findes/ikke/her")
        assert _search(page, "adgangskode")[0] == f"{prefix}da/learn/getting-started/login/"
        assert set(failed) == (set() if env else {f"{host}/sitemap.xml"})
    finally:
        context.close()
        httpd.shutdown()


# -- search ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["salg", "udvalg"])
def test_search_finds_the_onboarding_and_plan_pages_first_in_readable_text(page: Page, query: str) -> None:
    page.goto("")
    top = _search(page, query)[:3]
    assert all(re.search(r"/da/(learn/getting-started|admin/license)/", href) for href in top), top
    if query == "salg":  # the getting-started page and the plan page, as with Material's lunr index
        assert {"/da/learn/getting-started/", "/da/admin/license/user-plans/"} <= set(top), top
    texts = " ".join(page.locator(".md-search-result__list").all_inner_texts())
    assert "✓" not in texts and "Ikke inkluderet" not in texts
    assert "¶" not in texts


def test_search_for_a_term_finds_the_page_that_explains_it_first(page: Page) -> None:
    page.goto(EXPLORER)
    assert _search(page, "flerplansbruger")[0].endswith("/da/admin/license/user-plans/")
    # Material's result layout: the page, then its best-matching section with the words marked.
    first = page.locator(".md-search-result__item").first
    expect(first.locator("a > article > h1")).to_have_text("SuperOffice brugerplaner og abonnementer")
    expect(first.locator("a > article > h2").first).to_have_text("Brugere med flere planer")
    expect(first.locator("mark").first).to_have_text(re.compile("flerplansbruger", re.I))


def test_search_keyboard_opens_moves_and_opens_a_result_as_materials_does(page: Page) -> None:
    page.goto("")
    toggle = page.locator("#__search")
    hrefs = _search(page, "adgangskode")
    assert hrefs and hrefs[0].endswith("/da/learn/getting-started/login/")
    assert toggle.is_checked()
    page.keyboard.press("ArrowDown")  # to the first result, then the next link, and back up to the box
    expect(page.locator(".md-search-result__link").first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".md-search-result__link").nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.press("Escape")
    assert not toggle.is_checked()
    page.keyboard.press("s")  # "s" opens it too, with the query kept and selected
    expect(page.locator("input.md-search__input")).to_be_focused()
    assert toggle.is_checked()
    page.keyboard.press("End")
    page.keyboard.press("Enter")  # Enter opens the best result
    expect(page).to_have_url(re.compile(r"/da/learn/getting-started/login/$"))
    expect(page.locator("article h1").first).to_contain_text("Log ind")
    assert not toggle.is_checked()


# -- accessibility and looks -----------------------------------------------------------------------

FIRST_STEPS = [f"{GETTING_STARTED}{p}/" for p in ("login", "preferences", "connect-email-doc", "main-screen",
                                                  "main-screen/navigator")]


ENGLISH = ["en/", "en/learn/getting-started/", "en/admin/license/user-plans/", EXPLORER_EN,
           *[p.replace("da/", "en/", 1) for p in FIRST_STEPS]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", GETTING_STARTED, "da/admin/license/user-plans/", EXPLORER, *FIRST_STEPS,
                                  *ENGLISH])
def test_axe_reports_no_violations(page: Page, path: str, scheme: str) -> None:
    if not AXE.exists():
        if os.environ.get("CI"):
            raise RuntimeError("axe-core is missing: .ci/run must run 'npm ci'")
        pytest.skip("axe-core not installed (npm ci)")
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(f"{path}?sales=essential&service=premium" if path in (EXPLORER, EXPLORER_EN) else path)
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


# -- plan tables: fit, scroll, borders, sticky headers -------------------------------------------------

TABLES = [("da/admin/license/user-plans/", "#so-matrix"), (EXPLORER, "#so-matrix"), (EXPLORER, "#so-compare")]


NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def region(page: Page, table: str) -> Any:
    return page.locator(f".so-table-scroll:has({table})")


@pytest.mark.parametrize(("path", "table"), TABLES)
def test_tables_fit_a_desktop_column_with_visible_borders(browser: Browser, base_url: str, path: str,
                                                          table: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(path)
    box = region(page, table)
    fits = box.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    article = page.locator("article").bounding_box()
    right = page.locator(table).bounding_box()
    assert fits and article and right and right["x"] + right["width"] <= article["x"] + article["width"] + 1
    expect(page.locator(f".so-table-wrap:has({table}) .so-scroll-hint")).to_be_hidden()
    cell = page.locator(f"{table} tbody td").first
    assert cell.evaluate("el => parseFloat(getComputedStyle(el).borderRightWidth)") >= 1
    assert cell.evaluate("el => getComputedStyle(el).borderRightStyle") == "solid"
    context.close()


@pytest.mark.parametrize(("path", "table"), TABLES)
def test_tables_scroll_on_a_phone_with_header_row_and_first_column_held(browser: Browser, base_url: str, path: str,
                                                                         table: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(path)
    box = region(page, table)
    box.scroll_into_view_if_needed()
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # it must scroll here …
    expect(page.locator(f".so-table-wrap:has({table}) .so-scroll-hint")).to_be_visible()  # … and says so
    assert "gradient" in box.evaluate("el => getComputedStyle(el).backgroundImage")  # the edge shadow
    # The wrapper is laid out only near the viewport (content-visibility): a reader scrolls the table once it
    # is drawn, not in the frame it comes into view, so the test waits for two frames as well.
    box.evaluate(NEXT_FRAMES)
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; el.scrollTop = el.scrollHeight; }")
    box.evaluate(NEXT_FRAMES)
    # One snapshot of the three boxes: measured apart, a page that still moves would skew the comparison.
    frame, head, first = box.evaluate("""el => [
        el, el.querySelector('thead tr').lastElementChild,  // a column name, scrolled to
        el.querySelector('tbody:last-of-type tr:last-child th'),  // a row name
    ].map(n => { const r = n.getBoundingClientRect(); return {x: r.x, y: r.y}; })""")
    assert abs(head["y"] - frame["y"]) < 3, "the header row scrolled away"
    assert abs(first["x"] - frame["x"]) < 3, "the first column scrolled away"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


# -- layout shift, done steps and dark mode ------------------------------------------------------------

LAYOUT_SHIFT = """
  window.__cls = 0;
  window.__articleShift = 0;
  const inArticle = source => {
    const node = source.node && (source.node.nodeType === 1 ? source.node : source.node.parentElement);
    return Boolean(node && node.closest('article'));
  };
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      window.__cls += e.value;
      if (e.sources.some(inArticle)) window.__articleShift += e.value;
    }
  }).observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 812)])
@pytest.mark.parametrize("path", ["", GETTING_STARTED, "da/admin/license/user-plans/", EXPLORER,
                                  f"{EXPLORER}?sales=premium&service=essential", *FIRST_STEPS])
def test_pages_do_not_shift_as_they_load(browser: Browser, base_url: str, path: str, width: int,
                                         height: int) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFT)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__cls") <= 0.02
    context.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 812)])
@pytest.mark.parametrize("path", ["", GETTING_STARTED, EXPLORER])
def test_pages_do_not_shift_when_their_scripts_arrive_late(browser: Browser, base_url: str, path: str, width: int,
                                                           height: int) -> None:
    # On a slow line (or a busy machine) the page is painted before its own scripts have arrived: what they
    # draw must already have its room, or the page jumps under the reader.
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFT)

    def late(route: Route) -> None:
        time.sleep(0.4)  # the browser paints meanwhile: the handler holds only this response
        route.continue_()

    page.route(re.compile(r"/assets/javascripts/(onboarding|plan-explorer)\.js"), late)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__cls") <= 0.02
    # Stricter than the page's budget: the article itself does not move at all (the theme's header may,
    # by a few thousandths, as its language menu settles).
    assert page.evaluate("window.__articleShift") < 0.001
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_ticked_steps_look_done_and_the_empty_bar_looks_empty(browser: Browser, base_url: str, scheme: str) -> None:
    context = browser.new_context(base_url=base_url, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(GETTING_STARTED)
    link = page.locator('#so-checklist a[data-step="login"]')
    assert "line-through" not in link.evaluate("el => getComputedStyle(el).textDecorationLine")
    track = page.evaluate("""() => {
        const c = getComputedStyle(document.querySelector('#so-checklist progress')).backgroundColor;
        const [r, g, b] = c.match(/\\d+/g).map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    }""")
    page_bg = page.evaluate("""() => {
        const c = getComputedStyle(document.body).backgroundColor;
        const [r, g, b] = c.match(/\\d+/g).map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    }""")
    # Empty means "like the page": a dark track on the dark page, a light one on the light page.
    assert abs(track - page_bg) < 0.2, (track, page_bg)
    page.locator("#so-step-login").check()
    assert "line-through" in link.evaluate("el => getComputedStyle(el).textDecorationLine")
    expect(page.locator("#so-checklist li").first).to_have_class(re.compile("so-checklist__item--done"))
    context.close()


def test_scripts_stay_small() -> None:
    import gzip
    for name in ("plan-explorer.js", "onboarding.js"):
        raw = (ROOT / "content/assets/javascripts" / name).read_bytes()
        assert len(gzip.compress(raw)) < 6_000, name
        assert not re.search(rb"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", raw), name


# -- DocFX YAML pages (the fixture site of tests/test_yaml_pages.py) -------------------------------------------

YAML_FIXTURE = ROOT / "tests" / "fixtures" / "yaml_pages"
TUTORIAL = "tutorial/start/"


@pytest.fixture(scope="module")
def yaml_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _built_and_served(YAML_FIXTURE, tmp_path_factory.mktemp("yaml-pages-browser"))


@pytest.fixture
def yaml_page(browser: Browser, yaml_site_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=yaml_site_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: errors.append(f"third-party request {req.url}")
            if not req.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    yield page
    context.close()
    assert errors == []


def test_tutorial_steps_are_ticked_off_and_remembered(yaml_page: Page) -> None:
    page = yaml_page
    page.goto(TUTORIAL)
    status = page.locator(".so-tutorial__status")
    expect(status).to_have_text("0 af 2 trin")
    boxes = page.get_by_role("checkbox", name="Jeg har gjort dette trin")
    expect(boxes).to_have_count(2)
    boxes.nth(1).check()
    expect(status).to_have_text("1 af 2 trin")
    expect(page.locator("#step-2")).to_have_class(re.compile(r"\bso-tutorial__step--done\b"))
    expect(page.locator("#step-1")).not_to_have_class(re.compile(r"\bso-tutorial__step--done\b"))
    page.reload()
    expect(status).to_have_text("1 af 2 trin")
    expect(boxes.nth(1)).to_be_checked()
    page.get_by_role("button", name="Begynd forfra").click()
    expect(status).to_have_text("0 af 2 trin")
    expect(boxes.nth(1)).not_to_be_checked()


def test_tutorial_works_when_storage_is_blocked(browser: Browser, yaml_site_url: str) -> None:
    context = browser.new_context(base_url=yaml_site_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{exc} {exc.stack or ''}"))
    page.add_init_script("""
        Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError'); }});
    """)
    page.goto(TUTORIAL)
    page.get_by_role("checkbox", name="Jeg har gjort dette trin").first.check()
    expect(page.locator(".so-tutorial__status")).to_have_text("1 af 2 trin")
    assert [e for e in errors if "yaml-pages.js" in e] == []
    context.close()


@pytest.mark.parametrize("path", ["hub/", "hub/overview/", TUTORIAL, "ref/Fix.Widget/"])
def test_axe_reports_no_violations_on_yaml_pages(yaml_page: Page, path: str) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core not installed (npm ci)")
    yaml_page.goto(path)
    yaml_page.wait_for_load_state("networkidle")
    yaml_page.add_script_tag(path=str(AXE))
    result = yaml_page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []


def test_yaml_pages_script_stays_small() -> None:
    import gzip
    raw = (ROOT / "sodocs/docfx/assets/yaml-pages.js").read_bytes()
    assert len(gzip.compress(raw)) < 4_000
    assert not re.search(rb"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", raw)


# -- search per language ---------------------------------------------------------------------------------

_BILINGUAL_YML = """site_name: Test
docs_dir: content
theme:
  name: material
  language: da
  font: false
plugins:
  - search
  - sodocs
hooks:
  - hooks.py
"""
# The English pages say so in <html lang>, which is all Pagefind keys its indexes on.
_BILINGUAL_HOOK = '''
def on_post_page(output, page, config):
    if page.file.src_uri.startswith("en/"):
        return output.replace('<html lang="da"', '<html lang="en"', 1)
    return output
'''
_BILINGUAL = {
    "mkdocs.yml": _BILINGUAL_YML,
    "hooks.py": _BILINGUAL_HOOK,
    "content/index.md": "# Forside\n\nSe [dansk](da/plans.md) og [English](en/plans.md).\n",
    "content/da/plans.md": "# Planer i SuperOffice\n\nPlanerne sælges månedligt. Hver plan har sine funktioner.\n\n"
                           "## Mærkelig tekst\n\nTeksten `<img src=x onerror=\"window.__hacked=1\">` står her "
                           "som tekst & intet andet.\n",
    "content/en/plans.md": "# Plans in SuperOffice\n\nThe plans are billed monthly. Each plan has its features.\n",
}


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.helpers import write_tree

    root = tmp_path_factory.mktemp("bilingual")
    project = write_tree(root / "project", _BILINGUAL)
    site = root / "site"
    build = build_site(project, site, env_extra={"SITE_URL": "http://127.0.0.1/"})
    assert build.returncode == 0, build.log
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.mark.parametrize(("path", "query", "found"), [
    ("da/plans/", "superoffice", "/da/plans/"),  # on both pages: each language lists only its own
    ("en/plans/", "superoffice", "/en/plans/"),
    ("da/plans/", "plan", "/da/plans/"),  # Danish stemming: "planerne" and "plan" are one word
    ("en/plans/", "plan", "/en/plans/"),  # English stemming: "plans"
])
def test_search_answers_in_the_language_of_the_page(browser: Browser, bilingual: str, path: str, query: str,
                                                    found: str) -> None:
    page = browser.new_page(base_url=bilingual)
    try:
        page.goto(path)
        assert _search(page, query) == [found]
        marks = page.locator(".md-search-result__list mark").all_inner_texts()
        if query == "plan" and path.startswith("da/"):
            assert {m.lower().strip(".") for m in marks} >= {"planer", "planerne", "plan"}
        if query == "plan" and path.startswith("en/"):
            assert {m.lower().strip(".") for m in marks} >= {"plans", "plan"}
    finally:
        page.close()


def test_search_results_show_page_text_as_text(browser: Browser, bilingual: str) -> None:
    """A page's text that looks like HTML reaches the result list as text, never as markup."""
    page = browser.new_page(base_url=bilingual)
    try:
        page.goto("da/plans/")
        assert _search(page, "onerror") == ["/da/plans/"]
        result = page.locator(".md-search-result__list")
        expect(result).to_contain_text('<img src=x onerror="window.__hacked=1">')
        expect(result).to_contain_text("som tekst & intet andet")
        assert result.locator("img").count() == 0
        assert page.evaluate("window.__hacked") is None
    finally:
        page.close()


# -- the second language ----------------------------------------------------------------------------

def test_the_explorer_speaks_english_on_the_english_page(page: Page) -> None:
    diags = Diagnostics()
    english = load_plans((ROOT / "data/plans.yml").read_text(encoding="utf-8"), "data/plans.yml", diags, "en",
                         ("da", "en"))
    assert english is not None
    page.goto(EXPLORER_EN)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    choose(page, "sales", "premium")
    choose(page, "service", "essential")
    choice = {"sales": "premium", "service": "essential"}
    expect(page.get_by_test_id("plan-name")).to_have_text(english.sold_as(choice)[1])
    expected = sorted(english.features[f].label for f in english.choice_features(choice))
    assert sorted(shown_features(page)) == expected
    danish = {plans().features[f].label for f in plans().choice_features(choice)}
    assert len(set(expected) & danish) < len(expected) / 4, "the page shows the English labels, not the Danish"
    assert "Case management" in shown_features(page)
    expect(page.locator(".so-explorer__upgrade h3")).to_have_text(re.compile(r"^Service-\S+ adds \d+ features?$"))


def switch_to(page: Page, language: str) -> None:
    """Open the header's language menu and pick ``language``, as a reader does."""
    page.locator(".so-language .md-header__button").hover()
    page.locator(f'.so-language a[data-so-language="{language}"]').click()


def test_the_switcher_stays_on_the_page_through_instant_navigation_and_back(page: Page) -> None:
    page.goto(GETTING_STARTED)
    switch_to(page, "en")
    expect(page).to_have_url(re.compile(r"/en/learn/getting-started/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("article h1").first).to_contain_text("Introduction")
    # Instant navigation inside English keeps the header: the switcher must follow the page.
    page.locator(".md-nav a[href$='login/']").first.click()
    expect(page).to_have_url(re.compile(r"/en/learn/getting-started/login/$"))
    expect(page.locator('.so-language a[data-so-language="da"]')).to_have_attribute(
        "href", re.compile(r"da/learn/getting-started/login/$"))
    switch_to(page, "da")
    expect(page).to_have_url(re.compile(r"/da/learn/getting-started/login/$"))
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator("article h1").first).to_contain_text("Log ind")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/en/learn/getting-started/login/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


# -- a long navigation list (the fixture site of tests/test_navigation.py) --------------------------------------

@pytest.fixture(scope="module")
def long_nav_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.test_navigation import long_project
    project = long_project(tmp_path_factory, "long-nav-browser")
    yield from _built_and_served(project, project / "site")


def _report_list(page: Page) -> Any:
    return page.locator("nav.md-nav--primary nav.md-nav", has=page.locator(
        "> label.md-nav__title", has_text="Rapporter")).locator("> ul > li")


@pytest.mark.parametrize("by", ["click", "keyboard"])
def test_a_long_lists_more_link_shows_every_entry_in_place(browser: Browser, long_nav_url: str, by: str) -> None:
    from tests.test_navigation import LIMIT, REPORTS
    context = browser.new_context(base_url=long_nav_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("rapporter/r12/")
    items = _report_list(page)
    expect(items).to_have_count(LIMIT + 2)  # the window and a link before and after it
    more = page.get_by_role("link", name="Vis 10 sider nedenfor")
    if by == "click":
        more.click()
    else:
        more.focus()
        page.keyboard.press("Enter")
    expect(items).to_have_count(len(REPORTS))
    assert items.all_inner_texts() == [title for title, _src in REPORTS]
    assert page.url == long_nav_url + "rapporter/r12/"  # shown in place: the page stayed
    # Focus is on the first entry shown, so a keyboard user goes on from where the link was.
    assert page.evaluate("document.activeElement.textContent") == "Rapport 15"
    expect(page.locator("a.md-nav__link--active", has_text="Rapport 12")).to_have_count(1)
    # An entry shown so leads to its page, which has its own window (Material's instant navigation).
    page.get_by_role("link", name="Rapport 20").click()
    page.wait_for_url("**/rapporter/r20/")
    expect(items).to_have_count(LIMIT + 2)
    expect(page.locator("a.md-nav__link--active", has_text="Rapport 20")).to_have_count(1)
    page.get_by_role("link", name="Vis 17 sider ovenfor").click()
    expect(items).to_have_count(len(REPORTS))  # the links before and after the window both give way
    assert page.evaluate("document.activeElement.textContent") == "Rapport 00"
    context.close()
    assert errors == []


def test_without_javascript_a_long_lists_more_link_leads_to_the_next_page(browser: Browser,
                                                                          long_nav_url: str) -> None:
    context = browser.new_context(base_url=long_nav_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("rapporter/r12/")
    page.get_by_role("link", name="Vis 10 sider nedenfor").click()
    page.wait_for_url("**/rapporter/r15/")
    expect(page.get_by_role("link", name="Vis 7 sider nedenfor")).to_have_count(1)
    context.close()


def test_the_navigation_script_stays_small_and_writes_no_html() -> None:
    import gzip
    raw = (ROOT / "sodocs" / "site" / "assets" / "nav.js").read_bytes()
    assert len(gzip.compress(raw)) < 2_000
    assert not re.search(rb"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", raw)
