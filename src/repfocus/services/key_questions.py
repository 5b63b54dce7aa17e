"""The leader's key questions: answer them (each answer is kept with its date) and read the checklist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, is_leader, require
from repfocus.domain.diagnosis import ANSWERS, KEY_QUESTIONS, QUESTIONS_BY_CODE, KeyQuestion
from repfocus.store.db import Database
from repfocus.store.models import KeyQuestionAnswer


class AnswerRejected(ValueError):
    """The question is unknown or the answer is not yes, no or unsure."""


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """A key question with its latest answer (None when never answered)."""

    question: KeyQuestion
    answer: str | None
    answered_on: date | None
    note: str | None


def latest_answers(session: Session, *, until: date | None = None) -> dict[str, tuple[str, date]]:
    """Return {question code: (answer, answered on)} of the latest answer to each question up to `until`."""
    stmt = select(KeyQuestionAnswer).order_by(KeyQuestionAnswer.answered_on, KeyQuestionAnswer.id)
    if until is not None:
        stmt = stmt.where(KeyQuestionAnswer.answered_on <= until)
    return {row.question: (row.answer, row.answered_on) for row in session.scalars(stmt)}


def checklist(db: Database, *, actor: Actor | None) -> list[ChecklistItem]:
    """Return every key question, grouped by cause, with its latest answer (for leaders and managers)."""
    if actor is not None:
        require(actor.role in ("leader", "manager"), "the key questions are for leaders and managers")
    with db.session() as session:
        rows = {
            r.question: r
            for r in session.scalars(
                select(KeyQuestionAnswer).order_by(KeyQuestionAnswer.answered_on, KeyQuestionAnswer.id)
            )
        }
    out = []
    for q in KEY_QUESTIONS:
        row = rows.get(q.code)
        out.append(
            ChecklistItem(
                q, row.answer if row else None, row.answered_on if row else None, row.note if row else None
            )
        )
    return out


def answer_key_questions(
    db: Database,
    *,
    actor: Actor | None,
    answers: dict[str, str],
    answered_on: date,
    answered_by: str = "",
    notes: dict[str, str] | None = None,
) -> int:
    """Store the given answers (question code -> yes|no|unsure) dated `answered_on`; return how many changed.

    An answer equal to the question's latest one is not stored again; an empty answer is skipped.
    """
    if actor is not None:
        require(is_leader(actor), "the leader answers the key questions")
        answered_by = answered_by or actor.email
    notes = notes or {}
    for code, answer in answers.items():
        if code not in QUESTIONS_BY_CODE:
            raise AnswerRejected(f"unknown key question {code!r}; known: {', '.join(QUESTIONS_BY_CODE)}")
        if answer and answer not in ANSWERS:
            raise AnswerRejected(f"{code}: answer must be one of {', '.join(ANSWERS)}, got {answer!r}")
    stored = 0
    with db.session() as session:
        latest = latest_answers(session)
        for code, answer in answers.items():
            note = (notes.get(code) or "").strip() or None
            if not answer or (latest.get(code, ("", None))[0] == answer and note is None):
                continue
            session.add(
                KeyQuestionAnswer(
                    question=code, answer=answer, note=note, answered_on=answered_on, answered_by=answered_by
                )
            )
            stored += 1
        session.commit()
    return stored
