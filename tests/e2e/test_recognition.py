"""Recognition programs end to end: the page (a leader's form, standings with a bar per criterion, a bad
form shown again naming the field, a rep's own row, the CSV), the API (201, 422 naming the field,
standings per role) and the CLI (add, list, standings as JSON and CSV, usage errors)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from repfocus.cli.main import app as cli
from repfocus.config import get_settings
from repfocus.services import recognition
from tests.e2e.conftest import World
from tests.factories import make_activity

FORM = {"name": "Club 2026", "starts_on": "2026-01-01", "ends_on": "2026-12-31"}
FORM |= {"what_0": "prospect_meeting", "measure_0": "count", "at_least_0": "3"}
FORM |= {"what_1": "selling", "measure_1": "minutes", "at_least_1": "100"}


@pytest.fixture
def logged(world: World) -> World:
    """rep: 3 prospect meetings of 30 minutes in March (qualifies); other_rep: 1 (and each the 30-minute call
    of the world)."""
    with world.db.session() as s:
        for who, n in (("rep", 3), ("other_rep", 1)):
            for i in range(n):
                at = datetime(2026, 3, 2, 15, tzinfo=UTC) + timedelta(days=i)
                make_activity(
                    s,
                    rep_id=world.ids[who],
                    started_at=at,
                    kind="meeting",
                    category="prospect_meeting",
                    duration_minutes=30,
                )
        s.commit()
    return world


def test_a_leader_adds_a_program_on_the_page_and_each_role_sees_the_standings_it_may(
    logged: World, client_for: Callable[[str], TestClient]
) -> None:
    leader = client_for("leader")
    assert 'id="recognition-link"' in leader.get("/incentives").text
    bad = leader.post("/incentives/recognition", data={**FORM, "at_least_1": "lots"})
    assert bad.status_code == 422 and "Criterion 2 at least: &#39;lots&#39; is not a whole number" in bad.text
    assert 'value="Club 2026"' in bad.text  # what was typed is kept
    made = leader.post("/incentives/recognition", data=FORM, follow_redirects=False)
    assert made.status_code == 303, made.text
    page = leader.get(made.headers["location"]).text
    assert "Program added." in page and "Club 2026" in page and "1 of 2 qualified" in page
    assert page.index('data-rep="rep@example.com"') < page.index('data-rep="other.rep@example.com"')
    assert page.count("<meter ") == 4  # a bar per criterion and rep
    assert "3 / 3" in page and "120 / 100" in page and "qualified</strong>" in page
    rep_page = client_for("rep").get("/incentives/recognition").text
    assert 'data-rep="rep@example.com"' in rep_page and "other.rep@example.com" not in rep_page
    assert 'id="add-program"' not in rep_page
    (program,) = recognition.list_programs(logged.db, actor=None)
    sheet = leader.get(f"/incentives/recognition/{program.id}/standings.csv")
    rows = list(csv.DictReader(io.StringIO(sheet.text)))
    assert [(r["rep_email"], r["criterion"], r["value"], r["met"]) for r in rows] == [
        ("rep@example.com", "3 × prospect meeting", "3", "True"),
        ("rep@example.com", "100 minutes of selling", "120", "True"),
        ("other.rep@example.com", "3 × prospect meeting", "1", "False"),
        ("other.rep@example.com", "100 minutes of selling", "60", "False"),
    ]
    retired = leader.post(f"/incentives/recognition/{program.id}/retire", follow_redirects=False)
    assert retired.status_code == 303
    assert "No recognition program yet." in leader.get("/incentives/recognition").text


def _auth(world: World, persona: str, scope: str = "write") -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token(persona, scope)}"}


def _program(**kw: Any) -> dict[str, Any]:
    criteria = [
        {"what": "prospect_meeting", "at_least": 3},
        {"what": "selling", "measure": "minutes", "at_least": 100},
    ]
    return {
        "name": "API club",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "criteria": criteria,
        **kw,
    }


def test_the_api_creates_programs_names_the_field_at_fault_and_scopes_the_standings(
    logged: World, app: FastAPI
) -> None:
    with TestClient(app) as client:
        bad = client.post(
            "/api/v1/recognition/programs",
            json=_program(criteria=[{"what": "golf", "at_least": 3}]),
            headers=_auth(logged, "leader"),
        )
        assert bad.status_code == 422
        assert bad.json()["detail"][0]["loc"] == ["body", "criteria", 0, "what"]
        made = client.post("/api/v1/recognition/programs", json=_program(), headers=_auth(logged, "leader"))
        assert made.status_code == 201, made.text
        pid = made.json()["id"]
        assert made.json()["criteria"][1]["label"] == "100 minutes of selling"
        seen = {}
        for persona in ("rep", "manager", "leader"):
            got = client.get(
                f"/api/v1/recognition/programs/{pid}/standings", headers=_auth(logged, persona, "read")
            )
            assert got.status_code == 200, got.text
            seen[persona] = [(r["rep"]["email"], r["qualified"]) for r in got.json()["reps"]]
        assert seen == {
            "rep": [("rep@example.com", True)],
            "manager": [("rep@example.com", True)],
            "leader": [("rep@example.com", True), ("other.rep@example.com", False)],
        }
        unknown = client.get(
            f"/api/v1/recognition/programs/{pid}/standings",
            params={"team": "Nowhere"},
            headers=_auth(logged, "leader", "read"),
        )
        assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["query", "team"]
        missing = client.get("/api/v1/recognition/programs/999999/standings", headers=_auth(logged, "leader"))
        assert missing.status_code == 404


@pytest.fixture
def cli_db(logged: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", logged.db.url)
    get_settings.cache_clear()
    yield logged
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_the_cli_adds_lists_and_reports_standings_and_refuses_bad_input(cli_db: World) -> None:
    window = ("--from", "2026-01-01", "--to", "2026-12-31")
    code, out, err = _run(
        "recognition", "add", "--name", "CLI club", *window,
        "--criterion", "prospect_meeting:3", "--criterion", "selling:minutes:100",
    )  # fmt: skip
    assert code == 0, err
    assert "3 × prospect meeting; 100 minutes of selling" in out
    code, out, _ = _run("recognition", "list", "--format", "json")
    (program,) = json.loads(out)
    code, out, _ = _run("recognition", "standings", str(program["id"]), "--format", "json")
    body = json.loads(out)
    assert body["qualified"] == 1 and body["reps"][0]["rep"]["email"] == "rep@example.com"
    code, out, _ = _run("recognition", "standings", str(program["id"]), "--format", "csv")
    assert list(csv.reader(io.StringIO(out)))[1][:5] == [
        "rep@example.com", "Ada REP", "Team A", "3 × prospect meeting", "3",
    ]  # fmt: skip
    assert "qualified" in _run("recognition", "standings", str(program["id"]))[1]
    code, _, err = _run("recognition", "add", "--name", "X", *window, "--criterion", "selling")
    assert code == 2 and "write WHAT:MEASURE:AT_LEAST" in err
    code, _, err = _run("recognition", "add", "--name", "X", *window, "--criterion", "golf:3")
    assert code == 1 and "criteria[0].what: 'golf' is neither an activity category nor a bucket" in err
    code, _, err = _run("recognition", "standings", "999")
    assert code == 1 and "no recognition program 999" in err
    assert _run("recognition", "retire", str(program["id"]))[0] == 0
    assert json.loads(_run("recognition", "list", "--format", "json")[1]) == []
