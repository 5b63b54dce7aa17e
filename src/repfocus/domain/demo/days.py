"""A rep's working days, activity by activity: the weekly rhythm, the hours and fitting durations."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from repfocus.domain.demo import catalog
from repfocus.domain.demo.book import Book
from repfocus.domain.demo.profiles import SELLING, normalized
from repfocus.domain.demo.world import OrgPlan, RepPlan


@dataclass(frozen=True, slots=True)
class Work:
    """How a category of work is done: kinds, duration range (minutes) and mode, whom it involves
    (prospect | client | candidate | prospect_account | client_account | none), the share of it that is
    inbound, and the local hour it gravitates to."""

    kinds: tuple[str, ...]
    minutes: tuple[int, int, int]
    target: str
    inbound: float | None
    hour: float
    personas: tuple[tuple[str, float], ...] = ()


WORK: Final[dict[str, Work]] = {
    "prospecting_call": Work(("call",), (2, 20, 4), "prospect", 0.0, 9.5),
    "prospecting_email": Work(("email",), (5, 25, 10), "prospect", 0.0, 10.5),
    "prospect_meeting": Work(("meeting",), (30, 60, 45), "prospect", None, 12.5),
    "job_order_intake": Work(("call", "meeting"), (20, 60, 30), "client", None, 13.0),
    "account_growth": Work(
        ("meeting", "call"), (30, 60, 45), "client", None, 11.0,
        (("it_executive", 0.45), ("it_hiring_manager", 0.55)),
    ),
    "negotiation": Work(
        ("call", "meeting"), (20, 60, 30), "client", None, 14.0, (("procurement", 0.6), ("it_executive", 0.4))
    ),
    "client_servicing": Work(
        ("call", "email"), (10, 45, 20), "client", 0.5, 14.5,
        (("it_hiring_manager", 0.55), ("hr_recruiter", 0.3), ("procurement", 0.15)),
    ),
    "consultant_care": Work(("call", "meeting"), (15, 45, 20), "client", 0.35, 15.5, (("consultant", 1.0),)),
    "resume_formatting": Work(("task",), (15, 50, 30), "candidate", None, 15.0),
    "candidate_prep": Work(("call",), (15, 45, 30), "candidate", 0.2, 16.0),
    "sales_research": Work(("task",), (15, 60, 30), "prospect_account", None, 8.5),
    "content_creation": Work(("task",), (30, 120, 60), "none", None, 14.0),
    "content_search": Work(("task",), (10, 60, 25), "none", None, 11.5),
    "internal_meeting": Work(("meeting",), (30, 60, 30), "none", None, 10.0),
    "email_admin": Work(("email",), (10, 45, 20), "none", None, 8.25),
    "crm_admin": Work(("task",), (10, 45, 20), "none", None, 16.5),
    "travel": Work(("task",), (20, 60, 30), "client_account", None, 12.0),
    "coaching": Work(("meeting",), (30, 60, 30), "none", None, 15.0),
    "training": Work(("meeting",), (45, 120, 60), "none", None, 13.5),
}  # fmt: skip

# Weekly rhythm: Monday starts with the team meeting and planning, Tuesday to Thursday are for
# meetings with buyers, Friday afternoon goes to admin and catching up.
RHYTHM: Final[dict[int, dict[str, float]]] = {
    0: {"prospect_meeting": 0.6, "crm_admin": 1.2, "sales_research": 1.3},
    1: {"prospect_meeting": 1.25, "prospecting_call": 1.15, "travel": 1.2},
    2: {"prospect_meeting": 1.25, "prospecting_call": 1.15, "travel": 1.2},
    3: {"prospect_meeting": 1.2, "job_order_intake": 1.2},
    4: {"prospect_meeting": 0.5, "crm_admin": 1.8, "email_admin": 1.5, "training": 1.5, "travel": 0.5},
}
CALL_OUTCOMES: Final = (
    ("no_answer", 0.45),
    ("left_voicemail", 0.3),
    ("connected", 0.2),
    ("meeting_set", 0.05),
)


@dataclass(frozen=True, slots=True)
class DemoActivity:
    """One generated activity; account and contact are keys into the rep's book."""

    rep: int
    started_at: datetime
    duration_minutes: int
    kind: str
    category: str
    subject: str
    direction: str | None
    outcome: str | None
    account: int | None
    contact: int | None


