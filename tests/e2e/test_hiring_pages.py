"""The hiring pages over HTTP: the ranked list with a bar per trait, adding a candidate, recording a
scorecard from the form, a bad form shown again naming the field, status changes, the leader's weights."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from repfocus.domain.hiring import TRAITS
from repfocus.services import hiring
from repfocus.store.db import Database
from tests.e2e.conftest import World, leader_client
from tests.integration.test_diagnosis_on_imported_csv import PERIOD, build_planted_org


def _scorecard(**kw: str) -> dict[str, str]:
    return {
        **{f"rating_{t}": "4" for t in TRAITS},
        "rating_persistence": "5",
        "note_persistence": "Called back after two noes.",
        **kw,
    }


def test_a_manager_adds_a_candidate_scores_them_and_sees_the_ranking(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("manager")
    assert "No candidates yet" in client.get("/hiring").text
    reply = client.post(
        "/hiring/candidates",
        data={"name": "Hana Hunter", "role": "Account executive", "source": "referral"},
        follow_redirects=False,
    )
    assert reply.status_code == 303, reply.text
    page_url = reply.headers["location"]
    cid = int(page_url.rsplit("/", 1)[1])
    scored = client.post(f"{page_url}/scorecards", data=_scorecard(), follow_redirects=False)
    assert scored.status_code == 303, scored.text
    page = client.get(scored.headers["location"]).text
    assert "Scorecard recorded." in page and "Called back after two noes." in page
    assert "Needs another interview" in page and "by manager@example.com" in page
    hiring.add_candidate(world.db, actor=None, name="Zed Unscored", role="AE")
    listing = client.get("/hiring").text
    rows = re.findall(r'<tr data-candidate="(\d+)">', listing)
    assert rows[0] == str(cid) and len(rows) == 2
    assert listing.count("<meter ") == len(TRAITS)  # a bar per trait for the scored candidate only
    assert "82.5" in listing and "needs another interview" in listing
    assert 'id="set-weights"' not in listing  # managers read the weights; leaders set them


def test_a_bad_scorecard_is_shown_again_naming_the_field_and_keeping_the_input(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("leader")
    cid = hiring.add_candidate(world.db, actor=None, name="Ola", role="AE").id
    cases = [
        (_scorecard(rating_money_talk=""), "Talking money rating: is missing"),
        (_scorecard(rating_assertiveness="9"), "Assertiveness rating: 9 is outside 1-5"),
        (_scorecard(interviewed_on="soon"), "Interviewed on: &#39;soon&#39; is not a date"),
        (_scorecard(note_prospecting_drive="x" * 1001), "Prospecting drive notes: is 1001 characters"),
    ]
    for data, message in cases:
        reply = client.post(f"/hiring/candidates/{cid}/scorecards", data=data)
        assert reply.status_code == 422, data
        assert message in reply.text, reply.text
        assert "Called back after two noes." in reply.text  # the evidence typed is kept
    assert hiring.candidate_detail(world.db, actor=None, candidate_id=cid)[1] == []
    bad = client.post("/hiring/candidates", data={"name": "", "role": "AE"})
    assert bad.status_code == 422 and "Name: is empty" in bad.text


def test_the_status_changes_and_the_leader_sets_weights(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("leader")
    cid = hiring.add_candidate(world.db, actor=None, name="Pat", role="AE").id
    moved = client.post(f"/hiring/candidates/{cid}/status", data={"status": "offer"}, follow_redirects=False)
    assert moved.status_code == 303
    assert '<option value="offer" selected>' in client.get(moved.headers["location"]).text
    wrong = client.post(f"/hiring/candidates/{cid}/status", data={"status": "ghosted"})
    assert wrong.status_code == 422 and "Status: &#39;ghosted&#39; is not a status" in wrong.text
    weights = {f"weight_{t}": "0.2" for t in TRAITS}
    assert client.post("/hiring/weights", data={**weights, "weight_money_talk": "0.5"}).status_code == 422
    saved = client.post("/hiring/weights", data=weights, follow_redirects=False)
    assert saved.status_code == 303
    assert "Weights saved." in client.get(saved.headers["location"]).text
    assert hiring.compare(world.db, actor=None).weights == dict.fromkeys(TRAITS, 0.2)


def test_a_candidate_s_details_are_edited_on_their_page_and_a_bad_one_is_shown_again(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("manager")
    cid = hiring.add_candidate(world.db, actor=None, name="Quinn", role="AE", source="job board").id
    page = client.get(f"/hiring/candidates/{cid}").text
    assert 'id="edit-details"' in page and 'value="job board"' in page
    data = {"name": "Quinn Rivera", "role": "Senior account executive", "email": "Q@Example.com"}
    data["source"] = ""
    saved = client.post(f"/hiring/candidates/{cid}/details", data=data, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    page = client.get(saved.headers["location"]).text
    assert "Details saved." in page and "Quinn Rivera" in page and "q@example.com" in page
    view = hiring.candidate_detail(world.db, actor=None, candidate_id=cid)[0]
    assert (view.name, view.role, view.email, view.source) == (
        "Quinn Rivera",
        "Senior account executive",
        "q@example.com",
        None,
    )
    bad = client.post(f"/hiring/candidates/{cid}/details", data={**data, "email": "not-an-address"})
    assert bad.status_code == 422 and "Email: &#39;not-an-address&#39; is not an email address" in bad.text
    assert 'value="Senior account executive"' in bad.text and "<details open>" in bad.text
    assert hiring.candidate_detail(world.db, actor=None, candidate_id=cid)[0].email == "q@example.com"
    assert client.post("/hiring/candidates/999999/details", data=data).status_code == 404


def test_hiring_is_in_the_navigation_of_leaders_and_managers_only(
    client_for: Callable[[str], TestClient],
) -> None:
    assert 'href="/hiring"' in client_for("manager").get("/coaching").text
    assert 'href="/hiring"' not in client_for("rep").get("/coaching").text


def test_the_dna_remedy_on_a_diagnosis_card_links_leaders_to_the_hiring_scorecards(
    sqlite_db: Database,
) -> None:
    build_planted_org(sqlite_db)
    with leader_client(sqlite_db) as client:
        card = client.get(f"/diagnosis/reps/dan@acme.example?start={PERIOD.start}&end={PERIOD.end}").text
    assert "Review the hiring profile" in card
    assert '<a href="/hiring" class="hiring-link">' in card


def test_the_list_is_narrowed_to_one_status_and_an_unknown_status_is_a_400(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    offer = hiring.add_candidate(world.db, actor=None, name="Olive Offer", role="AE", status="offer").id
    hiring.add_candidate(world.db, actor=None, name="Ray Rejected", role="AE", status="rejected")
    client = client_for("manager")
    assert re.findall(r'<tr data-candidate="(\d+)">', client.get("/hiring?status=offer").text) == [str(offer)]
    assert len(re.findall(r"<tr data-candidate=", client.get("/hiring").text)) == 2
    bad = client.get("/hiring?status=ghosted")
    assert bad.status_code == 400 and "Status: &#39;ghosted&#39; is not a status" in bad.text
