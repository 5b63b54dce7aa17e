"""`repfocus incentives add-plan`, `plans` and `payouts` end to end through the CLI runner."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from repfocus.cli.main import app as cli
from repfocus.config import get_settings
from repfocus.store.db import Database
from tests.factories import make_activity, make_organization, make_team, make_user

runner = CliRunner()
PLAN = """name = "Open new accounts"
valid_from = 2026-11-01
valid_to = 2026-11-30
teams = ["East"]

[[rules]]
name = "Prospect meetings"
category = "prospect_meeting"
per_event = "25.00"
tiers = [{ from = 2, amount = "40.00" }]
cap = "80.00"
"""


@pytest.fixture
def db(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """East: sam (3 prospect meetings in November) and kim; West: wes (2 meetings)."""
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", sqlite_db.url)
    get_settings.cache_clear()
    with sqlite_db.session() as s:
        make_organization(s)
        east, west = make_team(s, name="East"), make_team(s, name="West")
        reps = {
            "sam": make_user(s, email="sam@example.com", name="Sam", team_id=east.id),
            "kim": make_user(s, email="kim@example.com", name="Kim", team_id=east.id),
            "wes": make_user(s, email="wes@example.com", name="Wes", team_id=west.id),
        }
        for who, n in (("sam", 3), ("wes", 2)):
            for i in range(n):
                at = datetime(2026, 11, 4, 15, tzinfo=UTC) + timedelta(days=i)
                make_activity(
                    s, rep_id=reps[who].id, started_at=at, kind="meeting", category="prospect_meeting"
                )
        s.commit()
    yield sqlite_db
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def _file(tmp_path: Path, text: str = PLAN) -> str:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_plan_file_is_added_listed_and_pays_the_teams_reps(db: Database, tmp_path: Path) -> None:
    code, out, err = _run("incentives", "add-plan", _file(tmp_path))
    assert code == 0, err
    assert "added plan" in out and "East" in out
    code, out, _ = _run("incentives", "plans", "--format", "json")
    (plan,) = json.loads(out)
    assert (plan["name"], plan["teams"], plan["rules"][0]["cap"]) == ("Open new accounts", ["East"], "80.00")
    assert "Open new accounts" in _run("incentives", "plans")[1]
    november = ("--from", "2026-11-01", "--to", "2026-11-30")
    code, out, _ = _run("incentives", "payouts", *november, "--format", "json")
    body = json.loads(out)
    # sam: 2 x 25.00 + 1 x 40.00 = 90.00, capped at 80.00; kim: nothing; wes (West) is not in the plan
    assert [
        (x["rep_email"], x["count"], x["rate"], x["gross"], x["amount"], x["capped"]) for x in body["lines"]
    ] == [
        ("kim@example.com", 0, "—", "0.00", "0.00", False),
        ("sam@example.com", 3, "2 × 25.00 + 1 × 40.00", "90.00", "80.00", True),
    ]
    code, out, _ = _run("incentives", "payouts", *november, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["rep_email"], r["amount"], r["capped"]) for r in rows] == [
        ("kim@example.com", "0.00", "False"),
        ("sam@example.com", "80.00", "True"),
    ]
    code, out, _ = _run("incentives", "payouts", *november, "--team", "West")
    assert code == 0 and "sam@example.com" not in out
    code, out, _ = _run("incentives", "payouts", *november)
    assert "80.00 USD" in out and "capped" in out
    code, out, _ = _run("incentives", "deactivate", str(plan["id"]))
    assert code == 0 and "deactivated" in out
    assert json.loads(_run("incentives", "payouts", *november, "--format", "json")[1])["lines"] == []
    assert json.loads(_run("incentives", "plans", "--inactive", "--format", "json")[1])[0]["active"] is False
    assert _run("incentives", "deactivate", "999")[0] == 1


def test_a_bad_plan_file_exits_1_naming_the_line_and_field(db: Database, tmp_path: Path) -> None:
    cases = [
        (PLAN.replace('per_event = "25.00"', 'per_event = "-1"'), "line 9: rules[0].per_event"),
        (PLAN.replace('category = "prospect_meeting"', 'category = "golf"'), "line 8: rules[0].category"),
        (PLAN.replace("valid_to = 2026-11-30", "valid_to = 2026-10-30"), "line 3: valid_to"),
        (PLAN.replace('["East"]', '["Nowhere"]'), "line 4: teams: no team named 'Nowhere'"),
        (PLAN.replace("name = ", "name == ", 1), "not valid TOML"),
    ]
    for text, message in cases:
        code, _, err = _run("incentives", "add-plan", _file(tmp_path, text))
        assert code == 1, text
        assert message in " ".join(err.split()), err
    assert json.loads(_run("incentives", "plans", "--format", "json")[1]) == []


def test_usage_errors_exit_2(db: Database, tmp_path: Path) -> None:
    assert _run("incentives", "add-plan", str(tmp_path / "missing.toml"))[0] == 2
    assert _run("incentives", "payouts", "--from", "November")[0] == 2
    assert _run("incentives", "payouts", "--from", "2026-12-01", "--to", "2026-11-01")[0] == 2
    assert _run("incentives", "plans", "--format", "csv")[0] == 2
    assert _run("incentives", "payouts", "--format", "xml")[0] == 2
    code, _, err = _run("incentives", "payouts", "--team", "Nowhere")
    assert code == 1 and "--team" in err
