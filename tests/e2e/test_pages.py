"""The HTML pages over HTTP: dashboard, CSV export, rep pages, placeholders, escaping and bad input."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from repfocus.domain.taxonomy import BUCKET_NAMES, bucket_of
from repfocus.store.db import Database
from repfocus.store.models import Activity, User
from repfocus.web.templating import NAVIGATION
from tests.e2e.conftest import World, signed_in_client
from tests.e2e.sample_org import add_leader
from tests.factories import make_account, make_activity, make_organization, make_team, make_user

ROW = re.compile(r'<th scope="row"><a href="/reps/(\d+)">(.*?)</a></th>')  # links without a period


def _raw_minutes(db: Database, start: date, end: date) -> dict[str, dict[str, int]]:
    """Minutes per rep email and bucket, summed from the raw activities (not the rollups)."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("America/Chicago")
    out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(BUCKET_NAMES, 0))
    with db.session() as s:
        rows = s.execute(
            select(User.email, Activity.started_at, Activity.category, Activity.duration_minutes).join(
                User, User.id == Activity.rep_id
            )
        )
        for email, started, category, minutes in rows:
            if start <= started.astimezone(zone).date() <= end:
                out[email][bucket_of(category)] += minutes
    return out


def _period(html: str) -> tuple[date, date]:
    start = re.search(r'name="from" value="([\d-]+)"', html)
    end = re.search(r'name="to" value="([\d-]+)"', html)
    assert start and end
    return date.fromisoformat(start[1]), date.fromisoformat(end[1])


def test_dashboard_shows_each_reps_selling_share_as_summed_from_raw_activities(
    client: TestClient, populated_db: Database
) -> None:
    page = client.get("/")
    assert page.status_code == 200
    start, end = _period(page.text)
    assert (end - start).days == 13 * 7 - 1
    raw = _raw_minutes(populated_db, start, end)
    with populated_db.session() as s:
        names = {e: n for e, n in s.execute(select(User.email, User.name))}
    assert len(ROW.findall(page.text)) == len(raw) == 6
    for email, buckets in raw.items():
        share = buckets["selling"] / sum(buckets.values())
        row = page.text.split(f">{names[email]}</a></th>", 1)[1].split("</tr>", 1)[0]
        assert f'aria-hidden="true"></span>{share:.0%}</td>' in row


def test_dashboard_passes_chart_data_as_json_and_has_no_inline_script(client: TestClient) -> None:
    page = client.get("/").text
    for tag in re.findall(r"<script[^>]*>", page):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    block = re.search(r'<script type="application/json" id="allocation-data">(.*?)</script>', page, re.S)
    assert block
    data = json.loads(block[1])
    assert len(data["labels"]) == 6
    assert [b["key"] for b in data["buckets"]] == list(BUCKET_NAMES)
    for i in range(6):
        assert sum(b["share"][i] for b in data["buckets"]) == pytest.approx(1, abs=0.002)
    assert data["target"][0] == 0.4  # Enterprise team target
    assert data["target"][4] == 0.35  # Eve's own override of a team without a target


def test_clicking_a_header_sorts_the_table_and_a_second_click_reverses_it(client: TestClient) -> None:
    page = client.get("/").text
    href = re.search(r'<a href="([^"]*sort=selling[^"]*)" data-sort="selling">', page)
    assert href
    ascending = client.get("/" + href[1].replace("&amp;", "&")).text
    shares = re.findall(r'b-selling" aria-hidden="true"></span>(\d+)%', ascending)
    assert [int(s) for s in shares] == sorted(int(s) for s in shares)
    assert 'aria-sort="ascending"' in ascending
    again = re.search(r'<a href="([^"]*sort=selling[^"]*)" data-sort="selling">', ascending)
    assert again and "dir=desc" in again[1]
    descending = client.get("/" + again[1].replace("&amp;", "&")).text
    assert [n for _i, n in ROW.findall(descending)] == [n for _i, n in ROW.findall(ascending)][::-1]


