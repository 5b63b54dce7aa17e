"""The account list and an account's page through their services, on SQLite and PostgreSQL: minutes in the
period from one grouped query, search, filters, sorts, pages, and whose activity each role sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from repfocus.services import account_detail, account_views, plan_edits
from repfocus.services.account_views import AccountNotFound, AccountQueryInvalid
from repfocus.store.activities import insert_activities
from repfocus.store.models import JobOrder, Placement, Submittal
from tests.factories import make_account, make_contact
from tests.integration.sales_org import Org

START, END = date(2026, 9, 1), date(2026, 11, 29)


@dataclass
class Book:
    org: Org
    ids: dict[str, int]


def _activity(org: Org, rep: str, account_id: int, day: date, category: str, minutes: int) -> dict:
    return {
        "rep_id": org.ids[rep],
        "account_id": account_id,
        "started_at": datetime(day.year, day.month, day.day, 15, tzinfo=UTC),
        "duration_minutes": minutes,
        "kind": "meeting" if "meeting" in category else "call",
        "category": category,
        "subject": f"{rep} {category} {day}",
        "source": "manual",
        "external_id": f"{rep}-{account_id}-{day}-{category}",
    }


@pytest.fixture
def book(org: Org) -> Book:
    """Globex (A client): rep 90 min, rep2 15, other_rep 45 in the period, rep also before and after it;
    Initech (B prospect): other_rep 10; umbrella and Half_Off: none. Plans and a job order on Globex."""
    with org.db.session() as s:
        globex = make_account(
            s,
            name="Globex",
            domain="globex.com",
            status="active_client",
            tier="A",
            tech_tags=["java", "aws"],
            source="bullhorn",
            external_id="B-1",
        )
        initech = make_account(s, name="Initech", domain="initech.io", status="prospect", tier="B")
        umbrella = make_account(s, name="umbrella", domain="umbrella.net", status="prospect", tier="C")
        half = make_account(s, name="Half_Off Ltd", domain="half.example", status="former_client", tier="off")
        make_contact(s, account_id=globex.id, name="Dana", title="IT Director", persona="it_executive")
        make_contact(s, account_id=globex.id, name="Carl", title="Recruiter", persona="hr_recruiter")
        g = globex.id
        rows = [
            _activity(org, "rep", g, date(2026, 11, 2), "prospect_meeting", 60),
            _activity(org, "rep", g, date(2026, 11, 3), "client_servicing", 30),
            _activity(org, "rep2", g, date(2026, 11, 4), "prospecting_call", 15),
            _activity(org, "other_rep", g, date(2026, 11, 5), "prospecting_call", 45),
            _activity(org, "rep", g, date(2026, 6, 1), "prospecting_call", 100),
            _activity(org, "rep", g, date(2026, 12, 15), "prospecting_call", 20),
            _activity(org, "other_rep", initech.id, date(2026, 11, 10), "prospecting_email", 10),
        ]
        insert_activities(s, rows)
        job = JobOrder(rep_id=org.ids["rep"], account_id=g, title="Java devs", job_type="contract")
        job.opened_on = date(2026, 10, 1)
        s.add(job)
        s.flush()
        s.add_all([Submittal(job_order_id=job.id, submitted_on=date(2026, 10, 5)) for _ in range(2)])
        s.add(Placement(job_order_id=job.id, job_type="contract", start_on=date(2026, 11, 1)))
        s.commit()
        ids = {"globex": g, "initech": initech.id, "umbrella": umbrella.id, "half": half.id}
    for owner, status in (("rep", "active"), ("other_rep", "draft"), ("rep", "won")):
        plan_edits.create_plan(
            org.db, actor=org.actors[owner], title=f"{owner} {status}", account_id=g, status=status
        )
    return Book(org, ids)


def _rows(book: Book, persona: str | None, **kw: object) -> dict[str, account_views.AccountRow]:
    actor = None if persona is None else book.org.actors[persona]
    found = account_views.list_accounts(book.org.db, actor=actor, start=START, end=END, **kw)  # type: ignore[arg-type]
    return {r.name: r for r in found.rows}


def test_a_leader_counts_every_reps_minutes_in_the_period_and_the_last_touch_up_to_its_end(
    book: Book,
) -> None:
    globex = _rows(book, "leader")["Globex"]
    assert (globex.minutes, globex.activities, globex.open_plans) == (150, 4, 2)
    assert globex.last_touch == datetime(2026, 11, 5, 15, tzinfo=UTC)
    assert globex.status == "active_client" and globex.tier == "A" and globex.domain == "globex.com"
    assert _rows(book, "leader")["umbrella"].last_touch is None


def test_a_rep_counts_only_their_own_activity_and_plans(book: Book) -> None:
    rows = _rows(book, "rep")
    assert (rows["Globex"].minutes, rows["Globex"].activities, rows["Globex"].open_plans) == (90, 2, 1)
    assert rows["Initech"].minutes == 0 and rows["Initech"].last_touch is None
    assert account_views.list_accounts(book.org.db, actor=book.org.actors["rep"]).scope == "self"


def test_a_manager_counts_their_teams_reps_and_not_the_other_team(book: Book) -> None:
    rows = _rows(book, "manager")
    assert rows["Globex"].minutes == 105
    assert rows["Initech"].minutes == 0


def test_a_delivery_user_sees_every_account_and_plan_but_no_minutes(book: Book) -> None:
    rows = _rows(book, "delivery")
    assert len(rows) == 4
    assert all(r.minutes == 0 and r.activities == 0 and r.last_touch is None for r in rows.values())
    assert rows["Globex"].open_plans == 2


def test_search_matches_name_or_domain_in_any_case_and_reads_wildcards_literally(book: Book) -> None:
    assert list(_rows(book, "leader", search="GLOBEX")) == ["Globex"]
    assert list(_rows(book, "leader", search=".io")) == ["Initech"]
    assert list(_rows(book, "leader", search="_")) == ["Half_Off Ltd"]
    assert list(_rows(book, "leader", search="%")) == []
    assert list(_rows(book, "leader", search="glo\x00bex")) == ["Globex"]


def test_status_and_tier_filters_narrow_the_list(book: Book) -> None:
    assert list(_rows(book, "leader", status="prospect", tier="C")) == ["umbrella"]
    assert list(_rows(book, "leader", status="prospect")) == ["Initech", "umbrella"]


def test_sorts_by_name_ignoring_case_by_minutes_and_by_last_touch_with_untouched_accounts_last(
    book: Book,
) -> None:
    assert list(_rows(book, "leader")) == ["Globex", "Half_Off Ltd", "Initech", "umbrella"]
    assert list(_rows(book, "leader", sort="minutes")) == ["Globex", "Initech", "Half_Off Ltd", "umbrella"]
    assert list(_rows(book, "leader", sort="last_touch")) == ["Initech", "Globex", "Half_Off Ltd", "umbrella"]


def test_a_page_holds_limit_accounts_from_offset_and_the_total_counts_every_page(book: Book) -> None:
    page = account_views.list_accounts(book.org.db, actor=None, start=START, end=END, limit=2, offset=2)
    assert [r.name for r in page.rows] == ["Initech", "umbrella"]
    assert page.total == 4
    assert account_views.list_accounts(book.org.db, actor=None, search="glo").total == 1


def test_an_unknown_status_tier_or_sort_is_refused_naming_the_field(book: Book) -> None:
    for field, value in (("status", "client"), ("tier", "Z"), ("sort", "size")):
        with pytest.raises(AccountQueryInvalid) as caught:
            account_views.list_accounts(book.org.db, actor=None, **{field: value})  # type: ignore[arg-type]
        assert caught.value.field == field


def test_without_a_start_the_period_is_the_90_days_up_to_its_end(book: Book) -> None:
    page = account_views.list_accounts(book.org.db, actor=None, end=END)
    assert (page.period.start, page.period.end) == (date(2026, 9, 1), END)


def test_an_account_page_shows_time_by_bucket_category_and_rep_with_contacts_plans_and_job_orders(
    book: Book,
) -> None:
    d = account_detail.account_detail(
        book.org.db, actor=book.org.actors["leader"], account_id=book.ids["globex"], start=START, end=END
    )
    assert (d.name, d.tech_tags, d.source, d.external_id) == ("Globex", ["java", "aws"], "bullhorn", "B-1")
    assert d.buckets["selling"] == 120 and d.buckets["servicing"] == 30 and d.total_minutes == 150
    assert d.categories["prospecting_call"] == (60, 2)
    assert [(r.name, r.minutes) for r in d.reps] == [("Ann Rep", 90), ("Cy Rep", 45), ("Bob Rep", 15)]
    assert [c.name for c in d.contacts] == ["Carl", "Dana"]
    assert len(d.activities) == 5  # four in the period and one before it; none after its end
    assert d.activities[0].started_at.date() == date(2026, 11, 5)
    assert d.activities[0].started_at.utcoffset() is not None
    assert sorted(p.title for p in d.plans) == ["other_rep draft", "rep active", "rep won"]
    assert [(j.title, j.submittals, j.placements) for j in d.job_orders] == [("Java devs", 2, 1)]
    assert [bucket for bucket, _m, _c in d.bucket_rows()] == ["selling", "servicing"]


def test_a_rep_sees_only_their_own_activity_and_plans_on_an_account_page(book: Book) -> None:
    d = account_detail.account_detail(
        book.org.db, actor=book.org.actors["rep"], account_id=book.ids["globex"], start=START, end=END
    )
    assert d.scope == "self"
    assert [r.name for r in d.reps] == ["Ann Rep"] and d.total_minutes == 90
    assert {a.rep for a in d.activities} == {"Ann Rep"}
    assert sorted(p.title for p in d.plans) == ["rep active", "rep won"]


def test_a_delivery_user_sees_the_accounts_plans_and_job_orders_but_no_activity(book: Book) -> None:
    d = account_detail.account_detail(
        book.org.db, actor=book.org.actors["delivery"], account_id=book.ids["globex"], start=START, end=END
    )
    assert d.scope == "none" and d.total_minutes == 0 and d.reps == [] and d.activities == []
    assert len(d.plans) == 3 and len(d.job_orders) == 1 and len(d.contacts) == 2


def test_an_unknown_account_is_not_found(book: Book) -> None:
    with pytest.raises(AccountNotFound):
        account_detail.account_detail(book.org.db, actor=book.org.actors["leader"], account_id=10**9)
