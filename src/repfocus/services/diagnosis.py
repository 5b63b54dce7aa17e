"""Diagnose reps: signals -> the five causes, organization findings, what moved since the last snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.analytics.organization_facts import is_bullseye_defined, last_coaching_days, team_cadence_gaps
from repfocus.analytics.scope import RepRef
from repfocus.analytics.signals import rep_signals
from repfocus.domain.access import Actor, sales_visibility
from repfocus.domain.competencies import COMPETENCY_LABELS, CompetencyLine
from repfocus.domain.diagnosis import (
    Finding,
    OrgFacts,
    RepSignals,
    Thresholds,
    ThresholdsInvalid,
    diagnose_rep,
    load_thresholds,
    organization_findings,
)
from repfocus.domain.diagnosis.model import SEVERITY_RANK, Signal
from repfocus.domain.period import Period
from repfocus.services.competencies import gaps_in
from repfocus.services.follow_ups import FollowUpView, list_follow_ups
from repfocus.services.key_questions import latest_answers
from repfocus.store.db import Database
from repfocus.store.models import DiagnosisSnapshot, FollowUpTask


@dataclass(frozen=True, slots=True)
class SignalMove:
    """A signal named in an earlier diagnosis of the rep: its value then and now."""

    signal: str
    before: float | None
    now: float | None
    before_period: Period

    @property
    def direction(self) -> str:
        if self.before is None or self.now is None:
            return "unknown"
        if abs(self.now - self.before) < 0.005:
            return "flat"
        return "up" if self.now > self.before else "down"

    def as_dict(self) -> dict[str, Any]:
        """Return {"signal", "label", "before", "now", "direction", "since": {"from", "to"}}."""
        return {
            "signal": self.signal,
            "label": SIGNAL_LABELS.get(self.signal, self.signal),
            "before": self.before,
            "now": self.now,
            "direction": self.direction,
            "since": self.before_period.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class RepDiagnosis:
    """One rep's ranked findings, the signals behind them and what moved since the previous diagnosis."""

    rep_id: int
    email: str
    name: str
    team: str | None
    findings: list[Finding]
    signals: RepSignals
    moves: list[SignalMove] = field(default_factory=list)
    competency_gaps: list[CompetencyLine] = field(default_factory=list)  # manager ratings needing training

    def severity_of(self, cause: str) -> str | None:
        """Return the severity of the rep's finding for `cause`; None when there is none."""
        return next((f.severity for f in self.findings if f.cause == cause), None)

    @property
    def top(self) -> Finding | None:
        return self.findings[0] if self.findings else None

    @property
    def worst_rank(self) -> int:
        return max((SEVERITY_RANK[f.severity] for f in self.findings), default=0)

    def as_dict(self) -> dict[str, Any]:
        """Return {"email", "findings": [...], "moved": [...], "competency_gaps": [...]}: moved lists the
        signals behind the findings of the rep's latest saved diagnosis of an earlier period, then and now
        (empty without one); competency_gaps the manager's ratings that need training, beside what the
        numbers show ({"competency", "label", "score", "rated_on", "change", "evidence"})."""
        return {
            "email": self.email,
            "findings": [f.as_dict() for f in self.findings],
            "moved": [m.as_dict() for m in self.moves],
            "competency_gaps": [_gap(line) for line in self.competency_gaps],
        }


def _gap(line: CompetencyLine) -> dict[str, Any]:
    current, noted = line.current, line.evidence
    return {
        "competency": line.competency,
        "label": COMPETENCY_LABELS[line.competency],
        "score": current.score if current else None,
        "rated_on": current.rated_on.isoformat() if current else None,
        "change": line.change,
        "evidence": noted.evidence if noted else None,
    }


