"""The import service: atomic by default, partial on request, idempotent, identities matched or created."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from repfocus.importers.records import ActivityRecord, ImportFileInvalid, RowError, Skipped
from repfocus.services.imports import import_activities
from repfocus.services.maintenance import rebuild_rollups
from repfocus.store.activities import rollup_totals
from repfocus.store.db import Database
from repfocus.store.models import Account, Activity, ActivityRollup, Contact, Team, User, WeeklyRollup
from tests.factories import make_account, make_contact, make_organization, make_user

T0 = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def _setup(db: Database) -> None:
    with db.session() as s:
        make_organization(s, time_zone="America/Chicago", settings={"duration_defaults": {"email": 7}})
        make_user(s, email="ann@acme.example")
        s.commit()


def _rec(line: int, **kw: object) -> ActivityRecord:
    fields: dict[str, object] = {
        "line": line,
        "started_at": T0,
        "kind": "call",
        "external_id": f"x{line}",
        "rep_email": "ann@acme.example",
        "duration_minutes": 10,
        "subject": "Intro call",
        "account_name": "Globex",
        "account_status": "prospect",
        **kw,
    }
    return ActivityRecord(**fields)  # type: ignore[arg-type]


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _import(db: Database, records: list[ActivityRecord | RowError | Skipped], **kw: object):  # type: ignore[no-untyped-def]
    return import_activities(db, records=records, source="csv", file_name="t.csv", **kw)  # type: ignore[arg-type]


def test_good_rows_are_imported_classified_and_rolled_up(any_db: Database) -> None:
    _setup(any_db)
    report = _import(any_db, [_rec(2), _rec(3, kind="email", duration_minutes=None, subject="Hello")])
    assert report.committed and report.ok
    assert report.as_dict()["imported"] == 2
    assert report.estimated_durations == 1
    assert report.by_category == {"prospecting_call": 10, "prospecting_email": 7}
    assert rollup_totals_of(any_db) == (17, 2)
    with any_db.session() as s:
        rows = s.execute(
            select(Activity.classified_by, Activity.duration_estimated).order_by(Activity.id)
        ).all()
    assert [tuple(r) for r in rows] == [("prospecting-call", False), ("prospecting-email", True)]


def rollup_totals_of(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return rollup_totals(s)


def test_one_rejected_row_makes_an_atomic_import_write_nothing(any_db: Database) -> None:
    _setup(any_db)
    records = [_rec(2), _rec(3, rep_email="nobody@acme.example"), _rec(4, kind="lunch")]
    report = _import(any_db, records)
    assert not report.committed
    assert [(e.line, e.field) for e in report.rejected] == [(3, "rep_email"), (4, "kind")]
    assert "nobody@acme.example" in report.rejected[0].reason
    assert report.imported == 0 and report.created_accounts == 0
    assert _count(any_db, Activity) == 0 and _count(any_db, Account) == 0
    assert rollup_totals_of(any_db) == (0, 0)


def test_partial_import_writes_the_good_rows_and_reports_the_bad(any_db: Database) -> None:
    _setup(any_db)
    records: list[ActivityRecord | RowError | Skipped] = [
        _rec(2),
        RowError(3, "started_at", "bad time"),
        _rec(4, external_id="x4"),
        Skipped(5, "deleted"),
    ]
    report = _import(any_db, records, partial=True)
    assert report.committed and report.imported == 2 and report.skipped == 1 and report.rows_read == 4
    assert [e.as_dict() for e in report.rejected] == [
        {"line": 3, "field": "started_at", "reason": "bad time"}
    ]
    assert _count(any_db, Activity) == 2


def test_reimporting_the_same_rows_adds_nothing_even_without_external_ids(any_db: Database) -> None:
    _setup(any_db)
    records = [_rec(2), _rec(3, external_id=None, subject="Follow-up call")]
    first = _import(any_db, records)
    second = _import(any_db, [_rec(2), _rec(3, external_id=None, subject="Follow-up call")])
    assert first.imported == 2
    assert second.imported == 0 and second.duplicates == 2
    assert _count(any_db, Activity) == 2
    assert rollup_totals_of(any_db) == (20, 2)


def test_dry_run_counts_everything_and_writes_nothing(any_db: Database) -> None:
    _setup(any_db)
    report = _import(any_db, [_rec(2, contact_email="jd@globex.com", contact_title="CIO")], dry_run=True)
    assert report.imported == 1 and report.created_accounts == 1 and report.created_contacts == 1
    assert not report.committed
    assert _count(any_db, Activity) == 0 and _count(any_db, Contact) == 0


def test_accounts_and_contacts_are_matched_before_they_are_created(any_db: Database) -> None:
    _setup(any_db)
    with any_db.session() as s:
        acme = make_account(s, name="Initech", domain="initech.com", status="active_client")
        make_contact(s, name="Bill L", email="bill@initech.com", account_id=acme.id, persona="it_executive")
        s.commit()
    records = [
        _rec(
            2,
            account_name=None,
            account_status=None,
            account_domain="INITECH.com",
            contact_email="bill@initech.com",
        ),
        _rec(3, account_name="Globex", contact_name="Jane Doe", contact_title="Talent Acquisition Partner"),
        _rec(4, account_name="globex ", contact_name="jane doe"),
    ]
    report = _import(any_db, records)
    assert (report.created_accounts, report.created_contacts) == (1, 1)
    with any_db.session() as s:
        persona = s.scalar(select(Contact.persona).where(Contact.name == "Jane Doe"))
        categories = s.scalars(select(Activity.category).order_by(Activity.id)).all()
    assert persona == "hr_recruiter"
    assert categories == ["client_servicing", "prospecting_call", "prospecting_call"]


def test_unknown_reps_are_created_with_their_team_only_when_asked(any_db: Database) -> None:
    _setup(any_db)
    records = [_rec(2, rep_email=None, rep_source_id="0051G000005Mun4QAC")]
    refused = _import(any_db, records)
    assert refused.rejected[0].field == "owner" and "[users]" in refused.rejected[0].reason
    mapped = _import(
        any_db,
        [_rec(2, rep_email=None, rep_source_id="005X")],
        user_map={"005X": "new@acme.example"},
        create_reps=True,
        team="East",
    )
    assert mapped.created_reps == 1 and mapped.imported == 1
    with any_db.session() as s:
        team = s.scalar(
            select(Team.name).join(User, User.team_id == Team.id).where(User.email == "new@acme.example")
        )
    assert team == "East"
    outside = _import(any_db, [_rec(2, rep_email="j\u00f6rg@acme.example")], create_reps=True)
    assert [(e.field, e.reason) for e in outside.rejected] == [
        ("rep_email", "'j\u00f6rg@acme.example' has letters outside ASCII: write it in ASCII")
    ]


def test_a_category_given_by_the_file_wins_and_is_marked_as_from_the_source(any_db: Database) -> None:
    _setup(any_db)
    report = _import(any_db, [_rec(2, category="negotiation"), _rec(3, category="napping")])
    assert [e.field for e in report.rejected] == ["category"]
    report = _import(any_db, [_rec(2, category="negotiation")])
    with any_db.session() as s:
        assert s.execute(select(Activity.category, Activity.classified_by)).one() == ("negotiation", "source")
    assert report.by_category == {"negotiation": 10}


def test_activity_no_rule_matches_is_counted_as_unclassified(any_db: Database) -> None:
    _setup(any_db)
    report = _import(any_db, [_rec(2, kind="task", subject="Misc", account_name=None, account_status=None)])
    assert report.unclassified == 1 and report.by_category == {"unclassified": 10}


def test_implausible_times_and_durations_are_rejected_with_the_reason(any_db: Database) -> None:
    _setup(any_db)
    report = _import(
        any_db,
        [
            _rec(2, started_at=datetime(1970, 1, 19, tzinfo=UTC)),
            _rec(3, duration_minutes=7860),
        ],
        partial=True,
    )
    assert [(e.line, e.field) for e in report.rejected] == [(2, "started_at"), (3, "duration_minutes")]
    assert "epoch seconds" in report.rejected[0].reason


def _exploding() -> Iterator[ActivityRecord]:
    yield from (_rec(i) for i in range(2, 12_000))
    raise ImportFileInvalid("line 12000: not UTF-8")


def test_an_import_that_fails_halfway_leaves_the_database_as_it_was(any_db: Database) -> None:
    _setup(any_db)
    with pytest.raises(ImportFileInvalid):
        import_activities(any_db, records=_exploding(), source="csv", file_name="t.csv")
    assert _count(any_db, Activity) == 0 and _count(any_db, Account) == 0
    assert rollup_totals_of(any_db) == (0, 0)


def test_rollups_kept_by_a_bulk_import_equal_a_rebuild_from_raw_activities(any_db: Database) -> None:
    _setup(any_db)
    with any_db.session() as s:
        make_user(s, email="bob@acme.example")
        s.commit()
    records: list[ActivityRecord | RowError | Skipped] = [
        _rec(
            i,
            rep_email=("ann@acme.example", "bob@acme.example")[i % 2],
            kind=("call", "meeting", "email", "task")[i % 4],
            started_at=T0.replace(hour=i % 24),  # crosses local midnight in Chicago
            account_name=f"Account {i % 7}",
            account_status=("prospect", "active_client")[i % 3 == 0],
            contact_name=f"Person {i % 11}",
            contact_title=("CTO", "Recruiter", None)[i % 3],
            duration_minutes=(None, 15, 45)[i % 3],
        )
        for i in range(2, 400)
    ]
    report = _import(any_db, records)
    assert report.imported == 398
    with any_db.session() as s:
        before = sorted(tuple(r) for r in s.execute(select(ActivityRollup.__table__)))
        weekly_before = sorted(tuple(r) for r in s.execute(select(WeeklyRollup.__table__)))
    rebuild_rollups(any_db)
    with any_db.session() as s:
        after = sorted(tuple(r) for r in s.execute(select(ActivityRollup.__table__)))
        weekly_after = sorted(tuple(r) for r in s.execute(select(WeeklyRollup.__table__)))
    assert before == after and len(after) > 20
    assert weekly_before == weekly_after and weekly_after


def test_an_import_is_audited_with_its_file_name_and_counts_and_a_dry_run_is_not(sqlite_db: Database) -> None:
    from repfocus.domain.access import Actor
    from repfocus.store.models import AuditEntry

    _setup(sqlite_db)
    with sqlite_db.session() as s:
        boss = make_user(s, email="boss@acme.example", role="leader")
        s.commit()
    import_activities(sqlite_db, records=[_rec(2)], source="csv", file_name="dry.csv", dry_run=True)
    import_activities(
        sqlite_db,
        records=[_rec(2), _rec(3)],
        source="csv",
        file_name="calls.csv",
        actor=Actor(user_id=boss.id, role="leader", team_ids=frozenset(), email=boss.email),
    )
    with sqlite_db.session() as s:
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "import.run")))
    assert [(e.target, e.actor_email) for e in entries] == [("file:calls.csv", "boss@acme.example")]
    details = entries[0].details
    assert details["file_name"] == "calls.csv" and details["imported"] == 2 and details["rejected"] == 0


def test_accounts_and_contacts_created_in_one_batch_are_matched_in_later_batches(
    any_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("repfocus.services.import_run.BATCH_ROWS", 2)
    _setup(any_db)
    records: list[ActivityRecord | RowError | Skipped] = [
        _rec(i, account_name="Umbrella", account_domain="umbrella.example", contact_name="Ada Wong",
             contact_email=None if i % 2 else "ada@umbrella.example", account_external_id=None)
        for i in range(2, 9)
    ]  # fmt: skip
    report = _import(any_db, records)
    assert report.imported == 7
    assert (report.created_accounts, report.created_contacts) == (1, 1)
    assert _count(any_db, Account) == 1 and _count(any_db, Contact) == 1


def test_imported_times_keep_their_microseconds_and_read_back_like_orm_rows(any_db: Database) -> None:
    _setup(any_db)
    times = [T0, T0.replace(microsecond=123456), datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)]
    report = _import(any_db, [_rec(i + 2, started_at=at) for i, at in enumerate(times)])
    assert report.committed and report.imported == 3
    with any_db.session() as s:
        s.add_all(
            Activity(rep_id=1, started_at=at, duration_minutes=1, kind="call", source="manual")
            for at in times
        )
        s.flush()
        stored = s.scalars(select(Activity.started_at).order_by(Activity.id)).all()
        created = s.scalars(select(Activity.created_at).where(Activity.source == "csv")).all()
        # each imported time equals the ORM's row of the same time in SQL too (the same stored text)
        same = [s.scalar(select(func.count()).where(Activity.started_at == at)) for at in times]
    assert [at.replace(tzinfo=UTC) for at in stored] == times * 2
    assert same == [2, 2, 2]
    assert all(abs(at.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds() < 60 for at in created)


def test_times_without_offset_before_1990_or_two_years_ahead_are_rejected_others_kept_in_utc(
    any_db: Database,
) -> None:
    _setup(any_db)
    india = timezone(timedelta(hours=5, minutes=30))
    report = _import(
        any_db,
        [
            _rec(2, started_at=T0.replace(tzinfo=None)),
            _rec(3, started_at=datetime(1989, 12, 31, 23, 59, tzinfo=UTC)),
            _rec(4, started_at=datetime.now(UTC) + timedelta(days=800)),
            _rec(5, started_at=datetime(2026, 11, 2, 20, 30, tzinfo=india)),
        ],
        partial=True,
    )
    reasons = {e.line: (e.field, e.reason) for e in report.rejected}
    assert reasons[2] == ("started_at", "time has no UTC offset")
    assert reasons[3][0] == "started_at" and "before 1990" in reasons[3][1]
    assert reasons[4][0] == "started_at" and "two years ahead" in reasons[4][1]
    assert report.imported == 1
    with any_db.session() as s:
        (stored,) = s.scalars(select(Activity.started_at)).all()
    assert stored.replace(tzinfo=UTC) == T0  # 20:30 in India is 15:00 UTC
