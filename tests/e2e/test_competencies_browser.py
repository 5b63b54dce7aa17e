"""The competency page in headless Chromium: a manager rates a competency and assigns training; the rep
signs in and marks the training done in place (HTMX, no page load)."""

from __future__ import annotations

from contextlib import closing
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, expect

from repfocus.services import competencies, training
from tests.e2e.conftest import World, signed_in

pytestmark = pytest.mark.browser


def test_a_manager_rates_and_assigns_training_and_the_rep_completes_it(
    world_server: tuple[str, World], browser: Browser
) -> None:
    base, world = world_server
    due = (date.today() + timedelta(days=7)).isoformat()
    with closing(browser.new_context()) as context:
        page = context.new_page()
        errors = signed_in(page, base, world.emails["manager"])
        page.goto(f"{base}/coaching/competencies")
        page.click("#competency-reps a:has-text('Ada REP')")
        rate = page.locator("#rate-competency")
        rate.locator("select[name=competency]").select_option("talking_money")
        rate.locator("select[name=score]").select_option("2")
        rate.locator("input[name=evidence]").fill("Dropped the rate at the first push.")
        rate.locator("button[type=submit]").click()
        expect(page.locator("[role=status]")).to_have_text("Rating added.")
        row = page.locator("tr[data-competency=talking_money]")
        expect(row.locator(".dot.on")).to_have_count(2)
        expect(row).to_contain_text("needs training")

        assign = page.locator("#assign-training")
        assign.locator("input[name=title]").fill("Role-play the rate push")
        assign.locator("select[name=competency]").select_option("talking_money")
        assign.locator("input[name=due_on]").fill(due)
        assign.locator("button[type=submit]").click()
        expect(page.locator("[role=status]")).to_have_text("Training assigned.")
        expect(page.locator(".training", has_text="Role-play the rate push")).to_be_visible()
    assert errors == []

    with closing(browser.new_context()) as context:
        page = context.new_page()
        errors = signed_in(page, base, world.emails["rep"])
        page.goto(f"{base}/coaching/competencies/{world.emails['rep']}")
        expect(page.locator("#rate-competency")).to_have_count(0)
        item = page.locator(".training", has_text="Role-play the rate push")
        page.evaluate("window.notReloaded = true")
        item.locator("input[name=note]").fill("Practised with Max twice.")
        item.locator("button:has-text('Mark done')").click()
        expect(page.locator(".training.done")).to_contain_text("Practised with Max twice.")
        assert page.evaluate("window.notReloaded === true")  # swapped in place by HTMX
    assert errors == []
    [rating] = competencies.list_ratings(world.db, actor=None)
    assert (rating.competency, rating.score, rating.rated_by_email) == (
        "talking_money",
        2,
        "manager@example.com",
    )
    [done] = training.list_training(world.db, actor=None)
    assert (done.status, done.note, done.assigned_by_email) == (
        "done",
        "Practised with Max twice.",
        "manager@example.com",
    )
