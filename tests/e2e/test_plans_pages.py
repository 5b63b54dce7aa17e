"""The plan pages over HTTP: the list with filters, progress bars and CSV; the new-plan form; a plan's page
with milestones changed in place (HTMX); share links shown once; the customer's page, public and noindex,
that shows no internal note and answers 404 for a dead link."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from repfocus.services import plan_edits, plan_milestones
from repfocus.store.models import JobOrder
from tests.e2e.conftest import World
from tests.factories import make_account

TODAY = datetime.now(ZoneInfo("America/Chicago")).date()


def _accounts(world: World) -> tuple[int, int, int]:
    """Globex with a job order, and Initech: (globex id, job order id, initech id)."""
    with world.db.session() as s:
        globex, initech = make_account(s, name="Globex"), make_account(s, name="Initech")
        job = JobOrder(
            rep_id=world.ids["rep"],
            account_id=globex.id,
            title="Java devs",
            job_type="contract",
            opened_on=TODAY,
        )
        s.add(job)
        s.commit()
        return globex.id, job.id, initech.id


def test_a_rep_creates_a_plan_adds_milestones_and_changes_one_in_place(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    globex, job, _ = _accounts(world)
    client = client_for("rep")
    form = client.get(f"/plans/new?account_id={globex}").text
    assert f'<option value="{job}"' in form  # the account's job orders are offered
    bad = client.post("/plans", data={"title": "Java team"})
    assert bad.status_code == 422 and "Account: choose the account the plan is for" in bad.text
    made = client.post(
        "/plans",
        data={
            "account_id": str(globex),
            "job_order_id": str(job),
            "title": "Java team",
            "goal": "3 starts by March",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text
    url = made.headers["location"]
    step = {"title": "Intake call", "side": "sales", "due_date": (TODAY - timedelta(days=1)).isoformat()}
    assert client.post(f"{url}/milestones", data=step, follow_redirects=False).status_code == 303
    missing_day = client.post(f"{url}/milestones", data={"title": "Sign", "side": "customer"})
    assert (
        missing_day.status_code == 422 and "Due date: give the day the milestone is due" in missing_day.text
    )
    page = client.get(url).text
    assert "Java devs" in page and "3 starts by March" in page and "1 overdue" in page
    mid = re.search(r'id="milestone-(\d+)"', page)
    assert mid
    row = client.post(
        f"{url}/milestones/{mid[1]}/status", data={"status": "done"}, headers={"HX-Request": "true"}
    )
    assert row.status_code == 200
    assert row.text.lstrip().startswith(f'<tr id="milestone-{mid[1]}" class="milestone done')
    assert '<option value="done" selected>' in row.text
    assert re.search(r'<p id="plan-progress" hx-swap-oob="true">.*1/1', row.text, re.S)  # progress too
    after = client.get(url).text
    assert "1 overdue" not in after and "1/1" in after
    edit = {"title": "Intake call with the IT director", "due_date": TODAY.isoformat(), "note": "Bring rates"}
    assert client.post(f"{url}/milestones/{mid[1]}", data=edit, follow_redirects=False).status_code == 303
    edited = client.get(url).text
    assert "Intake call with the IT director" in edited and "Bring rates" in edited
    second = {"title": "Sign the SOW", "side": "customer", "due_date": TODAY.isoformat()}
    assert client.post(f"{url}/milestones", data=second, follow_redirects=False).status_code == 303
    last = re.findall(r'id="milestone-(\d+)"', client.get(url).text)[-1]
    up = client.post(f"{url}/milestones/{last}/move", data={"to": "1"}, follow_redirects=False)
    assert up.status_code == 303
    assert re.findall(r'id="milestone-(\d+)"', client.get(url).text) == [last, mid[1]]
    moved = {"title": "Java team", "status": "active", "owner_email": world.emails["rep"]}
    assert client.post(url, data=moved, follow_redirects=False).status_code == 303
    assert client.post(url, data={**moved, "owner_email": world.emails["other_rep"]}).status_code == 403
    bad = client.post(f"{url}/milestones/{mid[1]}", data={**edit, "title": " "})
    assert bad.status_code == 422 and "Title: is empty" in bad.text


def test_the_list_filters_by_status_account_and_overdue_and_downloads_as_csv(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    globex, _, initech = _accounts(world)
    late = plan_edits.create_plan(
        world.db,
        actor=None,
        title="Late plan",
        account_id=globex,
        owner_email=world.emails["rep"],
        status="active",
    )
    plan_milestones.add_milestone(
        world.db,
        actor=None,
        plan_id=late.id,
        title="Old step",
        side="sales",
        due_on=TODAY - timedelta(days=3),
    )
    plan_edits.create_plan(
        world.db, actor=None, title="Fresh plan", account_id=initech, owner_email=world.emails["manager"]
    )
    plan_edits.create_plan(
        world.db,
        actor=None,
        title="Team B plan",
        account_id=initech,
        owner_email=world.emails["other_manager"],
    )
    client = client_for("manager")
    page = client.get("/plans").text
    assert "Late plan" in page and "Fresh plan" in page and "Team B plan" not in page
    assert page.count('class="plan-progress"') == 2
    assert "Late plan" not in client.get(f"/plans?account={initech}").text
    overdue = client.get("/plans?overdue=1").text
    assert "Late plan" in overdue and "Fresh plan" not in overdue
    assert "Fresh plan" not in client.get("/plans?status=active").text
    assert client.get("/plans?status=paused").status_code == 400
    reply = client.get("/plans.csv?overdue=1")
    assert reply.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert [(r["title"], r["overdue"], r["next_milestone"]) for r in rows] == [("Late plan", "1", "Old step")]
    assert 'href="/plans.csv?overdue=1"' in overdue


def test_delivery_users_read_plans_and_add_only_delivery_milestones(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    globex, _, _ = _accounts(world)
    plan = plan_edits.create_plan(
        world.db, actor=None, title="Java team", account_id=globex, owner_email=world.emails["rep"]
    )
    client = client_for("delivery")
    page = client.get(f"/plans/{plan.id}").text
    assert (
        'id="add-milestone"' in page and 'id="create-share"' not in page and 'id="edit-plan-form"' not in page
    )
    assert '<option value="sales"' not in page  # only the delivery side is offered
    step = {"title": "Shortlist", "side": "delivery", "due_date": TODAY.isoformat()}
    assert client.post(f"/plans/{plan.id}/milestones", data=step, follow_redirects=False).status_code == 303
    assert client.post(f"/plans/{plan.id}/milestones", data={**step, "side": "sales"}).status_code == 403
    assert "New plan" not in client.get("/plans").text


def test_a_share_link_is_shown_once_and_opens_a_public_noindex_page_without_internal_notes(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    globex, _, _ = _accounts(world)
    plan = plan_edits.create_plan(
        world.db, actor=None, title="Java team", account_id=globex, owner_email=world.emails["rep"]
    )
    add = plan_milestones.add_milestone
    add(
        world.db,
        actor=None,
        plan_id=plan.id,
        title="Price check",
        side="sales",
        due_on=TODAY,
        note="Margin is thin",
        note_internal=True,
    )
    sign = add(
        world.db,
        actor=None,
        plan_id=plan.id,
        title="Sign SOW",
        side="customer",
        due_on=TODAY,
        owner_name="Dana",
    )
    client = client_for("rep")
    made = client.post(f"/plans/{plan.id}/shares", data={})
    assert made.status_code == 201
    link = re.search(r'id="share-link">([^<]+)<', made.text)
    assert link and "/shared/plans/" in link[1]
    assert link[1] not in client.get(f"/plans/{plan.id}").text  # never shown again
    path = link[1].removeprefix("http://testserver")

    customer = client_for("anonymous")
    page = customer.get(path)
    assert page.status_code == 200
    assert page.headers["x-robots-tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in page.text
    assert (
        "Margin is thin" not in page.text and "Globex" not in page.text and "rep@example.com" not in page.text
    )
    assert 'id="nav"' not in page.text
    done = customer.post(f"{path}/milestones/{sign.id}/done", follow_redirects=False)
    assert done.status_code == 303
    assert "Thank you" in customer.get(done.headers["location"]).text
    no_csrf = TestClient(client.app).post(f"{path}/milestones/{sign.id}/done", follow_redirects=False)
    assert no_csrf.status_code == 403

    share_id = re.search(r'id="share-(\d+)"', client.get(f"/plans/{plan.id}").text)
    assert share_id
    assert (
        client.post(f"/plans/{plan.id}/shares/{share_id[1]}/revoke", follow_redirects=False).status_code
        == 303
    )
    dead, unknown = customer.get(path), customer.get("/shared/plans/nothing-here")
    assert dead.status_code == unknown.status_code == 404
    assert dead.text == unknown.text  # no hint which
