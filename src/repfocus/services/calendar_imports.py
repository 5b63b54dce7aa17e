"""Importing a rep's calendar (.ics): meetings inside a window of days, matched to contacts by email.

The reader (importers/ics.py) expands recurrences and drops what is not work time; this service adds
who the meeting was with (the attendee who is a known contact, preferring buyer personas, so a
meeting with a prospect's IT hiring manager classifies as prospect_meeting) and imports the records
through services/imports.py, so rules, rollups, atomicity and idempotency are the same as any import.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.period import Period
from repfocus.domain.taxonomy import PERSONAS
from repfocus.importers.ics import CalendarOptions, CalendarUnreadable, calendar_records, parse_calendar
from repfocus.importers.records import ActivityRecord, ImportFileInvalid, RowError, Skipped
from repfocus.services.import_report import ImportReport
from repfocus.services.import_writer import Progress
from repfocus.services.imports import import_activities
from repfocus.services.organization_settings import current_settings
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import Account, Contact, User

DEFAULT_WINDOW_DAYS = 365
__all__ = ["CalendarUnreadable", "ImportFileInvalid", "RepUnknown", "import_calendar"]


class RepUnknown(ImportFileInvalid):
    """The calendar's owner (--rep) is not a user of RepFocus."""


@dataclass
class CalendarImportReport:
    """The import report, plus the window read and why occurrences were not counted."""

    report: ImportReport
    rep_email: str
    period: Period
    skipped: dict[str, int] = field(default_factory=dict)
    matched_contacts: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Return the import report's JSON shape with "rep", "window", "skipped" and "matched_contacts"."""
        out = self.report.as_dict()
        out.update(
            {
                "rep": self.rep_email,
                "window": {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()},
                "skipped": dict(sorted(self.skipped.items())),
                "matched_contacts": self.matched_contacts,
            }
        )
        return out


def default_period(db: Database, today: date | None = None) -> Period:
    """Return the window read when none is given: the year up to today in the organization's zone."""
    with db.session() as session:
        zone = org_zone(session)
    end = today or datetime.now(zone).date()
    return Period(end - timedelta(days=DEFAULT_WINDOW_DAYS - 1), end)


def import_calendar(
    db: Database,
    *,
    data: bytes,
    rep_email: str,
    file_name: str = "calendar.ics",
    period: Period | None = None,
    partial: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> CalendarImportReport:
    """Import the rep's meetings inside `period` (default: the last year); atomic unless `partial`.

    All-day and multi-day events count only when the organization's settings say so.
    Raises CalendarUnreadable for a file no parser accepts and RepUnknown for an unknown rep.
    """
    items, result = calendar_items(db, data=data, rep_email=rep_email, period=period)
    result.report = import_activities(
        db,
        records=items,
        source="ics",
        file_name=file_name,
        format_name="ics",
        partial=partial,
        dry_run=dry_run,
        progress=progress,
    )
    return result


def calendar_items(
    db: Database, *, data: bytes, rep_email: str, period: Period | None = None
) -> tuple[Iterator[ActivityRecord | RowError | Skipped], CalendarImportReport]:
    """Return the calendar's records, contacts already matched, and the report their reading fills in.

    Raises CalendarUnreadable for a file no parser accepts and RepUnknown for an unknown rep.
    """
    parsed = parse_calendar(data)
    period = period or default_period(db)
    rep = rep_email.strip().lower()
    with db.session() as session:
        if session.scalar(select(User.id).where(User.email == rep)) is None:
            known = session.scalar(select(User.id).where(User.email.ilike(rep)))
            if known is None:
                raise RepUnknown(f"no rep with email {rep_email}; add the user first")
            rep = str(session.scalar(select(User.email).where(User.id == known)))
        settings = current_settings(session)
        options = CalendarOptions(
            rep_email=rep,
            first_day=period.start,
            last_day=period.end,
            zone=org_zone(session),
            count_all_day=settings.count_all_day,
            all_day_minutes=settings.all_day_minutes,
            day_start=settings.day_start,
        )
        people = _People(session, rep)
    result = CalendarImportReport(
        report=ImportReport(format="ics"), rep_email=rep, period=period, skipped=parsed.skipped
    )
    return _with_contacts(calendar_records(parsed, options), people, result), result


_RANK = {p: i for i, p in enumerate(PERSONAS)}  # buyer personas first, as DESIGN.md lists them


class _People:
    """Contacts with an email and accounts with a domain, read once per import."""

    def __init__(self, session: Session, rep: str) -> None:
        self.own_domain = rep.rsplit("@", 1)[-1]
        query = select(Account.id, Account.name, Account.domain)
        accounts = {aid: (name, domain) for aid, name, domain in session.execute(query)}
        self.by_domain = {d.lower(): (n, d) for n, d in accounts.values() if d}
        self.contacts: dict[str, tuple[str, str, tuple[str, str | None] | None]] = {}
        columns = (Contact.email, Contact.name, Contact.persona, Contact.account_id)
        rows = session.execute(select(*columns).where(Contact.email.is_not(None)))
        for email, name, persona, account_id in rows:
            key = (email or "").strip().lower()
            best = self.contacts.get(key)
            if best is None or _RANK.get(persona, 99) < _RANK.get(best[1], 99):
                self.contacts[key] = (name, persona, accounts.get(account_id or 0))

    def enrich(self, rec: ActivityRecord) -> bool:
        """Name the meeting's contact (the attendee with the most buyer-like persona); True if matched."""
        known = [(e, self.contacts[e]) for e in rec.attendee_emails if e in self.contacts]
        if known:
            email, (name, _persona, account) = min(known, key=lambda kv: _RANK.get(kv[1][1], 99))
            rec.contact_email, rec.contact_name = email, name
            if account is not None:
                rec.account_name, rec.account_domain = account
            return True
        for email in rec.attendee_emails:
            domain = email.rsplit("@", 1)[-1]
            if domain != self.own_domain and domain in self.by_domain:
                rec.account_name, rec.account_domain = self.by_domain[domain]
                break
        return False


def _with_contacts(
    items: Iterator[ActivityRecord | RowError | Skipped], people: _People, result: CalendarImportReport
) -> Iterator[ActivityRecord | RowError | Skipped]:
    for item in items:
        if isinstance(item, ActivityRecord) and people.enrich(item):
            result.matched_contacts += 1
        yield item
