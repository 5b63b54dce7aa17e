"""Recognition programs: leaders create and retire them; everyone with sales data reads them and the
standings of the reps they may see (a rep their own), computed from the rollups over the program's window."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.analytics.incentive_counts import activity_totals
from repfocus.analytics.scope import RepRef, rep_refs
from repfocus.domain.access import Actor, can_edit_targets, require, sales_visibility
from repfocus.domain.period import Period
from repfocus.domain.recognition import (
    Program,
    RecognitionInvalid,
    Standing,
    check_criterion,
    check_program,
    ranked,
    standing,
)
from repfocus.services import audit
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import RecognitionProgramRow, Team

__all__ = ["ProgramNotFound", "RecognitionInvalid"]


class ProgramNotFound(LookupError):
    """No such program (HTTP 404)."""


@dataclass(frozen=True, slots=True)
class ProgramView:
    id: int
    program: Program
    is_active: bool

    def as_dict(self) -> dict[str, Any]:
        p = self.program
        return {
            "id": self.id,
            "name": p.name,
            "description": p.description,
            "starts_on": p.starts_on.isoformat(),
            "ends_on": p.ends_on.isoformat(),
            "active": self.is_active,
            "criteria": [{**c.as_dict(), "label": c.label()} for c in p.criteria],
        }


@dataclass(frozen=True, slots=True)
class Standings:
    """A program's standings on `today`: the reps the viewer may see, qualified first, then by progress."""

    view: ProgramView
    today: date
    rows: tuple[tuple[RepRef, Standing], ...]

    @property
    def elapsed(self) -> float:
        return self.view.program.elapsed(self.today)

    @property
    def qualified(self) -> int:
        return sum(s.qualified for _, s in self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {
            "program": self.view.as_dict(),
            "today": self.today.isoformat(),
            "elapsed": round(self.elapsed, 4),
            "qualified": self.qualified,
            "reps": [
                {
                    "rep": rep.as_dict(),
                    "qualified": s.qualified,
                    "progress": round(s.share, 4),
                    "on_pace": s.on_pace(self.elapsed),
                    "criteria": [
                        {"label": p.criterion.label(), "value": p.value, "at_least": p.criterion.at_least}
                        | {"met": p.met}
                        for p in s.progress
                    ],
                }
                for rep, s in self.rows
            ],
        }


def _view(row: RecognitionProgramRow) -> ProgramView:
    criteria = tuple(check_criterion(c, field=f"criteria[{i}]") for i, c in enumerate(row.criteria))
    return ProgramView(
        row.id, Program(row.name, row.starts_on, row.ends_on, criteria, row.description), row.is_active
    )


def _row(session: Session, program_id: int) -> RecognitionProgramRow:
    row = session.get(RecognitionProgramRow, program_id)
    if row is None:
        raise ProgramNotFound(f"no recognition program {program_id}")
    return row


def _leader(actor: Actor | None) -> None:
    if actor is not None:
        sales_visibility(actor, "recognition")
        require(can_edit_targets(actor), "only leaders set recognition programs")


def list_programs(db: Database, *, actor: Actor | None, include_inactive: bool = False) -> list[ProgramView]:
    """Return the programs, latest window first (retired ones only when asked)."""
    sales_visibility(actor, "recognition")
    with db.read_session() as session:
        stmt = select(RecognitionProgramRow).order_by(
            RecognitionProgramRow.ends_on.desc(), RecognitionProgramRow.id
        )
        if not include_inactive:
            stmt = stmt.where(RecognitionProgramRow.is_active.is_(True))
        return [_view(r) for r in session.scalars(stmt)]


def create_program(db: Database, *, actor: Actor | None, definition: Mapping[str, Any]) -> ProgramView:
    """Store a new program after checking it (leaders only; the command line may). Audited."""
    _leader(actor)
    program = check_program(definition)
    with db.session() as session:
        row = RecognitionProgramRow(
            name=program.name,
            description=program.description,
            starts_on=program.starts_on,
            ends_on=program.ends_on,
            criteria=[c.as_dict() for c in program.criteria],
            is_active=True,
            created_by=actor.user_id if actor else None,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor_id=actor.user_id if actor else None,
            action="recognition.create",
            target=row.name,
            details={"program": row.id, "criteria": [c.label() for c in program.criteria]},
        )
        session.commit()
        return _view(row)


def retire_program(db: Database, *, actor: Actor | None, program_id: int) -> ProgramView:
    """Take a program off the list; its standings stay readable (leaders only). Audited."""
    _leader(actor)
    with db.session() as session:
        row = _row(session, program_id)
        if row.is_active:
            row.is_active = False
            audit.record(
                session,
                actor_id=actor.user_id if actor else None,
                action="recognition.retire",
                target=row.name,
                details={"program": row.id},
            )
        session.commit()
        return _view(row)


def standings(
    db: Database, *, actor: Actor | None, program_id: int, team: str | None = None, today: date | None = None
) -> Standings:
    """Return the standings of every active rep the actor may see (of one team when given) over the
    program's window (activities after `today` do not exist yet), qualified first, then by progress."""
    visible = sales_visibility(actor, "recognition")
    with db.read_session() as session:
        view = _view(_row(session, program_id))
        today = today or datetime.now(org_zone(session)).date()
        program = view.program
        if team is not None and session.scalar(select(Team.id).where(Team.name == team)) is None:
            raise RecognitionInvalid("team", f"no team named {team!r}")
        reps = rep_refs(session, team=team, visible=visible)
        categories = [cat for c in program.criteria for cat in c.categories]
        totals = activity_totals(
            session,
            period=Period(program.starts_on, program.ends_on),
            rep_ids=[r.rep_id for r in reps],
            categories=categories,
        )
        none: tuple[dict[str, int], dict[str, int]] = ({}, {})
        rows = []
        for rep in reps:
            minutes, counts = totals.get(rep.rep_id, none)
            rows.append((rep, standing(program, minutes=minutes, counts=counts)))
        return Standings(view, today, tuple(ranked(rows)))
