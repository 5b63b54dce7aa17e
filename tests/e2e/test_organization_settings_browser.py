"""The settings page in headless Chromium: a leader changes a default duration and sees it saved; a bad
time zone is refused with the reason beside the field and nothing saved; no script errors under the CSP."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from repfocus.services.organization_settings import read_settings
from tests.e2e.conftest import World, signed_in

pytestmark = pytest.mark.browser


def test_a_leader_changes_a_duration_default_and_a_bad_time_zone_is_refused(
    world_server: tuple[str, World], browser: Browser, tmp_path: Path
) -> None:
    base, world = world_server
    with closing(browser.new_context()) as context:
        page = context.new_page()
        errors = signed_in(page, base, world.emails["leader"])

        page.goto(f"{base}/admin")
        expect(page.locator("select[name=time_zone]")).to_have_value("America/Chicago")
        page.locator("input[name=duration_meeting]").fill("45")
        page.locator("#settings-form button[type=submit]").click()
        page.wait_for_url("**/admin?saved=1")
        expect(page.locator("#settings-saved")).to_have_text("Settings saved: 1 change.")
        expect(page.locator("input[name=duration_meeting]")).to_have_value("45")
        expect(page.locator("#settings-history")).to_contain_text("duration.meeting: 30 → 45")

        # a zone the select does not offer, as a hand-made request would send it
        page.locator("select[name=time_zone]").evaluate(
            "s => { const o = new Option('Mars/Olympus', 'Mars/Olympus', true, true); s.add(o); }"
        )
        page.locator("input[name=duration_call]").fill("9")
        page.locator("#settings-form button[type=submit]").click()
        expect(page.locator("#time_zone-error")).to_contain_text("'Mars/Olympus' is not an IANA time zone")
        expect(page.locator("#settings-error")).to_contain_text("Nothing was saved")
        expect(page.locator("input[name=duration_call]")).to_have_value("9")
        page.screenshot(path=str(tmp_path / "settings.png"), full_page=True)
    # the refused form comes back as a 422, which Chromium logs; nothing else may go wrong
    assert [e for e in errors if "status of 422" not in e] == []
    assert len(errors) == 1
    saved = read_settings(world.db, actor=None)
    assert (saved.durations["meeting"], saved.durations["call"], saved.time_zone) == (
        45,
        5,
        "America/Chicago",
    )
