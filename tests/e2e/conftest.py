"""End-to-end fixtures: a small organization with one user per persona (access tests), and a sample
organization with 13 weeks of work (page tests); the app on them, and signed-in clients."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from repfocus.app import create_app
from repfocus.config import Settings
from repfocus.domain.period import Period
from repfocus.services import tokens, users
from repfocus.store.activities import insert_activities
from repfocus.store.db import Database
from repfocus.store.models import Target
from tests.factories import make_account, make_activity, make_contact, make_organization, make_team, make_user

PASSWORD = "correct horse battery"
PERSONAS = ("anonymous", "rep", "other_manager", "manager", "leader", "delivery")


@dataclass
class World:
    """leader; manager of team A; other_manager of team B; rep in team A (the subject); other_rep in B."""

    db: Database
    team_a: int
    team_b: int
    ids: dict[str, int] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)

    def token(self, persona: str, scope: str = "write") -> str:
        return tokens.create_token(self.db, email=self.emails[persona], scope=scope).token

    def token_id(self, persona: str) -> int:
        return tokens.create_token(self.db, email=self.emails[persona], scope="read").id


def build_world(db: Database) -> World:
    with db.session() as s:
        make_organization(s)
        a, b = make_team(s, name="Team A"), make_team(s, name="Team B")
        s.commit()
        world = World(db=db, team_a=a.id, team_b=b.id)
    people = {
        "leader": ("leader", None),
        "manager": ("manager", "Team A"),
        "other_manager": ("manager", "Team B"),
        "rep": ("rep", "Team A"),
        "other_rep": ("rep", "Team B"),
        "delivery": ("delivery", None),
    }
    for persona, (role, team) in people.items():
        email = f"{persona.replace('_', '.')}@example.com"
        row = users.add_user(db, email=email, role=role, password=PASSWORD, name=persona.title(), team=team)
        world.ids[persona], world.emails[persona] = row.id, email
    with db.session() as s:
        make_activity(s, rep_id=world.ids["rep"], subject="Rep A call")
        make_activity(s, rep_id=world.ids["other_rep"], subject="Rep B call")
        s.commit()
    return world


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return build_world(sqlite_db)


@pytest.fixture
def app(world: World) -> FastAPI:
    return create_app(Settings(database_url=world.db.url, secret_key="test-secret"), world.db)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found, "page has no csrf-token meta tag"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign `client` in through the form; return the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    reply = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}, follow_redirects=False
    )
    assert reply.status_code == 303, reply.text
    return csrf_of(client.get("/tokens").text)


@pytest.fixture
def client_for(app: FastAPI, world: World) -> Iterator[Callable[[str], TestClient]]:
    """Return a function giving a client signed in as a persona (anonymous: not signed in)."""
    made: list[TestClient] = []

    def make(persona: str) -> TestClient:
        client = TestClient(app, base_url="http://testserver")
        made.append(client)
        if persona == "anonymous":
            client.headers["x-csrf-token"] = csrf_of(client.get("/login").text)
        else:
            client.headers["x-csrf-token"] = sign_in(client, world.emails[persona])
        return client

    yield make
    for client in made:
        client.close()


ZONE = "America/Chicago"

# rep name -> weight per category; a hunter, a content hunter, a servicer ...
PROFILES: dict[str, dict[str, int]] = {
    "Ada Hunter": {"prospecting_call": 6, "prospect_meeting": 3, "job_order_intake": 2, "crm_admin": 1},
    "Ben Writer": {"content_creation": 5, "content_search": 3, "prospecting_email": 2, "email_admin": 2},
    "Cleo Service": {
        "client_servicing": 5,
        "consultant_care": 3,
        "prospecting_call": 1,
        "internal_meeting": 1,
    },
    "Dev Recruiter": {"resume_formatting": 4, "candidate_prep": 3, "prospecting_call": 2},
    "Eve Balanced": {"prospecting_call": 3, "client_servicing": 2, "sales_research": 2, "training": 1},
    "Finn Admin": {"crm_admin": 3, "email_admin": 3, "prospecting_call": 2, "negotiation": 1},
}


def make_target(session: Session, **overrides: object) -> Target:
    target = Target(**{"metric": "bucket_share", "key": "selling", "value": 0.4, **overrides})
    session.add(target)
    session.flush()
    return target


def populate(db: Database, *, today: date, seed: int = 7) -> dict[str, int]:
    """Load two teams of three reps with 13 weeks of weekday activities; return rep ids by name."""
    rng = random.Random(seed)
    zone = ZoneInfo(ZONE)
    period = Period.last_weeks(13, today=today)
    ids: dict[str, int] = {}
    with db.session() as s:
        make_organization(s, time_zone=ZONE)
        enterprise, midmarket = make_team(s, name="Enterprise"), make_team(s, name="Mid-market")
        make_target(s, team_id=enterprise.id, value=0.4)
        account = make_account(s, name="Globex Corp", status="prospect")
        contact = make_contact(s, account_id=account.id, name="Hank Scorpio", persona="it_hiring_manager")
        rows = []
        for i, (name, weights) in enumerate(PROFILES.items()):
            team = enterprise if i < 3 else midmarket
            rep = make_user(s, name=name, email=name.split()[0].lower() + "@example.com", team_id=team.id)
            ids[name] = rep.id
            categories, w = list(weights), list(weights.values())
            day = period.start
            while day <= min(period.end, today):
                if day.weekday() < 5:
                    clock = datetime.combine(day, time(8, 30), tzinfo=zone)
                    for n in range(rng.randint(5, 8)):
                        minutes = rng.choice((15, 30, 45, 60, 90))
                        category = rng.choices(categories, w)[0]
                        rows.append(
                            {
                                "rep_id": rep.id,
                                "started_at": clock.astimezone(UTC),
                                "duration_minutes": minutes,
                                "kind": "call" if "call" in category else "task",
                                "category": category,
                                "classified_by": "explicit",
                                "subject": f"{category.replace('_', ' ')} #{n + 1}",
                                "account_id": account.id if n % 3 == 0 else None,
                                "contact_id": contact.id if n % 3 == 0 else None,
                                "source": "manual",
                            }
                        )
                        clock += timedelta(minutes=minutes + 15)
                day += timedelta(days=1)
        make_target(s, rep_id=ids["Eve Balanced"], value=0.35)
        insert_activities(s, rows)
        s.commit()
    return ids


@pytest.fixture
def today() -> date:
    return datetime.now(ZoneInfo(ZONE)).date()


@pytest.fixture
def populated_db(sqlite_db: Database, today: date) -> Database:
    """A SQLite database with the sample organization loaded."""
    populate(sqlite_db, today=today)
    return sqlite_db


def build_app(db: Database) -> FastAPI:
    return create_app(Settings(database_url=db.url, secret_key="test-secret"), db)


@contextmanager
def leader_client(db: Database) -> Iterator[TestClient]:
    """Yield a client of the app on `db`, signed in as a leader (added on first use)."""
    if all(u.email != "lea@example.com" for u in users.list_users(db)):
        users.add_user(db, email="lea@example.com", role="leader", password=PASSWORD, name="Lea Leader")
    with TestClient(build_app(db)) as c:
        c.headers["x-csrf-token"] = sign_in(c, "lea@example.com")
        yield c


@pytest.fixture
def client(populated_db: Database) -> Iterator[TestClient]:
    """A client signed in as the sample organization's leader."""
    with leader_client(populated_db) as c:
        yield c
