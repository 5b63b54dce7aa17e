"""The coaching page in headless Chromium: a manager records a session with an action item, then ticks it
done in place (HTMX, no page load)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from repfocus.services import coaching
from repfocus.store.db import Database
from tests.e2e.conftest import PASSWORD, World, build_app, build_world, served

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


@pytest.fixture
def coaching_server(sqlite_db: Database) -> Iterator[tuple[str, World]]:
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        pytest.skip("Chromium not installed (make system-deps)")
    world = build_world(sqlite_db)
    with served(build_app(sqlite_db)) as base:
        yield base, world


def test_a_manager_records_a_session_and_ticks_its_action_done(
    coaching_server: tuple[str, World], browser: Browser
) -> None:
    base, world = coaching_server
    due = (date.today() + timedelta(days=7)).isoformat()
    with closing(browser.new_context()) as context:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{base}/login")
        page.fill("input[name=email]", world.emails["manager"])
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)

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
