"""Load the demo organization: generate it (domain/demo) and write it in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from repfocus.domain.demo import DemoConfig, DemoConfigInvalid, OrgPlan, RepWork, generate_rep, plan_org
from repfocus.domain.demo.catalog import TIME_ZONE
from repfocus.store.activities import insert_activities
from repfocus.store.db import Database
from repfocus.store.models import (
    Account,
    Contact,
    Interview,
    JobOrder,
    Lead,
    Organization,
    Placement,
    PlantedProfile,
    Submittal,
    Target,
    Team,
    User,
    team_managers,
)

__all__ = ["DemoConfigInvalid", "DemoSummary", "OrganizationExists", "has_organization", "load_demo"]

SOURCE = "demo"
CLASSIFIED_BY = "demo:logged"
Progress = Callable[[int, int], None]


class OrganizationExists(Exception):
    """The database already holds an organization; the demo only loads into an empty one."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What the demo load wrote."""

    organization: str
    first_day: date
    last_day: date
    teams: int
    reps: int
    accounts: int
    contacts: int
    activities: int
    job_orders: int
    submittals: int
    interviews: int
    placements: int
    seconds: float


def has_organization(db: Database) -> bool:
    """Return True when the database already holds an organization."""
    with db.session() as session:
        return session.scalar(select(Organization.id).limit(1)) is not None


