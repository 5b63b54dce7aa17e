"""The competency and training rules: ratings checked, the current rating, the change, the weakest, the
needs-training flag, the grid; training checked, who completes it, when it is overdue."""

from __future__ import annotations

from datetime import date

import pytest

from repfocus.domain.access import Actor
from repfocus.domain.competencies import (
    COMPETENCIES,
    CompetencyInvalid,
    Rating,
    change_since,
    check_rating,
    current_rating,
    current_ratings,
    grid,
    needs_training,
    weakest,
)
from repfocus.domain.training import can_complete, check_note, check_status, check_training, is_overdue

TODAY = date(2026, 11, 30)


def _r(competency: str, score: int, day: date, order: int = 0) -> Rating:
    return Rating(competency, score, day, None, order)


def test_the_list_covers_the_skills_of_it_staffing_sales() -> None:
    assert len(COMPETENCIES) == 8
    assert {"prospecting_calls", "talking_money", "job_order_intake", "objection_handling"} <= set(
        COMPETENCIES
    )


def test_a_rating_is_checked_and_its_evidence_trimmed() -> None:
    made = check_rating(
        competency=" Talking_Money ", score=4, rated_on=TODAY, today=TODAY, evidence="  Quoted the rate.  "
    )
    assert (made.competency, made.score, made.evidence) == ("talking_money", 4, "Quoted the rate.")
    assert (
        check_rating(competency="negotiation", score=1, rated_on=TODAY, today=TODAY, evidence=" ").evidence
        is None
    )


@pytest.mark.parametrize(
    ("kw", "field", "words"),
    [
        ({"competency": "charm"}, "competency", "use one of prospecting_calls, discovery_questions"),
        ({"score": 0}, "score", "0 is outside 1-5"),
        ({"score": 6}, "score", "6 is outside 1-5"),
        ({"rated_on": date(2026, 12, 2)}, "rated_on", "lies in the future"),
        ({"evidence": "x" * 501}, "evidence", "at most 500"),
    ],
)
def test_a_bad_rating_names_the_field_and_the_reason(kw: dict[str, object], field: str, words: str) -> None:
    args: dict[str, object] = {
        "competency": "negotiation",
        "score": 3,
        "rated_on": TODAY,
        "today": TODAY,
        **kw,
    }
    with pytest.raises(CompetencyInvalid) as caught:
        check_rating(**args)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert words in caught.value.reason


def test_the_current_rating_is_the_latest_and_a_later_record_wins_on_the_same_day() -> None:
    history = [
        _r("negotiation", 2, date(2026, 9, 1), 1),
        _r("negotiation", 4, date(2026, 11, 1), 3),
        _r("negotiation", 3, date(2026, 11, 1), 2),
        _r("talking_money", 5, date(2026, 10, 1), 4),
    ]
    assert current_rating(history, "negotiation").score == 4  # type: ignore[union-attr]
    assert current_rating(history, "negotiation", on=date(2026, 10, 31)).score == 2  # type: ignore[union-attr]
    assert current_rating(history, "negotiation", on=date(2026, 8, 31)) is None
    assert {k: r.score for k, r in current_ratings(history).items()} == {"negotiation": 4, "talking_money": 5}


def test_the_change_compares_with_the_rating_that_counted_n_days_ago() -> None:
    history = [_r("negotiation", 2, date(2026, 8, 1)), _r("negotiation", 4, date(2026, 11, 20))]
    assert change_since(history, "negotiation", today=TODAY, days=90) == 2
    assert change_since(history, "negotiation", today=TODAY, days=5) == 0
    assert change_since(history, "negotiation", today=TODAY, days=200) is None  # no baseline yet
    assert change_since(history, "talking_money", today=TODAY) is None


def test_a_competency_needs_training_when_low_or_fallen_by_two() -> None:
    low = [_r("negotiation", 2, date(2026, 11, 1))]
    fallen = [_r("negotiation", 5, date(2026, 8, 1)), _r("negotiation", 3, date(2026, 11, 1))]
    slipped = [_r("negotiation", 4, date(2026, 8, 1)), _r("negotiation", 3, date(2026, 11, 1))]
    assert needs_training(low, "negotiation", today=TODAY)
    assert needs_training(fallen, "negotiation", today=TODAY, days=90)
    assert not needs_training(fallen, "negotiation", today=TODAY, days=10)  # the drop is older than 10 days
    assert not needs_training(slipped, "negotiation", today=TODAY)
    assert not needs_training([], "negotiation", today=TODAY)


