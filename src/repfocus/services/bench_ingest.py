"""`repfocus bench ingest`: import a generated Salesforce Event export into a fresh SQLite database, end to
end, and compare with the naive way (an ORM session.add per row) measured on a sample of the same rows."""

from __future__ import annotations

import csv
import random
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from repfocus.domain.personas import persona_for_title
from repfocus.domain.taxonomy import UNCLASSIFIED
from repfocus.importers import salesforce
from repfocus.importers.records import ActivityRecord
from repfocus.services.classification import rule_table
from repfocus.services.imports import import_file
from repfocus.store.activities import org_zone
from repfocus.store.bullseye import current_bullseye
from repfocus.store.db import Database
from repfocus.store.models import (
    WEEKLY_MEASURES,
    Account,
    Activity,
    ActivityRollup,
    Contact,
    Organization,
    User,
    WeeklyRollup,
)
from repfocus.store.weekly import fold

# The Event.csv header of a real Salesforce Data Export (FORMATS.md 1.1a), 42 columns.
EVENT_HEADER = [
    "Id",
    "WhoId",
    "WhatId",
    "WhoCount",
    "WhatCount",
    "Subject",
    "Location",
    "IsAllDayEvent",
    "ActivityDateTime",
    "ActivityDate",
    "DurationInMinutes",
    "Description",
    "AccountId",
    "OwnerId",
    "CurrencyIsoCode",
    "Type",
    "IsPrivate",
    "ShowAs",
    "IsDeleted",
    "IsChild",
    "IsGroupEvent",
    "GroupEventType",
    "CreatedDate",
    "CreatedById",
    "LastModifiedDate",
    "LastModifiedById",
    "SystemModstamp",
    "IsArchived",
    "RecurrenceActivityId",
    "IsRecurrence",
    "RecurrenceStartDateTime",
    "RecurrenceEndDateOnly",
    "RecurrenceTimeZoneSidKey",
    "RecurrenceType",
    "RecurrenceInterval",
    "RecurrenceDayOfWeekMask",
    "RecurrenceDayOfMonth",
    "RecurrenceInstance",
    "RecurrenceMonthOfYear",
    "ReminderDateTime",
    "IsReminderSet",
    "ProposedEventTimeframe",
]
SUBJECTS = (
    ("Call", "Intro call"),
    ("Call", "Follow-up call"),
    ("Call", "LLAMADA MARZO"),
    ("Meeting", "Discovery meeting"),
    ("Meeting", "Job order intake: Java developers"),
    ("Meeting", "Weekly pipeline review"),
    ("Email", "Email: Candidate resume"),
    ("Email", "Email: Rate discussion"),
    ("", "Visita a Tiendas con Gerente de Marketing"),
    ("", "Account research"),
)
REPS, ACCOUNTS, CONTACTS = 50, 2000, 6000


def _sf_id(prefix: str, n: int) -> str:
    return f"{prefix}{n:012d}AAA"


