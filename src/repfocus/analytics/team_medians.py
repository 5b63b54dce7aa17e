"""Team medians of a per-rep value, over every rep of the rep's team; the organization's median for a
rep whose team is too small to have one, or has no cadence targets (a team without direction cannot be
its own yardstick: its reps are compared with the organization)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from repfocus.analytics.scope import RepRef
from repfocus.domain.measures import median


class TeamMedians:
    """Medians of a value per rep over the rep's team, or over every rep (`peers`) when the team has fewer
    than `min_reps` reps; None when fewer than `min_reps` reps have data."""

    def __init__(
        self, peers: Sequence[RepRef], min_reps: int, unguided_teams: frozenset[int | None] = frozenset()
    ) -> None:
        self.peers = peers
        self.min_reps = min_reps
        self.unguided_teams = unguided_teams

    def uses_organization(self, rep: RepRef) -> bool:
        """Return True when the rep's team is too small for a team median, or has no cadence targets."""
        if rep.team_id in self.unguided_teams:
            return True
        return sum(1 for p in self.peers if p.team_id == rep.team_id) < self.min_reps

    def of(self, rep: RepRef, values: Mapping[int, float | None]) -> float | None:
        group = (
            self.peers if self.uses_organization(rep) else [p for p in self.peers if p.team_id == rep.team_id]
        )
        present = [v for v in (values.get(p.rep_id) for p in group) if v is not None]
        return median(present) if len(present) >= self.min_reps else None
