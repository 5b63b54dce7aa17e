"""Diagnosis snapshots: a leader or manager saves a period's diagnosis on purpose, so that the next
diagnosis of a later period can show whether the signals behind its findings moved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, require
from repfocus.domain.diagnosis import Thresholds
from repfocus.domain.period import Period
from repfocus.services import audit
from repfocus.services.diagnosis import RepDiagnosis, diagnose_in
from repfocus.store.db import Database
from repfocus.store.models import DiagnosisSnapshot


class SnapshotRejected(ValueError):
    """No rep matches the filters, so there is nothing to save."""


@dataclass(frozen=True, slots=True)
class SnapshotSaved:
    """The period saved and the reps whose snapshot it holds now."""

    period: Period
    reps: list[str]

    def as_dict(self) -> dict[str, Any]:
        """Return {"period": {"from", "to"}, "saved": count, "reps": [email]}."""
        return {"period": self.period.as_dict(), "saved": len(self.reps), "reps": self.reps}


def save_diagnosis(
    db: Database,
    *,
    actor: Actor | None,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
    thresholds: Thresholds | None = None,
) -> SnapshotSaved:
    """Store each selected rep's diagnosis for `period` as their snapshot, replacing an earlier save of the
    same period; for leaders and managers (their teams' reps), recorded in the audit log."""
    if actor is not None:
        require(actor.role in ("leader", "manager"), "saving a diagnosis is for leaders and managers")
    with db.session() as session:
        report = diagnose_in(
            session, actor=actor, period=period, team=team, rep_email=rep_email, thresholds=thresholds
        )
        if not report.reps:
            raise SnapshotRejected(f"no reps in team {team}; nothing to save" if team else "no reps to save")
        for rep in report.reps:
            _store(session, rep, period)
        audit.record(
            session,
            actor_id=actor.user_id if actor is not None else None,
            action="diagnosis.save",
            target=f"period:{period.start}..{period.end}",
            details={"team": team, "rep": rep_email, "reps": len(report.reps)},
        )
        session.commit()
    return SnapshotSaved(period, [r.email for r in report.reps])


def _store(session: Session, rep: RepDiagnosis, period: Period) -> None:
    row = session.scalars(
        select(DiagnosisSnapshot).where(
            DiagnosisSnapshot.rep_id == rep.rep_id,
            DiagnosisSnapshot.period_start == period.start,
            DiagnosisSnapshot.period_end == period.end,
        )
    ).first()
    if row is None:
        row = DiagnosisSnapshot(rep_id=rep.rep_id, period_start=period.start, period_end=period.end)
        session.add(row)
    row.signals = {name: s.as_dict() for name, s in rep.signals.signals.items()}
    row.findings = [{**f.as_dict(), "signals": list(f.signals)} for f in rep.findings]
