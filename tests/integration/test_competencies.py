"""Competency ratings and training assignments through their services, on SQLite and PostgreSQL: history
kept, rights, audit rows, the overview."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from repfocus.domain.access import AccessDenied
from repfocus.services import competencies, training
from repfocus.services.competencies import CompetencyInvalid, CompetencyNotFound
from repfocus.store.models import AuditEntry, CompetencyRating, PlaybookItem
from tests.integration.sales_org import Org

TODAY = date(2026, 11, 30)


def _rate(org: Org, who: str | None, competency: str, score: int, day: date, **kw: object) -> object:
    actor = org.actors[who] if who else None
    return competencies.rate(
        org.db,
        actor=actor,
        rep_email=str(kw.pop("rep", "rep@example.com")),
        competency=competency,
        score=score,
        rated_on=day,
        today=TODAY,
        **kw,  # type: ignore[arg-type]
    )


def _audit(org: Org) -> list[tuple[str, str, str]]:
    with org.db.read_session() as s:
        rows = s.execute(
            select(AuditEntry.action, AuditEntry.actor_email, AuditEntry.target).order_by(AuditEntry.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_a_new_rating_joins_the_history_and_the_grid_shows_the_change(org: Org) -> None:
    _rate(org, "manager", "talking_money", 4, date(2026, 8, 20), evidence="Quoted rates with confidence.")
    _rate(org, "leader", "talking_money", 2, date(2026, 11, 25), evidence="Caved on the first rate push.")
    with org.db.read_session() as s:
        assert sorted(s.scalars(select(CompetencyRating.score))) == [2, 4]  # nothing overwritten
    ratings = competencies.list_ratings(org.db, actor=org.actors["rep"])
    assert [(r.score, r.rated_by_email) for r in ratings] == [
        (2, "leader@example.com"),
        (4, "manager@example.com"),
    ]
    view = competencies.rep_grid(org.db, actor=org.actors["rep"], rep_email="rep@example.com", today=TODAY)
    line = next(x for x in view.lines if x.competency == "talking_money")
    assert line.current is not None and line.current.evidence == "Caved on the first rate push."
    assert (line.history, line.change, line.needs_training) == ((4, 2), -2, True)
    assert not view.may_rate
    assert _audit(org) == [
        ("competency.rate", "manager@example.com", "rep@example.com"),
        ("competency.rate", "leader@example.com", "rep@example.com"),
    ]


def test_only_the_reps_manager_or_a_leader_rates_and_others_do_not_see_the_rep(org: Org) -> None:
    with pytest.raises(AccessDenied):
        _rate(org, "rep", "negotiation", 5, TODAY)
    with pytest.raises(CompetencyNotFound):
        _rate(org, "other_manager", "negotiation", 3, TODAY)
    with pytest.raises(CompetencyNotFound):
        competencies.rep_grid(org.db, actor=org.actors["other_manager"], rep_email="rep@example.com")
    _rate(org, None, "negotiation", 3, TODAY)  # the command line: the server's owner
    assert [r.rated_by_email for r in competencies.list_ratings(org.db, actor=None)] == [None]
    assert competencies.list_ratings(org.db, actor=org.actors["other_manager"]) == []
    assert _audit(org) == [("competency.rate", "", "rep@example.com")]


def test_a_bad_rating_is_rejected_and_nothing_is_written(org: Org) -> None:
    with pytest.raises(CompetencyInvalid, match="score: 7 is outside 1-5"):
        _rate(org, "leader", "negotiation", 7, TODAY)
    with pytest.raises(CompetencyInvalid, match="use one of"):
        _rate(org, "leader", "charm", 3, TODAY)
    assert competencies.list_ratings(org.db, actor=None) == []
    assert _audit(org) == []


def test_training_is_assigned_completed_by_the_rep_with_a_note_and_audited(org: Org) -> None:
    with org.db.session() as s:
        item = PlaybookItem(slug="objection-rates", kind="objection_response", title="Rates", body="Hold.")
        s.add(item)
        s.commit()
        item_id = item.id
    made = training.assign(
        org.db,
        actor=org.actors["manager"],
        rep_email="rep@example.com",
        title="Study the rate objection",
        competency="talking_money",
        playbook_item_id=item_id,
        due_on=date(2026, 11, 29),
        today=date(2026, 11, 20),
    )
    assert (made.playbook_slug, made.assigned_by_email, made.status) == (
        "objection-rates",
        "manager@example.com",
        "assigned",
    )
    [listed] = training.list_training(org.db, actor=org.actors["rep"], status="assigned", today=TODAY)
    assert listed.overdue
    with pytest.raises(CompetencyNotFound):  # another rep does not learn it exists
        training.update(org.db, actor=org.actors["other_rep"], training_id=made.id, status="done")
    with pytest.raises(CompetencyInvalid, match="use one of assigned, done"):
        training.update(org.db, actor=org.actors["rep"], training_id=made.id, status="started")
    done = training.update(
        org.db,
        actor=org.actors["rep"],
        training_id=made.id,
        status="done",
        note=" Read it twice. ",
        today=TODAY,
    )
    assert (done.status, done.completed_on, done.note, done.overdue) == (
        "done",
        TODAY,
        "Read it twice.",
        False,
    )
    with pytest.raises(AccessDenied, match="reopens"):
        training.update(org.db, actor=org.actors["rep"], training_id=made.id, status="assigned")
    with pytest.raises(CompetencyNotFound):
        training.update(org.db, actor=org.actors["other_manager"], training_id=made.id, status="assigned")
    again = training.update(org.db, actor=org.actors["leader"], training_id=made.id, status="assigned")
    assert (again.status, again.completed_on) == ("assigned", None)
    assert [a[:2] for a in _audit(org)] == [
        ("training.assign", "manager@example.com"),
        ("training.update", "rep@example.com"),
        ("training.update", "leader@example.com"),
    ]
    assert training.list_training(org.db, actor=org.actors["rep"], status="done") == []


def test_training_rights_and_bad_input(org: Org) -> None:
    with pytest.raises(AccessDenied):
        training.assign(org.db, actor=org.actors["rep"], rep_email="rep@example.com", title="Self-study")
    with pytest.raises(CompetencyNotFound):
        training.assign(org.db, actor=org.actors["other_manager"], rep_email="rep@example.com", title="X")
    with pytest.raises(CompetencyInvalid, match="no playbook item 999"):
        training.assign(org.db, actor=None, rep_email="rep@example.com", title="X", playbook_item_id=999)
    with pytest.raises(CompetencyInvalid, match="status"):
        training.list_training(org.db, actor=None, status="started")
    with pytest.raises(CompetencyNotFound):
        training.update(org.db, actor=None, training_id=12345, status="done")
    assert _audit(org) == []


def test_the_overview_lists_the_weakest_and_open_and_overdue_training(org: Org) -> None:
    _rate(org, "leader", "talking_money", 2, date(2026, 11, 1))
    _rate(org, "leader", "negotiation", 4, date(2026, 11, 1))
    _rate(org, "leader", "prospecting_calls", 3, date(2026, 11, 1), rep="orep@example.com")
    for due in (date(2026, 11, 29), date(2026, 12, 7)):
        training.assign(
            org.db, actor=None, rep_email="rep@example.com", title="T", due_on=due, today=date(2026, 11, 2)
        )
    lines = competencies.overview(org.db, actor=org.actors["manager"], today=TODAY)
    assert [line.email for line in lines] == ["rep@example.com", "rep2@example.com"]  # team A
    line, unrated = lines
    assert [(r.competency, r.score) for r in line.weakest] == [("talking_money", 2), ("negotiation", 4)]
    assert (line.needs_training, line.open_training, line.overdue_training) == (1, 2, 1)
    assert (unrated.weakest, unrated.needs_training, unrated.open_training) == ([], 0, 0)
    assert len(competencies.overview(org.db, actor=org.actors["leader"], today=TODAY)) == 3


def test_the_diagnosis_carries_each_reps_ratings_that_need_training_with_their_evidence(org: Org) -> None:
    from datetime import timedelta

    from repfocus.domain.period import Period
    from repfocus.services import diagnosis

    with org.db.read_session() as s:
        today = competencies.org_today(s)  # the diagnosis measures the change up to the real today

    def rate(rep: str, competency: str, score: int, day: date, evidence: str | None = None) -> None:
        competencies.rate(
            org.db,
            actor=org.actors["manager"],
            rep_email=rep,
            competency=competency,
            score=score,
            rated_on=day,
            evidence=evidence,
            today=today,
        )

    rate("rep@example.com", "talking_money", 4, today - timedelta(days=120))  # before the 90 days
    rate("rep@example.com", "talking_money", 2, today, "Avoided the rate twice on the Globex call")
    rate("rep@example.com", "discovery_questions", 4, today)
    rate("rep2@example.com", "prospecting_calls", 1, today)
    period = Period(today - timedelta(days=90), today)
    report = diagnosis.diagnose(org.db, actor=org.actors["leader"], period=period).as_dict()
    gaps = {r["email"]: r["competency_gaps"] for r in report["reps"]}
    assert gaps["rep@example.com"] == [
        {
            "competency": "talking_money",
            "label": "Talking money (rates)",
            "score": 2,
            "rated_on": today.isoformat(),
            "change": -2,
            "evidence": "Avoided the rate twice on the Globex call",
        }
    ]
    assert [g["competency"] for g in gaps["rep2@example.com"]] == ["prospecting_calls"]
    assert gaps["orep@example.com"] == []
    # a rep reads their own diagnosis, gaps included, and nobody else's
    own = diagnosis.diagnose(org.db, actor=org.actors["rep"], period=period).as_dict()
    assert [r["email"] for r in own["reps"]] == ["rep@example.com"]
    assert [g["competency"] for g in own["reps"][0]["competency_gaps"]] == ["talking_money"]
