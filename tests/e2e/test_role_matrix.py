"""THE ROLE MATRIX: every page and API route, as every persona, is allowed or denied as declared here.

A route registered on the app (pages, mounts and the API sub-app) without a row in MATRIX fails
`test_every_route_has_an_access_rule`; a row for a route that no longer exists fails it too.

To add a route: add a Rule keyed by (METHOD, path pattern as registered). `url` fills the path
parameters (a callable gets the World, e.g. to make a fresh object owned by the subject rep);
`data` is the form or JSON body. The subject of every per-rep route is world's `rep` (team A):
`manager` manages team A, `other_manager` manages team B. Expected statuses per persona:
pages send anonymous visitors to /login (303), the API answers 401; denied is 403, or 404 where
the thing's existence must not leak.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.routing import Mount, Route

from repfocus.services import (
    coaching,
    follow_ups,
    hiring,
    incentives,
    plan_edits,
    plan_milestones,
    plan_shares,
    recognition,
    users,
)
from repfocus.services.playbook_files import load_starter_playbook
from repfocus.store.models import Account, Contact
from tests.e2e.conftest import PASSWORD, PERSONAS, World
from tests.factories import make_account, make_contact


@dataclass(frozen=True)
class Rule:
    """Expected status per persona; `url` (str or World -> str) and `data` build the request."""

    anonymous: int
    rep: int
    other_manager: int
    manager: int
    leader: int
    delivery: int
    url: str | Callable[[World], str] | None = None
    data: dict[str, Any] | None = None
    json: dict[str, Any] | list[Any] | None = None
    bearer: bool = False  # API routes: send the persona's write token, not the session
    query: dict[str, str] = field(default_factory=dict)

    def expected(self, persona: str) -> int:
        return int(getattr(self, persona))


def everyone(status: int, *, anonymous: int | None = None, **kw: Any) -> Rule:
    a = status if anonymous is None else anonymous
    return Rule(a, status, status, status, status, status, **kw)


PAGE = 303  # anonymous page visitors are redirected to /login
API_ANON = 401

MATRIX: dict[tuple[str, str], Rule] = {
    # --- public
    ("GET", "/login"): everyone(200),
    ("POST", "/login"): everyone(401, data={"email": "nobody@example.com", "password": "wrong password!"}),
    ("POST", "/logout"): everyone(303),
    ("GET", "/static"): everyone(200, url="/static/app.css"),
    ("GET", "/api/docs"): everyone(200),
    ("GET", "/api/v1/openapi.json"): everyone(200),
    # --- pages
    ("GET", "/"): Rule(PAGE, 200, 200, 200, 200, 403),
    ("GET", "/dashboard.csv"): Rule(PAGE, 200, 200, 200, 200, 403),
    ("GET", "/activities/export.csv"): Rule(PAGE, 200, 200, 200, 200, 403),
    ("GET", "/reps"): Rule(PAGE, 200, 200, 200, 200, 403),
    ("GET", "/reps/{rep_id}"): Rule(PAGE, 200, 404, 200, 200, 403, url=lambda w: f"/reps/{w.ids['rep']}"),
    ("GET", "/tokens"): Rule(PAGE, 200, 200, 200, 200, 200),
    ("POST", "/tokens"): Rule(PAGE, 201, 201, 201, 201, 201, data={"scope": "read", "expires_days": "5"}),
    ("POST", "/tokens/{token_id}/revoke"): Rule(
        PAGE, 303, 404, 404, 303, 404, url=lambda w: f"/tokens/{w.token_id('rep')}/revoke"
    ),
    ("GET", "/audit"): Rule(PAGE, 403, 403, 403, 200, 403),
    ("GET", "/imports"): Rule(PAGE, 200, 200, 200, 200, 403),
    # no file sent: 422 means the request got past sign-in and the role check
    ("POST", "/imports/preview"): Rule(PAGE, 422, 422, 422, 422, 403),
    ("POST", "/imports/{token}/commit"): Rule(PAGE, 404, 404, 404, 404, 403, url="/imports/expired/commit"),
    ("GET", "/imports/jobs/{job_id}"): Rule(PAGE, 404, 404, 404, 404, 403, url="/imports/jobs/unknown"),
    ("GET", "/targets"): Rule(PAGE, 200, 200, 200, 200, 403),
    ("POST", "/targets/bullseye"): Rule(
        PAGE, 403, 403, 403, 303, 403, data={"target_personas": "it_executive"}
    ),
    ("POST", "/targets/set"): Rule(
        PAGE, 403, 403, 403, 303, 403, data={"team": "Team A", "assignment": "bucket_share.selling=0.4"}
    ),
    ("GET", "/measures/team"): Rule(PAGE, 200, 200, 200, 200, 403),
    ("POST", "/api/v1/activities/import"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True, json=[]),
    ("GET", "/measures/team.csv"): Rule(PAGE, 200, 200, 200, 200, 403),
    ("GET", "/measures/reps/{rep_id}"): Rule(
        PAGE, 200, 404, 200, 200, 403, url=lambda w: f"/measures/reps/{w.ids['rep']}"
    ),
    ("GET", "/measures/reps/{rep_id}.csv"): Rule(
        PAGE, 200, 404, 200, 200, 403, url=lambda w: f"/measures/reps/{w.ids['rep']}.csv"
    ),
    # --- API (bearer tokens only)
    ("GET", "/api/v1/me"): Rule(API_ANON, 200, 200, 200, 200, 200, bearer=True),
    ("GET", "/api/v1/activities/export"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True),
    ("GET", "/api/v1/reports/allocation"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True),
    **{
        ("GET", f"/api/v1/reports/{name}"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True)
        for name in ("measures", "bullseye", "cadence", "funnel", "persistence", "trend")
    },
    ("GET", "/api/v1/bullseye"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True),
    ("GET", "/api/v1/bullseye/history"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True),
    ("PUT", "/api/v1/bullseye"): Rule(
        API_ANON,
        403,
        403,
        403,
        200,
        403,
        bearer=True,
        json={"bullseye": {"target_personas": ["it_executive"]}},
    ),
    ("GET", "/api/v1/targets"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True),
    ("PUT", "/api/v1/targets"): Rule(
        API_ANON,
        403,
        403,
        403,
        200,
        403,
        bearer=True,
        json={"team": "Team A", "targets": [{"metric": "bucket_share", "key": "selling", "value": 0.4}]},
    ),
}


def _playbook(w: World, path: str) -> str:
    """Load the starter playbook and a buyer contact (both idempotent), then return `path`."""
    load_starter_playbook(w.db)
    with w.db.session() as s:
        if s.scalar(select(Contact.id).where(Contact.email == BUYER)) is None:
            account = make_account(s, name="Globex")
            make_contact(s, account_id=account.id, name="Dana Buyer", email=BUYER)
            s.commit()
    return path


BUYER = "dana@globex.example"
TEMPLATE = "email-cold-intro-it-hiring-manager"
SALES = {"rep": 200, "other_manager": 200, "manager": 200, "leader": 200, "delivery": 403}


def sales_page(path: str, **kw: Any) -> Rule:
    return Rule(PAGE, 200, 200, 200, 200, 403, url=lambda w: _playbook(w, path), **kw)


def sales_api(path: str, status: int = 200, **kw: Any) -> Rule:
    return Rule(
        API_ANON, status, status, status, status, 403, url=lambda w: _playbook(w, path), bearer=True, **kw
    )


def editor_page(path: str) -> Rule:
    return Rule(PAGE, 403, 200, 200, 200, 403, url=lambda w: _playbook(w, path))


ITEM_FORM = {"kind": "insight", "title": "Matrix editor item", "body": "Written in the *editor*."}
ITEM_JSON = {"kind": "insight", "title": "Matrix insight", "body": "Written by the access matrix."}
MATRIX.update(
    {
        ("GET", "/playbook"): sales_page("/playbook"),
        ("GET", "/playbook/results"): sales_page("/playbook/results?q=rate"),
        ("GET", "/playbook/items/{slug}"): sales_page("/playbook/items/objection-rates-too-high"),
        ("GET", "/playbook/templates/{slug}"): sales_page(f"/playbook/templates/{TEMPLATE}?contact={BUYER}"),
        ("POST", "/playbook/templates/{slug}/use"): Rule(
            PAGE,
            303,
            303,
            303,
            303,
            403,
            url=lambda w: _playbook(w, f"/playbook/templates/{TEMPLATE}/use"),
            data={"contact": BUYER},
        ),
        ("GET", "/playbook/personas/{key}"): sales_page("/playbook/personas/it_hiring_manager"),
        ("GET", "/playbook/next"): sales_page(f"/playbook/next?contact={BUYER}"),
        ("GET", "/playbook/usage"): sales_page("/playbook/usage"),
        ("POST", "/playbook/items/{slug}/copied"): Rule(
            PAGE,
            204,
            204,
            204,
            204,
            403,
            url=lambda w: _playbook(w, "/playbook/items/objection-rates-too-high/copied"),
        ),
        # the editor: leaders and managers (any team: the playbook is the organization's)
        ("GET", "/playbook/new"): Rule(PAGE, 403, 200, 200, 200, 403),
        ("POST", "/playbook/new"): Rule(PAGE, 403, 303, 303, 303, 403, data=ITEM_FORM),
        ("GET", "/playbook/items/{slug}/edit"): editor_page("/playbook/items/objection-rates-too-high/edit"),
        ("POST", "/playbook/items/{slug}/edit"): Rule(
            PAGE,
            403,
            303,
            303,
            303,
            403,
            url=lambda w: _playbook(w, "/playbook/items/objection-rates-too-high/edit"),
            data={**ITEM_FORM, "kind": "objection_response", "title": "Rates: edited by the matrix"},
        ),
        ("POST", "/playbook/preview"): Rule(PAGE, 403, 200, 200, 200, 403, data={"body": "**bold**"}),
        ("GET", "/api/v1/playbook/items"): sales_api("/api/v1/playbook/items", query={"q": "rate"}),
        ("GET", "/api/v1/playbook/items/{slug}"): sales_api(
            "/api/v1/playbook/items/objection-rates-too-high"
        ),
        ("PUT", "/api/v1/playbook/items/{slug}"): Rule(
            API_ANON,
            403,
            200,
            200,
            200,
            403,
            url="/api/v1/playbook/items/matrix-insight",
            json=ITEM_JSON,
            bearer=True,
        ),
        ("POST", "/api/v1/playbook/items/{slug}/uses"): sales_api(
            "/api/v1/playbook/items/objection-rates-too-high/uses", 201, json={"action": "copy"}
        ),
        ("GET", "/api/v1/playbook/personas"): sales_api("/api/v1/playbook/personas"),
        ("GET", "/api/v1/playbook/personas/{key}"): sales_api("/api/v1/playbook/personas/procurement"),
        ("POST", "/api/v1/playbook/render"): sales_api(
            "/api/v1/playbook/render", json={"contact_email": BUYER, "slug": TEMPLATE}
        ),
        ("POST", "/api/v1/playbook/templates/{slug}/use"): sales_api(
            f"/api/v1/playbook/templates/{TEMPLATE}/use", 201, json={"contact_email": BUYER}
        ),
        ("GET", "/api/v1/playbook/next-best"): sales_api(
            "/api/v1/playbook/next-best", query={"contact": BUYER}
        ),
        ("GET", "/api/v1/playbook/usage"): sales_api("/api/v1/playbook/usage"),
    }
)


# --- diagnosis: reps read their own; managers save it and make and close tasks for their team; the leader
# answers the key questions
def _task_for_rep(w: World) -> int:
    return follow_ups.create_follow_up(w.db, actor=None, remedy="coach_persona", rep_email=w.emails["rep"]).id


_TASK = {"remedy": "coach_persona"}
MATRIX.update(
    {
        ("GET", "/diagnosis"): Rule(PAGE, 200, 200, 200, 200, 403),
        ("GET", "/diagnosis/print"): Rule(PAGE, 200, 200, 200, 200, 403),
        ("GET", "/diagnosis/questions"): Rule(PAGE, 403, 200, 200, 200, 403),
        ("POST", "/diagnosis/questions"): Rule(
            PAGE, 403, 403, 403, 303, 403, data={"answer:cadence_known": "yes"}
        ),
        ("GET", "/diagnosis/reps/{email}"): Rule(
            PAGE, 200, 404, 200, 200, 403, url=lambda w: f"/diagnosis/reps/{w.emails['rep']}"
        ),
        ("POST", "/diagnosis/snapshots"): Rule(PAGE, 403, 303, 303, 303, 403, data={}),
        ("POST", "/diagnosis/follow-ups"): Rule(
            PAGE, 403, 403, 303, 303, 403, data={**_TASK, "rep_email": "rep@example.com"}
        ),
        ("POST", "/diagnosis/follow-ups/{task_id}/done"): Rule(
            PAGE, 403, 403, 303, 303, 403, url=lambda w: f"/diagnosis/follow-ups/{_task_for_rep(w)}/done"
        ),
        ("GET", "/api/v1/diagnosis"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True),
        ("POST", "/api/v1/diagnosis/snapshots"): Rule(
            API_ANON, 403, 201, 201, 201, 403, bearer=True, json={}
        ),
        ("GET", "/api/v1/diagnosis/follow-ups"): Rule(API_ANON, 403, 200, 200, 200, 403, bearer=True),
        ("POST", "/api/v1/diagnosis/follow-ups"): Rule(
            API_ANON, 403, 403, 201, 201, 403, bearer=True, json={**_TASK, "rep_email": "rep@example.com"}
        ),
        ("POST", "/api/v1/diagnosis/follow-ups/{task_id}/done"): Rule(
            API_ANON,
            403,
            403,
            204,
            204,
            403,
            bearer=True,
            url=lambda w: f"/api/v1/diagnosis/follow-ups/{_task_for_rep(w)}/done",
        ),
        ("GET", "/api/v1/diagnosis/key-questions"): Rule(API_ANON, 403, 200, 200, 200, 403, bearer=True),
        ("POST", "/api/v1/diagnosis/key-questions"): Rule(
            API_ANON, 403, 403, 403, 200, 403, bearer=True, json={"answers": {"cadence_known": "yes"}}
        ),
    }
)


# --- coaching: reps read their own; the rep's manager and leaders record sessions and tick action items
def _coaching_action(w: World) -> int:
    due = date.today() + timedelta(days=7)
    made = coaching.add_session(
        w.db,
        actor=None,
        rep_email=w.emails["rep"],
        coach_email=w.emails["manager"],
        focus="competencies",
        actions=[coaching.ActionDraft("Matrix action", due)],
    )
    return made.actions[0].id


_COACHING = {"rep_email": "rep@example.com", "focus": "competencies"}
MATRIX.update(
    {
        ("GET", "/coaching"): Rule(PAGE, 200, 200, 200, 200, 403),
        ("GET", "/coaching/reps/{email}"): Rule(
            PAGE, 200, 404, 200, 200, 403, url=lambda w: f"/coaching/reps/{w.emails['rep']}?focus=dna"
        ),
        ("POST", "/coaching/reps/{email}/sessions"): Rule(
            PAGE,
            403,
            404,
            303,
            303,
            403,
            url=lambda w: f"/coaching/reps/{w.emails['rep']}/sessions",
            data=_COACHING,
        ),
        **{
            ("POST", f"/coaching/actions/{{action_id}}/{state}"): Rule(
                PAGE,
                403,
                404,
                303,
                303,
                403,
                url=lambda w, state=state: f"/coaching/actions/{_coaching_action(w)}/{state}",
            )
            for state in ("done", "undone")
        },
        ("GET", "/api/v1/coaching/sessions"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True),
        ("POST", "/api/v1/coaching/sessions"): Rule(
            API_ANON, 403, 404, 201, 201, 403, bearer=True, json=_COACHING
        ),
        **{
            ("POST", f"/api/v1/coaching/actions/{{action_id}}/{state}"): Rule(
                API_ANON,
                403,
                404,
                200,
                200,
                403,
                bearer=True,
                url=lambda w, state=state: f"/api/v1/coaching/actions/{_coaching_action(w)}/{state}",
            )
            for state in ("done", "undone")
        },
    }
)


# --- competencies and training: reps read their own and mark their training done; the rep's manager and
# leaders rate and assign
def _training_for_rep(w: World) -> int:
    from repfocus.services import training

    return training.assign(w.db, actor=None, rep_email=w.emails["rep"], title="Matrix training").id


_RATING = {"competency": "negotiation", "score": "3"}
MATRIX.update(
    {
        ("GET", "/coaching/competencies"): Rule(PAGE, 200, 200, 200, 200, 403),
        ("GET", "/coaching/competencies/{email}"): Rule(
            PAGE, 200, 404, 200, 200, 403, url=lambda w: f"/coaching/competencies/{w.emails['rep']}"
        ),
        ("POST", "/coaching/competencies/{email}/ratings"): Rule(
            PAGE,
            403,
            404,
            303,
            303,
            403,
            url=lambda w: f"/coaching/competencies/{w.emails['rep']}/ratings",
            data=_RATING,
        ),
        ("POST", "/coaching/competencies/{email}/training"): Rule(
            PAGE,
            403,
            404,
            303,
            303,
            403,
            url=lambda w: f"/coaching/competencies/{w.emails['rep']}/training",
            data={"title": "Matrix training"},
        ),
        ("POST", "/coaching/training/{training_id}/done"): Rule(
            PAGE, 303, 404, 303, 303, 403, url=lambda w: f"/coaching/training/{_training_for_rep(w)}/done"
        ),
        ("POST", "/coaching/training/{training_id}/undone"): Rule(
            PAGE, 403, 404, 303, 303, 403, url=lambda w: f"/coaching/training/{_training_for_rep(w)}/undone"
        ),
        ("GET", "/api/v1/competencies/ratings"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True),
        ("POST", "/api/v1/competencies/ratings"): Rule(
            API_ANON,
            403,
            404,
            201,
            201,
            403,
            bearer=True,
            json={**_RATING, "rep_email": "rep@example.com", "score": 3},
        ),
        ("GET", "/api/v1/training"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True),
        ("POST", "/api/v1/training"): Rule(
            API_ANON,
            403,
            404,
            201,
            201,
            403,
            bearer=True,
            json={"rep_email": "rep@example.com", "title": "T"},
        ),
        ("PATCH", "/api/v1/training/{training_id}"): Rule(
            API_ANON,
            200,
            404,
            200,
            200,
            403,
            bearer=True,
            json={"status": "done", "note": "Matrix note"},
            url=lambda w: f"/api/v1/training/{_training_for_rep(w)}",
        ),
    }
)

# --- incentives: leaders write plans; everyone with sales data reads plans and (their) payouts
_PLAN = {
    "name": "Matrix plan",
    "valid_from": "2026-01-01",
    "valid_to": "2026-12-31",
    "rules": [{"category": "prospect_meeting", "per_event": "25.00"}],
}
_PLAN_FORM = {"name": "Matrix plan", "valid_from": "2026-01-01", "valid_to": "2026-12-31"}
_PLAN_FORM |= {"rule_category_0": "prospect_meeting", "rule_per_event_0": "25.00"}


def _incentive_plan(w: World) -> int:
    return incentives.create_plan(w.db, actor=None, definition=_PLAN).id


MATRIX.update(
    {
        ("GET", "/incentives"): Rule(PAGE, 200, 200, 200, 200, 403),
        ("GET", "/incentives/payouts.csv"): Rule(PAGE, 200, 200, 200, 200, 403),
        ("POST", "/incentives/plans"): Rule(PAGE, 403, 403, 403, 303, 403, data=_PLAN_FORM),
        ("POST", "/incentives/plans/{plan_id}/deactivate"): Rule(
            PAGE, 403, 403, 403, 303, 403, url=lambda w: f"/incentives/plans/{_incentive_plan(w)}/deactivate"
        ),
        ("GET", "/api/v1/incentives/plans"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True),
        ("POST", "/api/v1/incentives/plans"): Rule(
            API_ANON, 403, 403, 403, 201, 403, bearer=True, json=_PLAN
        ),
        ("GET", "/api/v1/incentives/payouts"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True),
        ("PUT", "/api/v1/incentives/plans/{plan_id}"): Rule(
            API_ANON,
            403,
            403,
            403,
            200,
            403,
            bearer=True,
            json=_PLAN,
            url=lambda w: f"/api/v1/incentives/plans/{_incentive_plan(w)}",
        ),
        ("POST", "/api/v1/incentives/plans/{plan_id}/deactivate"): Rule(
            API_ANON,
            403,
            403,
            403,
            200,
            403,
            bearer=True,
            url=lambda w: f"/api/v1/incentives/plans/{_incentive_plan(w)}/deactivate",
        ),
    }
)


# --- recognition: leaders write programs; everyone with sales data reads them and (their) standings
_PROGRAM = {
    "name": "Matrix club",
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
    "criteria": [{"what": "prospect_meeting", "measure": "count", "at_least": 40}],
}
_PROGRAM_FORM = {"name": "Matrix club", "starts_on": "2026-01-01", "ends_on": "2026-12-31"}
_PROGRAM_FORM |= {"what_0": "prospect_meeting", "measure_0": "count", "at_least_0": "40"}


def _program(w: World) -> int:
    return recognition.create_program(w.db, actor=None, definition=_PROGRAM).id


MATRIX.update(
    {
        ("GET", "/incentives/recognition"): Rule(PAGE, 200, 200, 200, 200, 403),
        ("POST", "/incentives/recognition"): Rule(PAGE, 403, 403, 403, 303, 403, data=_PROGRAM_FORM),
        ("POST", "/incentives/recognition/{program_id}/retire"): Rule(
            PAGE, 403, 403, 403, 303, 403, url=lambda w: f"/incentives/recognition/{_program(w)}/retire"
        ),
        ("GET", "/incentives/recognition/{program_id}/standings.csv"): Rule(
            PAGE,
            200,
            200,
            200,
            200,
            403,
            url=lambda w: f"/incentives/recognition/{_program(w)}/standings.csv",
        ),
        ("GET", "/api/v1/recognition/programs"): Rule(API_ANON, 200, 200, 200, 200, 403, bearer=True),
        ("POST", "/api/v1/recognition/programs"): Rule(
            API_ANON, 403, 403, 403, 201, 403, bearer=True, json=_PROGRAM
        ),
        ("POST", "/api/v1/recognition/programs/{program_id}/retire"): Rule(
            API_ANON,
            403,
            403,
            403,
            200,
            403,
            bearer=True,
            url=lambda w: f"/api/v1/recognition/programs/{_program(w)}/retire",
        ),
        ("GET", "/api/v1/recognition/programs/{program_id}/standings"): Rule(
            API_ANON,
            200,
            200,
            200,
            200,
            403,
            bearer=True,
            url=lambda w: f"/api/v1/recognition/programs/{_program(w)}/standings",
        ),
    }
)


# --- hiring: leaders and managers (any team: candidates are the organization's); leaders set the weights
def _candidate(w: World) -> int:
    return hiring.add_candidate(w.db, actor=None, name="Matrix Candidate", role="Account executive").id


_RATINGS = {
    "persistence": 4,
    "assertiveness": 4,
    "money_talk": 3,
    "objection_handling": 4,
    "prospecting_drive": 5,
}
MATRIX.update(
    {
        ("GET", "/hiring"): Rule(PAGE, 403, 200, 200, 200, 403),
        ("POST", "/hiring/candidates"): Rule(
            PAGE, 403, 303, 303, 303, 403, data={"name": "Ada", "role": "AE"}
        ),
        ("POST", "/hiring/weights"): Rule(
            PAGE, 403, 403, 403, 303, 403, data={f"weight_{t}": "0.2" for t in _RATINGS}
        ),
        ("GET", "/hiring/candidates/{candidate_id}"): Rule(
            PAGE, 403, 200, 200, 200, 403, url=lambda w: f"/hiring/candidates/{_candidate(w)}"
        ),
        ("POST", "/hiring/candidates/{candidate_id}/scorecards"): Rule(
            PAGE,
            403,
            303,
            303,
            303,
            403,
            url=lambda w: f"/hiring/candidates/{_candidate(w)}/scorecards",
            data={f"rating_{t}": str(n) for t, n in _RATINGS.items()},
        ),
        ("POST", "/hiring/candidates/{candidate_id}/status"): Rule(
            PAGE,
            403,
            303,
            303,
            303,
            403,
            url=lambda w: f"/hiring/candidates/{_candidate(w)}/status",
            data={"status": "interviewing"},
        ),
        ("POST", "/hiring/candidates/{candidate_id}/details"): Rule(
            PAGE,
            403,
            303,
            303,
            303,
            403,
            url=lambda w: f"/hiring/candidates/{_candidate(w)}/details",
            data={"name": "Matrix Candidate", "role": "Account manager"},
        ),
        ("GET", "/api/v1/hiring/candidates"): Rule(API_ANON, 403, 200, 200, 200, 403, bearer=True),
        ("POST", "/api/v1/hiring/candidates"): Rule(
            API_ANON, 403, 201, 201, 201, 403, bearer=True, json={"name": "Ada", "role": "AE"}
        ),
        ("PATCH", "/api/v1/hiring/candidates/{candidate_id}"): Rule(
            API_ANON,
            403,
            200,
            200,
            200,
            403,
            bearer=True,
            url=lambda w: f"/api/v1/hiring/candidates/{_candidate(w)}",
            json={"status": "offer"},
        ),
        ("POST", "/api/v1/hiring/candidates/{candidate_id}/scorecards"): Rule(
            API_ANON,
            403,
            201,
            201,
            201,
            403,
            bearer=True,
            url=lambda w: f"/api/v1/hiring/candidates/{_candidate(w)}/scorecards",
            json={"ratings": _RATINGS},
        ),
        ("GET", "/api/v1/hiring/comparison"): Rule(API_ANON, 403, 200, 200, 200, 403, bearer=True),
    }
)


# --- mutual action plans: leaders all; managers their teams' (and own); reps their own; delivery users read
# every plan and change delivery milestones only. The subject plan is owned by `rep` (team A).
def _plan_account(w: World) -> int:
    """Return an account's id, adding one when there is none (a fresh database: the first is id 1)."""
    with w.db.session() as s:
        found = s.scalar(select(Account.id).order_by(Account.id).limit(1))
        if found is None:
            found = make_account(s, name="Matrix Account").id
            s.commit()
        return found


