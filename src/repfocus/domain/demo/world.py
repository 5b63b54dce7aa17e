"""The demo organization's plan: teams, people, planted profiles, targets and the working days."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import product
from typing import Any

from repfocus.domain.demo import catalog
from repfocus.domain.demo.calendar import working_days
from repfocus.domain.demo.profiles import CAUSE_PROFILES, PROFILES, Behaviour, behaviour_for


class DemoConfigInvalid(ValueError):
    """A demo parameter is out of range."""


@dataclass(frozen=True, slots=True)
class DemoConfig:
    """What to generate: `weeks` whole weeks ending with the week holding `today`, blurred by `noise`."""

    today: date
    seed: int = 7
    reps: int = 24
    weeks: int = 13
    teams: int = 3
    noise: float = 0.0

    def __post_init__(self) -> None:
        if self.reps < 1:
            raise DemoConfigInvalid(f"reps must be at least 1, got {self.reps}")
        if not 1 <= self.weeks <= 104:
            raise DemoConfigInvalid(f"weeks must be between 1 and 104, got {self.weeks}")
        if not 1 <= self.teams <= self.reps:
            raise DemoConfigInvalid(f"teams must be between 1 and the number of reps, got {self.teams}")
        if not 0.0 <= self.noise <= 1.0:
            raise DemoConfigInvalid(f"noise must be between 0 and 1, got {self.noise}")


@dataclass(frozen=True, slots=True)
class PersonPlan:
    """A leader or manager (team is the index of the team a manager leads)."""

    name: str
    email: str
    role: str
    team: int | None


@dataclass(frozen=True, slots=True)
class TeamPlan:
    name: str
    manager: PersonPlan
    has_targets: bool
    coaching_weekday: int


@dataclass(frozen=True, slots=True)
class RepPlan:
    """A rep, the profile planted in them (cause None for healthy) and the behaviour drawn from it."""

    index: int
    name: str
    email: str
    team: int
    profile: str
    cause: str | None
    behaviour: Behaviour
    hired_on: date


@dataclass(frozen=True, slots=True)
class TargetPlan:
    team: int
    metric: str
    key: str
    value: float


@dataclass(frozen=True, slots=True)
class OrgPlan:
    config: DemoConfig
    name: str
    time_zone: str
    settings: dict[str, Any]
    leader: PersonPlan
    teams: list[TeamPlan]
    reps: list[RepPlan]
    targets: list[TargetPlan]
    first_day: date
    last_day: date
    days: list[date]


TEAM_TARGETS = (
    ("bucket_share", "selling", 0.40),
    ("weekly_count", "prospecting_call", 50),
    ("weekly_count", "prospect_meeting", 8),
    ("weekly_count", "job_order_intake", 3),
    ("on_target_share", "", 0.70),
    ("placement_mix", "contract", 0.60),
    ("placement_mix", "contract_to_hire", 0.25),
    ("placement_mix", "direct_hire", 0.15),
)


def assign_profiles(reps: int) -> list[str]:
    """Return the planted profile of each rep: one rep in eight per cause (at least one each from six
    reps on, so 24 reps give 3 per cause), the rest healthy."""
    if reps < 6:
        return ["healthy", "own_rules", "content_hunter", "avoider", "slider", "one_and_done"][:reps]
    per_cause = max(1, round(reps / 8))
    out = [CAUSE_PROFILES[c][i % len(CAUSE_PROFILES[c])] for c in CAUSE_PROFILES for i in range(per_cause)]
    return out + ["healthy"] * (reps - len(out))


def _place_in_teams(profiles: list[str], teams: int, rng: random.Random, noise: float) -> list[int]:
    """Return each rep's team. The direction reps make up the last team, the one without targets (a
    new team whose manager has set no bullseye yet), except that `noise` sends up to half of them to a
    team with targets they ignore; every other rep fills the teams with targets evenly, so DNA and
    motivation show *despite* direction. No team stays empty."""
    if teams == 1:
        return [0] * len(profiles)
    last = teams - 1
    size = [0] * teams
    placed = []
    for profile in profiles:
        untargeted = PROFILES[profile][0] == "direction" and rng.random() >= noise / 2
        team = last if untargeted else min(range(last), key=lambda t: (size[t], t))
        placed.append(team)
        size[team] += 1
    for empty in [t for t in range(teams) if size[t] == 0]:
        donor = max(range(teams), key=lambda t: (size[t], -t))
        moved = max(i for i, t in enumerate(placed) if t == donor)
        placed[moved], size[donor], size[empty] = empty, size[donor] - 1, 1
    return placed


def _names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    pairs = list(product(catalog.FIRST_NAMES, catalog.LAST_NAMES))
    rng.shuffle(pairs)
    return [pairs[i % len(pairs)] for i in range(count)]


def _email(first: str, last: str, n: int) -> str:
    suffix = "" if n == 0 else str(n + 1)
    return f"{first.lower()}.{last.lower()}{suffix}@{catalog.ORG_DOMAIN}"


def plan_org(config: DemoConfig) -> OrgPlan:
    """Return the organization to generate: deterministic for `config` (same config, same plan)."""
    rng = random.Random(f"repfocus-demo:{config.seed}:org")
    monday = config.today - timedelta(days=config.today.weekday())
    first_day = monday - timedelta(weeks=config.weeks - 1)
    profiles = assign_profiles(config.reps)
    rng.shuffle(profiles)
    placed = _place_in_teams(profiles, config.teams, rng, config.noise)
    people = _names(rng, config.reps + config.teams + 1)
    seen: dict[str, int] = {}

    def person(i: int) -> tuple[str, str]:
        first, last = people[i]
        key = f"{first}.{last}"
        seen[key] = seen.get(key, -1) + 1
        return f"{first} {last}", _email(first, last, seen[key])

    leader_name, leader_email = person(0)
    teams = []
    for t in range(config.teams):
        name = catalog.TEAM_NAMES[t] if t < len(catalog.TEAM_NAMES) else f"Team {t + 1}"
        m_name, m_email = person(1 + t)
        manager = PersonPlan(m_name, m_email, "manager", t)
        teams.append(TeamPlan(name, manager, config.teams == 1 or t < config.teams - 1, 1 + t % 3))
    reps = []
    for i, profile in enumerate(profiles):
        name, email = person(1 + config.teams + i)
        rep_rng = random.Random(f"repfocus-demo:{config.seed}:rep:{i}")
        behaviour = behaviour_for(profile, rep_rng, noise=config.noise)
        hired = date(2016, 1, 4) + timedelta(days=rep_rng.randrange(0, 9 * 365))
        reps.append(RepPlan(i, name, email, placed[i], profile, PROFILES[profile][0], behaviour, hired))
    targets = [
        TargetPlan(t, metric, key, float(value))
        for t, team in enumerate(teams)
        if team.has_targets
        for metric, key, value in TEAM_TARGETS
    ]
    settings = {
        "working_week": ["mon", "tue", "wed", "thu", "fri"],
        "working_hours": {"start": "08:00", "end": "17:00"},
        "bullseye": catalog.BULLSEYE,
        "demo": {
            "seed": config.seed,
            "reps": config.reps,
            "weeks": config.weeks,
            "noise": config.noise,
            "through": config.today.isoformat(),
        },
    }
    return OrgPlan(
        config=config,
        name=catalog.ORG_NAME,
        time_zone=catalog.TIME_ZONE,
        settings=settings,
        leader=PersonPlan(leader_name, leader_email, "leader", None),
        teams=teams,
        reps=reps,
        targets=targets,
        first_day=first_day,
        last_day=config.today,
        days=working_days(first_day, config.today),
    )