def test_a_period_chosen_on_the_dashboard_carries_over_to_the_rep_pages(client: TestClient) -> None:
    page = client.get("/", params={"from": "2026-09-07", "to": "2026-10-04"}).text
    assert ROW.search(page) is None  # the link now carries the period
    links = re.findall(r'<th scope="row"><a href="(/reps/\d+\?from=2026-09-07&amp;to=2026-10-04)">', page)
    assert len(links) == 6
    rep = client.get(links[0].replace("&amp;", "&")).text
    data = json.loads(re.search(r'id="trend-data">(.*?)</script>', rep, re.S)[1])  # type: ignore[index]
    assert data["weeks"] == ["2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"]


def test_team_filter_shows_only_that_teams_reps(client: TestClient) -> None:
    page = client.get("/", params={"team": "Mid-market"}).text
    assert [n for _i, n in ROW.findall(page)] == ["Dev Recruiter", "Eve Balanced", "Finn Admin"]
    assert "No active reps in team" in client.get("/", params={"team": "Nobody"}).text


def test_a_bad_date_gives_400_naming_the_field(client: TestClient) -> None:
    page = client.get("/", params={"from": "2026-13-01"})
    assert page.status_code == 400
    assert "from: &#39;2026-13-01&#39; is not a date" in page.text
    reversed_ = client.get("/", params={"from": "2026-11-01", "to": "2026-10-01"})
    assert reversed_.status_code == 400
    assert "before it starts" in reversed_.text


def test_csv_export_has_one_row_per_rep_with_the_raw_minutes(
    client: TestClient, populated_db: Database
) -> None:
    start, end = _period(client.get("/").text)
    response = client.get("/dashboard.csv", params={"from": start.isoformat(), "to": end.isoformat()})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert f"repfocus-allocation-{start}-{end}.csv" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    raw = _raw_minutes(populated_db, start, end)
    assert {r["email"] for r in rows} == set(raw)
    for row in rows:
        for bucket in BUCKET_NAMES:
            assert int(row[f"{bucket}_minutes"]) == raw[row["email"]][bucket]
        assert int(row["total_minutes"]) == sum(raw[row["email"]].values())


