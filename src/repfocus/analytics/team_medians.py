"""Team medians of a per-rep value, over every rep of the rep's team."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from repfocus.analytics.scope import RepRef
from repfocus.domain.measures import median


class TeamMedians:
    """Team medians of a value per rep; None for a team with fewer than `min_reps` reps with data."""

    def __init__(self, peers: Sequence[RepRef], min_reps: int) -> None:
        self.peers = peers
        self.min_reps = min_reps

    def of(self, rep: RepRef, values: Mapping[int, float | None]) -> float | None:
        present = [values.get(p.rep_id) for p in self.peers if p.team_id == rep.team_id]
        present = [v for v in present if v is not None]
        return median(present) if len(present) >= self.min_reps else None
