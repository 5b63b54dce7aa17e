"""Pure pieces of the pages: sorting, query parsing, number formats and the navigation."""

from __future__ import annotations

from datetime import date

import pytest

from repfocus.analytics.allocation import RepAllocation
from repfocus.domain.taxonomy import BUCKET_NAMES
from repfocus.web.dashboard import sort_reps
from repfocus.web.params import QueryInvalid, parse_day, query_string
from repfocus.web.templating import NAVIGATION, active_module, duration, points


def _rep(name: str, selling: int, other: int, target: float | None = None) -> RepAllocation:
    minutes = dict.fromkeys(BUCKET_NAMES, 0) | {"selling": selling, "admin": other}
    return RepAllocation(
        rep_id=hash(name) % 1000,
        email=f"{name}@x",
        name=name,
        team=None,
        minutes=minutes,
        target_selling_share=target,
    )


def test_reps_without_a_value_sort_last_in_either_direction() -> None:
    reps = [_rep("idle", 0, 0), _rep("low", 10, 90), _rep("high", 60, 40)]
    assert [r.name for r in sort_reps(reps, "selling", False)] == ["low", "high", "idle"]
    assert [r.name for r in sort_reps(reps, "selling", True)] == ["high", "low", "idle"]


def test_gap_sorts_by_selling_share_minus_target() -> None:
    reps = [_rep("a", 30, 70, 0.2), _rep("b", 50, 50, 0.6), _rep("c", 50, 50)]
    assert [r.name for r in sort_reps(reps, "gap", False)] == ["b", "a", "c"]


def test_an_unknown_sort_key_keeps_the_report_order() -> None:
    reps = [_rep("z", 1, 1), _rep("a", 1, 1)]
    assert [r.name for r in sort_reps(reps, "drop table", False)] == ["z", "a"]


def test_a_day_is_read_as_an_iso_date_or_an_iso_week() -> None:
    assert parse_day("week", "2026-11-04") == date(2026, 11, 4)
    assert parse_day("week", "2026-W45") == date(2026, 11, 2)
    assert parse_day("week", "") is None
    with pytest.raises(QueryInvalid, match=r"week: '2026-W54' is not a week"):
        parse_day("week", "2026-W54")
    with pytest.raises(QueryInvalid, match=r"from: 'yesterday' is not a date; write it as YYYY-MM-DD"):
        parse_day("from", "yesterday")


@pytest.mark.parametrize("value", ["0001-01-02", "9999-12-31", "1899-12-31", "3000-W02"])
def test_a_day_so_far_off_that_a_window_around_it_overflows_is_refused(value: str) -> None:
    with pytest.raises(QueryInvalid, match=r"outside the years 1900–2999"):
        parse_day("to", value)


def test_query_string_drops_empty_values_and_encodes_the_rest() -> None:
    assert query_string(team="R&D", sort=None, dir="") == "?team=R%26D"
    assert query_string() == ""


def test_numbers_read_as_people_say_them() -> None:
    assert points(0.052) == "+5 pts" and points(-0.12) == "−12 pts" and points(0.001) == "±0 pts"
    assert points(None) == "—"
    assert duration(45) == "45 min" and duration(75) == "1 h 15 min"


def test_a_sub_page_belongs_to_its_module_and_only_the_root_is_the_dashboard() -> None:
    assert active_module("/reps/12").label == "Reps & scorecards"  # type: ignore[union-attr]
    assert active_module("/").label == "Dashboard"  # type: ignore[union-attr]
    assert active_module("/repsx") is None
    assert len({m.path for m in NAVIGATION}) == len(NAVIGATION)
    assert all(m.purpose for m in NAVIGATION)
