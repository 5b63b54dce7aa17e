"""The Jinja2 environment shared by every page: autoescaping on, the navigation, number filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import Undefined

from repfocus.web.csrf import csrf_input, csrf_token
from repfocus.web.markdown import render_markdown

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


@dataclass(frozen=True, slots=True)
class Module:
    """One entry of the navigation: where it is, what it is for and what it does, who sees it."""

    path: str
    label: str
    group: str
    purpose: str
    will_do: tuple[str, ...] = ()
    cause: str = ""
    roles: tuple[str, ...] = ("leader", "manager", "rep")


# The navigation, grouped by the product loop (measure -> diagnose -> fix).
NAVIGATION: tuple[Module, ...] = (
    Module("/", "Dashboard", "Measure", "Where the team's time went, against the selling-time target."),
    Module("/reps", "Reps & scorecards", "Measure", "Each rep's weekly trend and the week's work."),
    Module(
        "/accounts",
        "Accounts",
        "Measure",
        "Each account: time spent on it, its contacts, plans and job orders.",
        roles=("leader", "manager", "rep", "delivery"),
    ),
    Module(
        "/imports",
        "Imports",
        "Measure",
        "Bring activity in from CRM exports and calendars.",
        (
            "Upload a RepFocus CSV or an export from Salesforce, HubSpot, Bullhorn or Pipedrive, "
            "with a column mapping when the headers differ; until then `repfocus import activities "
            "FILE` does it from the command line.",
            "Import a rep's calendar (.ics) as meetings.",
            "Report every rejected row with its line number, field and reason; an import is all or "
            "nothing, and importing the same file twice adds nothing.",
        ),
    ),
    Module(
        "/diagnosis",
        "Diagnosis",
        "Diagnose",
        "Find out why a rep spends time on the wrong work.",
        (
            "Name the likely root cause for each rep: direction, knowledge & tools, competencies, "
            "motivation or DNA.",
            "Show the evidence: every number beside its target or the team median, with severity "
            "and confidence.",
            "List the remedies and the leader's key questions for that cause.",
        ),
        "all five root causes",
    ),
    Module(
        "/targets",
        "Bullseye & targets",
        "Fix",
        "Define the bullseye and the cadence, and measure the team against them.",
        (
            "Define target accounts (industry, size, region, technology) and target contacts "
            "(personas); accounts get tier A, B, C or off.",
            "Set allocation targets (share of time per bucket) and cadence targets (for example 50 "
            "prospecting calls and 8 prospect meetings a week) per team or rep.",
        ),
        "1. direction",
    ),
    Module(
        "/playbook",
        "Playbook",
        "Fix",
        "Ready content and emails, so reps stop searching for and writing their own.",
        (
            "Data, insights, case studies and talk tracks by buyer-journey stage and persona.",
            "Email templates for each prospecting scenario, with merge fields.",
            "Persona profiles: their challenges, how they are measured, what they read, their objections.",
        ),
        "2. knowledge & tools",
    ),
    Module(
        "/coaching",
        "Coaching",
        "Fix",
        "Coaching and training focused on buyer personas and weak funnel stages.",
        (
            "Coaching sessions with a focus, notes and action items with due dates.",
            "Competency ratings per rep over time, and training assignments.",
        ),
        "3. competencies",
    ),
    Module(
        "/incentives",
        "Incentives",
        "Fix",
        "Incentive plans and recognition that pay for the behaviour the leader wants.",
        (
            "Plans with per-event amounts, tiers, accelerators, caps and date windows.",
            "Payout line items per rep and period.",
            "Recognition programs, such as President's Club criteria.",
        ),
        "4. motivation",
    ),
    Module(
        "/hiring",
        "Hiring",
        "Fix",
        "Hiring scorecards that screen for the traits of a hunter.",
        (
            "Score candidates on persistence, assertiveness, talking money, handling objections and "
            "prospecting drive.",
            "Compare candidates on a weighted score.",
        ),
        "5. DNA",
        roles=("leader", "manager"),
    ),
    Module(
        "/plans",
        "Mutual action plans",
        "Fix",
        "Plans shared by sales, delivery and the customer for an account or job order.",
        (
            "Milestones with owner side (sales, delivery, customer), owner, due date and status.",
            "Share links the customer opens without an account, revocable at any time.",
        ),
        roles=("leader", "manager", "rep", "delivery"),
    ),
    Module("/audit", "Audit log", "Admin", "Who changed what, and when.", roles=("leader",)),
    Module(
        "/people",
        "People",
        "Admin",
        "Who signs in: add people, set their role and team, deactivate them, reset passwords.",
        roles=("leader", "manager"),
    ),
    Module(
        "/admin",
        "Settings",
        "Admin",
        "Organization settings: name, time zone, currency, working week, default durations, all-day events.",
        roles=("leader",),
    ),
)

BUCKET_LABELS = {
    "selling": "Selling",
    "servicing": "Servicing",
    "recruiting_support": "Recruiting support",
    "research_content": "Research & content",
    "admin": "Admin",
    "development": "Development",
    "unclassified": "Unclassified",
}

PERSONA_LABELS = {
    "it_hiring_manager": "IT hiring manager",
    "it_executive": "IT executive",
    "hr_recruiter": "HR recruiter",
    "procurement": "Procurement",
    "consultant": "Consultant",
    "candidate": "Candidate",
    "other": "Other",
}


def modules_for(role: str | None) -> list[Module]:
    """Return the navigation entries a signed-in user with `role` sees (none when signed out)."""
    return [m for m in NAVIGATION if role in m.roles] if role else []


def active_module(path: str) -> Module | None:
    """Return the navigation entry a URL path belongs to (the longest matching prefix)."""
    best = None
    for module in NAVIGATION:
        if path == module.path or (module.path != "/" and path.startswith(module.path + "/")):
            best = module if best is None or len(module.path) > len(best.path) else best
    return best


def _missing(value: object) -> bool:
    # a key a table lacks (a week without that category) reaches a filter as Undefined, not None
    return value is None or isinstance(value, Undefined)


def pct(value: float | None) -> str:
    return "—" if _missing(value) else f"{value:.0%}"


def hours(minutes: int | float | None) -> str:
    return "—" if _missing(minutes) else f"{minutes / 60:.1f} h"  # type: ignore[operator]


def points(share: float | None) -> str:
    """Return a difference of shares as signed percentage points ("+4 pts", "−12 pts")."""
    if share is None or isinstance(share, Undefined):
        return "—"
    value = round(share * 100)
    return f"{'+' if value > 0 else '−' if value < 0 else '±'}{abs(value)} pts"


def duration(minutes: int) -> str:
    hours_, rest = divmod(minutes, 60)
    return f"{hours_} h {rest:02d} min" if hours_ else f"{rest} min"


def day(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def label(value: str | None) -> str:
    """Return a snake_case code as words ("prospecting_call" -> "Prospecting call")."""
    return "—" if not value else value.replace("_", " ").capitalize()


templates.env.filters.update(
    pct=pct, points=points, hours=hours, duration=duration, day=day, label=label, markdown=render_markdown
)
templates.env.globals.update(
    navigation=NAVIGATION,
    bucket_labels=BUCKET_LABELS,
    persona_labels=PERSONA_LABELS,
    active_module=active_module,
    modules_for=modules_for,
    csrf_token=csrf_token,
    csrf_input=csrf_input,
)
