"""Mutual action plans through their services, on SQLite and PostgreSQL: who sees and changes which plan,
milestones by side, share links (hashed, expiring, revocable), the customer's page, audit rows, cascades."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select

from repfocus.domain.access import AccessDenied, Actor
from repfocus.domain.plans import PlanInvalid
from repfocus.services import plan_edits, plan_milestones, plan_shares, plans
from repfocus.services.plan_shares import ShareNotFound
from repfocus.services.plans import PlanNotFound
from repfocus.services.users import actor_of
from repfocus.store.db import Database
from repfocus.store.models import (
    Account,
    AuditEntry,
    MutualActionPlan,
    PlanMilestone,
    PlanShare,
    team_managers,
)
from tests.factories import make_account, make_organization, make_team, make_user

TODAY = date(2026, 11, 30)


@dataclass
class Org:
    db: Database
    actors: dict[str, Actor]
    account_id: int


@pytest.fixture
def org(any_db: Database) -> Org:
    with any_db.session() as s:
        make_organization(s)
        a, b = make_team(s, name="Team A"), make_team(s, name="Team B")
        people = {
            "leader": make_user(s, email="leader@example.com", name="Lea", role="leader"),
            "manager": make_user(s, email="manager@example.com", name="Max", role="manager", team_id=a.id),
            "other_manager": make_user(s, email="om@example.com", name="Ola", role="manager", team_id=b.id),
            "rep": make_user(s, email="rep@example.com", name="Ann Rep", team_id=a.id),
            "other_rep": make_user(s, email="or@example.com", name="Bob Rep", team_id=b.id),
            "delivery": make_user(s, email="dl@example.com", name="Del", role="delivery"),
        }
        s.execute(team_managers.insert().values(team_id=a.id, user_id=people["manager"].id))
        s.execute(team_managers.insert().values(team_id=b.id, user_id=people["other_manager"].id))
        account = make_account(s, name="Globex", owner_id=people["rep"].id)
        actors = {k: actor_of(s, u) for k, u in people.items()}
        s.commit()
    return Org(any_db, actors, account.id)


def _plan(org: Org, who: str = "rep", **kw: object) -> plans.PlanView:
    fields: dict[str, object] = {"title": "Java team", "account_id": org.account_id} | kw
    return plan_edits.create_plan(org.db, actor=org.actors[who], **fields)  # type: ignore[arg-type]


def _milestone(org: Org, plan_id: int, side: str, due: date, who: str = "rep", **kw: object) -> int:
    return plan_milestones.add_milestone(
        org.db, actor=org.actors[who], plan_id=plan_id, title=f"{side} step", side=side, due_on=due, **kw
    ).id  # type: ignore[arg-type]


def test_each_role_sees_exactly_the_plans_the_rules_allow(org: Org) -> None:
    mine = _plan(org, "rep", title="Rep A plan")
    theirs = _plan(org, "other_rep", title="Rep B plan")
    own = _plan(org, "manager", title="Manager plan")
    seen = {who: {p.id for p in plans.list_plans(org.db, actor=a)} for who, a in org.actors.items()}
    assert seen["leader"] == seen["delivery"] == {mine.id, theirs.id, own.id}
    assert seen["manager"] == {mine.id, own.id}
    assert seen["other_manager"] == {theirs.id}
    assert seen["rep"] == {mine.id}
    with pytest.raises(PlanNotFound):
        plans.plan_detail(org.db, actor=org.actors["other_rep"], plan_id=mine.id)
    with pytest.raises(PlanNotFound):
        plans.plan_detail(org.db, actor=org.actors["other_manager"], plan_id=mine.id)


def test_who_may_create_and_change_a_plan(org: Org) -> None:
    with pytest.raises(AccessDenied):
        _plan(org, "delivery")
    with pytest.raises(AccessDenied):  # a rep owns their own plans only
        _plan(org, "rep", owner_email="or@example.com")
    with pytest.raises(AccessDenied):  # a manager assigns within their team
        _plan(org, "manager", owner_email="or@example.com")
    assigned = _plan(org, "manager", owner_email="rep@example.com")
    assert assigned.owner_email == "rep@example.com"
    with pytest.raises(PlanInvalid, match="owner"):
        _plan(org, "leader", owner_email="dl@example.com")  # delivery users own no plans
    plan = _plan(org, "rep")
    with pytest.raises(AccessDenied):
        plan_edits.update_plan(org.db, actor=org.actors["delivery"], plan_id=plan.id, status="active")
    changed = plan_edits.update_plan(
        org.db, actor=org.actors["manager"], plan_id=plan.id, status="active", goal="3 starts by March"
    )
    assert (changed.status, changed.goal) == ("active", "3 starts by March")
    with pytest.raises(PlanInvalid, match="status"):
        plan_edits.update_plan(org.db, actor=org.actors["rep"], plan_id=plan.id, status="paused")


def test_a_job_order_must_belong_to_the_plans_account(org: Org) -> None:
    from repfocus.store.models import JobOrder

    with org.db.session() as s:
        other = make_account(s, name="Initech")
        rep_id = org.actors["rep"].user_id
        row = JobOrder(rep_id=rep_id, account_id=other.id, title="QA", job_type="contract", opened_on=TODAY)
        s.add(row)
        s.commit()
        job_id = row.id
    with pytest.raises(PlanInvalid, match="job order"):
        _plan(org, job_order_id=job_id)
    made = _plan(org, account_id=None, account_name="initech", job_order_id=job_id)
    assert (made.account_name, made.job_order_title) == ("Initech", "QA")


def test_delivery_users_change_only_delivery_milestones(org: Org) -> None:
    plan = _plan(org)
    sales = _milestone(org, plan.id, "sales", TODAY)
    delivered = _milestone(org, plan.id, "delivery", TODAY, who="delivery")
    delivery = org.actors["delivery"]
    with pytest.raises(AccessDenied):
        _milestone(org, plan.id, "customer", TODAY, who="delivery")
    with pytest.raises(AccessDenied):
        plan_milestones.update_milestone(
            org.db, actor=delivery, plan_id=plan.id, milestone_id=sales, status="done"
        )
    with pytest.raises(AccessDenied):  # nor move theirs to another side
        plan_milestones.update_milestone(
            org.db, actor=delivery, plan_id=plan.id, milestone_id=delivered, side="sales"
        )
    with pytest.raises(AccessDenied):
        plan_milestones.delete_milestone(org.db, actor=delivery, plan_id=plan.id, milestone_id=delivered)
    done = plan_milestones.update_milestone(
        org.db, actor=delivery, plan_id=plan.id, milestone_id=delivered, status="done", today=TODAY
    )
    assert (done.status, done.done_on) == ("done", TODAY)
    reopened = plan_milestones.update_milestone(
        org.db, actor=org.actors["rep"], plan_id=plan.id, milestone_id=delivered, status="blocked"
    )
    assert (reopened.status, reopened.done_on) == ("blocked", None)
    with pytest.raises(PlanNotFound):  # another rep does not learn the plan exists
        plan_milestones.update_milestone(
            org.db, actor=org.actors["other_rep"], plan_id=plan.id, milestone_id=sales, status="done"
        )


def test_milestones_keep_their_order_and_the_plan_its_progress(org: Org) -> None:
    plan = _plan(org)
    ids = [
        _milestone(org, plan.id, side, TODAY + timedelta(days=d))
        for side, d in [("sales", -2), ("customer", 5), ("delivery", -1)]
    ]
    plan_milestones.update_milestone(org.db, actor=None, plan_id=plan.id, milestone_id=ids[0], status="done")
    detail = plans.plan_detail(org.db, actor=org.actors["rep"], plan_id=plan.id, today=TODAY)
    assert [m.id for m in detail.milestones] == ids
    assert [m.position for m in detail.milestones] == [1, 2, 3]
    g = detail.plan.progress
    assert (g.done, g.total, g.overdue, g.next_id) == (1, 3, 1, ids[2])
    late = plans.list_plans(org.db, actor=None, overdue_only=True, today=TODAY)
    assert [p.id for p in late] == [plan.id]
    assert plans.list_plans(org.db, actor=None, overdue_only=True, today=TODAY - timedelta(days=5)) == []
    plan_milestones.delete_milestone(
        org.db, actor=org.actors["manager"], plan_id=plan.id, milestone_id=ids[1]
    )
    detail = plans.plan_detail(org.db, actor=None, plan_id=plan.id, today=TODAY)
    assert [m.id for m in detail.milestones] == [ids[0], ids[2]]


def test_a_share_link_stores_only_its_hash_and_opens_that_plan_alone(org: Org) -> None:
    plan = _plan(org, goal="3 Java contractors start")
    _milestone(org, plan.id, "sales", TODAY, note="margin is thin", note_internal=True)
    customer = _milestone(org, plan.id, "customer", TODAY, owner_name="Dana", note="Sign the SOW")
    with pytest.raises(AccessDenied):
        plan_shares.create_share(org.db, actor=org.actors["delivery"], plan_id=plan.id)
    made = plan_shares.create_share(org.db, actor=org.actors["rep"], plan_id=plan.id)
    assert made.path == f"/shared/plans/{made.token}" and len(made.token) >= 43
    with org.db.session() as s:
        stored = s.scalars(select(PlanShare.token_hash)).all()
    assert stored == [hashlib.sha256(made.token.encode()).hexdigest()]
    shared = plan_shares.shared_plan(org.db, token=made.token)
    assert (shared.title, shared.goal) == ("Java team", "3 Java contractors start")
    assert [m.note for m in shared.milestones] == [None, "Sign the SOW"]  # the internal note stays inside
    assert [m.owner for m in shared.milestones] == ["Sales", "Dana"]
    plan_shares.customer_marks_done(org.db, token=made.token, milestone_id=customer)
    assert plan_shares.shared_plan(org.db, token=made.token).progress.done == 1
    with pytest.raises(PlanInvalid):
        plan_shares.customer_marks_done(org.db, token=made.token, milestone_id=shared.milestones[0].id)
    other = _plan(org, "other_rep")
    foreign = _milestone(org, other.id, "customer", TODAY, who="other_rep")
    with pytest.raises(ShareNotFound):
        plan_shares.customer_marks_done(org.db, token=made.token, milestone_id=foreign)
    with org.db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.actor_email == plan_shares.CUSTOMER)).one()
    assert (entry.action, entry.actor_id, entry.details["milestone"]) == (
        "plan.milestone.update",
        None,
        customer,
    )


def test_revoked_expired_and_unknown_links_all_answer_not_found(org: Org) -> None:
    plan = _plan(org)
    revoked = plan_shares.create_share(org.db, actor=org.actors["manager"], plan_id=plan.id)
    with pytest.raises(PlanNotFound):
        plan_shares.revoke_share(org.db, actor=org.actors["other_manager"], share_id=revoked.id)
    plan_shares.revoke_share(org.db, actor=org.actors["manager"], share_id=revoked.id)
    plan_shares.revoke_share(org.db, actor=org.actors["manager"], share_id=revoked.id)  # twice: no change
    expiring = plan_shares.create_share(org.db, actor=None, plan_id=plan.id, expires_on=TODAY, today=TODAY)
    assert expiring.expires_at is not None and expiring.expires_at > datetime(2026, 11, 30, 23, tzinfo=UTC)
    plan_shares.shared_plan(org.db, token=expiring.token, now=expiring.expires_at - timedelta(seconds=1))
    for token, now in [
        (revoked.token, None),
        (expiring.token, expiring.expires_at),
        ("not-a-token", None),
        ("x" * 500, None),
    ]:
        with pytest.raises(ShareNotFound) as caught:
            plan_shares.shared_plan(org.db, token=token, now=now)
        assert str(caught.value) == "no such plan"
    with pytest.raises(PlanInvalid, match="expires"):
        plan_shares.create_share(
            org.db, actor=None, plan_id=plan.id, expires_on=TODAY - timedelta(days=1), today=TODAY
        )
    with org.db.session() as s:
        revokes = s.scalar(select(func.count()).where(AuditEntry.action == "plan.share.revoke"))
    assert revokes == 1


def test_every_change_writes_an_audit_row(org: Org) -> None:
    plan = _plan(org)
    mid = _milestone(org, plan.id, "sales", TODAY)
    plan_edits.update_plan(org.db, actor=org.actors["rep"], plan_id=plan.id, status="active")
    plan_edits.update_plan(org.db, actor=org.actors["rep"], plan_id=plan.id, status="active")  # no change
    plan_milestones.update_milestone(
        org.db, actor=org.actors["rep"], plan_id=plan.id, milestone_id=mid, status="done"
    )
    share = plan_shares.create_share(org.db, actor=org.actors["rep"], plan_id=plan.id)
    plan_shares.revoke_share(org.db, actor=org.actors["rep"], share_id=share.id)
    plan_milestones.delete_milestone(org.db, actor=org.actors["rep"], plan_id=plan.id, milestone_id=mid)
    with org.db.session() as s:
        rows = s.execute(
            select(AuditEntry.action, AuditEntry.actor_email, AuditEntry.details).order_by(AuditEntry.id)
        ).all()
    assert [r[0] for r in rows] == [
        "plan.create",
        "plan.milestone.add",
        "plan.update",
        "plan.milestone.update",
        "plan.share.create",
        "plan.share.revoke",
        "plan.milestone.delete",
    ]
    assert {r[1] for r in rows} == {"rep@example.com"}
    assert rows[2][2] == {"title": "Java team", "fields": ["status"], "from": "draft", "to": "active"}


def test_deleting_an_account_deletes_its_plans_milestones_and_links(org: Org) -> None:
    plan = _plan(org)
    _milestone(org, plan.id, "sales", TODAY)
    plan_shares.create_share(org.db, actor=None, plan_id=plan.id)
    with org.db.session() as s:
        s.execute(delete(Account).where(Account.id == org.account_id))
        s.commit()
        counts = [
            s.scalar(select(func.count()).select_from(m))
            for m in (MutualActionPlan, PlanMilestone, PlanShare)
        ]
    assert counts == [0, 0, 0]


def test_a_nul_character_is_refused_naming_the_field_on_both_databases(org: Org) -> None:
    plan = _plan(org)
    for call, field in [
        (lambda: _plan(org, title="Java\x00team"), "title"),
        (lambda: _plan(org, owner_email="rep\x00@example.com"), "owner"),
        (lambda: _plan(org, account_id=None, account_name="Glo\x00bex"), "account"),
        (lambda: _milestone(org, plan.id, "sales", TODAY, owner_email="a\x00@b.c"), "owner_email"),
    ]:
        with pytest.raises(PlanInvalid) as caught:
            call()
        assert caught.value.field == field


def test_the_owner_changes_within_the_actors_reach_and_a_deactivated_owner_may_stay(org: Org) -> None:
    from repfocus.services import users

    plan = _plan(org)
    moved = plan_edits.update_plan(
        org.db, actor=org.actors["manager"], plan_id=plan.id, owner_email="manager@example.com"
    )
    assert moved.owner_email == "manager@example.com"
    with pytest.raises(AccessDenied):
        plan_edits.update_plan(
            org.db, actor=org.actors["manager"], plan_id=plan.id, owner_email="or@example.com"
        )
    with pytest.raises(PlanInvalid, match="owner"):
        plan_edits.update_plan(org.db, actor=org.actors["leader"], plan_id=plan.id, owner_email=" ")
    plan_edits.update_plan(org.db, actor=None, plan_id=plan.id, owner_email="rep@example.com")
    users.disable_user(org.db, email="rep@example.com")
    kept = plan_edits.update_plan(
        org.db, actor=org.actors["leader"], plan_id=plan.id, owner_email="REP@example.com", status="active"
    )
    assert (kept.owner_email, kept.status) == ("rep@example.com", "active")
    with pytest.raises(PlanInvalid, match="owner"):
        plan_edits.update_plan(
            org.db, actor=org.actors["leader"], plan_id=plan.id, owner_email="dl@example.com"
        )


def test_a_milestone_moves_to_another_place_and_the_others_close_up(org: Org) -> None:
    plan = _plan(org)
    a, b, c = (_milestone(org, plan.id, side, TODAY) for side in ("sales", "delivery", "customer"))

    def order() -> list[tuple[int, int]]:
        found = plans.plan_detail(org.db, actor=None, plan_id=plan.id).milestones
        return [(m.id, m.position) for m in found]

    plan_milestones.move_milestone(org.db, actor=org.actors["manager"], plan_id=plan.id, milestone_id=c, to=1)
    assert order() == [(c, 1), (a, 2), (b, 3)]
    plan_milestones.move_milestone(org.db, actor=org.actors["rep"], plan_id=plan.id, milestone_id=c, to=99)
    assert order() == [(a, 1), (b, 2), (c, 3)]
    plan_milestones.delete_milestone(org.db, actor=None, plan_id=plan.id, milestone_id=a)
    plan_milestones.move_milestone(org.db, actor=None, plan_id=plan.id, milestone_id=c, to=0)
    assert order() == [(c, 1), (b, 2)]
    with pytest.raises(AccessDenied):
        plan_milestones.move_milestone(
            org.db, actor=org.actors["delivery"], plan_id=plan.id, milestone_id=b, to=1
        )
    with org.db.session() as s:
        moves = s.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "plan.milestone.update")
        ).all()
    assert [m["moved"] for m in moves] == [{"from": 3, "to": 1}, {"from": 1, "to": 3}, {"from": 2, "to": 1}]
