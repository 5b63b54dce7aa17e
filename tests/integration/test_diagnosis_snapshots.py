"""Reading a diagnosis never writes; saving it is an explicit, audited action, and the next diagnosis of a
later period shows what moved since the saved one (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from repfocus.domain.access import AccessDenied, Actor
from repfocus.domain.period import Period
from repfocus.services import tokens
from repfocus.services.diagnosis import diagnose
from repfocus.services.diagnosis_snapshots import SnapshotRejected, save_diagnosis
from repfocus.store.db import Database
from repfocus.store.models import AuditEntry, DiagnosisSnapshot, User
from tests.e2e.conftest import leader_client
from tests.integration.test_diagnosis_on_imported_csv import PERIOD, build_planted_org

FIRST = Period(PERIOD.start, PERIOD.start + timedelta(weeks=4, days=-1))


def snapshot_rows(db: Database) -> list[tuple[Any, ...]]:
    with db.read_session() as s:
        rows = s.scalars(select(DiagnosisSnapshot).order_by(DiagnosisSnapshot.id))
        return [
            (r.id, r.rep_id, r.period_start, r.period_end, r.signals, r.findings, r.created_at) for r in rows
        ]


def audit_actions(db: Database) -> list[str]:
    with db.read_session() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_reading_the_diagnosis_through_the_api_pages_and_service_writes_nothing(any_db: Database) -> None:
    build_planted_org(any_db)
    save_diagnosis(any_db, actor=None, period=FIRST)  # rows already there must stay exactly as they are
    before, audit_before = snapshot_rows(any_db), audit_actions(any_db)
    assert len(before) == 9
    with leader_client(any_db) as client:
        token = tokens.create_token(any_db, email="lea@example.com", scope="write").token
        audit_before = audit_actions(any_db)  # adding the leader and the token are audited writes
        api = client.get(
            f"/api/v1/diagnosis?from={PERIOD.start}&to={PERIOD.end}",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert api.status_code == 200 and len(api.json()["reps"]) == 9
        dates = f"start={PERIOD.start}&end={PERIOD.end}"
        for url in (
            f"/diagnosis?{dates}",
            f"/diagnosis/print?{dates}",
            f"/diagnosis/reps/cole@acme.example?{dates}",
        ):
            assert client.get(url).status_code == 200, url
    diagnose(any_db, actor=None, period=FIRST)  # the same period as the saved snapshot
    diagnose(any_db, actor=None, period=PERIOD)
    assert snapshot_rows(any_db) == before
    assert audit_actions(any_db) == audit_before


def test_the_explicit_save_stores_the_diagnosis_and_the_next_diagnosis_shows_the_movement(
    any_db: Database,
) -> None:
    build_planted_org(any_db)
    cole = "cole@acme.example"
    assert diagnose(any_db, actor=None, period=FIRST, rep_email=cole).reps[0].moves == []
    unsaved = diagnose(any_db, actor=None, period=PERIOD, rep_email=cole).reps[0]
    assert unsaved.moves == []  # diagnosing FIRST above saved nothing to compare with

    then = diagnose(any_db, actor=None, period=FIRST, rep_email=cole).reps[0]
    saved = save_diagnosis(any_db, actor=None, period=FIRST)
    assert len(saved.reps) == 9 and cole in saved.reps
    assert saved.as_dict()["period"] == {"from": str(FIRST.start), "to": str(FIRST.end)}
    assert len(snapshot_rows(any_db)) == 9
    assert audit_actions(any_db)[-1] == "diagnosis.save"

    later = diagnose(any_db, actor=None, period=PERIOD, rep_email=cole).reps[0]
    moves = {m.signal: m for m in later.moves}
    assert "content_share" in moves  # the signal behind the saved diagnosis's knowledge_tools finding
    assert set(moves) == {name for f in then.findings for name in f.signals}
    move = moves["content_share"]
    assert move.before_period == FIRST
    assert move.before == then.signals.get("content_share").value
    assert move.now == later.signals.get("content_share").value
    assert move.before is not None and move.now is not None


def test_saving_the_same_period_again_replaces_its_snapshots(any_db: Database) -> None:
    build_planted_org(any_db)
    save_diagnosis(any_db, actor=None, period=PERIOD)
    save_diagnosis(any_db, actor=None, period=PERIOD)
    with any_db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(DiagnosisSnapshot)) == 9
    assert audit_actions(any_db).count("diagnosis.save") == 2


def test_a_rep_may_not_save_and_an_empty_team_saves_nothing(sqlite_db: Database) -> None:
    build_planted_org(sqlite_db)
    with sqlite_db.read_session() as s:
        ava = s.scalars(select(User).where(User.email == "ava@acme.example")).one()
        rep = Actor(user_id=ava.id, role="rep", team_ids=frozenset({ava.team_id}), email=ava.email)
    with pytest.raises(AccessDenied, match="leaders and managers"):
        save_diagnosis(sqlite_db, actor=rep, period=PERIOD)
    with pytest.raises(SnapshotRejected, match="no reps in team Nowhere"):
        save_diagnosis(sqlite_db, actor=None, period=PERIOD, team="Nowhere")
    assert snapshot_rows(sqlite_db) == []
    assert "diagnosis.save" not in audit_actions(sqlite_db)
