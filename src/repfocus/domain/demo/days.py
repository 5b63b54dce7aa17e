"""A rep's working days, activity by activity: the weekly rhythm, the hours and fitting durations."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
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
    "email_admin": Work(("email", "task"), (10, 45, 20), "none", None, 8.25),
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


def _day_weights(plan: OrgPlan, rep: RepPlan, day: date, rng: random.Random) -> dict[str, float]:
    b = rep.behaviour
    progress = (day - plan.first_day).days / max((plan.last_day - plan.first_day).days, 1)
    rhythm = RHYTHM.get(day.weekday(), {})
    weights = {}
    for category, share in b.shares.items():
        w = share * rhythm.get(category, 1.0) * rng.lognormvariate(0.0, b.jitter)
        if category in SELLING:
            w *= max(0.0, 1.0 - b.slide * progress)
        weights[category] = w
    weights = normalized(weights)
    # Sampling in proportion to share / mean duration makes each category's expected *time* its share.
    return {c: w / (sum(WORK[c].minutes) / 3) for c, w in weights.items()}


def _budget(plan: OrgPlan, rep: RepPlan, day: date, rng: random.Random) -> int:
    b = rep.behaviour
    progress = (day - plan.first_day).days / max((plan.last_day - plan.first_day).days, 1)
    friday = 0.9 if day.weekday() == 4 else 1.0
    spread = min(max(rng.lognormvariate(0.0, 0.08), 0.85), 1.12)
    return int(b.day_minutes * (1.0 - b.fade * progress) * friday * spread)


def _fit(planned: list[tuple[float, str, int]], fixed: int, budget: int) -> list[tuple[float, str, int]]:
    """Shrink the drawn (not the fixed) activities in proportion so the day ends on budget; cutting
    only the last one would bias the day against long work such as content creation."""
    drawn = sum(m for _, _, m in planned[fixed:])
    room = budget - sum(m for _, _, m in planned[:fixed])
    if drawn <= room or drawn == 0:
        return planned
    ratio = max(room, 0) / drawn
    out = planned[:fixed]
    for hour, category, minutes in planned[fixed:]:
        step = 5 if WORK[category].kinds[0] in ("meeting", "task") else 1
        out.append((hour, category, max(step, round(minutes * ratio / step) * step)))
    return out


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
    plan: OrgPlan, rep: RepPlan, day: date, book: Book, rng: random.Random, zone: ZoneInfo
) -> list[DemoActivity]:
    """Return one working day of a rep: fixed meetings first (Monday team meeting, the weekly 1:1),
    then work drawn from the rep's behaviour until the day's logged minutes are used, in time order."""
    budget = _budget(plan, rep, day, rng)
    planned: list[tuple[float, str, int]] = []  # (hour, category, minutes)
    if day.weekday() == 0:
        planned.append((-1.0, "internal_meeting", rng.choice((45, 60))))
    if day.weekday() == plan.teams[rep.team].coaching_weekday and rng.random() < 0.8:
        planned.append((15.0, "coaching", 30))
    fixed = len(planned)
    used = sum(m for _, _, m in planned)
    weights = _day_weights(plan, rep, day, rng)
    categories, cum = list(weights), []
    total = 0.0
    for c in categories:
        total += weights[c]
        cum.append(total)
    while used < budget:
        category = rng.choices(categories, cum_weights=cum)[0]
        factor = rep.behaviour.email_factor if category == "prospecting_email" else 1.0
        minutes = _duration(WORK[category], rng, factor)
        planned.append((WORK[category].hour + rng.gauss(0.0, 2.0), category, minutes))
        used += minutes
    planned = _fit(planned, fixed, budget)
    planned.sort(key=lambda p: p[0])
    clock = datetime.combine(day, time(7, 30), zone) + timedelta(minutes=rng.randrange(0, 65, 5))
    lunch = False
    out = []
    for _hour, category, minutes in planned:
        if not lunch and clock.hour >= 12:
            clock += timedelta(minutes=rng.choice((30, 45, 60)))
            lunch = True
        kind, minutes, subject, direction, outcome, account, contact = _activity(
            rep, category, minutes, book, day, rng
        )
        out.append(
            DemoActivity(
                rep.index, clock.astimezone(UTC), minutes, kind, category, subject, direction, outcome,
                account, contact,
            )
        )  # fmt: skip
        gap = rng.choice((0, 0, 0, 0, 5)) if kind != "call" else rng.choice((0, 0, 1, 2))
        clock += timedelta(minutes=minutes + gap)
    return out


def rep_days(plan: OrgPlan, rep: RepPlan, book: Book, rng: random.Random) -> list[DemoActivity]:
    """Return every activity of `rep` over the plan's working days, minus a few days off."""
    zone = ZoneInfo(plan.time_zone)
    days_off = set(rng.sample(plan.days, min(len(plan.days), math.floor(rng.uniform(0, 3.5)))))
    out: list[DemoActivity] = []
    for day in plan.days:
        if day not in days_off:
            out.extend(day_activities(plan, rep, day, book, rng, zone))
    return out
