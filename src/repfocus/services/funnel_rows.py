"""The row writes of a Bullhorn funnel import: each entity matched by (source, external_id), written once.

Every writer checks the row's references before it writes anything, so a rejected row leaves nothing
behind even in a partial import. The writers live per entity (funnel_job_orders, funnel_submittals,
funnel_placements); this module holds what they share: the caches, accounts, contacts and job orders.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.importers.bullhorn_funnel import FunnelRecord
from repfocus.importers.records import RowError
from repfocus.store.activities import org_zone
from repfocus.store.models import Account, Contact, JobOrder, User

if TYPE_CHECKING:
    from repfocus.services.pipeline_imports import FunnelImportReport

SOURCE = "bullhorn"
Writer = Callable[["FunnelRows", FunnelRecord], RowError | None]


class FunnelRows:
    """Caches and shared writes of one funnel import; take() returns the row's error or None."""

    def __init__(
        self,
        session: Session,
        report: FunnelImportReport,
        *,
        default_rep: str | None,
        user_map: Mapping[str, str],
    ) -> None:
        self.s, self.report = session, report
        self.zone: ZoneInfo = org_zone(session)
        self.users = {e.lower(): i for i, e in session.execute(select(User.id, User.email))}
        self.user_map = {str(k): v.strip().lower() for k, v in user_map.items()}
        self.default_rep = default_rep.strip().lower() if default_rep else None

    def take(self, rec: FunnelRecord, write: Writer) -> RowError | None:
        """Write the record with its entity's writer (skip it when Bullhorn marks it deleted); return its
        error or None."""
        if rec.get("deleted"):
            self.report.skipped += 1
            return None
        return write(self, rec)

    def day(self, moment: datetime | None) -> date | None:
        """Return the organization's local day of `moment`; None for None."""
        return None if moment is None else moment.astimezone(self.zone).date()

    def update(self, row: Any, values: Mapping[str, Any]) -> None:
        """Set the values that changed on a row imported before; count it as updated or a duplicate."""
        changed = {k: v for k, v in values.items() if getattr(row, k) != v}
        for key, value in changed.items():
            setattr(row, key, value)
        if changed:
            self.report.updated += 1
        else:
            self.report.duplicates += 1

    def account(self, ext: str | None, name: str | None) -> int | None:
        """Return the id of the Bullhorn client corporation `ext`, created on first sight; None for None."""
        if ext is None:
            return None
        found = self.s.scalar(select(Account.id).where(Account.source == SOURCE, Account.external_id == ext))
        if found is not None:
            return int(found)
        account = Account(
            name=name or f"Bullhorn client {ext}", status="active_client", tier="off", tech_tags=[],
            source=SOURCE, external_id=ext,
        )  # fmt: skip
        self.s.add(account)
        self.s.flush()
        self.report.created_accounts += 1
        return account.id

    def contact(self, ext: str | None, name: str | None, account_id: int | None, persona: str) -> int | None:
        """Return the id of the Bullhorn contact `ext`, created on first sight; None without one."""
        if ext is None:
            return None
        found = self.s.scalar(select(Contact.id).where(Contact.source == SOURCE, Contact.external_id == ext))
        if found is not None:
            return int(found)
        contact = Contact(
            account_id=account_id, name=name or f"Bullhorn contact {ext}", persona=persona,
            source=SOURCE, external_id=ext,
        )  # fmt: skip
        self.s.add(contact)
        self.s.flush()
        self.report.created_contacts += 1
        return contact.id

    def job(self, rec: FunnelRecord) -> tuple[JobOrder | None, RowError | None]:
        """Return the job order the record refers to, or the error saying it has not been imported."""
        ext = rec.get("job_order")
        job = self.s.scalar(select(JobOrder).where(JobOrder.source == SOURCE, JobOrder.external_id == ext))
        if job is None:
            return None, RowError(
                rec.line, "jobOrder.id", f"job order {ext} has not been imported; import the job orders first"
            )
        return job, None
