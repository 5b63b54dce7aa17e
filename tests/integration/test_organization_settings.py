"""Organization settings changed through the service, and their effect on the code that reads them:
imports, calendar all-day events, the rollups' local day, the cadence's working week, incentive currency."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from repfocus.analytics.cadence import cadence
from repfocus.domain.access import AccessDenied, Actor
from repfocus.domain.period import Period
from repfocus.domain.targets import TargetValue
from repfocus.importers.records import ActivityRecord
from repfocus.services import incentives
from repfocus.services.calendar_imports import import_calendar
from repfocus.services.imports import import_activities
from repfocus.services.organization_settings import SettingsInvalid, change_settings, read_settings
from repfocus.services.targets import set_targets
from repfocus.store.db import Database
from repfocus.store.models import Activity, ActivityRollup, AuditEntry, Organization, User, WeeklyRollup
from tests.factories import make_activity, make_organization, make_team, make_user

REP = "ann@acme.example"
ICS = Path(__file__).resolve().parents[1] / "fixtures" / "ics"


@pytest.fixture
def db(any_db: Database) -> Database:
    with any_db.session() as s:
        make_organization(s, time_zone="America/Chicago", settings={"hiring_weights": {"persistence": 1.0}})
        team = make_team(s, name="East")
        make_user(s, email=REP, team_id=team.id)
        s.commit()
    return any_db


def _leader(db: Database) -> Actor:
    with db.session() as s:
        user = make_user(s, email="lea@acme.example", role="leader")
        s.commit()
        return Actor(user_id=user.id, role="leader", team_ids=frozenset(), email=user.email)


def _audit(db: Database) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == "settings.change")))


def test_a_change_is_saved_and_audited_with_before_and_after(db: Database) -> None:
    leader = _leader(db)
    done = change_settings(
        db, actor=leader, changes={"currency": "eur", "duration.call": "12", "name": "Acme"}
    )
    assert done.changes == {
        "name": {"before": "Acme Staffing", "after": "Acme"},
        "currency": {"before": "USD", "after": "EUR"},
        "duration.call": {"before": 5, "after": 12},
    }
    assert not done.rollups_rebuilt
    entries = _audit(db)
    assert [(e.actor_email, e.details["changes"]) for e in entries] == [("lea@acme.example", done.changes)]
    got = read_settings(db, actor=None)
    assert (got.name, got.currency, got.durations["call"]) == ("Acme", "EUR", 12)
    with db.session() as s:
        assert s.scalars(select(Organization)).one().settings["hiring_weights"] == {"persistence": 1.0}


def test_a_save_that_changes_nothing_writes_no_audit_entry(db: Database) -> None:
    done = change_settings(db, actor=None, changes={"currency": "USD", "time_zone": "America/Chicago"})
    assert done.changes == {} and _audit(db) == []


def test_one_bad_value_saves_nothing_at_all(db: Database) -> None:
    with pytest.raises(SettingsInvalid) as caught:
        change_settings(
            db, actor=None, changes={"currency": "EUR", "working_days": "", "time_zone": "Mars/Base"}
        )
    assert set(caught.value.problems) == {"working_days", "time_zone"}
    got = read_settings(db, actor=None)
    assert (got.currency, got.time_zone) == ("USD", "America/Chicago")
    assert _audit(db) == []


def test_managers_read_the_settings_reps_do_not_and_only_leaders_change_them(db: Database) -> None:
    manager = Actor(user_id=1, role="manager", team_ids=frozenset({1}), email="m@acme.example")
    rep = Actor(user_id=2, role="rep", team_ids=frozenset({1}), email=REP)
    assert read_settings(db, actor=manager).time_zone == "America/Chicago"
    with pytest.raises(AccessDenied):
        read_settings(db, actor=rep)
    with pytest.raises(AccessDenied, match="only leaders"):
        change_settings(db, actor=manager, changes={"currency": "EUR"})
    assert read_settings(db, actor=None).currency == "USD"


def test_an_import_without_a_duration_gets_the_new_default(db: Database) -> None:
    change_settings(db, actor=None, changes={"duration.call": "11"})
    when = datetime(2026, 3, 10, 15, tzinfo=UTC)
    record = ActivityRecord(
        line=2, started_at=when, kind="call", external_id="c1", rep_email=REP, subject="Call"
    )
    report = import_activities(db, records=[record], source="csv", file_name="calls.csv", format_name="csv")
    assert report.as_dict()["estimated_durations"] == 1
    with db.session() as s:
        assert s.execute(select(Activity.duration_minutes, Activity.duration_estimated)).one() == (11, True)


def test_a_new_time_zone_moves_an_activitys_rollup_day_and_week(db: Database) -> None:
    with db.session() as s:
        rep_id = s.scalar(select(Activity.rep_id).limit(1)) or s.execute(select(Organization.id)).scalar_one()
        rep_id = s.scalars(select(User.id).where(User.email == REP)).one()
        # Monday 9 March 2026 03:00 UTC: Sunday evening in Chicago, Monday morning in Berlin
        make_activity(s, rep_id=rep_id, started_at=datetime(2026, 3, 9, 3, 0, tzinfo=UTC))
        s.commit()

    def where() -> tuple[list[date], list[date]]:
        with db.session() as s:
            return list(s.scalars(select(ActivityRollup.day))), list(s.scalars(select(WeeklyRollup.week)))

    assert where() == ([date(2026, 3, 8)], [date(2026, 3, 2)])
    done = change_settings(db, actor=None, changes={"time_zone": "Europe/Berlin"})
    assert done.rollups_rebuilt and done.activities_reread == 1
    assert where() == ([date(2026, 3, 9)], [date(2026, 3, 9)])
    assert _audit(db)[0].details["rollups_rebuilt"] is True


def test_rollups_are_rebuilt_only_when_the_zone_changes(db: Database) -> None:
    with db.session() as s:
        rep_id = s.scalars(select(User.id).where(User.email == REP)).one()
        make_activity(s, rep_id=rep_id, duration_minutes=30)
        s.execute(update(ActivityRollup).values(minutes=999))  # a drift a rebuild would repair
        s.commit()
    assert not change_settings(db, actor=None, changes={"currency": "GBP"}).rollups_rebuilt
    with db.session() as s:
        assert s.scalar(select(ActivityRollup.minutes)) == 999
    assert change_settings(db, actor=None, changes={"time_zone": "America/New_York"}).rollups_rebuilt
    with db.session() as s:
        assert s.scalar(select(ActivityRollup.minutes)) == 30


def test_all_day_events_follow_the_calendar_settings(db: Database) -> None:
    def imported(**settings: str) -> list[tuple[int, datetime]]:
        change_settings(db, actor=None, changes=settings)
        import_calendar(
            db,
            data=(ICS / "all_day.ics").read_bytes(),
            rep_email=REP,
            period=Period(date(2026, 3, 1), date(2026, 3, 31)),
        )
        with db.session() as s:
            rows = s.execute(
                select(Activity.duration_minutes, Activity.started_at).where(
                    Activity.external_id.like("%allday-one%")
                )
            )
            return [(m, t.astimezone(UTC)) for m, t in rows]

    assert imported(count_all_day="no") == []
    got = imported(count_all_day="yes", all_day_hours="6.5", working_hours="07:30-16:00")
    # 2 March 2026 07:30 in Chicago (CST, UTC-6) is 13:30 UTC
    assert got == [(390, datetime(2026, 3, 2, 13, 30, tzinfo=UTC))]


def test_the_cadence_prorates_a_partial_week_by_the_working_days(db: Database) -> None:
    set_targets(db, actor=None, team="East", values=[TargetValue("weekly_count", "prospecting_call", 10)])
    with db.session() as s:
        rep_id = s.scalars(select(User.id).where(User.email == REP)).one()
        for day in (11, 12, 13):  # Wednesday to Friday, 2 calls each
            for hour in (15, 16):
                make_activity(s, rep_id=rep_id, started_at=datetime(2026, 3, day, hour, tzinfo=UTC))
        s.commit()
    wednesday_to_sunday = Period(date(2026, 3, 11), date(2026, 3, 15))

    def per_week() -> float:
        with db.session() as s:
            return cadence(s, period=wednesday_to_sunday, rep_email=REP).reps[0].per_week["prospecting_call"]

    assert per_week() == 10.0  # 6 calls in 3 of 5 working days
    change_settings(db, actor=None, changes={"working_days": "mon,tue,wed,thu,fri,sat,sun"})
    assert per_week() == round(6 / (5 / 7), 2)


def test_a_new_plan_without_a_currency_pays_in_the_organizations_currency(db: Database) -> None:
    change_settings(db, actor=None, changes={"currency": "EUR"})
    plan = {
        "name": "Calls",
        "valid_from": "2026-12-01",
        "valid_to": "2026-12-31",
        "rules": [{"name": "Calls", "category": "prospecting_call", "per_event": "2.00"}],
    }
    assert incentives.create_plan(db, actor=None, definition=plan).plan.currency == "EUR"
