"""The rep trend: weekly series from the rollups and one local week's raw activities (both databases)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from repfocus.analytics.allocation import allocation
from repfocus.analytics.trend import week_activities, weekly_allocation
from repfocus.domain.period import Period
from repfocus.store.db import Database
from tests.factories import make_account, make_activity, make_contact, make_organization, make_user

CHICAGO = ZoneInfo("America/Chicago")


def test_weekly_series_splits_the_period_total_by_local_week(any_db: Database) -> None:
    period = Period(date(2026, 10, 19), date(2026, 11, 8))  # three weeks
    with any_db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        rep = make_user(s)
        # Sunday Nov 1 23:30 local (after the DST change) is 05:30 UTC on Monday Nov 2
        make_activity(
            s, rep_id=rep.id, started_at=datetime(2026, 11, 2, 5, 30, tzinfo=UTC), duration_minutes=40
        )
        make_activity(
            s,
            rep_id=rep.id,
            started_at=datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
            duration_minutes=60,
            category="crm_admin",
        )
        make_activity(
            s, rep_id=rep.id, started_at=datetime(2026, 10, 20, 15, 0, tzinfo=UTC), duration_minutes=25
        )
        s.commit()
        weeks = weekly_allocation(s, rep_ids=[rep.id], period=period)[rep.id]
        total = allocation(s, period=period).reps[0]
    assert [w.week for w in weeks] == [date(2026, 10, 19), date(2026, 10, 26), date(2026, 11, 2)]
    assert [w.minutes["selling"] for w in weeks] == [25, 40, 0]
    assert [w.minutes["admin"] for w in weeks] == [0, 0, 60]
    assert [w.selling_share for w in weeks] == [1.0, 1.0, 0.0]
    for bucket, minutes in total.minutes.items():
        assert sum(w.minutes[bucket] for w in weeks) == minutes


def test_a_week_without_activity_has_no_selling_share(any_db: Database) -> None:
    with any_db.session() as s:
        rep = make_user(s)
        s.commit()
        weeks = weekly_allocation(s, rep_ids=[rep.id], period=Period(date(2026, 11, 2), date(2026, 11, 8)))
    assert weeks[rep.id][0].total_minutes == 0
    assert weeks[rep.id][0].selling_share is None


def test_week_activities_use_local_week_bounds_and_name_account_and_contact(any_db: Database) -> None:
    with any_db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        rep, other = make_user(s), make_user(s)
        account = make_account(s, name="Initech")
        contact = make_contact(s, account_id=account.id, name="Bill Lumbergh", persona="it_executive")
        inside = [
            datetime(2026, 11, 2, 6, 10, tzinfo=UTC),  # Mon Nov 2 00:10 local
            datetime(2026, 11, 9, 5, 50, tzinfo=UTC),  # Sun Nov 8 23:50 local
        ]
        outside = [
            datetime(2026, 11, 2, 5, 30, tzinfo=UTC),  # Sun Nov 1 23:30 local
            datetime(2026, 11, 9, 6, 0, tzinfo=UTC),  # Mon Nov 9 00:00 local
        ]
        for at in inside + outside:
            make_activity(s, rep_id=rep.id, started_at=at, account_id=account.id, contact_id=contact.id)
        make_activity(s, rep_id=other.id, started_at=inside[0])
        s.commit()
        lines = week_activities(s, rep_id=rep.id, week=date(2026, 11, 2), zone=CHICAGO)
    assert [line.started_local for line in lines] == [at.astimezone(CHICAGO) for at in inside]
    assert lines[0].started_local.hour == 0 and lines[0].started_local.minute == 10
    assert {(line.account, line.contact, line.contact_persona, line.bucket) for line in lines} == {
        ("Initech", "Bill Lumbergh", "it_executive", "selling")
    }
