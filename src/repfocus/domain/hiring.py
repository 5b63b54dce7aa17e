"""Hiring rules (root cause 5, DNA): the traits a hunter needs, scorecards rating them 1-5, a candidate's
weighted score on 0-100, red flags and the hire / maybe / no recommendation. See docs/hiring.md."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

TRAITS = ("persistence", "assertiveness", "money_talk", "objection_handling", "prospecting_drive")
TRAIT_LABELS = {
    "persistence": "Persistence",
    "assertiveness": "Assertiveness",
    "money_talk": "Talking money",
    "objection_handling": "Handling objections",
    "prospecting_drive": "Prospecting drive",
}
# What an interviewer listens for (shown beside each rating on the form).
TRAIT_PROMPTS = {
    "persistence": "Follows up after a no; tells of a deal won on a later attempt.",
    "assertiveness": "Asks for the meeting, the next step, the decision.",
    "money_talk": "Talks rates, margins and budgets without flinching.",
    "objection_handling": "Meets 'we already have a vendor' with a question, not a retreat.",
    "prospecting_drive": "Wants to open new accounts, not only serve the ones given.",
}
# Persistence weighs most: the DNA cause is the rep who "gives up after one attempt" (DESIGN.md).
DEFAULT_WEIGHTS: dict[str, float] = {
    "persistence": 0.30,
    "assertiveness": 0.20,
    "money_talk": 0.15,
    "objection_handling": 0.20,
    "prospecting_drive": 0.15,
}
STATUSES = ("new", "interviewing", "offer", "hired", "rejected")
MIN_RATING, MAX_RATING = 1, 5
RED_FLAG_AT = 2.0  # a trait averaging this or lower is a red flag
MIN_SCORECARDS = 2  # fewer: "needs another interview"
HIRE_AT = 75.0  # score >= 75, no red flag, at least MIN_SCORECARDS scorecards: hire
MAYBE_AT = 55.0  # score >= 55 otherwise: maybe; below: no
MAX_NOTE = 1_000
MAX_NAME = 120
MAX_SOURCE = 80
WEIGHT_TOLERANCE = 1e-6
FUTURE_DAYS = 1
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class HiringInvalid(ValueError):
    """A candidate, scorecard or weight breaks a rule; `field` names the input at fault."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class CandidateDraft:
    """A candidate as entered, checked by check_candidate."""

    name: str
    email: str | None
    role: str
    source: str | None
    status: str


@dataclass(frozen=True, slots=True)
class ScorecardDraft:
    """One interviewer's ratings (1-5 per trait) and optional evidence notes per trait."""

    interviewed_on: date
    ratings: dict[str, int]
    notes: dict[str, str]


@dataclass(frozen=True, slots=True)
class Assessment:
    """What a candidate's scorecards add up to."""

    scorecards: int
    score: float | None  # 0-100; None without scorecards
    trait_averages: dict[str, float]
    red_flags: tuple[str, ...]
    needs_interview: bool
    recommendation: str | None  # hire | maybe | no; None without scorecards


def check_status(status: str) -> str:
    """Return the status when it is one of STATUSES; raise HiringInvalid naming `status` otherwise."""
    status = (status or "").strip()
    if status not in STATUSES:
        raise HiringInvalid("status", f"{status!r} is not a status; use one of {', '.join(STATUSES)}")
    return status


def check_candidate(
    *, name: str, role: str, email: str | None = None, source: str | None = None, status: str = "new"
) -> CandidateDraft:
    """Return the candidate with texts trimmed (empty email and source become None); raise HiringInvalid
    naming the field when the name or role is empty or too long, the email malformed or the status unknown."""
    name, role = (name or "").strip(), (role or "").strip()
    for field, value in (("name", name), ("role", role)):
        if not value:
            raise HiringInvalid(field, "is empty")
        if len(value) > MAX_NAME:
            raise HiringInvalid(field, f"is {len(value)} characters long; at most {MAX_NAME}")
    email = (email or "").strip().lower() or None
    if email is not None and (len(email) > 254 or not _EMAIL.match(email)):
        raise HiringInvalid("email", f"{email!r} is not an email address")
    source = (source or "").strip() or None
    if source is not None and len(source) > MAX_SOURCE:
        raise HiringInvalid("source", f"is {len(source)} characters long; at most {MAX_SOURCE}")
    return CandidateDraft(name, email, role, source, check_status(status))


