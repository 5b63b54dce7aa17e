"""/api/v1/diagnosis: the diagnosis the CLI and the pages give; snapshots; follow-up tasks; key questions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from repfocus.api.auth import token_actor
from repfocus.api.params import RowId, day_query
from repfocus.domain.access import Actor
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.services import diagnosis as service
from repfocus.services import diagnosis_snapshots as snapshots
from repfocus.services import follow_ups, key_questions, reporting

router = APIRouter(prefix="/diagnosis", tags=["diagnosis"])
ACTOR = Depends(token_actor)


class FollowUpCreate(BaseModel):
    remedy: str = Field(description="Remedy code from a finding, e.g. coach_persona")
    rep_email: str | None = Field(None, description="The rep; empty for an organization-level task")
    due_on: date | None = Field(None, description="Default: today plus the remedy's usual days")
    period_from: date | None = None
    period_to: date | None = None


class SnapshotCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    team: str | None = Field(None, description="Only this team's reps; default: every rep you see")
    rep_email: str | None = Field(None, description="Only this rep")
    period_from: date | None = Field(None, description="Default: 13 weeks before period_to")
    period_to: date | None = Field(None, description="Default: as for GET /diagnosis")


class SnapshotSavedRead(BaseModel):
    period: dict[str, str] = Field(description='{"from": date, "to": date}')
    saved: int = Field(description="How many reps' snapshots were stored")
    reps: list[str] = Field(description="Their emails")


class KeyQuestionAnswers(BaseModel):
    answers: dict[str, str] = Field(description="question code -> yes | no | unsure")
    notes: dict[str, str] = Field(default_factory=dict)
    answered_on: date | None = None


def invalid(loc: tuple[str, ...], message: str, value: object) -> RequestValidationError:
    """Return the documented 422 (FastAPI's validation-error shape) naming the field at fault."""
    return RequestValidationError([{"loc": loc, "msg": message, "type": "value_error", "input": str(value)}])


def _period(
    request: Request, date_from: date | None, date_to: date | None, loc: tuple[str, ...] = ("query", "from")
) -> Period:
    default = reporting.default_period(request.app.state.db)
    try:
        end = date_to or default.end
        return Period(date_from or Period.last_weeks(13, today=end).start, end)
    except PeriodInvalid as exc:
        raise invalid(loc, str(exc), date_from) from exc


@router.get("")
def diagnosis(
    request: Request,
    team: str | None = None,
    rep: str | None = None,
    date_from: date | None = day_query("from", "First day (default: 13 weeks before `to`)."),
    date_to: date | None = day_query("to", "Last day (default: end of this week)."),
    actor: Actor = ACTOR,
) -> dict[str, Any]:
    """{"period", "organization_findings", "reps": [{"email", "findings": [{"cause", "severity",
    "confidence", "evidence", "remedies"}], "moved": [{"signal", "label", "before", "now", "direction",
    "since": {"from", "to"}}], "competency_gaps": [{"competency", "label", "score", "rated_on", "change",
    "evidence"}]}]}, findings ranked worst first; "moved" compares the signals behind the rep's latest saved
    diagnosis of an earlier period with now; "competency_gaps" are the manager's ratings that need training.
    Reads only: saving the diagnosis as a snapshot is POST /diagnosis/snapshots."""
    period = _period(request, date_from, date_to)
    try:
        th = service.configured_thresholds(request.app.state.settings.diagnosis_thresholds or None)
        return service.diagnose(
            request.app.state.db, actor=actor, period=period, team=team, rep_email=rep, thresholds=th
        ).as_dict()
    except service.RepNotFound as exc:
        raise HTTPException(404, str(exc)) from exc


@router.post("/snapshots", status_code=201)
def save_snapshot(request: Request, body: SnapshotCreate, actor: Actor = ACTOR) -> SnapshotSavedRead:
    """Save the diagnosis of the selected reps for the period as their snapshot (replacing an earlier save
    of the same period); the next diagnosis of a later period shows what moved since. GET never saves."""
    period = _period(request, body.period_from, body.period_to, loc=("body", "period_from"))
    try:
        th = service.configured_thresholds(request.app.state.settings.diagnosis_thresholds or None)
        saved = snapshots.save_diagnosis(
            request.app.state.db,
            actor=actor,
            period=period,
            team=body.team,
            rep_email=body.rep_email,
            thresholds=th,
        )
    except service.RepNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    except snapshots.SnapshotRejected as exc:
        raise invalid(("body", "team"), str(exc), body.team) from exc
    return SnapshotSavedRead.model_validate(saved.as_dict())


@router.get("/follow-ups")
def list_follow_ups(
    request: Request, rep: str | None = None, open_only: bool = False, actor: Actor = ACTOR
) -> list[dict[str, Any]]:
    """The manager's follow-up tasks, soonest due first."""
    return [
        t.as_dict()
        for t in follow_ups.list_follow_ups(
            request.app.state.db, actor=actor, rep_email=rep, open_only=open_only
        )
    ]


@router.post("/follow-ups", status_code=201)
def create_follow_up(request: Request, body: FollowUpCreate, actor: Actor = ACTOR) -> dict[str, Any]:
    """Turn a remedy into a dated task for the manager."""
    try:
        period = Period(body.period_from, body.period_to) if body.period_from and body.period_to else None
    except PeriodInvalid as exc:
        raise invalid(("body", "period_to"), str(exc), body.period_to) from exc
    try:
        task = follow_ups.create_follow_up(
            request.app.state.db,
            actor=actor,
            remedy=body.remedy,
            rep_email=body.rep_email,
            period=period,
            due_on=body.due_on,
        )
    except follow_ups.FollowUpRejected as exc:
        field = "remedy" if "remedy" in str(exc) else "rep_email"
        raise invalid(("body", field), str(exc), getattr(body, field)) from exc
    return task.as_dict()


@router.post("/follow-ups/{task_id}/done", status_code=204)
def complete_follow_up(request: Request, task_id: RowId, actor: Actor = ACTOR) -> None:
    """Mark a follow-up task done (its cause then counts as addressed)."""
    try:
        follow_ups.complete_follow_up(request.app.state.db, actor=actor, task_id=task_id)
    except follow_ups.FollowUpRejected as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("/key-questions")
def checklist(request: Request, actor: Actor = ACTOR) -> list[dict[str, Any]]:
    """Every key question with its cause and latest answer."""
    return [
        {
            "code": i.question.code,
            "cause": i.question.cause,
            "text": i.question.text,
            "answer": i.answer,
            "answered_on": i.answered_on.isoformat() if i.answered_on else None,
            "note": i.note,
        }
        for i in key_questions.checklist(request.app.state.db, actor=actor)
    ]


@router.post("/key-questions")
def answer(request: Request, body: KeyQuestionAnswers, actor: Actor = ACTOR) -> dict[str, int]:
    """Store answers (yes | no | unsure), dated; returns how many were stored."""
    try:
        stored = key_questions.answer_key_questions(
            request.app.state.db,
            actor=actor,
            answers=body.answers,
            notes=body.notes,
            answered_on=body.answered_on or datetime.now(UTC).date(),
        )
    except key_questions.AnswerRejected as exc:
        raise invalid(("body", "answers"), str(exc), body.answers) from exc
    return {"stored": stored}
