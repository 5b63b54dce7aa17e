"""The hiring rules: candidates, scorecards and weights checked field by field; the weighted score, red
flags and the hire / maybe / no recommendation at and around their thresholds."""

from __future__ import annotations

from datetime import date

import pytest

from repfocus.domain.access import Actor, can_hire
from repfocus.domain.hiring import (
    DEFAULT_WEIGHTS,
    HIRE_AT,
    MAYBE_AT,
    TRAITS,
    HiringInvalid,
    assess,
    check_candidate,
    check_scorecard,
    check_weights,
    recommend,
    scale,
)

TODAY = date(2026, 11, 30)


def card(**ratings: int) -> dict[str, int]:
    return {t: ratings.get(t, 4) for t in TRAITS}


def test_the_default_weights_cover_every_trait_and_sum_to_one() -> None:
    assert set(DEFAULT_WEIGHTS) == set(TRAITS)
    assert check_weights(DEFAULT_WEIGHTS) == DEFAULT_WEIGHTS
    assert max(DEFAULT_WEIGHTS, key=DEFAULT_WEIGHTS.__getitem__) == "persistence"


def test_leaders_and_managers_hire_and_reps_and_delivery_do_not() -> None:
    assert can_hire(Actor(1, "leader", frozenset(), "l@x.com"))
    assert can_hire(Actor(2, "manager", frozenset({1}), "m@x.com"))
    assert not can_hire(Actor(3, "rep", frozenset({1}), "r@x.com"))
    assert not can_hire(Actor(4, "delivery", frozenset(), "d@x.com"))


@pytest.mark.parametrize(
    ("weights", "field"),
    [
        ({**DEFAULT_WEIGHTS, "persistence": 0.5}, "weights"),  # sums to 1.2
        ({**DEFAULT_WEIGHTS, "persistence": 0.1}, "weights"),  # sums to 0.8
        ({k: v for k, v in DEFAULT_WEIGHTS.items() if k != "money_talk"}, "weights.money_talk"),
        ({**DEFAULT_WEIGHTS, "charm": 0.0}, "weights.charm"),
        ({**DEFAULT_WEIGHTS, "assertiveness": -0.1, "persistence": 0.6}, "weights.assertiveness"),
        ({**DEFAULT_WEIGHTS, "assertiveness": "0.2"}, "weights.assertiveness"),
        ({**DEFAULT_WEIGHTS, "assertiveness": True}, "weights.assertiveness"),
        ({**DEFAULT_WEIGHTS, "assertiveness": float("nan")}, "weights.assertiveness"),
    ],
)
def test_weights_that_break_a_rule_are_rejected_naming_the_field(
    weights: dict[str, object], field: str
) -> None:
    with pytest.raises(HiringInvalid) as caught:
        check_weights(weights)
    assert caught.value.field == field


def test_weights_may_put_everything_on_one_trait_and_tolerate_float_rounding() -> None:
    only = {t: (1 if t == "persistence" else 0) for t in TRAITS}
    assert check_weights(only)["persistence"] == 1.0
    thirds = {"persistence": 0.1 + 0.2, **{t: 0.7 / 4 for t in TRAITS[1:]}}
    assert sum(check_weights(thirds).values()) == pytest.approx(1)


@pytest.mark.parametrize("bad", [0, 6, -1, 3.5, "4", True, None])
def test_a_rating_outside_one_to_five_or_not_whole_is_rejected_naming_the_trait(bad: object) -> None:
    ratings: dict[str, object] = {**card(), "money_talk": bad}
    with pytest.raises(HiringInvalid) as caught:
        check_scorecard(ratings=ratings, interviewed_on=TODAY, today=TODAY)
    assert caught.value.field == "ratings.money_talk"


def test_a_scorecard_keeps_trimmed_notes_and_rejects_unknown_traits_long_notes_and_future_days() -> None:
    made = check_scorecard(
        ratings=card(persistence=5),
        notes={"persistence": "  Called back three times after a no.  ", "money_talk": "  "},
        interviewed_on=TODAY,
        today=TODAY,
    )
    assert made.ratings["persistence"] == 5
    assert made.notes == {"persistence": "Called back three times after a no."}
    cases = [
        ({"ratings": {**card(), "charm": 3}}, "ratings.charm"),
        ({"ratings": card(), "notes": {"charm": "x"}}, "notes.charm"),
        ({"ratings": card(), "notes": {"assertiveness": "x" * 1001}}, "notes.assertiveness"),
        ({"ratings": card(), "interviewed_on": date(2026, 12, 2)}, "interviewed_on"),
    ]
    for kw, field in cases:
        args: dict[str, object] = {"interviewed_on": TODAY, "today": TODAY, **kw}
        with pytest.raises(HiringInvalid) as caught:
            check_scorecard(**args)  # type: ignore[arg-type]
        assert caught.value.field == field, kw


