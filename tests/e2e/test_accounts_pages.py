"""The account pages and /api/v1/accounts over HTTP: search, filters, sorts, pages, the CSV, the 404, and
whose activity each role sees; plans link their account; Accounts is in the navigation."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from repfocus.services import plan_edits
from repfocus.store.activities import insert_activities
from tests.e2e.conftest import World
from tests.factories import make_account, make_contact

Client = Callable[[str], TestClient]


def _ago(days: int) -> datetime:
    """Return 10:00 in Chicago (the organization's zone), `days` ago, in UTC."""
    day = datetime.now(ZoneInfo("America/Chicago")).date() - timedelta(days=days)
    return datetime.combine(day, time(10), ZoneInfo("America/Chicago")).astimezone(UTC)


@pytest.fixture
def accounts(world: World) -> dict[str, int]:
    """Globex (A client): rep 60 min + other_rep 45 min, a contact and rep's plan; Initech (B prospect):
    other_rep 20 min; =Formula Corp: no activity."""
    with world.db.session() as s:
        globex = make_account(s, name="Globex", domain="globex.com", status="active_client", tier="A")
        initech = make_account(s, name="Initech", domain="initech.io", status="prospect", tier="B")
        formula = make_account(s, name="=Formula Corp", domain="formula.example", tier="C")
        make_contact(s, account_id=globex.id, name="Dana Boss", title="CIO", persona="it_executive")
        rows = [
            (world.ids["rep"], globex.id, 3, 60, "Globex QBR with Dana"),
            (world.ids["other_rep"], globex.id, 2, 45, "Globex call from team B"),
            (world.ids["other_rep"], initech.id, 1, 20, "Initech intro"),
        ]
        insert_activities(
            s,
            [
                {
                    "rep_id": rep,
                    "account_id": account,
                    "started_at": _ago(days),
                    "duration_minutes": minutes,
                    "kind": "meeting",
                    "category": "prospect_meeting",
                    "subject": subject,
                    "source": "manual",
                    "external_id": subject,
                }
                for rep, account, days, minutes, subject in rows
            ],
        )
        s.commit()
        ids = {"globex": globex.id, "initech": initech.id, "formula": formula.id}
    plan = plan_edits.create_plan(
        world.db, actor=None, title="Java team", account_id=ids["globex"], owner_email=world.emails["rep"]
    )
    ids["plan"] = plan.id
    return ids


def _names(html: str) -> list[str]:
    return [n for n in ("=Formula Corp", "Globex", "Initech") if f">{n}</a>" in html]


def test_the_list_shows_every_account_with_its_minutes_and_links_to_its_page(
    client_for: Client, accounts: dict[str, int]
) -> None:
    page = client_for("leader").get("/accounts")
    assert page.status_code == 200
    assert _names(page.text) == ["=Formula Corp", "Globex", "Initech"]
    row = page.text.split(f'data-account="{accounts["globex"]}"')[1].split("</tr>")[0]
    assert f'href="/accounts/{accounts["globex"]}?from=' in row
    assert ">105<" in row and "Active client" in row
    assert '<a href="/accounts"' in page.text and ">Accounts</a>" in page.text  # the navigation


def test_search_status_and_tier_filters_narrow_the_list(client_for: Client, accounts: dict[str, int]) -> None:
    leader = client_for("leader")
    assert _names(leader.get("/accounts?q=GLOBEX.C").text) == ["Globex"]
    assert _names(leader.get("/accounts?status=prospect").text) == ["=Formula Corp", "Initech"]
    assert _names(leader.get("/accounts?status=prospect&tier=B").text) == ["Initech"]
    empty = leader.get("/accounts?q=nothing-like-this")
    assert "No accounts match these filters" in empty.text


def test_sorting_by_minutes_puts_the_most_worked_account_first(
    client_for: Client, accounts: dict[str, int]
) -> None:
    html = client_for("leader").get("/accounts?sort=minutes").text
    assert html.index(">Globex<") < html.index(">Initech<") < html.index(">=Formula Corp<")
    html = client_for("leader").get("/accounts?sort=last_touch").text
    assert html.index(">Initech<") < html.index(">Globex<") < html.index(">=Formula Corp<")


def test_a_bad_filter_is_a_400_page_naming_it(client_for: Client, accounts: dict[str, int]) -> None:
    leader = client_for("leader")
    for query, words in (
        ("status=client", "Status: &#39;client&#39; is not one of prospect"),
        ("sort=size", "Sort:"),
        ("from=2026-13-01", "From:"),
        ("page=0", "Page:"),
        ("from=2026-05-01&to=2026-04-01", "From/To:"),
    ):
        reply = leader.get(f"/accounts?{query}")
        assert reply.status_code == 400 and words in reply.text, query


def test_the_csv_holds_every_matching_account_with_formula_cells_defused(
    client_for: Client, accounts: dict[str, int]
) -> None:
    reply = client_for("leader").get("/accounts.csv?sort=minutes")
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert [r["name"] for r in rows] == ["Globex", "Initech", "'=Formula Corp"]
    assert rows[0]["minutes"] == "105" and rows[0]["open_plans"] == "1"
    assert client_for("leader").get("/accounts.csv?tier=Q").status_code == 400


def test_the_list_pages_by_fifty(client_for: Client, world: World) -> None:
    with world.db.session() as s:
        for n in range(51):
            make_account(s, name=f"Acct {n:02d}")
        s.commit()
    leader = client_for("leader")
    first = leader.get("/accounts").text
    assert "51 accounts · page 1 of 2" in first and 'rel="next"' in first and ">Acct 49<" in first
    second = leader.get("/accounts?page=2").text
    assert ">Acct 50<" in second and ">Acct 00<" not in second and 'rel="prev"' in second
    beyond = leader.get("/accounts?page=9").text
    assert "No accounts on this page: there are 51 in 2 pages" in beyond


def test_with_no_accounts_the_list_says_to_import_activities(client_for: Client) -> None:
    html = client_for("manager").get("/accounts").text
    assert "No accounts yet" in html and 'href="/imports"' in html


def test_an_account_page_shows_details_contacts_bars_activities_and_plans(
    client_for: Client, accounts: dict[str, int]
) -> None:
    html = client_for("leader").get(f"/accounts/{accounts['globex']}").text
    assert "Dana Boss" in html and "IT executive" in html and "CIO" in html
    assert 'class="time-bar"' in html and 'data-bucket="selling"' in html and 'data-rep="' in html
    assert "Globex QBR with Dana" in html and "Globex call from team B" in html
    assert f'href="/plans/{accounts["plan"]}"' in html and "Java team" in html
    assert 'id="scope-note"' not in html


def test_a_rep_sees_only_their_own_activity_on_an_account_and_is_told_so(
    client_for: Client, accounts: dict[str, int], world: World
) -> None:
    html = client_for("rep").get(f"/accounts/{accounts['globex']}").text
    assert "your own work only" in html
    assert "Globex QBR with Dana" in html and "Globex call from team B" not in html
    assert f'data-rep="{world.ids["other_rep"]}"' not in html
    listed = client_for("rep").get("/accounts").text.split(f'data-account="{accounts["globex"]}"')[1]
    assert ">60<" in listed.split("</tr>")[0]


def test_the_other_teams_manager_sees_their_reps_activity_not_the_subject_reps(
    client_for: Client, accounts: dict[str, int]
) -> None:
    html = client_for("other_manager").get(f"/accounts/{accounts['globex']}").text
    assert "Globex call from team B" in html and "Globex QBR with Dana" not in html
    assert "your teams' reps and yourself" in html


def test_a_delivery_user_sees_the_account_and_its_plans_but_no_activity(
    client_for: Client, accounts: dict[str, int]
) -> None:
    html = client_for("delivery").get(f"/accounts/{accounts['globex']}").text
    assert "Java team" in html and "Dana Boss" in html
    assert "Globex QBR" not in html and 'class="time-bar"' not in html
    assert "Activity time is for sales roles" in html


def test_an_unknown_account_is_a_404_page(client_for: Client, accounts: dict[str, int]) -> None:
    reply = client_for("leader").get("/accounts/999999")
    assert reply.status_code == 404 and "no account with id 999999" in reply.text


def test_plans_link_their_account_to_its_page(client_for: Client, accounts: dict[str, int]) -> None:
    leader = client_for("leader")
    link = f'href="/accounts/{accounts["globex"]}"'
    assert link in leader.get("/plans").text
    assert link in leader.get(f"/plans/{accounts['plan']}").text


# --- /api/v1/accounts


def _auth(world: World, persona: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token(persona, 'read')}"}


def test_the_api_lists_accounts_with_filters_and_limit_offset_pages(
    world: World, app: FastAPI, accounts: dict[str, int]
) -> None:
    with TestClient(app) as client:
        body = client.get(
            "/api/v1/accounts?sort=minutes&limit=2&offset=0", headers=_auth(world, "leader")
        ).json()
        assert [a["name"] for a in body["items"]] == ["Globex", "Initech"]
        assert (body["total"], body["limit"], body["offset"], body["activity_scope"]) == (3, 2, 0, "all")
        assert body["items"][0]["minutes"] == 105 and body["items"][0]["open_plans"] == 1
        assert set(body["period"]) == {"from", "to"}
        found = client.get("/api/v1/accounts?q=initech.io", headers=_auth(world, "rep")).json()
        assert [a["name"] for a in found["items"]] == ["Initech"] and found["items"][0]["minutes"] == 0
        assert found["activity_scope"] == "self"


def test_the_api_refuses_a_bad_filter_with_a_422_naming_it(
    world: World, app: FastAPI, accounts: dict[str, int]
) -> None:
    with TestClient(app) as client:
        reply = client.get("/api/v1/accounts?status=client", headers=_auth(world, "leader"))
        assert reply.status_code == 422 and reply.json()["detail"][0]["loc"] == ["query", "status"]
        reply = client.get("/api/v1/accounts?from=2026-05-01&to=2026-04-01", headers=_auth(world, "leader"))
        assert reply.status_code == 422 and reply.json()["detail"][0]["loc"] == ["query", "to"]
        assert (
            client.get("/api/v1/accounts?from=1800-01-01", headers=_auth(world, "leader")).status_code == 422
        )


def test_the_api_gives_one_account_with_its_minutes_contacts_and_plans_or_a_404(
    world: World, app: FastAPI, accounts: dict[str, int]
) -> None:
    with TestClient(app) as client:
        body = client.get(f"/api/v1/accounts/{accounts['globex']}", headers=_auth(world, "manager")).json()
        assert body["name"] == "Globex" and body["activity_scope"] == "teams"
        assert body["minutes_by_bucket"]["selling"] == 60 and body["minutes_by_category"] == {
            "prospect_meeting": 60
        }
        assert [r["email"] for r in body["minutes_by_rep"]] == [world.emails["rep"]]
        assert [c["persona"] for c in body["contacts"]] == ["it_executive"]
        assert [p["title"] for p in body["plans"]] == ["Java team"]
        missing = client.get("/api/v1/accounts/999999", headers=_auth(world, "leader"))
        assert missing.status_code == 404 and "999999" in missing.json()["detail"]
