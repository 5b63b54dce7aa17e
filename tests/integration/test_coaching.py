"""Coaching sessions through their service, on SQLite and PostgreSQL: recording, rights, overview."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from repfocus.analytics.organization_facts import last_coaching_days
from repfocus.domain.access import AccessDenied
from repfocus.domain.period import Period
from repfocus.services import coaching, diagnosis
from repfocus.services.coaching import ActionDraft, CoachingInvalid, CoachingNotFound
from repfocus.store.models import AuditEntry, User
from tests.factories import make_activity
from tests.integration.sales_org import Org

TODAY = date(2026, 11, 30)


def _add(org: Org, who: str = "manager", rep: str = "rep@example.com", **kw: object) -> coaching.SessionView:
    args: dict[str, object] = {"focus": "competencies", "held_on": date(2026, 11, 20), "today": TODAY, **kw}
    return coaching.add_session(org.db, actor=org.actors[who], rep_email=rep, **args)  # type: ignore[arg-type]


def test_a_manager_records_a_session_with_actions_and_lists_it(org: Org) -> None:
    added = _add(
        org,
        persona="it_hiring_manager",
        note="  Practised the cold call opener.  ",
        actions=[ActionDraft("Call 10 IT hiring managers", date(2026, 11, 27))],
    )
    assert (added.rep_email, added.coach_email, added.focus) == (
        "rep@example.com",
        "manager@example.com",
        "competencies",
    )
    assert added.note == "Practised the cold call opener."
    listed = coaching.list_sessions(org.db, actor=org.actors["leader"], today=TODAY)
    assert [s.id for s in listed] == [added.id]
    assert [(a.text, a.due_on, a.done, a.overdue) for a in listed[0].actions] == [
        ("Call 10 IT hiring managers", date(2026, 11, 27), False, True)
    ]
    with org.db.read_session() as s:
        entry = s.execute(
            select(AuditEntry.actor_email, AuditEntry.target).where(AuditEntry.action == "coaching.add")
        ).one()
    assert tuple(entry) == ("manager@example.com", "rep@example.com")


def test_ticking_an_action_done_and_undone_is_audited_and_clears_overdue(org: Org) -> None:
    added = _add(org, actions=[ActionDraft("Role-play the rate objection", date(2026, 11, 21))])
    action_id = added.actions[0].id
    done = coaching.set_action_done(
        org.db,
        actor=org.actors["manager"],
        action_id=action_id,
        done=True,
        now=datetime(2026, 11, 28, tzinfo=UTC),
    )
    assert done.done and not done.overdue
    line = coaching.rep_overview(
        org.db, actor=org.actors["manager"], rep_email="rep@example.com", today=TODAY
    )[0]
    assert (line.open_actions, line.overdue_actions) == (0, 0)
    coaching.set_action_done(org.db, actor=org.actors["leader"], action_id=action_id, done=False)
    line = coaching.rep_overview(
        org.db, actor=org.actors["manager"], rep_email="rep@example.com", today=TODAY
    )[0]
    assert (line.open_actions, line.overdue_actions) == (1, 1)
    with org.db.read_session() as s:
        actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["coaching.add", "coaching.done", "coaching.undone"]


def test_the_overview_counts_open_and_overdue_actions_and_the_last_session(org: Org) -> None:
    _add(org, held_on=date(2026, 11, 2), actions=[ActionDraft("Old, late", date(2026, 11, 9))])
    _add(
        org,
        held_on=date(2026, 11, 23),
        actions=[
            ActionDraft("Due yesterday", date(2026, 11, 29)),
            ActionDraft("Due today", TODAY),
            ActionDraft("Due next week", date(2026, 12, 7)),
        ],
    )
    _add(org, who="leader", rep="orep@example.com", held_on=date(2026, 11, 10))
    lines = {r.email: r for r in coaching.overview(org.db, actor=org.actors["leader"], today=TODAY)}
    assert set(lines) == {"rep@example.com", "rep2@example.com", "orep@example.com"}
    rep = lines["rep@example.com"]
    assert (rep.last_session, rep.open_actions, rep.overdue_actions) == (date(2026, 11, 23), 4, 2)
    assert (lines["rep2@example.com"].last_session, lines["rep2@example.com"].open_actions) == (None, 0)
    assert lines["orep@example.com"].last_session == date(2026, 11, 10)


def test_a_rep_reads_only_their_own_sessions_and_cannot_record_or_tick(org: Org) -> None:
    own = _add(org, actions=[ActionDraft("Book 3 meetings", date(2026, 12, 1))])
    _add(org, rep="rep2@example.com")
    _add(org, who="other_manager", rep="orep@example.com")
    rep = org.actors["rep"]
    assert [s.id for s in coaching.list_sessions(org.db, actor=rep, today=TODAY)] == [own.id]
    assert [r.email for r in coaching.overview(org.db, actor=rep, today=TODAY)] == ["rep@example.com"]
    with pytest.raises(AccessDenied):
        _add(org, who="rep")
    with pytest.raises(AccessDenied):
        coaching.set_action_done(org.db, actor=rep, action_id=own.actions[0].id, done=True)
    with pytest.raises(CoachingNotFound):
        coaching.list_sessions(org.db, actor=rep, rep_email="rep2@example.com")


def test_a_manager_coaches_only_their_team_and_a_leader_everyone(org: Org) -> None:
    theirs = _add(org, who="other_manager", rep="orep@example.com", actions=[ActionDraft("x", TODAY)])
    with pytest.raises(CoachingNotFound):
        _add(org, who="manager", rep="orep@example.com")
    with pytest.raises(CoachingNotFound):
        coaching.set_action_done(
            org.db, actor=org.actors["manager"], action_id=theirs.actions[0].id, done=True
        )
    seen = {s.rep_email for s in coaching.list_sessions(org.db, actor=org.actors["manager"], today=TODAY)}
    assert seen == set()
    _add(org, who="leader", rep="orep@example.com")
    _add(org, who="leader", rep="rep@example.com")
    assert len(coaching.list_sessions(org.db, actor=org.actors["leader"], today=TODAY)) == 3
    assert {s.rep_email for s in coaching.list_sessions(org.db, actor=org.actors["manager"])} == {
        "rep@example.com"
    }


def test_sessions_are_filtered_by_period_and_rep(org: Org) -> None:
    _add(org, held_on=date(2026, 10, 5))
    mid = _add(org, held_on=date(2026, 11, 2))
    _add(org, rep="rep2@example.com", held_on=date(2026, 11, 3))
    found = coaching.list_sessions(
        org.db,
        actor=None,
        rep_email="REP@example.com",
        period=Period(date(2026, 11, 1), date(2026, 11, 30)),
        today=TODAY,
    )
    assert [s.id for s in found] == [mid.id]


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"focus": "luck"}, "focus"),
        ({"persona": "astronaut"}, "persona"),
        ({"held_on": date(2026, 12, 2)}, "held_on"),
        ({"note": "x" * 5001}, "note"),
        ({"actions": [ActionDraft("   ", date(2026, 11, 25))]}, "actions[0].text"),
        ({"actions": [ActionDraft("ok", TODAY), ActionDraft("y" * 301, TODAY)]}, "actions[1].text"),
        ({"actions": [ActionDraft("Too early", date(2026, 11, 19))]}, "actions[0].due_on"),
        ({"actions": [ActionDraft(f"a{i}", TODAY) for i in range(6)]}, "actions"),
    ],
)
def test_an_invalid_session_is_rejected_naming_the_field_and_nothing_is_stored(
    org: Org, kw: dict[str, object], field: str
) -> None:
    with pytest.raises(CoachingInvalid) as caught:
        _add(org, **kw)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")
    assert coaching.list_sessions(org.db, actor=None, today=TODAY) == []


def test_tomorrow_is_accepted_for_a_session_across_time_zones(org: Org) -> None:
    assert _add(org, held_on=date(2026, 12, 1)).held_on == date(2026, 12, 1)


def test_the_command_line_names_a_coach_who_must_be_allowed_to_coach_the_rep(org: Org) -> None:
    add = coaching.add_session
    made = add(
        org.db, actor=None, rep_email="rep@example.com", coach_email="Manager@example.com", focus="dna"
    )
    assert made.coach_email == "manager@example.com"
    for coach, reason in (
        (None, "give the email"),
        ("nobody@example.com", "no user"),
        ("om@example.com", "neither a leader nor the manager"),
        ("rep2@example.com", "neither a leader nor the manager"),
    ):
        with pytest.raises(CoachingInvalid, match=reason) as caught:
            add(org.db, actor=None, rep_email="rep@example.com", coach_email=coach, focus="dna")
        assert caught.value.field == "coach"


def test_diagnosis_last_coaching_takes_the_later_of_logged_activity_and_sessions(org: Org) -> None:
    ids = {}
    with org.db.session() as s:
        for email in ("rep@example.com", "rep2@example.com", "orep@example.com"):
            ids[email] = s.scalar(select(User.id).where(User.email == email))
        for email, day in (("rep@example.com", 3), ("rep2@example.com", 20)):
            make_activity(
                s, rep_id=ids[email], category="coaching", started_at=datetime(2026, 11, day, 16, tzinfo=UTC)
            )
        s.commit()
    _add(org, rep="rep@example.com", held_on=date(2026, 11, 16))
    _add(org, rep="rep2@example.com", held_on=date(2026, 11, 9))
    _add(org, who="leader", rep="orep@example.com", held_on=date(2026, 11, 12))
    _add(org, who="leader", rep="orep@example.com", held_on=date(2026, 11, 26))
    with org.db.read_session() as s:
        last = last_coaching_days(s, until=date(2026, 11, 25), rep_ids=list(ids.values()))
    assert last == {
        ids["rep@example.com"]: date(2026, 11, 16),
        ids["rep2@example.com"]: date(2026, 11, 20),
        ids["orep@example.com"]: date(2026, 11, 12),
    }


def test_a_recorded_session_takes_the_rep_off_the_diagnosis_uncoached_finding(org: Org) -> None:
    period = Period(date(2026, 9, 7), TODAY)

    def uncoached() -> set[str]:
        report = diagnosis.diagnose(org.db, actor=None, period=period)
        found = [f for f in report.organization_findings if f.code == "coaching_missing"]
        return set(found[0].evidence[0].split(": ", 1)[1].split(", ")) if found else set()

    assert uncoached() == {"rep@example.com", "rep2@example.com", "orep@example.com"}
    _add(org, held_on=date(2026, 11, 20))
    assert uncoached() == {"rep2@example.com", "orep@example.com"}
