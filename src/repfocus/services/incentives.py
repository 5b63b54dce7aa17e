"""Incentive plans: leaders create, change and deactivate them; everyone with sales data reads the plans
that apply to them and the payouts of the reps they may see, computed from the rollups."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from repfocus.analytics.incentive_counts import event_counts
from repfocus.analytics.scope import RepRef, rep_refs
from repfocus.domain.access import Actor, can_edit_targets, require, sales_visibility
from repfocus.domain.incentives import (
    IncentiveInvalid,
    IncentivePlan,
    RuleLine,
    check_plan,
    check_rule,
    clip,
    plan_lines,
)
from repfocus.domain.period import Period
from repfocus.services import audit
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import IncentivePlanRow, Organization, Team, incentive_plan_teams

__all__ = ["IncentiveInvalid", "IncentiveNotFound"]


class IncentiveNotFound(LookupError):
    """No such plan (HTTP 404)."""


@dataclass(frozen=True, slots=True)
class PlanView:
    id: int
    plan: IncentivePlan
    teams: tuple[str, ...]
    is_active: bool

    def as_dict(self) -> dict[str, Any]:
        p = self.plan
        return {
            "id": self.id,
            "name": p.name,
            "valid_from": p.valid_from.isoformat(),
            "valid_to": p.valid_to.isoformat(),
            "currency": p.currency,
            "teams": list(self.teams),
            "active": self.is_active,
            "rules": [r.as_dict() for r in p.rules],
        }


@dataclass(frozen=True, slots=True)
class PayoutLine:
    """One rule of one plan for one rep, with the numbers that explain its amount."""

    rep: RepRef
    plan_id: int
    plan: str
    currency: str
    line: RuleLine

    def as_dict(self) -> dict[str, Any]:
        x = self.line
        return {
            "rep_email": self.rep.email,
            "rep_name": self.rep.name,
            "team": self.rep.team,
            "plan_id": self.plan_id,
            "plan": self.plan,
            "rule": x.rule,
            "category": x.category,
            "count": x.count,
            "rate": x.rate,
            "gross": str(x.gross),
            "amount": str(x.amount),
            "capped": x.capped,
            "currency": self.currency,
        }


@dataclass(frozen=True, slots=True)
class PayoutReport:
    """The payout line items of a period, by rep; totals per rep and currency."""

    period: Period
    lines: tuple[PayoutLine, ...]

    def totals(self) -> dict[str, dict[str, Decimal]]:
        """Return {rep email: {currency: total}} in the order of the lines."""
        out: dict[str, dict[str, Decimal]] = {}
        for p in self.lines:
            per = out.setdefault(p.rep.email, {})
            per[p.currency] = per.get(p.currency, Decimal("0.00")) + p.line.amount
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.as_dict(),
            "lines": [p.as_dict() for p in self.lines],
            "totals": [
                {"rep_email": email, "currency": cur, "amount": str(amount)}
                for email, per in self.totals().items()
                for cur, amount in per.items()
            ],
        }


def default_period(db: Database, *, today: date | None = None) -> Period:
    """Return this calendar month, in the organization's time zone (the usual payout period)."""
    with db.read_session() as session:
        today = today or datetime.now(org_zone(session)).date()
    first = today.replace(day=1)
    return Period(first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1))


def _plan(row: IncentivePlanRow) -> IncentivePlan:
    rules = tuple(check_rule(r, field=f"rules[{i}]") for i, r in enumerate(row.rules))
    return IncentivePlan(row.name, row.valid_from, row.valid_to, row.currency, rules)


def _views(session: Session, rows: Sequence[IncentivePlanRow]) -> list[PlanView]:
    teams: dict[int, list[str]] = {}
    links = select(incentive_plan_teams.c.plan_id, Team.name).join(
        Team, Team.id == incentive_plan_teams.c.team_id
    )
    for plan_id, name in session.execute(
        links.where(incentive_plan_teams.c.plan_id.in_([r.id for r in rows]))
    ):
        teams.setdefault(plan_id, []).append(name)
    return [PlanView(r.id, _plan(r), tuple(sorted(teams.get(r.id, ()))), r.is_active) for r in rows]


def _applies(view: PlanView, team: str | None) -> bool:
    return not view.teams or team in view.teams


def _team_names(session: Session, actor: Actor) -> set[str | None]:
    return set(session.scalars(select(Team.name).where(Team.id.in_(sorted(actor.team_ids)))))


def list_plans(db: Database, *, actor: Actor | None, include_inactive: bool = False) -> list[PlanView]:
    """Return the plans, newest window first: leaders and managers read every plan, a rep those that apply
    to their team (or to everyone); inactive ones only when asked."""
    sales_visibility(actor, "incentives")
    with db.read_session() as session:
        stmt = select(IncentivePlanRow).order_by(IncentivePlanRow.valid_from.desc(), IncentivePlanRow.id)
        if not include_inactive:
            stmt = stmt.where(IncentivePlanRow.is_active.is_(True))
        views = _views(session, list(session.scalars(stmt)))
        if actor is not None and actor.role == "rep":
            mine = _team_names(session, actor)
            views = [v for v in views if not v.teams or mine & set(v.teams)]
        return views


