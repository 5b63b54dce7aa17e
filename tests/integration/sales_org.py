"""A small sales organization for service tests (incentives, recognition, coaching, competencies): a
leader; manager of Team A; other_manager of Team B; reps rep and rep2 in A; other_rep in B; a delivery
user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from repfocus.domain.access import Actor
from repfocus.services.users import actor_of
from repfocus.store.activities import insert_activities
from repfocus.store.db import Database
from repfocus.store.models import team_managers
from tests.factories import make_organization, make_team, make_user


@dataclass
class Org:
    db: Database
    actors: dict[str, Actor]
    ids: dict[str, int]


@pytest.fixture
def org(any_db: Database) -> Org:
    """leader; manager of team A; other_manager of team B; rep and rep2 in A; other_rep in B; delivery."""
    with any_db.session() as s:
        make_organization(s)
        a, b = make_team(s, name="Team A"), make_team(s, name="Team B")
        people = {
            "leader": make_user(s, email="leader@example.com", name="Lea", role="leader"),
            "manager": make_user(s, email="manager@example.com", name="Max", role="manager", team_id=a.id),
            "other_manager": make_user(s, email="om@example.com", name="Olga", role="manager", team_id=b.id),
            "rep": make_user(s, email="rep@example.com", name="Ann Rep", team_id=a.id),
            "rep2": make_user(s, email="rep2@example.com", name="Bob Rep", team_id=a.id),
            "other_rep": make_user(s, email="orep@example.com", name="Cy Rep", team_id=b.id),
            "delivery": make_user(s, email="del@example.com", name="Del", role="delivery"),
        }
        s.execute(
            insert(team_managers),
            [
                {"team_id": a.id, "user_id": people["manager"].id},
                {"team_id": b.id, "user_id": people["other_manager"].id},
            ],
        )
        actors = {k: actor_of(s, u) for k, u in people.items()}
        ids = {k: u.id for k, u in people.items()}
        s.commit()
    return Org(any_db, actors, ids)


def log_days(org: Org, rep: str, category: str, days: list[date]) -> None:
    """Write one activity per day (at 15:00 UTC, mid-morning in Chicago) through the store's write path."""
    rows = [
        {
            "rep_id": org.ids[rep],
            "started_at": datetime(d.year, d.month, d.day, 15, tzinfo=UTC) + timedelta(minutes=i),
            "duration_minutes": 30,
            "kind": "meeting" if category == "prospect_meeting" else "call",
            "category": category,
            "subject": f"{category} {i}",
            "source": "manual",
            "external_id": f"{rep}-{category}-{d}-{i}",
        }
        for i, d in enumerate(days)
    ]
    with org.db.session() as s:
        insert_activities(s, rows)
        s.commit()
