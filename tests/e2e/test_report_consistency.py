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