def _duration(work: Work, rng: random.Random, factor: float = 1.0) -> int:
    lo, hi, mode = work.minutes
    minutes = rng.triangular(lo, hi, mode) * factor
    step = 5 if work.kinds[0] in ("meeting", "task") else 1
    return max(step, round(minutes / step) * step)


def _day_shares(plan: OrgPlan, rep: RepPlan, day: date, rng: random.Random) -> dict[str, float]:
    """Return the day's share of time per category: the rep's mix, the weekday's rhythm, the slide
    of selling time so far, and the day's own variation."""
    b = rep.behaviour
    progress = (day - plan.first_day).days / max((plan.last_day - plan.first_day).days, 1)
    rhythm = RHYTHM.get(day.weekday(), {})
    weights = {}
    for category, share in b.shares.items():
        w = share * rhythm.get(category, 1.0) * rng.lognormvariate(0.0, b.jitter)
        if category in SELLING:
            w *= max(0.0, 1.0 - b.slide * progress)
        weights[category] = w
    return normalized(weights)


@dataclass
class Pace:
    """Time owed to each category and the length of its next activity, carried from day to day, so a
    two-hour training happens on some days while each category's time follows its share over weeks."""

    credit: dict[str, float] = field(default_factory=dict)
    next_minutes: dict[str, int] = field(default_factory=dict)


def _budget(plan: OrgPlan, rep: RepPlan, day: date, rng: random.Random) -> int:
    b = rep.behaviour
    progress = (day - plan.first_day).days / max((plan.last_day - plan.first_day).days, 1)
    friday = 0.9 if day.weekday() == 4 else 1.0
    spread = min(max(rng.lognormvariate(0.0, 0.08), 0.85), 1.12)
    return int(b.day_minutes * (1.0 - b.fade * progress) * friday * spread)


def _postpone(
    planned: list[tuple[float, str, int]], fixed: int, budget: int, pace: Pace, rng: random.Random
) -> None:
    """When the day overruns its budget by more than 5%, push drawn (not fixed) activities, picked at
    random, to later days: their time goes back to the category's credit, so shares hold over weeks."""
    over = sum(m for _, _, m in planned) - int(budget * 1.05)
    while over > 0 and len(planned) > fixed:
        _, category, minutes = planned.pop(rng.randrange(fixed, len(planned)))
        pace.credit[category] += minutes
        over -= minutes


def _subject(category: str, book: Book, account: int | None, contact: int | None, rng: random.Random) -> str:
    template = rng.choice(catalog.SUBJECTS[category])
    acc = book.accounts[account] if account is not None else None
    con = book.contacts[contact] if contact is not None else None
    return template.format(
        a=acc.name if acc else "client",
        c=con.first_name if con else "contact",
        t=rng.choice(acc.tech_tags if acc else catalog.TECH_TAGS),
        j=rng.choice(catalog.JOB_TITLES),
    )


def _who(category: str, book: Book, day: date, rng: random.Random) -> tuple[int | None, int | None]:
    work = WORK[category]
    if work.target == "prospect":
        contact = book.meeting_contact(day) if category == "prospect_meeting" else book.prospect_touch(day)
        return book.contacts[contact].account, contact
    if work.target == "prospect_account":
        return rng.choice(book.by_status["prospect"]), None
    if work.target == "client_account":
        return book.client(), None
    if work.target == "candidate":
        return book.client(), book.person(None, "candidate", cap=30)
    if category == "job_order_intake" and book.met and rng.random() < 0.25:
        contact = rng.choice(book.met[-20:])  # a prospect met lately turns into a new client
        return book.contacts[contact].account, contact
    if work.target == "client":
        account = book.client()
        if work.personas:
            persona = rng.choices([p for p, _ in work.personas], weights=[w for _, w in work.personas])[0]
        else:
            persona = book.selling_persona()
        return account, book.person(account, persona, cap=3)
    return None, None