def check_scorecard(
    *,
    ratings: Mapping[str, object],
    notes: Mapping[str, str | None] | None = None,
    interviewed_on: date,
    today: date,
) -> ScorecardDraft:
    """Return the scorecard when every trait is rated with a whole number 1-5 (field `ratings.<trait>`),
    notes name only traits and stay under 1,000 characters (`notes.<trait>`), and the day is not ahead."""
    unknown = sorted(set(ratings) - set(TRAITS))
    if unknown:
        raise HiringInvalid(f"ratings.{unknown[0]}", f"is not a trait; use {', '.join(TRAITS)}")
    checked: dict[str, int] = {}
    for trait in TRAITS:
        value = ratings.get(trait)
        if value is None:
            raise HiringInvalid(f"ratings.{trait}", f"is missing; rate it {MIN_RATING}-{MAX_RATING}")
        if isinstance(value, bool) or not isinstance(value, int):
            raise HiringInvalid(
                f"ratings.{trait}", f"{value!r} is not a whole number {MIN_RATING}-{MAX_RATING}"
            )
        if not MIN_RATING <= value <= MAX_RATING:
            raise HiringInvalid(f"ratings.{trait}", f"{value} is outside {MIN_RATING}-{MAX_RATING}")
        checked[trait] = value
    kept: dict[str, str] = {}
    for trait, note in (notes or {}).items():
        if trait not in TRAITS:
            raise HiringInvalid(f"notes.{trait}", f"is not a trait; use {', '.join(TRAITS)}")
        text = (note or "").strip()
        if len(text) > MAX_NOTE:
            raise HiringInvalid(f"notes.{trait}", f"is {len(text)} characters long; at most {MAX_NOTE}")
        if text:
            kept[trait] = text
    if interviewed_on > today + timedelta(days=FUTURE_DAYS):
        raise HiringInvalid(
            "interviewed_on", f"{interviewed_on} lies in the future; score after the interview"
        )
    return ScorecardDraft(interviewed_on, checked, kept)


def check_weights(weights: Mapping[str, object]) -> dict[str, float]:
    """Return the weights when they name every trait once, none is negative and they sum to 1 (within
    one millionth); raise HiringInvalid naming `weights.<trait>` or `weights` otherwise."""
    unknown = sorted(set(weights) - set(TRAITS))
    if unknown:
        raise HiringInvalid(f"weights.{unknown[0]}", f"is not a trait; use {', '.join(TRAITS)}")
    out: dict[str, float] = {}
    for trait in TRAITS:
        value = weights.get(trait)
        if value is None:
            raise HiringInvalid(f"weights.{trait}", "is missing; give a weight for every trait")
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise HiringInvalid(f"weights.{trait}", f"{value!r} is not a number")
        if value < 0:
            raise HiringInvalid(f"weights.{trait}", f"{value} is negative")
        out[trait] = float(value)
    total = sum(out.values())
    if abs(total - 1) > WEIGHT_TOLERANCE:
        raise HiringInvalid("weights", f"sum to {total:.4g}; they must sum to 1")
    return out


def scale(weighted_rating: float) -> float:
    """Return a weighted 1-5 rating on 0-100: 1 is 0, 3 is 50, 5 is 100."""
    return (weighted_rating - MIN_RATING) / (MAX_RATING - MIN_RATING) * 100


def recommend(score: float, *, red_flags: Sequence[str], scorecards: int) -> str:
    """Return hire (score >= 75, no red flag, at least 2 scorecards), no (score < 55), else maybe."""
    if score < MAYBE_AT:
        return "no"
    if score >= HIRE_AT and not red_flags and scorecards >= MIN_SCORECARDS:
        return "hire"
    return "maybe"


def assess(cards: Sequence[Mapping[str, int]], weights: Mapping[str, float]) -> Assessment:
    """Return the assessment of a candidate's scorecards (ratings per trait): the score is the mean over
    scorecards of the weighted trait average, on 0-100; a trait averaging 2 or lower is a red flag."""
    if not cards:
        return Assessment(0, None, {}, (), True, None)
    averages = {t: sum(c[t] for c in cards) / len(cards) for t in TRAITS}
    weighted = sum(sum(weights[t] * c[t] for t in TRAITS) for c in cards) / len(cards)
    score = round(scale(weighted), 1)
    flags = tuple(t for t in TRAITS if averages[t] <= RED_FLAG_AT)
    return Assessment(
        len(cards),
        score,
        {t: round(v, 2) for t, v in averages.items()},
        flags,
        len(cards) < MIN_SCORECARDS,
        recommend(score, red_flags=flags, scorecards=len(cards)),
    )
