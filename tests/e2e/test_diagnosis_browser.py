"""The diagnosis pages in headless Chromium: evidence charts drawn, grid sorted by a click."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from repfocus.services import users
from repfocus.store.db import Database
from tests.e2e.conftest import PASSWORD, build_app, served
from tests.integration.test_diagnosis_on_imported_csv import PERIOD, build_planted_org

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


@pytest.fixture
def diagnosis_server(sqlite_db: Database) -> Iterator[str]:
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        pytest.skip("Chromium not installed (make system-deps)")
    build_planted_org(sqlite_db)
    users.add_user(sqlite_db, email="lea@example.com", role="leader", password=PASSWORD, name="Lea Leader")
    with served(build_app(sqlite_db)) as base:
        yield base


def test_rep_card_draws_a_chart_per_evidence_signal_and_the_grid_sorts(
    diagnosis_server: str, browser: Browser
) -> None:
    base_url = diagnosis_server
    query = f"start={PERIOD.start}&end={PERIOD.end}"
    with closing(browser.new_context()) as context:
        page = context.new_page()
        page.goto(f"{base_url}/login")
        page.fill("input[name=email]", "lea@example.com")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base_url}/diagnosis/reps/ava@acme.example?{query}")
        page.wait_for_function(
            "() => window.Chart && Chart.getChart(document.querySelector('canvas.signal-chart'))",
            timeout=90_000,
        )
        bars = page.evaluate(
            "() => Chart.getChart(document.querySelector('canvas.signal-chart')).data.datasets[0].data.length"
        )
        assert bars >= 2  # the rep beside the team median at least
        page.goto(f"{base_url}/diagnosis?{query}")
        page.click("th:has-text('Competencies')")
        first = page.inner_text("#diagnosis-grid tbody tr:first-child td:first-child")
        assert first == "Ava"
    assert errors == []
