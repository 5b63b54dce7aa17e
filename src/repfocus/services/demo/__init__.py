"""Load the demo organization: generate it (domain/demo) and write it in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from repfocus.domain.demo import DemoConfig, DemoConfigInvalid, generate_rep, plan_org
from repfocus.domain.demo.catalog import TIME_ZONE
from repfocus.services.demo.competencies import write_competencies
from repfocus.services.demo.hiring import write_candidates
from repfocus.services.demo.incentives import write_incentives
from repfocus.services.demo.plans import write_plans
from repfocus.services.demo.write import write_org, write_rep
from repfocus.store.db import Database
from repfocus.store.models import Organization

__all__ = ["DemoConfigInvalid", "DemoSummary", "OrganizationExists", "has_organization", "load_demo"]

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
        rep_ids = write_org(session, plan)
        zone = ZoneInfo(plan.time_zone)
        for done, rep in enumerate(plan.reps, start=1):
            work = generate_rep(plan, rep)
            write_rep(session, work, rep_ids[rep.index], zone, counts)
            if progress is not None:
                progress(done, len(plan.reps))
        write_candidates(session, today=today)
        write_incentives(session, today=today)
        write_plans(session, today=today)
        write_competencies(session, today=today)
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
