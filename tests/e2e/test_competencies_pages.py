"""The competency pages over HTTP: the overview, a rep's grid (dots, last scores, evidence, the flag), the
rating and training forms with errors naming the field, "mark done" with HTMX, a rep's own read-only view."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient

from repfocus.services import competencies, training
from tests.e2e.conftest import World

TODAY = date.today()


def _row(html: str, competency: str) -> str:
    found = re.search(rf'<tr data-competency="{competency}".*?</tr>', html, re.S)
    assert found is not None, competency
    return found.group(0)


def test_a_manager_rates_from_the_form_and_the_grid_shows_dots_trend_and_evidence(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    competencies.rate(
        world.db,
        actor=None,
        rep_email="rep@example.com",
        competency="objection_handling",
        score=4,
        rated_on=TODAY - timedelta(days=120),
    )
    client = client_for("manager")
    form = {
        "competency": "objection_handling",
        "score": "2",
        "rated_on": TODAY.isoformat(),
        "evidence": "Folded when the buyer said 'too expensive'.",
    }
    reply = client.post("/coaching/competencies/rep@example.com/ratings", data=form, follow_redirects=False)
    assert reply.status_code == 303, reply.text
    page = client.get(reply.headers["location"]).text
    assert "Rating added." in page
    row = _row(page, "objection_handling")
    assert 'class="needs-training"' in row
    assert row.count('class="dot on"') == 2 and row.count('class="dot"') == 3
    assert "4 → 2" in row and "<polyline" in row
    assert "Folded when the buyer said &#39;too expensive&#39;." in row
    assert "−2" in row  # the 90-day change: the 4 counted 90 days ago
    assert "not rated" in _row(page, "negotiation")
    assert 'href="?train=objection_handling#assign-training"' in row
    prefilled = client.get("/coaching/competencies/rep@example.com?train=objection_handling").text
    form = re.search(r'<form[^>]*id="assign-training".*?</form>', prefilled, re.S)
    assert form is not None and '<option value="objection_handling" selected>' in form.group(0)
    history = re.search(r'<details id="rating-history">.*?</details>', page, re.S)
    assert history is not None and "All 2 ratings" in history.group(0)
    assert "manager@example.com" in history.group(0)  # who rated; the older one came from the command line
    overview = client.get("/coaching/competencies").text
    line = re.search(r'<tr data-rep="rep@example.com">.*?</tr>', overview, re.S)
    assert line is not None and "Objection handling <strong>2</strong>" in line.group(0)


def test_a_bad_rating_or_assignment_is_shown_again_naming_the_field(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("leader")
    url = "/coaching/competencies/rep@example.com"
    cases = [
        (
            f"{url}/ratings",
            {"competency": "charm", "score": "3"},
            "Competency: &#39;charm&#39; is not a competency",
        ),
        (f"{url}/ratings", {"competency": "negotiation", "score": "9"}, "Score: 9 is outside 1-5"),
        (
            f"{url}/ratings",
            {"competency": "negotiation", "score": "x"},
            "Score: &#39;x&#39; is not a whole number",
        ),
        (
            f"{url}/ratings",
            {"competency": "negotiation", "score": "3", "rated_on": "soon"},
            "Rated on: &#39;soon&#39;",
        ),
        (f"{url}/training", {"title": "  "}, "Title: is empty"),
        (f"{url}/training", {"title": "Study", "due_on": "2000-01-01"}, "Due: 2000-01-01 is before"),
        (
            f"{url}/training",
            {"title": "Study", "playbook_item_id": "77"},
            "Playbook item: there is no playbook item 77",
        ),
    ]
    for path, data, message in cases:
        reply = client.post(path, data=data)
        assert reply.status_code == 422, data
        assert message in reply.text, reply.text
    kept = client.post(f"{url}/training", data={"title": "Keep me", "due_on": "2000-01-01"})
    assert 'value="Keep me"' in kept.text
    assert competencies.list_ratings(world.db, actor=None) == []
    assert training.list_training(world.db, actor=None) == []


def test_training_is_assigned_and_the_rep_marks_it_done_in_place_with_htmx(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    manager = client_for("manager")
    data = {"title": "Study the procurement profile", "competency": "talking_money", "persona": "procurement"}
    reply = manager.post("/coaching/competencies/rep@example.com/training", data=data, follow_redirects=False)
    assert reply.status_code == 303
    page = manager.get(reply.headers["location"]).text
    assert "Training assigned." in page and 'href="/playbook/personas/procurement"' in page
    [made] = training.list_training(world.db, actor=None)
    rep = client_for("rep")
    own = rep.get("/coaching/competencies/rep@example.com").text
    assert "rate-competency" not in own and "assign-training" not in own
    assert f'hx-post="/coaching/training/{made.id}/done"' in own
    done = rep.post(
        f"/coaching/training/{made.id}/done",
        data={"note": "Read it, tried it."},
        headers={"HX-Request": "true"},
    )
    assert done.status_code == 200
    assert done.text.strip().startswith(f'<li id="training-{made.id}" class="training done">')
    assert "Read it, tried it." in done.text and "Mark done" not in done.text
    [after] = training.list_training(world.db, actor=None)
    assert (after.status, after.completed_on, after.note) == ("done", TODAY, "Read it, tried it.")
    assert "Open again" not in done.text  # the rep cannot reopen it
    assert rep.post(f"/coaching/training/{made.id}/undone").status_code == 403
    reopened = manager.post(f"/coaching/training/{made.id}/undone", headers={"HX-Request": "true"})
    assert f'<li id="training-{made.id}" class="training">' in reopened.text and "Mark done" in reopened.text
    assert training.list_training(world.db, actor=None)[0].status == "assigned"
    plain = manager.post(f"/coaching/training/{made.id}/done", follow_redirects=False)
    assert (plain.status_code, plain.headers["location"]) == (303, "/coaching/competencies/rep%40example.com")


def test_a_rep_sees_only_their_own_grid_and_cannot_rate(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("rep")
    assert client.get("/coaching/competencies/other.rep@example.com").status_code == 404
    assert "other.rep@example.com" not in client.get("/coaching/competencies").text
    refused = client.post(
        "/coaching/competencies/rep@example.com/ratings", data={"competency": "negotiation", "score": "5"}
    )
    assert refused.status_code == 403
    assert competencies.list_ratings(world.db, actor=None) == []


def test_the_coaching_pages_link_to_the_competencies(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("leader")
    assert 'href="/coaching/competencies"' in client.get("/coaching").text
    assert (
        'href="/coaching/competencies/rep%40example.com"' in client.get("/coaching/reps/rep@example.com").text
    )


def test_the_diagnosis_card_shows_the_ratings_that_need_training_beside_the_measured_signals(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    manager = client_for("manager")
    page = manager.get("/diagnosis/reps/rep@example.com").text
    assert 'id="competency-ratings"' in page and "No competency rated yet." in page
    assert 'href="/coaching/competencies/rep%40example.com">Rate them' in page
    for competency, score, days_ago, evidence in (
        ("talking_money", 4, 100, None),
        ("talking_money", 2, 1, "Dropped the rate at the first push-back."),
        ("negotiation", 4, 1, None),
    ):
        competencies.rate(
            world.db,
            actor=None,
            rep_email="rep@example.com",
            competency=competency,
            score=score,
            rated_on=TODAY - timedelta(days=days_ago),
            evidence=evidence,
        )
    page = manager.get("/diagnosis/reps/rep@example.com").text
    section = re.search(r'<section id="competency-ratings">.*?</section>', page, re.S)
    assert section is not None
    text = section.group(0)
    assert "Needs training in 1 of 2 rated competencies" in text
    assert "Talking money (rates) 2/5</strong> (-2 in 90 days)" in text
    assert "Dropped the rate at the first push-back." in text and "Negotiation" not in text
    own = client_for("rep").get("/diagnosis/reps/rep@example.com").text
    assert "Needs training in 1 of 2" in own  # the rep reads their own ratings
