"""A small organization for page tests: two teams of three reps with 13 weeks of weekday activity,
one team with a selling target, one rep with an override, and a leader who can sign in."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from repfocus.domain.period import Period
from repfocus.services import users
from repfocus.store.activities import insert_activities
from repfocus.store.db import Database
from repfocus.store.models import Target
from tests.factories import make_account, make_contact, make_organization, make_team, make_user

ZONE = "America/Chicago"
LEADER_EMAIL = "lead@example.com"
LEADER_PASSWORD = "correct horse battery"


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
    add_leader(db)
    return ids


def add_leader(db: Database) -> None:
    """Add the leader the page tests sign in as."""
    users.add_user(db, email=LEADER_EMAIL, role="leader", password=LEADER_PASSWORD, name="Lee Leader")
