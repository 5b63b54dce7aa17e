"""The People page over HTTP: the list, its filters and CSV, adding a person, and each change a leader
makes on a person's page (and each refusal)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from repfocus.services import signin, users
from repfocus.store.models import AuditEntry, User
from tests.e2e.conftest import PASSWORD, World

Clients = Callable[[str], TestClient]


def _rows(html: str) -> list[str]:
    """The names in the people table, in order."""
    table = html.split('id="people"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<a href="/people/\d+">([^<]+)</a>', table)


def _actions(world: World) -> list[tuple[str, str]]:
    with world.db.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action.like("user.%")).order_by(AuditEntry.id))
        return [(a.action, a.target) for a in rows if a.action != "user.add" or a.actor_id is not None]


def test_a_leader_sees_everyone_with_role_team_and_status(world: World, client_for: Clients) -> None:
    users.disable_user(world.db, email=world.emails["other_rep"])
    page = client_for("leader").get("/people")
    assert page.status_code == 200
    assert _rows(page.text) == [
        f"Ada {p}" for p in ("DELIVERY", "LEADER", "MANAGER", "OTHER_MANAGER", "OTHER_REP", "REP")
    ]
    assert "deactivated" in page.text and 'id="add-person"' in page.text
    assert 'href="/people"' in page.text  # in the navigation


def test_the_list_filters_by_team_and_role_in_the_url(world: World, client_for: Clients) -> None:
    client = client_for("leader")
    assert _rows(client.get("/people?team=Team+B").text) == ["Ada OTHER_MANAGER", "Ada OTHER_REP"]
    assert _rows(client.get("/people?team=Team+A&role=rep").text) == ["Ada REP"]
    bad = client.get("/people?role=boss")
    assert bad.status_code == 422 and "role &#39;boss&#39; is not one of" in bad.text


def test_a_manager_reads_their_team_only_and_gets_no_forms(world: World, client_for: Clients) -> None:
    client = client_for("manager")
    page = client.get("/people")
    assert _rows(page.text) == ["Ada MANAGER", "Ada REP"]
    assert 'id="add-person"' not in page.text and 'href="/people"' in page.text
    person = client.get(f"/people/{world.ids['rep']}")
    assert person.status_code == 200 and 'id="role-form"' not in person.text
    assert client.get(f"/people/{world.ids['other_rep']}").status_code == 404


def test_reps_and_delivery_users_are_refused_and_do_not_see_the_link(client_for: Clients) -> None:
    for persona in ("rep", "delivery"):
        client = client_for(persona)
        assert client.get("/people").status_code == 403
        assert client.get("/people.csv").status_code == 403
        assert 'href="/people"' not in client.get("/tokens").text


def test_the_csv_export_follows_the_filters_and_defuses_formulas(world: World, client_for: Clients) -> None:
    client = client_for("leader")
    users.add_user(
        world.db, email="eve@example.com", role="rep", password=None, name="=HYPERLINK(1)", team="Team B"
    )
    reply = client.get("/people.csv?team=Team+B&role=rep")
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(reply.text)))
    assert rows[0] == ["id", "name", "email", "role", "team", "status", "created_at", "last_signed_in_at"]
    assert [(r[1], r[3], r[4], r[5]) for r in rows[1:]] == [
        ("'=HYPERLINK(1)", "rep", "Team B", "active"),
        ("Ada OTHER_REP", "rep", "Team B", "active"),
    ]
    assert 'href="/people.csv?team=Team+B&amp;role=rep"' in client.get("/people?team=Team+B&role=rep").text


def test_adding_a_person_without_a_password_shows_a_one_time_password_once(
    world: World, client_for: Clients
) -> None:
    client = client_for("leader")
    reply = client.post(
        "/people", data={"email": "nia@example.com", "name": "Nia New", "role": "rep", "team": "Team A"}
    )
    assert reply.status_code == 201
    password = re.search(r'id="initial-password">([^<]+)<', reply.text)
    assert password, reply.text
    nia = signin.sign_in(world.db, email="nia@example.com", password=password.group(1)).actor
    assert (nia.role, nia.name, nia.team_ids) == ("rep", "Nia New", frozenset({world.team_a}))
    again = client.get("/people")
    assert password.group(1) not in again.text and "Nia New" in again.text
    assert _actions(world) == [("user.add", f"user:{nia.user_id}")]


def test_adding_a_person_with_a_password_that_breaks_the_policy_keeps_the_form(client_for: Clients) -> None:
    client = client_for("leader")
    reply = client.post(
        "/people", data={"email": "weak@example.com", "name": "Weak", "role": "rep", "password": "short"}
    )
    assert reply.status_code == 422
    assert "password must be at least 12 characters long" in reply.text
    assert 'value="weak@example.com"' in reply.text
    dup = client.post("/people", data={"email": "REP@example.com", "role": "rep"})
    assert dup.status_code == 422 and "already exists" in dup.text


def test_adding_or_changing_people_needs_a_leader_and_the_csrf_token(
    world: World, client_for: Clients
) -> None:
    manager = client_for("manager")
    assert manager.post("/people", data={"email": "m@example.com", "role": "rep"}).status_code == 403
    rep_id = world.ids["rep"]
    assert manager.post(f"/people/{rep_id}", data={"role": "manager"}).status_code == 403
    assert manager.post(f"/people/{rep_id}/active", data={"active": "false"}).status_code == 403
    assert manager.post(f"/people/{rep_id}/password").status_code == 403
    leader = client_for("leader")
    del leader.headers["x-csrf-token"]
    assert leader.post(f"/people/{rep_id}", data={"role": "manager"}).status_code == 403
    assert leader.post("/people", data={"email": "c@example.com", "role": "rep"}).status_code == 403
    assert _actions(world) == []


def test_a_leader_changes_role_and_team_and_htmx_gets_the_card_only(
    world: World, client_for: Clients
) -> None:
    client = client_for("leader")
    rep_id = world.ids["rep"]
    reply = client.post(
        f"/people/{rep_id}", data={"role": "manager", "team": "Team B"}, headers={"HX-Request": "true"}
    )
    assert reply.status_code == 200
    assert reply.text.lstrip().startswith('<section class="card" id="person">') and "<html" not in reply.text
    assert 'id="person-role">manager<' in reply.text and 'id="person-team">Team B<' in reply.text
    assert _actions(world) == [("user.role", f"user:{rep_id}"), ("user.team", f"user:{rep_id}")]


def test_the_last_leader_gets_a_clear_error_when_stepping_down(world: World, client_for: Clients) -> None:
    client = client_for("leader")
    me = world.ids["leader"]
    full = client.post(f"/people/{me}", data={"role": "rep", "team": ""})
    assert full.status_code == 422 and "you are the last active leader" in full.text
    partial = client.post(f"/people/{me}/active", data={"active": "false"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and 'role="alert"' in partial.text
    assert "you are the last active leader" in partial.text
    assert client.get("/people").status_code == 200  # still a leader, still signed in


def test_deactivating_ends_the_persons_sessions_and_reactivating_lets_them_back(
    world: World, client_for: Clients
) -> None:
    rep = client_for("rep")
    leader = client_for("leader")
    rep_id = world.ids["rep"]
    off = leader.post(f"/people/{rep_id}/active", data={"active": "false"})
    assert off.status_code == 200 and 'id="person-status">deactivated' in off.text
    assert rep.get("/tokens", follow_redirects=False).status_code == 303
    on = leader.post(f"/people/{rep_id}/active", data={"active": "true"})
    assert 'id="person-status">active' in on.text
    assert _actions(world) == [("user.disable", f"user:{rep_id}"), ("user.enable", f"user:{rep_id}")]


def test_a_password_reset_shows_the_new_password_once(world: World, client_for: Clients) -> None:
    leader = client_for("leader")
    reply = leader.post(f"/people/{world.ids['rep']}/password")
    found = re.search(r'id="new-password">([^<]+)<', reply.text)
    assert reply.status_code == 200 and found
    assert signin.sign_in(world.db, email=world.emails["rep"], password=found.group(1)).actor.role == "rep"
    assert found.group(1) not in leader.get(f"/people/{world.ids['rep']}").text


def test_an_unknown_person_is_a_404_and_a_bad_id_a_422(client_for: Clients) -> None:
    client = client_for("leader")
    assert client.get("/people/999999").status_code == 404
    assert client.post("/people/999999", data={"role": "rep"}).status_code == 404
    assert client.get("/people/0").status_code == 422


def test_the_list_card_csv_and_api_say_when_each_person_last_signed_in(
    world: World, client_for: Clients
) -> None:
    with world.db.session() as s:  # nobody has signed in yet
        assert s.scalar(select(func.count()).where(User.last_signed_in_at.is_not(None))) == 0
    client = client_for("leader")  # signs in through the login form
    signin.sign_in(world.db, email=world.emails["rep"], password=PASSWORD)
    with world.db.session() as s:
        signed = {u.email: u.last_signed_in_at for u in s.scalars(select(User))}
    assert signed[world.emails["leader"]] is not None and signed[world.emails["rep"]] is not None
    assert signed[world.emails["other_rep"]] is None
    today = signed[world.emails["rep"]].strftime("%d %b %Y")
    rows = client.get("/people").text.split('id="people"', 1)[1].split("</table>", 1)[0].split("<tr>")
    rep_row = next(r for r in rows if "Ada REP<" in r)
    other_row = next(r for r in rows if "Ada OTHER_REP<" in r)
    assert today in rep_row and "never" in other_row
    card = client.get(f"/people/{world.ids['other_rep']}").text
    assert 'id="person-last-sign-in">never<' in card
    exported = list(csv.DictReader(io.StringIO(client.get("/people.csv").text)))
    by_email = {r["email"]: r["last_signed_in_at"] for r in exported}
    assert by_email[world.emails["rep"]].startswith(signed[world.emails["rep"]].strftime("%Y-%m-%dT%H:%M"))
    assert by_email[world.emails["other_rep"]] == ""