def _subject_plan(w: World) -> int:
    made = plan_edits.create_plan(
        w.db, actor=None, title="Matrix plan", account_id=_plan_account(w), owner_email=w.emails["rep"]
    )
    return made.id


def _plan_milestone(w: World, side: str = "sales") -> str:
    plan_id = _subject_plan(w)
    made = plan_milestones.add_milestone(
        w.db, actor=None, plan_id=plan_id, title="Matrix step", side=side, due_on=date.today()
    )
    return f"{plan_id}/milestones/{made.id}"


def _plan_share(w: World) -> tuple[int, int, str]:
    plan_id = _subject_plan(w)
    made = plan_shares.create_share(w.db, actor=None, plan_id=plan_id)
    return plan_id, made.id, made.token


def _shared_milestone(w: World) -> str:
    plan_id, _, token = _plan_share(w)
    made = plan_milestones.add_milestone(
        w.db, actor=None, plan_id=plan_id, title="Sign", side="customer", due_on=date.today()
    )
    return f"/shared/plans/{token}/milestones/{made.id}/done"


def _with_account(path: str) -> Callable[[World], str]:
    return lambda w: (_plan_account(w), path)[1]


_MILESTONE = {"title": "Matrix step", "side": "sales", "due_date": date.today().isoformat()}
MATRIX.update(
    {
        ("GET", "/plans"): Rule(PAGE, 200, 200, 200, 200, 200),
        ("GET", "/plans.csv"): Rule(PAGE, 200, 200, 200, 200, 200),
        ("GET", "/plans/new"): Rule(PAGE, 200, 200, 200, 200, 403),
        ("POST", "/plans"): Rule(
            PAGE, 303, 303, 303, 303, 403, url=_with_account("/plans"), data={"title": "T", "account_id": "1"}
        ),
        ("GET", "/plans/{plan_id}"): Rule(
            PAGE, 200, 404, 200, 200, 200, url=lambda w: f"/plans/{_subject_plan(w)}"
        ),
        ("POST", "/plans/{plan_id}"): Rule(
            PAGE,
            303,
            404,
            303,
            303,
            403,
            url=lambda w: f"/plans/{_subject_plan(w)}",
            data={"title": "T2", "status": "active"},
        ),
        ("POST", "/plans/{plan_id}/milestones"): Rule(
            PAGE,
            303,
            404,
            303,
            303,
            403,
            url=lambda w: f"/plans/{_subject_plan(w)}/milestones",
            data=_MILESTONE,
        ),
        ("POST", "/plans/{plan_id}/milestones/{milestone_id}"): Rule(
            PAGE,
            303,
            404,
            303,
            303,
            403,
            url=lambda w: f"/plans/{_plan_milestone(w)}",
            data={"title": "Edited", "due_date": date.today().isoformat()},
        ),
        ("POST", "/plans/{plan_id}/milestones/{milestone_id}/status"): Rule(
            PAGE,
            303,
            404,
            303,
            303,
            403,
            url=lambda w: f"/plans/{_plan_milestone(w)}/status",
            data={"status": "done"},
        ),
        ("POST", "/plans/{plan_id}/milestones/{milestone_id}/move"): Rule(
            PAGE, 303, 404, 303, 303, 403, url=lambda w: f"/plans/{_plan_milestone(w)}/move", data={"to": "1"}
        ),
        ("POST", "/plans/{plan_id}/milestones/{milestone_id}/delete"): Rule(
            PAGE, 303, 404, 303, 303, 403, url=lambda w: f"/plans/{_plan_milestone(w)}/delete"
        ),
        ("POST", "/plans/{plan_id}/shares"): Rule(
            PAGE, 201, 404, 201, 201, 403, url=lambda w: f"/plans/{_subject_plan(w)}/shares"
        ),
        ("POST", "/plans/{plan_id}/shares/{share_id}/revoke"): Rule(
            PAGE,
            303,
            404,
            303,
            303,
            403,
            url=lambda w: "/plans/{}/shares/{}/revoke".format(*_plan_share(w)[:2]),
        ),
        # the customer's page: no sign-in, the share link is the key
        ("GET", "/shared/plans/{token}"): everyone(200, url=lambda w: f"/shared/plans/{_plan_share(w)[2]}"),
        ("POST", "/shared/plans/{token}/milestones/{milestone_id}/done"): everyone(
            303, url=_shared_milestone
        ),
        ("GET", "/api/v1/plans"): Rule(API_ANON, 200, 200, 200, 200, 200, bearer=True),
        ("POST", "/api/v1/plans"): Rule(
            API_ANON,
            201,
            201,
            201,
            201,
            403,
            bearer=True,
            url=_with_account("/api/v1/plans"),
            json={"title": "T", "account_id": 1},
        ),
        ("GET", "/api/v1/plans/{plan_id}"): Rule(
            API_ANON, 200, 404, 200, 200, 200, bearer=True, url=lambda w: f"/api/v1/plans/{_subject_plan(w)}"
        ),
        ("PATCH", "/api/v1/plans/{plan_id}"): Rule(
            API_ANON,
            200,
            404,
            200,
            200,
            403,
            bearer=True,
            url=lambda w: f"/api/v1/plans/{_subject_plan(w)}",
            json={"status": "active"},
        ),
        ("POST", "/api/v1/plans/{plan_id}/milestones"): Rule(
            API_ANON,
            201,
            404,
            201,
            201,
            403,
            bearer=True,
            url=lambda w: f"/api/v1/plans/{_subject_plan(w)}/milestones",
            json=_MILESTONE,
        ),
        ("PATCH", "/api/v1/plans/{plan_id}/milestones/{milestone_id}"): Rule(
            API_ANON,
            200,
            404,
            200,
            200,
            403,
            bearer=True,
            url=lambda w: f"/api/v1/plans/{_plan_milestone(w)}",
            json={"status": "done"},
        ),
        ("DELETE", "/api/v1/plans/{plan_id}/milestones/{milestone_id}"): Rule(
            API_ANON,
            204,
            404,
            204,
            204,
            403,
            bearer=True,
            url=lambda w: f"/api/v1/plans/{_plan_milestone(w)}",
        ),
        ("POST", "/api/v1/plans/{plan_id}/shares"): Rule(
            API_ANON,
            201,
            404,
            201,
            201,
            403,
            bearer=True,
            url=lambda w: f"/api/v1/plans/{_subject_plan(w)}/shares",
            json={},
        ),
        ("GET", "/api/v1/plans/{plan_id}/shares"): Rule(
            API_ANON,
            200,
            404,
            200,
            200,
            403,
            bearer=True,
            url=lambda w: f"/api/v1/plans/{_subject_plan(w)}/shares",
        ),
        ("DELETE", "/api/v1/plans/{plan_id}/shares/{share_id}"): Rule(
            API_ANON,
            204,
            404,
            204,
            204,
            403,
            bearer=True,
            url=lambda w: "/api/v1/plans/{}/shares/{}".format(*_plan_share(w)[:2]),
        ),
    }
)

