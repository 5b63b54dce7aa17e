"""Synthetic data for the analytics benchmark: an organization, reps, accounts, contacts, targets and
activities spread over enough weeks for about 20 activities per rep per working day."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from repfocus.domain.taxonomy import ACCOUNT_STATUSES, PERSONAS
from repfocus.store.models import Account, Contact, Organization, Target, Team, User

PER_REP_DAY = 20
CADENCE = {"prospecting_call": 50.0, "prospect_meeting": 8.0, "job_order_intake": 2.0}
# category, weight, minutes (low, high), has a contact
MIX: list[tuple[str, int, tuple[int, int], bool]] = [
    ("prospecting_call", 22, (5, 20), True),
    ("prospecting_email", 12, (5, 15), True),
    ("prospect_meeting", 4, (30, 60), True),
    ("job_order_intake", 2, (20, 45), True),
    ("account_growth", 3, (15, 45), True),
    ("negotiation", 1, (15, 45), True),
    ("client_servicing", 10, (10, 40), True),
    ("consultant_care", 5, (10, 30), True),
    ("resume_formatting", 6, (15, 45), False),
    ("candidate_prep", 4, (15, 30), True),
    ("sales_research", 5, (10, 40), False),
    ("content_creation", 3, (20, 60), False),
    ("content_search", 4, (10, 40), False),
    ("internal_meeting", 5, (30, 60), False),
    ("email_admin", 8, (5, 20), False),
    ("crm_admin", 5, (10, 30), False),
    ("travel", 1, (20, 60), False),
]


@dataclass(frozen=True, slots=True)
class BenchWorld:
    """What the generator made: rep ids, the last day with data and how many weeks it spans."""

    rep_ids: list[int]
    first_day: date
    last_day: date
    weeks: int


def build_world(session: Session, *, reps: int, activities: int, seed: int = 7) -> BenchWorld:
    """Create the organization (UTC), teams of 20, reps, accounts and contacts, and team targets."""
    rng = random.Random(seed)
    session.add(Organization(name="Bench Staffing", time_zone="UTC", settings={}))
    teams = [Team(name=f"Bench team {i + 1}") for i in range(max(1, reps // 20))]
    session.add_all(teams)
    session.flush()
    users = [
        {
            "email": f"bench{i}@bench.example",
            "name": f"Bench Rep {i}",
            "role": "rep",
            "team_id": teams[i % len(teams)].id,
        }
        for i in range(reps)
    ]
    session.execute(insert(User), [{**u, "is_active": True, "created_at": datetime.now(UTC)} for u in users])
    accounts: list[dict[str, Any]] = [
        {
            "name": f"Account {i}",
            "status": rng.choices(ACCOUNT_STATUSES, (6, 3, 1))[0],
            "tier": rng.choices(("A", "B", "C", "off"), (2, 3, 3, 2))[0],
            "tech_tags": [],
            "created_at": datetime.now(UTC),
        }
        for i in range(reps * 20)
    ]
    session.execute(insert(Account), accounts)
    session.flush()
    weights = (30, 10, 20, 8, 10, 8, 14)
    contacts = [
        {
            "account_id": 1 + i // 3,
            "name": f"Contact {i}",
            "persona": rng.choices(PERSONAS, weights)[0],
            "persona_overridden": False,
            "created_at": datetime.now(UTC),
        }
        for i in range(reps * 60)
    ]
    session.execute(insert(Contact), contacts)
    targets = [
        {
            "team_id": t.id,
            "rep_id": None,
            "metric": "weekly_count",
            "key": k,
            "value": v,
            "updated_at": datetime.now(UTC),
        }
        for t in teams
        for k, v in CADENCE.items()
    ]
    targets += [
        {
            "team_id": t.id,
            "rep_id": None,
            "metric": "bucket_share",
            "key": "selling",
            "value": 0.4,
            "updated_at": datetime.now(UTC),
        }
        for t in teams
    ]
    session.execute(insert(Target), targets)
    session.flush()
    rep_ids = sorted(session.scalars(User.__table__.select().with_only_columns(User.id)))
    weeks = max(13, -(-activities // (reps * 5 * PER_REP_DAY)))
    last = date(2026, 11, 29)  # a Sunday
    first = last - timedelta(weeks=weeks) + timedelta(days=1)
    return BenchWorld(rep_ids, first, last, weeks)


def activity_batches(
    world: BenchWorld, *, activities: int, batch: int, seed: int = 11
) -> Iterator[list[dict[str, Any]]]:
    """Yield the activities in batches of dicts (columns of Activity), deterministic for a seed."""
    rng = random.Random(seed)
    names = [m[0] for m in MIX]
    cum = [m[1] for m in MIX]
    spec = {m[0]: m for m in MIX}
    working = [world.first_day + timedelta(days=d) for d in range(world.weeks * 7)]
    working = [d for d in working if d.weekday() < 5]
    reps = world.rep_ids
    accounts = len(reps) * 20
    now = datetime.now(UTC)
    out: list[dict[str, Any]] = []
    # In time order, day by day, as CRM exports come: each working day gets its share of the total.
    plan = (
        (day, j)
        for d, day in enumerate(working)
        for j in range(activities * d // len(working), activities * (d + 1) // len(working))
    )
    for day, i in plan:
        rep_index = i % len(reps)
        category = rng.choices(names, cum)[0]
        _, _, (lo, hi), has_contact = spec[category]
        started = datetime(day.year, day.month, day.day, rng.randrange(13, 23), rng.randrange(60), tzinfo=UTC)
        contact = account = None
        if has_contact:
            # each rep works its own book of 20 accounts (60 contacts)
            account = 1 + (rep_index * 20 + rng.randrange(20)) % accounts
            contact = 1 + (account - 1) * 3 + rng.randrange(3)
        out.append(
            {
                "rep_id": reps[rep_index],
                "started_at": started,
                "duration_minutes": rng.randint(lo, hi),
                "duration_estimated": False,
                "kind": "call" if "call" in category else "task",
                "category": category,
                "classified_by": "bench",
                "subject": "",
                "direction": None,
                "outcome": None,
                "notes": None,
                "account_id": account,
                "contact_id": contact,
                "source": "api",
                "external_id": f"b{i}",
                "created_at": now,
            }
        )
        if len(out) == batch:
            yield out
            out = []
    if out:
        yield out
