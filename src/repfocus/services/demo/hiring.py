"""The demo's hiring candidates: a fixed slate scored by the leader and the first manager, so /hiring shows
every outcome (a hire, a maybe, a red flag, one interview only, not yet scored)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.hiring import TRAITS
from repfocus.store.models import HiringCandidate, Scorecard, User

# name, role, source, status, then per interviewer (leader, manager) the five ratings in TRAITS order
# (persistence, assertiveness, money_talk, objection_handling, prospecting_drive) or None
SLATE: tuple[tuple[str, str, str, str, tuple[tuple[int, ...] | None, ...]], ...] = (
    ("Jordan Reyes", "Account executive", "referral", "offer", ((5, 4, 4, 4, 5), (5, 5, 4, 5, 4))),
    ("Priya Shah", "Account executive", "job board", "interviewing", ((4, 3, 2, 4, 4), (4, 4, 3, 4, 3))),
    (
        "Sam Okafor",
        "Business development rep",
        "LinkedIn",
        "interviewing",
        ((2, 4, 4, 3, 3), (2, 4, 3, 3, 2)),
    ),
    ("Lee Novak", "Account executive", "agency", "interviewing", (None, (4, 4, 4, 4, 4))),
    ("Casey Morgan", "Business development rep", "job board", "new", ()),
)
EVIDENCE = {
    "Jordan Reyes": {
        "persistence": "Won a client on the sixth call after two noes; still calls them monthly."
    },
    "Sam Okafor": {"persistence": "Stops after one unanswered email: 'I don't want to be pushy.'"},
}


def write_candidates(session: Session, *, today: date) -> int:
    """Add the demo slate, interviewed in the last two weeks; return how many candidates were added."""
    leader = session.scalar(select(User.id).where(User.role == "leader").order_by(User.id).limit(1))
    manager = session.scalar(select(User.id).where(User.role == "manager").order_by(User.id).limit(1))
    for n, (name, role, source, status, cards) in enumerate(SLATE):
        candidate = HiringCandidate(name=name, role=role, source=source, status=status)
        session.add(candidate)
        session.flush()
        for interviewer, ratings in zip((leader, manager), cards, strict=False):
            if ratings is None or interviewer is None:
                continue
            session.add(
                Scorecard(
                    candidate_id=candidate.id,
                    interviewer_id=interviewer,
                    interviewed_on=today - timedelta(days=14 - 2 * n),
                    ratings=dict(zip(TRAITS, ratings, strict=True)),
                    notes=EVIDENCE.get(name, {}) if interviewer == manager else {},
                )
            )
    return len(SLATE)
