"""The staffing funnel that follows from a rep's activities: leads, job orders, submittals, interviews
and placements, in the ratios the staffing trade reports (research/FORMATS.md §5): about 1.8-3
submittals per job order, one interview per three submittals, one placement per five to ten sendouts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Final
from zoneinfo import ZoneInfo

from repfocus.domain.demo import catalog
from repfocus.domain.demo.book import Book
from repfocus.domain.demo.days import DemoActivity
from repfocus.domain.demo.world import RepPlan

SUBMITTALS_PER_JOB: Final = ((0, 0.08), (1, 0.2), (2, 0.3), (3, 0.22), (4, 0.12), (5, 0.08))  # mean 2.3
INTERVIEW_ODDS: Final = 1 / 3
PLACEMENT_ODDS: Final = 0.18  # per interview: about 5.5 sendouts per placement


@dataclass(frozen=True, slots=True)
class DemoLead:
    account: int
    contact: int
    created_on: date
    status: str


@dataclass(frozen=True, slots=True)
class DemoPlacement:
    job_type: str
    start_on: date
    bill_rate: Decimal | None
    pay_rate: Decimal | None
    fee: Decimal | None


@dataclass(frozen=True, slots=True)
class DemoInterview:
    held_on: date
    outcome: str
    placement: DemoPlacement | None = None


@dataclass(frozen=True, slots=True)
class DemoSubmittal:
    candidate: int
    submitted_on: date
    status: str
    interview: DemoInterview | None = None


@dataclass(slots=True)
class DemoJobOrder:
    account: int
    contact: int | None
    title: str
    job_type: str
    openings: int
    opened_on: date
    bill_rate: Decimal | None
    status: str = "open"
    closed_on: date | None = None
    submittals: list[DemoSubmittal] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RepPipeline:
    leads: list[DemoLead]
    job_orders: list[DemoJobOrder]


def _money(x: float) -> Decimal:
    return Decimal(str(round(x, 2))).quantize(Decimal("0.01"))


def _placement(job: DemoJobOrder, start: date, rng: random.Random) -> DemoPlacement:
    if job.job_type == "direct_hire":
        salary = rng.uniform(90_000, 165_000)
        return DemoPlacement(job.job_type, start, None, None, _money(salary * rng.uniform(0.18, 0.25)))
    bill = float(job.bill_rate or 0)
    return DemoPlacement(job.job_type, start, job.bill_rate, _money(bill / rng.uniform(1.35, 1.6)), None)


def _work_job(job: DemoJobOrder, book: Book, last_day: date, rng: random.Random) -> None:
    filled = 0
    for _ in range(rng.choices([n for n, _ in SUBMITTALS_PER_JOB], [w for _, w in SUBMITTALS_PER_JOB])[0]):
        submitted = job.opened_on + timedelta(days=rng.randint(1, 12))
        if submitted > last_day:
            continue
        candidate = book.person(None, "candidate", cap=30)
        interview = None
        status = "submitted"
        held = submitted + timedelta(days=rng.randint(3, 12))
        if rng.random() < INTERVIEW_ODDS and held <= last_day:
            status, outcome, placement = "interviewing", "pending", None
            if filled < job.openings and rng.random() < PLACEMENT_ODDS:
                start = held + timedelta(days=rng.randint(7, 21))
                outcome, status = "offer", "offer"
                if start <= last_day:
                    placement, status = _placement(job, start, rng), "placed"
                    filled += 1
                    job.closed_on = start if filled == job.openings else job.closed_on
            elif held < last_day - timedelta(days=7):
                outcome, status = "rejected", "rejected"
            interview = DemoInterview(held, outcome, placement)
        elif submitted < last_day - timedelta(days=14):
            status = "rejected"
        job.submittals.append(DemoSubmittal(candidate, submitted, status, interview))
    if filled and filled == job.openings:
        job.status = "filled"
    elif job.opened_on < last_day - timedelta(days=45):
        job.status, job.closed_on = "closed", job.opened_on + timedelta(days=45)


def rep_pipeline(
    rep: RepPlan,
    activities: list[DemoActivity],
    book: Book,
    last_day: date,
    zone: ZoneInfo,
    rng: random.Random,
) -> RepPipeline:
    """Return the funnel behind a rep's activities: a lead for each prospect met (from their first
    touch), a job order for each job-order intake, then submittals, interviews and placements."""
    mix = rep.behaviour.placement_mix
    jobs: list[DemoJobOrder] = []
    met: dict[int, int] = {}  # contact -> account of each prospect met
    won: set[int] = set()
    for a in activities:
        day = a.started_at.astimezone(zone).date()
        if a.category == "prospect_meeting" and a.contact is not None and a.account is not None:
            met.setdefault(a.contact, a.account)
        elif a.category == "job_order_intake" and a.account is not None:
            job_type = rng.choices(list(mix), weights=list(mix.values()))[0]
            rate = None if job_type == "direct_hire" else _money(rng.uniform(65, 145))
            openings = rng.choices((1, 2, 3), weights=(0.8, 0.15, 0.05))[0]
            title = rng.choice(catalog.JOB_TITLES)
            jobs.append(DemoJobOrder(a.account, a.contact, title, job_type, openings, day, rate))
            won.add(a.account)
    for job in jobs:
        _work_job(job, book, last_day, rng)
    leads = []
    for contact, account in met.items():
        status = "converted" if account in won else rng.choice(("open", "open", "nurture", "disqualified"))
        leads.append(DemoLead(account, contact, book.first_touch.get(contact, last_day), status))
    return RepPipeline(leads, jobs)
