"""The activity export on SQLite and PostgreSQL: a round trip into a fresh database, filters and scoping."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import aliased

from repfocus.domain.access import AccessDenied, Actor
from repfocus.domain.period import Period
from repfocus.importers.records import ActivityRecord
from repfocus.services import activity_export, imports
from repfocus.services.activity_export import COLUMNS, ExportFilterInvalid, plan_export
from repfocus.store.db import Database
from repfocus.store.models import Account, Activity, Contact, Team, User
from tests.conftest import _pg_db, _sqlite_db
from tests.factories import make_account, make_activity, make_contact, make_organization, make_team, make_user

ANN, BOB, CAL = "ann@acme.example", "bob@acme.example", "cal@acme.example"
ZONE = "America/Chicago"

# RepFocus CSV as a user would write it: offsets, an estimated duration, a category given, one unclassified
SOURCE_CSV = (
    "external_id,rep_email,started_at,duration_minutes,kind,subject,direction,outcome,account_name,"
    "account_domain,account_status,contact_email,contact_name,contact_title,category\n"
    "c-1,ann@acme.example,2026-03-02T09:00:00-06:00,30,call,Intro call,outbound,connected,Globex,"
    "globex.example,prospect,jane@globex.example,Jane Doe,Director of Software Engineering,\n"
    'c-2,ann@acme.example,2026-03-02T23:30:00-06:00,,email,"Follow-up, with a comma",outbound,,Globex,'
    "globex.example,prospect,jane@globex.example,Jane Doe,Director of Software Engineering,\n"
    'c-3,bob@acme.example,2026-03-03T14:00:00Z,45,meeting,QBR "quoted",,,Initech,initech.example,'
    "active_client,,,,account_growth\n"
    "c-4,bob@acme.example,2026-03-04T08:00:00Z,5,note,,,,,,,,,,\n"
    "c-5,cal@acme.example,2026-03-01T05:00:00Z,60,task,Résumé formatting,,,,,,,,,resume_formatting\n"
    "c-6,bob@acme.example,2026-03-04T09:00:00Z,15,task,Zzz,,,,,,,,,\n"
)


def _setup(db: Database) -> None:
    with db.session() as s:
        make_organization(s, time_zone=ZONE)
        east, west = make_team(s, name="East"), make_team(s, name="West")
        make_user(s, email=ANN, name="Ann", team_id=east.id)
        make_user(s, email=BOB, name="Bob", team_id=west.id)
        make_user(s, email=CAL, name="Cal", team_id=east.id)
        s.commit()


def _populate(db: Database) -> int:
    """Import the CSV above, two Salesforce records and one activity entered by hand; return the count."""
    _setup(db)
    report = imports.import_file(
        db, stream=io.BytesIO(SOURCE_CSV.encode()), file_name="s.csv", format_name="csv"
    )
    assert report.ok and report.imported == 6, report
    records = [
        ActivityRecord(
            line=i,
            started_at=datetime(2026, 3, 5, 15 + i, 0, tzinfo=UTC),
            kind="call",
            external_id=f"00U00000000000{i}AAA",
            rep_email=ANN,
            duration_minutes=20,
            subject=f"Cold call {i}",
            account_name="Umbrella",
            contact_name="Al Wesker",
            contact_title="HR Recruiter",
        )
        for i in (1, 2)
    ]
    report = imports.import_activities(db, records=records, source="salesforce", file_name="sf")
    assert report.ok and report.imported == 2, report
    with db.session() as s:
        bob = s.scalar(select(User.id).where(User.email == BOB))
        make_activity(s, rep_id=bob, started_at=datetime(2026, 3, 6, 16, 0, tzinfo=UTC), subject="By hand")
        # two companies with one name: the domain tells them apart on the way back in
        for hour, domain, status in (
            (17, "hooli.example", "active_client"),
            (18, "hooli.de", "former_client"),
        ):
            hooli = make_account(s, name="Hooli", domain=domain, status=status)
            at = datetime(2026, 3, 6, hour, 0, tzinfo=UTC)
            make_activity(s, rep_id=bob, started_at=at, subject="Hooli call", account_id=hooli.id)
        # and two people with one name at one company: the email tells them apart
        for hour, email, title in ((19, "gavin@hooli.de", "CTO"), (20, "gavin.b@hooli.de", "HR Recruiter")):
            gavin = make_contact(s, account_id=hooli.id, name="Gavin Belson", email=email, title=title)
            at = datetime(2026, 3, 6, hour, 0, tzinfo=UTC)
            make_activity(s, rep_id=bob, started_at=at, account_id=hooli.id, contact_id=gavin.id)
        s.commit()
    return 13


def _text(export: activity_export.ActivityExport, fmt: str = "csv") -> str:
    return "".join(activity_export.chunks(export, fmt))


def _rows(db: Database, **filters: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(plan_export(db, **{"actor": None, **filters})))))


def _facts(db: Database) -> list[tuple[Any, ...]]:
    """Return every activity as the export promises to keep it (ids aside), sorted."""
    con = aliased(Contact)
    stmt = (
        select(
            User.email,
            Activity.started_at,
            Activity.duration_minutes,
            Activity.kind,
            Activity.subject,
            Activity.direction,
            Activity.outcome,
            Activity.category,
            Account.name,
            Account.domain,
            Account.status,
            con.email,
            con.name,
            con.title,
        )
        .join(User, User.id == Activity.rep_id)
        .outerjoin(Account, Account.id == Activity.account_id)
        .outerjoin(con, con.id == Activity.contact_id)
    )
    with db.read_session() as s:
        rows = [(*r[:7], r[7] or "unclassified", *r[8:]) for r in s.execute(stmt)]
    return sorted(rows, key=repr)


@contextmanager
def _fresh(like: Database, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    """Yield a second fresh, migrated database of the same kind as `like`."""
    if like.is_sqlite:
        (tmp_path / "fresh").mkdir()
        db = _sqlite_db(request.getfixturevalue("sqlite_template"), tmp_path / "fresh")
        yield db
        db.dispose()
    else:
        gen = _pg_db(request.getfixturevalue("pg_server"), request.getfixturevalue("pg_template"))
        yield next(gen)
        gen.close()


def test_an_export_imported_into_a_fresh_database_gives_the_same_activities(
    any_db: Database, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    count = _populate(any_db)
    text = _text(plan_export(any_db, actor=None))
    lines = text.splitlines()
    assert lines[0] == ",".join(COLUMNS) and len(list(csv.reader(io.StringIO(text)))) == count + 1
    ids = [row["external_id"] for row in csv.DictReader(io.StringIO(text))]
    assert {i.split(":", 1)[0] for i in ids} == {"csv", "salesforce", "manual"}
    assert "salesforce:00U000000000001AAA" in ids and "csv:c-1" in ids
    with _fresh(any_db, tmp_path, request) as fresh:
        _setup(fresh)
        first = imports.import_file(
            fresh, stream=io.BytesIO(text.encode()), file_name="e.csv", format_name="csv"
        )
        assert first.ok and first.imported == count, first
        assert _facts(fresh) == _facts(any_db)
        again = imports.import_file(
            fresh, stream=io.BytesIO(text.encode()), file_name="e.csv", format_name="csv"
        )
        assert again.ok and again.imported == 0, again
        with fresh.read_session() as s:
            assert len(list(s.scalars(select(Activity.id)))) == count


def test_times_are_utc_with_z_and_missing_values_are_empty_cells(any_db: Database) -> None:
    _populate(any_db)
    rows = {r["external_id"]: r for r in _rows(any_db)}
    assert rows["csv:c-1"]["started_at"] == "2026-03-02T15:00:00Z"
    assert rows["csv:c-2"]["duration_minutes"] != ""  # estimated: the minutes stored
    assert rows["csv:c-2"]["subject"] == "Follow-up, with a comma"
    note = rows["csv:c-4"]
    assert [note[c] for c in ("subject", "account_name", "account_status", "contact_email", "direction")] == [
        "",
        "",
        "",
        "",
        "",
    ]
    assert (
        rows["csv:c-3"]["category"] == "account_growth"
        and rows["csv:c-3"]["account_status"] == "active_client"
    )


def test_the_json_export_has_the_same_rows_as_the_csv(any_db: Database) -> None:
    _populate(any_db)
    export = plan_export(any_db, actor=None)
    objects = json.loads(_text(export, "json"))
    from_csv = list(csv.DictReader(io.StringIO(_text(export))))
    assert [list(o) for o in objects] == [list(COLUMNS)] * len(from_csv)
    as_cells = [{k: "" if v is None else str(v) for k, v in o.items()} for o in objects]
    assert as_cells == from_csv
    assert isinstance(objects[0]["duration_minutes"], int)


def test_an_empty_export_is_a_header_or_an_empty_array(sqlite_db: Database) -> None:
    _setup(sqlite_db)
    export = plan_export(sqlite_db, actor=None)
    assert _text(export) == ",".join(COLUMNS) + "\n"
    assert json.loads(_text(export, "json")) == []


def test_the_period_is_local_days_of_the_organization(any_db: Database) -> None:
    _populate(any_db)
    # 2 March in Chicago: c-1 (15:00Z) and c-2 (23:30 local = 05:30Z on 3 March); c-5 is 1 March local
    rows = _rows(any_db, period=Period(date(2026, 3, 2), date(2026, 3, 2)))
    assert sorted(r["external_id"] for r in rows) == ["csv:c-1", "csv:c-2"]


def test_rep_and_team_filters(any_db: Database) -> None:
    _populate(any_db)
    assert {r["rep_email"] for r in _rows(any_db, rep_email="BOB@acme.example")} == {BOB}
    assert {r["rep_email"] for r in _rows(any_db, team="East")} == {ANN, CAL}
    assert _rows(any_db, team="East", rep_email=BOB) == []


def test_unknown_rep_or_team_and_far_dates_are_refused(sqlite_db: Database) -> None:
    _setup(sqlite_db)
    with pytest.raises(ExportFilterInvalid, match=r"no rep with email 'nobody@acme\.example'") as rep:
        plan_export(sqlite_db, actor=None, rep_email="nobody@acme.example")
    assert rep.value.field == "rep"
    with pytest.raises(ExportFilterInvalid, match="no team named 'North'"):
        plan_export(sqlite_db, actor=None, team="North")
    with pytest.raises(ExportFilterInvalid, match="outside the years") as far:
        plan_export(sqlite_db, actor=None, period=Period(date(1, 1, 1), date(2026, 1, 1)))
    assert far.value.field == "from"


def _actor(db: Database, email: str, role: str, teams: tuple[str, ...] = ()) -> Actor:
    """Return the Actor of `email` (added with `role` when new), managing `teams`, as sign-in builds it."""
    with db.session() as s:
        user = s.scalar(select(User).where(User.email == email)) or make_user(s, email=email, role=role)
        s.commit()
        user_id, team_id = user.id, user.team_id
        managed = set(s.scalars(select(Team.id).where(Team.name.in_(teams))))
    return Actor(user_id=user_id, role=role, team_ids=frozenset(managed | ({team_id} - {None})), email=email)


def test_a_rep_exports_only_their_own_activities_and_a_manager_only_their_team(any_db: Database) -> None:
    _populate(any_db)
    ann = _actor(any_db, ANN, "rep")
    assert {r["rep_email"] for r in _rows(any_db, actor=ann)} == {ANN}
    assert {r["rep_email"] for r in _rows(any_db, actor=ann, team="East")} == {ANN}
    with pytest.raises(ExportFilterInvalid, match="no rep with email"):
        plan_export(any_db, actor=ann, rep_email=BOB)
    with pytest.raises(ExportFilterInvalid, match="no team named 'West'"):
        plan_export(any_db, actor=ann, team="West")
    east_manager = _actor(any_db, "mia@acme.example", "manager", ("East",))
    assert {r["rep_email"] for r in _rows(any_db, actor=east_manager)} == {ANN, CAL}
    with pytest.raises(ExportFilterInvalid):
        plan_export(any_db, actor=east_manager, team="West")
    delivery = _actor(any_db, "dee@acme.example", "delivery")
    with pytest.raises(AccessDenied):
        plan_export(any_db, actor=delivery)


def _generated(first: int, count: int) -> bytes:
    lines = ["external_id,rep_email,started_at,duration_minutes,kind,subject,account_name"]
    for i in range(first, first + count):
        started = f"2026-03-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z"
        lines.append(f"g{i},{ANN},{started},15,call,Call {i},Acct {i % 50}")
    return "\n".join(lines).encode()


def _peak_bytes(export: activity_export.ActivityExport) -> tuple[int, int]:
    """Return (rows written, peak bytes Python allocated) while streaming the CSV of `export`."""
    tracemalloc.start()
    try:
        lines = sum(piece.count("\n") for piece in activity_export.chunks(export, "csv"))
        return lines - 1, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_when_the_table_grows_fourfold(any_db: Database) -> None:
    _setup(any_db)
    imports.import_file(any_db, stream=io.BytesIO(_generated(0, 4_000)), file_name="a.csv", format_name="csv")
    small = _peak_bytes(plan_export(any_db, actor=None))
    imports.import_file(
        any_db, stream=io.BytesIO(_generated(4_000, 12_000)), file_name="b.csv", format_name="csv"
    )
    large = _peak_bytes(plan_export(any_db, actor=None))
    assert (small[0], large[0]) == (4_000, 16_000)
    # rows are fetched YIELD_PER at a time: four times the rows, not four times the memory
    assert large[1] < small[1] * 1.5, (small, large)
