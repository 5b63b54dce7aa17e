"""Bullhorn job orders into the funnel: a requirement becomes a JobOrder, a "Lead" job order a Lead; both
belong to the rep their owner maps to."""

from __future__ import annotations

from sqlalchemy import select

from repfocus.importers.bullhorn_funnel import FunnelRecord
from repfocus.importers.records import RowError
from repfocus.services.funnel_rows import SOURCE, FunnelRows
from repfocus.store.models import JobOrder, Lead


def take_job_order(rows: FunnelRows, rec: FunnelRecord) -> RowError | None:
    """Write a job order (or a lead) once per external id, updating status, openings and rate on re-import;
    reject it when its owner maps to no rep."""
    rep_id, error = _rep(rows, rec)
    if error is not None:
        return error
    if rec.get("lead"):
        _lead(rows, rec, rep_id)
        return None
    values = {
        "status": rec.get("job_status"),
        "closed_on": rows.day(rec.get("closed_at")),
        "openings": rec.get("openings") or 1,
        "bill_rate": rec.get("bill_rate") or None,
    }
    existing = rows.s.scalar(
        select(JobOrder).where(JobOrder.source == SOURCE, JobOrder.external_id == rec.external_id)
    )
    if existing is not None:
        rows.update(existing, values)
        return None
    account_id = rows.account(rec.get("account"), rec.get("account_name"))
    contact_id = rows.contact(rec.get("contact"), rec.get("contact_name"), account_id, "other")
    rows.s.add(
        JobOrder(
            rep_id=rep_id,
            account_id=account_id,
            contact_id=contact_id,
            title=rec.get("title"),
            job_type=rec.get("job_type"),
            opened_on=rows.day(rec.at),
            source=SOURCE,
            external_id=rec.external_id,
            **values,
        )
    )
    rows.s.flush()
    rows.report.imported += 1
    return None


def _rep(rows: FunnelRows, rec: FunnelRecord) -> tuple[int | None, RowError | None]:
    owner, email = rec.get("owner"), rec.get("owner_email")
    candidates = [email, rows.user_map.get(owner or ""), rows.default_rep]
    for value in candidates:
        if value and (rep_id := rows.users.get(value.lower())) is not None:
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


def _lead(rows: FunnelRows, rec: FunnelRecord, rep_id: int | None) -> None:
    """Tenants that keep leads as job orders of type or status "Lead": the funnel's first stage."""
    status = "lost" if rec.get("job_status") in ("lost", "closed") else "open"
    existing = rows.s.scalar(select(Lead).where(Lead.source == SOURCE, Lead.external_id == rec.external_id))
    if existing is not None:
        rows.update(existing, {"status": status})
        return None
    account_id = rows.account(rec.get("account"), rec.get("account_name"))
    contact_id = rows.contact(rec.get("contact"), rec.get("contact_name"), account_id, "other")
    rows.s.add(
        Lead(
            rep_id=rep_id,
            account_id=account_id,
            contact_id=contact_id,
            created_on=rows.day(rec.at),
            status=status,
            source=SOURCE,
            external_id=rec.external_id,
        )
    )
    rows.s.flush()
    rows.report.imported += 1
    rows.report.leads += 1
