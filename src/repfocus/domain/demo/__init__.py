"""The demo organization generator: pure and deterministic (same config, same organization).

`plan_org` draws the organization (teams, people, planted profiles, targets); `generate_rep` draws one
rep's book of business, working days and staffing funnel. Keys inside a RepWork are local to that rep.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from repfocus.domain.demo.book import Book, DemoAccount, DemoContact
from repfocus.domain.demo.days import DemoActivity, rep_days
from repfocus.domain.demo.pipeline import RepPipeline, rep_pipeline
from repfocus.domain.demo.world import DemoConfig, DemoConfigInvalid, OrgPlan, RepPlan, plan_org


@dataclass(frozen=True, slots=True)
class RepWork:
    """Everything one rep contributes to the demo."""

    rep: RepPlan
    accounts: list[DemoAccount]
    contacts: list[DemoContact]
    activities: list[DemoActivity]
    pipeline: RepPipeline


def generate_rep(plan: OrgPlan, rep: RepPlan) -> RepWork:
    """Return the rep's accounts, contacts, activities and funnel; depends only on the plan and the rep."""
    rng = random.Random(f"repfocus-demo:{plan.config.seed}:work:{rep.index}")
    book = Book(rep.index, rng, rep.behaviour)
    stretch = max(1.0, plan.config.weeks / 13)
    book.open(
        prospects=int(rng.uniform(50, 80) * stretch), clients=rng.randint(6, 12), former=rng.randint(2, 5)
    )
    activities = rep_days(plan, rep, book, rng)
    pipeline = rep_pipeline(rep, activities, book, plan.last_day, ZoneInfo(plan.time_zone), rng)
    return RepWork(rep, book.accounts, book.contacts, activities, pipeline)


__all__ = [
    "DemoConfig",
    "DemoConfigInvalid",
    "OrgPlan",
    "RepPlan",
    "RepWork",
    "generate_rep",
    "plan_org",
]