# --- accounts: shared company data, every signed-in role reads them (activity narrowed per role); an
# unknown id is a 404 for everyone
MATRIX.update(
    {
        ("GET", "/accounts"): Rule(PAGE, 200, 200, 200, 200, 200),
        ("GET", "/accounts.csv"): Rule(PAGE, 200, 200, 200, 200, 200),
        ("GET", "/accounts/{account_id}"): Rule(
            PAGE, 200, 200, 200, 200, 200, url=lambda w: f"/accounts/{_plan_account(w)}"
        ),
        ("GET", "/api/v1/accounts"): Rule(API_ANON, 200, 200, 200, 200, 200, bearer=True),
        ("GET", "/api/v1/accounts/{account_id}"): Rule(
            API_ANON,
            200,
            200,
            200,
            200,
            200,
            bearer=True,
            url=lambda w: f"/api/v1/accounts/{_plan_account(w)}",
        ),
    }
)

# --- people: leaders see and change everyone; managers read their teams; reps and delivery: 403
_fresh = iter(range(1, 10**6))


def _fresh_user(w: World) -> int:
    """Add a rep to Team A to change (a change must not disturb the personas the walk signs in as)."""
    email = f"fresh{next(_fresh)}@example.com"
    return users.add_user(w.db, email=email, role="rep", password=PASSWORD, team="Team A").id


