"""The CLI and the API return the same numbers for the same filters, for every measurement report."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from repfocus.app import create_app
from repfocus.cli.main import app as cli
from repfocus.config import Settings, get_settings
from repfocus.services import tokens, users
from repfocus.store.db import Database
from tests.e2e.conftest import sign_in
from tests.measures_scenario import PERIOD, seed_team

REPORTS = ("allocation", "measures", "cadence", "funnel", "bullseye", "persistence")
CLI_ONLY_SHAPES = {"measures": "bullseye"}  # the CLI prints the measures shape under `report bullseye`


@pytest.fixture
def seeded(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    seed_team(sqlite_db)
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", sqlite_db.url)
    get_settings.cache_clear()
    yield sqlite_db
    get_settings.cache_clear()


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("report", [r for r in REPORTS if r != "measures"])
@pytest.mark.parametrize("scope", [("--team", "East"), ("--rep", "avoid@x.com")])
def test_cli_json_equals_the_api(seeded: Database, report: str, scope: tuple[str, str]) -> None:
    dates = ("--from", PERIOD.start.isoformat(), "--to", PERIOD.end.isoformat())
    from_cli = json.loads(_cli("report", report, *scope, *dates, "--format", "json"))
    users.add_user(seeded, email="boss@x.com", role="leader", password="correct horse battery", name="Boss")
    token = tokens.create_token(seeded, email="boss@x.com", scope="read").token
    client = TestClient(create_app(Settings(database_url=seeded.url), seeded))
    client.headers["Authorization"] = f"Bearer {token}"
    params = {scope[0][2:]: scope[1], "from": PERIOD.start.isoformat(), "to": PERIOD.end.isoformat()}
    from_api = client.get(f"/api/v1/reports/{report}", params=params).json()
    assert from_cli == from_api
    assert from_cli["reps"], "the filters select somebody"


def test_cli_csv_carries_the_json_numbers(seeded: Database) -> None:
    dates = ("--from", PERIOD.start.isoformat(), "--to", PERIOD.end.isoformat())
    data = json.loads(_cli("report", "funnel", "--team", "East", *dates, "--format", "json"))
    rows = list(
        csv.DictReader(io.StringIO(_cli("report", "funnel", "--team", "East", *dates, "--format", "csv")))
    )
    by_email = {r["email"]: r for r in rows}
    for rep in data["reps"]:
        assert int(by_email[rep["email"]]["job_orders"]) == rep["counts"]["job_orders"]
        assert by_email[rep["email"]]["fill_rate"] == (
            "" if rep["ratios"]["fill_rate"] is None else str(rep["ratios"]["fill_rate"])
        )


def test_unknown_team_is_reported_not_a_traceback(seeded: Database) -> None:
    result = CliRunner().invoke(cli, ["report", "cadence", "--team", "Nobody"])
    assert result.exit_code == 1
    assert "no reps match" in result.output


def test_bad_period_is_a_usage_error(seeded: Database) -> None:
    result = CliRunner().invoke(cli, ["report", "funnel", "--from", "2026-12-01", "--to", "2026-11-01"])
    assert result.exit_code == 2
    assert "bad period" in result.output


@pytest.mark.parametrize("table", ["allocation", "bullseye", "cadence", "funnel", "persistence"])
def test_the_page_csv_export_equals_the_cli_csv(seeded: Database, table: str) -> None:
    """The dashboard's measurement tables export the very rows `repfocus report ... --format csv` prints."""
    users.add_user(seeded, email="boss@x.com", role="leader", password="correct horse battery", name="Boss")
    client = TestClient(create_app(Settings(database_url=seeded.url), seeded))
    sign_in(client, "boss@x.com", "correct horse battery")
    params = {"team": "East", "from": PERIOD.start.isoformat(), "to": PERIOD.end.isoformat(), "table": table}
    page = client.get("/measures/team.csv", params=params)
    assert page.status_code == 200, page.text
    report = {"allocation": "bullseye", "bullseye": "bullseye"}.get(table, table)
    dates = ("--from", PERIOD.start.isoformat(), "--to", PERIOD.end.isoformat())
    if table == "allocation":  # the measures table: the CLI prints it through the API shape; compare numbers
        data = json.loads(_cli("report", "bullseye", "--team", "East", *dates, "--format", "json"))
        rows = {r["email"]: r for r in csv.DictReader(io.StringIO(page.text))}
        for rep in data["reps"]:
            assert int(rows[rep["email"]]["selling_minutes"]) == rep["minutes"]["selling"]
            assert rows[rep["email"]]["on_target_share"] == str(rep["on_target_share"])
        return
    assert page.text == _cli("report", report, "--team", "East", *dates, "--format", "csv")


def test_the_dashboard_section_shows_the_avoider_below_the_team_median(seeded: Database) -> None:
    users.add_user(seeded, email="boss@x.com", role="leader", password="correct horse battery", name="Boss")
    client = TestClient(create_app(Settings(database_url=seeded.url), seeded))
    sign_in(client, "boss@x.com", "correct horse battery")
    params = {"team": "East", "from": PERIOD.start.isoformat(), "to": PERIOD.end.isoformat()}
    html = client.get("/measures/team", params=params).text
    row = html[html.index(">Avoider</a>") :].split("</tr>")[0]
    assert 'class="num under">25%' in row  # on-target 25% against a team median of 62%
    assert "62%" in row
    assert 'id="ontarget-data"' in html and 'id="cadence-heatmap"' in html and 'id="funnel-table"' in html
    card = client.get(f"/measures/reps/{_rep_id(client, html)}", params=params)
    assert card.status_code == 200 and 'id="persona-data"' in card.text


def _rep_id(client: TestClient, html: str) -> int:
    start = html.index('href="/reps/') + len('href="/reps/')
    return int(html[start : html.index('"', start)])
