"""Diagnosis signals from the staffing funnel and from follow-up persistence."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from sqlalchemy.orm import Session

from repfocus.analytics.funnel import RATIOS, funnel_for
from repfocus.analytics.persistence import persistence_for
from repfocus.analytics.scope import RepRef, effective_targets
from repfocus.analytics.team_medians import TeamMedians
from repfocus.domain.diagnosis import model as m
from repfocus.domain.diagnosis.model import Signal
from repfocus.domain.diagnosis.rules import shortfall_z
from repfocus.domain.period import Period


def funnel_signals(
    session: Session,
    period: Period,
    peers: Sequence[RepRef],
    meds: TeamMedians,
    saved_bullseye: bool,
    mix: Mapping[str, float],
) -> list[Callable[[RepRef], Signal]]:
    funnels = funnel_for(session, period=period, reps=peers)
    targets = effective_targets(session, peers)
    by_ratio = {name: {k: f.ratios[name] for k, f in funnels.items()} for name in RATIOS}

    def weakest(rep: RepRef) -> Signal:
        """The stage whose shortfall against the team median is statistically clearest (largest z)."""
        f = funnels[rep.rep_id]
        worst: tuple[float, str, float, float] | None = None
        for name, (_num, den) in RATIOS.items():
            value, mid = f.ratios[name], meds.of(rep, by_ratio[name])
            z = shortfall_z(value, mid, f.counts[den])
            if z is None or value is None or mid is None:
                continue
            if worst is None or z > worst[0]:
                worst = (z, name, value, mid)
        if worst is None:
            return Signal.absent(m.WEAKEST_FUNNEL_STAGE, "no funnel stage with data and a team median")
        z, name, value, mid = worst
        entries = f.counts[RATIOS[name][1]]
        return Signal(
            m.WEAKEST_FUNNEL_STAGE,
            value,
            median=mid,
            extra={"stage": name, "entries": entries, "z": round(z, 2)},
        )

    def placement(rep: RepRef) -> Signal:
        f = funnels[rep.rep_id]
        target = targets.get(rep.rep_id, {}).get(("placement_mix", "contract"))
        if target is None and saved_bullseye:
            target = mix.get("contract")
        if target is None:
            return Signal.absent(m.PLACEMENT_MIX, "no placement-mix target set")
        share = f.placement_mix.get("contract")
        if share is None:
            return Signal.absent(m.PLACEMENT_MIX, "no placements in the period")
        return Signal(m.PLACEMENT_MIX, share, target=target, extra={"placements": f.counts["placements"]})

    return [weakest, placement]


def persistence_signal(
    session: Session, period: Period, peers: Sequence[RepRef], meds: TeamMedians
) -> Callable[[RepRef], Signal]:
    values = persistence_for(session, period=period, reps=peers)
    per_contact = {k: v.touches_per_contact for k, v in values.items()}

    def build(rep: RepRef) -> Signal:
        p = values[rep.rep_id]
        if p.touches_per_contact is None:
            return Signal.absent(m.FOLLOW_UP_PERSISTENCE, "no prospecting touches with prospect contacts")
        return Signal(
            m.FOLLOW_UP_PERSISTENCE,
            p.touches_per_contact,
            median=meds.of(rep, per_contact),
            extra={"contacts": p.contacts, "single_touch_share": p.single_touch_share or 0.0},
        )

    return build
