"""Coaching sessions: record a session with its action items, list the sessions an actor may see, tick
actions done, and the per-rep overview (last session, open and overdue actions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, case, false, func, or_, select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, can_coach, can_view_rep, require, sales_visibility
from repfocus.domain.coaching import ActionDraft, CoachingInvalid, check_session, is_overdue
from repfocus.domain.period import Period
from repfocus.services import audit
from repfocus.services.users import actor_of
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import CoachingAction, CoachingSession, User

__all__ = ["ActionDraft", "CoachingInvalid"]


class CoachingNotFound(LookupError):
    """No such rep or action item, or the actor may not know of it (HTTP 404)."""


@dataclass(frozen=True, slots=True)
class ActionView:
    id: int
    text: str
    due_on: date
    done_at: datetime | None
    overdue: bool

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "due_on": self.due_on.isoformat(),
            "done": self.done,
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "overdue": self.overdue,
        }


@dataclass(frozen=True, slots=True)
class SessionView:
    id: int
    rep_email: str
    rep_name: str
    coach_email: str | None
    held_on: date
    focus: str
    persona: str | None
    note: str | None
    actions: tuple[ActionView, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rep_email": self.rep_email,
            "rep_name": self.rep_name,
            "coach_email": self.coach_email,
            "held_on": self.held_on.isoformat(),
            "focus": self.focus,
            "persona": self.persona,
            "note": self.note,
            "actions": [a.as_dict() for a in self.actions],
        }


@dataclass(frozen=True, slots=True)
class RepCoaching:
    """One rep's line of the coaching overview."""

    rep_id: int
    email: str
    name: str
    last_session: date | None
    open_actions: int
    overdue_actions: int
    may_coach: bool


def _today(session: Session) -> date:
    return datetime.now(org_zone(session)).date()


def _rep(session: Session, actor: Actor | None, email: str) -> User:
    """Return the rep with `email`; CoachingNotFound when unknown or not visible to `actor`."""
    sales_visibility(actor, "coaching")  # AccessDenied for roles without sales data
    rep = session.scalars(select(User).where(func.lower(User.email) == email.strip().lower())).first()
    if rep is None or rep.role != "rep" or (actor and not can_view_rep(actor, rep.id, rep.team_id)):
        raise CoachingNotFound(f"no rep with email {email!r}")
    return rep


def _visible(stmt: Select[Any], actor: Actor | None) -> Select[Any]:
    """Narrow a query over User to the reps `actor` may read (as can_view_rep)."""
    how, ids = sales_visibility(actor, "coaching")
    if how == "teams" and actor is not None:
        return stmt.where(or_(User.team_id.in_(sorted(ids)), User.id == actor.user_id))
    if how == "self":
        return stmt.where(User.id.in_(sorted(ids)))
    return stmt if how == "all" else stmt.where(false())


def add_session(
    db: Database,
    *,
    actor: Actor | None,
    rep_email: str,
    focus: str,
    held_on: date | None = None,
    coach_email: str | None = None,
    persona: str | None = None,
    note: str | None = None,
    actions: Sequence[ActionDraft] = (),
    today: date | None = None,
) -> SessionView:
    """Record a session and its action items: the coach is the actor (or, from the command line, the user
    `coach_email`) and must be a leader or the manager of the rep's team. Audited."""
    with db.session() as session:
        today = today or _today(session)
        rep = _rep(session, actor, rep_email)
        if actor is not None:
            require(
                can_coach(actor, rep.id, rep.team_id), "only the rep's manager or a leader records coaching"
            )
            coach_id: int | None = actor.user_id
        else:
            coach_id = _cli_coach(session, coach_email, rep)
        draft = check_session(
            focus=focus,
            held_on=held_on or today,
            today=today,
            persona=persona,
            note=note,
            actions=tuple(actions),
        )
        row = CoachingSession(
            rep_id=rep.id,
            coach_id=coach_id,
            held_on=draft.held_on,
            focus=draft.focus,
            persona=draft.persona,
            note=draft.note,
        )
        session.add(row)
        session.flush()
        session.add_all(
            CoachingAction(session_id=row.id, text=a.text, due_on=a.due_on) for a in draft.actions
        )
        audit.record(
            session,
            actor_id=coach_id if actor is None else actor.user_id,
            action="coaching.add",
            target=rep.email,
            details={"session": row.id, "focus": draft.focus, "actions": len(draft.actions)},
        )
        session.commit()
        return _sessions(session, [row.id], today)[0]


def _cli_coach(session: Session, coach_email: str | None, rep: User) -> int:
    email = (coach_email or "").strip().lower()
    if not email:
        raise CoachingInvalid("coach", "give the email of the manager or leader who held the session")
    coach = session.scalars(select(User).where(func.lower(User.email) == email)).first()
    if coach is None:
        raise CoachingInvalid("coach", f"no user with email {coach_email!r}")
    if not can_coach(actor_of(session, coach), rep.id, rep.team_id):
        raise CoachingInvalid(
            "coach", f"{coach.email} is neither a leader nor the manager of {rep.email}'s team"
        )
    return coach.id


def _action_view(a: CoachingAction, today: date) -> ActionView:
    done = a.done_at is not None
    return ActionView(a.id, a.text, a.due_on, a.done_at, is_overdue(a.due_on, done=done, today=today))


