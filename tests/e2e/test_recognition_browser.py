"""The recognition page in headless Chromium: from the incentives page a leader opens it, adds a program
(a bad threshold first, shown next to the form), sees who qualified, and a rep sees only their own row."""

from __future__ import annotations

from contextlib import closing

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import World, signed_in

pytestmark = pytest.mark.browser


def test_a_leader_adds_a_program_and_reads_the_standings_and_a_rep_sees_their_own(
    world_server: tuple[str, World], browser: Browser
) -> None:
    base, world = world_server  # each rep has one 30-minute prospecting call on 2 November 2026
    with closing(browser.new_context()) as context:
        page = context.new_page()
        errors = signed_in(page, base, world.emails["leader"])
        page.goto(f"{base}/incentives")
        page.click("#recognition-link")
        expect(page.locator("h1")).to_have_text("Recognition")
        form = page.locator("#add-program")
        form.locator("input[name=name]").fill("November club")
        form.locator("input[name=starts_on]").fill("2026-11-01")
        form.locator("input[name=ends_on]").fill("2026-11-30")
        form.locator("select[name=what_0]").select_option("prospecting_call")
        form.locator("input[name=at_least_0]").fill("0")
        form.locator("button[type=submit]").click()
        expect(page.locator("#recognition-error")).to_contain_text("Criterion 1 at least")
        form = page.locator("#add-program")
        expect(form.locator("input[name=name]")).to_have_value("November club")
        form.locator("input[name=at_least_0]").fill("1")
        form.locator("select[name=what_1]").select_option("selling")
        form.locator("select[name=measure_1]").select_option("minutes")
        form.locator("input[name=at_least_1]").fill("45")
        form.locator("button[type=submit]").click()
        expect(page.locator("[role=status]")).to_have_text("Program added.")
        board = page.locator("section.recognition")
        expect(board).to_contain_text("0 of 2 qualified")
        expect(board.locator('tr[data-rep="rep@example.com"]')).to_contain_text("30 / 45")
        expect(board.locator('tr[data-rep="rep@example.com"] meter')).to_have_count(2)
    with closing(browser.new_context()) as context:
        page = context.new_page()
        errors += signed_in(page, base, world.emails["rep"])
        page.goto(f"{base}/incentives/recognition")
        expect(page.locator("section.recognition tbody tr")).to_have_count(1)
        expect(page.locator('tr[data-rep="rep@example.com"]')).to_contain_text("1 / 1")
        expect(page.locator("#add-program")).to_have_count(0)
    assert [e for e in errors if "status of 422" not in e] == []  # the refused form answers 422
    assert len(errors) == 1
