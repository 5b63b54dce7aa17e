"""Saving a bullseye versions it and re-tiers accounts (rollups too); targets resolve team then rep."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from repfocus.domain.bullseye import BullseyeInvalid
from repfocus.domain.targets import TargetInvalid, TargetValue, parse_assignment
from repfocus.services.bullseye import bullseye_history, get_bullseye, save_bullseye
from repfocus.services.targets import TargetScopeUnknown, set_targets, show_targets
from repfocus.store.db import Database
from repfocus.store.models import Account, ActivityRollup
from tests.factories import make_account, make_activity, make_organization, make_team, make_user

SOFTWARE_FIRST = {"criteria": {"industries": {"values": ["Software"], "weight": 1}}, "thresholds": {"A": 1.0}}


def test_saving_a_bullseye_retiers_accounts_and_their_rollups(any_db: Database) -> None:
    with any_db.session() as s:
        make_organization(s)
        leader = make_user(s, email="lead@x.com", role="leader")
        rep = make_user(s)
        soft = make_account(s, industry="Software", tier="off")
        bank = make_account(s, industry="Banking", tier="A")
        make_activity(s, rep_id=rep.id, account_id=soft.id, external_id="1", source="csv")
        make_activity(s, rep_id=rep.id, account_id=bank.id, external_id="2", source="csv")
        s.commit()
    state = save_bullseye(any_db, definition=SOFTWARE_FIRST, actor=None, saved_by="lead@x.com", note="focus")
    assert (state.version, state.accounts_retiered, state.created_by) == (1, 2, "lead@x.com")
    assert state.tier_counts == {"A": 1, "B": 0, "C": 0, "off": 1}
    with any_db.session() as s:
        tiers = dict(s.execute(select(Account.industry, Account.tier)).all())
        assert tiers == {"Software": "A", "Banking": "off"}
        assert sorted(s.scalars(select(ActivityRollup.tier))) == ["A", "off"]
    save_bullseye(
        any_db, definition={**SOFTWARE_FIRST, "target_personas": ["it_executive"]}, actor=None, saved_by="x@y"
    )
    history = bullseye_history(any_db)
    assert [(h.version, h.created_by, h.accounts_retiered) for h in history] == [
        (2, "x@y", 0),
        (1, "lead@x.com", 2),
    ]
    assert history[1].created_at is not None
    assert leader.id and get_bullseye(any_db).bullseye.target_personas == ("it_executive",)


def test_invalid_bullseye_writes_nothing(sqlite_db: Database) -> None:
    with sqlite_db.session() as s:
        make_organization(s)
        s.commit()
    with pytest.raises(BullseyeInvalid, match=r"thresholds\.A"):
        save_bullseye(sqlite_db, definition={"thresholds": {"A": 2}}, actor=None, saved_by="x@y")
    assert get_bullseye(sqlite_db).version == 0


def test_team_targets_with_rep_override_are_shown_and_cleared(any_db: Database) -> None:
    with any_db.session() as s:
        team = make_team(s, name="West")
        make_user(s, email="r@x.com", team_id=team.id)
        s.commit()
    set_targets(
        any_db,
        actor=None,
        team="West",
        values=[
            parse_assignment("bucket_share.selling=40%"),
            parse_assignment("weekly_count.prospecting_call=50"),
        ],
    )
    set_targets(
        any_db, actor=None, rep_email="r@x.com", values=[TargetValue("weekly_count", "prospecting_call", 30)]
    )
    set_targets(any_db, actor=None, team="West", values=[parse_assignment("bucket_share.selling=0.45")])
    (west,) = show_targets(any_db, team="West")
    assert west.as_dict() == {
        "team": "West",
        "targets": {"bucket_share.selling": 0.45, "weekly_count.prospecting_call": 50.0},
        "overrides": {"r@x.com": {"weekly_count.prospecting_call": 30.0}},
    }
    assert (
        set_targets(any_db, actor=None, rep_email="r@x.com", clear=[("weekly_count", "prospecting_call")])
        == 1
    )
    assert show_targets(any_db, team="West")[0].overrides == {}


def test_bad_targets_are_rejected_with_the_field_and_reason(sqlite_db: Database) -> None:
    with pytest.raises(TargetInvalid, match=r"weekly_count\.cold_calls: unknown key"):
        parse_assignment("weekly_count.cold_calls=5")
    with pytest.raises(TargetInvalid, match="a share must be between 0 and 1"):
        parse_assignment("on_target_share=1.5")
    with pytest.raises(TargetInvalid, match="is not a number"):
        parse_assignment("bucket_share.selling=lots")
    with pytest.raises(TargetScopeUnknown, match="team 'Nope' not found"):
        set_targets(sqlite_db, actor=None, team="Nope", values=[])