def _sessions(session: Session, ids: Select[Any] | Sequence[int], today: date) -> list[SessionView]:
    """Return the sessions `ids` (a list, or a query of ids: no parameter per session) with their actions."""
    coach = User.__table__.alias("coach")
    rows = session.execute(
        select(CoachingSession, User.email, User.name, coach.c.email)
        .join(User, User.id == CoachingSession.rep_id)
        .outerjoin(coach, coach.c.id == CoachingSession.coach_id)
        .where(CoachingSession.id.in_(ids))
        .order_by(CoachingSession.held_on.desc(), CoachingSession.id.desc())
    ).all()
    actions: dict[int, list[ActionView]] = {}
    for a in session.scalars(
        select(CoachingAction)
        .where(CoachingAction.session_id.in_(ids))
        .order_by(CoachingAction.due_on, CoachingAction.id)
    ):
        actions.setdefault(a.session_id, []).append(_action_view(a, today))
    return [
        SessionView(
            s.id,
            email,
            name,
            coach_email,
            s.held_on,
            s.focus,
            s.persona,
            s.note,
            tuple(actions.get(s.id, ())),
        )
        for s, email, name, coach_email in rows
    ]


def list_sessions(
    db: Database,
    *,
    actor: Actor | None,
    rep_email: str | None = None,
    period: Period | None = None,
    today: date | None = None,
) -> list[SessionView]:
    """Return the sessions of the reps the actor may read (a rep their own, a manager their teams', a
    leader all), of one rep when given, held within `period` when given; newest first."""
    with db.read_session() as session:
        today = today or _today(session)
        stmt = _visible(select(CoachingSession.id).join(User, User.id == CoachingSession.rep_id), actor)
        if rep_email:
            stmt = stmt.where(CoachingSession.rep_id == _rep(session, actor, rep_email).id)
        if period is not None:
            stmt = stmt.where(CoachingSession.held_on.between(period.start, period.end))
        return _sessions(session, stmt, today)


def set_action_done(
    db: Database, *, actor: Actor | None, action_id: int, done: bool, now: datetime | None = None
) -> ActionView:
    """Mark an action item done (now) or open again; only the rep's manager or a leader may. Audited."""
    sales_visibility(actor, "coaching")
    with db.session() as session:
        found = session.execute(
            select(CoachingAction, User)
            .join(CoachingSession, CoachingSession.id == CoachingAction.session_id)
            .join(User, User.id == CoachingSession.rep_id)
            .where(CoachingAction.id == action_id)
        ).first()
        if found is None or (actor and not can_view_rep(actor, found[1].id, found[1].team_id)):
            raise CoachingNotFound(f"no coaching action item {action_id}")
        action, rep = found
        if actor is not None:
            require(can_coach(actor, rep.id, rep.team_id), "only the rep's manager or a leader ticks actions")
        if done != (action.done_at is not None):
            action.done_at = (now or datetime.now(UTC)) if done else None
            audit.record(
                session,
                actor_id=actor.user_id if actor else None,
                action="coaching.done" if done else "coaching.undone",
                target=rep.email,
                details={"action": action.id, "text": action.text[:80]},
            )
        view = _action_view(action, _today(session))
        session.commit()
        return view


def overview(db: Database, *, actor: Actor | None, today: date | None = None) -> list[RepCoaching]:
    """Return, per active rep the actor may read, the last session day and the open and overdue action
    items (overdue: not done and due before today); by name."""
    with db.read_session() as session:
        today = today or _today(session)
        last = (
            select(CoachingSession.rep_id, func.max(CoachingSession.held_on).label("last"))
            .group_by(CoachingSession.rep_id)
            .subquery()
        )
        is_open = CoachingAction.done_at.is_(None)
        counts = (
            select(
                CoachingSession.rep_id,
                func.count(CoachingAction.id).label("open"),
                func.sum(case((CoachingAction.due_on < today, 1), else_=0)).label("overdue"),
            )
            .join(CoachingAction, CoachingAction.session_id == CoachingSession.id)
            .where(is_open)
            .group_by(CoachingSession.rep_id)
            .subquery()
        )
        stmt = _visible(
            select(User, last.c.last, counts.c.open, counts.c.overdue)
            .outerjoin(last, last.c.rep_id == User.id)
            .outerjoin(counts, counts.c.rep_id == User.id)
            .where(User.role == "rep", User.is_active.is_(True)),
            actor,
        ).order_by(User.name, User.id)
        return [
            RepCoaching(
                u.id,
                u.email,
                u.name,
                held,
                int(n_open or 0),
                int(n_late or 0),
                actor is None or can_coach(actor, u.id, u.team_id),
            )
            for u, held, n_open, n_late in session.execute(stmt)
        ]


def rep_overview(
    db: Database, *, actor: Actor | None, rep_email: str, today: date | None = None
) -> tuple[RepCoaching, list[SessionView]]:
    """Return one rep's overview line (as in overview) and their sessions, newest first."""
    with db.read_session() as session:
        rep = _rep(session, actor, rep_email)
        may_coach = actor is None or can_coach(actor, rep.id, rep.team_id)
        line = (rep.id, rep.email, rep.name)
    sessions = list_sessions(db, actor=actor, rep_email=rep_email, today=today)
    actions = [a for s in sessions for a in s.actions if not a.done]
    last = sessions[0].held_on if sessions else None
    return RepCoaching(*line, last, len(actions), sum(a.overdue for a in actions), may_coach), sessions
