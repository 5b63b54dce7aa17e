"""Mutual action plan rules: what makes a plan and a milestone valid, and a plan's progress on a given day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from repfocus.domain.period import FIRST_DAY, LAST_DAY

STATUSES = ("draft", "active", "won", "lost", "closed")
SIDES = ("sales", "delivery", "customer")
MILESTONE_STATUSES = ("open", "done", "blocked")
MAX_TITLE = 200
MAX_GOAL = 1_000
MAX_OWNER_NAME = 120
MAX_NOTE = 2_000
MAX_MILESTONES = 100


class PlanInvalid(ValueError):
    """A plan or milestone breaks a rule; `field` names the input at fault."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PlanDraft:
    """A plan's own fields as checked by check_plan."""

    title: str
    goal: str | None
    target_on: date | None
    status: str


@dataclass(frozen=True, slots=True)
class MilestoneDraft:
    """A milestone as checked by check_milestone."""

    title: str
    side: str
    owner_name: str | None
    due_on: date
    status: str
    done_on: date | None
    note: str | None
    note_internal: bool


@dataclass(frozen=True, slots=True)
class MilestoneFacts:
    """What progress needs of a milestone."""

    id: int
    title: str
    due_on: date
    status: str


@dataclass(frozen=True, slots=True)
class Progress:
    """Done of total milestones, how many are overdue, and the next open one (earliest due)."""

    done: int
    total: int
    overdue: int
    next_id: int | None
    next_title: str | None
    next_due: date | None

    @property
    def share(self) -> float:
        """Return done/total between 0 and 1; 0 for a plan without milestones."""
        return self.done / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(self.share * 100)


def _text(field: str, value: str | None, limit: int, *, required: bool = False) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise PlanInvalid(field, "is empty")
        return None
    if len(text) > limit:
        raise PlanInvalid(field, f"is {len(text)} characters long; at most {limit}")
    if "\x00" in text:  # PostgreSQL refuses NUL in text; say so rather than fail on the write
        raise PlanInvalid(field, "contains a NUL character")
    return text


def _day(field: str, value: date | None) -> date | None:
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise PlanInvalid(field, f"{value} is outside the years {FIRST_DAY.year}–{LAST_DAY.year}")
    return value


def check_status(value: str) -> str:
    """Return the plan status when it is one of STATUSES; raise PlanInvalid naming the choices."""
    if value not in STATUSES:
        raise PlanInvalid("status", f"{value!r} is not a plan status; use one of {', '.join(STATUSES)}")
    return value


def check_plan(*, title: str, goal: str | None, target_on: date | None, status: str) -> PlanDraft:
    """Return the plan with texts trimmed (an empty goal becomes None); raise PlanInvalid naming the field
    when the title is empty or too long, the goal too long, the target day out of range or the status
    unknown."""
    checked = _text("title", title, MAX_TITLE, required=True)
    assert checked is not None
    return PlanDraft(
        checked, _text("goal", goal, MAX_GOAL), _day("target_date", target_on), check_status(status)
    )


def check_milestone(
    *,
    title: str,
    side: str,
    due_on: date | None,
    status: str = "open",
    owner_name: str | None = None,
    done_on: date | None = None,
    note: str | None = None,
    note_internal: bool = False,
    today: date,
) -> MilestoneDraft:
    """Return the milestone with texts trimmed; a done milestone keeps its done day (today when none is
    given), an open or blocked one has none. Raise PlanInvalid naming the field when the title is empty,
    the side or status unknown, the due day missing or out of range, or a text too long."""
    checked = _text("title", title, MAX_TITLE, required=True)
    assert checked is not None
    if side not in SIDES:
        raise PlanInvalid("side", f"{side!r} is not a side; use one of {', '.join(SIDES)}")
    if due_on is None:
        raise PlanInvalid("due", "give the day the milestone is due")
    if status not in MILESTONE_STATUSES:
        raise PlanInvalid(
            "status", f"{status!r} is not a milestone status; use one of {', '.join(MILESTONE_STATUSES)}"
        )
    done = (_day("done_on", done_on) or today) if status == "done" else None
    return MilestoneDraft(
        title=checked,
        side=side,
        owner_name=_text("owner_name", owner_name, MAX_OWNER_NAME),
        due_on=_day("due", due_on) or due_on,
        status=status,
        done_on=done,
        note=_text("note", note, MAX_NOTE),
        note_internal=note_internal,
    )


def is_overdue(due_on: date, status: str, *, today: date) -> bool:
    """Return True when a milestone is not done and its due day has passed (due today is not late);
    a blocked milestone past its day is overdue too."""
    return status != "done" and due_on < today


def progress(milestones: Iterable[MilestoneFacts], *, today: date) -> Progress:
    """Return done/total, the overdue count (not done, due before `today`) and the next milestone: the
    not-done one due first (ties: the lower id); None when every milestone is done or there are none."""
    items = list(milestones)
    pending = sorted((m for m in items if m.status != "done"), key=lambda m: (m.due_on, m.id))
    nxt = pending[0] if pending else None
    return Progress(
        done=len(items) - len(pending),
        total=len(items),
        overdue=sum(is_overdue(m.due_on, m.status, today=today) for m in pending),
        next_id=nxt.id if nxt else None,
        next_title=nxt.title if nxt else None,
        next_due=nxt.due_on if nxt else None,
    )
