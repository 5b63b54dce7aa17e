"""Diagnosis pages: team overview grid, rep card, organization findings, key questions, printable report;
the button that saves the diagnosis on screen as a snapshot."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from repfocus.domain.access import Actor
from repfocus.domain.competencies import COMPETENCY_LABELS
from repfocus.domain.diagnosis import CAUSES, ThresholdsInvalid
from repfocus.domain.diagnosis.model import CAUSE_LABELS
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.services import competencies, follow_ups, key_questions, reporting
from repfocus.services import diagnosis as service
from repfocus.services import diagnosis_snapshots as snapshots
from repfocus.web.auth import sales_actor
from repfocus.web.params import RowId
from repfocus.web.templating import templates

router = APIRouter(prefix="/diagnosis")
ACTOR = Depends(sales_actor)


def _period(request: Request, start: str | None, end: str | None) -> Period:
    try:
        default = reporting.default_period(request.app.state.db)
        to_day = date.fromisoformat(end) if end else default.end
        from_day = date.fromisoformat(start) if start else Period.last_weeks(13, today=to_day).start
        return Period(from_day, to_day)
    except (ValueError, PeriodInvalid) as exc:
        raise HTTPException(400, f"bad period: {exc}; use YYYY-MM-DD with from before to") from exc


def _thresholds(request: Request) -> Any:
    try:
        return service.configured_thresholds(request.app.state.settings.diagnosis_thresholds or None)
    except ThresholdsInvalid as exc:
        raise HTTPException(500, str(exc)) from exc


def _context(period: Period, **extra: Any) -> dict[str, Any]:
    return {"period": period, "causes": CAUSES, "cause_labels": CAUSE_LABELS, **extra}


@router.get("", response_class=HTMLResponse)
def overview(
    request: Request,
    team: str | None = None,
    start: str | None = None,
    end: str | None = None,
    saved: int | None = None,
    actor: Actor = ACTOR,
) -> Any:
    """Reps × causes with severity (sortable), then the organization's findings."""
    period = _period(request, start, end)
    view = service.overview(
        request.app.state.db, actor=actor, period=period, team=team, thresholds=_thresholds(request)
    )
    return templates.TemplateResponse(
        request,
        "diagnosis/index.html",
        _context(period, report=view.report, tasks=view.open_tasks, team=team or "", saved=saved),
    )


@router.get("/print", response_class=HTMLResponse)
def printable(
    request: Request,
    team: str | None = None,
    start: str | None = None,
    end: str | None = None,
    actor: Actor = ACTOR,
) -> Any:
    """The whole diagnosis on one page, laid out for paper."""
    period = _period(request, start, end)
    report = service.diagnose(
        request.app.state.db, actor=actor, period=period, team=team, thresholds=_thresholds(request)
    )
    return templates.TemplateResponse(
        request, "diagnosis/print.html", _context(period, report=report, team=team)
    )


@router.get("/reps/{email}", response_class=HTMLResponse)
def rep(
    request: Request,
    email: str,
    start: str | None = None,
    end: str | None = None,
    saved: int | None = None,
    actor: Actor = ACTOR,
) -> Any:
    """One rep's findings with the evidence charted, the remedies and their follow-up tasks."""
    period = _period(request, start, end)
    try:
        card = service.rep_card(
            request.app.state.db, actor=actor, period=period, rep_email=email, thresholds=_thresholds(request)
        )
    except service.RepNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    charts = {
        name: service.chart_data(card.diagnosis.signals.get(name))
        for f in card.diagnosis.findings
        for name in f.signals
    }
    # the manager's ratings beside the measured signals: what the numbers cannot see (cause 3)
    skills = competencies.rep_grid(request.app.state.db, actor=actor, rep_email=card.diagnosis.email)
    return templates.TemplateResponse(
        request,
        "diagnosis/rep.html",
        _context(
            period,
            card=card,
            rep=card.diagnosis,
            charts=charts,
            labels=service.SIGNAL_LABELS,
            saved=saved,
            skills=skills,
            skill_labels=COMPETENCY_LABELS,
        ),
    )


@router.post("/snapshots")
def save_snapshot(
    request: Request,
    team: str = Form(""),
    rep_email: str = Form(""),
    start: str = Form(""),
    end: str = Form(""),
    actor: Actor = ACTOR,
) -> RedirectResponse:
    """Save the diagnosis on screen as the snapshot a later diagnosis compares with, then show it again."""
    period = _period(request, start or None, end or None)
    try:
        saved = snapshots.save_diagnosis(
            request.app.state.db,
            actor=actor,
            period=period,
            team=team or None,
            rep_email=rep_email or None,
            thresholds=_thresholds(request),
        )
    except service.RepNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    except snapshots.SnapshotRejected as exc:
        raise HTTPException(422, str(exc)) from exc
    query = {"start": period.start, "end": period.end, **({"team": team} if team else {})}
    path = f"/diagnosis/reps/{quote(rep_email)}" if rep_email else "/diagnosis"
    return RedirectResponse(f"{path}?{urlencode({**query, 'saved': len(saved.reps)})}", status_code=303)


@router.post("/follow-ups")
def create_follow_up(
    request: Request,
    remedy: str = Form(...),
    rep_email: str = Form(""),
    due_on: str = Form(""),
    back: str = Form("/diagnosis"),
    actor: Actor = ACTOR,
) -> RedirectResponse:
    """Make a remedy a dated task for the manager, then go back to the page the button was on."""
    try:
        due = date.fromisoformat(due_on) if due_on else None
        follow_ups.create_follow_up(
            request.app.state.db, actor=actor, remedy=remedy, rep_email=rep_email or None, due_on=due
        )
    except (ValueError, follow_ups.FollowUpRejected) as exc:
        raise HTTPException(422, str(exc)) from exc
    return RedirectResponse(back if back.startswith("/diagnosis") else "/diagnosis", status_code=303)


@router.post("/follow-ups/{task_id}/done")
def complete_follow_up(
    request: Request, task_id: RowId, back: str = Form("/diagnosis"), actor: Actor = ACTOR
) -> RedirectResponse:
    """Mark a follow-up task done."""
    try:
        follow_ups.complete_follow_up(request.app.state.db, actor=actor, task_id=task_id)
    except follow_ups.FollowUpRejected as exc:
        raise HTTPException(404, str(exc)) from exc
    return RedirectResponse(back if back.startswith("/diagnosis") else "/diagnosis", status_code=303)


@router.get("/questions", response_class=HTMLResponse)
def questions(request: Request, saved: int | None = None, actor: Actor = ACTOR) -> Any:
    """The leader's key questions per cause, with the latest answers and their dates."""
    items = key_questions.checklist(request.app.state.db, actor=actor)
    return templates.TemplateResponse(
        request, "diagnosis/questions.html", {"items": items, "cause_labels": CAUSE_LABELS, "saved": saved}
    )


@router.post("/questions")
async def answer_questions(request: Request, actor: Actor = ACTOR) -> RedirectResponse:
    """Store the checklist answers, dated today."""
    form = await request.form()
    answers = {k[7:]: str(v) for k, v in form.items() if k.startswith("answer:")}  # csrf_token is skipped
    notes = {k[5:]: str(v) for k, v in form.items() if k.startswith("note:")}
    try:
        stored = key_questions.answer_key_questions(
            request.app.state.db,
            actor=actor,
            answers=answers,
            notes=notes,
            answered_on=datetime.now(UTC).date(),
        )
    except key_questions.AnswerRejected as exc:
        raise HTTPException(422, str(exc)) from exc
    return RedirectResponse(f"/diagnosis/questions?saved={stored}", status_code=303)
