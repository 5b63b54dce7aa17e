"""Importing a rep's .ics calendar: contacts matched by attendee email, classification, idempotency."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from repfocus.domain.period import Period
from repfocus.services.calendar_imports import CalendarUnreadable, RepUnknown, import_calendar
from repfocus.store.db import Database
from repfocus.store.models import Activity, ActivityRollup, Contact, Organization
from tests.factories import make_account, make_contact, make_organization, make_user

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"
REP = "ann@acme-staffing.example"
MARCH = Period(date(2026, 3, 1), date(2026, 4, 30))


@pytest.fixture
def db(any_db: Database) -> Database:
    with any_db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        make_user(s, email=REP)
        initech = make_account(s, name="Initech", domain="initech.example", status="prospect")
        make_contact(
            s, name="Michael Bolton", email="michael.bolton@initech.example", persona="it_hiring_manager",
            account_id=initech.id,
        )  # fmt: skip
        make_account(s, name="Globex", domain="globex.example", status="active_client")
        s.commit()
    return any_db


def _import(db: Database, name: str, **options: object) -> dict[str, object]:
    values: dict[str, object] = {"rep_email": REP, "period": MARCH, **options}
    return import_calendar(db, data=(FIXTURES / name).read_bytes(), file_name=name, **values).as_dict()  # type: ignore[arg-type]


def test_a_meeting_with_a_prospects_it_hiring_manager_is_a_prospect_meeting(db: Database) -> None:
    report = _import(db, "attendance.ics")
    assert (report["imported"], report["matched_contacts"], report["rejected"]) == (2, 1, [])
    assert report["skipped"] == {"cancelled": 1, "declined": 1, "outside_window": 1, "transparent": 1}
    with db.session() as s:
        rows = {
            a.external_id: (a.category, a.classified_by, a.contact_id is not None, a.kind, a.source)
            for a in s.scalars(select(Activity))
        }
        michael = s.scalar(select(Contact.id).where(Contact.email == "michael.bolton@initech.example"))
        assert (
            s.scalar(select(Activity.contact_id).where(Activity.external_id == "meet-hiring-manager"))
            == michael
        )
        assert s.scalar(select(func.count()).select_from(Contact)) == 1  # attendees never create contacts
        assert s.scalar(select(func.sum(ActivityRollup.minutes))) == 90
    assert rows["meet-hiring-manager"] == ("prospect_meeting", "prospect-meeting", True, "meeting", "ics")
    # Only the attendee's domain is known: the meeting is with Globex, an active client.
    assert rows["declined-by-other"][0] == "client_servicing"


def test_re_importing_the_calendar_adds_nothing(db: Database) -> None:
    _import(db, "recurrence.ics")
    again = _import(db, "recurrence.ics")
    assert (again["imported"], again["duplicates"]) == (0, 66)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 66


def test_a_wider_window_later_adds_only_the_new_occurrences(db: Database) -> None:
    _import(db, "recurrence.ics", period=Period(date(2026, 3, 1), date(2026, 3, 31)))
    report = _import(db, "recurrence.ics")
    assert report["imported"] == 30 + 1  # April's standups and the April 6 review
    assert report["duplicates"] == 35


def test_events_without_a_duration_get_the_meeting_default_and_are_marked_estimated(db: Database) -> None:
    report = _import(db, "durations.ics")
    assert (report["imported"], report["estimated_durations"]) == (3, 1)
    with db.session() as s:
        row = s.execute(
            select(Activity.duration_minutes, Activity.duration_estimated).where(
                Activity.external_id == "dur-neither"
            )
        ).one()
    assert row == (30, True)


def test_all_day_events_count_only_when_the_organization_says_so(db: Database) -> None:
    assert _import(db, "all_day.ics", dry_run=True)["imported"] == 1
    with db.session() as s:
        org = s.scalars(select(Organization)).one()
        org.settings = {"calendar": {"count_all_day": True, "all_day_minutes": 450}}
        s.commit()
    report = _import(db, "all_day.ics")
    assert report["imported"] == 7 and report["skipped"] == {}
    with db.session() as s:
        assert s.scalar(select(func.max(Activity.duration_minutes))) == 450


def test_a_dry_run_writes_nothing(db: Database) -> None:
    report = _import(db, "time_zones.ics", dry_run=True)
    assert report["imported"] == 4
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0


def test_a_bad_event_rejects_the_atomic_import_and_partial_keeps_the_good_ones(db: Database) -> None:
    report = _import(db, "broken_event.ics")
    assert [(e["line"], e["field"]) for e in report["rejected"]] == [(9, "RRULE"), (16, "DTSTART")]  # type: ignore[union-attr]
    assert report["imported"] == 0
    assert _import(db, "broken_event.ics", partial=True)["imported"] == 1


def test_an_unknown_rep_is_refused_before_reading(db: Database) -> None:
    with pytest.raises(RepUnknown, match="nobody@acme"):
        _import(db, "attendance.ics", rep_email="nobody@acme-staffing.example")


def test_the_rep_email_is_matched_case_insensitively(db: Database) -> None:
    assert _import(db, "attendance.ics", rep_email="ANN@Acme-Staffing.example")["imported"] == 2


def test_a_file_no_parser_accepts_is_a_clear_error(db: Database) -> None:
    with pytest.raises(CalendarUnreadable, match="not an iCalendar"):
        import_calendar(db, data=b"id,name\n1,x\n", rep_email=REP, period=MARCH)


def test_a_real_exchange_series_imports(db: Database, shared_fixtures: Path) -> None:
    data = (shared_fixtures / "ics" / "jazzband_icalevents" / "multi_exdate_same_line_ms.ics").read_bytes()
    report = import_calendar(
        db, data=data, rep_email=REP, period=Period(date(2022, 1, 1), date(2022, 12, 31))
    )
    assert report.report.imported == 5 and report.report.committed