def write_salesforce_events(path: Path, rows: int, *, seed: int = 7) -> None:
    """Write `rows` Salesforce Event rows (Data Export shape) to `path`, streaming."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_ALL)
        writer.writerow(EVENT_HEADER)
        for n in range(rows):
            when = (start + timedelta(minutes=17 * n % 525_600)).strftime("%Y-%m-%d %H:%M:%S")
            kind, subject = SUBJECTS[n % len(SUBJECTS)]
            account = _sf_id("001", rng.randrange(ACCOUNTS))
            who = _sf_id("003", rng.randrange(CONTACTS)) if n % 4 else "000000000000000AAA"
            row = {
                "Id": _sf_id("00U", n),
                "WhoId": who,
                "WhatId": account,
                "WhoCount": "1",
                "WhatCount": "1",
                "Subject": subject,
                "IsAllDayEvent": "0",
                "ActivityDateTime": when,
                "ActivityDate": when[:10] + " 00:00:00",
                "DurationInMinutes": str(rng.choice((15, 30, 30, 45, 60))),
                "AccountId": account,
                "OwnerId": _sf_id("005", rng.randrange(REPS)),
                "CurrencyIsoCode": "USD",
                "Type": kind,
                "IsPrivate": "0",
                "ShowAs": "Busy",
                "IsDeleted": "0",
                "IsChild": "0",
                "IsGroupEvent": "0",
                "CreatedDate": when,
                "IsArchived": "0",
                "IsRecurrence": "0",
                "IsReminderSet": "0",
            }
            writer.writerow([row.get(h, "") for h in EVENT_HEADER])


def _fresh_db(path: Path) -> tuple[Database, dict[str, str]]:
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    users = {_sf_id("005", i): f"rep{i}@bench.example" for i in range(REPS)}
    with db.session() as session:
        session.add(Organization(name="Bench", time_zone="America/Chicago", settings={}))
        session.add_all(User(email=email, name=email, role="rep") for email in users.values())
        session.commit()
    return db, users


def _naive_rows_per_s(path: Path, db: Database, users: dict[str, str], sample: int) -> float:
    """The same work row at a time through the ORM: the same parser, then per row the rep, account and
    contact (created with session.add when new), the same rule table, session.add(Activity) and the
    daily and weekly rollup rows fetched with session.get and incremented (or added); commit at the end."""
    with db.session() as session:
        reps = {email: uid for uid, email in session.query(User.id, User.email)}
        table = rule_table(session)
        zone = org_zone(session)
        targets = current_bullseye(session).target_personas
    accounts: dict[str, Account] = {}
    contacts: dict[str, Contact] = {}
    began = time.perf_counter()
    with path.open("rb") as fh, db.session() as session:
        for n, rec in enumerate(salesforce.parse(fh)):
            if n >= sample:
                break
            assert isinstance(rec, ActivityRecord) and rec.rep_source_id and rec.duration_minutes is not None
            account = accounts.get(rec.account_external_id or "")
            if account is None and rec.account_external_id:
                account = accounts[rec.account_external_id] = Account(
                    name=f"salesforce account {rec.account_external_id}",
                    source="salesforce",
                    external_id=rec.account_external_id,
                    status="prospect",
                    tier="off",
                    tech_tags=[],
                )
                session.add(account)
                session.flush()
            contact = contacts.get(rec.contact_external_id or "")
            if contact is None and rec.contact_external_id:
                contact = contacts[rec.contact_external_id] = Contact(
                    name=f"salesforce contact {rec.contact_external_id}",
                    account_id=account.id if account else None,
                    persona=persona_for_title(None),
                    source="salesforce",
                    external_id=rec.contact_external_id,
                )
                session.add(contact)
                session.flush()
            persona = contact.persona if contact else ""
            tier, status = (account.tier, account.status) if account else ("", "")
            category, rule = table.classify_values(
                rec.kind, rec.subject, rec.direction, persona or None, status or None
            )
            rep_id = reps[users[rec.rep_source_id]]
            session.add(
                Activity(
                    rep_id=rep_id,
                    started_at=rec.started_at,
                    duration_minutes=rec.duration_minutes,
                    kind=rec.kind,
                    category=category,
                    classified_by=rule,
                    subject=rec.subject,
                    account_id=account.id if account else None,
                    contact_id=contact.id if contact else None,
                    source="salesforce",
                    external_id=rec.external_id,
                )
            )
            key = (
                rep_id,
                rec.started_at.astimezone(zone).date(),
                category or UNCLASSIFIED,
                persona,
                tier,
                status,
            )
            daily = session.get(ActivityRollup, key)
            if daily is None:
                daily = ActivityRollup(rep_id=key[0], day=key[1], category=key[2], persona=persona, tier=tier,
                                       account_status=status, minutes=0, count=0)  # fmt: skip
                session.add(daily)
            daily.minutes += rec.duration_minutes
            daily.count += 1
            for (_, week), add in fold({key: (rec.duration_minutes, 1)}, targets).items():
                weekly = session.get(WeeklyRollup, {"rep_id": rep_id, "week": week})
                if weekly is None:
                    weekly = WeeklyRollup(rep_id=rep_id, week=week, **dict.fromkeys(WEEKLY_MEASURES, 0))
                    session.add(weekly)
                for name, value in zip(WEEKLY_MEASURES, add, strict=True):
                    if value:
                        setattr(weekly, name, getattr(weekly, name) + value)
        session.commit()
    return sample / (time.perf_counter() - began)


def bench_ingest(*, rows: int, naive_sample: int = 20_000, workdir: Path | None = None) -> dict[str, Any]:
    """Return {"rows", "seconds", "rows_per_s", "peak_rss_mb", "naive_rows_per_s", "ratio"} for an import
    of `rows` generated Salesforce Events (parsing, validation, classification, rollups included).

    peak_rss_mb adds the peak resident memory of the import's worker process (services/import_worker.py)
    to this process's."""
    with tempfile.TemporaryDirectory(prefix="repfocus-bench.", dir=workdir) as tmp:
        root = Path(tmp)
        data = root / "Event.csv"
        write_salesforce_events(data, rows)
        db, users = _fresh_db(root / "bench.db")
        began = time.perf_counter()
        with data.open("rb") as stream:
            report = import_file(
                db, stream=stream, file_name=data.name, format_name="salesforce", user_map=users
            )
        seconds = time.perf_counter() - began
        if not report.committed or report.imported != rows:
            raise RuntimeError(f"benchmark import failed: {report.as_dict()}")
        # this process's peak plus its import worker's (pages the two share are counted in both)
        peak_kb = sum(
            resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        )
        peak_mb = peak_kb / 1024
        db.dispose()
        naive_db, naive_users = _fresh_db(root / "naive.db")
        naive = _naive_rows_per_s(data, naive_db, naive_users, min(naive_sample, rows))
        naive_db.dispose()
    rate = rows / seconds
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rate),
        "peak_rss_mb": round(peak_mb, 1),
        "naive_rows_per_s": round(naive),
        "ratio": round(rate / naive, 1),
    }
