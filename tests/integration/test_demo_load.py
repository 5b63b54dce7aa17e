"""Loading the demo writes a consistent organization on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from repfocus.domain.classification import SOURCE_RULE
from repfocus.domain.demo import DemoConfig, generate_rep, plan_org
from repfocus.services.classification import reclassify_all
from repfocus.services.demo import OrganizationExists, has_organization, load_demo
from repfocus.services.users import DEMO_LEADER_EMAIL, ensure_demo_sign_in
from repfocus.store.activities import rollup_totals
from repfocus.store.db import Database
from repfocus.store.models import (
    Account,
    Activity,
    Contact,
    Interview,
    JobOrder,
    Lead,
    Organization,
    Placement,
    PlantedProfile,
    Submittal,
    Target,
    Team,
    User,
    team_managers,
)

TODAY = date(2026, 11, 18)
SMALL = {"seed": 3, "reps": 8, "weeks": 3, "today": TODAY}


def _activity_rows(db: Database) -> list[tuple[object, ...]]:
    with db.session() as s:
        rows = s.execute(
            select(
                Activity.external_id,
                User.email,
                Activity.started_at,
                Activity.duration_minutes,
                Activity.kind,
                Activity.category,
                Activity.subject,
                Activity.direction,
                Activity.outcome,
                Contact.email,
                Account.domain,
            )
            .join(User, User.id == Activity.rep_id)
            .outerjoin(Contact, Contact.id == Activity.contact_id)
            .outerjoin(Account, Account.id == Activity.account_id)
            .order_by(Activity.external_id)
        )
        return [tuple(r) for r in rows]


def test_demo_loads_an_organization_with_teams_people_targets_and_activity(any_db: Database) -> None:
    assert not has_organization(any_db)
    calls: list[tuple[int, int]] = []
    summary = load_demo(any_db, **SMALL, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, 8) for n in range(1, 9)]
    assert has_organization(any_db)
    with any_db.session() as s:
        org = s.scalars(select(Organization)).one()
        assert org.is_demo and org.time_zone == "America/Chicago" and org.settings["demo"]["seed"] == 3
        assert s.scalar(select(func.count()).select_from(Team)) == 3
        roles = dict(s.execute(select(User.role, func.count()).group_by(User.role)).all())
        assert roles == {"leader": 1, "manager": 3, "rep": 8}
        leader = s.scalars(select(User).where(User.role == "leader")).one()
        assert leader.email == DEMO_LEADER_EMAIL and leader.team_id is None
        managed = s.execute(
            select(User.team_id, team_managers.c.team_id).join(
                team_managers, team_managers.c.user_id == User.id
            )
        ).all()
        assert len(managed) == 3 and all(a == b for a, b in managed)
        profiles = s.execute(select(PlantedProfile.profile, PlantedProfile.cause)).all()
        assert len(profiles) == 8 and {c for _, c in profiles} >= {None, "direction", "dna"}
        teams_with_targets = s.scalars(select(Target.team_id).distinct()).all()
        assert len(teams_with_targets) == 2
        assert s.scalar(select(Target.value).where(Target.key == "selling")) == pytest.approx(0.4)
        counts = {
            model.__name__: s.scalar(select(func.count()).select_from(model))
            for model in (Account, Contact, Activity, Lead, JobOrder, Submittal, Interview, Placement)
        }
        minutes = s.scalar(select(func.sum(Activity.duration_minutes)))
        assert rollup_totals(s) == (minutes, summary.activities)
        sources = set(s.scalars(select(Activity.source).distinct()))
        classified = set(s.scalars(select(Activity.classified_by).distinct()))
    assert counts["Activity"] == summary.activities > 1000
    assert counts["JobOrder"] == summary.job_orders > 0 and counts["Submittal"] == summary.submittals
    assert counts["Lead"] > 0 and counts["Account"] == summary.accounts
    assert sources == {"demo"} and classified == {SOURCE_RULE}


def test_the_demo_leader_is_the_one_serve_gives_a_sign_in_to(sqlite_db: Database) -> None:
    load_demo(sqlite_db, **{**SMALL, "reps": 6, "weeks": 1})
    signin = ensure_demo_sign_in(sqlite_db)
    assert signin is not None and signin[0] == DEMO_LEADER_EMAIL
    with sqlite_db.session() as s:
        leaders = s.execute(select(User.name, User.password_hash).where(User.role == "leader")).all()
    assert len(leaders) == 1 and leaders[0].password_hash and leaders[0].name != "Demo Leader"


def test_reapplying_the_classification_rules_keeps_the_planted_categories(sqlite_db: Database) -> None:
    load_demo(sqlite_db, **{**SMALL, "reps": 6, "weeks": 1})
    before = _activity_rows(sqlite_db)
    assert reclassify_all(sqlite_db)["changed"] == 0
    assert _activity_rows(sqlite_db) == before


def test_demo_refuses_a_database_that_already_holds_an_organization(any_db: Database) -> None:
    load_demo(any_db, **{**SMALL, "reps": 6, "weeks": 1})
    with pytest.raises(OrganizationExists, match="already holds"):
        load_demo(any_db, **{**SMALL, "reps": 6, "weeks": 1})
    with any_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organization)) == 1


def test_demo_writes_exactly_what_the_generator_drew(sqlite_db: Database) -> None:
    load_demo(sqlite_db, **SMALL)
    plan = plan_org(DemoConfig(**SMALL))  # type: ignore[arg-type]
    drawn = [(f"{w.rep.index}-{n}", w, a) for w in map(lambda r: generate_rep(plan, r), plan.reps)
             for n, a in enumerate(w.activities)]  # fmt: skip
    expected = sorted(
        (
            ext,
            w.rep.email,
            a.started_at,
            a.duration_minutes,
            a.kind,
            a.category,
            a.subject,
            a.direction,
            a.outcome,
            None if a.contact is None else w.contacts[a.contact].email,
            None if a.account is None else w.accounts[a.account].domain,
        )
        for ext, w, a in drawn
    )
    assert _activity_rows(sqlite_db) == expected


def test_same_seed_loads_identical_data_into_two_databases(sqlite_template: Path, tmp_path: Path) -> None:
    rows = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.db"
        path.write_bytes(sqlite_template.read_bytes())
        db = Database(f"sqlite:///{path}")
        load_demo(db, **SMALL)
        rows.append(_activity_rows(db))
        db.dispose()
    assert rows[0] == rows[1] and len(rows[0]) > 1000


def test_the_demo_has_a_plan_paying_this_month_and_a_club_for_this_quarter_that_some_reps_reach(
    sqlite_db: Database,
) -> None:
    from repfocus.domain.period import Period
    from repfocus.services import incentives, recognition

    today = date(2026, 11, 30)  # two thirds into the quarter, as `make run` would show it that day
    load_demo(sqlite_db, today=today)
    (plan,) = incentives.list_plans(sqlite_db, actor=None)
    assert (plan.plan.valid_from, plan.plan.valid_to) == (date(2026, 11, 1), date(2026, 11, 30))
    november = Period(date(2026, 11, 1), date(2026, 11, 30))
    assert sum(line.line.count for line in incentives.payouts(sqlite_db, actor=None, period=november).lines)
    (club,) = recognition.list_programs(sqlite_db, actor=None)
    assert (club.program.name, club.program.starts_on) == ("Hunters' Club Q4", date(2026, 10, 1))
    board = recognition.standings(sqlite_db, actor=None, program_id=club.id, today=today)
    assert len(board.rows) == 24 and 0 < board.qualified < 24
    assert any(not s.on_pace(board.elapsed) for _, s in board.rows)  # and someone is behind


def test_the_demo_has_mutual_action_plans_on_its_accounts_with_progress(sqlite_db: Database) -> None:
    from repfocus.services import plans

    load_demo(sqlite_db, **SMALL)
    found = plans.list_plans(sqlite_db, actor=None, today=TODAY)
    assert sorted(p.status for p in found) == ["active", "active", "won"]
    assert all(p.job_order_title and p.progress.total >= 3 for p in found)
    assert any(p.progress.overdue for p in found)  # the overdue customer step
    assert [p.progress.done == p.progress.total for p in found if p.status == "won"] == [True]
