"""The arithmetic behind the signals: fitted change across weeks, shortfall in standard errors."""

from __future__ import annotations

import pytest

from repfocus.analytics.signals import fitted_change
from repfocus.domain.diagnosis.rules import relative_gap, shortfall_z


def test_fitted_change_of_a_steady_slide_is_the_fall_from_the_first_week() -> None:
    assert fitted_change([100.0, 90.0, 80.0, 70.0, 60.0]) == pytest.approx(-0.4)


def test_fitted_change_ignores_weeks_without_data_and_never_falls_below_minus_one() -> None:
    assert fitted_change([100.0, None, 80.0, None, 60.0]) == pytest.approx(-0.4)
    assert fitted_change([10.0, 0.0, 0.0, 0.0]) == -1.0


def test_fitted_change_needs_two_weeks() -> None:
    assert fitted_change([50.0]) is None
    assert fitted_change([None, None]) is None


def test_shortfall_z_is_binomial_for_rates_and_poisson_above_one() -> None:
    assert shortfall_z(0.0, 0.5, 4) == pytest.approx(2.0)
    assert shortfall_z(1.0, 2.0, 8) == pytest.approx(2.0)  # expected 16, observed 8, sd 4
    assert shortfall_z(0.3, 0.0, 10) is None


def test_relative_gap_is_the_shortfall_as_a_share_of_the_reference() -> None:
    assert relative_gap(0.3, 0.6) == pytest.approx(0.5)
    assert relative_gap(0.9, 0.6) == pytest.approx(-0.5)
    assert relative_gap(None, 0.6) is None