def _activity(
    rep: RepPlan, category: str, minutes: int, book: Book, day: date, rng: random.Random
) -> tuple[str, int, str, str | None, str | None, int | None, int | None]:
    work = WORK[category]
    kind = rng.choice(work.kinds)
    account, contact = _who(category, book, day, rng)
    direction = None
    if work.inbound is not None:
        direction = "inbound" if rng.random() < work.inbound else "outbound"
    outcome = None
    if category == "prospecting_call":
        outcome = rng.choices([o for o, _ in CALL_OUTCOMES], weights=[w for _, w in CALL_OUTCOMES])[0]
    return (
        kind,
        minutes,
        _subject(category, book, account, contact, rng),
        direction,
        outcome,
        account,
        contact,
    )


def day_activities(
    plan: OrgPlan, rep: RepPlan, day: date, book: Book, pace: Pace, rng: random.Random, zone: ZoneInfo
) -> list[DemoActivity]:
    """Return one working day of a rep in time order: fixed meetings first (the Monday team meeting,
    the weekly 1:1), then each category's share of the day's remaining minutes."""
    budget = _budget(plan, rep, day, rng)
    planned: list[tuple[float, str, int]] = []  # (hour, category, minutes)
    if day.weekday() == 0:
        planned.append((-1.0, "internal_meeting", rng.choice((45, 60))))
    if day.weekday() == plan.teams[rep.team].coaching_weekday and rng.random() < 0.8:
        planned.append((15.0, "coaching", 30))
    fixed = len(planned)
    room = budget - sum(m for _, _, m in planned)
    for category, share in _day_shares(plan, rep, day, rng).items():
        work = WORK[category]
        factor = rep.behaviour.email_factor if category == "prospecting_email" else 1.0
        credit = pace.credit.get(category, 0.0) + share * room
        minutes = pace.next_minutes.get(category) or _duration(work, rng, factor)
        while credit >= minutes / 2:  # rounding half-way keeps the long-run time equal to the share
            planned.append((work.hour + rng.gauss(0.0, 2.0), category, minutes))
            credit -= minutes
            minutes = _duration(work, rng, factor)
        pace.credit[category], pace.next_minutes[category] = credit, minutes
    _postpone(planned, fixed, budget, pace, rng)
    planned.sort(key=lambda p: p[0])
    gaps = [
        rng.choice((0, 0, 0, 0, 5)) if WORK[c].kinds[0] != "call" else rng.choice((0, 0, 1, 2))
        for _, c, _ in planned
    ]
    lunch = rng.choice((30, 45, 60))
    span = sum(m for _, _, m in planned) + sum(gaps) + lunch
    # A long day starts early: nobody logs work into the night.
    start = min(7 * 60 + 30 + rng.randrange(0, 65, 5), 18 * 60 + 30 - span)
    clock = datetime.combine(day, time(7), zone) + timedelta(minutes=max(start - 7 * 60, 0))
    out = []
    for (_hour, category, minutes), gap in zip(planned, gaps, strict=True):
        if lunch and clock.hour >= 12:
            clock += timedelta(minutes=lunch)
            lunch = 0
        kind, minutes, subject, direction, outcome, account, contact = _activity(
            rep, category, minutes, book, day, rng
        )
        out.append(
            DemoActivity(
                rep.index, clock.astimezone(UTC), minutes, kind, category, subject, direction, outcome,
                account, contact,
            )
        )  # fmt: skip
        clock += timedelta(minutes=minutes + gap)
    return out


def rep_days(plan: OrgPlan, rep: RepPlan, book: Book, rng: random.Random) -> list[DemoActivity]:
    """Return every activity of `rep` over the plan's working days, minus a few days off."""
    zone = ZoneInfo(plan.time_zone)
    days_off = set(rng.sample(plan.days, min(len(plan.days), math.floor(rng.uniform(0, 3.5)))))
    out: list[DemoActivity] = []
    pace = Pace()
    for day in plan.days:
        if day not in days_off:
            out.extend(day_activities(plan, rep, day, book, pace, rng, zone))
    return out
