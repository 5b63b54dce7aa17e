"""A small team for the measures tests: a healthy rep and an avoider, targets, a funnel."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from repfocus.domain.period import Period
from repfocus.store.db import Database
from repfocus.store.models import Interview, JobOrder, Placement, Submittal, Target
from tests.factories import make_account, make_activity, make_contact, make_organization, make_team, make_user

MONDAY = date(2026, 11, 2)
PERIOD = Period(MONDAY, MONDAY + timedelta(days=13))  # two whole weeks


def at(day: int, hour: int = 15) -> datetime:
    return datetime(2026, 11, 2 + day, hour, 0, tzinfo=UTC)


def seed_team(db: Database) -> dict[str, int]:
    with db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        team = make_team(s, name="East")
        good = make_user(s, email="good@x.com", name="Good", team_id=team.id)
        avoid = make_user(s, email="avoid@x.com", name="Avoider", team_id=team.id)
        a_prospect = make_account(s, tier="A", status="prospect")
        c_client = make_account(s, tier="C", status="active_client")
        ihm = make_contact(s, account_id=a_prospect.id, persona="it_hiring_manager")
        ihm2 = make_contact(s, account_id=a_prospect.id, persona="it_hiring_manager")
        hr = make_contact(s, account_id=c_client.id, persona="hr_recruiter")
        s.add_all(
            [
                Target(team_id=team.id, metric="bucket_share", key="selling", value=0.4),
                Target(team_id=team.id, metric="weekly_count", key="prospecting_call", value=4),
                Target(team_id=team.id, metric="weekly_count", key="prospect_meeting", value=1),
                Target(rep_id=avoid.id, metric="weekly_count", key="prospecting_call", value=2),
            ]
        )
        n = 0

        def act(
            rep: int, day: int, category: str, minutes: int, account: int | None, contact: int | None
        ) -> None:
            nonlocal n
            n += 1
            make_activity(
                s,
                rep_id=rep,
                started_at=at(day),
                category=category,
                duration_minutes=minutes,
                account_id=account,
                contact_id=contact,
                source="csv",
                external_id=f"e{n}",
            )

        # good: week 1 four calls to ihm (A prospect), one meeting; week 2 two calls to ihm2, admin
        for _ in range(4):
            act(good.id, 0, "prospecting_call", 15, a_prospect.id, ihm.id)
        act(good.id, 1, "prospect_meeting", 60, a_prospect.id, ihm.id)
        act(good.id, 7, "prospecting_call", 15, a_prospect.id, ihm2.id)
        act(good.id, 8, "crm_admin", 90, None, None)
        # avoider: selling touches go to HR at a C client; one call to an ihm
        for day in (0, 7):
            act(avoid.id, day, "prospecting_call", 30, c_client.id, hr.id)
        act(avoid.id, 2, "prospecting_call", 20, a_prospect.id, ihm2.id)
        act(avoid.id, 3, "content_search", 150, None, None)
        jo = JobOrder(
            rep_id=good.id, account_id=a_prospect.id, title="Dev", job_type="contract", opened_on=MONDAY
        )
        jo2 = JobOrder(rep_id=good.id, title="QA", job_type="direct_hire", opened_on=MONDAY)
        s.add_all([jo, jo2])
        s.flush()
        subs = [Submittal(job_order_id=jo.id, submitted_on=MONDAY + timedelta(days=i)) for i in range(3)]
        s.add_all(subs)
        s.flush()
        s.add_all([Interview(submittal_id=subs[0].id, held_on=MONDAY + timedelta(days=5))])
        s.add(
            Placement(
                job_order_id=jo.id,
                submittal_id=subs[0].id,
                job_type="contract",
                start_on=MONDAY + timedelta(days=12),
            )
        )
        s.commit()
        return {"good": good.id, "avoid": avoid.id}
