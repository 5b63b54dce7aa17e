"""The people services on SQLite and PostgreSQL: who sees whom, changes by id, the audit trail, and the
rule that an organization always keeps an active leader."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from repfocus.domain.access import AccessDenied, Actor, NotFound, password_problems
from repfocus.services import people, signin, users
from repfocus.services.user_changes import set_role
from repfocus.services.users import UserInvalid
from repfocus.store.db import Database
from repfocus.store.models import AuditEntry, SignInThrottle, User
from tests.factories import make_organization

PASSWORD = "correct horse battery"


@dataclass
class Org:
    db: Database
    ids: dict[str, int]

    def actor(self, who: str) -> Actor:
        with self.db.session() as s:
            user = s.get(User, self.ids[who])
            assert user is not None
            return users.actor_of(s, user)


def _org(db: Database) -> Org:
    with db.session() as s:
        make_organization(s)
        s.commit()
    people_ = {
        "lea": ("leader", None),
        "max": ("manager", "East"),
        "rita": ("rep", "East"),
        "will": ("manager", "West"),
        "wes": ("rep", "West"),
        "dora": ("delivery", None),
    }
    ids = {}
    for key, (role, team) in people_.items():
        row = users.add_user(
            db, email=f"{key}@example.com", role=role, password=PASSWORD, name=key.title(), team=team
        )
        ids[key] = row.id
    return Org(db, ids)


def _audit(db: Database) -> list[tuple[str, str, str, dict[str, object]]]:
    with db.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action != "user.add").order_by(AuditEntry.id))
        return [(r.action, r.actor_email, r.target, r.details) for r in rows]


def test_a_user_added_without_a_password_gets_a_one_time_password_that_signs_in(any_db: Database) -> None:
    org = _org(any_db)
    row = users.add_user(
        any_db, email="newbie@example.com", role="rep", password=None, team="East", by=org.actor("lea")
    )
    assert row.initial_password is not None
    assert password_problems(row.initial_password, email="newbie@example.com") == []
    assert "initial_password" not in row.as_dict() and row.initial_password not in repr(row)
    signed = signin.sign_in(any_db, email="newbie@example.com", password=row.initial_password)
    assert signed.actor.user_id == row.id
    assert (
        users.add_user(any_db, email="set@example.com", role="rep", password=PASSWORD).initial_password
        is None
    )


def test_leaders_see_everyone_and_managers_only_their_teams_and_themself(any_db: Database) -> None:
    org = _org(any_db)
    everyone = people.list_people(any_db, actor=org.actor("lea"))
    assert [p.name for p in everyone.people] == ["Dora", "Lea", "Max", "Rita", "Wes", "Will"]
    assert everyone.teams == ["East", "West"] and everyone.can_edit
    east = people.list_people(any_db, actor=org.actor("max"))
    assert [(p.name, p.team) for p in east.people] == [("Max", "East"), ("Rita", "East")]
    assert east.teams == ["East"] and not east.can_edit
    for who in ("rita", "dora"):
        with pytest.raises(AccessDenied):
            people.list_people(any_db, actor=org.actor(who))


def test_the_list_filters_by_team_name_in_any_case_and_by_role(any_db: Database) -> None:
    org = _org(any_db)
    lea = org.actor("lea")
    assert [p.name for p in people.list_people(any_db, actor=lea, team="west").people] == ["Wes", "Will"]
    assert [p.name for p in people.list_people(any_db, actor=lea, role="manager").people] == ["Max", "Will"]
    assert [p.name for p in people.list_people(any_db, actor=lea, team="East", role="rep").people] == ["Rita"]
    assert people.list_people(any_db, actor=lea, team="Nowhere").people == []
    # a manager filtering on another team sees nobody from it
    assert people.list_people(any_db, actor=org.actor("max"), team="West").people == []
    with pytest.raises(UserInvalid, match="role 'boss' is not one of"):
        people.list_people(any_db, actor=lea, role="boss")


def test_status_says_deactivated_locked_or_without_a_password(any_db: Database) -> None:
    org = _org(any_db)
    users.disable_user(any_db, email="wes@example.com")
    until = datetime.now(UTC) + timedelta(minutes=10)
    with any_db.session() as s:
        s.add(SignInThrottle(key="email:rita@example.com", failures=9, locked_until=until))
        s.add(
            SignInThrottle(key="email:max@example.com", failures=9, locked_until=until - timedelta(hours=1))
        )
        s.add(User(email="imported@example.com", name="Imported", role="rep"))
        s.commit()
    status = {p.name: p.status for p in people.list_people(any_db, actor=org.actor("lea")).people}
    assert status == {
        "Dora": "active",
        "Imported": "no password",
        "Lea": "active",
        "Max": "active",  # the lockout is over
        "Rita": "locked",
        "Wes": "deactivated",
        "Will": "active",
    }
    rita = people.get_person(any_db, actor=org.actor("lea"), user_id=org.ids["rita"])
    assert rita.locked_until is not None and abs(rita.locked_until - until) < timedelta(seconds=1)


def test_role_team_and_active_changes_are_audited_like_the_command_line(any_db: Database) -> None:
    org = _org(any_db)
    lea = org.actor("lea")
    users.change_role(any_db, email="wes@example.com", role="manager", by=lea)  # the command-line path
    person, password = people.update_person(
        any_db, by=lea, user_id=org.ids["rita"], role="manager", team="West"
    )
    assert password is None and (person.role, person.team) == ("manager", "West")
    people.update_person(any_db, by=lea, user_id=org.ids["rita"], active=False)
    person, _ = people.update_person(any_db, by=lea, user_id=org.ids["rita"], active=True)
    assert person.status == "active"
    rita = f"user:{org.ids['rita']}"
    assert _audit(any_db) == [
        ("user.role", "lea@example.com", f"user:{org.ids['wes']}", {"from": "rep", "to": "manager"}),
        ("user.role", "lea@example.com", rita, {"from": "rep", "to": "manager"}),
        ("user.team", "lea@example.com", rita, {"from": "East", "to": "West"}),
        ("user.disable", "lea@example.com", rita, {}),
        ("user.enable", "lea@example.com", rita, {}),
    ]
    # Rita now manages West: she sees Wes, not East
    assert {p.name for p in people.list_people(any_db, actor=org.actor("rita")).people} == {
        "Rita",
        "Wes",
        "Will",
    }


def test_a_change_that_changes_nothing_writes_no_audit_entry(any_db: Database) -> None:
    org = _org(any_db)
    people.update_person(
        any_db, by=org.actor("lea"), user_id=org.ids["rita"], role="rep", team="East", active=True
    )
    assert _audit(any_db) == []


def test_a_manager_who_becomes_a_rep_stays_in_the_team_they_led(any_db: Database) -> None:
    org = _org(any_db)
    person, _ = people.update_person(any_db, by=org.actor("lea"), user_id=org.ids["max"], role="rep")
    assert (person.role, person.team) == ("rep", "East")
    assert org.actor("max").team_ids == org.actor("rita").team_ids  # East, now as a member


def test_leaders_and_delivery_users_belong_to_no_team(any_db: Database) -> None:
    org = _org(any_db)
    with pytest.raises(UserInvalid, match="a delivery belongs to no team"):
        people.update_person(any_db, by=org.actor("lea"), user_id=org.ids["dora"], team="East")
    # the team a form shows back for a rep made leader is no change
    person, _ = people.update_person(
        any_db, by=org.actor("lea"), user_id=org.ids["rita"], role="leader", team="East"
    )
    assert person.role == "leader"


def test_the_last_active_leader_can_neither_step_down_nor_be_deactivated(any_db: Database) -> None:
    org = _org(any_db)
    lea = org.actor("lea")
    with pytest.raises(UserInvalid, match="you are the last active leader"):
        people.update_person(any_db, by=lea, user_id=org.ids["lea"], role="manager")
    with pytest.raises(UserInvalid, match="you are the last active leader"):
        people.update_person(any_db, by=lea, user_id=org.ids["lea"], active=False)
    with pytest.raises(UserInvalid, match="this user is the last active leader"):
        users.change_role(any_db, email="lea@example.com", role="rep")  # the command line too
    with pytest.raises(UserInvalid, match="last active leader"):
        users.disable_user(any_db, email="lea@example.com")
    assert _audit(any_db) == []
    # with a second leader, she may step down
    people.update_person(any_db, by=lea, user_id=org.ids["will"], role="leader")
    person, _ = people.update_person(any_db, by=lea, user_id=org.ids["lea"], role="manager", team="East")
    assert (person.role, person.team) == ("manager", "East")


def test_a_refused_change_is_refused_whole(any_db: Database) -> None:
    org = _org(any_db)
    with pytest.raises(UserInvalid, match="belongs to no team"):
        # the role change is fine, the team is not: neither happens
        people.update_person(
            any_db, by=org.actor("lea"), user_id=org.ids["rita"], role="delivery", team="West"
        )
    assert people.get_person(any_db, actor=None, user_id=org.ids["rita"]).role == "rep"
    assert _audit(any_db) == []


def test_a_password_reset_returns_a_new_password_once_and_lifts_a_lockout(any_db: Database) -> None:
    org = _org(any_db)
    with any_db.session() as s:
        until = datetime.now(UTC) + timedelta(minutes=10)
        s.add(SignInThrottle(key="email:rita@example.com", failures=9, locked_until=until))
        s.commit()
    person, password = people.update_person(
        any_db, by=org.actor("lea"), user_id=org.ids["rita"], reset_password=True
    )
    assert password is not None and person.status == "active"
    assert (
        signin.sign_in(any_db, email="rita@example.com", password=password).actor.user_id == org.ids["rita"]
    )
    with pytest.raises(signin.SignInFailed):
        signin.sign_in(any_db, email="rita@example.com", password=PASSWORD)
    assert _audit(any_db)[-1][:3] == ("user.reset_password", "lea@example.com", f"user:{org.ids['rita']}")


def test_only_leaders_change_people_and_managers_cannot_see_other_teams(any_db: Database) -> None:
    org = _org(any_db)
    with pytest.raises(AccessDenied):
        people.update_person(any_db, by=org.actor("max"), user_id=org.ids["rita"], role="manager")
    with pytest.raises(AccessDenied):
        users.add_user(any_db, email="x@example.com", role="rep", password=None, by=org.actor("max"))
    assert people.get_person(any_db, actor=org.actor("max"), user_id=org.ids["rita"]).name == "Rita"
    with pytest.raises(NotFound):
        people.get_person(any_db, actor=org.actor("max"), user_id=org.ids["wes"])
    with pytest.raises(NotFound):
        people.update_person(any_db, by=org.actor("lea"), user_id=10**9, role="rep")


def test_names_and_teams_with_control_characters_or_too_long_are_refused(any_db: Database) -> None:
    _org(any_db)
    with pytest.raises(UserInvalid, match="name must not contain control characters"):
        users.add_user(any_db, email="a@example.com", role="rep", password=None, name="A\x00B")
    with pytest.raises(UserInvalid, match="team is longer than 120 characters"):
        users.add_user(any_db, email="a@example.com", role="rep", password=None, team="T" * 121)
    with pytest.raises(UserInvalid, match="is not an email address"):
        users.add_user(any_db, email="a\x00@example.com", role="rep", password=None)


def test_an_email_outside_ascii_is_refused_with_what_to_do_and_the_same_email_twice_is_a_clear_error(
    any_db: Database,
) -> None:
    _org(any_db)
    with pytest.raises(UserInvalid, match="outside ASCII: write it in ASCII"):
        users.add_user(any_db, email="\u00ee\u00d2@example.com", role="rep", password=None)
    users.add_user(any_db, email="Ann.Lee@Example.com", role="rep", password=None)
    with pytest.raises(UserInvalid, match="already exists"):
        users.add_user(any_db, email="ann.lee@example.COM", role="rep", password=None)


def test_two_leaders_demoting_each_other_at_once_leave_one_leader(any_db: Database) -> None:
    org = _org(any_db)
    people.update_person(any_db, by=None, user_id=org.ids["will"], role="leader")
    outcome: list[str] = []

    def demote_will() -> None:
        try:
            people.update_person(any_db, by=None, user_id=org.ids["will"], role="manager")
            outcome.append("demoted")
        except UserInvalid as exc:
            outcome.append(str(exc))

    with any_db.session() as first:
        lea = first.get(User, org.ids["lea"])
        assert lea is not None
        set_role(first, lea, "manager", by=None)
        first.flush()
        second = threading.Thread(target=demote_will)
        second.start()
        second.join(timeout=1.0)
        assert second.is_alive(), f"the second change did not wait for the first: {outcome}"
        first.commit()
    second.join(timeout=30)
    assert len(outcome) == 1 and "this user is the last active leader" in outcome[0]
