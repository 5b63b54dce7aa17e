"""The row writes of a Bullhorn funnel import: each entity matched by (source, external_id), written once.

Every handler checks the row's references before it writes anything, so a rejected row leaves nothing
behind even in a partial import.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.importers.bullhorn_funnel import FunnelRecord
from repfocus.importers.records import RowError
from repfocus.store.activities import org_zone
from repfocus.store.models import Account, Contact, Interview, JobOrder, Lead, Placement, Submittal, User

if TYPE_CHECKING:
    from repfocus.services.pipeline_imports import FunnelImportReport

SOURCE = "bullhorn"


class FunnelRows:
    """Caches and writes of one funnel import; each take() returns the row's error or None."""

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

    def take(self, rec: FunnelRecord) -> RowError | None:
        if rec.get("deleted"):
            self.report.skipped += 1
            return None
        handler = {
            "joborder": self._job_order,
            "submission": self._submission,
            "history": self._history,
            "sendout": self._sendout,
            "placement": self._placement,
        }[rec.entity]
        return handler(rec)  # every handler checks its references before it writes anything

    def _day(self, moment: datetime | None) -> date | None:
        return None if moment is None else moment.astimezone(self.zone).date()

    # --- job orders ---------------------------------------------------------------------------------
    def _rep(self, rec: FunnelRecord) -> tuple[int | None, RowError | None]:
        owner, email = rec.get("owner"), rec.get("owner_email")
        candidates = [email, self.user_map.get(owner or ""), self.default_rep]
        for value in candidates:
            if value and (rep_id := self.users.get(value.lower())) is not None:
                return rep_id, None
        named = next((c for c in candidates if c), None)
        if named:
            return None, RowError(rec.line, "owner", f"no rep with email {named}; add the user first")
        return None, RowError(
            rec.line,
            "owner",
            f"Bullhorn user {owner or '(none)'} is not mapped to a rep: pass --owner {owner or 'ID'}=EMAIL "
            "or --rep EMAIL for every job order of this file",
        )

    def _job_order(self, rec: FunnelRecord) -> RowError | None:
        rep_id, error = self._rep(rec)
        if error is not None:
            return error
        if rec.get("lead"):
            self._lead(rec, rep_id)
            return None
        values = {
            "status": rec.get("job_status"),
            "closed_on": self._day(rec.get("closed_at")),
            "openings": rec.get("openings") or 1,
            "bill_rate": rec.get("bill_rate") or None,
        }
        existing = self.s.scalar(
            select(JobOrder).where(JobOrder.source == SOURCE, JobOrder.external_id == rec.external_id)
        )
        if existing is not None:
            self._update(existing, values)
            return None
        account_id = self._account(rec.get("account"), rec.get("account_name"))
        contact_id = self._contact(rec.get("contact"), rec.get("contact_name"), account_id, "other")
        self.s.add(
            JobOrder(
                rep_id=rep_id,
                account_id=account_id,
                contact_id=contact_id,
                title=rec.get("title"),
                job_type=rec.get("job_type"),
                opened_on=self._day(rec.at),
                source=SOURCE,
                external_id=rec.external_id,
                **values,
            )
        )
        self.s.flush()
        self.report.imported += 1
        return None

    def _lead(self, rec: FunnelRecord, rep_id: int | None) -> None:
        """Tenants that keep leads as job orders of type or status "Lead": the funnel's first stage."""
        status = "lost" if rec.get("job_status") in ("lost", "closed") else "open"
        existing = self.s.scalar(
            select(Lead).where(Lead.source == SOURCE, Lead.external_id == rec.external_id)
        )
        if existing is not None:
            self._update(existing, {"status": status})
            return None
        account_id = self._account(rec.get("account"), rec.get("account_name"))
        contact_id = self._contact(rec.get("contact"), rec.get("contact_name"), account_id, "other")
        self.s.add(
            Lead(
                rep_id=rep_id,
                account_id=account_id,
                contact_id=contact_id,
                created_on=self._day(rec.at),
                status=status,
                source=SOURCE,
                external_id=rec.external_id,
            )
        )
        self.s.flush()
        self.report.imported += 1
        self.report.leads += 1

    def _update(self, row: Any, values: Mapping[str, Any]) -> None:
        changed = {k: v for k, v in values.items() if getattr(row, k) != v}
        for key, value in changed.items():
            setattr(row, key, value)
        if changed:
            self.report.updated += 1
        else:
            self.report.duplicates += 1

    def _account(self, ext: str | None, name: str | None) -> int | None:
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

    def _contact(self, ext: str | None, name: str | None, account_id: int | None, persona: str) -> int | None:
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

    def _job(self, rec: FunnelRecord) -> tuple[JobOrder | None, RowError | None]:
        ext = rec.get("job_order")
        job = self.s.scalar(select(JobOrder).where(JobOrder.source == SOURCE, JobOrder.external_id == ext))
        if job is None:
            return None, RowError(
                rec.line, "jobOrder.id", f"job order {ext} has not been imported; import the job orders first"
            )
        return job, None

    # --- submittals, interviews, placements ---------------------------------------------------------
    def _submission(self, rec: FunnelRecord) -> RowError | None:
        job, error = self._job(rec)
        if job is None:
            return error
        status = _status(rec.get("status")) or "submitted"
        existing = self.s.scalar(
            select(Submittal).where(Submittal.source == SOURCE, Submittal.external_id == rec.external_id)
        )
        if existing is not None:
            self._update(existing, {"status": status})
            return None
        candidate_id = self._candidate(rec)
        self.s.add(
            Submittal(
                job_order_id=job.id,
                candidate_id=candidate_id,
                candidate_name=rec.get("candidate_name") or "",
                submitted_on=self._day(rec.at),
                status=status,
                source=SOURCE,
                external_id=rec.external_id,
            )
        )
        self.s.flush()
        self.report.imported += 1
        return None

    def _candidate(self, rec: FunnelRecord) -> int | None:
        # Candidates and client contacts are numbered apart in Bullhorn: prefix keeps the ids distinct.
        ext = rec.get("candidate")
        return (
            self._contact(f"candidate:{ext}", rec.get("candidate_name"), None, "candidate") if ext else None
        )

    def _history(self, rec: FunnelRecord) -> RowError | None:
        ext = rec.get("submission")
        sub = self.s.scalar(select(Submittal).where(Submittal.source == SOURCE, Submittal.external_id == ext))
        if sub is None:
            return RowError(
                rec.line,
                "jobSubmission.id",
                f"submission {ext} has not been imported; import submissions first",
            )
        key = f"history:{rec.external_id}"
        if self.s.scalar(
            select(Interview.id).where(Interview.source == SOURCE, Interview.external_id == key)
        ):
            self.report.duplicates += 1
            return None
        status = _status(rec.get("status")) or ""
        if "interview" in status:  # the stage-change log is where client interviews are dated
            self.s.add(
                Interview(
                    submittal_id=sub.id,
                    held_on=self._day(rec.at),
                    outcome=status,
                    source=SOURCE,
                    external_id=key,
                )
            )
            self.report.imported += 1
        elif status and sub.status != status:
            self.report.updated += 1
        else:
            self.report.duplicates += 1
        sub.status = status or sub.status
        self.s.flush()
        return None

    def _sendout(self, rec: FunnelRecord) -> RowError | None:
        job, error = self._job(rec)
        if job is None:
            return error
        if self.s.scalar(
            select(Interview.id).where(Interview.source == SOURCE, Interview.external_id == rec.external_id)
        ):
            self.report.duplicates += 1
            return None
        candidate_id = self._candidate(rec)
        sub_id = self.s.scalar(
            select(Submittal.id)
            .where(Submittal.job_order_id == job.id, Submittal.candidate_id == candidate_id)
            .order_by(Submittal.submitted_on)
            .limit(1)
        )
        if sub_id is None:  # a sendout implies the candidate was submitted; the export just lacked it
            sub = Submittal(
                job_order_id=job.id,
                candidate_id=candidate_id,
                candidate_name=rec.get("candidate_name") or "",
                submitted_on=self._day(rec.at),
                status="sent_out",
                source=SOURCE,
                external_id=f"sendout:{rec.external_id}",
            )
            self.s.add(sub)
            self.s.flush()
            sub_id = sub.id
            self.report.created_submittals += 1
        self.s.add(
            Interview(
                submittal_id=sub_id, held_on=self._day(rec.at), source=SOURCE, external_id=rec.external_id
            )
        )
        self.s.flush()
        self.report.imported += 1
        return None

    def _placement(self, rec: FunnelRecord) -> RowError | None:
        job, error = self._job(rec)
        if job is None:
            return error
        existing = self.s.scalar(
            select(Placement).where(Placement.source == SOURCE, Placement.external_id == rec.external_id)
        )
        fee = rec.get("fee")
        salary = rec.get("salary")
        if fee is not None and 0 < fee <= 1 and salary:  # Bullhorn's fee is a share of the salary
            fee = (fee * salary).quantize(Decimal("0.01"))
        values = {
            "bill_rate": rec.get("bill_rate") or None,
            "pay_rate": rec.get("pay_rate") or None,
            "fee": fee or None,
        }
        if existing is not None:
            self._update(existing, values)
            return None
        sub_ext = rec.get("submission")
        sub_id = self.s.scalar(
            select(Submittal.id).where(
                Submittal.source == SOURCE,
                Submittal.external_id == sub_ext,
                Submittal.job_order_id == job.id,
            )
        )
        self.s.add(
            Placement(
                job_order_id=job.id,
                submittal_id=sub_id,
                job_type=rec.get("job_type") or job.job_type,
                start_on=self._day(rec.at),
                source=SOURCE,
                external_id=rec.external_id,
                **values,
            )
        )
        self.s.flush()
        self.report.imported += 1
        return None


def _status(text: str | None) -> str | None:
    """A tenant's status in snake case ("Client Interview" -> client_interview), at most 24 characters."""
    if not text:
        return None
    return "_".join(text.lower().replace("-", " ").split())[:24]
