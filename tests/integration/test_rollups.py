"""The rollups equal a GROUP BY over raw activities after inserts, edits and deletes (both databases)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select, update

from repfocus.store.activities import delete_activities, rebuild_rollups, recompute_rollups_for
from repfocus.store.db import Database
from repfocus.store.models import Account, Activity, ActivityRollup
from tests.factories import make_account, make_activity, make_contact, make_organization, make_user


def _rollups(db: Database) -> set[tuple[object, ...]]:
    with db.session() as s:
        return {
            tuple(r)
            for r in s.execute(
                select(
                    ActivityRollup.rep_id,
                    ActivityRollup.day,
                    ActivityRollup.category,
                    ActivityRollup.persona,
                    ActivityRollup.tier,
                    ActivityRollup.account_status,
                    ActivityRollup.minutes,
                    ActivityRollup.count,
                )
            )
        }


def test_activity_late_in_the_evening_counts_on_the_local_day(any_db: Database) -> None:
    with any_db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        rep = make_user(s)
        # 02:30 UTC on Nov 3 is 20:30 on Nov 2 in Chicago
        make_activity(s, rep_id=rep.id, started_at=datetime(2026, 11, 3, 2, 30, tzinfo=UTC))
        s.commit()
    assert {(r[1], r[6], r[7]) for r in _rollups(any_db)} == {(date(2026, 11, 2), 30, 1)}


def test_rollups_follow_inserts_tier_changes_and_deletes(any_db: Database) -> None:
    with any_db.session() as s:
        make_organization(s)
        rep = make_user(s)
        account = make_account(s, tier="A", status="prospect")
        contact = make_contact(s, account_id=account.id, persona="hr_recruiter")
        for minutes in (10, 20, 30):
            make_activity(
                s,
                rep_id=rep.id,
                account_id=account.id,
                contact_id=contact.id,
                duration_minutes=minutes,
                external_id=f"x{minutes}",
                source="csv",
            )
        s.commit()
        assert _rollups(any_db) == {
            (rep.id, date(2026, 11, 2), "prospecting_call", "hr_recruiter", "A", "prospect", 60, 3)
        }

        recompute_rollups_for(
            s,
            Activity.account_id == account.id,
            lambda: s.execute(update(Account).where(Account.id == account.id).values(tier="C")),
        )
        delete_activities(s, Activity.external_id == "x10")
        s.commit()
    expected = {(rep.id, date(2026, 11, 2), "prospecting_call", "hr_recruiter", "C", "prospect", 50, 2)}
    assert _rollups(any_db) == expected
    with any_db.session() as s:
        assert rebuild_rollups(s) == 2
        s.commit()
    assert _rollups(any_db) == expected


def test_a_rebuild_holding_few_keys_at_a_time_gives_the_rollups_activity_by_activity_did(
    any_db: Database,
) -> None:
    with any_db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        reps = [make_user(s).id for _ in range(3)]
        account = make_account(s, tier="A", status="prospect")
        contact = make_contact(s, account_id=account.id, persona="it_hiring_manager")
        times = [
            datetime(2026, 11, 3, 5, 59, 59, 999_999, tzinfo=UTC),  # 23:59:59.999999 on Nov 2 in Chicago
            datetime(2026, 11, 3, 6, 0, tzinfo=UTC),  # midnight: Nov 3
            datetime(2026, 3, 8, 7, 59, tzinfo=UTC),  # 01:59 CST, just before the clocks go forward
            datetime(1969, 12, 31, 23, 59, 30, tzinfo=UTC),  # before the epoch: Dec 31 in Chicago
        ]
        n = 0
        for rep in reps:
            for at in times:
                for linked in (True, False):
                    n += 1
                    make_activity(
                        s,
                        rep_id=rep,
                        started_at=at,
                        duration_minutes=n,
                        account_id=account.id if linked else None,
                        contact_id=contact.id if linked else None,
                        category=None if n % 5 == 0 else "prospecting_call",
                        external_id=f"r{n}",
                        source="csv",
                    )
        s.commit()
    kept = _rollups(any_db)  # kept in step row by row as the activities went in
    with any_db.session() as s:
        assert rebuild_rollups(s, batch=5, held_keys=3) == n  # many small reads, keys added three at a time
        s.commit()
    assert _rollups(any_db) == kept
    assert {r[1] for r in kept} == {
        date(2026, 11, 2),
        date(2026, 11, 3),
        date(2026, 3, 8),
        date(1969, 12, 31),
    }