MATRIX.update(
    {
        ("GET", "/people"): Rule(PAGE, 403, 200, 200, 200, 403),
        ("GET", "/people.csv"): Rule(PAGE, 403, 200, 200, 200, 403),
        ("POST", "/people"): Rule(
            PAGE, 403, 403, 403, 201, 403, data={"email": "new.person@example.com", "role": "rep"}
        ),
        ("GET", "/people/{user_id}"): Rule(
            PAGE, 403, 404, 200, 200, 403, url=lambda w: f"/people/{w.ids['rep']}"
        ),
        ("POST", "/people/{user_id}"): Rule(
            PAGE,
            403,
            403,
            403,
            200,
            403,
            url=lambda w: f"/people/{_fresh_user(w)}",
            data={"role": "rep", "team": "Team B"},
        ),
        ("POST", "/people/{user_id}/active"): Rule(
            PAGE,
            403,
            403,
            403,
            200,
            403,
            url=lambda w: f"/people/{_fresh_user(w)}/active",
            data={"active": "false"},
        ),
        ("POST", "/people/{user_id}/password"): Rule(
            PAGE, 403, 403, 403, 200, 403, url=lambda w: f"/people/{_fresh_user(w)}/password"
        ),
        ("GET", "/api/v1/users"): Rule(API_ANON, 403, 200, 200, 200, 403, bearer=True),
        ("POST", "/api/v1/users"): Rule(
            API_ANON,
            403,
            403,
            403,
            201,
            403,
            bearer=True,
            json={"email": "api.person@example.com", "role": "rep"},
        ),
        ("PATCH", "/api/v1/users/{user_id}"): Rule(
            API_ANON,
            403,
            403,
            403,
            200,
            403,
            bearer=True,
            url=lambda w: f"/api/v1/users/{_fresh_user(w)}",
            json={"role": "manager", "team": "Team B"},
        ),
    }
)

