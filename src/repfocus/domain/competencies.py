"""Competency rules: the skills of IT staffing sales rated 1 to 5 per rep over time, and what the history
says (the current rating, the change over N days, the weakest skills, which need training)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

# The fixed list for IT staffing sales, in the order a rep's grid shows them.
COMPETENCIES: Final = (
    "prospecting_calls",
    "discovery_questions",
    "buyer_personas",
    "objection_handling",
    "talking_money",
    "job_order_intake",
    "negotiation",
    "account_planning",
)
COMPETENCY_LABELS: Final = {
    "prospecting_calls": "Prospecting calls",
    "discovery_questions": "Discovery questions",
    "buyer_personas": "Buyer personas",
    "objection_handling": "Objection handling",
    "talking_money": "Talking money (rates)",
    "job_order_intake": "Job order intake",
    "negotiation": "Negotiation",
    "account_planning": "Account planning",
}
MIN_SCORE, MAX_SCORE = 1, 5
MAX_EVIDENCE = 500
FUTURE_DAYS = 1  # a rating may carry tomorrow's day (time zones), never further ahead
TREND_DAYS = 90  # "the change since": the default look-back
WEAK_SCORE = 2  # a current rating at or below this needs training
DROP = 2  # as does a fall of this many points over the look-back
HISTORY = 6  # ratings shown as the trend


class CompetencyInvalid(ValueError):
    """A rating or training assignment breaks a rule; `field` names the input at fault."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Rating:
    """One rating as recorded: a later rating never replaces an earlier one, it joins the history."""

    competency: str
    score: int
    rated_on: date
    evidence: str | None = None
    order: int = 0  # the record's id: of two ratings on the same day, the later recorded counts


@dataclass(frozen=True, slots=True)
class CompetencyLine:
    """One row of a rep's grid."""

    competency: str
    current: Rating | None
    history: tuple[int, ...]  # the last HISTORY scores, oldest first
    change: int | None
    needs_training: bool
    evidence: Rating | None = None  # the latest rating that has evidence


def check_competency(competency: str, field: str = "competency") -> str:
    """Return the competency key; raise CompetencyInvalid listing the valid keys when it is unknown."""
    key = competency.strip().lower()
    if key not in COMPETENCIES:
        raise CompetencyInvalid(
            field, f"{competency!r} is not a competency; use one of {', '.join(COMPETENCIES)}"
        )
    return key


def check_rating(
    *, competency: str, score: int, rated_on: date, today: date, evidence: str | None = None
) -> Rating:
    """Return the rating with the evidence trimmed (empty becomes None); raise CompetencyInvalid when the
    competency is unknown, the score lies outside 1-5, the day is more than a day ahead or the evidence is
    longer than 500 characters."""
    key = check_competency(competency)
    if isinstance(score, bool) or not MIN_SCORE <= score <= MAX_SCORE:
        raise CompetencyInvalid("score", f"{score} is outside {MIN_SCORE}-{MAX_SCORE}")
    if rated_on > today + timedelta(days=FUTURE_DAYS):
        raise CompetencyInvalid("rated_on", f"{rated_on} lies in the future; rate what you have seen")
    note = (evidence or "").strip() or None
    if note is not None and len(note) > MAX_EVIDENCE:
        raise CompetencyInvalid("evidence", f"is {len(note)} characters long; at most {MAX_EVIDENCE}")
    return Rating(key, score, rated_on, note)


def _history(ratings: Iterable[Rating], competency: str, *, until: date | None = None) -> list[Rating]:
    """The ratings of one competency up to `until` (inclusive), oldest first."""
    found = [r for r in ratings if r.competency == competency and (until is None or r.rated_on <= until)]
    return sorted(found, key=lambda r: (r.rated_on, r.order))


def current_rating(ratings: Iterable[Rating], competency: str, *, on: date | None = None) -> Rating | None:
    """Return the rating that counts for `competency` on day `on` (default: the latest): the last one rated
    on or before it; None when there is none."""
    history = _history(ratings, competency, until=on)
    return history[-1] if history else None


def current_ratings(ratings: Iterable[Rating]) -> dict[str, Rating]:
    """Return the latest rating per rated competency."""
    latest: dict[str, Rating] = {}
    for r in sorted(ratings, key=lambda r: (r.rated_on, r.order)):
        latest[r.competency] = r
    return latest


def change_since(
    ratings: Sequence[Rating], competency: str, *, today: date, days: int = TREND_DAYS
) -> int | None:
    """Return the current score minus the score that counted `days` days before `today`; None when the
    competency was not rated by then (no baseline) or not at all."""
    now = current_rating(ratings, competency, on=today)
    then = current_rating(ratings, competency, on=today - timedelta(days=days))
    return None if now is None or then is None else now.score - then.score


def needs_training(
    ratings: Sequence[Rating], competency: str, *, today: date, days: int = TREND_DAYS
) -> bool:
    """Return True when the current score is 2 or lower, or fell by 2 or more over the last `days` days."""
    now = current_rating(ratings, competency, on=today)
    if now is None:
        return False
    change = change_since(ratings, competency, today=today, days=days)
    return now.score <= WEAK_SCORE or (change is not None and change <= -DROP)


def weakest(ratings: Iterable[Rating], *, limit: int = 3) -> list[Rating]:
    """Return the current ratings with the lowest scores, at most `limit`; ties in the list's order."""
    latest = current_ratings(ratings)
    ranked = sorted(latest.values(), key=lambda r: (r.score, COMPETENCIES.index(r.competency)))
    return ranked[:limit]


def grid(ratings: Sequence[Rating], *, today: date, days: int = TREND_DAYS) -> list[CompetencyLine]:
    """Return one line per competency, in the list's order: the current rating, the last scores, the change
    over `days` days, the needs-training flag and the latest evidence (unrated: an empty line)."""
    lines = []
    for key in COMPETENCIES:
        history = _history(ratings, key, until=today)
        lines.append(
            CompetencyLine(
                key,
                history[-1] if history else None,
                tuple(r.score for r in history[-HISTORY:]),
                change_since(ratings, key, today=today, days=days),
                needs_training(ratings, key, today=today, days=days),
                next((r for r in reversed(history) if r.evidence), None),
            )
        )
    return lines
