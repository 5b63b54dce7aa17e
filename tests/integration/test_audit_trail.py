"""Changes to targets, the bullseye and activities land in the audit log with who, what and when."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from repfocus.domain.access import Actor
from repfocus.domain.targets import TargetValue
from repfocus.services.activity_edits import delete_activity
from repfocus.services.bullseye import save_bullseye
from repfocus.services.targets import TargetScopeUnknown, set_targets
from repfocus.store.db import Database
from repfocus.store.models import Activity, AuditEntry
from tests.factories import make_activity, make_organization, make_team, make_user

SOFTWARE_FIRST = {"criteria": {"industries": {"values": ["Software"], "weight": 1}}, "thresholds": {"A": 1.0}}


def _entries(db: Database) -> list[tuple[str, str, str, dict[str, object]]]:
    with db.session() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(r.action, r.actor_email, r.target, r.details) for r in rows]


def test_targets_bullseye_and_deletions_are_audited_and_a_failed_change_is_not(any_db: Database) -> None:
    with any_db.session() as s:
        make_organization(s)
        make_team(s, name="West")
        boss = make_user(s, email="lead@x.com", role="leader")
        rep = make_user(s, email="r@x.com")
        make_activity(s, rep_id=rep.id, external_id="1", source="csv", subject="Call Globex")
        s.commit()
        activity_id = s.scalar(select(Activity.id))
    leader = Actor(boss.id, "leader", frozenset(), boss.email)

    set_targets(any_db, actor=leader, team="West", values=[TargetValue("bucket_share", "selling", 0.45)])
    save_bullseye(any_db, definition=SOFTWARE_FIRST, actor=leader, note="software first")
    assert activity_id is not None
    delete_activity(any_db, activity_id=activity_id, actor=leader)

    entries = _entries(any_db)
    assert [(a, who, target) for a, who, target, _d in entries] == [
        ("target.set", "lead@x.com", "team:West"),
        ("bullseye.set", "lead@x.com", "bullseye:v1"),
        ("activity.delete", "lead@x.com", f"activity:{activity_id}"),
    ]
    assert entries[0][3] == {"set": {"bucket_share:selling": 0.45}, "cleared": []}
    assert entries[1][3]["note"] == "software first"
    assert entries[2][3]["subject"] == "Call Globex"
    with pytest.raises(TargetScopeUnknown):
        set_targets(any_db, actor=leader, team="Nope", values=[TargetValue("bucket_share", "selling", 0.5)])
    assert len(_entries(any_db)) == 3
