"""`repfocus coaching add` and `list` end to end through the CLI runner."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import insert
from typer.testing import CliRunner

from repfocus.cli.main import app as cli
from repfocus.config import get_settings
from repfocus.store.db import Database
from repfocus.store.models import team_managers
from tests.factories import make_organization, make_team, make_user

runner = CliRunner()
TODAY = date.today()
LAST_WEEK = (TODAY - timedelta(days=7)).isoformat()


@pytest.fixture
def db(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The CLI's database: a team with its manager and two reps, and a rep of another team."""
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", sqlite_db.url)
    get_settings.cache_clear()
    with sqlite_db.session() as s:
        make_organization(s)
        a, b = make_team(s, name="East"), make_team(s, name="West")
        boss = make_user(s, email="boss@example.com", name="Boss", role="manager", team_id=a.id)
        make_user(s, email="sam@example.com", name="Sam Rep", team_id=a.id)
        make_user(s, email="kim@example.com", name="Kim Rep", team_id=a.id)
        make_user(s, email="west@example.com", name="West Rep", team_id=b.id)
        s.execute(insert(team_managers).values(team_id=a.id, user_id=boss.id))
        s.commit()
    yield sqlite_db
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def _add(*extra: str, rep: str = "sam@example.com") -> tuple[int, str, str]:
    return _run(
        "coaching", "add", "--rep", rep, "--coach", "boss@example.com", "--focus", "competencies", *extra
    )


def test_a_session_is_recorded_with_actions_and_listed_as_json_and_csv(db: Database) -> None:
    due = (TODAY + timedelta(days=7)).isoformat()
    code, out, err = _add(
        "--on",
        LAST_WEEK,
        "--persona",
        "it_hiring_manager",
        "--note",
        "Opener practised",
        "--action",
        f"Call 10 IT hiring managers@{due}",
        "--action",
        f"Send the case study @ work@{due}",
    )
    assert code == 0, err
    assert "2 action item(s)" in out
    _add("--on", (TODAY - timedelta(days=40)).isoformat(), rep="kim@example.com")
    code, out, _ = _run("coaching", "list", "--format", "json")
    sessions = json.loads(out)
    assert [s["rep_email"] for s in sessions] == ["sam@example.com", "kim@example.com"]
    assert [(a["text"], a["due_on"]) for a in sessions[0]["actions"]] == [
        ("Call 10 IT hiring managers", due),
        ("Send the case study @ work", due),
    ]
    code, out, _ = _run("coaching", "list", "--rep", "sam@example.com", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["rep_email"], r["coach_email"], r["persona"], r["open_actions"]) for r in rows] == [
        ("sam@example.com", "boss@example.com", "it_hiring_manager", "2")
    ]
    since = (TODAY - timedelta(days=30)).isoformat()
    code, out, _ = _run("coaching", "list", "--from", since, "--format", "json")
    assert [s["rep_email"] for s in json.loads(out)] == ["sam@example.com"]
    code, out, _ = _run("coaching", "list")
    assert code == 0 and "Sam" not in out and "sam@example.com" in out and "competencies" in out


@pytest.mark.parametrize(
    ("args", "message", "exit_code"),
    [  # 2: the option is written wrong (usage); 1: the session is rejected (README: exit codes)
        (("--focus", "luck"), "--focus: 'luck' is not a root cause", 1),
        (("--on", "30/11/2026"), "--on: '30/11/2026' is not a date", 2),
        (("--action", "Call back"), "--action #1: 'Call back' has no due date", 2),
        (("--action", f"Too early@{(TODAY - timedelta(days=30)).isoformat()}"), "--action #1 due:", 1),
        (("--coach", "west@example.com"), "--coach: west@example.com is neither a leader nor the manager", 1),
        (("--rep", "nobody@example.com"), "--rep: no rep with email 'nobody@example.com'", 1),
    ],
)
def test_bad_input_exits_with_a_message_naming_the_option(
    db: Database, args: tuple[str, ...], message: str, exit_code: int
) -> None:
    base = {
        "--rep": "sam@example.com",
        "--coach": "boss@example.com",
        "--focus": "competencies",
        "--on": LAST_WEEK,
    }
    options = dict(base)
    actions: list[str] = []
    for key, value in zip(args[::2], args[1::2], strict=True):
        if key == "--action":
            actions += ["--action", value]
        else:
            options[key] = value
    code, _out, err = _run("coaching", "add", *[x for kv in options.items() for x in kv], *actions)
    assert code == exit_code
    assert message in " ".join(err.split()), err
    assert json.loads(_run("coaching", "list", "--format", "json")[1]) == []


def test_list_rejects_a_backwards_period_and_an_unknown_rep(db: Database) -> None:
    code, _, err = _run("coaching", "list", "--from", "2026-11-30", "--to", "2026-11-01")
    assert code == 2 and "--to:" in err
    code, _, err = _run("coaching", "list", "--rep", "ghost@example.com")
    assert code == 1 and "no rep with email" in err
