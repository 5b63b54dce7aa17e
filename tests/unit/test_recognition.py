"""Recognition rules: criteria on categories or buckets, qualification needs every criterion, progress is
capped per criterion and averaged, pace against the window, and checks that name the field at fault."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from repfocus.domain.recognition import (
    MAX_CRITERIA,
    Criterion,
    RecognitionInvalid,
    check_program,
    ranked,
    standing,
)


def _program(**kw: Any) -> dict[str, Any]:
    return {
        "name": "President's Club 2026",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "criteria": [
            {"what": "prospect_meeting", "measure": "count", "at_least": 40},
            {"what": "selling", "measure": "minutes", "at_least": 6000},
        ],
        **kw,
    }


def test_a_rep_qualifies_only_when_every_criterion_is_met() -> None:
    program = check_program(_program())
    both = standing(
        program, minutes={"prospect_meeting": 2400, "prospecting_call": 3600}, counts={"prospect_meeting": 40}
    )
    assert both.qualified and both.share == 1.0
    one = standing(program, minutes={"prospect_meeting": 9000}, counts={"prospect_meeting": 39})
    assert not one.qualified
    assert [p.met for p in one.progress] == [False, True]


def test_a_bucket_criterion_sums_its_categories_and_progress_is_capped_then_averaged() -> None:
    program = check_program(_program())
    s = standing(
        program,
        minutes={
            "prospecting_call": 1000,
            "negotiation": 500,
            "client_servicing": 99999,
        },  # servicing is not selling
        counts={"prospect_meeting": 80},
    )
    assert [p.value for p in s.progress] == [80, 1500]
    assert [p.share for p in s.progress] == [1.0, 0.25]  # 80 of 40 counts as done, not as 200%
    assert s.share == pytest.approx(0.625)


def test_pace_compares_progress_with_the_share_of_the_window_gone_by() -> None:
    program = check_program(_program())
    assert program.elapsed(date(2025, 12, 31)) == 0.0
    assert program.elapsed(date(2026, 12, 31)) == 1.0 == program.elapsed(date(2027, 3, 1))
    midyear = program.elapsed(date(2026, 7, 2))
    assert midyear == pytest.approx(183 / 365)
    half = standing(program, minutes={"prospecting_call": 3000}, counts={"prospect_meeting": 20})
    behind = standing(program, minutes={"prospecting_call": 3000}, counts={"prospect_meeting": 10})
    assert half.on_pace(0.5) and not behind.on_pace(midyear)
    done = standing(program, minutes={"prospecting_call": 6000}, counts={"prospect_meeting": 40})
    assert done.on_pace(1.0)


def test_standings_rank_qualified_reps_first_then_by_progress() -> None:
    program = check_program(_program())
    a = standing(program, minutes={"prospecting_call": 6000}, counts={"prospect_meeting": 40})
    b = standing(program, minutes={"prospecting_call": 5999}, counts={"prospect_meeting": 400})
    c = standing(program, minutes={}, counts={})
    assert [k for k, _ in ranked([("c", c), ("b", b), ("a", a)])] == ["a", "b", "c"]


def test_criteria_read_in_words() -> None:
    assert Criterion("prospect_meeting", "count", 40).label() == "40 × prospect meeting"
    assert Criterion("selling", "minutes", 6000).label() == "6,000 minutes of selling"


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"name": " "}, "name", "is empty"),
        ({"ends_on": "2025-12-31"}, "ends_on", "is before starts_on"),
        ({"ends_on": "2028-06-30"}, "ends_on", "at most 731"),
        ({"starts_on": "soon"}, "starts_on", "is not a date"),
        ({"criteria": []}, "criteria", "at least one criterion"),
        ({"criteria": [{"what": "golf", "at_least": 1}]}, "criteria[0].what", "neither an activity category"),
        (
            {"criteria": [{"what": "selling", "measure": "hours", "at_least": 1}]},
            "criteria[0].measure",
            "count or minutes",
        ),
        ({"criteria": [{"what": "selling", "at_least": 0}]}, "criteria[0].at_least", "whole number from 1"),
        ({"criteria": [{"what": "selling", "at_least": "12.5"}]}, "criteria[0].at_least", "whole number"),
        ({"criteria": [{"what": "selling", "at_least": True}]}, "criteria[0].at_least", "whole number"),
        (
            {"criteria": [{"what": "selling", "at_least": 5, "bonus": 1}]},
            "criteria[0].bonus",
            "unknown field",
        ),
        (
            {"criteria": [{"what": "selling", "at_least": 5}, {"what": "selling", "at_least": 9}]},
            "criteria[1]",
            "already a criterion",
        ),
        (
            {
                "criteria": [
                    {"what": "selling", "at_least": i + 1, "measure": "count"}
                    for i in range(MAX_CRITERIA + 1)
                ]
            },
            "criteria",
            "at most",
        ),
        ({"prize": "trip"}, "prize", "unknown field"),
        ({"description": "x" * 1001}, "description", "at most 1000"),
    ],
)
def test_a_bad_program_names_the_field_and_the_reason(
    change: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(RecognitionInvalid) as caught:
        check_program(_program(**change))
    assert caught.value.field == field and reason in caught.value.reason


def test_a_threshold_may_be_given_as_digits_and_the_measure_defaults_to_count() -> None:
    program = check_program(_program(criteria=[{"what": "job_order_intake", "at_least": " 12 "}]))
    assert program.criteria == (Criterion("job_order_intake", "count", 12),)
