"""Mutual action plans in headless Chromium: a rep creates a plan, adds a customer milestone, creates a share
link; the customer opens it signed out and marks their milestone done; no script errors under the CSP."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, expect

from repfocus.services import plans
from repfocus.store.models import JobOrder
from tests.e2e.conftest import World, signed_in
from tests.factories import make_account

pytestmark = pytest.mark.browser


def test_a_plan_is_shared_and_the_customer_marks_their_milestone_done(
    world_server: tuple[str, World], browser: Browser, tmp_path: Path
) -> None:
    base, world = world_server
    day = datetime.now(ZoneInfo("America/Chicago")).date()
    with world.db.session() as s:
        globex = make_account(s, name="Globex")
        job = JobOrder(
            rep_id=world.ids["rep"],
            account_id=globex.id,
            title="Java devs",
            job_type="contract",
            opened_on=day,
        )
        s.add(job)
        s.commit()
        job_id = job.id
    today = day.isoformat()
    with closing(browser.new_context()) as context:
        page = context.new_page()
        errors = signed_in(page, base, world.emails["rep"])
        page.goto(f"{base}/plans")
        page.locator("#new-plan").click()
        form = page.locator("#new-plan-form")
        form.locator("select[name=account_id]").select_option(label="Globex")
        jobs = form.locator("select[name=job_order_id] option")
        expect(jobs).to_have_count(2)  # "None" and the account's job order, fetched with HTMX
        form.locator("select[name=job_order_id]").select_option(str(job_id))
        form.locator("input[name=title]").fill("Java team")
        form.locator("input[name=goal]").fill("First 3 Java contractors start by 15 March")
        form.locator("button[type=submit]").click()
        page.wait_for_url("**/plans/*")
        add = page.locator("#add-milestone")
        add.locator("input[name=title]").fill("Sign the statement of work")
        add.locator("select[name=side]").select_option("customer")
        add.locator("input[name=due_date]").fill(today)
        add.locator("input[name=owner_name]").fill("Dana")
        add.locator("button[type=submit]").click()
        row = page.locator("#milestone-table tbody tr.milestone")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Dana")
        row.locator("select[name=status]").select_option("blocked")  # changed in place
        expect(row).to_have_class("milestone blocked")
        expect(page.locator("#plan-progress")).to_contain_text("0/1")
        page.reload()
        expect(page.locator("#milestone-table select[name=status]")).to_have_value("blocked")
        expect(page.locator("h1 + p")).to_contain_text("Java devs")
        page.locator("#milestone-table select[name=status]").select_option("open")
        expect(row).to_have_class("milestone open")
        page.locator("#create-share button[type=submit]").click()
        link = page.locator("#share-link").inner_text().strip()
        assert "/shared/plans/" in link
        page.screenshot(path=str(tmp_path / "plan.png"), full_page=True)
    assert errors == []

    with closing(browser.new_context()) as customer:  # signed out: a fresh browser profile
        page = customer.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(link)
        expect(page.locator("h1")).to_contain_text("Java team")
        expect(page.locator("#nav")).to_have_count(0)
        page.locator("#milestone-table button", has_text="Mark done").click()
        expect(page.locator("[role=status]")).to_contain_text("marked done")
        expect(page.locator("#milestone-table tbody tr")).to_contain_text("done")
        expect(page.locator("#milestone-table button")).to_have_count(0)
        page.screenshot(path=str(tmp_path / "shared.png"), full_page=True)
    assert errors == []
    [plan] = plans.list_plans(world.db, actor=None)
    assert (plan.progress.done, plan.progress.total) == (1, 1)
