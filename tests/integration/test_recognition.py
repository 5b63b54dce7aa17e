"""Recognition programs through their service, on SQLite and PostgreSQL: standings from the rollups match
the activities logged, the window bounds what counts, rights per role, checked and audited writes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from repfocus.domain.access import AccessDenied
from repfocus.services import recognition
from repfocus.services.recognition import ProgramNotFound, RecognitionInvalid
from repfocus.store.models import AuditEntry
from tests.integration.sales_org import Org, log_days

TODAY = date(2026, 12, 20)


def _program(**kw: Any) -> dict[str, Any]:
    return {
        "name": "December club",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-31",
        "criteria": [
            {"what": "prospect_meeting", "measure": "count", "at_least": 3},
            {"what": "selling", "measure": "minutes", "at_least": 120},
        ],
        **kw,
    }


def _days(*numbers: int) -> list[date]:
    return [date(2026, 12, n) for n in numbers]


def test_standings_count_the_window_s_activities_and_rank_the_qualified_first(org: Org) -> None:
    log_days(org, "rep", "prospect_meeting", _days(1, 2, 3))  # 3 meetings x 30 min: 90 selling minutes
    log_days(org, "rep", "prospecting_call", _days(4))  # +30: 120
    log_days(org, "rep2", "prospect_meeting", _days(5, 6, 7, 8))  # 4 meetings, 120 minutes
    log_days(org, "rep2", "prospect_meeting", [date(2026, 11, 30), date(2027, 1, 1)])  # outside the window
    log_days(org, "other_rep", "prospect_meeting", _days(9))
    log_days(org, "other_rep", "client_servicing", _days(10, 11, 12, 13, 14))  # not selling
    made = recognition.create_program(org.db, actor=org.actors["leader"], definition=_program())
    got = recognition.standings(org.db, actor=org.actors["leader"], program_id=made.id, today=TODAY)
    table = {rep.email: (s.qualified, [p.value for p in s.progress]) for rep, s in got.rows}
    assert table == {
        "rep@example.com": (True, [3, 120]),
        "rep2@example.com": (True, [4, 120]),
        "orep@example.com": (False, [1, 30]),
    }
    assert [rep.email for rep, _ in got.rows][-1] == "orep@example.com" and got.qualified == 2
    assert got.elapsed == pytest.approx(20 / 31)
    data = got.as_dict()
    assert data["reps"][-1]["on_pace"] is False and data["reps"][-1]["progress"] == 0.2917
    assert data["program"]["criteria"][0]["label"] == "3 × prospect meeting"


def test_each_role_sees_the_standings_it_may_and_only_leaders_write(org: Org) -> None:
    made = recognition.create_program(org.db, actor=None, definition=_program())
    seen = {
        who: sorted(
            rep.email
            for rep, _ in recognition.standings(org.db, actor=org.actors[who], program_id=made.id).rows
        )
        for who in ("leader", "manager", "rep")
    }
    assert seen == {
        "leader": ["orep@example.com", "rep2@example.com", "rep@example.com"],
        "manager": ["rep2@example.com", "rep@example.com"],
        "rep": ["rep@example.com"],
    }
    for who in ("manager", "rep"):
        with pytest.raises(AccessDenied):
            recognition.create_program(org.db, actor=org.actors[who], definition=_program())
        with pytest.raises(AccessDenied):
            recognition.retire_program(org.db, actor=org.actors[who], program_id=made.id)
    with pytest.raises(AccessDenied):
        recognition.list_programs(org.db, actor=org.actors["delivery"])
    with pytest.raises(ProgramNotFound):
        recognition.standings(org.db, actor=org.actors["leader"], program_id=made.id + 99)


def test_writes_are_checked_audited_and_a_retired_program_leaves_the_list(org: Org) -> None:
    with pytest.raises(RecognitionInvalid) as bad:
        recognition.create_program(
            org.db, actor=org.actors["leader"], definition=_program(ends_on="2026-11-01")
        )
    assert bad.value.field == "ends_on"
    assert recognition.list_programs(org.db, actor=None) == []
    made = recognition.create_program(org.db, actor=org.actors["leader"], definition=_program())
    assert [v.id for v in recognition.list_programs(org.db, actor=org.actors["rep"])] == [made.id]
    recognition.retire_program(org.db, actor=org.actors["leader"], program_id=made.id)
    recognition.retire_program(org.db, actor=org.actors["leader"], program_id=made.id)  # once is audited
    assert recognition.list_programs(org.db, actor=None) == []
    assert [v.is_active for v in recognition.list_programs(org.db, actor=None, include_inactive=True)] == [
        False
    ]
    with org.db.read_session() as s:
        actions = [
            (a, d)
            for a, d in s.execute(select(AuditEntry.action, AuditEntry.details).order_by(AuditEntry.id))
        ]
    assert actions == [
        (
            "recognition.create",
            {"program": made.id, "criteria": ["3 × prospect meeting", "120 minutes of selling"]},
        ),
        ("recognition.retire", {"program": made.id}),
    ]