def load_demo(
    db: Database,
    *,
    seed: int = 7,
    reps: int = 24,
    weeks: int = 13,
    teams: int = 3,
    noise: float = 0.0,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Generate the demo organization (deterministic for the arguments) and write it in one transaction;
    refuse with OrganizationExists when the database already holds an organization."""
    started = time.perf_counter()
    today = today or datetime.now(ZoneInfo(TIME_ZONE)).date()
    plan = plan_org(DemoConfig(today=today, seed=seed, reps=reps, weeks=weeks, teams=teams, noise=noise))
    counts = dict.fromkeys(("accounts", "contacts", "activities", "jobs", "submittals", "interviews"), 0)
    counts["placements"] = 0
    with db.session() as session:
        existing = session.scalar(select(Organization.name).limit(1))
        if existing is not None:
            raise OrganizationExists(f"the database already holds the organization {existing!r}")
        rep_ids = _write_org(session, plan)
        zone = ZoneInfo(plan.time_zone)
        for done, rep in enumerate(plan.reps, start=1):
            work = generate_rep(plan, rep)
            _write_rep(session, work, rep_ids[rep.index], zone, counts)
            if progress is not None:
                progress(done, len(plan.reps))
        session.commit()
    return DemoSummary(
        organization=plan.name,
        first_day=plan.first_day,
        last_day=plan.last_day,
        teams=len(plan.teams),
        reps=len(plan.reps),
        accounts=counts["accounts"],
        contacts=counts["contacts"],
        activities=counts["activities"],
        job_orders=counts["jobs"],
        submittals=counts["submittals"],
        interviews=counts["interviews"],
        placements=counts["placements"],
        seconds=round(time.perf_counter() - started, 2),
    )


def _insert_returning(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Bulk-insert `rows` and return their new ids in the order given."""
    if not rows:
        return []
    stmt = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(session.scalars(stmt, list(rows)))


def _write_org(session: Session, plan: OrgPlan) -> dict[int, int]:
    """Write the organization, teams, people, targets and planted profiles; return rep index -> user id."""
    session.add(Organization(name=plan.name, time_zone=plan.time_zone, settings=plan.settings, is_demo=True))
    team_ids = _insert_returning(session, Team, [{"name": t.name} for t in plan.teams])
    people = [plan.leader, *(t.manager for t in plan.teams)]
    staff_ids = _insert_returning(
        session,
        User,
        [
            {
                "email": p.email,
                "name": p.name,
                "role": p.role,
                "team_id": None if p.team is None else team_ids[p.team],
            }
            for p in people
        ],
    )
    session.execute(
        insert(team_managers),
        [{"team_id": team_ids[t], "user_id": staff_ids[1 + t]} for t in range(len(team_ids))],
    )
    rep_ids = _insert_returning(
        session,
        User,
        [
            {
                "email": r.email,
                "name": r.name,
                "role": "rep",
                "team_id": team_ids[r.team],
                "hired_on": r.hired_on,
            }
            for r in plan.reps
        ],
    )
    session.execute(
        insert(PlantedProfile),
        [{"user_id": rep_ids[r.index], "profile": r.profile, "cause": r.cause} for r in plan.reps],
    )
    if plan.targets:
        session.execute(
            insert(Target),
            [
                {"team_id": team_ids[t.team], "metric": t.metric, "key": t.key, "value": t.value}
                for t in plan.targets
            ],
        )
    return {r.index: rep_ids[r.index] for r in plan.reps}


def _write_rep(session: Session, work: RepWork, rep_id: int, zone: ZoneInfo, counts: dict[str, int]) -> None:
    """Write one rep's accounts, contacts, activities (through the rollup-keeping write path) and funnel."""
    r = work.rep.index
    account_ids = _insert_returning(
        session,
        Account,
        [
            {
                "name": a.name,
                "domain": a.domain,
                "industry": a.industry,
                "employee_count": a.employee_count,
                "region": a.region,
                "tech_tags": a.tech_tags,
                "status": a.status,
                "tier": a.tier,
                "owner_id": rep_id,
                "source": SOURCE,
                "external_id": f"a{r}-{a.key}",
            }
            for a in work.accounts
        ],
    )
    contact_ids = _insert_returning(
        session,
        Contact,
        [
            {
                "account_id": None if c.account is None else account_ids[c.account],
                "name": f"{c.first_name} {c.last_name}",
                "first_name": c.first_name,
                "last_name": c.last_name,
                "title": c.title,
                "email": c.email,
                "persona": c.persona,
                "source": SOURCE,
                "external_id": f"c{r}-{c.key}",
            }
            for c in work.contacts
        ],
    )
    rows = [
        {
            "rep_id": rep_id,
            "started_at": a.started_at,
            "duration_minutes": a.duration_minutes,
            "kind": a.kind,
            "category": a.category,
            "classified_by": CLASSIFIED_BY,
            "subject": a.subject,
            "direction": a.direction,
            "outcome": a.outcome,
            "account_id": None if a.account is None else account_ids[a.account],
            "contact_id": None if a.contact is None else contact_ids[a.contact],
            "source": SOURCE,
            "external_id": f"{r}-{n}",
        }
        for n, a in enumerate(work.activities)
    ]
    counts["accounts"] += len(account_ids)
    counts["contacts"] += len(contact_ids)
    counts["activities"] += insert_activities(session, rows, zone=zone)
    _write_pipeline(session, work, rep_id, account_ids, contact_ids, counts)


def _write_pipeline(
    session: Session,
    work: RepWork,
    rep_id: int,
    account_ids: list[int],
    contact_ids: list[int],
    counts: dict[str, int],
) -> None:
    r = work.rep.index
    leads = work.pipeline.leads
    if leads:
        session.execute(
            insert(Lead),
            [
                {
                    "rep_id": rep_id,
                    "account_id": account_ids[lead.account],
                    "contact_id": contact_ids[lead.contact],
                    "created_on": lead.created_on,
                    "status": lead.status,
                    "source": SOURCE,
                    "external_id": f"l{r}-{n}",
                }
                for n, lead in enumerate(leads)
            ],
        )
    jobs = work.pipeline.job_orders
    job_ids = _insert_returning(
        session,
        JobOrder,
        [
            {
                "rep_id": rep_id,
                "account_id": account_ids[j.account],
                "contact_id": None if j.contact is None else contact_ids[j.contact],
                "title": j.title,
                "job_type": j.job_type,
                "openings": j.openings,
                "opened_on": j.opened_on,
                "closed_on": j.closed_on,
                "status": j.status,
                "bill_rate": j.bill_rate,
                "source": SOURCE,
                "external_id": f"j{r}-{n}",
            }
            for n, j in enumerate(jobs)
        ],
    )
    subs = [(job_ids[n], s) for n, j in enumerate(jobs) for s in j.submittals]
    sub_ids = _insert_returning(
        session,
        Submittal,
        [
            {
                "job_order_id": job_id,
                "candidate_id": contact_ids[s.candidate],
                "candidate_name": _name(work, s.candidate),
                "submitted_on": s.submitted_on,
                "status": s.status,
                "source": SOURCE,
                "external_id": f"s{r}-{n}",
            }
            for n, (job_id, s) in enumerate(subs)
        ],
    )
    interviews = [(sub_ids[n], job_id, s.interview) for n, (job_id, s) in enumerate(subs) if s.interview]
    if interviews:
        session.execute(
            insert(Interview),
            [
                {
                    "submittal_id": sub_id,
                    "held_on": i.held_on,
                    "outcome": i.outcome,
                    "source": SOURCE,
                    "external_id": f"i{r}-{n}",
                }
                for n, (sub_id, _job, i) in enumerate(interviews)
            ],
        )
    placements = [(sub_id, job_id, i.placement) for sub_id, job_id, i in interviews if i.placement]
    if placements:
        session.execute(
            insert(Placement),
            [
                {
                    "submittal_id": sub_id,
                    "job_order_id": job_id,
                    "job_type": p.job_type,
                    "start_on": p.start_on,
                    "bill_rate": p.bill_rate,
                    "pay_rate": p.pay_rate,
                    "fee": p.fee,
                    "source": SOURCE,
                    "external_id": f"p{r}-{n}",
                }
                for n, (sub_id, job_id, p) in enumerate(placements)
            ],
        )
    counts["jobs"] += len(job_ids)
    counts["submittals"] += len(sub_ids)
    counts["interviews"] += len(interviews)
    counts["placements"] += len(placements)


def _name(work: RepWork, contact: int) -> str:
    c = work.contacts[contact]
    return f"{c.first_name} {c.last_name}"
