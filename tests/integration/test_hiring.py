"""Hiring through its services, on SQLite and PostgreSQL: candidates, scorecards (one per interviewer and
day), the ranked comparison under the organization's weights, rights and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import event, select

from repfocus.domain.access import AccessDenied, Actor
from repfocus.domain.hiring import DEFAULT_WEIGHTS, TRAITS
from repfocus.services import hiring, hiring_scorecards
from repfocus.services.demo import load_demo
from repfocus.services.hiring import CandidateNotFound, HiringInvalid
from repfocus.services.users import actor_of
from repfocus.store.db import Database
from repfocus.store.models import AuditEntry, Organization
from tests.factories import make_organization, make_team, make_user

TODAY = date(2026, 11, 30)
DAY = date(2026, 11, 25)


@dataclass
class Org:
    db: Database
    actors: dict[str, Actor]


@pytest.fixture
def org(any_db: Database) -> Org:
    with any_db.session() as s:
        make_organization(s)
        team = make_team(s, name="Team A")
        people = {
            "leader": make_user(s, email="leader@example.com", name="Lea", role="leader"),
            "manager": make_user(s, email="manager@example.com", name="Max", role="manager", team_id=team.id),
            "rep": make_user(s, email="rep@example.com", name="Ann Rep", team_id=team.id),
            "delivery": make_user(s, email="dl@example.com", name="Del", role="delivery"),
        }
        actors = {k: actor_of(s, u) for k, u in people.items()}
        s.commit()
    return Org(any_db, actors)


def ratings(**kw: int) -> dict[str, int]:
    return {t: kw.get(t, 4) for t in TRAITS}


def _score(org: Org, candidate_id: int, who: str, day: date = DAY, **kw: int) -> hiring.ScorecardView:
    return hiring_scorecards.record_scorecard(
        org.db,
        actor=org.actors[who],
        candidate_id=candidate_id,
        ratings=ratings(**kw),
        interviewed_on=day,
        today=TODAY,
    )


def test_candidates_are_ranked_by_weighted_score_with_flags_and_recommendations(org: Org) -> None:
    strong = hiring.add_candidate(
        org.db, actor=org.actors["manager"], name="Hunter", role="AE", source="referral"
    )
    shy = hiring.add_candidate(org.db, actor=org.actors["manager"], name="Shy", role="AE")
    fresh = hiring.add_candidate(org.db, actor=org.actors["leader"], name="Aaron New", role="AE")
    _score(org, strong.id, "manager", persistence=5)
    _score(org, strong.id, "leader", persistence=5, money_talk=5)
    _score(org, shy.id, "manager", money_talk=2, objection_handling=1)
    got = hiring.compare(org.db, actor=org.actors["manager"])
    assert [c.name for c in got.candidates] == ["Hunter", "Shy", "Aaron New"]
    top, low, none = (c.assessment for c in got.candidates)
    # persistence 5 (0.30), money_talk 4.5 (0.15), the rest 4: 4.375 weighted -> 84.4
    assert top.score == 84.4 and top.trait_averages["money_talk"] == 4.5
    assert (top.recommendation, top.red_flags, top.needs_interview) == ("hire", (), False)
    assert low.red_flags == ("money_talk", "objection_handling") and low.needs_interview
    assert (low.score, low.recommendation) == (52.5, "no")  # 4,4,2,1,4 -> 3.1 weighted
    assert (none.score, none.recommendation, none.scorecards) == (None, None, 0)
    assert got.weights == DEFAULT_WEIGHTS
    assert fresh.id in {c.id for c in got.candidates}


def test_new_weights_change_the_ranking_and_are_kept_in_the_organization_settings(org: Org) -> None:
    talker = hiring.add_candidate(org.db, actor=None, name="Talker", role="AE")
    grinder = hiring.add_candidate(org.db, actor=None, name="Grinder", role="AE")
    _score(org, talker.id, "manager", persistence=3, money_talk=5)
    _score(org, grinder.id, "manager", persistence=5, money_talk=3)
    assert [c.name for c in hiring.compare(org.db, actor=None).candidates] == ["Grinder", "Talker"]
    money_first = {**dict.fromkeys(TRAITS, 0.1), "money_talk": 0.6}
    hiring_scorecards.set_weights(org.db, actor=org.actors["leader"], weights=money_first)
    assert [c.name for c in hiring.compare(org.db, actor=None).candidates] == ["Talker", "Grinder"]
    with org.db.session() as s:
        assert s.scalar(select(Organization.settings))["hiring_weights"]["money_talk"] == 0.6
    with pytest.raises(HiringInvalid) as caught:
        hiring_scorecards.set_weights(org.db, actor=None, weights={**money_first, "persistence": 0.5})
    assert caught.value.field == "weights"
    with pytest.raises(AccessDenied):
        hiring_scorecards.set_weights(org.db, actor=org.actors["manager"], weights=DEFAULT_WEIGHTS)


def test_one_scorecard_per_interviewer_candidate_and_day(org: Org) -> None:
    c = hiring.add_candidate(org.db, actor=None, name="Twice", role="AE")
    _score(org, c.id, "manager")
    with pytest.raises(HiringInvalid) as caught:
        _score(org, c.id, "manager", persistence=1)
    assert caught.value.field == "interviewed_on" and "already scored Twice" in caught.value.reason
    _score(org, c.id, "manager", day=date(2026, 11, 26))  # another day is another interview
    _score(org, c.id, "leader")  # another interviewer the same day
    _, cards = hiring.candidate_detail(org.db, actor=None, candidate_id=c.id)
    assert [(s.interviewer_email, s.interviewed_on) for s in cards] == [
        ("manager@example.com", date(2026, 11, 26)),
        ("leader@example.com", DAY),
        ("manager@example.com", DAY),
    ]


def test_a_bad_rating_is_rejected_naming_the_trait_and_nothing_is_written(org: Org) -> None:
    c = hiring.add_candidate(org.db, actor=None, name="Bad", role="AE")
    with pytest.raises(HiringInvalid) as caught:
        _score(org, c.id, "leader", assertiveness=7)
    assert caught.value.field == "ratings.assertiveness"
    assert hiring.candidate_detail(org.db, actor=None, candidate_id=c.id)[1] == []


def test_the_command_line_names_an_interviewer_who_must_be_a_leader_or_manager(org: Org) -> None:
    c = hiring.add_candidate(org.db, actor=None, name="Cli", role="AE")
    for email, reason in [
        (None, "give the email"),
        ("x@example.com", "no user"),
        ("rep@example.com", "not an active"),
    ]:
        with pytest.raises(HiringInvalid) as caught:
            hiring_scorecards.record_scorecard(
                org.db, actor=None, candidate_id=c.id, ratings=ratings(), interviewer_email=email, today=TODAY
            )
        assert caught.value.field == "interviewer" and reason in caught.value.reason
    made = hiring_scorecards.record_scorecard(
        org.db,
        actor=None,
        candidate_id=c.id,
        ratings=ratings(),
        notes={"persistence": "Followed up twice after the first no."},
        interviewer_email="MANAGER@example.com",
        today=TODAY,
    )
    assert (made.interviewer_email, made.interviewed_on, made.notes) == (
        "manager@example.com",
        TODAY,
        {"persistence": "Followed up twice after the first no."},
    )


def test_reps_and_delivery_users_may_not_use_hiring(org: Org) -> None:
    c = hiring.add_candidate(org.db, actor=None, name="Secret", role="AE")
    for who in ("rep", "delivery"):
        actor = org.actors[who]
        with pytest.raises(AccessDenied):
            hiring.compare(org.db, actor=actor)
        with pytest.raises(AccessDenied):
            hiring.add_candidate(org.db, actor=actor, name="X", role="AE")
        with pytest.raises(AccessDenied):
            hiring.update_candidate(org.db, actor=actor, candidate_id=c.id, status="rejected")
        with pytest.raises(AccessDenied):
            _score(org, c.id, who)


def test_status_changes_and_edits_are_audited_and_an_unknown_candidate_is_not_found(org: Org) -> None:
    c = hiring.add_candidate(org.db, actor=org.actors["manager"], name="Dana", role="AE")
    hiring.update_candidate(org.db, actor=org.actors["manager"], candidate_id=c.id, status="interviewing")
    hiring.update_candidate(org.db, actor=org.actors["manager"], candidate_id=c.id, status="interviewing")
    changed = hiring.update_candidate(
        org.db, actor=org.actors["leader"], candidate_id=c.id, status="offer", role="SDR"
    )
    assert (changed.status, changed.role) == ("offer", "SDR")
    _score(org, c.id, "leader")
    with org.db.session() as s:
        entries = list(
            s.execute(
                select(AuditEntry.action, AuditEntry.actor_email, AuditEntry.details).order_by(AuditEntry.id)
            )
        )
    assert [(a, e) for a, e, _ in entries] == [
        ("hiring.add", "manager@example.com"),
        ("hiring.status", "manager@example.com"),
        ("hiring.status", "leader@example.com"),
        ("hiring.update", "leader@example.com"),
        ("hiring.score", "leader@example.com"),
    ]
    assert entries[2][2] == {"candidate": c.id, "from": "interviewing", "to": "offer"}
    with pytest.raises(HiringInvalid) as caught:
        hiring.update_candidate(org.db, actor=None, candidate_id=c.id, status="ghosted")
    assert caught.value.field == "status"
    with pytest.raises(CandidateNotFound):
        hiring.update_candidate(org.db, actor=None, candidate_id=c.id + 999, status="hired")
    with pytest.raises(CandidateNotFound):
        _score(org, c.id + 999, "leader")


def test_the_comparison_may_be_narrowed_to_statuses(org: Org) -> None:
    a = hiring.add_candidate(org.db, actor=None, name="A", role="AE", status="interviewing")
    hiring.add_candidate(org.db, actor=None, name="B", role="AE", status="rejected")
    got = hiring.compare(org.db, actor=None, statuses=["interviewing", "offer"])
    assert [c.id for c in got.candidates] == [a.id]


def test_the_demo_brings_a_slate_showing_every_outcome(sqlite_db: Database) -> None:
    load_demo(sqlite_db, seed=3, reps=6, weeks=1, today=TODAY)
    got = hiring.compare(sqlite_db, actor=None).candidates
    summary = [
        (
            c.name,
            c.assessment.score,
            c.assessment.recommendation,
            c.assessment.red_flags,
            c.assessment.scorecards,
        )
        for c in got
    ]
    assert summary == [
        ("Jordan Reyes", 89.4, "hire", (), 2),
        ("Lee Novak", 75.0, "maybe", (), 1),
        ("Priya Shah", 65.0, "maybe", (), 2),
        ("Sam Okafor", 47.5, "no", ("persistence",), 2),
        ("Casey Morgan", None, None, (), 0),
    ]
    _, cards = hiring.candidate_detail(sqlite_db, actor=None, candidate_id=got[-2].id)
    assert any("one unanswered email" in c.notes.get("persistence", "") for c in cards)


def _selects(db: Database, run: Callable[[], object]) -> int:
    seen: list[str] = []

    def count(*args: object) -> None:
        if str(args[2]).lstrip().upper().startswith("SELECT"):  # not BEGIN, PRAGMA or a pre-ping
            seen.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_the_comparison_reads_a_fixed_number_of_statements_however_many_candidates(org: Org) -> None:
    def compare() -> object:
        return hiring.compare(org.db, actor=None)

    for n in range(2):
        c = hiring.add_candidate(org.db, actor=None, name=f"C{n}", role="AE")
        _score(org, c.id, "manager")
    few = _selects(org.db, compare)
    assert few == 3  # the weights, the candidates, their scorecards
    for n in range(2, 12):
        c = hiring.add_candidate(org.db, actor=None, name=f"C{n}", role="AE")
        _score(org, c.id, "leader")
    assert _selects(org.db, compare) == few
