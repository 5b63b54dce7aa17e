"""What every importer yields: source-neutral activity records, or the reason a row was rejected.

Parsers stream: they yield one ActivityRecord or RowError per source row and never touch the
database. services/imports.py resolves identities, classifies and writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True)
class ActivityRecord:
    """One activity as read from a source; times are aware UTC; None means the source had no value."""

    line: int  # line number (CSV, counting the header as 1) or record index (JSON, from 1)
    started_at: datetime
    kind: str  # call | meeting | email | task | note
    external_id: str | None = None
    rep_email: str | None = None
    rep_source_id: str | None = None  # the source's user/owner id, mapped to an email by the service
    duration_minutes: int | None = None  # None: estimated from the organization's per-kind defaults
    subject: str = ""
    direction: str | None = None  # inbound | outbound
    outcome: str | None = None
    account_external_id: str | None = None
    account_name: str | None = None
    account_domain: str | None = None
    account_status: str | None = None
    contact_external_id: str | None = None
    contact_email: str | None = None
    contact_name: str | None = None
    contact_title: str | None = None
    category: str | None = None  # given by the source; overrides the classification rules
    attendee_emails: tuple[str, ...] = ()
    all_day: bool = False
    team: str | None = None  # for --create-reps: the team column of a CRM export
    extra: dict[str, str] | None = None  # source fields some paths use (rep_name)


@dataclass(frozen=True, slots=True)
class RowError:
    """A rejected row: where, which field, and why, in words a user can act on."""

    line: int
    field: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "field": self.field, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row read but deliberately not imported (deleted in the source, an all-day block, a series master)."""

    line: int
    reason: str


class ImportFileInvalid(Exception):
    """The file as a whole cannot be read (binary, wrong encoding, wrong shape); the message says the fix."""


@dataclass(frozen=True, slots=True)
class HeaderError(RowError):
    """A problem with the file's header (an unknown column, say): reported like a row, but not a row read."""
