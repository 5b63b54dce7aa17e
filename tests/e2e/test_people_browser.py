"""The People page in headless Chromium on a phone-sized screen: a leader adds a person, then makes them
a manager through the HTMX form on their page."""

from __future__ import annotations

import os
import re
from contextlib import closing
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from repfocus.services import people
from tests.e2e.conftest import World, signed_in

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ["PEOPLE_SHOTS"]) if os.environ.get("PEOPLE_SHOTS") else None


def test_a_leader_adds_a_person_and_makes_them_a_manager_on_a_phone(
    world_server: tuple[str, World], browser: Browser
) -> None:
    base, world = world_server
    with closing(browser.new_context(viewport={"width": 390, "height": 844})) as context:
        page = context.new_page()
        errors = signed_in(page, base, world.emails["leader"])

        page.goto(f"{base}/people")
        form = page.locator("#add-person")
        form.locator("input[name=name]").fill("Pia Phone")
        form.locator("input[name=email]").fill("pia@example.com")
        form.locator("select[name=role]").select_option("rep")
        form.locator("input[name=team]").fill("Team A")
        form.locator("button[type=submit]").click()
        expect(page.locator("#initial-password")).to_be_visible()
        assert re.fullmatch(r"\S{12,}", page.inner_text("#initial-password"))
        page.screenshot(path=str(SHOTS / "people-list.png"), full_page=True) if SHOTS else None
        # nothing wider than the phone's screen: the table scrolls inside its own box
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

        page.click("#people a:has-text('Pia Phone')")
        page.wait_for_url(re.compile(r"/people/\d+$"))
        page.evaluate("window.notReloaded = true")
        page.select_option("#role-form select[name=role]", "manager")
        page.click("#role-form button[type=submit]")
        expect(page.locator("#person-role")).to_have_text("manager")
        expect(page.locator("#person .notice")).to_have_text("Role and team saved.")
        assert page.evaluate("window.notReloaded === true")  # swapped in place by HTMX, no page load
        page.screenshot(path=str(SHOTS / "people-person.png"), full_page=True) if SHOTS else None
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert errors == []
    pia = [p for p in people.list_people(world.db, actor=None).people if p.email == "pia@example.com"]
    assert [(p.role, p.team) for p in pia] == [("manager", "Team A")]
