"""The incentives page over HTTP: a leader adds a plan from the form, the payout table by rep and rule
with totals and its CSV, errors naming the field, deactivation, what a rep and a manager see."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from repfocus.services import incentives
from tests.e2e.conftest import World
from tests.factories import make_activity

NOVEMBER = "?from=2026-11-01&to=2026-11-30"


def _form(**kw: str) -> dict[str, str]:
    return {
        "name": "November hunt",
        "valid_from": "2026-11-01",
        "valid_to": "2026-11-30",
        "rule_category_0": "prospecting_call",
        "rule_name_0": "Calls",
        "rule_per_event_0": "2.00",
        "rule_tiers_0": "2:3.00",
        "rule_cap_0": "100",
        **kw,
    }


def _calls(world: World, persona: str, n: int) -> None:
    with world.db.session() as s:
        for i in range(n):
            at = datetime(2026, 11, 10, 15, tzinfo=UTC) + timedelta(hours=i)
            make_activity(s, rep_id=world.ids[persona], started_at=at, subject=f"call {i}")
        s.commit()


def _row(html: str, email: str) -> str:
    found = re.search(rf'<tr data-rep="{re.escape(email)}">.*?</tr>', html, re.S)
    assert found is not None, email
    return found.group(0)


def test_a_leader_adds_a_plan_and_the_payout_table_explains_each_amount(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    _calls(world, "rep", 3)  # with the world's own call: 4 events = 2 x 2.00 + 2 x 3.00
    client = client_for("leader")
    reply = client.post("/incentives/plans", data=_form(), follow_redirects=False)
    assert reply.status_code == 303, reply.text
    assert "Plan added." in client.get(reply.headers["location"]).text
    page = client.get("/incentives" + NOVEMBER).text
    row = _row(page, "rep@example.com")
    assert "2 × 2.00 + 2 × 3.00" in row and "10.00 USD" in row
    assert "2.00 USD" in _row(page, "other.rep@example.com")
    total = re.search(r'data-total="rep@example.com">.*?</tr>', page, re.S)
    assert total is not None and "10.00 USD" in total.group(0)
    sheet = client.get("/incentives/payouts.csv" + NOVEMBER)
    assert sheet.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(sheet.text)))
    assert {(r["rep_email"], r["count"], r["amount"]) for r in rows} == {
        ("rep@example.com", "4", "10.00"),
        ("other.rep@example.com", "1", "2.00"),
    }
    outside = client.get("/incentives?from=2026-12-01&to=2026-12-31").text
    assert "No plan applies" in outside


def test_a_bad_form_is_shown_again_naming_the_field_and_keeping_the_input(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("leader")
    cases = [
        (_form(valid_to="2026-10-01"), "Valid to: 2026-10-01 is before valid_from"),
        (_form(rule_per_event_0="two"), "Rule 1 per event: &#39;two&#39; is not an amount"),
        (_form(rule_tiers_0="10=3"), "Rule 1 tiers: write them as FROM:AMOUNT"),
        (_form(rule_category_0="golf"), "Rule 1 category: &#39;golf&#39; is not an activity category"),
        (_form(rule_category_0="", rule_per_event_0=""), "Rules: give at least one rule"),
    ]
    for data, message in cases:
        reply = client.post("/incentives/plans", data={**data, "teams": ["Team B"]})
        assert reply.status_code == 422, data
        assert message in reply.text, reply.text
        assert 'value="November hunt"' in reply.text
        assert '<option value="Team B" selected>' in reply.text
    assert incentives.list_plans(world.db, actor=None, include_inactive=True) == []


def test_a_rep_sees_only_their_own_payout_and_no_form_and_a_manager_their_team(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    made = incentives.create_plan(world.db, actor=None, definition=_plan_data())
    rep = client_for("rep").get("/incentives" + NOVEMBER).text
    assert 'data-rep="rep@example.com"' in rep and "other.rep@example.com" not in rep
    assert 'id="add-plan"' not in rep and "Deactivate" not in rep
    sheet = client_for("rep").get("/incentives/payouts.csv" + NOVEMBER).text
    assert client_for("rep").post("/incentives/plans", data=_form(rule_tiers_0="bad")).status_code == 403
    assert "other.rep@example.com" not in sheet and "rep@example.com" in sheet
    manager = client_for("manager").get("/incentives" + NOVEMBER).text
    assert 'data-rep="rep@example.com"' in manager and "other.rep@example.com" not in manager
    leader = client_for("leader")
    done = leader.post(f"/incentives/plans/{made.id}/deactivate", follow_redirects=False)
    assert done.status_code == 303
    assert "(inactive)" in leader.get("/incentives").text
    assert incentives.list_plans(world.db, actor=None) == []


def test_a_bad_period_or_team_is_a_400_naming_it(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("leader")
    assert "From: &#39;May&#39; is not a date" in client.get("/incentives?from=May").text
    assert client.get("/incentives?from=2026-12-01&to=2026-11-01").status_code == 400
    assert client.get("/incentives?team=Nowhere").status_code == 400
    assert client.get("/incentives/payouts.csv?team=Nowhere").status_code == 400


def _plan_data() -> dict[str, object]:
    return {
        "name": "Calls",
        "valid_from": "2026-11-01",
        "valid_to": "2026-11-30",
        "rules": [{"category": "prospecting_call", "per_event": "1.00"}],
    }


def test_the_motivation_remedies_link_to_the_incentives_and_recognition_pages(client: TestClient) -> None:
    seen = {"review_incentive_plan": 0, "recognize_behaviour": 0}
    for name in ("ada", "ben", "cleo", "dev", "eve", "finn"):  # the sample organization's reps
        card = client.get(f"/diagnosis/reps/{name}@example.com")
        assert card.status_code == 200, name
        remedies = card.text.count('value="review_incentive_plan"')
        assert card.text.count('class="incentives-link" href="/incentives"') == remedies
        seen["review_incentive_plan"] += remedies
        praise = card.text.count('value="recognize_behaviour"')
        assert card.text.count('class="recognition-link" href="/incentives/recognition"') == praise
        seen["recognize_behaviour"] += praise
    assert seen["review_incentive_plan"] >= 1 and seen["recognize_behaviour"] >= 1
