"""The staffing funnel per rep: lead → prospect meeting → job order → submittal → interview → placement,
with conversion ratios and fill rate, each beside the team median."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repfocus.analytics.scope import RepRef, medians_by_team, rep_refs, team_peers
from repfocus.domain.measures import ratio
from repfocus.domain.period import Period
from repfocus.domain.taxonomy import JOB_TYPES
from repfocus.store.bullseye import current_bullseye
from repfocus.store.models import ActivityRollup, Interview, JobOrder, Lead, Placement, Submittal

STAGES: Final = ("leads", "meetings", "job_orders", "submittals", "interviews", "placements")
RATIOS: Final = {
    "meeting_to_job_order": ("job_orders", "meetings"),
    "job_order_to_submittal": ("submittals", "job_orders"),
    "submittal_to_interview": ("interviews", "submittals"),
    "interview_to_placement": ("placements", "interviews"),
    "fill_rate": ("filled_job_orders", "job_orders"),
}


@dataclass(frozen=True, slots=True)
class RepFunnel:
    """Counts per stage dated inside the period (each stage by its own date), and the ratios between them."""

    rep: RepRef
    counts: dict[str, int]
    placements_by_type: dict[str, int]

    @property
    def ratios(self) -> dict[str, float | None]:
        return {name: ratio(self.counts[a], self.counts[b]) for name, (a, b) in RATIOS.items()}

    @property
    def placement_mix(self) -> dict[str, float | None]:
        total = sum(self.placements_by_type.values())
        return {t: ratio(n, total) for t, n in self.placements_by_type.items()}

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.rep.as_dict(),
            "counts": self.counts,
            "ratios": self.ratios,
            "placements_by_type": self.placements_by_type,
            "placement_mix": self.placement_mix,
        }


@dataclass(frozen=True, slots=True)
class FunnelReport:
    period: Period
    reps: list[RepFunnel]
    team_medians: dict[str, dict[str, float | None]]
    target_placement_mix: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        """Return {"period", "reps": [RepFunnel.as_dict()], "team_medians": {team: {stage|ratio: x}},
        "target_placement_mix": {job_type: share}}."""
        return {
            "period": self.period.as_dict(),
            "reps": [r.as_dict() for r in self.reps],
            "team_medians": self.team_medians,
            "target_placement_mix": self.target_placement_mix,
        }

    def as_table(self) -> tuple[list[str], list[list[Any]]]:
        """Return (header, rows): counts per stage, ratios and each ratio's team median."""
        header = ["email", "name", "team", *STAGES, *RATIOS, *(f"team_median_{n}" for n in RATIOS)]
        rows = []
        for f in self.reps:
            medians = self.team_medians.get(f.rep.team or "", {})
            rows.append(
                [
                    *f.rep.as_dict().values(),
                    *(f.counts[s] for s in STAGES),
                    *(f.ratios[n] for n in RATIOS),
                    *(medians.get(n) for n in RATIOS),
                ]
            )
        return header, rows


def funnel_for(session: Session, *, period: Period, reps: Sequence[RepRef]) -> dict[int, RepFunnel]:
    """Return each rep's funnel over `period` in one grouped query per stage."""
    ids = [r.rep_id for r in reps]
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys((*STAGES, "filled_job_orders"), 0))
    by_type: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(JOB_TYPES, 0))
    if ids:
        lo, hi = period.start, period.end
        r = ActivityRollup
        queries = {
            "leads": select(Lead.rep_id, func.count())
            .where(Lead.rep_id.in_(ids), Lead.created_on.between(lo, hi))
            .group_by(Lead.rep_id),
            "meetings": select(r.rep_id, func.sum(r.count))
            .where(r.rep_id.in_(ids), r.day.between(lo, hi), r.category == "prospect_meeting")
            .group_by(r.rep_id),
            "job_orders": select(JobOrder.rep_id, func.count())
            .where(JobOrder.rep_id.in_(ids), JobOrder.opened_on.between(lo, hi))
            .group_by(JobOrder.rep_id),
            "submittals": select(JobOrder.rep_id, func.count())
            .join(Submittal, Submittal.job_order_id == JobOrder.id)
            .where(JobOrder.rep_id.in_(ids), Submittal.submitted_on.between(lo, hi))
            .group_by(JobOrder.rep_id),
            "interviews": select(JobOrder.rep_id, func.count())
            .join(Submittal, Submittal.job_order_id == JobOrder.id)
            .join(Interview, Interview.submittal_id == Submittal.id)
            .where(JobOrder.rep_id.in_(ids), Interview.held_on.between(lo, hi))
            .group_by(JobOrder.rep_id),
            "filled_job_orders": select(JobOrder.rep_id, func.count(func.distinct(JobOrder.id)))
            .join(Placement, Placement.job_order_id == JobOrder.id)
            .where(JobOrder.rep_id.in_(ids), JobOrder.opened_on.between(lo, hi))
            .group_by(JobOrder.rep_id),
        }
        for stage, stmt in queries.items():
            for rep_id, n in session.execute(stmt):
                counts[rep_id][stage] = int(n or 0)
        placed = (
            select(JobOrder.rep_id, Placement.job_type, func.count())
            .join(Placement, Placement.job_order_id == JobOrder.id)
            .where(JobOrder.rep_id.in_(ids), Placement.start_on.between(lo, hi))
            .group_by(JobOrder.rep_id, Placement.job_type)
        )
        for rep_id, job_type, n in session.execute(placed):
            by_type[rep_id][job_type] = int(n)
            counts[rep_id]["placements"] += int(n)
    return {rep.rep_id: RepFunnel(rep, dict(counts[rep.rep_id]), dict(by_type[rep.rep_id])) for rep in reps}


def _median_fields() -> dict[str, Any]:
    fields: dict[str, Any] = {s: (lambda f, s=s: float(f.counts[s])) for s in STAGES}
    fields.update({n: (lambda f, n=n: f.ratios[n]) for n in RATIOS})
    return fields


def funnel(
    session: Session,
    *,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
    rep_ids: Sequence[int] | None = None,
    visible: tuple[str, frozenset[int]] = ("all", frozenset()),
) -> FunnelReport:
    """Return the funnel of the selected reps over `period`, with the team median of every count and ratio."""
    reps = rep_refs(session, team=team, rep_email=rep_email, rep_ids=rep_ids, visible=visible)
    peers = team_peers(session, reps)
    values = funnel_for(session, period=period, reps=peers)
    return FunnelReport(
        period=period,
        reps=[values[r.rep_id] for r in reps],
        team_medians=medians_by_team(peers, values, _median_fields()),
        target_placement_mix=dict(current_bullseye(session).placement_mix),
    )
