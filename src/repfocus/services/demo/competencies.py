"""The demo's competency ratings and training: every rep rated three times over four months by their
manager, the planted competency reps (avoiders, weak closers) weak where their profile says, and training
assigned on a weak competency (one done with the rep's note, one overdue, one open)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.competencies import COMPETENCIES, WEAK_SCORE, Rating, weakest
from repfocus.store.models import CompetencyRating, PlantedProfile, TrainingAssignment, User, team_managers

ROUNDS = (120, 60, 7)  # days before today: the first is the 90-day change's baseline
# profile -> the competencies it is weak at (rated 2, one falling from 4)
WEAK = {
    "avoider": ("buyer_personas", "prospecting_calls"),
    "weak_closer": ("negotiation", "talking_money"),
}
EVIDENCE = {
    "buyer_personas": "Called HR recruiters all week; no IT hiring manager on the list.",
    "prospecting_calls": "Let three calls end at the gatekeeper without asking for the manager.",
    "negotiation": "Gave the discount before the client asked for one.",
    "talking_money": "Could not say the bill rate out loud; sent it by email instead.",
}
TRAINING = {
    "buyer_personas": ("Study the IT hiring manager profile and call five", "it_hiring_manager"),
    "prospecting_calls": ("Role-play the cold call opener with your manager", "it_hiring_manager"),
    "negotiation": ("Read the procurement profile; prepare two trade-offs", "procurement"),
    "talking_money": ("Role-play the rate objection twice", "procurement"),
}


def _scores(rng: random.Random, weak: tuple[str, ...]) -> dict[str, tuple[int, int, int]]:
    """Per competency the scores of the three rounds: weak ones end at 2, the rest hold 3-5."""
    out: dict[str, tuple[int, int, int]] = {}
    for key in COMPETENCIES:
        if key in weak:
            start = 4 if key == weak[0] else 3  # the first one fell by two: needs training on both counts
            out[key] = (start, 3, WEAK_SCORE)
        else:
            base = rng.choice((3, 3, 4, 4, 5))
            out[key] = (max(2, base - 1), base, min(5, base + rng.choice((0, 0, 1))))
    return out


def write_competencies(session: Session, *, today: date) -> int:
    """Rate every rep three times and assign training on the weak competencies; return the ratings added."""
    leader = session.scalar(select(User.id).where(User.role == "leader").order_by(User.id).limit(1))
    managers = dict(session.execute(select(team_managers.c.team_id, team_managers.c.user_id)).all())
    profiles = dict(session.execute(select(PlantedProfile.user_id, PlantedProfile.profile)).all())
    reps = session.execute(select(User.id, User.team_id).where(User.role == "rep").order_by(User.id)).all()
    added = weak_reps = 0
    for n, (rep_id, team_id) in enumerate(reps):
        rng = random.Random(f"competencies-{n}")
        rater = managers.get(team_id, leader)
        weak = WEAK.get(profiles.get(rep_id, ""), ())
        mine = []
        for key, scores in _scores(rng, weak).items():
            for ago, score in zip(ROUNDS, scores, strict=True):
                note = EVIDENCE.get(key) if key in weak and ago == ROUNDS[-1] else None
                session.add(
                    CompetencyRating(
                        rep_id=rep_id,
                        competency=key,
                        score=score,
                        rated_on=today - timedelta(days=ago),
                        evidence=note,
                        rated_by_id=rater,
                    )
                )
                mine.append(Rating(key, score, today - timedelta(days=ago)))
                added += 1
        if weak:
            _assign(session, rep_id, rater, [r.competency for r in weakest(mine, limit=2)], weak_reps, today)
            weak_reps += 1
    return added


def _assign(session: Session, rep_id: int, by: int | None, keys: list[str], n: int, today: date) -> None:
    """An older assignment (done with a note for every other weak rep, else overdue) and a new open one."""
    for i, key in enumerate(keys):
        title, persona = TRAINING[key]
        older = i == 0
        done = older and n % 2 == 0
        session.add(
            TrainingAssignment(
                rep_id=rep_id,
                title=title,
                competency=key,
                persona=persona,
                assigned_by_id=by,
                assigned_on=today - timedelta(days=35 if older else 5),
                due_on=today - timedelta(days=21) if older else today + timedelta(days=9),
                status="done" if done else "assigned",
                completed_on=today - timedelta(days=24) if done else None,
                note="Did it; the second call went much better." if done else None,
            )
        )
