"""The coaching page in headless Chromium: a manager records a session with an action item, then ticks it
done in place (HTMX, no page load)."""

from __future__ import annotations

from contextlib import closing
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, expect

from repfocus.services import coaching
from tests.e2e.conftest import World, signed_in

pytestmark = pytest.mark.browser


def test_a_manager_records_a_session_and_ticks_its_action_done(
    world_server: tuple[str, World], browser: Browser
) -> None:
    base, world = world_server
    due = (date.today() + timedelta(days=7)).isoformat()
    with closing(browser.new_context()) as context:
        page = context.new_page()
        errors = signed_in(page, base, world.emails["manager"])

        page.goto(f"{base}/coaching")
        page.click("#coaching-reps a:has-text('Ada REP')")
        form = page.locator("#record-session")
        form.locator("select[name=focus]").select_option("competencies")
        form.locator("select[name=persona]").select_option("it_hiring_manager")
        form.locator("textarea[name=note]").fill("Practised the opener for IT hiring managers.")
        form.locator("input[name=action_text_0]").fill("Call 10 IT hiring managers")
        form.locator("input[name=action_due_0]").fill(due)
        form.locator("button[type=submit]").click()
        expect(page.locator("[role=status]")).to_have_text("Session recorded.")

        item = page.locator(".coaching-action", has_text="Call 10 IT hiring managers")
        expect(item).to_be_visible()
        page.evaluate("window.notReloaded = true")
        item.locator("button:has-text('Mark done')").click()
        expect(page.locator(".coaching-action.done")).to_contain_text("done")
        expect(page.locator(".coaching-action.done button")).to_have_text("Open again")
        assert page.evaluate("window.notReloaded === true")  # swapped in place by HTMX
    assert errors == []
    [session] = coaching.list_sessions(world.db, actor=None)
    assert (session.focus, session.coach_email) == ("competencies", "manager@example.com")
    assert [(a.text, a.done) for a in session.actions] == [("Call 10 IT hiring managers", True)]
