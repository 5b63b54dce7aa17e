"""Email templates in use (both databases): a preview for a contact, sending logs a prospecting_email
through the rollups, next best content follows the activity, and usage compares content time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from repfocus.analytics.playbook_usage import usage_by_rep
from repfocus.domain.period import Period
from repfocus.services import email_templates
from repfocus.services.playbook_files import load_starter_playbook
from repfocus.store.db import Database
from repfocus.store.models import Activity, ActivityRollup, PlaybookItem, PlaybookUse
from tests.factories import make_account, make_activity, make_contact, make_organization, make_user

COLD = "email-cold-intro-it-hiring-manager"


@pytest.fixture
def world(any_db: Database) -> dict[str, int]:
    load_starter_playbook(any_db)
    with any_db.session() as s:
        make_organization(s, time_zone="UTC")
        rep = make_user(s, name="Sam Rep")
        account = make_account(s, name="Globex", owner_id=rep.id, industry="retail")
        make_contact(s, account_id=account.id, name="Dana Smith", email="dana@globex.example")
        make_contact(s, account_id=None, name="Lone Wolf", email="lone@example.com", persona="it_executive")
        s.commit()
        return {"rep": rep.id, "account": account.id}


def test_preview_fills_the_contact_account_and_rep(any_db: Database, world: dict[str, int]) -> None:
    out = email_templates.preview(any_db, contact_email="DANA@globex.example", slug=COLD)
    assert out.subject == "Globex engineering team: a quick question"
    assert out.body.startswith("Hi Dana,") and "companies like Globex" in out.body
    assert "\nSam Rep\n" in out.body
    assert out.missing == ()


def test_preview_flags_fields_the_contact_lacks(any_db: Database, world: dict[str, int]) -> None:
    out = email_templates.preview(any_db, contact_email="lone@example.com", slug=COLD)
    assert out.missing == ("account.name", "rep.name", "rep.email")
    assert "[missing: account.name]" in out.subject


def test_sending_logs_a_prospecting_email_and_its_rollup(any_db: Database, world: dict[str, int]) -> None:
    email_templates.use_template(any_db, slug=COLD, contact_email="dana@globex.example", rep_id=world["rep"])
    with any_db.session() as s:
        [activity] = s.scalars(select(Activity)).all()
        assert (activity.category, activity.kind, activity.classified_by) == (
            "prospecting_email",
            "email",
            f"playbook:{COLD}",
        )
        assert activity.subject == "Globex engineering team: a quick question"
        rollup = s.execute(
            select(ActivityRollup.category, ActivityRollup.count, ActivityRollup.persona)
        ).one()
        assert tuple(rollup) == ("prospecting_email", 1, "it_hiring_manager")
        assert s.scalar(select(PlaybookUse.action)) == "email"


def test_sending_with_missing_fields_is_refused_and_logs_nothing(
    any_db: Database, world: dict[str, int]
) -> None:
    with pytest.raises(email_templates.MergeFieldsMissing) as caught:
        email_templates.use_template(
            any_db, slug="email-job-posting-seen", contact_email="dana@globex.example", rep_id=world["rep"]
        )
    assert caught.value.missing == ("details.job_title",)
    with any_db.session() as s:
        assert s.scalars(select(Activity)).all() == []


def test_next_best_moves_from_cold_intro_to_follow_up_after_an_email(
    any_db: Database, world: dict[str, int]
) -> None:
    before = email_templates.next_best(any_db, contact_email="dana@globex.example")
    assert (before.stage, before.template and before.template.slug) == ("unaware", COLD)
    email_templates.use_template(any_db, slug=COLD, contact_email="dana@globex.example", rep_id=world["rep"])
    after = email_templates.next_best(any_db, contact_email="dana@globex.example")
    assert after.stage == "problem_aware"
    assert after.template is not None and after.template.slug == "email-follow-up-2-no-answer"
    assert after.template.reason.startswith("one email in 30 days")
    assert all(i.kind != "email_template" and i.reason for i in after.items) and len(after.items) == 3


def test_usage_splits_content_time_at_the_first_use(any_db: Database, world: dict[str, int]) -> None:
    rep = world["rep"]
    with any_db.session() as s:
        for day, category, minutes in [
            (2, "content_search", 60),
            (2, "prospecting_call", 60),
            (20, "content_creation", 15),
            (20, "prospecting_call", 105),
        ]:
            make_activity(
                s,
                rep_id=rep,
                started_at=datetime(2026, 11, day, 15, tzinfo=UTC),
                category=category,
                duration_minutes=minutes,
            )
        item = s.scalar(select(PlaybookItem.id).where(PlaybookItem.slug == COLD))
        s.add(
            PlaybookUse(
                item_id=item, rep_id=rep, action="copy", used_at=datetime(2026, 11, 10, 9, tzinfo=UTC)
            )
        )
        s.add(
            PlaybookUse(
                item_id=item, rep_id=rep, action="email", used_at=datetime(2026, 11, 12, 9, tzinfo=UTC)
            )
        )
        s.commit()
        usage = usage_by_rep(s, Period(date(2026, 11, 1), date(2026, 11, 30)))[rep]
    assert usage.first_use == date(2026, 11, 10)
    assert (usage.template_uses, usage.item_uses, usage.emails_sent, usage.distinct_items) == (2, 0, 1, 1)
    assert (usage.content_share_before, usage.content_share_after) == (0.5, 0.125)
    assert usage.content_share_change == -0.375
