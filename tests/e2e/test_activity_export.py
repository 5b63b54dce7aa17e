"""The activity export over HTTP (API and pages) and through the CLI runner, as each persona."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from repfocus.cli.main import app as cli
from repfocus.config import get_settings
from repfocus.services.activity_export import COLUMNS
from tests.e2e.conftest import World

URL = "/api/v1/activities/export"


def _csv_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == list(COLUMNS)
    return list(reader)


def _api(client: TestClient, world: World, persona: str, **params: str) -> tuple[int, dict[str, str], str]:
    headers = {"Authorization": f"Bearer {world.token(persona, 'read')}"}
    reply = client.get(URL, params=params, headers=headers)
    return reply.status_code, dict(reply.headers), reply.text


@pytest.fixture
def client(app: object) -> Iterator[TestClient]:
    with TestClient(app) as c:  # type: ignore[arg-type]
        yield c


def test_a_reps_api_export_holds_only_their_own_activities(client: TestClient, world: World) -> None:
    status, headers, text = _api(client, world, "rep")
    assert status == 200, text
    assert headers["content-type"].startswith("text/csv")
    assert 'filename="repfocus-activities-all.csv"' in headers["content-disposition"]
    rows = _csv_rows(text)
    assert [(r["rep_email"], r["subject"]) for r in rows] == [(world.emails["rep"], "Rep A call")]
    assert rows[0]["external_id"].startswith("manual:#") and rows[0]["started_at"].endswith("Z")


@pytest.mark.parametrize(
    ("persona", "subjects"),
    [
        ("manager", {"Rep A call"}),
        ("other_manager", {"Rep B call"}),
        ("leader", {"Rep A call", "Rep B call"}),
    ],
)
def test_a_managers_api_export_holds_only_their_teams_activities(
    client: TestClient, world: World, persona: str, subjects: set[str]
) -> None:
    status, _headers, text = _api(client, world, persona)
    assert status == 200, text
    assert {r["subject"] for r in _csv_rows(text)} == subjects


def test_the_api_json_export_has_the_same_rows_as_the_csv(client: TestClient, world: World) -> None:
    status, headers, text = _api(client, world, "leader", format="json", team="Team B")
    assert status == 200 and headers["content-type"].startswith("application/json")
    objects = json.loads(text)
    _status, _headers, as_csv = _api(client, world, "leader", team="Team B")
    cells = [{k: "" if v is None else str(v) for k, v in o.items()} for o in objects]
    assert cells == _csv_rows(as_csv) and len(cells) == 1
    assert objects[0]["rep_email"] == world.emails["other_rep"] and objects[0]["account_name"] is None


def test_the_api_period_is_local_days_and_names_its_file(client: TestClient, world: World) -> None:
    # the activities start 2026-11-02 15:00Z, 09:00 that day in Chicago
    status, headers, text = _api(client, world, "leader", **{"from": "2026-11-02", "to": "2026-11-02"})
    assert status == 200 and len(_csv_rows(text)) == 2
    assert 'filename="repfocus-activities-2026-11-02-2026-11-02.csv"' in headers["content-disposition"]
    _status, _headers, text = _api(client, world, "leader", **{"from": "2026-11-03"})
    assert _csv_rows(text) == []


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"from": "2026-13-01"}, "from", "date"),
        ({"from": "2026-11-05", "to": "2026-11-01"}, "from", "before it starts"),
        ({"team": "Team Z"}, "team", "no team named 'Team Z'"),
        ({"rep": "other.rep@example.com"}, "rep", "no rep with email"),  # exists, but not the rep's to see
        ({"format": "xml"}, "format", ""),
    ],
)
def test_bad_api_parameters_are_a_422_naming_the_parameter(
    client: TestClient, world: World, params: dict[str, str], field: str, words: str
) -> None:
    status, _headers, text = _api(client, world, "rep", **params)
    assert status == 422, text
    detail = json.loads(text)["detail"]
    assert detail[0]["loc"] == ["query", field] and words in detail[0]["msg"]


def test_the_dashboard_links_the_activity_export_of_its_period_and_team(
    client_for: Callable[[str], TestClient], world: World
) -> None:
    client = client_for("manager")
    page = client.get("/", params={"from": "2026-10-26", "to": "2026-11-08", "team": "Team A"}).text
    found = re.search(r'href="([^"]+)"[^>]*>Download activities \(CSV\)', page)
    assert found, "no Download activities link on the dashboard"
    href = html.unescape(found.group(1))
    assert href.startswith("/activities/export.csv?") and "from=2026-10-26" in href and "team=Team+A" in href
    reply = client.get(href)
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/csv")
    assert "repfocus-activities-2026-10-26-2026-11-08.csv" in reply.headers["content-disposition"]
    assert [r["subject"] for r in _csv_rows(reply.text)] == ["Rep A call"]


def test_the_rep_page_links_that_reps_activity_export(
    client_for: Callable[[str], TestClient], world: World
) -> None:
    client = client_for("leader")
    page = client.get(f"/reps/{world.ids['other_rep']}").text
    found = re.search(r'href="([^"]+)"[^>]*>Download activities \(CSV\)', page)
    assert found, "no Download activities link on the rep page"
    rows = _csv_rows(client.get(html.unescape(found.group(1))).text)
    assert [r["rep_email"] for r in rows] == [world.emails["other_rep"]]


def test_the_page_export_is_scoped_to_the_signed_in_user_and_refuses_bad_filters(
    client_for: Callable[[str], TestClient], world: World
) -> None:
    client = client_for("rep")
    rows = _csv_rows(client.get("/activities/export.csv").text)
    assert [r["rep_email"] for r in rows] == [world.emails["rep"]]
    reply = client.get("/activities/export.csv", params={"team": "Team B"})
    assert reply.status_code == 400 and "no team named 'Team B'" in reply.text
    assert client.get("/activities/export.csv", params={"to": "yesterday"}).status_code == 400


# --- the command line: everything, as the server's owner

runner = CliRunner()


@pytest.fixture
def cli_world(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", world.db.url)
    get_settings.cache_clear()
    yield world
    get_settings.cache_clear()


def test_the_cli_writes_the_export_to_a_file_or_standard_output(cli_world: World, tmp_path: Path) -> None:
    out = tmp_path / "acts.csv"
    result = runner.invoke(cli, ["export", "activities", "--output", str(out), "--team", "Team A"])
    assert result.exit_code == 0, result.output
    assert "Wrote 1 activities" in result.stderr and not (tmp_path / "acts.csv.partial").exists()
    assert [r["subject"] for r in _csv_rows(out.read_text())] == ["Rep A call"]
    result = runner.invoke(cli, ["export", "activities", "--from", "2026-11-01", "--to", "2026-11-02"])
    assert result.exit_code == 0, result.output
    assert {r["subject"] for r in _csv_rows(result.stdout)} == {"Rep A call", "Rep B call"}
    result = runner.invoke(
        cli, ["export", "activities", "--format", "json", "--rep", "OTHER.REP@example.com"]
    )
    assert result.exit_code == 0 and [o["subject"] for o in json.loads(result.stdout)] == ["Rep B call"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "2026-02-30"], "bad period"),
        (["--from", "2026-11-05", "--to", "2026-11-01"], "bad period"),
        (["--rep", "nobody@example.com"], "--rep: no rep with email"),
        (["--team", "Team Z"], "--team: no team named"),
    ],
)
def test_a_bad_cli_filter_exits_2_with_a_clear_message(
    cli_world: World, tmp_path: Path, args: list[str], words: str
) -> None:
    out = tmp_path / "acts.csv"
    result = runner.invoke(cli, ["export", "activities", "--output", str(out), *args])
    assert result.exit_code == 2, result.output
    assert words in " ".join(result.stderr.split()) and not out.exists()
