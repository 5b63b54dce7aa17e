"""The playbook editor over HTTP: leaders and managers create and edit items (each save a revision with
who and when), errors shown beside their field, the live preview, and everyone else refused."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from repfocus.domain.access import Actor
from repfocus.domain.playbook import ItemDraft
from repfocus.services import playbook_items
from repfocus.services.playbook_files import load_starter_playbook
from tests.e2e.conftest import World

SLUG = "objection-rates-too-high"
BODY = """\
## Clarify first

- **Ask** what they compare with
- *then* restate value

| Profile | Rate |
|---|---|
| Senior | 95 |

<script>alert("pwned")</script> [bad](javascript:alert(1)) ![pixel](https://evil.example/p.png)
"""


@pytest.fixture
def starter(world: World) -> World:
    load_starter_playbook(world.db)
    return world


def _form(**fields: str | list[str]) -> dict[str, str | list[str]]:
    return {"kind": "insight", "title": "Speed wins", "body": BODY, **fields}


def _body_of(page: str) -> str:
    found = re.search(r'<div class="prose markdown" id="item-body">(.*?)</div>', page, re.S)
    assert found, "page has no rendered item body"
    return found.group(1)


def test_a_manager_creates_an_item_and_its_page_shows_the_body_as_safe_markdown(
    client_for: Callable[[str], TestClient], world: World
) -> None:
    client = client_for("manager")
    form = _form(
        stages=["evaluating", "deciding"], personas=["it_hiring_manager"], industries="Healthcare, IT"
    )
    reply = client.post("/playbook/new", data=form, follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == "/playbook/items/speed-wins"
    page = client.get("/playbook/items/speed-wins").text
    body = _body_of(page)
    assert "<h2>Clarify first</h2>" in body and "<li><strong>Ask</strong> what they compare with</li>" in body
    assert "<td>Senior</td>" in body and "<em>then</em>" in body
    assert "<script>" not in page.replace('<script src="', "") and "&lt;script&gt;" in body
    assert "javascript:" not in re.sub(r"\[bad\]\(javascript:alert\(1\)\)", "", body)
    assert "evil.example" not in body and "[image: pixel]" in body
    view = playbook_items.get_item(world.db, slug="speed-wins")
    assert view.draft.stages == ("evaluating", "deciding") and view.draft.industries == ("healthcare", "it")
    assert [(r.version, r.changed_by) for r in view.revisions] == [(1, "Ada MANAGER")]
    assert "Ada MANAGER" in page and "Edit this item" in page


def test_search_results_stay_escaped_text_with_highlights_not_rendered_markdown(
    client_for: Callable[[str], TestClient],
) -> None:
    client = client_for("leader")
    client.post("/playbook/new", data=_form(title="Speed <i>wins</i>"), follow_redirects=False)
    results = client.get("/playbook/results", params={"q": "clarify"}).text
    assert "<mark>Clarify</mark>" in results
    assert "&lt;script&gt;" in results and "<h2>" not in results and "<strong>" not in results
    assert "Speed &lt;i&gt;wins&lt;/i&gt;" in results


def test_every_broken_rule_is_shown_beside_its_field_and_nothing_is_saved(
    client_for: Callable[[str], TestClient], world: World
) -> None:
    client = client_for("leader")
    form = _form(kind="email_template", title="", body="Hi {{ contact.first_name }}", stages=["someday"])
    reply = client.post("/playbook/new", data={**form, "slug": "Not A Slug"})
    assert reply.status_code == 422
    page = reply.text
    assert "Not saved: 4 problems to fix" in page
    for field, reason in (
        ("slug", "is not lowercase words joined by hyphens"),
        ("title", "is empty"),
        ("stages", "unknown value &#39;someday&#39;"),
        ("subject", "an email template needs a subject line"),
    ):
        assert re.search(rf'<span class="field-error" id="{field}-error">[^<]*{reason}', page), field
        assert f'aria-describedby="{field}-error"' in page
    assert "Hi {{ contact.first_name }}</textarea>" in page  # the typed body is kept
    assert client.get("/playbook/items/not-a-slug").status_code == 404


def test_a_slug_in_use_is_refused_instead_of_overwriting_that_item(
    client_for: Callable[[str], TestClient], starter: World
) -> None:
    client = client_for("manager")
    reply = client.post("/playbook/new", data=_form(slug=SLUG))
    assert reply.status_code == 422
    assert "is already used by the item" in reply.text and 'id="slug-error"' in reply.text
    assert playbook_items.get_item(starter.db, slug=SLUG).version == 1


def test_editing_saves_a_new_revision_with_who_and_what_changed(
    client_for: Callable[[str], TestClient], starter: World
) -> None:
    client = client_for("other_manager")
    editor = client.get(f"/playbook/items/{SLUG}/edit")
    assert editor.status_code == 200
    assert 'name="version" value="1"' in editor.text and "RepFocus starter playbook" in editor.text
    assert 'hx-post="/playbook/preview"' in editor.text
    before = playbook_items.get_item(starter.db, slug=SLUG).draft
    form = {
        "kind": before.kind,
        "title": before.title,
        "summary": before.summary,
        "stages": list(before.stages),
        "personas": list(before.personas),
        "service_lines": list(before.service_lines),
        "body": before.body + "\n\n**Never** discount first.",
        "version": "1",
    }
    reply = client.post(f"/playbook/items/{SLUG}/edit", data=form, follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == f"/playbook/items/{SLUG}"
    view = playbook_items.get_item(starter.db, slug=SLUG)
    assert view.version == 2 and view.draft.personas == before.personas
    latest = view.revisions[0]
    assert (latest.version, latest.changed_by, list(latest.changes)) == (2, "Ada OTHER_MANAGER", ["body"])
    page = client.get(f"/playbook/items/{SLUG}").text
    assert "<strong>Never</strong> discount first." in _body_of(page)
    assert "Ada OTHER_MANAGER" in page and "RepFocus starter playbook" in page


def test_a_save_over_someone_elses_newer_version_is_refused_until_saved_again(
    client_for: Callable[[str], TestClient], starter: World
) -> None:
    client = client_for("manager")
    draft = playbook_items.get_item(starter.db, slug=SLUG).draft
    leader = Actor(starter.ids["leader"], "leader", frozenset(), "leader@example.com", "Ada LEADER")
    edited = ItemDraft(**{**draft.as_dict(), "stages": ("deciding",), "personas": (), "service_lines": ()})
    playbook_items.upsert_item(starter.db, actor=leader, draft=edited)  # version 2, saved meanwhile
    form = {"kind": draft.kind, "title": "Mine", "body": "My text", "version": "1"}
    reply = client.post(f"/playbook/items/{SLUG}/edit", data=form)
    assert reply.status_code == 409
    assert "Ada LEADER saved version 2 while you were editing" in reply.text
    assert "My text</textarea>" in reply.text and 'name="version" value="2"' in reply.text
    assert playbook_items.get_item(starter.db, slug=SLUG).draft.title == draft.title
    again = client.post(f"/playbook/items/{SLUG}/edit", data={**form, "version": "2"}, follow_redirects=False)
    assert again.status_code == 303
    assert playbook_items.get_item(starter.db, slug=SLUG).draft.title == "Mine"


def test_the_preview_renders_markdown_safely_and_needs_the_csrf_token(
    client_for: Callable[[str], TestClient],
) -> None:
    client = client_for("manager")
    reply = client.post("/playbook/preview", data={"body": BODY}, headers={"HX-Request": "true"})
    assert reply.status_code == 200
    assert "<h2>Clarify first</h2>" in reply.text and "&lt;script&gt;" in reply.text
    assert "<script>" not in reply.text and "<img" not in reply.text and "<html" not in reply.text
    assert "Nothing to preview yet" in client.post("/playbook/preview", data={"body": "  "}).text
    assert (
        "longer than 20000 characters" in client.post("/playbook/preview", data={"body": "x" * 20_001}).text
    )
    token = client.headers.pop("x-csrf-token")
    assert client.post("/playbook/preview", data={"body": "**x**"}).status_code == 403
    assert client.post("/playbook/preview", data={"body": "**x**", "csrf_token": token}).status_code == 200


def test_reps_and_delivery_may_not_open_or_use_the_editor(
    client_for: Callable[[str], TestClient], starter: World
) -> None:
    for persona in ("rep", "delivery"):
        client = client_for(persona)
        assert client.get("/playbook/new").status_code == 403
        assert client.get(f"/playbook/items/{SLUG}/edit").status_code == 403
        reply = client.post(f"/playbook/items/{SLUG}/edit", data=_form(version="1"))
        assert reply.status_code == 403
        assert client.post("/playbook/new", data=_form()).status_code == 403
        assert client.post("/playbook/preview", data={"body": "x"}).status_code == 403
    assert playbook_items.get_item(starter.db, slug=SLUG).version == 1
    rep_page = client_for("rep").get(f"/playbook/items/{SLUG}").text
    assert "Edit this item" not in rep_page and "/playbook/new" not in client_for("rep").get("/playbook").text
    assert "/playbook/new" in client_for("manager").get("/playbook").text
    template = "/playbook/templates/email-cold-intro-it-hiring-manager"
    assert "Edit this template" in client_for("leader").get(template).text
    assert "Edit this template" not in client_for("rep").get(template).text


def test_editing_an_unknown_item_is_not_found_and_creates_nothing(
    client_for: Callable[[str], TestClient], world: World
) -> None:
    client = client_for("leader")
    assert client.get("/playbook/items/no-such-item/edit").status_code == 404
    assert client.post("/playbook/items/no-such-item/edit", data=_form()).status_code == 404
    assert client.get("/playbook/items/no-such-item").status_code == 404


def test_a_new_item_without_a_slug_gets_one_from_its_title(
    client_for: Callable[[str], TestClient], world: World
) -> None:
    client = client_for("leader")
    reply = client.post("/playbook/new", data=_form(title="Café: the 2-week rule!"), follow_redirects=False)
    assert reply.headers["location"] == "/playbook/items/cafe-the-2-week-rule"


def test_a_slug_that_cannot_be_made_from_the_title_says_so(client_for: Callable[[str], TestClient]) -> None:
    reply = client_for("leader").post("/playbook/new", data=_form(title="!!!"))
    assert reply.status_code == 422
    assert "could not be made from the title; type one" in reply.text
