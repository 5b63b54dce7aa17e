"""The bullseye scores accounts into tiers and reads back what it writes."""

from __future__ import annotations

import tomllib

import pytest

from repfocus.domain.bullseye import (
    AccountFacts,
    Bullseye,
    BullseyeInvalid,
    EmployeeRange,
    bullseye_from_dict,
    bullseye_to_toml,
)

SPEC = {
    "target_personas": ["it_hiring_manager", "it_executive"],
    "avoid_personas": ["hr_recruiter"],
    "placement_mix": {"contract": 0.6},
    "thresholds": {"A": 0.75, "B": 0.5, "C": 0.2},
    "criteria": {
        "industries": {"values": ["Software", "Banking"], "weight": 3},
        "employee_ranges": {"values": ["200-5000", "10000+"], "weight": 2},
        "regions": {"values": ["Midwest"], "weight": 2},
        "tech_tags": {"values": ["aws", "java"], "weight": 1},
        "statuses": {"values": ["prospect"], "weight": 2},
    },
}


def test_account_matching_every_criterion_is_tier_a() -> None:
    b = bullseye_from_dict(SPEC)
    acct = AccountFacts("software", 800, "Midwest", ("AWS",), "prospect")
    assert b.score(acct) == 1.0
    assert b.tier(acct) == "A"


def test_score_is_matched_weight_over_weight_set() -> None:
    b = bullseye_from_dict(SPEC)
    # industry (3) + employees (2) of 10 -> 0.5 -> B
    acct = AccountFacts("Banking", 20000, "West", ("cobol",), "active_client")
    assert b.score(acct) == 0.5
    assert b.tier(acct) == "B"
    assert b.tier(AccountFacts("Retail", 50, "West", (), "active_client")) == "off"
    assert b.tier(AccountFacts("Retail", 50, "West", ("java",), "prospect")) == "C"


def test_bullseye_without_criteria_puts_every_account_off() -> None:
    assert Bullseye().tier(AccountFacts("Software", 500)) == "off"


def test_toml_export_reads_back_to_the_same_bullseye() -> None:
    b = bullseye_from_dict(SPEC)
    assert bullseye_from_dict(tomllib.loads(bullseye_to_toml(b))) == b


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target_personas": ["cfo"]}, "target_personas: unknown persona 'cfo'"),
        ({"criteria": {"sizes": {"values": []}}}, "criteria.sizes: unknown criterion"),
        ({"criteria": {"employee_ranges": {"values": ["big"]}}}, "employee_ranges: 'big' is not a range"),
        ({"criteria": {"regions": {"values": ["x"], "weight": "high"}}}, "criteria.regions.weight"),
        ({"thresholds": {"A": 0.2, "B": 0.5}}, "thresholds: must satisfy A >= B >= C"),
        ({"placement_mix": {"contract": 0.7, "direct_hire": 0.5}}, "placement_mix: shares add up"),
        ({"avoid_personas": ["it_executive"]}, "'it_executive' is also a target persona"),
        ({"color": "red"}, "color: unknown field"),
    ],
)
def test_invalid_bullseye_is_rejected_naming_the_field(change: dict[str, object], message: str) -> None:
    with pytest.raises(BullseyeInvalid, match=message.replace("(", r"\(")):
        bullseye_from_dict({**SPEC, **change})


def test_employee_range_parses_open_and_closed_ranges() -> None:
    assert EmployeeRange.parse("5000+").contains(10**6)
    assert not EmployeeRange.parse("10-20").contains(21)
    with pytest.raises(BullseyeInvalid, match="ends below"):
        EmployeeRange.parse("20-10")