def _write(session: Session, row: IncentivePlanRow, definition: Mapping[str, Any]) -> list[str]:
    """Check `definition` and store it in `row`; return the team names (IncentiveInvalid on a bad one)."""
    currency = session.scalar(select(Organization.currency)) or "USD"
    plan = check_plan(definition, currency=currency)
    names = definition.get("teams") or []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise IncentiveInvalid("teams", "must be a list of team names")
    wanted = sorted({n.strip() for n in names if n.strip()})
    found: dict[str, int] = {
        n: i for n, i in session.execute(select(Team.name, Team.id).where(Team.name.in_(wanted)))
    }
    if missing := [n for n in wanted if n not in found]:
        raise IncentiveInvalid("teams", f"no team named {missing[0]!r}")
    row.name, row.valid_from, row.valid_to = plan.name, plan.valid_from, plan.valid_to
    row.currency, row.rules = plan.currency, [r.as_dict() for r in plan.rules]
    session.add(row)
    session.flush()
    session.execute(delete(incentive_plan_teams).where(incentive_plan_teams.c.plan_id == row.id))
    if found:
        session.execute(
            insert(incentive_plan_teams), [{"plan_id": row.id, "team_id": t} for t in found.values()]
        )
    return wanted


def _id(actor: Actor | None) -> int | None:
    return actor.user_id if actor is not None else None


def _leader(actor: Actor | None) -> None:
    if actor is not None:
        sales_visibility(actor, "incentives")
        require(can_edit_targets(actor), "only leaders set incentive plans")


def create_plan(db: Database, *, actor: Actor | None, definition: Mapping[str, Any]) -> PlanView:
    """Store a new plan after checking it (leaders only; the command line may). Audited."""
    _leader(actor)
    with db.session() as session:
        row = IncentivePlanRow(is_active=True, created_by=actor.user_id if actor else None)
        teams = _write(session, row, definition)
        details = {"plan": row.id, "rules": len(row.rules), "teams": teams}
        audit.record(
            session, actor_id=_id(actor), action="incentive.create", target=row.name, details=details
        )
        session.commit()
        return _views(session, [row])[0]


def _row(session: Session, plan_id: int) -> IncentivePlanRow:
    row = session.get(IncentivePlanRow, plan_id)
    if row is None:
        raise IncentiveNotFound(f"no incentive plan {plan_id}")
    return row


def update_plan(
    db: Database, *, actor: Actor | None, plan_id: int, definition: Mapping[str, Any]
) -> PlanView:
    """Replace a plan's window, rules and teams after checking them (leaders only). Audited."""
    _leader(actor)
    with db.session() as session:
        row = _row(session, plan_id)
        teams = _write(session, row, definition)
        details = {"plan": row.id, "rules": len(row.rules), "teams": teams}
        audit.record(
            session, actor_id=_id(actor), action="incentive.update", target=row.name, details=details
        )
        session.commit()
        return _views(session, [row])[0]


def deactivate_plan(db: Database, *, actor: Actor | None, plan_id: int) -> PlanView:
    """Take a plan out of force: it pays nothing from now on and stays readable (leaders only). Audited."""
    _leader(actor)
    with db.session() as session:
        row = _row(session, plan_id)
        if row.is_active:
            row.is_active = False
            audit.record(
                session,
                actor_id=_id(actor),
                action="incentive.deactivate",
                target=row.name,
                details={"plan": row.id},
            )
        session.commit()
        return _views(session, [row])[0]


def payouts(db: Database, *, actor: Actor | None, period: Period, team: str | None = None) -> PayoutReport:
    """Return, for each active rep the actor may see (of one team when given) and each active plan that
    applies to them and overlaps `period`, one line per rule: the events counted in the days of the period
    inside the plan's window (from the rollups) and what they pay. By team, rep, plan and rule."""
    visible = sales_visibility(actor, "incentives")
    plans = [(v, w) for v in list_plans(db, actor=None) if (w := clip(v.plan, period)) is not None]
    with db.read_session() as session:
        if team is not None and session.scalar(select(Team.id).where(Team.name == team)) is None:
            raise IncentiveInvalid("team", f"no team named {team!r}")
        reps = rep_refs(session, team=team, visible=visible)
        by_rep: dict[int, list[PayoutLine]] = {r.rep_id: [] for r in reps}
        for view, window in plans:
            covered = [r for r in reps if _applies(view, r.team)]
            categories = [rule.category for rule in view.plan.rules]
            counts = event_counts(
                session, period=window, rep_ids=[r.rep_id for r in covered], categories=categories
            )
            for rep in covered:
                for line in plan_lines(view.plan, counts.get(rep.rep_id, {})):
                    by_rep[rep.rep_id].append(
                        PayoutLine(rep, view.id, view.plan.name, view.plan.currency, line)
                    )
        return PayoutReport(period, tuple(p for rep in reps for p in by_rep[rep.rep_id]))
