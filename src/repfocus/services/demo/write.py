"""Writing a generated demo organization: bulk inserts, one rep at a time, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from repfocus.domain.classification import SOURCE_RULE
from repfocus.domain.demo import OrgPlan, RepWork
from repfocus.services.users import DEMO_LEADER_EMAIL
from repfocus.store.activities import insert_activities
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

SOURCE = "demo"
# The rep logged the category with the activity, like a source file that carries one: rule changes
# and `classify apply` leave it alone, so the planted behaviour stays as generated.
CLASSIFIED_BY = SOURCE_RULE


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def _insert_returning(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Bulk-insert `rows` (Core executemany: the ORM bulk path splits batches at every None) and
    return their new ids in the order given."""
    if not rows:
        return []
    table = _table(model)
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.scalars(stmt, list(rows)))


def write_org(session: Session, plan: OrgPlan) -> dict[int, int]:
    """Write the organization, teams, people, targets and planted profiles; return rep index -> user id."""
    session.add(Organization(name=plan.name, time_zone=plan.time_zone, settings=plan.settings, is_demo=True))
    team_ids = _insert_returning(session, Team, [{"name": t.name} for t in plan.teams])
    people = [plan.leader, *(t.manager for t in plan.teams)]
    staff_ids = _insert_returning(
        session,
        User,
        [
            {
                # The leader gets the address `serve` hands a demo password to (services/users.py).
                "email": DEMO_LEADER_EMAIL if p.role == "leader" else p.email,
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
        insert(_table(PlantedProfile)),
        [{"user_id": rep_ids[r.index], "profile": r.profile, "cause": r.cause} for r in plan.reps],
    )
    if plan.targets:
        session.execute(
            insert(_table(Target)),
            [
                {"team_id": team_ids[t.team], "metric": t.metric, "key": t.key, "value": t.value}
                for t in plan.targets
            ],
        )
    return {r.index: rep_ids[r.index] for r in plan.reps}


def write_rep(session: Session, work: RepWork, rep_id: int, zone: ZoneInfo, counts: dict[str, int]) -> None:
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
                "persona_overridden": c.persona == "candidate",
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
            insert(_table(Lead)),
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
            insert(_table(Interview)),
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
            insert(_table(Placement)),
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
