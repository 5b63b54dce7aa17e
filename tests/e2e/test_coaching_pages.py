"""The coaching pages over HTTP: the overview, a rep's history and form (prefilled from the diagnosis card),
recording a session, errors naming the field, action items ticked with HTMX, a rep's read-only view."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient

from repfocus.services import coaching
from tests.e2e.conftest import World

TODAY = date.today()


def _form(**kw: str) -> dict[str, str]:
    return {
        "focus": "competencies",
        "persona": "it_hiring_manager",
        "held_on": (TODAY - timedelta(days=2)).isoformat(),
        "note": "Role-played the opener with an IT hiring manager.",
        "action_text_0": "Call 10 IT hiring managers",
        "action_due_0": (TODAY - timedelta(days=1)).isoformat(),
        "action_text_2": "Send the case study",
        "action_due_2": (TODAY + timedelta(days=7)).isoformat(),
        **kw,
    }


def test_a_manager_records_a_session_from_the_form_and_sees_it_in_the_history(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("manager")
    page = client.get("/coaching/reps/rep@example.com?focus=motivation")
    assert page.status_code == 200
    assert '<option value="motivation" selected>' in page.text
    reply = client.post("/coaching/reps/rep@example.com/sessions", data=_form(), follow_redirects=False)
    assert reply.status_code == 303, reply.text
    history = client.get(reply.headers["location"]).text
    assert "Session recorded." in history
    assert "Call 10 IT hiring managers" in history and "Send the case study" in history
    assert history.count('class="coaching-action overdue"') == 1
    overview = client.get("/coaching").text
    row = re.search(r'<tr data-rep="rep@example.com">.*?</tr>', overview, re.S)
    assert row is not None
    assert re.findall(r'<td class="num">(?:<strong class="error">)?(\d+)', row.group(0)) == ["2", "1"]


def test_a_bad_form_is_shown_again_naming_the_field_and_keeping_the_input(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("leader")
    early = (TODAY - timedelta(days=30)).isoformat()
    cases = [
        (_form(action_due_2=early), "Action 3 due date:"),
        (_form(action_due_0=""), "Action 1 due date: give the day"),
        (_form(held_on="yesterday"), "Held on: &#39;yesterday&#39; is not a date"),
        (_form(focus=""), "Focus: &#39;&#39; is not a root cause"),
    ]
    for data, message in cases:
        reply = client.post("/coaching/reps/rep@example.com/sessions", data=data)
        assert reply.status_code == 422, data
        assert message in reply.text, reply.text
        assert "Role-played the opener" in reply.text  # the note is kept
    assert coaching.list_sessions(world.db, actor=None) == []


def test_an_action_item_is_ticked_done_and_open_again_with_htmx(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    made = coaching.add_session(
        world.db,
        actor=None,
        rep_email="rep@example.com",
        coach_email="manager@example.com",
        focus="dna",
        held_on=TODAY - timedelta(days=3),
        actions=[coaching.ActionDraft("Ask for the meeting twice", TODAY - timedelta(days=1))],
    )
    action = made.actions[0].id
    client = client_for("manager")
    hx = {"HX-Request": "true"}
    done = client.post(f"/coaching/actions/{action}/done", headers=hx)
    assert done.status_code == 200
    assert done.text.strip().startswith(f'<li id="action-{action}" class="coaching-action done">')
    assert f'hx-post="/coaching/actions/{action}/undone"' in done.text
    opened = client.post(f"/coaching/actions/{action}/undone", headers=hx)
    assert 'class="coaching-action overdue"' in opened.text
    assert not coaching.list_sessions(world.db, actor=None)[0].actions[0].done
    back = "/coaching/reps/rep@example.com"
    plain = client.post(f"/coaching/actions/{action}/done", data={"back": back}, follow_redirects=False)
    assert (plain.status_code, plain.headers["location"]) == (303, back)
    away = client.post(
        f"/coaching/actions/{action}/undone", data={"back": "//evil.example"}, follow_redirects=False
    )
    assert away.headers["location"] == "/coaching"


def test_a_rep_sees_their_own_coaching_read_only_and_not_others(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    coaching.add_session(
        world.db,
        actor=None,
        rep_email="rep@example.com",
        coach_email="leader@example.com",
        focus="direction",
        actions=[coaching.ActionDraft("Read the bullseye", TODAY + timedelta(days=3))],
    )
    client = client_for("rep")
    page = client.get("/coaching/reps/rep@example.com")
    assert page.status_code == 200
    assert "Read the bullseye" in page.text
    assert "record-session" not in page.text and "Mark done" not in page.text
    assert client.get("/coaching/reps/other.rep@example.com").status_code == 404
    assert "other.rep@example.com" not in client.get("/coaching").text
    refused = client.post("/coaching/reps/rep@example.com/sessions", data=_form())
    assert refused.status_code == 403


def test_the_diagnosis_card_links_to_coaching_on_the_top_findings_cause(client: TestClient) -> None:
    linked = 0
    for email in (
        "ada@example.com",
        "ben@example.com",
        "cleo@example.com",
        "dev@example.com",
        "finn@example.com",
    ):
        card = client.get(f"/diagnosis/reps/{email}").text
        link = re.search(r'id="plan-coaching" href="([^"]+)"', card)
        assert link is not None, email
        top = re.search(r'class="finding-card sev-\w+" data-cause="(\w+)"', card)
        href = link.group(1)
        if top is None:
            assert "?focus=" not in href
            continue
        linked += 1
        assert href.endswith(f"?focus={top.group(1)}")
        page = client.get(href)
        assert page.status_code == 200
        assert f'<option value="{top.group(1)}" selected>' in page.text
    assert linked >= 1
