"""Bullhorn staffing-funnel records: JobOrder, JobSubmission, JobSubmissionHistory, Sendout, Placement.

One FunnelRecord per row of an entity, with what RepFocus needs of it (the job order's type and status
mapped to RepFocus's); the file shapes are bullhorn_funnel_files', the field values bullhorn_funnel_fields'.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from repfocus.importers.bullhorn_funnel_fields import (
    FieldInvalid,
    flag,
    moment,
    money,
    person_name,
    ref,
    text_of,
    whole_number,
)
from repfocus.importers.records import RowError

ENTITIES = ("joborder", "submission", "history", "sendout", "placement")  # funnel order
ENTITY_NAMES = {
    "joborder": "JobOrder",
    "submission": "JobSubmission",
    "history": "JobSubmissionHistory",
    "sendout": "Sendout",
    "placement": "Placement",
}
REQUIRED = {
    "joborder": ("id", "title", "employmentType", "dateAdded"),
    "submission": ("id", "jobOrder.id", "candidate.id", "dateAdded"),
    "history": ("id", "jobSubmission.id", "status", "dateAdded"),
    "sendout": ("id", "jobOrder.id", "candidate.id", "dateAdded"),
    "placement": ("id", "jobOrder.id", "dateBegin"),
}


@dataclass(slots=True)
class FunnelRecord:
    """One funnel event as read from Bullhorn; times are aware UTC, money Decimal, None when absent."""

    entity: str
    line: int
    external_id: str
    at: datetime  # opened (job order), submitted, status change, sent out, or start (placement)
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.values.get(key)


def funnel_records(
    rows: Iterator[tuple[int, dict[str, Any]]], entity: str
) -> Iterator[FunnelRecord | RowError]:
    """Yield one FunnelRecord per row of `entity`, or a RowError naming the line, field and reason."""
    for line, row in rows:
        if not row:
            yield RowError(line, "record", "not a JSON object")
            continue
        try:
            yield _record(line, row, entity)
        except FieldInvalid as bad:
            yield RowError(line, bad.field, bad.reason)


def _record(line: int, row: dict[str, Any], entity: str) -> FunnelRecord:
    for name in REQUIRED[entity]:
        if row.get(name) in (None, ""):
            raise FieldInvalid(name, f"{name} is required for a {ENTITY_NAMES[entity]}")
    when = "dateBegin" if entity == "placement" else "dateAdded"
    values: dict[str, Any] = {
        "status": text_of(row.get("status"), 80),
        "deleted": flag(row.get("isDeleted"), "isDeleted"),
        "job_order": ref(row.get("jobOrder.id")),
        "submission": ref(row.get("jobSubmission.id")),
        "candidate": ref(row.get("candidate.id")),
        "candidate_name": person_name(row, "candidate"),
        "account": ref(row.get("clientCorporation.id")),
        "account_name": text_of(row.get("clientCorporation.name"), 200),
        "contact": ref(row.get("clientContact.id")),
        "contact_name": person_name(row, "clientContact"),
        "owner": ref(row.get("owner.id") or row.get("sendingUser.id") or row.get("user.id")),
        "owner_email": text_of(row.get("owner.email"), 254),
        "title": text_of(row.get("title"), 200),
        "employment_type": text_of(row.get("employmentType"), 80),
        "openings": whole_number(row.get("numOpenings"), "numOpenings"),
        "is_open": flag(row.get("isOpen"), "isOpen"),
        "closed_at": moment(row.get("dateClosed"), "dateClosed"),
        "ended_at": moment(row.get("dateEnd"), "dateEnd"),
        "bill_rate": money(row.get("clientBillRate", row.get("billRate")), "clientBillRate"),
        "pay_rate": money(row.get("payRate"), "payRate"),
        "salary": money(row.get("salary"), "salary"),
        "fee": money(row.get("fee"), "fee"),
    }
    values["job_type"] = job_type_of(values["employment_type"])
    values["lead"] = entity == "joborder" and "lead" in {
        (values["employment_type"] or "").lower(),
        (values["status"] or "").lower(),
    }
    # A "Lead" job order is a lead, not a requirement yet: it needs no job type.
    if entity == "joborder" and not values["lead"] and values["job_type"] is None:
        raise FieldInvalid(
            "employmentType",
            f"{values['employment_type']!r} is not a staffing job type; expected contract, "
            "contract to hire or direct hire (permanent)",
        )
    if entity == "joborder":
        values["job_status"] = job_status_of(values["status"], values["is_open"], values["closed_at"])
    at = moment(row[when], when)
    assert at is not None  # required above
    return FunnelRecord(entity=entity, line=line, external_id=str(ref(row["id"])), at=at, values=values)


def job_type_of(employment_type: str | None) -> str | None:
    """Map a tenant's employmentType ("50 - Direct Hire", "Contract", "Permanent") to a RepFocus job type."""
    text = (employment_type or "").lower()
    if ("contract" in text and ("hire" in text or "perm" in text)) or "c2h" in text or "temp to" in text:
        return "contract_to_hire"
    if any(w in text for w in ("direct", "perm", "full time", "full-time", "fte")):
        return "direct_hire"
    if any(w in text for w in ("contract", "freelance", "temp", "consult")):
        return "contract"
    return None


def job_status_of(status: str | None, is_open: bool | None, closed_at: datetime | None) -> str:
    """Map a tenant's job order status to open | filled | lost | closed (statuses are configurable)."""
    text = (status or "").lower()
    if "placed" in text or "filled" in text:
        return "filled"
    if "lost" in text or "cancel" in text:
        return "lost"
    if "closed" in text or "archive" in text or (is_open is False and closed_at is not None):
        return "closed"
    return "open"
