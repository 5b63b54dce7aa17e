"""The playbook over HTTP: pages (library, item, template with preview, persona) and /api/v1/playbook,
with user text escaped everywhere and strict input."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from repfocus.services.playbook_files import load_starter_playbook
from repfocus.store.models import Activity, User
from tests.e2e.conftest import World
from tests.factories import make_account, make_contact

XSS = '<script>alert("pwned")</script>'


@pytest.fixture
def buyer(world: World) -> str:
    load_starter_playbook(world.db)
    with world.db.session() as s:
        account = make_account(s, name="Globex")
        make_contact(s, account_id=account.id, name="Dana Smith", email="dana@globex.example", title=None)
        s.commit()
    return "dana@globex.example"


def _api(client: TestClient, world: World, persona: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token(persona)}"}


def _name(world: World, persona: str) -> str:
    with world.db.session() as s:
        return str(s.scalar(select(User.name).where(User.id == world.ids[persona])))


def _put_xss_item(client: TestClient, world: World) -> None:
    body = {
        "kind": "insight",
        "title": f"Margin {XSS}",
        "body": f"Margin talk {XSS} & more",
        "stages": ["deciding"],
    }
    reply = client.put("/api/v1/playbook/items/xss-margin", json=body, headers=_api(client, world, "leader"))
    assert reply.status_code == 200, reply.text
    assert reply.json()["revisions"][0]["changed_by"] == _name(world, "leader")


def test_api_search_escapes_user_text_in_highlights(
    client_for: Callable[[str], TestClient], world: World, buyer: str
) -> None:
    client = client_for("rep")
    _put_xss_item(client, world)
    reply = client.get(
        "/api/v1/playbook/items",
        params={"q": "margin", "stage": "deciding"},
        headers=_api(client, world, "rep"),
    )
    assert reply.status_code == 200
    hit = next(r for r in reply.json()["results"] if r["slug"] == "xss-margin")
    assert "<script>" not in hit["title_html"] + hit["snippet_html"]
    assert hit["title_html"] == "<mark>Margin</mark> &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;"


def test_pages_escape_user_text_and_use_no_inline_script(
    client_for: Callable[[str], TestClient], world: World, buyer: str
) -> None:
    client = client_for("manager")
    _put_xss_item(client, world)
    for url in ("/playbook?q=margin", "/playbook/results?q=margin", "/playbook/items/xss-margin"):
        page = client.get(url)
        assert page.status_code == 200
        assert XSS not in page.text and "&lt;script&gt;" in page.text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text), f"inline script on {url}"
    assert "<mark>Margin</mark>" in client.get("/playbook/results?q=margin").text


def test_template_page_previews_for_a_contact_flags_missing_fields_and_offers_copy(
    client_for: Callable[[str], TestClient], world: World, buyer: str
) -> None:
    client = client_for("rep")
    page = client.get("/playbook/templates/email-contact-new-role", params={"contact": buyer}).text
    assert "Congratulations on your new role as [missing: contact.title] at Globex!" in page
    assert "Missing merge fields: contact.title" in page
    assert 'data-copy-target="email-body"' in page and "/static/playbook.js" in page
    assert "log the email" not in page  # not sendable while a field is missing
    page = client.get(
        "/playbook/templates/email-cold-intro-it-hiring-manager", params={"contact": buyer}
    ).text
    assert "Hi Dana," in page and "I sent it" in page
    script = client.get("/static/playbook.js")
    assert script.status_code == 200 and "navigator.clipboard" in script.text


def test_logging_a_sent_template_from_the_page_records_the_reps_email(
    client_for: Callable[[str], TestClient], world: World, buyer: str
) -> None:
    client = client_for("rep")
    reply = client.post(
        "/playbook/templates/email-cold-intro-it-hiring-manager/use",
        data={"contact": buyer},
        follow_redirects=False,
    )
    assert reply.status_code == 303 and "sent=1" in reply.headers["location"]
    with world.db.session() as s:
        logged = s.scalars(select(Activity).where(Activity.category == "prospecting_email")).all()
    assert [(a.rep_id, a.subject) for a in logged] == [
        (world.ids["rep"], "Globex engineering team: a quick question")
    ]


def test_persona_page_shows_the_profile_and_its_items(
    client_for: Callable[[str], TestClient], world: World, buyer: str
) -> None:
    page = client_for("leader").get("/playbook/personas/procurement")
    assert page.status_code == 200
    assert "Usual objections to staffing firms" in page.text and "Our supplier list is closed" in page.text
    assert "/playbook/items/objection-approved-vendor-list" in page.text
    assert client_for("leader").get("/playbook/personas/astronaut").status_code == 404


def test_api_render_rejects_unsafe_templates_and_lists_missing_fields(
    client_for: Callable[[str], TestClient], world: World, buyer: str
) -> None:
    client = client_for("rep")
    auth = _api(client, world, "rep")
    reply = client.post(
        "/api/v1/playbook/render",
        json={"contact_email": buyer, "template": "{{ cycler.__init__.__globals__ }}"},
        headers=auth,
    )
    assert reply.status_code == 422
    assert (
        reply.json()["detail"]["error"] == "template_rejected"
        and "unsafe" in reply.json()["detail"]["reason"]
    )
    reply = client.post(
        "/api/v1/playbook/render",
        json={"contact_email": buyer, "template": "Dear {{ contact.title }}"},
        headers=auth,
    )
    assert reply.status_code == 200 and reply.json()["missing"] == ["contact.title"]


def test_api_inputs_are_strict(client_for: Callable[[str], TestClient], world: World, buyer: str) -> None:
    client = client_for("leader")
    auth = _api(client, world, "leader")
    bad_types = {"kind": "insight", "title": "T", "body": "B", "stages": "deciding"}
    assert client.put("/api/v1/playbook/items/t", json=bad_types, headers=auth).status_code == 422
    bad_tag = {"kind": "insight", "title": "T", "body": "B", "stages": ["someday"]}
    reply = client.put("/api/v1/playbook/items/t", json=bad_tag, headers=auth)
    assert reply.status_code == 422 and reply.json()["detail"]["problems"][0]["field"] == "stages"
    extra = {"contact_email": buyer, "slug": "email-referral", "bcc": "x@example.com"}
    assert client.post("/api/v1/playbook/render", json=extra, headers=auth).status_code == 422


def test_api_use_logs_for_the_token_user_and_refuses_missing_fields(
    client_for: Callable[[str], TestClient], world: World, buyer: str
) -> None:
    client = client_for("rep")
    auth = _api(client, world, "rep")
    reply = client.post(
        "/api/v1/playbook/templates/email-referral/use", json={"contact_email": buyer}, headers=auth
    )
    assert reply.status_code == 422 and reply.json()["detail"]["missing"] == ["details.referrer_name"]
    reply = client.post(
        "/api/v1/playbook/templates/email-referral/use",
        json={"contact_email": buyer, "details": {"referrer_name": "Ann Lee"}},
        headers=auth,
    )
    assert reply.status_code == 201 and reply.json()["subject"] == "Ann Lee suggested I reach out"
    usage = client.get("/api/v1/playbook/usage", headers=auth).json()
    assert [(r["email"], r["emails_sent"]) for r in usage["reps"]] == [(world.emails["rep"], 1)]


def test_a_reps_visits_and_copies_count_as_item_use(
    client_for: Callable[[str], TestClient], world: World, buyer: str
) -> None:
    client = client_for("rep")
    assert client.get("/playbook/items/objection-rates-too-high").status_code == 200
    assert client.post("/playbook/items/objection-rates-too-high/copied").status_code == 204
    assert client.post("/playbook/items/no-such-item/copied").status_code == 404
    usage = client.get("/api/v1/playbook/usage", headers=_api(client, world, "rep")).json()
    [rep] = usage["reps"]
    assert (rep["item_uses"], rep["template_uses"], rep["distinct_items"]) == (2, 0, 1)
    assert usage["items"] == [
        {
            "slug": "objection-rates-too-high",
            "title": '"Your rates are too high"',
            "kind": "objection_response",
            "uses": 2,
            "reps": 1,
            "emails_sent": 0,
        }
    ]


def test_next_best_page_explains_each_suggestion(
    client_for: Callable[[str], TestClient], world: World, buyer: str
) -> None:
    client = client_for("rep")
    page = client.get("/playbook/next", params={"contact": buyer}).text
    assert "no conversation with the account in the last 90 days" in page
    assert "/playbook/templates/email-cold-intro-it-hiring-manager?contact=dana%40globex.example" in page
    assert page.count('class="reason"') == 4
    assert (
        "no contact with email" in client.get("/playbook/next", params={"contact": "x@nowhere.example"}).text
    )


def test_usage_page_shows_only_the_reps_the_user_may_see(
    client_for: Callable[[str], TestClient], world: World, buyer: str
) -> None:
    rep = client_for("rep")
    rep.post("/playbook/templates/email-cold-intro-it-hiring-manager/use", data={"contact": buyer})
    own = rep.get("/playbook/usage").text
    assert _name(world, "rep") in own and _name(world, "other_rep") not in own
    assert "Cold introduction to an IT hiring manager" in own
    everyone = client_for("leader").get("/playbook/usage").text
    assert _name(world, "other_rep") in everyone
