"""The dashboard and a rep page in headless Chromium (Debian's, driven by Playwright), fully offline.

Every response gets a strict Content-Security-Policy, so an inline script or style would show up as a
console error; every request that is not for 127.0.0.1 is blocked and fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Error, Page, Route, expect

from repfocus.services import demo, users
from repfocus.store.db import Database
from tests.conftest import ROOT
from tests.e2e.conftest import build_app, served

pytestmark = pytest.mark.browser

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SCREENSHOT = ROOT / "docs" / "screenshot-dashboard.png"


@dataclass(frozen=True)
class Server:
    base: str
    email: str
    password: str


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Serve the app over the demo organization on a free 127.0.0.1 port, in a thread."""
    path = tmp_path_factory.mktemp("browser") / "repfocus.db"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    demo.load_demo(db, seed=7)
    sign_in = users.ensure_demo_sign_in(db)
    assert sign_in is not None
    try:
        with served(build_app(db)) as base:
            yield Server(base, *sign_in)
    finally:
        db.dispose()


class Guard:
    """Adds the CSP to every local response, blocks every other request, and collects console errors."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.blocked: list[str] = []
        self.errors: list[str] = []

    def route(self, route: Route) -> None:
        if not route.request.url.startswith(self.base + "/"):
            self.blocked.append(route.request.url)
            route.abort()
            return
        try:
            response = route.fetch(max_redirects=0)  # let the browser see and follow redirects
            route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})
        except Error:  # the page navigated on while this request was in flight; nothing to deliver
            pass

    def watch(self, page: Page) -> Page:
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        return page

    def assert_clean(self) -> None:
        assert self.blocked == [], f"requests left 127.0.0.1: {self.blocked}"
        assert self.errors == [], f"console errors (CSP violations included): {self.errors}"


@pytest.fixture
def guard(live_server: Server) -> Guard:
    return Guard(live_server.base)


def _signed_in(browser: Browser, guard: Guard, server: Server, **options: Any) -> tuple[BrowserContext, Page]:
    """Open a browser context with the guard on it and sign in as the demo leader through the form."""
    context = browser.new_context(**options)
    context.route("**/*", guard.route)
    page = guard.watch(context.new_page())
    page.goto(server.base + "/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    page.get_by_label("Email").fill(server.email)
    page.get_by_label("Password").fill(server.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(server.base + "/")
    page.wait_for_load_state()
    return context, page


def _column(page: Page, index: int) -> list[str]:
    return page.locator(f"#allocation-table tbody tr > :nth-child({index})").all_inner_texts()


def _percent(texts: list[str]) -> list[int]:
    return [int(re.sub(r"\D", "", t)) for t in texts]


def test_dashboard_draws_the_chart_sorts_the_table_and_stays_on_localhost(
    browser: Browser, live_server: Server, guard: Guard
) -> None:
    context, page = _signed_in(browser, guard, live_server, viewport={"width": 1280, "height": 900})
    expect(page.locator("#allocation-table tbody tr")).to_have_count(24)
    chart = page.evaluate(
        """() => {
          const c = Chart.getChart("allocation-chart");
          const canvas = document.getElementById("allocation-chart");
          const px = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < px.length; i += 4) if (px[i] > 0) painted++;
          return {labels: c.data.labels.length, datasets: c.data.datasets.length,
                  animated: c.options.animation !== false, height: canvas.clientHeight, painted};
        }"""
    )
    assert chart["labels"] == 24 and chart["datasets"] == 8  # 7 buckets + the target markers
    assert not chart["animated"]
    assert chart["height"] > 200 and chart["painted"] > 10_000
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOT, full_page=True)

    page.locator('#allocation-table thead a[data-sort="selling"]').click()
    expect(page.locator('th[aria-sort="ascending"]')).to_have_text(re.compile("Selling"))
    ascending = _percent(_column(page, 4))
    assert ascending == sorted(ascending) and len(set(ascending)) > 1
    page.locator('#allocation-table thead a[data-sort="selling"]').click()
    expect(page.locator('th[aria-sort="descending"]')).to_have_text(re.compile("Selling"))
    assert _percent(_column(page, 4)) == sorted(ascending, reverse=True)
    # the chart follows the table's order
    page.wait_for_load_state()
    first = page.locator("#allocation-table tbody th").first.inner_text()
    assert page.evaluate('() => Chart.getChart("allocation-chart").data.labels[0]') == first
    context.close()
    guard.assert_clean()


def test_rep_page_draws_the_weekly_trend_and_lists_the_weeks_activities(
    browser: Browser, live_server: Server, guard: Guard
) -> None:
    context, page = _signed_in(browser, guard, live_server, viewport={"width": 1280, "height": 900})
    page.locator("#allocation-table tbody th a").first.click()
    expect(page).to_have_url(re.compile(r"/reps/\d+$"))
    page.wait_for_load_state()
    labels = page.evaluate('() => Chart.getChart("trend-chart").data.labels.length')
    assert labels == 13
    week = page.locator("#week h2").inner_text()
    page.locator('a[rel="prev"]').click()
    expect(page).to_have_url(re.compile(r"week=\d{4}-\d{2}-\d{2}"))
    assert page.locator("#week h2").inner_text() != week
    expect(page.locator("#activities-table tbody tr").first).to_be_visible()
    context.close()
    guard.assert_clean()


def test_on_a_phone_the_page_never_scrolls_sideways_and_the_menu_opens(
    browser: Browser, live_server: Server, guard: Guard
) -> None:
    phone = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
    context, page = _signed_in(browser, guard, live_server, **phone, device_scale_factor=2)
    rep = page.locator("#allocation-table tbody th a").first.get_attribute("href")
    for path in ("/", "/reps", rep, "/diagnosis", "/tokens", "/audit"):
        page.goto(f"{live_server.base}{path}")
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} overflows the phone screen by {overflow}px"
    page.goto(live_server.base + "/")
    wrap = page.evaluate(
        '() => { const w = document.querySelector(".table-wrap"); return w.scrollWidth > w.clientWidth; }'
    )
    assert wrap, "the wide table should scroll inside its box"
    nav = page.locator("#nav")
    expect(nav).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(nav).to_be_visible()
    expect(page.get_by_role("link", name="Diagnosis")).to_be_visible()
    context.close()
    guard.assert_clean()
