"""Coaching rules: what makes a session and its action items valid, and when an action is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from repfocus.domain.diagnosis.model import CAUSES
from repfocus.domain.taxonomy import PERSONAS

MAX_NOTE = 5_000
MAX_ACTION_TEXT = 300
MAX_ACTIONS = 5
FUTURE_DAYS = 1  # a session may be recorded for tomorrow (time zones), never further ahead


class CoachingInvalid(ValueError):
    """A session or action item breaks a rule; `field` names the input at fault."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ActionDraft:
    """An action item as entered: what to do and by when."""

    text: str
    due_on: date


@dataclass(frozen=True, slots=True)
class SessionDraft:
    """A session as entered, checked by check_session."""

    focus: str
    held_on: date
    persona: str | None
    note: str | None
    actions: tuple[ActionDraft, ...]


def check_session(
    *,
    focus: str,
    held_on: date,
    today: date,
    persona: str | None = None,
    note: str | None = None,
    actions: tuple[ActionDraft, ...] = (),
) -> SessionDraft:
    """Return the session with texts trimmed (empty persona and note become None); raise CoachingInvalid
    naming the field when the focus or persona is unknown, the day lies more than a day ahead, the note is
    too long, or an action is empty, too long, or due before the session."""
    if focus not in CAUSES:
        raise CoachingInvalid("focus", f"{focus!r} is not a root cause; use one of {', '.join(CAUSES)}")
    persona = (persona or "").strip() or None
    if persona is not None and persona not in PERSONAS:
        raise CoachingInvalid("persona", f"{persona!r} is not a persona; use one of {', '.join(PERSONAS)}")
    if held_on > today + timedelta(days=FUTURE_DAYS):
        raise CoachingInvalid("held_on", f"{held_on} lies in the future; record a session once it is held")
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        raise CoachingInvalid("note", f"is {len(note)} characters long; at most {MAX_NOTE}")
    if len(actions) > MAX_ACTIONS:
        raise CoachingInvalid("actions", f"{len(actions)} action items; at most {MAX_ACTIONS} per session")
    checked = []
    for i, action in enumerate(actions):
        text = action.text.strip()
        if not text:
            raise CoachingInvalid(f"actions[{i}].text", "is empty; say what the rep will do")
        if len(text) > MAX_ACTION_TEXT:
            raise CoachingInvalid(f"actions[{i}].text", f"is {len(text)} characters long; at most 300")
        if action.due_on < held_on:
            raise CoachingInvalid(
                f"actions[{i}].due_on", f"{action.due_on} is before the session ({held_on})"
            )
        checked.append(ActionDraft(text, action.due_on))
    return SessionDraft(focus, held_on, persona, note, tuple(checked))


def is_overdue(due_on: date, *, done: bool, today: date) -> bool:
    """Return True when an action item is not done and its due day has passed (due today is not late)."""
    return not done and due_on < today