@dataclass(frozen=True, slots=True)
class DiagnosisReport:
    """The diagnosis of the selected reps for a period; as_dict() is the stable JSON shape."""

    period: Period
    organization_findings: list[Finding]
    reps: list[RepDiagnosis]

    def as_dict(self) -> dict[str, Any]:
        """Return {"period", "organization_findings": [...], "reps": [{"email", "findings", "moved"}]}."""
        return {
            "period": self.period.as_dict(),
            "organization_findings": [f.as_dict() for f in self.organization_findings],
            "reps": [r.as_dict() for r in self.reps],
        }


class RepNotFound(LookupError):
    """No active rep matches the filter."""


def configured_thresholds(path: str | None) -> Thresholds:
    """Return the packaged thresholds, overridden by the TOML file at `path` when one is given."""
    if not path:
        return load_thresholds()
    file = Path(path)
    if not file.is_file():
        raise ThresholdsInvalid(f"{path}: thresholds file not found")
    return load_thresholds(file.read_text(encoding="utf-8"), source=path)


def diagnose(
    db: Database,
    *,
    actor: Actor | None,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
    thresholds: Thresholds | None = None,
) -> DiagnosisReport:
    """Return the diagnosis of the selected reps (all when no filter) and of the organization for `period`.

    A read only: it compares with the latest saved snapshot but stores none (diagnosis_snapshots saves).
    """
    with db.read_session() as session:
        return diagnose_in(
            session, actor=actor, period=period, team=team, rep_email=rep_email, thresholds=thresholds
        )


def diagnose_in(
    session: Session,
    *,
    actor: Actor | None,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
    thresholds: Thresholds | None = None,
) -> DiagnosisReport:
    """Return the diagnosis as `diagnose` does, read in the caller's session (and so its transaction)."""
    th = thresholds or load_thresholds()
    visible = sales_visibility(actor, "the diagnosis")
    pairs = rep_signals(
        session,
        period=period,
        team=team,
        rep_email=rep_email,
        min_team_reps=int(th.num("confidence", "min_team_reps")),
        visible=visible,
    )
    if rep_email is not None and not pairs:
        raise RepNotFound(f"no active rep with email {rep_email}")
    addressed = _addressed(session, [ref.rep_id for ref, _ in pairs])
    gaps = gaps_in(session, [ref.rep_id for ref, _ in pairs])
    reps = []
    for ref, rs in pairs:
        rs = RepSignals(
            rs.email,
            rs.name,
            rs.team,
            rs.period,
            rs.signals,
            addressed.get(ref.rep_id, frozenset()),
            rs.selling_touches,
        )
        findings = diagnose_rep(rs, th)
        moves = _moves(session, ref, rs)
        reps.append(
            RepDiagnosis(
                ref.rep_id, ref.email, ref.name, ref.team, findings, rs, moves, gaps.get(ref.rep_id, [])
            )
        )
    # A rep sees their own findings only; the organization's setup is for leaders and managers.
    org = (
        []
        if visible[0] == "self"
        else organization_findings(_org_facts(session, period, [r for r, _ in pairs]), th)
    )
    return DiagnosisReport(period, org, reps)


def _addressed(session: Session, rep_ids: list[int]) -> dict[int, frozenset[str]]:
    """Return, per rep, the causes with a follow-up task marked done."""
    out: dict[int, set[str]] = {}
    if rep_ids:
        rows = session.execute(
            select(FollowUpTask.rep_id, FollowUpTask.cause).where(
                FollowUpTask.rep_id.in_(rep_ids), FollowUpTask.done_at.is_not(None)
            )
        )
        for rep_id, cause in rows:
            if rep_id is not None:
                out.setdefault(rep_id, set()).add(cause)
    return {k: frozenset(v) for k, v in out.items()}


def _org_facts(session: Session, period: Period, reps: list[RepRef]) -> OrgFacts:
    teams, without = team_cadence_gaps(session)
    days = last_coaching_days(session, until=period.end, rep_ids=[r.rep_id for r in reps])
    return OrgFacts(
        period=period,
        bullseye_defined=is_bullseye_defined(session),
        teams=teams,
        teams_without_cadence=without,
        last_coaching={r.email: days.get(r.rep_id) for r in reps},
        answers=latest_answers(session, until=period.end),
    )


