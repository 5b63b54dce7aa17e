"""The incentives page in headless Chromium: a leader adds a plan from the form and reads the payout it
pays a rep, then downloads the payout table."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from repfocus.services import incentives
from repfocus.store.db import Database
from tests.e2e.conftest import PASSWORD, World, build_app, build_world, served

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


@pytest.fixture
def incentives_server(sqlite_db: Database) -> Iterator[tuple[str, World]]:
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        pytest.skip("Chromium not installed (make system-deps)")
    world = build_world(sqlite_db)
    with served(build_app(sqlite_db)) as base:
        yield base, world


def test_a_leader_adds_a_plan_and_sees_the_payout_it_makes(
    incentives_server: tuple[str, World], browser: Browser, tmp_path: Path
) -> None:
    base, world = incentives_server
    with closing(browser.new_context(accept_downloads=True)) as context:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{base}/login")
        page.fill("input[name=email]", world.emails["leader"])
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)

        page.goto(f"{base}/incentives")
        form = page.locator("#add-plan")
        form.locator("input[name=name]").fill("November calls")
        form.locator("input[name=valid_from]").fill("2026-11-01")
        form.locator("input[name=valid_to]").fill("2026-11-30")
        form.locator("select[name=teams]").select_option("Team A")
        form.locator("select[name=rule_category_0]").select_option("prospecting_call")
        form.locator("input[name=rule_per_event_0]").fill("7.50")
        form.locator("button[type=submit]").click()
        expect(page.locator("[role=status]")).to_have_text("Plan added.")
        expect(page.locator("#plans")).to_contain_text("Team A")

        page.goto(f"{base}/incentives?from=2026-11-01&to=2026-11-30")
        row = page.locator('#payouts tr[data-rep="rep@example.com"]')
        expect(row).to_contain_text("1 × 7.50")
        expect(page.locator('#payouts tr[data-total="rep@example.com"]')).to_contain_text("7.50 USD")
        expect(page.locator('#payouts tr[data-rep="other.rep@example.com"]')).to_have_count(0)
        with page.expect_download() as download:
            page.click("#payouts-csv")
        saved = tmp_path / "payouts.csv"
        download.value.save_as(saved)
        assert "rep@example.com" in saved.read_text(encoding="utf-8")
    assert errors == []
    [plan] = incentives.list_plans(world.db, actor=None)
    assert (plan.plan.name, plan.teams) == ("November calls", ("Team A",))
