"""The incentives page in headless Chromium: a leader adds a plan from the form and reads the payout it
pays a rep, then downloads the payout table."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from repfocus.services import incentives
from tests.e2e.conftest import World, signed_in

pytestmark = pytest.mark.browser


def test_a_leader_adds_a_plan_and_sees_the_payout_it_makes(
    world_server: tuple[str, World], browser: Browser, tmp_path: Path
) -> None:
    base, world = world_server
    with closing(browser.new_context(accept_downloads=True)) as context:
        page = context.new_page()
        errors = signed_in(page, base, world.emails["leader"])

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
