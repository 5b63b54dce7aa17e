"""`repfocus settings show | set` through the CLI runner."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from repfocus.cli.main import app as cli
from repfocus.config import get_settings
from repfocus.domain.org_settings import KEYS
from repfocus.store.db import Database
from repfocus.store.models import AuditEntry
from tests.factories import make_organization

runner = CliRunner()


@pytest.fixture
def db(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", sqlite_db.url)
    get_settings.cache_clear()
    with sqlite_db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        s.commit()
    yield sqlite_db
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), env={"COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


def _shown() -> dict[str, object]:
    code, out, err = _run("settings", "show", "--format", "json")
    assert code == 0, err
    return dict(json.loads(out))


def test_settings_are_shown_as_a_table_with_what_each_does_and_as_json(db: Database) -> None:
    code, out, _ = _run("settings", "show")
    assert code == 0
    for key in KEYS:
        assert key in out
    assert "America/Chicago" in out and "rebuilds every rollup" in out
    assert _shown()["durations"] == {"call": 5, "meeting": 30, "email": 5, "task": 15, "note": 5}


@pytest.mark.parametrize(
    ("key", "value", "field", "expected"),
    [
        ("time_zone", "Europe/Berlin", "time_zone", "Europe/Berlin"),
        ("currency", "eur", "currency", "EUR"),
        ("duration.call", "10", "durations", {"call": 10, "meeting": 30, "email": 5, "task": 15, "note": 5}),
        ("working_days", "mon,tue,wed,thu", "working_days", ["mon", "tue", "wed", "thu"]),
        ("working_hours", "08:30-17:00", "working_hours", {"start": "08:30", "end": "17:00"}),
        ("count_all_day", "yes", "count_all_day", True),
        ("all_day_hours", "7.5", "all_day_hours", 7.5),
    ],
)
def test_each_key_is_set_audited_and_shown(
    db: Database, key: str, value: str, field: str, expected: object
) -> None:
    code, out, err = _run("settings", "set", key, value)
    assert code == 0, err
    assert f"{key}: " in out and " -> " in out
    assert _shown()[field] == expected
    with db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "settings.change")).one()
    assert entry.actor_email == "" and list(entry.details["changes"]) == [key]


def test_a_new_time_zone_reports_the_rollup_rebuild(db: Database) -> None:
    code, out, _ = _run("settings", "set", "time_zone", "Asia/Tokyo")
    assert code == 0 and "rollups rebuilt in Asia/Tokyo" in out
    code, out, _ = _run("settings", "set", "time_zone", "Asia/Tokyo")
    assert code == 0 and "nothing changed" in out


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("time_zone", "Mars/Olympus", "time_zone: 'Mars/Olympus' is not an IANA time zone"),
        ("duration.call", "7.5", "duration.call: '7.5' is not a whole number of minutes"),
        ("working_days", "mon,funday", "working_days: funday: not a day"),
        ("colour", "red", "colour: not a setting"),
    ],
)
def test_a_bad_value_exits_1_naming_the_key_and_the_reason(
    db: Database, key: str, value: str, message: str
) -> None:
    code, _, err = _run("settings", "set", key, value)
    assert code == 1
    assert message in " ".join(err.split())
    assert _shown()["time_zone"] == "America/Chicago"


def test_the_help_explains_every_key(db: Database) -> None:
    code, out, _ = _run("settings", "set", "--help")
    assert code == 0
    flat = " ".join(out.split())
    for key, what in KEYS.items():
        assert f"{key}: {' '.join(what.split())[:40]}" in flat, key
