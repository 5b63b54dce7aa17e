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

from repfocus.services.imports import import_file
from repfocus.store.db import Database
from repfocus.store.models import Activity, Organization, User

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
    """Row-at-a-time: read each row, build an ORM Activity, session.add it; commit at the end."""
    with db.session() as session:
        reps = {email: uid for uid, email in session.query(User.id, User.email)}
    began = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as fh, db.session() as session:
        for n, row in enumerate(csv.DictReader(fh)):
            if n >= sample:
                break
            started = datetime.fromisoformat(row["ActivityDateTime"]).replace(tzinfo=UTC)
            session.add(
                Activity(
                    rep_id=reps[users[row["OwnerId"]]],
                    started_at=started,
                    duration_minutes=int(row["DurationInMinutes"]),
                    kind="meeting",
                    subject=row["Subject"],
                    source="salesforce",
                    external_id=row["Id"],
                )
            )
        session.commit()
    return sample / (time.perf_counter() - began)


def bench_ingest(*, rows: int, naive_sample: int = 20_000, workdir: Path | None = None) -> dict[str, Any]:
    """Return {"rows", "seconds", "rows_per_s", "peak_rss_mb", "naive_rows_per_s", "ratio"} for an import
    of `rows` generated Salesforce Events (parsing, validation, classification, rollups included)."""
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
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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
