"""Bullhorn submissions, their status history and sendouts into the funnel: Submittals of candidates to
job orders, and the Interviews the history and the sendouts date."""

from __future__ import annotations

from sqlalchemy import select

from repfocus.importers.bullhorn_funnel import FunnelRecord
from repfocus.importers.records import RowError
from repfocus.services.funnel_rows import SOURCE, FunnelRows
from repfocus.store.models import Interview, Submittal


def take_submission(rows: FunnelRows, rec: FunnelRecord) -> RowError | None:
    """Write a submittal once per external id (its status updated on re-import); reject it when its job
    order has not been imported."""
    job, error = rows.job(rec)
    if job is None:
        return error
    status = _status(rec.get("status")) or "submitted"
    existing = rows.s.scalar(
        select(Submittal).where(Submittal.source == SOURCE, Submittal.external_id == rec.external_id)
    )
    if existing is not None:
        rows.update(existing, {"status": status})
        return None
    candidate_id = _candidate(rows, rec)
    rows.s.add(
        Submittal(
            job_order_id=job.id,
            candidate_id=candidate_id,
            candidate_name=rec.get("candidate_name") or "",
            submitted_on=rows.day(rec.at),
            status=status,
            source=SOURCE,
            external_id=rec.external_id,
        )
    )
    rows.s.flush()
    rows.report.imported += 1
    return None


def take_history(rows: FunnelRows, rec: FunnelRecord) -> RowError | None:
    """Apply a submission's status change; an interview status dates an Interview (once per history id);
    reject it when the submission has not been imported."""
    ext = rec.get("submission")
    sub = rows.s.scalar(select(Submittal).where(Submittal.source == SOURCE, Submittal.external_id == ext))
    if sub is None:
        return RowError(
            rec.line,
            "jobSubmission.id",
            f"submission {ext} has not been imported; import submissions first",
        )
    key = f"history:{rec.external_id}"
    if rows.s.scalar(select(Interview.id).where(Interview.source == SOURCE, Interview.external_id == key)):
        rows.report.duplicates += 1
        return None
    status = _status(rec.get("status")) or ""
    if "interview" in status:  # the stage-change log is where client interviews are dated
        rows.s.add(
            Interview(
                submittal_id=sub.id,
                held_on=rows.day(rec.at),
                outcome=status,
                source=SOURCE,
                external_id=key,
            )
        )
        rows.report.imported += 1
    elif status and sub.status != status:
        rows.report.updated += 1
    else:
        rows.report.duplicates += 1
    sub.status = status or sub.status
    rows.s.flush()
    return None


def take_sendout(rows: FunnelRows, rec: FunnelRecord) -> RowError | None:
    """Write a sendout as an Interview (once per external id), creating the submittal it implies when the
    export lacked it; reject it when its job order has not been imported."""
    job, error = rows.job(rec)
    if job is None:
        return error
    if rows.s.scalar(
        select(Interview.id).where(Interview.source == SOURCE, Interview.external_id == rec.external_id)
    ):
        rows.report.duplicates += 1
        return None
    candidate_id = _candidate(rows, rec)
    sub_id = rows.s.scalar(
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
            submitted_on=rows.day(rec.at),
            status="sent_out",
            source=SOURCE,
            external_id=f"sendout:{rec.external_id}",
        )
        rows.s.add(sub)
        rows.s.flush()
        sub_id = sub.id
        rows.report.created_submittals += 1
    rows.s.add(
        Interview(submittal_id=sub_id, held_on=rows.day(rec.at), source=SOURCE, external_id=rec.external_id)
    )
    rows.s.flush()
    rows.report.imported += 1
    return None


def _candidate(rows: FunnelRows, rec: FunnelRecord) -> int | None:
    # Candidates and client contacts are numbered apart in Bullhorn: prefix keeps the ids distinct.
    ext = rec.get("candidate")
    return rows.contact(f"candidate:{ext}", rec.get("candidate_name"), None, "candidate") if ext else None


def _status(text: str | None) -> str | None:
    """A tenant's status in snake case ("Client Interview" -> client_interview), at most 24 characters."""
    if not text:
        return None
    return "_".join(text.lower().replace("-", " ").split())[:24]