# --- organization settings: the /admin page and changes for leaders; the API reads for managers too
MATRIX.update(
    {
        ("GET", "/admin"): Rule(PAGE, 403, 403, 403, 200, 403),
        ("POST", "/admin"): Rule(PAGE, 403, 403, 403, 303, 403, data={"currency": "EUR"}),
        ("GET", "/api/v1/settings"): Rule(API_ANON, 403, 200, 200, 200, 403, bearer=True),
        ("PATCH", "/api/v1/settings"): Rule(
            API_ANON, 403, 403, 403, 200, 403, bearer=True, json={"currency": "EUR"}
        ),
    }
)

# modules not built yet: a page that says so, for everyone signed in


def registered_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Return (method, path) for every route on the app and inside its mounts (HEAD left out)."""
    out: set[tuple[str, str]] = set()

    def walk(routes: list[Any], prefix: str) -> None:
        for context in iter_route_contexts(routes):  # flattens included routers (FastAPI 0.16x)
            route = context.route
            if isinstance(route, Mount):
                inner = getattr(route.app, "routes", None)
                if inner is None:  # static files: one GET rule for the whole mount
                    out.add(("GET", prefix + context.path))
                else:
                    walk(list(inner), prefix + context.path)
            elif isinstance(route, Route):
                for method in context.methods or ():
                    if method != "HEAD":
                        out.add((method, prefix + context.path))
            else:
                raise AssertionError(f"unexpected route type {type(route).__name__} at {context.path}")

    walk(list(app.routes), "")
    return out


def test_every_route_has_an_access_rule(app: FastAPI) -> None:
    routes = registered_routes(app)
    missing = sorted(routes - MATRIX.keys())
    stale = sorted(MATRIX.keys() - routes)
    assert not missing, f"routes without an access rule in MATRIX: {missing}"
    assert not stale, f"MATRIX rows for routes that do not exist: {stale}"


def _request(client: TestClient, world: World, persona: str, method: str, path: str, rule: Rule) -> int:
    url = rule.url(world) if callable(rule.url) else (rule.url or path)
    headers: dict[str, str] = {}
    if rule.bearer and persona != "anonymous":
        headers["Authorization"] = f"Bearer {world.token(persona)}"
    reply = client.request(
        method,
        url,
        data=rule.data,
        json=rule.json,
        params=rule.query,
        headers=headers,
        follow_redirects=False,
    )
    public = path.startswith("/shared/")  # a share link's page: the link is the key, no sign-in
    if reply.status_code == 303 and rule.expected(persona) == PAGE and persona == "anonymous" and not public:
        assert reply.headers["location"].startswith("/login"), reply.headers["location"]
    return reply.status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_the_access_the_matrix_declares(
    persona: str, world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for(persona)
    wrong = []
    # signing out last: earlier it would sign the client out for the rest of the walk
    for (method, path), rule in sorted(MATRIX.items(), key=lambda item: item[0][1] == "/logout"):
        got = _request(client, world, persona, method, path, rule)
        if got != rule.expected(persona):
            wrong.append(f"{method} {path}: expected {rule.expected(persona)}, got {got}")
    assert not wrong, f"{persona}: " + "; ".join(wrong)


def test_signing_out_ends_the_session(client_for: Callable[[str], TestClient]) -> None:
    client = client_for("rep")
    assert client.get("/tokens").status_code == 200
    assert client.post("/logout", follow_redirects=False).status_code == 303
    assert client.get("/tokens", follow_redirects=False).status_code == 303


def test_a_row_id_past_64_bits_is_a_422_not_a_server_error(client_for: Callable[[str], TestClient]) -> None:
    client = client_for("leader")
    huge = 2**63
    for url in (f"/reps/{huge}", f"/measures/reps/{huge}"):
        assert client.get(url).status_code == 422, url
    assert client.post(f"/tokens/{huge}/revoke").status_code == 422
