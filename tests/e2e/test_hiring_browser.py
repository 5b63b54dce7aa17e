"""The hiring pages in headless Chromium: a manager adds a candidate, records a scorecard through the form,
and finds them ranked with a bar per trait; no script errors under the page's CSP."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from repfocus.domain.hiring import TRAITS
from repfocus.services import hiring
from tests.e2e.conftest import World, signed_in

pytestmark = pytest.mark.browser


def test_a_manager_adds_and_scores_a_candidate_who_is_then_ranked(
    world_server: tuple[str, World], browser: Browser, tmp_path: Path
) -> None:
    base, world = world_server
    with closing(browser.new_context()) as context:
        page = context.new_page()
        errors = signed_in(page, base, world.emails["manager"])

        page.goto(f"{base}/hiring")
        form = page.locator("#add-candidate")
        form.locator("input[name=name]").fill("Hana Hunter")
        form.locator("input[name=role]").fill("Account executive")
        form.locator("button[type=submit]").click()
        page.wait_for_url("**/hiring/candidates/*")
        card = page.locator("#add-scorecard")
        for trait in TRAITS:
            card.locator(f"select[name=rating_{trait}]").select_option("5" if trait == "persistence" else "4")
        card.locator("input[name=note_persistence]").fill("Called back after two noes.")
        card.locator("button[type=submit]").click()
        expect(page.locator("[role=status]")).to_have_text("Scorecard recorded.")
        expect(page.locator("#assessment h2")).to_contain_text("82.5")
        expect(page.locator("dl.traits meter")).to_have_count(len(TRAITS))
        page.screenshot(path=str(tmp_path / "candidate.png"), full_page=True)

        page.goto(f"{base}/hiring")
        row = page.locator("#candidates tbody tr").first
        expect(row).to_contain_text("Hana Hunter")
        expect(row.locator("meter")).to_have_count(len(TRAITS))
        expect(row).to_contain_text("needs another interview")
        page.screenshot(path=str(tmp_path / "hiring.png"), full_page=True)
    assert errors == []
    [scored] = hiring.compare(world.db, actor=None).candidates
    assert (scored.assessment.scorecards, scored.assessment.score) == (1, 82.5)
