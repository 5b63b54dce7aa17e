"""Per-rep measures over a period, from the rollups: time per bucket and category, selling share vs
target, on-target share, persona mix of selling touches, new-logo vs existing-account effort."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repfocus.analytics.scope import RepRef, effective_targets, medians_by_team, rep_refs, team_peers
from repfocus.analytics.sums import RepSums, category_sums
from repfocus.domain.bullseye import Bullseye
from repfocus.domain.measures import ratio
from repfocus.domain.period import Period
from repfocus.domain.taxonomy import BUCKET_NAMES, BUCKETS, CATEGORY_BUCKET, PERSONAS, UNCLASSIFIED
from repfocus.store.bullseye import current_bullseye
from repfocus.store.models import ActivityRollup

NO_PERSONA = "none"
SELLING = BUCKETS["selling"]


@dataclass(frozen=True, slots=True)
class RepMeasures:
    """One rep's measures over a period. Shares are 0..1; None means nothing to divide by."""

    rep: RepRef
    minutes: dict[str, int]
    minutes_by_category: dict[str, int]
    count_by_category: dict[str, int]
    target_selling_share: float | None
    on_target_minutes: int
    target_on_target_share: float | None
    persona_touches: dict[str, int]
    target_personas: tuple[str, ...]
    avoid_personas: tuple[str, ...]
    new_logo_minutes: int
    existing_account_minutes: int

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes.values())

    @property
    def selling_minutes(self) -> int:
        return self.minutes.get("selling", 0)

    @property
    def share(self) -> dict[str, float | None]:
        return {b: ratio(m, self.total_minutes) for b, m in self.minutes.items()}

    @property
    def selling_share(self) -> float | None:
        return ratio(self.selling_minutes, self.total_minutes)

    @property
    def on_target_share(self) -> float | None:
        """Selling minutes with tier A/B accounts and target personas, over all selling minutes."""
        return ratio(self.on_target_minutes, self.selling_minutes)

    @property
    def persona_mix(self) -> dict[str, float | None]:
        total = sum(self.persona_touches.values())
        return {p: ratio(n, total) for p, n in self.persona_touches.items()}

    @property
    def target_persona_share(self) -> float | None:
        """Selling touches with a target persona, over all selling touches."""
        hits = sum(self.persona_touches.get(p, 0) for p in self.target_personas)
        return ratio(hits, sum(self.persona_touches.values()))

    @property
    def avoid_persona_share(self) -> float | None:
        """Selling touches with a persona to avoid, over all selling touches."""
        hits = sum(self.persona_touches.get(p, 0) for p in self.avoid_personas)
        return ratio(hits, sum(self.persona_touches.values()))

    @property
    def new_logo_share(self) -> float | None:
        """Selling minutes with prospect accounts, over selling minutes with any account."""
        return ratio(self.new_logo_minutes, self.new_logo_minutes + self.existing_account_minutes)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.rep.as_dict(),
            "total_minutes": self.total_minutes,
            "minutes": self.minutes,
            "share": self.share,
            "minutes_by_category": self.minutes_by_category,
            "count_by_category": self.count_by_category,
            "selling_share": self.selling_share,
            "target_selling_share": self.target_selling_share,
            "on_target_minutes": self.on_target_minutes,
            "on_target_share": self.on_target_share,
            "target_on_target_share": self.target_on_target_share,
            "persona_touches": self.persona_touches,
            "persona_mix": self.persona_mix,
            "target_persona_share": self.target_persona_share,
            "avoid_persona_share": self.avoid_persona_share,
            "new_logo_minutes": self.new_logo_minutes,
            "existing_account_minutes": self.existing_account_minutes,
            "new_logo_share": self.new_logo_share,
        }


MEDIAN_FIELDS = {
    "selling_share": lambda m: m.selling_share,
    "on_target_share": lambda m: m.on_target_share,
    "target_persona_share": lambda m: m.target_persona_share,
    "avoid_persona_share": lambda m: m.avoid_persona_share,
    "new_logo_share": lambda m: m.new_logo_share,
    "selling_minutes": lambda m: float(m.selling_minutes),
    "total_minutes": lambda m: float(m.total_minutes),
}


