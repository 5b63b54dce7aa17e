"""`repfocus import calendar` and `repfocus import funnel` through the CLI runner."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from repfocus.cli.main import app
from repfocus.config import get_settings
from repfocus.store.db import Database
from tests.factories import make_account, make_contact, make_organization, make_user

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REP = "ann@acme-staffing.example"
runner = CliRunner()


@pytest.fixture
def cli_db(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    with sqlite_db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        make_user(s, email=REP)
        initech = make_account(s, name="Initech", domain="initech.example", status="prospect")
        make_contact(
            s, email="michael.bolton@initech.example", persona="it_hiring_manager", account_id=initech.id
        )
        s.commit()
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", sqlite_db.url)
    get_settings.cache_clear()
    yield sqlite_db
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_import_calendar_prints_the_json_report_and_re_import_adds_nothing(cli_db: Database) -> None:
    args = ["import", "calendar", str(FIXTURES / "ics" / "attendance.ics"), "--rep", REP]
    code, out = _run(*args, "--from", "2026-03-01", "--to", "2026-03-31", "--json")
    report = json.loads(out)
    assert code == 0
    assert (report["imported"], report["matched_contacts"], report["window"]) == (
        2,
        1,
        {"from": "2026-03-01", "to": "2026-03-31"},
    )
    assert report["by_category"]["prospect_meeting"] == 60
    code, out = _run(*args, "--from", "2026-03-01", "--to", "2026-03-31", "--json")
    assert (code, json.loads(out)["imported"], json.loads(out)["duplicates"]) == (0, 0, 2)


def test_import_calendar_table_output_names_the_skips(cli_db: Database) -> None:
    code, out = _run(
        "import", "calendar", str(FIXTURES / "ics" / "attendance.ics"), "--rep", REP, "--from", "2026-03-01"
    )
    assert code == 0
    assert "skipped: declined" in out and "matched to contacts" in out


def test_import_calendar_with_a_bad_event_exits_1_and_names_line_and_field(cli_db: Database) -> None:
    code, out = _run(
        "import", "calendar", str(FIXTURES / "ics" / "broken_event.ics"), "--rep", REP, "--from", "2026-03-01"
    )
    assert code == 1
    assert "line 9: RRULE" in out and "REJECTED" in out


def test_import_calendar_refuses_what_it_cannot_read_with_a_clear_message(
    cli_db: Database, tmp_path: Path
) -> None:
    fake = tmp_path / "photo.ics"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    code, out = _run("import", "calendar", str(fake), "--rep", REP)
    assert code == 1 and "binary file" in out and "Traceback" not in out
    code, out = _run(
        "import", "calendar", str(FIXTURES / "ics" / "attendance.ics"), "--rep", "x@nowhere.example"
    )
    assert code == 1 and "no rep with email x@nowhere.example" in out
    code, out = _run(
        "import", "calendar", str(FIXTURES / "ics" / "attendance.ics"), "--rep", REP, "--from", "March"
    )
    assert code == 2 and "YYYY-MM-DD" in out


def test_import_funnel_recognises_the_entity_and_maps_owners(cli_db: Database) -> None:
    jobs = str(FIXTURES / "bullhorn" / "joborder.json")
    code, out = _run("import", "funnel", jobs, "--owner", f"7={REP}", "--rep", REP, "--json")
    assert code == 0, out
    report = json.loads(out[out.index("{") :])
    assert (report["entity"], report["imported"]) == ("joborder", 3)
    code, out = _run("import", "funnel", str(FIXTURES / "bullhorn" / "sendout.json"))
    assert code == 0 and "Sendout" in out


def test_import_funnel_reports_rejected_rows_and_usage_errors(cli_db: Database) -> None:
    code, out = _run("import", "funnel", str(FIXTURES / "bullhorn" / "placement.json"))
    assert code == 1 and "job order 102 has not been imported" in out
    code, out = _run("import", "funnel", str(FIXTURES / "bullhorn" / "placement.json"), "--entity", "deal")
    assert code == 2
    code, out = _run("import", "funnel", str(FIXTURES / "bullhorn" / "placement.json"), "--owner", "7")
    assert code == 2 and "BULLHORN_USER_ID=EMAIL" in out
