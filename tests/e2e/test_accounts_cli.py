"""`repfocus accounts list | show` through the CLI runner: the numbers, the formats and bad options."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from repfocus.cli.main import app as cli
from repfocus.config import get_settings
from repfocus.store.db import Database
from tests.factories import make_account, make_activity, make_contact, make_organization, make_user

runner = CliRunner()


@pytest.fixture
def db(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", sqlite_db.url)
    get_settings.cache_clear()
    with sqlite_db.session() as s:
        make_organization(s, time_zone="UTC")
        rep = make_user(s, email="sam@example.com", name="Sam Rep")
        globex = make_account(s, name="Globex", domain="globex.example", tier="A")
        make_account(s, name="Initech", domain="initech.example", status="active_client")
        make_contact(s, name="Pat Boss", account_id=globex.id, title="Director of Engineering")
        for day, minutes in ((2, 30), (3, 45)):
            make_activity(
                s,
                rep_id=rep.id,
                account_id=globex.id,
                duration_minutes=minutes,
                started_at=datetime(2026, 11, day, 15, tzinfo=UTC),
            )
        s.commit()
    yield sqlite_db
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), env={"COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


PERIOD = ("--from", "2026-11-01", "--to", "2026-11-30")


def test_the_list_counts_the_period_in_every_format(db: Database) -> None:
    code, out, err = _run("accounts", "list", *PERIOD, "--sort", "minutes", "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    assert found["period"] == {"from": "2026-11-01", "to": "2026-11-30"} and found["total"] == 2
    assert found["activity_scope"] == "all" and found["limit"] is None  # the API's shape, every match
    first, second = found["items"]
    assert (first["name"], first["minutes"], first["activities"], first["tier"]) == ("Globex", 75, 2, "A")
    assert first["last_touch"].startswith("2026-11-03")
    assert (second["name"], second["minutes"], second["last_touch"]) == ("Initech", 0, None)
    code, out, _ = _run("accounts", "list", *PERIOD, "--search", "INIT", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0][:3] == ["id", "name", "domain"] and [r[1] for r in rows[1:]] == ["Initech"]
    code, out, _ = _run("accounts", "list", "--from", "2026-11-03", "--to", "2026-11-03")
    assert code == 0 and "Globex" in out and " 45 " in out and "never" in out


def test_one_account_shows_its_time_contacts_and_json(db: Database) -> None:
    code, out, err = _run("accounts", "list", "--format", "json")
    globex = next(i["id"] for i in json.loads(out)["items"] if i["name"] == "Globex")
    code, out, err = _run("accounts", "show", str(globex), *PERIOD)
    assert code == 0, err
    assert "75 minutes from 2026-11-01 to 2026-11-30" in out
    assert "sam@example.com: 75 min in 2 activities" in out and "Pat Boss (Director of Engineering)" in out
    code, out, err = _run("accounts", "show", str(globex), *PERIOD, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["total_minutes"] == 75 and shown["contacts"][0]["name"] == "Pat Boss"


def test_bad_options_and_an_unknown_account_say_what_is_wrong(db: Database) -> None:
    code, _, err = _run("accounts", "list", "--status", "asleep")
    assert code == 2 and "--status: 'asleep' is not one of" in err
    code, _, err = _run("accounts", "list", "--sort", "size")
    assert code == 2 and "--sort" in err
    code, _, err = _run("accounts", "list", "--from", "2026-13-01")
    assert code == 2 and "--from" in err and "YYYY-MM-DD" in err
    code, _, err = _run("accounts", "show", "999999")
    assert code == 1 and "no account with id 999999" in err