def test_the_weakest_are_the_lowest_current_scores_ties_in_list_order() -> None:
    history = [
        _r("account_planning", 2, date(2026, 11, 1)),
        _r("prospecting_calls", 1, date(2026, 9, 1)),
        _r("prospecting_calls", 4, date(2026, 11, 1)),  # improved: no longer weakest
        _r("talking_money", 2, date(2026, 11, 1)),
        _r("negotiation", 3, date(2026, 11, 1)),
    ]
    assert [(r.competency, r.score) for r in weakest(history, limit=3)] == [
        ("talking_money", 2),
        ("account_planning", 2),
        ("negotiation", 3),
    ]


def test_the_grid_has_a_line_per_competency_with_the_last_scores() -> None:
    history = [_r("negotiation", s, date(2026, 1 + i, 1), i) for i, s in enumerate((1, 2, 3, 3, 4, 4, 5, 5))]
    lines = grid(history, today=TODAY, days=200)  # 200 days back: the May rating (4) counted
    assert [line.competency for line in lines] == list(COMPETENCIES)
    line = next(x for x in lines if x.competency == "negotiation")
    assert line.history == (3, 3, 4, 4, 5, 5)
    assert (line.current.score if line.current else None, line.change, line.needs_training) == (5, 1, False)
    assert all(x.current is None and x.history == () for x in lines if x.competency != "negotiation")


def test_the_grid_shows_the_latest_evidence_even_when_the_last_rating_has_none() -> None:
    history = [
        Rating("negotiation", 2, date(2026, 9, 1), "Gave the discount unasked.", 1),
        Rating("negotiation", 3, date(2026, 11, 1), None, 2),
    ]
    line = next(x for x in grid(history, today=TODAY) if x.competency == "negotiation")
    assert line.evidence is not None and (line.evidence.evidence, line.evidence.score) == (
        "Gave the discount unasked.",
        2,
    )


def test_training_is_checked_naming_the_field() -> None:
    made = check_training(title="  Read the rate playbook ", assigned_on=TODAY, competency="talking_money ")
    assert (made.title, made.competency, made.persona, made.due_on) == (
        "Read the rate playbook",
        "talking_money",
        None,
        None,
    )
    for kw, field in (
        ({"title": " "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"competency": "charm"}, "competency"),
        ({"persona": "ceo"}, "persona"),
        ({"due_on": date(2026, 11, 29)}, "due_on"),
    ):
        args: dict[str, object] = {"title": "Study", "assigned_on": TODAY, **kw}
        with pytest.raises(CompetencyInvalid) as caught:
            check_training(**args)  # type: ignore[arg-type]
        assert caught.value.field == field
    with pytest.raises(CompetencyInvalid, match="use one of assigned, done"):
        check_status("started")
    with pytest.raises(CompetencyInvalid, match="at most 2000"):
        check_note("x" * 2001)
    assert check_note("  ") is None


def test_the_rep_their_manager_and_a_leader_complete_training_no_one_else() -> None:
    def actor(user_id: int, role: str, teams: set[int]) -> Actor:
        return Actor(user_id, role, frozenset(teams), f"{user_id}@example.com")

    assert can_complete(actor(7, "rep", {1}), 7, 1)
    assert not can_complete(actor(8, "rep", {1}), 7, 1)
    assert can_complete(actor(2, "manager", {1}), 7, 1)
    assert not can_complete(actor(3, "manager", {2}), 7, 1)
    assert can_complete(actor(1, "leader", set()), 7, 1)


def test_training_is_overdue_when_open_past_its_due_day() -> None:
    assert is_overdue(date(2026, 11, 29), status="assigned", today=TODAY)
    assert not is_overdue(TODAY, status="assigned", today=TODAY)
    assert not is_overdue(date(2026, 11, 29), status="done", today=TODAY)
    assert not is_overdue(None, status="assigned", today=TODAY)
