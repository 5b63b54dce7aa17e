"""`repfocus competencies rate|show` and `repfocus training assign|list|done` through the CLI runner."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from repfocus.cli.main import app as cli
from repfocus.config import get_settings
from repfocus.store.db import Database
from repfocus.store.models import AuditEntry, PlaybookItem
from tests.factories import make_organization, make_team, make_user

runner = CliRunner()
TODAY = date.today()


@pytest.fixture
def db(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The CLI's database: a team with one rep, and a playbook item to study."""
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", sqlite_db.url)
    get_settings.cache_clear()
    with sqlite_db.session() as s:
        make_organization(s)
        team = make_team(s, name="East")
        make_user(s, email="sam@example.com", name="Sam Rep", team_id=team.id)
        s.add(PlaybookItem(slug="rates", kind="objection_response", title="Rates too high", body="Hold."))
        s.commit()
    yield sqlite_db
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_ratings_are_added_and_shown_as_table_json_and_csv(db: Database) -> None:
    old = (TODAY - timedelta(days=100)).isoformat()
    code, out, err = _run("competencies", "rate", "sam@example.com", "talking_money", "4", "--on", old)
    assert code == 0, err
    assert "talking_money 4/5" in out
    code, out, err = _run(
        "competencies", "rate", "sam@example.com", "talking_money", "2", "--note", "Caved on the rate."
    )
    assert code == 0, err
    code, out, _ = _run("competencies", "show", "sam@example.com", "--format", "json")
    assert code == 0
    shown = json.loads(out)
    money = next(c for c in shown["competencies"] if c["competency"] == "talking_money")
    assert (money["score"], money["history"], money["change_90_days"], money["needs_training"]) == (
        2,
        [4, 2],
        -2,
        True,
    )
    assert money["evidence"] == "Caved on the rate."
    assert len(shown["competencies"]) == 8
    rows = list(
        csv.DictReader(io.StringIO(_run("competencies", "show", "sam@example.com", "--format", "csv")[1]))
    )
    assert next(r for r in rows if r["competency"] == "talking_money")["history"] == "4 2"
    code, out, _ = _run("competencies", "show", "sam@example.com")
    assert code == 0 and "Talking money (rates)" in out and "needs training" in out
    with db.read_session() as s:
        assert list(s.scalars(select(AuditEntry.action))) == ["competency.rate", "competency.rate"]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("charm", "3"), 1, "use one of prospecting_calls, discovery_questions"),
        (("negotiation", "6"), 1, "SCORE: 6 is outside 1-5"),
        (("negotiation", "0"), 1, "SCORE: 0 is outside 1-5"),
        (("negotiation", "three"), 2, "Invalid value for"),
        (("negotiation", "3", "--on", "tomorrowish"), 2, "--on: 'tomorrowish' is not a date"),
    ],
)
def test_a_bad_rating_is_refused_with_a_clear_message(
    db: Database, args: tuple[str, ...], code: int, words: str
) -> None:
    got, _, err = _run("competencies", "rate", "sam@example.com", *args)
    assert got == code
    assert words in " ".join(err.split())


def test_an_unknown_rep_is_an_error_naming_the_argument(db: Database) -> None:
    code, _, err = _run("competencies", "show", "nobody@example.com")
    assert code == 1 and "REP_EMAIL: no rep with email 'nobody@example.com'" in err


def test_training_is_assigned_listed_and_marked_done(db: Database) -> None:
    with db.read_session() as s:
        item = s.scalar(select(PlaybookItem.id))
    due = (TODAY + timedelta(days=7)).isoformat()
    code, out, err = _run(
        "training", "assign", "sam@example.com", "--title", "Study the rate objection",
        "--competency", "talking_money", "--due", due, "--playbook-item", str(item),
    )  # fmt: skip
    assert code == 0, err
    assert f"due {due}" in out
    [listed] = json.loads(_run("training", "list", "--status", "assigned", "--format", "json")[1])
    assert (listed["playbook_slug"], listed["competency"], listed["due_on"]) == (
        "rates",
        "talking_money",
        due,
    )
    code, out, err = _run("training", "done", str(listed["id"]), "--note", "Read and practised.")
    assert code == 0, err
    rows = list(
        csv.DictReader(
            io.StringIO(_run("training", "list", "--rep", "sam@example.com", "--format", "csv")[1])
        )
    )
    assert [(r["status"], r["completed_on"], r["note"]) for r in rows] == [
        ("done", TODAY.isoformat(), "Read and practised.")
    ]
    assert json.loads(_run("training", "list", "--status", "assigned", "--format", "json")[1]) == []
    code, out, _ = _run("training", "list")
    assert code == 0 and "Study the rate objection" in out


def test_training_errors_name_the_option(db: Database) -> None:
    cases = [
        (("assign", "sam@example.com", "--title", "X", "--competency", "charm"), 1, "--competency: 'charm'"),
        (
            ("assign", "sam@example.com", "--title", "X", "--playbook-item", "999"),
            1,
            "--playbook-item: there is",
        ),
        (("assign", "sam@example.com", "--title", "X", "--due", "soon"), 2, "--due: 'soon' is not a date"),
        (("assign", "sam@example.com", "--title", "   "), 1, "--title: is empty"),
        (("list", "--status", "started"), 2, "--status: 'started' is not a status"),
        (("done", "4242"), 1, "ID: no training assignment 4242"),
    ]
    for args, code, words in cases:
        got, _, err = _run("training", *args)
        assert got == code, (args, err)
        assert words in " ".join(err.split()), (args, err)
