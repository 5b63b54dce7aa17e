"""Ratios, medians, slopes and cadence adherence."""

from __future__ import annotations

from repfocus.domain.measures import adherence, cadence_score, median, ratio, slope


def test_ratio_of_nothing_is_none_not_zero() -> None:
    assert ratio(3, 0) is None
    assert ratio(1, 3) == 0.3333


def test_median_skips_missing_values() -> None:
    assert median([None, 1, 3, None]) == 2.0
    assert median([None]) is None


def test_slope_of_a_sliding_series_is_negative() -> None:
    assert slope([0.5, 0.4, 0.3, 0.2]) == -0.1
    assert slope([0.4, None, 0.4]) == 0.0
    assert slope([1.0]) is None


def test_cadence_beyond_target_earns_no_extra_credit() -> None:
    assert adherence(60, 50) == 1.0
    assert adherence(25, 50) == 0.5
    assert (
        cadence_score(
            {"prospecting_call": 60, "prospect_meeting": 2}, {"prospecting_call": 50, "prospect_meeting": 8}
        )
        == 0.625
    )
    assert cadence_score({}, {}) is None
