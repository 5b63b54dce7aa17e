"""Cadence adherence: each rep's weekly counts per category against the weekly-count targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from repfocus.analytics.scope import (
    RepRef,
    effective_targets,
    medians_by_team,
    rep_refs,
    team_peers,
)
from repfocus.analytics.sums import weekly_counts
from repfocus.domain.measures import adherence, cadence_score
from repfocus.domain.org_settings import WEEKDAYS, weekday_numbers, working_days_of
from repfocus.domain.period import Period
from repfocus.store.bullseye import current_bullseye
from repfocus.store.organizations import stored_settings

WORKDAYS = weekday_numbers(WEEKDAYS[:5])


@dataclass(frozen=True, slots=True)
class RepCadence:
    """One rep's weekly counts of each targeted category, adherence per target and overall.

    `weekly[i]` belongs to `weeks[i]` of the report (Monday dates). A partial first or last week
    counts its days only, and its target is prorated by the organization's working days inside the period.
    """

    rep: RepRef
    targets: dict[str, float]
    weekly: list[dict[str, int]]
    week_weights: list[float]

    @property
    def total(self) -> dict[str, int]:
        return {c: sum(w.get(c, 0) for w in self.weekly) for c in self.targets}

    @property
    def per_week(self) -> dict[str, float]:
        """Average count per full week for each targeted category."""
        weeks = sum(self.week_weights)
        return {c: (round(n / weeks, 2) if weeks else 0.0) for c, n in self.total.items()}

    @property
    def adherence(self) -> dict[str, float | None]:
        return {c: adherence(self.per_week[c], t) for c, t in self.targets.items()}

    @property
    def score(self) -> float | None:
        """Mean capped adherence over every target: one number for the rep's cadence."""
        return cadence_score(self.per_week, self.targets)

    @property
    def weekly_scores(self) -> list[float | None]:
        """The cadence score of each week (a row of the heat map)."""
        out: list[float | None] = []
        for counts, weight in zip(self.weekly, self.week_weights, strict=True):
            if not weight:
                out.append(None)
                continue
            scaled = {c: counts.get(c, 0) / weight for c in self.targets}
            out.append(cadence_score(scaled, self.targets))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.rep.as_dict(),
            "targets": self.targets,
            "total": self.total,
            "per_week": self.per_week,
            "adherence": self.adherence,
            "score": self.score,
            "weekly": self.weekly,
            "weekly_scores": self.weekly_scores,
        }


@dataclass(frozen=True, slots=True)
class CadenceReport:
    period: Period
    weeks: list[date]
    reps: list[RepCadence]
    team_medians: dict[str, dict[str, float | None]]

    def as_dict(self) -> dict[str, Any]:
        """Return {"period", "weeks": [Monday ISO], "reps": [RepCadence.as_dict()], "team_medians"}."""
        return {
            "period": self.period.as_dict(),
            "weeks": [w.isoformat() for w in self.weeks],
            "reps": [r.as_dict() for r in self.reps],
            "team_medians": self.team_medians,
        }

    @property
    def categories(self) -> list[str]:
        """Every category some selected rep has a weekly target for."""
        return sorted({c for r in self.reps for c in r.targets})

    def as_table(self) -> tuple[list[str], list[list[Any]]]:
        """Return (header, rows): per rep, each target's weekly average, target, adherence; the score."""
        cats = self.categories
        header = ["email", "name", "team", "score", "team_median_score"]
        for c in cats:
            header += [f"{c}_per_week", f"{c}_target", f"{c}_adherence"]
        rows = []
        for r in self.reps:
            row: list[Any] = [
                *r.rep.as_dict().values(),
                r.score,
                self.team_medians.get(r.rep.team or "", {}).get("score"),
            ]
            for c in cats:
                row += [r.per_week.get(c), r.targets.get(c), r.adherence.get(c)]
            rows.append(row)
        return header, rows

    def heatmap_table(self) -> tuple[list[str], list[list[Any]]]:
        """Return (header, rows): the cadence score of each rep (row) in each week (column)."""
        header = ["email", "name", "team", *(w.isoformat() for w in self.weeks)]
        return header, [[*r.rep.as_dict().values(), *r.weekly_scores] for r in self.reps]


def week_weights(period: Period, weeks: list[date], working: frozenset[int] = WORKDAYS) -> list[float]:
    """Return the share of each week's working days (weekday numbers, Monday 0) inside the period."""
    out = []
    for monday in weeks:
        days = [monday + timedelta(days=i) for i in sorted(working)]
        out.append(sum(1 for d in days if period.start <= d <= period.end) / len(days))
    return out


def weekly_targets(targets: dict[int, dict[tuple[str, str], float]]) -> dict[int, dict[str, float]]:
    """Return each rep's weekly-count targets {category: count} out of their effective targets."""
    return {
        rep_id: {key: value for (metric, key), value in t.items() if metric == "weekly_count" and value > 0}
        for rep_id, t in targets.items()
    }


def cadence_for(
    session: Session,
    *,
    period: Period,
    reps: Sequence[RepRef],
    targets: dict[int, dict[tuple[str, str], float]] | None = None,
    counts: dict[int, list[dict[str, int]]] | None = None,
) -> dict[int, RepCadence]:
    """Return each rep's cadence over `period`: counts per week of every category with a target.

    `targets` (effective_targets) and `counts` (weekly_counts of the targeted categories) may be
    given when the caller read them already, as the dashboard does along with the measures."""
    weekly = weekly_targets(effective_targets(session, reps) if targets is None else targets)
    if counts is None:
        counts = weekly_counts(
            session,
            period=period,
            rep_ids=[r.rep_id for r in reps if weekly.get(r.rep_id)],
            categories=sorted({c for t in weekly.values() for c in t}),
            bullseye=current_bullseye(session),
        )
    weeks = period.weeks()
    weights = week_weights(period, weeks, weekday_numbers(working_days_of(stored_settings(session))))
    out = {}
    for rep in reps:
        own = weekly.get(rep.rep_id, {})
        row = counts.get(rep.rep_id) if own else None
        out[rep.rep_id] = RepCadence(rep, own, row or [{} for _ in weeks], weights)
    return out


def cadence_report(
    period: Period, reps: Sequence[RepRef], peers: Sequence[RepRef], values: dict[int, RepCadence]
) -> CadenceReport:
    """Return the report of `reps` out of the cadence of their `peers`, with the teams' median score."""
    return CadenceReport(
        period=period,
        weeks=period.weeks(),
        reps=[values[r.rep_id] for r in reps],
        team_medians=medians_by_team(peers, values, {"score": lambda c: c.score}),
    )


def cadence(
    session: Session,
    *,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
    rep_ids: Sequence[int] | None = None,
    visible: tuple[str, frozenset[int]] = ("all", frozenset()),
) -> CadenceReport:
    """Return the cadence of the selected reps over `period`, with their teams' median score."""
    reps = rep_refs(session, team=team, rep_email=rep_email, rep_ids=rep_ids, visible=visible)
    peers = team_peers(session, reps)
    return cadence_report(period, reps, peers, cadence_for(session, period=period, reps=peers))