@dataclass(frozen=True, slots=True)
class MeasuresReport:
    """The selected reps' measures and, per team, the median of each headline measure."""

    period: Period
    reps: list[RepMeasures]
    team_medians: dict[str, dict[str, float | None]]

    def as_dict(self) -> dict[str, Any]:
        """Return {"period", "reps": [RepMeasures.as_dict()], "team_medians": {team: {measure: x}}}."""
        return {
            "period": self.period.as_dict(),
            "reps": [r.as_dict() for r in self.reps],
            "team_medians": self.team_medians,
        }

    def _median(self, rep: RepMeasures, name: str) -> float | None:
        return self.team_medians.get(rep.rep.team or "", {}).get(name)

    def as_table(self) -> tuple[list[str], list[list[Any]]]:
        """Return (header, rows): the allocation and on-target table of pages, CLI csv and table."""
        header = [
            "email",
            "name",
            "team",
            "total_minutes",
            *(f"{b}_minutes" for b in BUCKET_NAMES),
            "selling_share",
            "target_selling_share",
            "on_target_share",
            "team_median_on_target_share",
            "target_on_target_share",
            "new_logo_share",
        ]
        rows = [
            [
                m.rep.email,
                m.rep.name,
                m.rep.team,
                m.total_minutes,
                *(m.minutes[b] for b in BUCKET_NAMES),
                m.selling_share,
                m.target_selling_share,
                m.on_target_share,
                self._median(m, "on_target_share"),
                m.target_on_target_share,
                m.new_logo_share,
            ]
            for m in self.reps
        ]
        return header, rows

    def bullseye_table(self) -> tuple[list[str], list[list[Any]]]:
        """Return (header, rows): on-target share, persona shares and touches of selling work per rep."""
        personas = (*PERSONAS, NO_PERSONA)
        header = [
            "email",
            "name",
            "team",
            "selling_minutes",
            "on_target_share",
            "team_median_on_target_share",
            "target_persona_share",
            "avoid_persona_share",
            "new_logo_share",
            *(f"{p}_touches" for p in personas),
        ]
        rows = [
            [
                m.rep.email,
                m.rep.name,
                m.rep.team,
                m.selling_minutes,
                m.on_target_share,
                self._median(m, "on_target_share"),
                m.target_persona_share,
                m.avoid_persona_share,
                m.new_logo_share,
                *(m.persona_touches.get(p, 0) for p in personas),
            ]
            for m in self.reps
        ]
        return header, rows


def measures_for(
    session: Session,
    *,
    period: Period,
    reps: Sequence[RepRef],
    bullseye: Bullseye | None = None,
    personas: bool = True,
    targets: dict[int, dict[tuple[str, str], float]] | None = None,
    sums: dict[int, RepSums] | None = None,
) -> dict[int, RepMeasures]:
    """Return the measures of each of `reps` over `period` from the rollups; with personas=False the
    persona mix is skipped (left empty), which the org-wide dashboard does not show.

    `targets` (effective_targets) and `sums` (category_sums) may be given when the caller read them
    already, as the dashboard does along with the cadence counts."""
    bullseye = bullseye or current_bullseye(session)
    ids = [r.rep_id for r in reps]
    by_rep = category_sums(session, period=period, rep_ids=ids, bullseye=bullseye) if sums is None else sums
    touches: dict[int, dict[str, int]] = defaultdict(dict)
    if ids and personas:
        r = ActivityRollup
        stmt = (
            select(r.rep_id, r.persona, func.sum(r.count))
            .where(r.rep_id.in_(ids), r.day >= period.start, r.day <= period.end, r.category.in_(SELLING))
            .group_by(r.rep_id, r.persona)
        )
        for rep_id, persona, count in session.execute(stmt):
            touches[rep_id][persona or NO_PERSONA] = int(count)
    targets = effective_targets(session, reps) if targets is None else targets
    out: dict[int, RepMeasures] = {}
    none = RepSums()
    for rep in reps:
        got = by_rep.get(rep.rep_id, none)
        buckets = dict.fromkeys(BUCKET_NAMES, 0)
        for category, m in got.minutes.items():
            buckets[CATEGORY_BUCKET.get(category, UNCLASSIFIED)] += m
        order = sorted(got.minutes)
        t = targets.get(rep.rep_id, {})
        mix = dict.fromkeys((*PERSONAS, NO_PERSONA), 0) if personas else {}
        mix.update(touches.get(rep.rep_id, {}))
        out[rep.rep_id] = RepMeasures(
            rep=rep,
            minutes=buckets,
            minutes_by_category={c: got.minutes[c] for c in order},
            count_by_category={c: got.counts[c] for c in order},
            target_selling_share=t.get(("bucket_share", "selling")),
            on_target_minutes=got.on_target,
            target_on_target_share=t.get(("on_target_share", "")),
            persona_touches=mix,
            target_personas=bullseye.target_personas,
            avoid_personas=bullseye.avoid_personas,
            new_logo_minutes=got.new_logo,
            existing_account_minutes=got.existing,
        )
    return out


def measure_reps(
    session: Session,
    *,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
    rep_ids: Sequence[int] | None = None,
    visible: tuple[str, frozenset[int]] = ("all", frozenset()),
) -> MeasuresReport:
    """Return the measures of the selected reps over `period`, with their teams' medians."""
    reps = rep_refs(session, team=team, rep_email=rep_email, rep_ids=rep_ids, visible=visible)
    peers = team_peers(session, reps)
    return measures_report(period, reps, peers, measures_for(session, period=period, reps=peers))


def measures_report(
    period: Period, reps: Sequence[RepRef], peers: Sequence[RepRef], values: dict[int, RepMeasures]
) -> MeasuresReport:
    """Return the report of `reps` out of the measures of their `peers`, with the teams' medians."""
    return MeasuresReport(
        period=period,
        reps=[values[r.rep_id] for r in reps],
        team_medians=medians_by_team(peers, values, MEDIAN_FIELDS),
    )