def test_a_candidate_needs_a_name_and_a_role_and_a_known_status() -> None:
    made = check_candidate(name=" Ada Hunter ", role="Account executive", email=" ADA@X.COM ", source="")
    assert (made.name, made.email, made.source, made.status) == ("Ada Hunter", "ada@x.com", None, "new")
    for kw, field in [
        ({"name": " "}, "name"),
        ({"role": ""}, "role"),
        ({"name": "x" * 121}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"source": "s" * 81}, "source"),
        ({"status": "ghosted"}, "status"),
    ]:
        args = {"name": "Ada", "role": "AE", **kw}
        with pytest.raises(HiringInvalid) as caught:
            check_candidate(**args)
        assert caught.value.field == field


def test_scale_maps_one_to_zero_three_to_fifty_and_five_to_one_hundred() -> None:
    assert (scale(1), scale(3), scale(5)) == (0, 50, 100)


def test_the_score_is_the_mean_over_scorecards_of_the_weighted_trait_average() -> None:
    weights = {
        "persistence": 0.5,
        "assertiveness": 0.5,
        "money_talk": 0,
        "objection_handling": 0,
        "prospecting_drive": 0,
    }
    first = card(persistence=5, assertiveness=3, money_talk=1)  # weighted 4.0 -> 75
    second = card(persistence=3, assertiveness=3, money_talk=1)  # weighted 3.0 -> 50
    got = assess([first, second], weights)
    assert got.score == 62.5
    assert got.trait_averages["persistence"] == 4.0
    assert got.red_flags == ("money_talk",)  # weight 0 still flags: it is a trait the role needs
    assert got.needs_interview is False
    assert got.recommendation == "maybe"


def test_a_trait_averaging_two_is_a_red_flag_and_just_above_is_not() -> None:
    at_two = assess([card(objection_handling=2), card(objection_handling=2)], DEFAULT_WEIGHTS)
    above = assess([card(objection_handling=2), card(objection_handling=3)], DEFAULT_WEIGHTS)
    assert at_two.red_flags == ("objection_handling",)
    assert above.red_flags == ()


def test_one_scorecard_needs_another_interview_and_cannot_be_a_hire() -> None:
    alone = assess([card(**dict.fromkeys(TRAITS, 5))], DEFAULT_WEIGHTS)
    assert (alone.score, alone.needs_interview, alone.recommendation) == (100.0, True, "maybe")
    twice = assess([card(**dict.fromkeys(TRAITS, 5))] * 2, DEFAULT_WEIGHTS)
    assert (twice.needs_interview, twice.recommendation) == (False, "hire")


def test_no_scorecards_give_no_score_and_no_recommendation() -> None:
    got = assess([], DEFAULT_WEIGHTS)
    assert (got.score, got.recommendation, got.needs_interview, got.scorecards) == (None, None, True, 0)


@pytest.mark.parametrize(
    ("score", "flags", "cards", "expected"),
    [
        (HIRE_AT, (), 2, "hire"),
        (HIRE_AT - 0.1, (), 2, "maybe"),
        (100, ("persistence",), 3, "maybe"),
        (HIRE_AT, (), 1, "maybe"),
        (MAYBE_AT, (), 2, "maybe"),
        (MAYBE_AT - 0.1, (), 2, "no"),
        (0, ("persistence",), 2, "no"),
    ],
)
def test_the_recommendation_at_and_around_its_thresholds(
    score: float, flags: tuple[str, ...], cards: int, expected: str
) -> None:
    assert recommend(score, red_flags=flags, scorecards=cards) == expected


def test_all_fours_with_the_default_weights_is_a_hire_and_all_threes_a_no() -> None:
    assert assess([card()] * 2, DEFAULT_WEIGHTS).score == 75.0
    assert assess([card()] * 2, DEFAULT_WEIGHTS).recommendation == "hire"
    threes = card(**dict.fromkeys(TRAITS, 3))
    assert assess([threes] * 2, DEFAULT_WEIGHTS).recommendation == "no"  # 50 < 55