def test_csv_export_follows_the_team_filter_and_sort(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/dashboard.csv?team=Enterprise&sort=hours").text)))
    assert len(rows) == 3
    assert [int(r["total_minutes"]) for r in rows] == sorted(int(r["total_minutes"]) for r in rows)


@pytest.fixture
def hostile_db(sqlite_db: Database) -> tuple[Database, int]:
    with sqlite_db.session() as s:
        make_organization(s)
        team = make_team(s, name="<b>Team</b>")
        rep = make_user(s, name="<script>alert('rep')</script>", email="=cmd@example.com", team_id=team.id)
        make_activity(
            s,
            rep_id=rep.id,
            started_at=datetime.now(UTC),
            subject="<img src=x onerror=alert(1)>",
        )
        s.commit()
    add_leader(sqlite_db)
    return sqlite_db, rep.id


def test_user_text_is_escaped_on_every_page(hostile_db: tuple[Database, int]) -> None:
    db, rep_id = hostile_db
    with signed_in_client(db) as client:
        for url in ("/", "/reps", f"/reps/{rep_id}"):
            page = client.get(url)
            assert page.status_code == 200, url
            assert "<script>alert" not in page.text, url
            assert "<img src=x" not in page.text, url
            assert "<b>Team</b>" not in page.text, url
            assert "&lt;script&gt;alert(&#39;rep&#39;)&lt;/script&gt;" in page.text, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in client.get(f"/reps/{rep_id}").text
        # inside the JSON block the name is \u003c-escaped, so it cannot close the <script> element
        assert "\\u003cscript\\u003ealert" in client.get("/").text


def test_csv_export_neutralizes_cells_a_spreadsheet_would_run(hostile_db: tuple[Database, int]) -> None:
    db, _rep_id = hostile_db
    with signed_in_client(db) as client:
        rows = list(csv.reader(io.StringIO(client.get("/dashboard.csv").text)))
    assert rows[1][0] == "'=cmd@example.com"


def test_rep_page_lists_the_weeks_activities_in_the_org_time_zone(sqlite_db: Database) -> None:
    with sqlite_db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        rep = make_user(s, name="Late Larry")
        # 02:30 UTC on Tuesday Nov 3 is 20:30 on Monday Nov 2 in Chicago
        globex = make_account(s, name="Globex")
        make_activity(
            s,
            rep_id=rep.id,
            started_at=datetime(2026, 11, 3, 2, 30, tzinfo=UTC),
            subject="Evening intro call",
            duration_minutes=75,
            account_id=globex.id,
        )
        s.commit()
    add_leader(sqlite_db)
    with signed_in_client(sqlite_db) as client:
        for week in ("2026-11-02", "2026-11-08", "2026-W45"):
            page = client.get(f"/reps/{rep.id}", params={"week": week, "to": "2026-11-29"})
            assert page.status_code == 200
            assert "Week of Mon 2 Nov 2026" in page.text
            assert "Mon 02 Nov 20:30" in page.text
            assert "Evening intro call" in page.text and "1 h 15 min" in page.text
            assert f'<a href="/accounts/{globex.id}">Globex</a>' in page.text  # the account's page
            assert "Times in America/Chicago" in page.text
        other = client.get(f"/reps/{rep.id}", params={"week": "2026-11-09", "to": "2026-11-29"}).text
        assert "Evening intro call" not in other and "No activities logged this week" in other


def test_rep_page_trend_has_one_point_per_week(client: TestClient, populated_db: Database) -> None:
    with populated_db.session() as s:
        rep_id = s.scalar(select(User.id).where(User.email == "ada@example.com"))
    page = client.get(f"/reps/{rep_id}").text
    block = re.search(r'id="trend-data">(.*?)</script>', page, re.S)
    assert block
    data = json.loads(block[1])
    assert len(data["weeks"]) == 13 and data["selected"] == data["weeks"][-1]
    assert data["target"] == 0.4
    full_weeks = [s for s in data["sellingShare"][:-1] if s is not None]
    assert len(full_weeks) == 12 and all(0 < s <= 1 for s in full_weeks)


def test_unknown_rep_is_404_and_a_bad_week_is_400(client: TestClient) -> None:
    assert client.get("/reps/999999").status_code == 404
    page = client.get("/reps/1", params={"week": "2026-W60"})
    assert page.status_code == 400 and "week:" in page.text


@pytest.mark.parametrize(
    "url",
    ["/reps/1?week=9999-12-31", "/?to=0001-01-02", "/?from=9999-12-31&to=9999-12-31", "/dashboard.csv?to=1"],
)
def test_dates_at_the_edge_of_the_calendar_are_refused_not_crashed_on(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 400


def test_navigation_lists_every_module_and_marks_the_current_one(client: TestClient) -> None:
    page = client.get("/reps/1").text
    for module in NAVIGATION:
        assert f'<a href="{module.path}"' in page
    assert '<a href="/reps" aria-current="page">' in page
    assert page.count('aria-current="page"') == 1


def test_an_organization_without_reps_shows_how_to_load_data(sqlite_db: Database) -> None:
    with sqlite_db.session() as s:
        make_organization(s)
        s.commit()
    add_leader(sqlite_db)
    with signed_in_client(sqlite_db) as client:
        page = client.get("/")
    assert page.status_code == 200
    assert "No reps yet" in page.text


def test_a_rep_sees_only_their_own_row_and_a_manager_only_their_team(
    client_for: Callable[[str], TestClient], world: World
) -> None:
    rep_page = client_for("rep").get("/").text
    assert [n for _i, n in ROW.findall(rep_page)] == ["Ada REP"]
    assert 'name="team"' not in rep_page  # nothing to filter
    manager_page = client_for("manager").get("/").text
    assert [int(i) for i, _n in ROW.findall(manager_page)] == [world.ids["rep"]]
    assert '<option value="Team A">' in manager_page and "Team B" not in manager_page
    rows = list(csv.DictReader(io.StringIO(client_for("other_manager").get("/dashboard.csv").text)))
    assert [r["email"] for r in rows] == [world.emails["other_rep"]]