def _moves(session: Session, ref: RepRef, rs: RepSignals) -> list[SignalMove]:
    """Return, for the signals behind the previous diagnosis's findings, their value then and now."""
    prev = session.scalars(
        select(DiagnosisSnapshot)
        .where(DiagnosisSnapshot.rep_id == ref.rep_id, DiagnosisSnapshot.period_end < rs.period.end)
        .order_by(DiagnosisSnapshot.period_end.desc())
        .limit(1)
    ).first()
    if prev is None:
        return []
    names = [n for f in prev.findings for n in f.get("signals", [])]
    out = []
    for name in dict.fromkeys(names):
        before = Signal.from_dict(prev.signals[name]) if name in prev.signals else Signal.absent(name, "")
        out.append(
            SignalMove(name, before.value, rs.get(name).value, Period(prev.period_start, prev.period_end))
        )
    return out


SIGNAL_LABELS = {
    "selling_share": "Selling share",
    "on_target_share": "On-target share",
    "bullseye_account_share": "Selling time with bullseye accounts",
    "off_priority_share": "Largest non-selling bucket",
    "target_persona_share": "Selling touches with target personas",
    "content_share": "Time on content search and creation",
    "playbook_use": "Playbook and template use",
    "activity_trend": "Change in weekly selling time",
    "cadence_adherence": "Cadence adherence",
    "new_logo_share": "Selling time with new logos",
    "weakest_funnel_stage": "Weakest funnel stage conversion",
    "follow_up_persistence": "Touches per prospect contact",
    "placement_mix": "Contract share of placements",
}


def chart_data(signal: Signal) -> dict[str, Any]:
    """Return the numbers a page charts for one signal: the rep's value beside median, target, benchmark."""
    unit = "touches" if signal.name == "follow_up_persistence" else "%"
    scale = 1.0 if unit == "touches" else 100.0

    def scaled(x: float | None) -> float | None:
        return None if x is None else round(x * scale, 1)

    return {
        "label": SIGNAL_LABELS.get(signal.name, signal.name),
        "unit": unit,
        "rep": scaled(signal.value),
        "median": scaled(signal.median),
        "target": scaled(signal.target),
        "benchmark": scaled(signal.benchmark),
    }


@dataclass(frozen=True, slots=True)
class RepCard:
    """Everything the rep diagnosis card shows."""

    diagnosis: RepDiagnosis
    tasks: list[FollowUpView]
    period: Period


def rep_card(
    db: Database, *, actor: Actor | None, period: Period, rep_email: str, thresholds: Thresholds | None = None
) -> RepCard:
    """Return the rep's diagnosis (medians over the whole team) and the rep's follow-up tasks."""
    report = diagnose(db, actor=actor, period=period, rep_email=rep_email, thresholds=thresholds)
    tasks = (
        []
        if actor is not None and actor.role == "rep"
        else list_follow_ups(db, actor=actor, rep_email=rep_email)
    )
    return RepCard(report.reps[0], tasks, period)


@dataclass(frozen=True, slots=True)
class Overview:
    """The team overview page: the diagnosis and the manager's open follow-up tasks."""

    report: DiagnosisReport
    open_tasks: list[FollowUpView]


def overview(
    db: Database,
    *,
    actor: Actor | None,
    period: Period,
    team: str | None = None,
    thresholds: Thresholds | None = None,
) -> Overview:
    """Return the diagnosis of the team (all visible reps when None) and the open follow-up tasks."""
    report = diagnose(db, actor=actor, period=period, team=team, thresholds=thresholds)
    tasks = (
        [] if actor is not None and actor.role == "rep" else list_follow_ups(db, actor=actor, open_only=True)
    )
    return Overview(report, tasks)
