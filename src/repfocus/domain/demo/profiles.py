"""Rep behaviour profiles: a healthy rep and the behaviours behind each of the five root causes.

Profiles describe behaviour (how time is split, whom selling touches reach, how often a prospect is
retried, how the week drifts), never a diagnosis threshold. Every rep draws its own values from the
profile's ranges, and `blur` moves a rep part of the way towards another profile (the `noise` knob).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Final

from repfocus.domain.taxonomy import BUCKETS, CATEGORIES

SELLING: Final = BUCKETS["selling"]
CONTENT: Final = ("content_search", "content_creation")

# The average healthy week (share of logged time per category): selling ~42%, in line with the
# CSO Insights high-performer band (research/FORMATS.md §5).
HEALTHY_SHARES: Final[dict[str, float]] = {
    "prospecting_call": 0.12,
    "prospecting_email": 0.05,
    "prospect_meeting": 0.12,
    "job_order_intake": 0.05,
    "account_growth": 0.05,
    "negotiation": 0.03,
    "client_servicing": 0.08,
    "consultant_care": 0.04,
    "resume_formatting": 0.03,
    "candidate_prep": 0.03,
    "sales_research": 0.05,
    "content_creation": 0.03,
    "content_search": 0.03,
    "internal_meeting": 0.05,
    "email_admin": 0.07,
    "crm_admin": 0.07,
    "travel": 0.04,
    "coaching": 0.02,
    "training": 0.03,
}


@dataclass(frozen=True, slots=True)
class Behaviour:
    """How one rep works. Shares are fractions of logged time; tier_focus is the relative preference
    for one prospect account of each tier (equal weights: any account will do); slide and fade are the
    fractions of selling time and of logged time lost between the first and the last week; jitter is
    the day-to-day spread of the mix."""

    shares: dict[str, float]
    selling_personas: dict[str, float]
    touches_per_prospect: float
    tier_focus: dict[str, float]
    placement_mix: dict[str, float]
    slide: float
    fade: float
    day_minutes: float
    email_factor: float
    jitter: float


def normalized(weights: Mapping[str, float]) -> dict[str, float]:
    """Return `weights` scaled to sum to 1 (negative weights count as 0)."""
    clean = {k: max(v, 0.0) for k, v in weights.items()}
    total = sum(clean.values()) or 1.0
    return {k: v / total for k, v in clean.items()}


def with_total(shares: Mapping[str, float], keys: tuple[str, ...], total: float) -> dict[str, float]:
    """Return shares where `keys` together make `total`, every other share scaled to fill the rest."""
    inside = sum(shares[k] for k in keys) or 1.0
    outside = (1.0 - inside) or 1.0
    return normalized(
        {k: v * (total / inside if k in keys else (1.0 - total) / outside) for k, v in shares.items()}
    )


def _vary(weights: Mapping[str, float], rng: random.Random, spread: float) -> dict[str, float]:
    return normalized({k: v * rng.lognormvariate(0.0, spread) for k, v in weights.items()})


def healthy(rng: random.Random) -> Behaviour:
    """A rep on the bullseye: ~40% selling, hiring managers first, several touches per prospect."""
    shares = with_total(_vary(HEALTHY_SHARES, rng, 0.15), SELLING, rng.uniform(0.38, 0.47))
    personas = {
        "it_hiring_manager": rng.uniform(0.62, 0.75),
        "it_executive": rng.uniform(0.12, 0.2),
        "hr_recruiter": rng.uniform(0.04, 0.1),
        "procurement": rng.uniform(0.02, 0.05),
    }
    return Behaviour(
        shares=shares,
        selling_personas=normalized(personas),
        touches_per_prospect=rng.uniform(3.5, 6.0),
        tier_focus=_vary({"A": 0.65, "B": 0.24, "C": 0.08, "off": 0.03}, rng, 0.15),
        placement_mix=_vary({"contract": 0.6, "contract_to_hire": 0.22, "direct_hire": 0.18}, rng, 0.1),
        slide=rng.uniform(-0.05, 0.05),
        fade=rng.uniform(-0.03, 0.05),
        day_minutes=rng.uniform(400, 460),
        email_factor=rng.uniform(0.9, 1.1),
        jitter=rng.uniform(0.12, 0.2),
    )


def own_rules(rng: random.Random) -> Behaviour:
    """Direction: no bullseye to aim at, so the week scatters, servicing swells, any account will do."""
    base = healthy(rng)
    flat = {k: 0.5 * v + 0.5 / len(base.shares) for k, v in base.shares.items()}
    shares = with_total(flat, BUCKETS["servicing"], rng.uniform(0.24, 0.34))
    return replace(
        base,
        shares=with_total(shares, SELLING, rng.uniform(0.2, 0.3)),
        tier_focus=_vary({"A": 0.25, "B": 0.25, "C": 0.25, "off": 0.25}, rng, 0.15),
        placement_mix=_vary({"contract": 0.34, "contract_to_hire": 0.33, "direct_hire": 0.33}, rng, 0.3),
        jitter=rng.uniform(0.3, 0.4),
    )


def content_hunter(rng: random.Random) -> Behaviour:
    """Knowledge and tools: a third of the week goes to finding and writing content and emails."""
    base = healthy(rng)
    shares = with_total(base.shares, CONTENT, rng.uniform(0.36, 0.46))
    search = rng.uniform(0.5, 0.65)
    content = shares["content_search"] + shares["content_creation"]
    shares["content_search"], shares["content_creation"] = content * search, content * (1 - search)
    return replace(base, shares=shares, email_factor=rng.uniform(1.8, 2.6))


def avoider(rng: random.Random) -> Behaviour:
    """Competencies: selling touches go to HR and talent acquisition instead of IT hiring managers."""
    base = healthy(rng)
    personas = {
        "hr_recruiter": rng.uniform(0.6, 0.78),
        "it_hiring_manager": rng.uniform(0.12, 0.22),
        "procurement": rng.uniform(0.03, 0.08),
        "it_executive": rng.uniform(0.0, 0.04),
    }
    return replace(base, selling_personas=normalized(personas))


def weak_closer(rng: random.Random) -> Behaviour:
    """Competencies: meets prospects but rarely turns a meeting into a job order or negotiates."""
    base = healthy(rng)
    shares = dict(base.shares)
    factor = rng.uniform(0.15, 0.35)
    for key in ("job_order_intake", "negotiation"):
        freed = shares[key] * (1 - factor)
        shares[key] -= freed
        shares["prospect_meeting"] += freed / 2
        shares["client_servicing"] += freed / 2
    return replace(base, shares=shares)


def slider(rng: random.Random) -> Behaviour:
    """Motivation: selling time slides week after week and the logged hours thin out."""
    base = healthy(rng)
    return replace(base, slide=rng.uniform(0.5, 0.7), fade=rng.uniform(0.15, 0.3))


def one_and_done(rng: random.Random) -> Behaviour:
    """DNA: on target on paper, but every prospect gets one attempt and is never tried again."""
    base = healthy(rng)
    shares = dict(base.shares)
    moved = shares["prospect_meeting"] * rng.uniform(0.4, 0.6)
    shares["prospect_meeting"] -= moved
    shares["prospecting_call"] += moved / 2
    shares["sales_research"] += moved / 2
    return replace(base, shares=shares, touches_per_prospect=1.0)


PROFILES: Final[dict[str, tuple[str | None, Callable[[random.Random], Behaviour]]]] = {
    "healthy": (None, healthy),
    "own_rules": ("direction", own_rules),
    "content_hunter": ("knowledge_tools", content_hunter),
    "avoider": ("competencies", avoider),
    "weak_closer": ("competencies", weak_closer),
    "slider": ("motivation", slider),
    "one_and_done": ("dna", one_and_done),
}
# Profiles planted for each cause, in turn (the first is the most common).
CAUSE_PROFILES: Final[dict[str, tuple[str, ...]]] = {
    "direction": ("own_rules",),
    "knowledge_tools": ("content_hunter",),
    "competencies": ("avoider", "weak_closer", "avoider"),
    "motivation": ("slider",),
    "dna": ("one_and_done",),
}


def _lerp_map(a: Mapping[str, float], b: Mapping[str, float], w: float) -> dict[str, float]:
    return normalized({k: (1 - w) * a.get(k, 0.0) + w * b.get(k, 0.0) for k in (*a, *b)})


def blur(b: Behaviour, toward: Behaviour, weight: float) -> Behaviour:
    """Return `b` moved the fraction `weight` (0..1) of the way towards `toward`, field by field."""
    w = min(max(weight, 0.0), 1.0)

    def mix(x: float, y: float) -> float:
        return (1 - w) * x + w * y

    return Behaviour(
        shares=_lerp_map(b.shares, toward.shares, w),
        selling_personas=_lerp_map(b.selling_personas, toward.selling_personas, w),
        touches_per_prospect=mix(b.touches_per_prospect, toward.touches_per_prospect),
        tier_focus=_lerp_map(b.tier_focus, toward.tier_focus, w),
        placement_mix=_lerp_map(b.placement_mix, toward.placement_mix, w),
        slide=mix(b.slide, toward.slide),
        fade=mix(b.fade, toward.fade),
        day_minutes=mix(b.day_minutes, toward.day_minutes),
        email_factor=mix(b.email_factor, toward.email_factor),
        jitter=mix(b.jitter, toward.jitter),
    )


def behaviour_for(profile: str, rng: random.Random, *, noise: float) -> Behaviour:
    """Return a rep's behaviour for `profile`, blurred by `noise` (0 = textbook, 1 = barely there):
    a planted cause drifts towards healthy, a healthy rep drifts (half as far) towards a random cause,
    and every day varies more."""
    cause, build = PROFILES[profile]
    own = build(rng)
    if noise <= 0:
        return own
    if cause is not None:
        blurred = blur(own, healthy(rng), noise * rng.random())
    else:
        other = rng.choice([name for name, (c, _) in PROFILES.items() if c is not None])
        blurred = blur(own, PROFILES[other][1](rng), 0.5 * noise * rng.random())
    return replace(blurred, jitter=blurred.jitter + 0.25 * noise)


assert set(HEALTHY_SHARES) == set(CATEGORIES), "every category needs a healthy share"
