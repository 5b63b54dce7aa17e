"""Changing the rules and re-classifying moves activities and their rollups; explain names the rule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from repfocus.domain.classification import RulesInvalid
from repfocus.importers.records import ActivityRecord
from repfocus.services.classification import (
    ActivityNotFound,
    PersonaInvalid,
    explain_activity,
    override_persona,
    reclassify_all,
    set_rules,
)
from repfocus.services.imports import import_activities
from repfocus.store.db import Database
from repfocus.store.models import Activity, ActivityRollup, Contact
from tests.factories import make_organization, make_user

RULES = """
[[rule]]
id = "all-calls-are-research"
category = "sales_research"
kind = ["call"]
"""


def _seed(db: Database) -> None:
    with db.session() as s:
        make_organization(s, time_zone="UTC")
        make_user(s, email="ann@acme.example")
        s.commit()
    records = [
        ActivityRecord(
            line=2, started_at=datetime(2026, 11, 2, 15, tzinfo=UTC), kind="call", external_id="c1",
            rep_email="ann@acme.example", duration_minutes=20, subject="Intro", account_name="Globex",
            account_status="prospect",
        ),
        ActivityRecord(
            line=3, started_at=datetime(2026, 11, 2, 16, tzinfo=UTC), kind="meeting", external_id="m1",
            rep_email="ann@acme.example", duration_minutes=60, subject="Demo", account_name="Globex",
            category="negotiation",
        ),
    ]  # fmt: skip
    assert import_activities(db, records=records, source="csv", file_name="t.csv").committed


def _rollup_minutes(db: Database) -> dict[str, int]:
    with db.session() as s:
        rows = s.execute(
            select(ActivityRollup.category, func.sum(ActivityRollup.minutes)).group_by(
                ActivityRollup.category
            )
        )
        return {c: int(m) for c, m in rows}


def test_reclassify_after_a_rule_change_moves_activities_and_rollups(any_db: Database) -> None:
    _seed(any_db)
    assert _rollup_minutes(any_db) == {"prospecting_call": 20, "negotiation": 60}
    set_rules(any_db, text=RULES)
    assert reclassify_all(any_db) == {"examined": 1, "changed": 1}  # the source-given category is kept
    assert _rollup_minutes(any_db) == {"sales_research": 20, "negotiation": 60}
    with any_db.session() as s:
        by = s.scalar(select(Activity.classified_by).where(Activity.external_id == "c1"))
    assert by == "all-calls-are-research"
    set_rules(any_db, text=None)
    assert reclassify_all(any_db)["changed"] == 1
    assert _rollup_minutes(any_db) == {"prospecting_call": 20, "negotiation": 60}


def test_explain_names_the_matching_rule_and_flags_stale_categories(any_db: Database) -> None:
    _seed(any_db)
    with any_db.session() as s:
        call_id = s.scalar(select(Activity.id).where(Activity.external_id == "c1"))
        meeting_id = s.scalar(select(Activity.id).where(Activity.external_id == "m1"))
    assert call_id is not None and meeting_id is not None
    explanation = explain_activity(any_db, activity_id=call_id)
    assert explanation.trail[-1][0].id == "prospecting-call" and explanation.trail[-1][1] is None
    assert not explanation.stale
    assert explain_activity(any_db, activity_id=meeting_id).as_dict()["classified_by"] == "source"
    set_rules(any_db, text=RULES)
    assert explain_activity(any_db, activity_id=call_id).stale
    with pytest.raises(ActivityNotFound):
        explain_activity(any_db, activity_id=999_999)


def test_an_invalid_rule_file_changes_nothing(any_db: Database) -> None:
    _seed(any_db)
    with pytest.raises(RulesInvalid):
        set_rules(any_db, text='[[rule]]\nid = "x"\ncategory = "napping"\n')
    assert reclassify_all(any_db)["changed"] == 0


def test_a_persona_override_reclassifies_the_contacts_activities_and_can_be_undone(any_db: Database) -> None:
    _seed(any_db)
    records = [
        ActivityRecord(
            line=2, started_at=datetime(2026, 11, 3, 15, tzinfo=UTC), kind="call", external_id="c9",
            rep_email="ann@acme.example", duration_minutes=25, subject="Check-in", account_name="Initech",
            account_status="prospect", contact_name="Sam Roe", contact_title="Director of IT",
        ),
    ]  # fmt: skip
    assert import_activities(any_db, records=records, source="csv", file_name="t.csv").committed
    with any_db.session() as s:
        contact_id = s.scalar(select(Contact.id).where(Contact.name == "Sam Roe"))
    assert contact_id is not None
    assert override_persona(any_db, contact_id=contact_id, persona="consultant") == "consultant"
    with any_db.session() as s:
        assert s.scalar(select(Activity.category).where(Activity.external_id == "c9")) == "consultant_care"
        personas = set(
            s.scalars(select(ActivityRollup.persona).where(ActivityRollup.category == "consultant_care"))
        )
        assert s.scalar(select(Contact.persona_overridden).where(Contact.id == contact_id)) is True
    assert personas == {"consultant"}
    assert override_persona(any_db, contact_id=contact_id, persona=None) == "it_hiring_manager"
    assert _rollup_minutes(any_db)["prospecting_call"] == 45
    with pytest.raises(PersonaInvalid):
        override_persona(any_db, contact_id=contact_id, persona="wizard")
