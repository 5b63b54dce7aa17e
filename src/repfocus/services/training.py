"""Training assignments: the rep's manager or a leader assigns training (a playbook item or a persona
profile to study, the competency it builds, a due day); the rep marks it done with a note."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, can_coach, can_view_rep, require, sales_visibility
from repfocus.domain.competencies import CompetencyInvalid
from repfocus.domain.training import can_complete, check_note, check_status, check_training, is_overdue
from repfocus.services import audit
from repfocus.services.competencies import CompetencyNotFound, find_rep, org_today, visible_reps
from repfocus.store.db import Database
from repfocus.store.models import PlaybookItem, TrainingAssignment, User

__all__ = ["CompetencyInvalid", "CompetencyNotFound", "TrainingView"]


@dataclass(frozen=True, slots=True)
class TrainingView:
    id: int
    rep_email: str
    rep_name: str
    title: str
    competency: str | None
    playbook_item_id: int | None
    playbook_slug: str | None
    persona: str | None
    assigned_by_email: str | None
    assigned_on: date
    due_on: date | None
    status: str
    completed_on: date | None
    note: str | None
    overdue: bool

    @property
    def done(self) -> bool:
        return self.status == "done"

    def as_dict(self) -> dict[str, Any]:
        days = ("assigned_on", "due_on", "completed_on")
        return {k: (v.isoformat() if k in days and v is not None else v) for k, v in asdict(self).items()}


def _views(session: Session, where: Any, today: date) -> list[TrainingView]:
    by = User.__table__.alias("assigner")
    rows = session.execute(
        select(TrainingAssignment, User.email, User.name, by.c.email, PlaybookItem.slug)
        .join(User, User.id == TrainingAssignment.rep_id)
        .outerjoin(by, by.c.id == TrainingAssignment.assigned_by_id)
        .outerjoin(PlaybookItem, PlaybookItem.id == TrainingAssignment.playbook_item_id)
        .where(where)
        .order_by(TrainingAssignment.status, TrainingAssignment.due_on, TrainingAssignment.id)
    )
    return [
        TrainingView(
            t.id,
            email,
            name,
            t.title,
            t.competency,
            t.playbook_item_id,
            slug,
            t.persona,
            by_email,
            t.assigned_on,
            t.due_on,
            t.status,
            t.completed_on,
            t.note,
            is_overdue(t.due_on, status=t.status, today=today),
        )
        for t, email, name, by_email, slug in rows
    ]


def assign(
    db: Database,
    *,
    actor: Actor | None,
    rep_email: str,
    title: str,
    competency: str | None = None,
    persona: str | None = None,
    playbook_item_id: int | None = None,
    due_on: date | None = None,
    today: date | None = None,
) -> TrainingView:
    """Assign training to a rep (the rep's manager or a leader; the command line as no one); the playbook
    item must exist. Audited."""
    with db.session() as session:
        today = today or org_today(session)
        rep = find_rep(session, actor, rep_email)
        if actor is not None:
            require(
                can_coach(actor, rep.id, rep.team_id), "only the rep's manager or a leader assigns training"
            )
        draft = check_training(
            title=title, assigned_on=today, competency=competency, persona=persona, due_on=due_on
        )
        if playbook_item_id is not None and session.get(PlaybookItem, playbook_item_id) is None:
            raise CompetencyInvalid("playbook_item_id", f"there is no playbook item {playbook_item_id}")
        row = TrainingAssignment(
            rep_id=rep.id,
            title=draft.title,
            competency=draft.competency,
            persona=draft.persona,
            playbook_item_id=playbook_item_id,
            assigned_by_id=actor.user_id if actor else None,
            assigned_on=today,
            due_on=draft.due_on,
            status="assigned",
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor_id=actor.user_id if actor else None,
            action="training.assign",
            target=rep.email,
            details={"training": row.id, "title": draft.title[:80], "competency": draft.competency},
        )
        session.commit()
        return _views(session, TrainingAssignment.id == row.id, today)[0]


def list_training(
    db: Database,
    *,
    actor: Actor | None,
    rep_email: str | None = None,
    status: str | None = None,
    today: date | None = None,
) -> list[TrainingView]:
    """Return the assignments of the reps the actor may read (of one rep, with one status, when given):
    open before done, then by due day."""
    if status is not None:
        check_status(status)
    with db.read_session() as session:
        today = today or org_today(session)
        reps = visible_reps(select(User.id).where(User.role == "rep"), actor)
        if rep_email:
            reps = select(User.id).where(User.id == find_rep(session, actor, rep_email).id)
        where: Any = TrainingAssignment.rep_id.in_(reps)
        if status is not None:
            where = where & (TrainingAssignment.status == status)
        return _views(session, where, today)


def update(
    db: Database,
    *,
    actor: Actor | None,
    training_id: int,
    status: str | None = None,
    note: str | None = None,
    today: date | None = None,
) -> TrainingView:
    """Mark an assignment done (the rep, their manager or a leader; completed today) or assigned again (the
    manager or a leader only), and set the rep's note when given. Audited."""
    sales_visibility(actor, "training")
    with db.session() as session:
        today = today or org_today(session)
        found = session.execute(
            select(TrainingAssignment, User)
            .join(User, User.id == TrainingAssignment.rep_id)
            .where(TrainingAssignment.id == training_id)
        ).first()
        if found is None or (actor and not can_view_rep(actor, found[1].id, found[1].team_id)):
            raise CompetencyNotFound(f"no training assignment {training_id}")
        row, rep = found
        if actor is not None:
            require(can_complete(actor, rep.id, rep.team_id), "only the rep, their manager or a leader may")
        changes: dict[str, Any] = {}
        if status is not None and check_status(status) == "assigned" and actor is not None:
            require(can_coach(actor, rep.id, rep.team_id), "only the manager or a leader reopens training")
        if status is not None and status != row.status:
            row.status = status
            row.completed_on = today if status == "done" else None
            changes["status"] = status
        if note is not None:
            row.note = check_note(note)
            changes["note"] = (row.note or "")[:80]
        if changes:
            audit.record(
                session,
                actor_id=actor.user_id if actor else None,
                action="training.update",
                target=rep.email,
                details={"training": row.id, **changes},
            )
        session.commit()
        return _views(session, TrainingAssignment.id == row.id, today)[0]


def playbook_choices(db: Database) -> list[tuple[int, str]]:
    """Return the playbook items a training may point to, as (id, title), by title."""
    with db.read_session() as session:
        rows = session.execute(select(PlaybookItem.id, PlaybookItem.title).order_by(PlaybookItem.title))
        return [(item_id, title) for item_id, title in rows]
