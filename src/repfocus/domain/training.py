"""Training assignment rules: what makes an assignment valid, who may complete it, when it is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from repfocus.domain.access import Actor, can_coach
from repfocus.domain.competencies import CompetencyInvalid, check_competency
from repfocus.domain.taxonomy import PERSONAS

STATUSES: Final = ("assigned", "done")
MAX_TITLE = 200
MAX_NOTE = 2_000


@dataclass(frozen=True, slots=True)
class TrainingDraft:
    """An assignment as entered, checked by check_training."""

    title: str
    competency: str | None
    persona: str | None
    due_on: date | None


def check_training(
    *,
    title: str,
    assigned_on: date,
    competency: str | None = None,
    persona: str | None = None,
    due_on: date | None = None,
) -> TrainingDraft:
    """Return the assignment with texts trimmed (empty competency and persona become None); raise
    CompetencyInvalid naming the field when the title is empty or too long, the competency or persona is
    unknown, or it is due before the day it is assigned."""
    text = title.strip()
    if not text:
        raise CompetencyInvalid("title", "is empty; say what the rep will study or practise")
    if len(text) > MAX_TITLE:
        raise CompetencyInvalid("title", f"is {len(text)} characters long; at most {MAX_TITLE}")
    key = (competency or "").strip() or None
    if key is not None:
        key = check_competency(key)
    who = (persona or "").strip() or None
    if who is not None and who not in PERSONAS:
        raise CompetencyInvalid("persona", f"{who!r} is not a persona; use one of {', '.join(PERSONAS)}")
    if due_on is not None and due_on < assigned_on:
        raise CompetencyInvalid("due_on", f"{due_on} is before the day it is assigned ({assigned_on})")
    return TrainingDraft(text, key, who, due_on)


def check_status(status: str) -> str:
    """Return the status; raise CompetencyInvalid naming the valid ones when it is unknown."""
    if status not in STATUSES:
        raise CompetencyInvalid("status", f"{status!r} is not a status; use one of {', '.join(STATUSES)}")
    return status


def check_note(note: str | None) -> str | None:
    """Return the rep's note trimmed (empty becomes None); raise CompetencyInvalid when too long."""
    text = (note or "").strip() or None
    if text is not None and len(text) > MAX_NOTE:
        raise CompetencyInvalid("note", f"is {len(text)} characters long; at most {MAX_NOTE}")
    return text


def can_complete(actor: Actor, rep_id: int, rep_team_id: int | None) -> bool:
    """Return True when the actor may mark a rep's training done and write its note: the rep themself,
    their manager or a leader."""
    return actor.user_id == rep_id or can_coach(actor, rep_id, rep_team_id)


def is_overdue(due_on: date | None, *, status: str, today: date) -> bool:
    """Return True when an assignment is not done and its due day has passed (due today is not late)."""
    return status != "done" and due_on is not None and due_on < today
