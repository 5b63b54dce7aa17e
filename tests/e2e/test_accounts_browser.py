"""The account pages in headless Chromium: a leader searches the list, opens an account and sees its bars
and its plan; no script errors under the CSP."""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, expect

from repfocus.services import plan_edits
from repfocus.store.activities import insert_activities
from tests.e2e.conftest import World, signed_in
from tests.factories import make_account

pytestmark = pytest.mark.browser


def test_a_leader_finds_an_account_and_sees_its_time_bars_and_plans(
    world_server: tuple[str, World], browser: Browser, tmp_path: Path
) -> None:
    base, world = world_server
    zone = ZoneInfo("America/Chicago")
    yesterday = datetime.combine(datetime.now(zone).date() - timedelta(days=1), time(10), zone)
    with world.db.session() as s:
        globex = make_account(s, name="Globex", domain="globex.com", status="active_client")
        make_account(s, name="Initech", domain="initech.io")
        insert_activities(
            s,
            [
                {
                    "rep_id": world.ids["rep"],
                    "account_id": globex.id,
                    "started_at": yesterday.astimezone(UTC),
                    "duration_minutes": 90,
                    "kind": "meeting",
                    "category": "prospect_meeting",
                    "subject": "Globex QBR",
                    "source": "manual",
                    "external_id": "globex-qbr",
                }
            ],
        )
        s.commit()
        account_id = globex.id
    plan_edits.create_plan(
        world.db, actor=None, title="Java team", account_id=account_id, owner_email=world.emails["rep"]
    )
    with closing(browser.new_context()) as context:
        page = context.new_page()
        errors = signed_in(page, base, world.emails["leader"])
        page.locator("#nav a", has_text="Accounts").click()
        page.wait_for_url("**/accounts")
        expect(page.locator("#accounts tbody tr")).to_have_count(2)
        page.locator("#account-filters input[name=q]").fill("globex")
        page.locator("#account-filters button[type=submit]").click()
        expect(page.locator("#accounts tbody tr")).to_have_count(1)
        page.locator("#accounts a", has_text="Globex").click()
        page.wait_for_url(f"**/accounts/{account_id}?*")
        expect(page.locator("#account-name")).to_have_text("Globex")
        bars = page.locator("#account-time meter.time-bar")
        expect(bars).to_have_count(3)  # the selling bucket, its category, and the one rep
        expect(page.locator("#time-by-bucket tr.bucket")).to_contain_text("Selling")
        expect(page.locator("#account-activities")).to_contain_text("Globex QBR")
        page.screenshot(path=str(tmp_path / "account.png"), full_page=True)
        page.locator("#account-plans a", has_text="Java team").click()
        page.wait_for_url("**/plans/*")
        expect(page.locator("#plan-account")).to_have_text("Globex")
    assert errors == []
